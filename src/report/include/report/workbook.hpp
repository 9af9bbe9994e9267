// Excel workbooks (.xlsx) of tables, over libxlsxwriter: the printed registers of Decree 30/2020
// Appendix IV and the leaders' statistics, as one sheet each with a heading and a table.
//
// A sheet has heading lines (merged across the table's width, the first bold), then the header
// row (bold, wrapped, ruled; frozen so it stays in view), optionally a row of column numbers
// "(1)", "(2)", ... as the Appendix prints, then the rows. Cells are given as text and written by
// their column's kind: kText as wrapped text, kDate ("YYYY-MM-DD", or empty) as a real Excel date
// shown dd/mm/yyyy, kNumber (a decimal integer, or empty) as a number. A cell that does not parse
// as its kind is written as text. The sheet prints on A4 landscape, fitted to the page's width,
// with the header rows repeated on each printed page and "Trang &P/&N" in the footer.
//
// WriteWorkbook writes the workbook into a temporary file under `tmp_dir` (libxlsxwriter writes
// only to files), reads it back and removes it, also when it fails.
// Errors: InvalidField ("sheets") with no sheet or more than 16, ("columns") for a sheet without
// columns, ("rows") for a row whose cell count differs; TooLarge past kMaxWorkbookRows rows in a
// sheet; Internal when libxlsxwriter or the file system fails (logged nowhere: the caller logs).
// Thread-safe (no shared state); the temp file's name is random.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace cqdt::report {

enum class CellKind { kText, kDate, kNumber };

struct SheetColumn {
  std::string header;
  double width = 12;  // in Excel character units
  CellKind kind = CellKind::kText;
};

struct Sheet {
  std::string name;  // the tab's name; cut to 31 characters, []:*?/\ replaced
  std::vector<std::string> heading;
  std::vector<SheetColumn> columns;
  std::vector<std::vector<std::string>> rows;
  bool number_columns = false;
  // Rows at the end written in bold (a "Tổng cộng" line).
  std::size_t bold_last_rows = 0;
};

struct Workbook {
  std::string title;  // document properties
  std::string author;
  std::vector<Sheet> sheets;
};

inline constexpr std::size_t kMaxWorkbookRows = 100000;

inline constexpr const char* kXlsxContentType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

Result<std::string> WriteWorkbook(const std::filesystem::path& tmp_dir, const Workbook& book);

}  // namespace cqdt::report
