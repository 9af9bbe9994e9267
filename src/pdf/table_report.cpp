// RenderTableReport: A4 landscape tables (Decree 30/2020 Appendix IV registers).
#include "pdf/table_report.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "pdf_internal.hpp"
#include "text_wrap.hpp"

namespace cqdt::pdf {

using namespace PoDoFo;

namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
// A bound book is sewn on its left edge: the wider margin goes there (Appendix I's 30 mm is for
// documents; a register page needs the width for its ten columns).
constexpr double kLeft = 20 * kPointsPerMm;
constexpr double kRight = 10 * kPointsPerMm;
constexpr double kTop = 15 * kPointsPerMm;
constexpr double kBottom = 12 * kPointsPerMm;
constexpr double kPad = 3;           // cell padding, points
constexpr double kLineHeight = 1.2;  // × font size
constexpr std::size_t kMaxColumns = 30;

// A piece of one row on one page: lines [from, to) of its wrapped cells.
struct Segment {
  std::size_t row = 0;
  std::size_t from = 0;
  std::size_t to = 0;
};

struct Page {
  std::vector<Segment> segments;
};

class TableLayout {
 public:
  TableLayout(PdfMemDocument& doc, const TableReport& report)
      : doc_(doc), report_(report), fs_(report.font_size), line_h_(fs_ * kLineHeight) {
    page_size_ = PdfPage::CreateStandardPageSize(ePdfPageSize_A4, true);
    regular_ = internal::SerifFont(doc_, false, false);
    bold_ = internal::SerifFont(doc_, true, false);
    italic_ = internal::SerifFont(doc_, false, true);
    const double table_w = page_size_.GetWidth() - kLeft - kRight;
    double total = 0;
    for (const auto& c : report_.columns) {
      total += std::max(0.1, c.weight);
    }
    for (const auto& c : report_.columns) {
      widths_.push_back(table_w * std::max(0.1, c.weight) / total);
    }
  }

  // Wraps every cell and splits the rows into pages. Returns false past kMaxTablePages.
  bool Paginate() {
    for (std::size_t i = 0; i < report_.columns.size(); ++i) {
      header_.push_back(
          internal::WrapText(bold_, fs_, report_.columns[i].header, widths_[i] - 2 * kPad));
    }
    header_lines_ = 1;
    for (const auto& h : header_) {
      header_lines_ = std::max(header_lines_, h.size());
    }
    cells_.reserve(report_.rows.size());
    for (const auto& row : report_.rows) {
      std::vector<std::vector<std::string>> wrapped;
      std::size_t lines = 1;
      for (std::size_t i = 0; i < row.size(); ++i) {
        wrapped.push_back(internal::WrapText(regular_, fs_, row[i], widths_[i] - 2 * kPad));
        lines = std::max(lines, wrapped.back().size());
      }
      cells_.push_back(std::move(wrapped));
      row_lines_.push_back(lines);
    }
    const double body_top_first = page_size_.GetHeight() - kTop - HeadingHeight() - TableHead();
    const double body_top = page_size_.GetHeight() - kTop - TableHead();
    pages_.emplace_back();
    double y = body_top_first;
    for (std::size_t r = 0; r < cells_.size(); ++r) {
      std::size_t from = 0;
      while (from < row_lines_[r]) {
        const std::size_t left = row_lines_[r] - from;
        const double need = static_cast<double>(left) * line_h_ + 2 * kPad;
        const double space = y - kBottom;
        const double whole_page = body_top - kBottom;
        if (need <= space) {
          pages_.back().segments.push_back({r, from, row_lines_[r]});
          y -= need;
          break;
        }
        // Start the row on a fresh page when it fits one; otherwise fill this page with as many
        // of its lines as fit and go on.
        const auto fit = static_cast<std::size_t>(std::max(0.0, (space - 2 * kPad) / line_h_));
        if ((need <= whole_page && !pages_.back().segments.empty()) || fit == 0) {
          if (pages_.size() >= static_cast<std::size_t>(kMaxTablePages)) {
            return false;
          }
          pages_.emplace_back();
          y = body_top;
          continue;
        }
        pages_.back().segments.push_back({r, from, from + fit});
        from += fit;
        if (pages_.size() >= static_cast<std::size_t>(kMaxTablePages)) {
          return false;
        }
        pages_.emplace_back();
        y = body_top;
      }
    }
    return true;
  }

  void Draw() {
    for (std::size_t i = 0; i < pages_.size(); ++i) {
      PdfPage* page = doc_.CreatePage(page_size_);
      painter_.SetPage(page);
      painter_.SetStrokeWidth(0.5);
      DrawPageNumber(i + 1);
      double y = page_size_.GetHeight() - kTop;
      if (i == 0) {
        y = DrawHeading(y);
      }
      y = DrawTableHead(y);
      for (const Segment& s : pages_[i].segments) {
        y = DrawSegment(y, s);
      }
      painter_.FinishPage();
    }
  }

 private:
  double TitleSize(std::size_t i) const { return i == 0 ? fs_ + 4 : fs_ + 1; }

  double HeadingHeight() const {
    const double agency = static_cast<double>(report_.agency_lines.size()) * line_h_;
    double titles = 0;
    for (std::size_t i = 0; i < report_.title_lines.size(); ++i) {
      titles += TitleSize(i) * kLineHeight;
    }
    const double note = report_.note.empty() ? 0 : line_h_;
    return agency + (agency > 0 ? 6 : 0) + titles + note + 8;
  }

  double TableHead() const {
    return static_cast<double>(header_lines_) * line_h_ + 2 * kPad +
           (report_.number_columns ? line_h_ + 2 * kPad : 0);
  }

