#include "report/workbook.hpp"

#include <xlsxwriter.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>

namespace cqdt::report {
namespace {

constexpr std::size_t kMaxSheets = 16;
constexpr std::size_t kMaxColumns = 60;
constexpr std::size_t kMaxSheetNameChars = 31;  // Excel's limit

// Excel refuses these in a sheet's name; it also caps the name at 31 characters.
std::string SheetName(const std::string& name, std::size_t index) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < name.size() && chars < kMaxSheetNameChars;) {
    const auto c = static_cast<unsigned char>(name[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    std::string cp = name.substr(i, n);
    if (cp.size() == 1 && std::string("[]:*?/\\'").find(cp[0]) != std::string::npos) {
      cp = "-";
    }
    out += cp;
    i += n;
    ++chars;
  }
  if (out.empty()) {
    out = "Sheet" + std::to_string(index + 1);
  }
  return out;
}

// "YYYY-MM-DD" → a date (untrusted text: digits and ranges checked).
bool ParseDate(const std::string& s, lxw_datetime& out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') {
    return false;
  }
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
  }
  out = {};
  out.year = std::stoi(s.substr(0, 4));
  out.month = std::stoi(s.substr(5, 2));
  out.day = std::stoi(s.substr(8, 2));
  return out.year >= 1900 && out.month >= 1 && out.month <= 12 && out.day >= 1 && out.day <= 31;
}

bool ParseNumber(const std::string& s, double& out) {
  if (s.empty() || s.size() > 15) {
    return false;
  }
  std::size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) {
    return false;
  }
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
  }
  out = static_cast<double>(std::stoll(s));
  return true;
}

std::filesystem::path TempName(const std::filesystem::path& dir) {
  std::random_device rd;
  std::ostringstream name;
  name << "workbook-" << std::hex << rd() << rd() << ".xlsx";
  return dir / name.str();
}

Status CheckShape(const Workbook& book) {
  if (book.sheets.empty() || book.sheets.size() > kMaxSheets) {
    return Error::InvalidField("sheets", "out_of_range",
                               "Tệp Excel phải có từ 1 đến 16 trang tính.");
  }
  for (const Sheet& sheet : book.sheets) {
    if (sheet.columns.empty() || sheet.columns.size() > kMaxColumns) {
      return Error::InvalidField("columns", "out_of_range", "Trang tính phải có từ 1 đến 60 cột.");
    }
    if (sheet.rows.size() > kMaxWorkbookRows) {
      return Error::TooLarge("Bảng có quá nhiều dòng để xuất ra Excel.");
    }
    for (const auto& row : sheet.rows) {
      if (row.size() != sheet.columns.size()) {
        return Error::InvalidField("rows", "shape", "Mỗi dòng của bảng phải có đủ các cột.");
      }
    }
  }
  return {};
}

struct Formats {
  lxw_format* title = nullptr;
  lxw_format* heading = nullptr;
  lxw_format* header = nullptr;
  lxw_format* number_row = nullptr;
  lxw_format* text[2] = {};  // regular, bold
  lxw_format* date[2] = {};
  lxw_format* number[2] = {};
};

lxw_format* Base(lxw_workbook* wb) {
  lxw_format* f = workbook_add_format(wb);
  format_set_font_name(f, "Times New Roman");
  format_set_font_size(f, 12);
  return f;
}

lxw_format* Cell(lxw_workbook* wb, bool bold) {
  lxw_format* f = Base(wb);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_text_wrap(f);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  if (bold) {
    format_set_bold(f);
  }
  return f;
}

Formats MakeFormats(lxw_workbook* wb) {
  Formats f;
  f.title = Base(wb);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  format_set_align(f.title, LXW_ALIGN_CENTER);
  f.heading = Base(wb);
  format_set_align(f.heading, LXW_ALIGN_CENTER);
  f.header = Cell(wb, true);
  format_set_align(f.header, LXW_ALIGN_CENTER);
  format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);
  f.number_row = Cell(wb, false);
  format_set_italic(f.number_row);
  format_set_align(f.number_row, LXW_ALIGN_CENTER);
  for (int b = 0; b < 2; ++b) {
    f.text[b] = Cell(wb, b == 1);
    f.date[b] = Cell(wb, b == 1);
    format_set_num_format(f.date[b], "dd/mm/yyyy");
    format_set_align(f.date[b], LXW_ALIGN_CENTER);
    f.number[b] = Cell(wb, b == 1);
    format_set_align(f.number[b], LXW_ALIGN_CENTER);
  }
  return f;
}

