// RenderForm: A4 portrait administrative forms with the national motto header (pdf/form.hpp).
#include "pdf/form.hpp"

#include <qrencode.h>

#include <algorithm>
#include <memory>

#include "pdf_internal.hpp"
#include "text_wrap.hpp"

namespace cqdt::pdf {

using namespace PoDoFo;

namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kLeft = 30 * kPointsPerMm;
constexpr double kRight = 15 * kPointsPerMm;
constexpr double kTop = 20 * kPointsPerMm;
constexpr double kBottom = 20 * kPointsPerMm;
constexpr double kLineHeight = 1.25;
constexpr double kPad = 3;
constexpr double kTableFont = 12;
constexpr double kQrSize = 28 * kPointsPerMm;
constexpr std::size_t kMaxQrBytes = 1000;

struct QrDeleter {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

class FormLayout {
 public:
  FormLayout(PdfMemDocument& doc, const FormDocument& form) : doc_(doc), form_(form) {
    page_size_ = PdfPage::CreateStandardPageSize(ePdfPageSize_A4, false);
    regular_ = internal::SerifFont(doc_, false, false);
    bold_ = internal::SerifFont(doc_, true, false);
    italic_ = internal::SerifFont(doc_, false, true);
    width_ = page_size_.GetWidth() - kLeft - kRight;
  }

  Status Draw(QRcode* qr) {
    NewPage();
    double y = page_size_.GetHeight() - kTop;
    y = DrawHeader(y);
    if (qr != nullptr) {
      DrawQr(qr, y);
      qr_bottom_ = y - kQrSize - 14;
    }
    for (std::size_t i = 0; i < form_.title_lines.size(); ++i) {
      const double size = i == 0 ? 14 : 13;
      // The title stays clear of the QR code on its right.
      const double w = qr != nullptr ? width_ - kQrSize - 8 : width_;
      for (const auto& line :
           internal::WrapText(i == 0 ? bold_ : regular_, size, form_.title_lines[i], w)) {
        y -= size * kLineHeight;
        Centered(i == 0 ? bold_ : regular_, size, kLeft, w, y, line);
      }
    }
    y -= 8;
    if (qr != nullptr) {
      y = std::min(y, qr_bottom_);
    }
    for (const FormBlock& b : form_.blocks) {
      if (!b.table.columns.empty()) {
        CQDT_ASSIGN_OR_RETURN(y, DrawTable(y, b.table));
        y -= b.space_after;
        continue;
      }
      PdfFont* font = b.bold ? bold_ : b.italic ? italic_ : regular_;
      for (const auto& line : internal::WrapText(font, b.font_size, b.text, width_)) {
        CQDT_ASSIGN_OR_RETURN(y, Room(y, b.font_size * kLineHeight));
        y -= b.font_size * kLineHeight;
        if (b.centered) {
          Centered(font, b.font_size, kLeft, width_, y, line);
        } else {
          Text(font, b.font_size, kLeft, y, line);
        }
      }
      y -= b.space_after;
    }
    if (!form_.signatures.empty()) {
      CQDT_ASSIGN_OR_RETURN(y, Room(y, 13 * kLineHeight * 3 + 60));
      const double col = width_ / static_cast<double>(form_.signatures.size());
      for (std::size_t i = 0; i < form_.signatures.size(); ++i) {
        const FormSignature& s = form_.signatures[i];
        const double x = kLeft + col * static_cast<double>(i);
        double sy = y - 8 - 13 * kLineHeight;
        Centered(bold_, 13, x, col, sy, s.title);
        sy -= 13 * kLineHeight;
        Centered(italic_, 12, x, col, sy, s.hint);
        sy -= 60;
        Centered(bold_, 13, x, col, sy, s.name);
      }
    }
    painter_.FinishPage();
    return Ok();
  }

 private:
  void NewPage() {
    if (page_ != nullptr) {
      painter_.FinishPage();
    }
    page_ = doc_.CreatePage(page_size_);
    painter_.SetPage(page_);
    painter_.SetStrokeWidth(0.5);
    ++pages_;
  }

