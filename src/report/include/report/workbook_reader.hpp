// Reading .xlsx workbooks (Office Open XML spreadsheets) as tables of text: the catalogue import
// of the one-stop desk reads the sheets a province keeps its procedures in (issue 12). Debian 12
// has no reader library for .xlsx (freexl 1.0 reads .xls only), so this reads the parts with
// libzip and libxml2's streaming reader: the workbook's sheet list and relationships, the shared
// strings, and each sheet's cells (shared, inline and literal strings, numbers as written,
// booleans as "1"/"0"). Formulas give their cached value; styles, dates as serial numbers and
// merged cells are not interpreted.
//
// Untrusted input: a part larger than max_part_bytes (a zip bomb), a DOCTYPE in any part, more
// than max_rows rows or max_columns columns in a sheet, or a cell longer than max_cell_bytes is
// refused; no network, no entities, no DTD.
// Errors: Malformed (Vietnamese message) for a file that is not a readable .xlsx; TooLarge past
// a limit. Thread-safe (no shared state).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cqdt::report {

struct ReadLimits {
  std::size_t max_part_bytes = 64 << 20;
  std::size_t max_rows = 100000;
  std::size_t max_columns = 256;
  std::size_t max_cell_bytes = 32767 * 4;
  std::size_t max_sheets = 64;
};

struct ReadSheet {
  std::string name;
  // rows[r][c]: the text of row r+1, column c+1; a row is as long as its last non-empty cell,
  // and empty rows in the middle are kept (empty vectors) so that row numbers stay true.
  std::vector<std::vector<std::string>> rows;
};

Result<std::vector<ReadSheet>> ReadWorkbook(std::string_view xlsx, const ReadLimits& limits = {});

}  // namespace cqdt::report
