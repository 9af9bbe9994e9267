// libFuzzer target for the agency CSV import (issue 16 item 5): org::ParseAgencyCsv reads the file
// an administrator uploads to POST /api/v1/agencies/import (and `cqdt agencies import`), a file
// typically made in a spreadsheet by someone else (the rows are validated later, by
// AgencyService::Import, which needs the database). Beyond AddressSanitizer and UBSan, an accepted
// file's rows must carry the line they start on, and an error must say what is wrong.
// Built by tests/fuzz/CMakeLists.txt, run by tests/fuzz/run-all.sh; see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "org/agency_csv.hpp"

namespace {

[[noreturn]] void Violated(const char* what) {
  std::fprintf(stderr, "agency_csv_fuzzer: invariant violated: %s\n", what);
  std::abort();
}

}  // namespace

// WriteAgencyCsv (in the same object file as the parser, not called here) names the agency kind
// with org::KindName, which lives in agency_service.cpp with the database code: a stand-in.
namespace cqdt::org {
const char* KindName(AgencyKind) { return "other"; }
}  // namespace cqdt::org

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rows = cqdt::org::ParseAgencyCsv(text);
  if (!rows) {
    if (rows.error().message().empty()) {
      Violated("an error without a message");
    }
    return 0;
  }
  for (const auto& row : *rows) {
    if (row.source_row < 2) {
      Violated("a row without its source line (the header is line 1)");
    }
  }
  return 0;
}