  // `y` when `need` points fit above the bottom margin, else the top of a new page.
  Result<double> Room(double y, double need) {
    if (y - need >= kBottom) {
      return y;
    }
    if (pages_ >= kMaxFormPages) {
      return Error::TooLarge("Biểu mẫu quá dài để in.");
    }
    NewPage();
    return page_size_.GetHeight() - kTop;
  }

  void Text(PdfFont* font, double size, double x, double baseline, const std::string& s) {
    font->SetFontSize(static_cast<float>(size));
    painter_.SetFont(font);
    painter_.DrawText(x, baseline, internal::Utf8String(s));
  }

  void Centered(PdfFont* font, double size, double x, double w, double baseline,
                const std::string& s) {
    const double tw = internal::TextWidth(font, size, s);
    Text(font, size, x + std::max(0.0, (w - tw) / 2), baseline, s);
  }

  // The two header columns; returns the y under the lower one.
  double DrawHeader(double top) {
    const double left_w = width_ * 0.42;
    const double right_x = kLeft + width_ * 0.38;
    const double right_w = width_ * 0.62;
    double ly = top;
    for (std::size_t i = 0; i < form_.agency_lines.size(); ++i) {
      const bool last = i + 1 == form_.agency_lines.size();
      for (const auto& line :
           internal::WrapText(last ? bold_ : regular_, 12.5, form_.agency_lines[i], left_w)) {
        ly -= 12.5 * kLineHeight;
        Centered(last ? bold_ : regular_, 12.5, kLeft, left_w, ly, line);
        if (last) {
          Underline(bold_, 12.5, kLeft, left_w, ly, line);
        }
      }
    }
    if (!form_.number_line.empty()) {
      ly -= 13 * kLineHeight + 4;
      Centered(regular_, 13, kLeft, left_w, ly, form_.number_line);
    }
    double ry = top;
    // i18n: Vietnamese only (the national motto printed on every administrative form)
    ry -= 12.5 * kLineHeight;
    Centered(bold_, 12.5, right_x, right_w, ry, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    ry -= 13 * kLineHeight;
    const std::string motto = "Độc lập - Tự do - Hạnh phúc";
    // i18n: end
    Centered(bold_, 13, right_x, right_w, ry, motto);
    Underline(bold_, 13, right_x, right_w, ry, motto);
    if (!form_.place_date.empty()) {
      ry -= 13 * kLineHeight + 6;
      Centered(italic_, 13, right_x, right_w, ry, form_.place_date);
    }
    return std::min(ly, ry) - 14;
  }

  void Underline(PdfFont* font, double size, double x, double w, double baseline,
                 const std::string& s) {
    const double tw = internal::TextWidth(font, size, s);
    const double start = x + std::max(0.0, (w - tw) / 2);
    painter_.DrawLine(start, baseline - 3, start + tw, baseline - 3);
  }

  void DrawQr(QRcode* qr, double top) {
    const double module = kQrSize / static_cast<double>(qr->width);
    const double x0 = kLeft + width_ - kQrSize;
    const double y0 = top;
    painter_.SetColor(0, 0, 0);
    for (int row = 0; row < qr->width; ++row) {
      for (int col = 0; col < qr->width; ++col) {
        if (qr->data[row * qr->width + col] & 1) {
          painter_.Rectangle(x0 + col * module, y0 - (row + 1) * module, module, module);
        }
      }
    }
    painter_.Fill();
    if (!form_.qr_caption.empty()) {
      Centered(regular_, 9, x0 - 20, kQrSize + 40, y0 - kQrSize - 10, form_.qr_caption);
    }
  }

  Result<double> DrawTable(double y, const FormTable& t) {
    double total = 0;
    for (const auto& c : t.columns) {
      total += std::max(0.1, c.weight);
    }
    std::vector<double> widths;
    for (const auto& c : t.columns) {
      widths.push_back(width_ * std::max(0.1, c.weight) / total);
    }
    std::vector<std::vector<std::string>> head;
    for (const auto& c : t.columns) {
      head.push_back({c.header});
    }
    CQDT_ASSIGN_OR_RETURN(y, Room(y, RowHeight(head, widths, bold_) * 2));
    y = DrawRow(y, head, widths, t.columns, bold_, true);
    for (const auto& row : t.rows) {
      const double h = RowHeight(row, widths, regular_);
      if (y - h < kBottom) {
        CQDT_ASSIGN_OR_RETURN(y, Room(y, h));
        y = DrawRow(y, head, widths, t.columns, bold_, true);
      }
      y = DrawRow(y, row, widths, t.columns, regular_, false);
    }
    return y;
  }

  template <typename Cells>
  double RowHeight(const Cells& cells, const std::vector<double>& widths, PdfFont* font) {
    std::size_t lines = 1;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      lines = std::max(
          lines,
          Cell(cells[c]).size() == 0
              ? std::size_t{1}
              : internal::WrapText(font, kTableFont, Cell(cells[c]), widths[c] - 2 * kPad).size());
    }
    return static_cast<double>(lines) * kTableFont * kLineHeight + 2 * kPad;
  }

