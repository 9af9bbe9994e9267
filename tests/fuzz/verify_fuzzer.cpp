// libFuzzer target for the public verification path (issue 8): signing::Verifier::Verify with no
// trust anchors and no network, under a CPU budget, then what the API and SignPdf read from a PDF
// (pages). The fuzzer's own -timeout and -rss_limit_mb/-malloc_limit_mb turn an input whose cost
// outgrows the budget or the memory bounds into a reported crash. Built and run by
// tests/fuzz/run.sh (clang, outside CI); see tests/fuzz/README.md.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/cpu_budget.hpp"
#include "pdf/pdf.hpp"
#include "signing/verification.hpp"

namespace cqdt::signing {

// Stand-in for the one function verification.cpp takes from verification_report.cpp (a PDF
// warning's "1,5 KB"), whose other functions need the database, the org module and the key ring.
std::string HumanSize(std::int64_t bytes) { return std::to_string(bytes) + " byte"; }

}  // namespace cqdt::signing

namespace {
constexpr std::chrono::milliseconds kBudget{50};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const cqdt::FakeClock clock(cqdt::FromUnixSeconds(1795745700));
  // The production default is 5 s. The fuzzer's budget is the hostile-PDF test's (40 ms, in
  // src/pdf/pdf_hostile_test.cpp) with a margin: the budget-exhausting inputs the fuzzer grows
  // from the hostile seeds then cost tens of milliseconds each instead of half a second, and any
  // work that escapes the budget still shows (the run's -timeout is 200 times this).
  static const cqdt::signing::Verifier verifier(clock, {.cpu_budget = kBudget});
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const cqdt::signing::TrustContext trust;  // no anchors, no fetcher: offline
  auto report = verifier.Verify(bytes, "fuzz", trust);
  if (report && report->kind == cqdt::signing::FileKind::kPdf) {
    const cqdt::CpuBudget budget(kBudget);
    (void)cqdt::pdf::PageSizes(bytes, budget);
  }
  return 0;
}
