// The agency CSV format (import and export): UTF-8 (a leading BOM is ignored), comma-separated,
// RFC 4180 quoting, a header row naming the columns:
//   code,name,shortName,kind,parentCode,address,phone,email,website,validFrom,validTo,
//   mergedIntoCode,splitFromCode
// Column order is free; `code`, `name`, `shortName` and `kind` are required columns; unknown
// columns are rejected. Cells are written and read through core/csv.hpp, so a value that a
// spreadsheet would take for a formula (=, +, -, @, ...) is exported with a leading apostrophe
// and read back without it. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "org/agency.hpp"

namespace cqdt::org {

// Parses the whole file. A framing error (unterminated quote, a row with the wrong number of
// fields, a bad header) is kMalformed / kInvalidArgument naming the line; rows are not validated
// here (AgencyService::Import does that).
Result<std::vector<AgencyInput>> ParseAgencyCsv(std::string_view text);

// The Vietnamese label of a CSV column or AgencyInput field ("shortName" -> "Tên viết tắt"), for
// messages read by officials; "" for an unknown name.
const char* AgencyFieldLabel(std::string_view field);

// `parent_codes[i]` etc. are the codes of the referenced agencies ("" when none).
struct AgencyCsvRow {
  Agency agency;
  std::string parent_code;
  std::string merged_into_code;
  std::string split_from_code;
};
std::string WriteAgencyCsv(const std::vector<AgencyCsvRow>& rows);

}  // namespace cqdt::org