  void Text(PdfFont* font, double size, double x, double baseline, const std::string& s) {
    font->SetFontSize(static_cast<float>(size));
    painter_.SetFont(font);
    painter_.DrawText(x, baseline, internal::Utf8String(s));
  }

  // `s` centred in [x, x + w].
  void Centered(PdfFont* font, double size, double x, double w, double baseline,
                const std::string& s) {
    const double tw = internal::TextWidth(font, size, s);
    Text(font, size, x + std::max(0.0, (w - tw) / 2), baseline, s);
  }

  void DrawPageNumber(std::size_t n) {
    // i18n: Vietnamese only (the printed page number of a Vietnamese register)
    const std::string text = "Trang " + std::to_string(n) + "/" + std::to_string(pages_.size());
    // i18n: end
    Centered(regular_, fs_, 0, page_size_.GetWidth(), page_size_.GetHeight() - kTop / 2 - fs_ / 3,
             text);
  }

  double DrawHeading(double y) {
    const double block_w = (page_size_.GetWidth() - kLeft - kRight) / 3;
    for (const auto& line : report_.agency_lines) {
      y -= line_h_;
      Centered(bold_, fs_, kLeft, block_w, y + fs_ * 0.25, line);
    }
    if (!report_.agency_lines.empty()) {
      y -= 6;
    }
    for (std::size_t i = 0; i < report_.title_lines.size(); ++i) {
      const double size = TitleSize(i);
      y -= size * kLineHeight;
      Centered(i == 0 ? bold_ : regular_, size, kLeft, page_size_.GetWidth() - kLeft - kRight,
               y + size * 0.25, report_.title_lines[i]);
    }
    if (!report_.note.empty()) {
      y -= line_h_;
      Centered(italic_, fs_, kLeft, page_size_.GetWidth() - kLeft - kRight, y + fs_ * 0.25,
               report_.note);
    }
    return y - 8;
  }

  // One ruled row of `lines`-high cells whose text is cells[i][from, to).
  double DrawRow(double y, const std::vector<std::vector<std::string>>& cells, std::size_t from,
                 std::size_t to, PdfFont* font, double size, bool all_centered) {
    const double h = static_cast<double>(to - from) * line_h_ + 2 * kPad;
    double x = kLeft;
    for (std::size_t c = 0; c < widths_.size(); ++c) {
      painter_.Rectangle(x, y - h, widths_[c], h);
      painter_.Stroke();
      const bool centered = all_centered || report_.columns[c].centered;
      double baseline = y - kPad;
      for (std::size_t l = from; l < to && l < cells[c].size(); ++l) {
        baseline -= line_h_;
        const double b = baseline + size * 0.25;
        if (centered) {
          Centered(font, size, x + kPad, widths_[c] - 2 * kPad, b, cells[c][l]);
        } else {
          Text(font, size, x + kPad, b, cells[c][l]);
        }
      }
      x += widths_[c];
    }
    return y - h;
  }

  double DrawTableHead(double y) {
    // Header cells are centred vertically too: pad the shorter ones at the top.
    std::vector<std::vector<std::string>> header = header_;
    for (auto& h : header) {
      const std::size_t missing = header_lines_ - h.size();
      h.insert(h.begin(), missing / 2, std::string());
    }
    y = DrawRow(y, header, 0, header_lines_, bold_, fs_, true);
    if (report_.number_columns) {
      std::vector<std::vector<std::string>> numbers;
      for (std::size_t c = 0; c < widths_.size(); ++c) {
        numbers.push_back({"(" + std::to_string(c + 1) + ")"});
      }
      y = DrawRow(y, numbers, 0, 1, italic_, fs_ - 1, true);
    }
    return y;
  }

  double DrawSegment(double y, const Segment& s) {
    return DrawRow(y, cells_[s.row], s.from, s.to, regular_, fs_, false);
  }

  PdfMemDocument& doc_;
  const TableReport& report_;
  const double fs_;
  const double line_h_;
  PdfRect page_size_;
  PdfFont* regular_ = nullptr;
  PdfFont* bold_ = nullptr;
  PdfFont* italic_ = nullptr;
  PdfPainter painter_;
  std::vector<double> widths_;
  std::vector<std::vector<std::string>> header_;
  std::size_t header_lines_ = 1;
  std::vector<std::vector<std::vector<std::string>>> cells_;
  std::vector<std::size_t> row_lines_;
  std::vector<Page> pages_;
};

}  // namespace

Result<std::string> RenderTableReport(const TableReport& report) {
  if (report.columns.empty() || report.columns.size() > kMaxColumns) {
    return Error::InvalidField("columns", "out_of_range", "Bảng phải có từ 1 đến 30 cột.");
  }
  if (!(report.font_size >= 6 && report.font_size <= 16)) {
    return Error::InvalidField("fontSize", "out_of_range", "Cỡ chữ của bảng phải từ 6 đến 16.");
  }
  if (report.rows.size() > kMaxTableRows) {
    return Error::TooLarge("Bảng có quá nhiều dòng để in.");
  }
  for (const auto& row : report.rows) {
    if (row.size() != report.columns.size()) {
      return Error::InvalidField("rows", "shape", "Mỗi dòng của bảng phải có đủ các cột.");
    }
  }
  internal::InitPodofo();
  try {
    PdfMemDocument doc;
    TableLayout layout(doc, report);
    if (!layout.Paginate()) {
      return Error::TooLarge("Bảng có quá nhiều dòng để in.");
    }
    layout.Draw();
    return internal::WriteMadeDocument(doc, report.title, report.author);
  } catch (const PdfError&) {
    return Error::Internal();
  }
}

}  // namespace cqdt::pdf
