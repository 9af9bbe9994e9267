// A4 portrait administrative forms: the one-stop desk's slips of TT 01/2018/TT-VPCP (the receipt
// and appointment slip, the process control slip, the supplement request, the refusal, the
// apology; ../shared/reference/mot-cua.md §5) and any other one-page-or-so form.
//
// Layout, as the templates print it: the national motto header in two columns (the agency's
// name on the left, its last line bold and underlined; "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and
// "Độc lập - Tự do - Hạnh phúc" on the right, the place and date in italics under it); the
// centred title lines; then the body: paragraphs and ruled tables in order, new pages as needed
// (a table row never splits, its header repeats on a new page); the signature columns at the end
// (title bold, hint in italics, the name under the space for a signature); and an optional QR
// code (libqrencode, error correction M, drawn as vector squares so it prints sharp) in the top
// right corner of the first page's body with its caption. Liberation Serif (Times New Roman
// metrics), subset-embedded with Identity-H: Vietnamese text is drawn and extractable. Margins
// of Decree 30/2020 Appendix I (top 20, bottom 20, left 30, right 15 mm).
//
// Errors: InvalidField ("qrText") for a QR text over 1000 bytes or one libqrencode cannot encode,
// ("tables") for a table without columns or a row whose cell count differs, ("signatures") past
// 3 columns; TooLarge past kMaxFormPages pages; Internal when PoDoFo fails (the font missing).
// Pure apart from reading the font files; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "pdf/table_report.hpp"

namespace cqdt::pdf {

inline constexpr int kMaxFormPages = 50;

struct FormTable {
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> rows;
};

// One piece of the body: a paragraph (text non-empty) or a table (columns non-empty).
struct FormBlock {
  std::string text;  // may hold '\n'; wrapped to the width
  double font_size = 13;
  bool bold = false;
  bool italic = false;
  bool centered = false;
  double space_after = 4;
  FormTable table;
};

struct FormSignature {
  std::string title;  // "NGƯỜI TIẾP NHẬN"
  std::string hint;   // "(Ký và ghi rõ họ tên)"
  std::string name;   // printed under the space left for the signature
};

struct FormDocument {
  std::string title;                      // document info /Title
  std::string author;                     // /Author
  std::vector<std::string> agency_lines;  // top left; the last one bold and underlined
  std::string number_line;                // under the agency ("Số: …"), may be empty
  std::string place_date;                 // under the motto, italics ("Rạch Giá, ngày …")
  std::vector<std::string> title_lines;   // centred; the first bold and larger
  std::vector<FormBlock> blocks;
  std::vector<FormSignature> signatures;  // 0..3 columns after the body
  std::string qr_text;                    // empty: no QR code
  std::string qr_caption;                 // under the QR code (the dossier code)
};

Result<std::string> RenderForm(const FormDocument& form);

}  // namespace cqdt::pdf
