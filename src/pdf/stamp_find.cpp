// FindNumberAndDatePositions: the "Số:" and date lines of page 1, from the page's text.
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "page_text.hpp"
#include "page_tree.hpp"
#include "pdf/stamp.hpp"
#include "pdf_internal.hpp"
#include "stamp_internal.hpp"
#include "untrusted_pdf.hpp"

namespace cqdt::pdf {

using internal::PageGlyph;

namespace {

// Two glyphs sit on one line when their baselines differ by less than this share of the size.
constexpr double kSameLine = 0.3;
// A gap wider than this many font sizes separates two columns of one line (Decree 30: number on
// the left, date on the right).
constexpr double kColumnGap = 3.0;
// A gap wider than this share of the size reads as a space (text positioned without space
// glyphs, as TJ offsets).
constexpr double kSpaceGap = 0.15;
// The header area of a page: its top 40 %.
constexpr double kHeaderShare = 0.4;

// One column of one line: its glyphs in x order and its text, with the glyph of each byte.
struct Segment {
  std::vector<const PageGlyph*> glyphs;
  std::string text;
  std::vector<std::size_t> owner;  // owner[i] = index in glyphs of text[i]
  double baseline = 0;
  double size = 0;
};

std::vector<Segment> Segments(const std::vector<PageGlyph>& all) {
  std::vector<const PageGlyph*> glyphs;
  for (const PageGlyph& g : all) {
    if (g.font_size > 0 && std::isfinite(g.x) && std::isfinite(g.baseline)) {
      glyphs.push_back(&g);
    }
  }
  // Top of the page first, then left to right.
  std::stable_sort(glyphs.begin(), glyphs.end(), [](const PageGlyph* a, const PageGlyph* b) {
    return a->baseline > b->baseline;
  });
  std::vector<std::vector<const PageGlyph*>> lines;
  for (const PageGlyph* g : glyphs) {
    if (!lines.empty()) {
      const PageGlyph* first = lines.back().front();
      const double size = std::max(first->font_size, g->font_size);
      if (std::abs(first->baseline - g->baseline) <= kSameLine * size) {
        lines.back().push_back(g);
        continue;
      }
    }
    lines.push_back({g});
  }
  std::vector<Segment> out;
  for (auto& line : lines) {
    std::stable_sort(line.begin(), line.end(),
                     [](const PageGlyph* a, const PageGlyph* b) { return a->x < b->x; });
    Segment seg;
    double right = 0;
    for (const PageGlyph* g : line) {
      if (!seg.glyphs.empty()) {
        const double gap = g->x - right;
        if (gap > kColumnGap * g->font_size) {
          out.push_back(std::move(seg));
          seg = Segment{};
        } else if (gap > kSpaceGap * g->font_size && !seg.text.empty() && seg.text.back() != ' ' &&
                   g->text != " ") {
          seg.text += ' ';
          seg.owner.push_back(seg.glyphs.size() - 1);
        }
      }
      seg.glyphs.push_back(g);
      seg.text += g->text;
      seg.owner.resize(seg.text.size(), seg.glyphs.size() - 1);
      seg.size = std::max(seg.size, g->font_size);
      seg.baseline = seg.glyphs.front()->baseline;
      right = std::max(right, g->x + g->advance);
    }
    if (!seg.glyphs.empty()) {
      out.push_back(std::move(seg));
    }
  }
  return out;
}

std::size_t SkipSpaces(const std::string& s, std::size_t pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) {
    ++pos;
  }
  return pos;
}

// The end of the label "Số:" at the start of the segment (spaces allowed before the colon), or
// npos. Precomposed and decomposed (o + U+0302 + U+0301) spellings, in any case.
std::size_t NumberLabelEnd(const std::string& s) {
  // i18n: Vietnamese only (text searched for in documents)
  static const char* const kLabels[] = {"Số", "SỐ", "số", "So\xCC\x82\xCC\x81",
                                        "SO\xCC\x82\xCC\x81"};
  // i18n: end
  const std::size_t start = SkipSpaces(s, 0);
  for (const char* label : kLabels) {
    const std::string_view l(label);
    if (s.compare(start, l.size(), l) != 0) {
      continue;
    }
    const std::size_t colon = SkipSpaces(s, start + l.size());
    if (colon < s.size() && s[colon] == ':') {
      return colon + 1;
    }
  }
  return std::string::npos;
}

std::size_t FindAny(const std::string& s, std::initializer_list<std::string_view> words,
                    std::size_t from) {
  std::size_t best = std::string::npos;
  for (std::string_view w : words) {
    best = std::min(best, s.find(w, from));
  }
  return best;
}

TextLocation LocationOf(const Segment& seg, double confidence) {
  TextLocation loc;
  loc.page = 1;
  double left = seg.glyphs.front()->x;
  double right = left;
  for (const PageGlyph* g : seg.glyphs) {
    left = std::min(left, g->x);
    right = std::max(right, g->x + g->advance);
  }
  // Liberation Serif / Times: descender ~0.22 em, ascender of accented capitals ~0.95 em.
  loc.box = Box{left, seg.baseline - 0.25 * seg.size, right - left, 1.25 * seg.size};
  loc.baseline = seg.baseline;
  loc.font_size = seg.size;
  const std::size_t a = seg.text.find_first_not_of(' ');
  const std::size_t b = seg.text.find_last_not_of(' ');
  loc.text = a == std::string::npos ? std::string() : seg.text.substr(a, b - a + 1);
  loc.confidence = confidence;
  for (const PageGlyph* g : seg.glyphs) {
    loc.glyphs.push_back(TextLocation::Glyph{g->text, g->x, g->advance});
  }
  return loc;
}

}  // namespace

