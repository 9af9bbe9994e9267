// A4 landscape table reports: the printed registers of Decree 30/2020 Appendix IV (sổ đăng ký
// văn bản đến / đi) and any other book kept as a table (the one-stop desk's logs later).
//
// The caller gives the heading (the agency's name at the top left, centred title lines), the
// columns with their relative widths and the rows as UTF-8 text; RenderTableReport lays them out
// on A4 landscape pages in Liberation Serif (metric-compatible with Times New Roman,
// subset-embedded, Identity-H, so Vietnamese text is drawn and extractable), with ruled cells,
// long cells wrapped on word boundaries, the header row (and the row of column numbers "(1)",
// "(2)", ...) repeated at the top of every page, and "Trang N/M" centred in the top margin.
// A row taller than a page continues on the next page.
//
// Errors: InvalidField ("columns") without columns or with more than 30, ("rows") for a row
// whose cell count differs from the columns', ("fontSize") outside 6-16 points; TooLarge
// ("rows") past kMaxTableRows rows or kMaxTablePages pages; Internal when PoDoFo fails (the font
// file missing). Pure apart from reading the font files; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace cqdt::pdf {

struct TableColumn {
  std::string header;
  double weight = 1;      // share of the table's width, relative to the other columns
  bool centered = false;  // cells centred (dates, numbers) rather than left-aligned
};

struct TableReport {
  std::string title;   // document info /Title
  std::string author;  // /Author
  // Top left, centred over a third of the page, bold: the agency (and its parent above it).
  std::vector<std::string> agency_lines;
  // Centred under it: the register's title (first line, bold, larger), then the period.
  std::vector<std::string> title_lines;
  // A line in italics under the table heading (e.g. "Chỉ in 5.000 dòng đầu"); may be empty.
  std::string note;
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> rows;
  bool number_columns = true;  // the row "(1) (2) ..." under the header, as Appendix IV prints
  double font_size = 11;
};

inline constexpr std::size_t kMaxTableRows = 20000;
inline constexpr int kMaxTablePages = 5000;

Result<std::string> RenderTableReport(const TableReport& report);

}  // namespace cqdt::pdf