void WriteSheet(lxw_workbook* wb, const Formats& f, const Sheet& sheet, std::size_t index) {
  const std::string name = SheetName(sheet.name, index);
  lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
  const auto last_col = static_cast<lxw_col_t>(sheet.columns.size() - 1);
  for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                         sheet.columns[c].width, nullptr);
  }
  lxw_row_t row = 0;
  for (std::size_t i = 0; i < sheet.heading.size(); ++i, ++row) {
    lxw_format* fmt = i == 0 ? f.title : f.heading;
    if (last_col == 0) {
      worksheet_write_string(ws, row, 0, sheet.heading[i].c_str(), fmt);
    } else {
      worksheet_merge_range(ws, row, 0, row, last_col, sheet.heading[i].c_str(), fmt);
    }
  }
  if (!sheet.heading.empty()) {
    ++row;  // a blank line before the table
  }
  const lxw_row_t header_row = row;
  for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
    worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), sheet.columns[c].header.c_str(),
                           f.header);
  }
  ++row;
  if (sheet.number_columns) {
    for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
      const std::string n = "(" + std::to_string(c + 1) + ")";
      worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), n.c_str(), f.number_row);
    }
    ++row;
  }
  worksheet_freeze_panes(ws, row, 0);
  worksheet_repeat_rows(ws, header_row, row - 1);
  for (std::size_t r = 0; r < sheet.rows.size(); ++r, ++row) {
    const int bold = r + sheet.bold_last_rows >= sheet.rows.size() ? 1 : 0;
    for (std::size_t c = 0; c < sheet.columns.size(); ++c) {
      const std::string& v = sheet.rows[r][c];
      const auto col = static_cast<lxw_col_t>(c);
      lxw_datetime date{};
      double number = 0;
      switch (sheet.columns[c].kind) {
        case CellKind::kDate:
          if (ParseDate(v, date)) {
            worksheet_write_datetime(ws, row, col, &date, f.date[bold]);
            continue;
          }
          break;
        case CellKind::kNumber:
          if (ParseNumber(v, number)) {
            worksheet_write_number(ws, row, col, number, f.number[bold]);
            continue;
          }
          break;
        case CellKind::kText:
          break;
      }
      if (v.empty()) {
        worksheet_write_blank(ws, row, col, f.text[bold]);
      } else {
        worksheet_write_string(ws, row, col, v.c_str(), f.text[bold]);
      }
    }
  }
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_footer(ws, "&CTrang &P/&N");
}

}  // namespace

Result<std::string> WriteWorkbook(const std::filesystem::path& tmp_dir, const Workbook& book) {
  CQDT_RETURN_IF_ERROR(CheckShape(book));
  std::error_code ec;
  std::filesystem::create_directories(tmp_dir, ec);
  const std::filesystem::path path = TempName(tmp_dir);
  // The file is ours alone and removed whatever happens.
  struct Remove {
    std::filesystem::path p;
    ~Remove() {
      std::error_code e;
      std::filesystem::remove(p, e);
    }
  } remove{path};
  const std::string tmp = tmp_dir.string();
  lxw_workbook_options options{};
  options.tmpdir = const_cast<char*>(tmp.c_str());
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (wb == nullptr) {
    return Error::Internal();
  }
  lxw_doc_properties props{};
  props.title = const_cast<char*>(book.title.c_str());
  props.author = const_cast<char*>(book.author.c_str());
  workbook_set_properties(wb, &props);
  const Formats formats = MakeFormats(wb);
  for (std::size_t i = 0; i < book.sheets.size(); ++i) {
    WriteSheet(wb, formats, book.sheets[i], i);
  }
  if (workbook_close(wb) != LXW_NO_ERROR) {
    return Error::Internal();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error::Internal();
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace cqdt::report