namespace internal {

Result<NumberAndDatePositions> FindPositionsIn(UntrustedPdf& file) {
  PoDoFo::PdfMemDocument& doc = file.doc();
  const CpuBudget& budget = file.budget();
  NumberAndDatePositions out;
  try {
    CQDT_ASSIGN_OR_RETURN(const internal::PageTree pages, internal::PageTree::Walk(doc, budget));
    CQDT_ASSIGN_OR_RETURN(const std::vector<PageGlyph> glyphs,
                          internal::PageGlyphs(doc, pages, 0, budget));
    CQDT_RETURN_IF_ERROR(file.Check());
    double page_bottom = 0;
    double page_height = 842;  // A4 when the MediaBox is unreadable
    if (PoDoFo::PdfObject* box = pages.Inherited(0, PoDoFo::PdfName("MediaBox"));
        box != nullptr && box->IsArray() && box->GetArray().size() == 4) {
      const PoDoFo::PdfRect rect(box->GetArray());
      page_bottom = rect.GetBottom();
      page_height = rect.GetHeight();
    }
    const double header_floor = page_bottom + page_height * (1 - kHeaderShare);

    int number_candidates = 0;
    int date_candidates = 0;
    for (const Segment& seg : Segments(glyphs)) {  // top of the page first
      const bool in_header = seg.baseline >= header_floor;
      if (NumberLabelEnd(seg.text) != std::string::npos) {
        if (++number_candidates == 1) {
          out.number = LocationOf(seg, in_header ? 1.0 : 0.6);
        }
      }
      // i18n: Vietnamese only (text searched for in documents)
      const std::size_t day = FindAny(seg.text, {"ngày", "Ngày", "NGÀY"}, 0);
      const std::size_t month =
          day == std::string::npos ? day : FindAny(seg.text, {"tháng", "Tháng", "THÁNG"}, day);
      const std::size_t year =
          month == std::string::npos ? month : FindAny(seg.text, {"năm", "Năm", "NĂM"}, month);
      // i18n: end
      if (year != std::string::npos) {
        if (++date_candidates == 1) {
          // Decree 30 form: "<place>, ngày": a place name and a comma before "ngày".
          const std::string before = seg.text.substr(0, day);
          const std::size_t comma = before.find_last_not_of(' ');
          const bool has_place = comma != std::string::npos && before[comma] == ',' && comma > 0;
          out.date = LocationOf(seg, (in_header ? 1.0 : 0.6) * (has_place ? 1.0 : 0.8));
        }
      }
    }
    // Several candidates: the topmost is the likely one, but the user should look.
    if (out.number && number_candidates > 1) {
      out.number->confidence *= 0.8;
    }
    if (out.date && date_candidates > 1) {
      out.date->confidence *= 0.8;
    }
  } catch (const PoDoFo::PdfError&) {
    return file.Failure(Error::Malformed("Không đọc được chữ trên trang 1 của tệp PDF."));
  }
  if (!out.number && !out.date) {
    return Error(ErrorCode::kNotFound,
                 "Không tìm thấy dòng “Số:” và dòng địa danh, ngày tháng năm trên trang 1 của tệp "
                 "PDF (tệp có thể là bản quét). Hãy chọn vị trí của hai dòng này trên trang.");
  }
  return out;
}

}  // namespace internal

Result<NumberAndDatePositions> FindNumberAndDatePositions(std::string_view pdf,
                                                          const CpuBudget& budget) {
  internal::UntrustedPdf file(pdf, budget);
  CQDT_RETURN_IF_ERROR(file.Load(/*for_update=*/false));
  return internal::FindPositionsIn(file);
}

}  // namespace cqdt::pdf
