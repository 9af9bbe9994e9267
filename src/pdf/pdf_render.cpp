// RenderTextDocument: a plain A4 document laid out per Decree 30/2020 Appendix I.
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "pdf/pdf.hpp"
#include "pdf_internal.hpp"
#include "text_wrap.hpp"

namespace cqdt::pdf {

using namespace PoDoFo;

namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
// Decree 30/2020 Appendix I: top 20-25, bottom 20-25, left 30-35, right 15-20 mm.
constexpr double kTop = 20 * kPointsPerMm;
constexpr double kBottom = 20 * kPointsPerMm;
constexpr double kLeft = 30 * kPointsPerMm;
constexpr double kRight = 15 * kPointsPerMm;
constexpr double kLineHeight = 1.2;     // × font size
constexpr double kPageNumberSize = 13;  // Appendix I: page numbers 13-14 pt
constexpr int kMaxPages = 10000;

class Layout {
 public:
  explicit Layout(PdfMemDocument& doc) : doc_(doc) {
    page_size_ = PdfPage::CreateStandardPageSize(ePdfPageSize_A4);
    NewPage();
  }

  ~Layout() {
    if (painter_.GetPage() != nullptr) {
      try {
        painter_.FinishPage();
      } catch (const PdfError&) {  // NOLINT(bugprone-empty-catch): never throw from a destructor
      }
    }
  }
  Layout(const Layout&) = delete;
  Layout& operator=(const Layout&) = delete;

  void Finish(int minimum_pages) {
    while (pages_ < minimum_pages) {
      NewPage();
    }
    painter_.FinishPage();
  }

  void Block(const TextBlock& block) {
    PdfFont* font = Font(block.bold, block.italic);
    const double size = block.font_size;
    const double width = page_size_.GetWidth() - kLeft - kRight;
    for (const std::string& line : internal::WrapText(font, size, block.text, width)) {
      const double line_height = size * kLineHeight;
      if (cursor_ - line_height < kBottom) {
        NewPage();
      }
      cursor_ -= line_height;
      const PdfString text = internal::Utf8String(line);
      font->SetFontSize(static_cast<float>(size));
      painter_.SetFont(font);
      double x = kLeft;
      if (block.centered) {
        x += std::max(0.0, (width - font->GetFontMetrics()->StringWidth(text)) / 2);
      }
      // Baseline: the line box minus the descender share of the leading.
      painter_.DrawText(x, cursor_ + size * 0.25, text);
    }
    cursor_ -= block.space_after;
  }

 private:
  PdfFont* Font(bool bold, bool italic) {
    auto key = std::make_pair(bold, italic);
    auto it = fonts_.find(key);
    if (it == fonts_.end()) {
      it = fonts_.emplace(key, internal::SerifFont(doc_, bold, italic)).first;
    }
    return it->second;
  }

  void NewPage() {
    if (painter_.GetPage() != nullptr) {
      painter_.FinishPage();
    }
    PdfPage* page = doc_.CreatePage(page_size_);
    painter_.SetPage(page);
    ++pages_;
    cursor_ = page_size_.GetHeight() - kTop;
    // Appendix I: page numbers from the second page, centred in the top margin.
    if (pages_ >= 2) {
      PdfFont* font = Font(false, false);
      const PdfString number = internal::Utf8String(std::to_string(pages_));
      font->SetFontSize(static_cast<float>(kPageNumberSize));
      painter_.SetFont(font);
      const double w = font->GetFontMetrics()->StringWidth(number);
      painter_.DrawText((page_size_.GetWidth() - w) / 2,
                        page_size_.GetHeight() - kTop / 2 - kPageNumberSize / 3, number);
    }
  }

  PdfMemDocument& doc_;
  PdfPainter painter_;
  PdfRect page_size_;
  std::map<std::pair<bool, bool>, PdfFont*> fonts_;
  int pages_ = 0;
  double cursor_ = 0;
};

}  // namespace

Result<std::string> RenderTextDocument(const TextDocument& document) {
  if (document.minimum_pages < 0 || document.minimum_pages > kMaxPages) {
    return Error::InvalidField("minimumPages", "out_of_range", "Số trang tối thiểu không hợp lệ.");
  }
  for (std::size_t i = 0; i < document.blocks.size(); ++i) {
    const double fs = document.blocks[i].font_size;
    if (!(fs >= 4 && fs <= 72)) {
      return Error::InvalidField("blocks[" + std::to_string(i) + "].fontSize", "out_of_range",
                                 "Cỡ chữ phải từ 4 đến 72.");
    }
  }
  internal::InitPodofo();
  try {
    PdfMemDocument doc;
    {
      Layout layout(doc);
      for (const TextBlock& block : document.blocks) {
        layout.Block(block);
      }
      layout.Finish(document.minimum_pages);
    }
    return internal::WriteMadeDocument(doc, document.title, document.author);
  } catch (const PdfError&) {
    return Error::Internal();
  }
}

}  // namespace cqdt::pdf
