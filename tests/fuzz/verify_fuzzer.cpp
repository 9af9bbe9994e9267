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

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const cqdt::FakeClock clock(cqdt::FromUnixSeconds(1795745700));
  // The production default is 5 s; a smaller budget keeps the fuzzer fast and still shows any
  // work that escapes it (the run's -timeout is several times this).
  static const cqdt::signing::Verifier verifier(clock,
                                                {.cpu_budget = std::chrono::milliseconds(500)});
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const cqdt::signing::TrustContext trust;  // no anchors, no fetcher: offline
  auto report = verifier.Verify(bytes, "fuzz", trust);
  if (report && report->kind == cqdt::signing::FileKind::kPdf) {
    const cqdt::CpuBudget budget(std::chrono::milliseconds(500));
    (void)cqdt::pdf::PageSizes(bytes, budget);
  }
  return 0;
}