  static const std::string& Cell(const std::string& s) { return s; }
  static const std::string& Cell(const std::vector<std::string>& s) { return s.front(); }

  template <typename Cells>
  double DrawRow(double y, const Cells& cells, const std::vector<double>& widths,
                 const std::vector<TableColumn>& columns, PdfFont* font, bool all_centered) {
    const double h = RowHeight(cells, widths, font);
    double x = kLeft;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      painter_.Rectangle(x, y - h, widths[c], h);
      painter_.Stroke();
      double baseline = y - kPad;
      for (const auto& line :
           internal::WrapText(font, kTableFont, Cell(cells[c]), widths[c] - 2 * kPad)) {
        baseline -= kTableFont * kLineHeight;
        const double b = baseline + kTableFont * 0.25;
        if (all_centered || columns[c].centered) {
          Centered(font, kTableFont, x + kPad, widths[c] - 2 * kPad, b, line);
        } else {
          Text(font, kTableFont, x + kPad, b, line);
        }
      }
      x += widths[c];
    }
    return y - h;
  }

  PdfMemDocument& doc_;
  const FormDocument& form_;
  PdfRect page_size_;
  PdfPage* page_ = nullptr;
  PdfFont* regular_ = nullptr;
  PdfFont* bold_ = nullptr;
  PdfFont* italic_ = nullptr;
  PdfPainter painter_;
  double width_ = 0;
  double qr_bottom_ = 0;
  int pages_ = 0;
};

}  // namespace

Result<std::string> RenderForm(const FormDocument& form) {
  if (form.signatures.size() > 3) {
    return Error::InvalidField("signatures", "out_of_range", "Biểu mẫu có tối đa 3 cột ký.");
  }
  for (const FormBlock& b : form.blocks) {
    if (b.table.columns.empty()) {
      continue;
    }
    for (const auto& row : b.table.rows) {
      if (row.size() != b.table.columns.size()) {
        return Error::InvalidField("tables", "shape", "Mỗi dòng của bảng phải có đủ các cột.");
      }
    }
  }
  std::unique_ptr<QRcode, QrDeleter> qr;
  if (!form.qr_text.empty()) {
    if (form.qr_text.size() > kMaxQrBytes) {
      return Error::InvalidField("qrText", "too_long", "Nội dung mã QR quá dài.");
    }
    qr.reset(QRcode_encodeString8bit(form.qr_text.c_str(), 0, QR_ECLEVEL_M));
    if (!qr) {
      return Error::InvalidField("qrText", "encode", "Không tạo được mã QR.");
    }
  }
  internal::InitPodofo();
  try {
    PdfMemDocument doc;
    FormLayout layout(doc, form);
    CQDT_RETURN_IF_ERROR(layout.Draw(qr.get()));
    return internal::WriteMadeDocument(doc, form.title, form.author);
  } catch (const PdfError&) {
    return Error::Internal();
  }
}

}  // namespace cqdt::pdf
