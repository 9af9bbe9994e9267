// StampNumberAndDate and StampArrival: incremental updates that add the number and date lines
// (annotations) and the "ĐẾN" stamp (page content) of Decree 30/2020.
#include "pdf/stamp.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "page_tree.hpp"
#include "pdf_internal.hpp"
#include "sign_update.hpp"
#include "stamp_font.hpp"
#include "stamp_internal.hpp"
#include "untrusted_pdf.hpp"

namespace cqdt::pdf {

using namespace PoDoFo;

namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
// Decree 30/2020 Phụ lục I: the number and the date line are 13-14 pt.
constexpr double kMinLineSize = 13;
constexpr double kMaxLineSize = 14;

bool IsFiniteBox(const Box& b) {
  return std::isfinite(b.x) && std::isfinite(b.y) && std::isfinite(b.width) &&
         std::isfinite(b.height) && !b.empty() && b.width < 1e5 && b.height < 1e5;
}

// The DocMDP rule of the header (stamp.hpp): annotations are allowed under no certification and
// under P=3 only.
Status CheckStampAllowed(PdfMemDocument& doc, const CpuBudget& budget) {
  CQDT_ASSIGN_OR_RETURN(const std::vector<internal::SignatureFieldRef> signatures,
                        internal::FindSignatureFields(doc, budget));
  for (const internal::SignatureFieldRef& ref : signatures) {
    const std::optional<int> p = internal::DocMdpPermissions(doc, ref.value);
    if (p == 1) {
      return Error::FailedPrecondition(
          "Tài liệu đã được ký chứng thực không cho phép thay đổi, nên không thể ghi số và ngày "
          "ban hành vào tệp. Hãy đề nghị người ký ký lại mà không chứng thực tài liệu.");
    }
    if (p == 2) {
      return Error::FailedPrecondition(
          "Tài liệu đã được ký chứng thực chỉ cho phép điền biểu mẫu và ký thêm, nên không thể "
          "ghi số và ngày ban hành vào tệp. Hãy đề nghị người ký ký lại mà không chứng thực tài "
          "liệu.");
    }
  }
  return Ok();
}

// What goes into a line: text drawn from x on the baseline, and white covers over [x0, x1].
struct Piece {
  std::string text;
  double x = 0;
};
struct LinePlan {
  std::vector<Piece> pieces;
  std::vector<std::pair<double, double>> covers;
};

bool IsSpace(const std::string& cp) { return cp == " " || cp == "\t" || cp == "\xC2\xA0"; }

// Placeholders a drafter types where the number or the date will go.
bool IsPlaceholder(const std::string& cp) {
  return cp == "." || cp == "_" || cp == "\xE2\x80\xA6" /* … */ || cp == "\xC2\xB7" /* · */;
}

double TextWidth(PdfFont* font, const std::string& text) {
  return font->GetFontMetrics()->StringWidth(internal::Utf8String(text));
}

std::string Trim(const std::vector<std::string>& cps, std::size_t from, std::size_t to,
                 bool* leading_space, bool* trailing_space) {
  while (from < to && IsSpace(cps[from])) {
    ++from;
    *leading_space = true;
  }
  while (to > from && IsSpace(cps[to - 1])) {
    --to;
    *trailing_space = true;
  }
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    out += cps[i];
  }
  return out;
}

// Writing into the blanks (stamp.hpp): the old line's characters (spaces aside) aligned with the
// new line's by a longest common subsequence; nullopt when an old character other than a
// placeholder has no partner, when nothing matches, or when there is nothing to compare.
std::optional<LinePlan> PlanBlanks(const TextLocation& loc, const std::string& line,
                                   PdfFont* font) {
  struct Unit {
    std::string cp;
    double x0, x1;
  };
  std::vector<Unit> old_units;
  for (const TextLocation::Glyph& g : loc.glyphs) {
    const std::vector<std::string> cps = internal::CodePoints(g.text);
    if (cps.empty() || !std::isfinite(g.x) || !std::isfinite(g.width)) {
      return std::nullopt;  // an unmapped glyph: the line cannot be compared
    }
    for (std::size_t k = 0; k < cps.size(); ++k) {
      if (!IsSpace(cps[k])) {
        const double share = g.width / static_cast<double>(cps.size());
        old_units.push_back(Unit{cps[k], g.x + share * static_cast<double>(k),
                                 g.x + share * static_cast<double>(k + 1)});
      }
    }
  }
  const std::vector<std::string> desired = internal::CodePoints(line);
  std::vector<std::size_t> dpos;  // positions of the desired non-space characters
  for (std::size_t i = 0; i < desired.size(); ++i) {
    if (!IsSpace(desired[i])) {
      dpos.push_back(i);
    }
  }
  // Lines are a few dozen characters; a long one is not a number or date line.
  constexpr std::size_t kMaxUnits = 400;
  const std::size_t n = old_units.size();
  const std::size_t m = dpos.size();
  if (n == 0 || m == 0 || n > kMaxUnits || m > kMaxUnits) {
    return std::nullopt;
  }
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[i][j] = old_units[i].cp == desired[dpos[j]] ? lcs[i + 1][j + 1] + 1
                                                      : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> match(m, kNone);  // desired (in dpos) -> old unit, or kNone
  std::vector<bool> old_matched(n, false);
  for (std::size_t i = 0, j = 0; i < n && j < m;) {
    if (old_units[i].cp == desired[dpos[j]]) {
      match[j] = i;
      old_matched[i] = true;
      ++i;
      ++j;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
  LinePlan plan;
  bool any = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (old_matched[i]) {
      any = true;
    } else if (IsPlaceholder(old_units[i].cp)) {
      plan.covers.emplace_back(old_units[i].x0, old_units[i].x1);
    } else {
      return std::nullopt;  // the old line says something else: not a blank to fill
    }
  }
  if (!any) {
    return std::nullopt;
  }
  const double space = TextWidth(font, " ");
  for (std::size_t j = 0; j < m;) {
    if (match[j] != kNone) {
      ++j;
      continue;
    }
    std::size_t end = j;
    while (end < m && match[end] == kNone) {
      ++end;
    }
    // The run of new characters, with the spaces around it, between its matched neighbours.
    const bool prev = j > 0;  // a run is bounded by matched characters (or the line's ends)
    const bool next = end < m;
    const std::size_t from = j > 0 ? dpos[j - 1] + 1 : 0;
    const std::size_t to = end < m ? dpos[end] : desired.size();
    bool leading = false;
    bool trailing = false;
    std::string text = Trim(desired, from, to, &leading, &trailing);
    const double w = TextWidth(font, text);
    const double left = prev ? old_units[match[j - 1]].x1 : 0;
    const double right = next ? old_units[match[end]].x0 : 0;
    double x = 0;
    if (next && !trailing) {
      x = right - w;  // glued to what follows ("05" + "/QĐ-UBND")
    } else if (prev && !leading) {
      x = left;  // glued to what precedes ("20" + "26")
    } else if (prev && next) {
      x = (left + right - w) / 2;  // alone in its blank
    } else if (prev) {
      x = left + space;
    } else {
      x = right - space - w;
    }
    // Untrusted layout: text wider than its blank would overlap the line's own text.
    if ((prev && x < left - 0.1 * space) || (next && x + w > right + 0.1 * space)) {
      return std::nullopt;
    }
    plan.pieces.push_back(Piece{std::move(text), x});
    j = end;
  }
  return plan;
}

// Adds one FreeText annotation to `page` for `text` at `loc`: into the blanks when it can
// (PlanBlanks), else over the whole line, centred on the old line's centre, on its baseline.
void AddLineAnnotation(PdfMemDocument& doc, internal::StampFonts& fonts, PdfPage& page,
                       const TextLocation& loc, const std::string& text, bool italic,
                       const std::string& name) {
  const double size =
      loc.font_size > 0 ? std::clamp(loc.font_size, kMinLineSize, kMaxLineSize) : kMinLineSize;
  PdfFont* font = fonts.Get(italic);
  font->SetFontSize(static_cast<float>(size));
  const PdfString value = internal::Utf8String(text);
  const double baseline =
      loc.baseline > 0 ? loc.baseline : loc.box.y + (loc.box.height - size) / 2 + 0.25 * size;
  std::optional<LinePlan> plan = PlanBlanks(loc, text, font);
  if (!plan) {
    const double width = TextWidth(font, text);
    plan = LinePlan{};
    plan->pieces.push_back(Piece{text, loc.box.x + loc.box.width / 2 - width / 2});
    plan->covers.emplace_back(loc.box.x, loc.box.right());
  }
  // The annotation spans what it covers and what it draws, with a little room around.
  double left = std::numeric_limits<double>::max();
  double right = std::numeric_limits<double>::lowest();
  for (const auto& [x0, x1] : plan->covers) {
    left = std::min(left, x0);
    right = std::max(right, x1);
  }
  for (Piece& piece : plan->pieces) {
    left = std::min(left, piece.x);
    right = std::max(right, piece.x + TextWidth(font, piece.text));
  }
  left -= 1;
  right += 1;
  const double bottom = std::min(loc.box.y, baseline - 0.3 * size) - 1;
  const double top = std::max(loc.box.top(), baseline + 1.0 * size) + 1;
  const PdfRect rect(left, bottom, right - left, top - bottom);

  PdfXObject xobject(PdfRect(0, 0, right - left, top - bottom), &doc);
  {
    PdfPainter painter;
    painter.SetPage(&xobject);
    // See pdf_sign.cpp: an empty pair first, for viewers that reject a lone q..Q group.
    painter.Save();
    painter.Restore();
    painter.SetColor(1, 1, 1);
    for (const auto& [x0, x1] : plan->covers) {
      painter.Rectangle(x0 - left, baseline - 0.3 * size - bottom, x1 - x0, 1.3 * size);
    }
    for (const Piece& piece : plan->pieces) {
      painter.Rectangle(piece.x - left, baseline - 0.3 * size - bottom, TextWidth(font, piece.text),
                        1.3 * size);
    }
    painter.Fill();
    painter.SetColor(0, 0, 0);
    painter.SetFont(font);
    for (const Piece& piece : plan->pieces) {
      painter.DrawText(piece.x - left, baseline - bottom, internal::Utf8String(piece.text));
    }
    painter.FinishPage();
  }

  PdfAnnotation* annotation = page.CreateAnnotation(ePdfAnnotation_FreeText, rect);
  // Printed, and neither movable nor editable in a viewer: it is part of the issued document.
  annotation->SetFlags(ePdfAnnotationFlags_Print | ePdfAnnotationFlags_ReadOnly |
                       ePdfAnnotationFlags_Locked | ePdfAnnotationFlags_LockedContents);
  annotation->SetContents(value);
  annotation->SetAppearanceStream(&xobject);
  PdfDictionary& dict = annotation->GetObject()->GetDictionary();
  dict.AddKey(PdfName("NM"), PdfString(name));
  // FreeText requires /DA (ISO 32000-1 Table 174); our appearance is what viewers draw.
  char da[64];
  std::snprintf(da, sizeof da, "/Helv %.1f Tf 0 g", size);
  dict.AddKey(PdfName("DA"), PdfString(da));
  PdfDictionary border;
  border.AddKey(PdfName("W"), PdfObject(static_cast<pdf_int64>(0)));
  dict.AddKey(PdfName("BS"), border);
}

std::string WriteUpdate(PdfMemDocument& doc) {
  PdfRefCountedBuffer buffer;
  PdfOutputDevice memory(&buffer);
  // Truncate = copy the original bytes first, then append the update (pdf_sign.cpp).
  doc.WriteUpdate(&memory, /*bTruncate=*/true);
  return std::string(buffer.GetBuffer(), memory.GetLength());
}

Status CheckLocation(const std::optional<TextLocation>& loc, const std::string& field,
                     int page_count) {
  if (!loc || !IsFiniteBox(loc->box) || !std::isfinite(loc->baseline) ||
      !std::isfinite(loc->font_size) || loc->font_size < 0 || loc->font_size > 200) {
    return Error::InvalidField(field, "required",
                               field == "positions.number"
                                   ? "Chưa có vị trí hợp lệ của dòng “Số:” trên trang."
                                   : "Chưa có vị trí hợp lệ của dòng địa danh, ngày tháng năm.");
  }
  if (loc->page < 1 || loc->page > page_count) {
    return Error::InvalidField(field + ".page", "out_of_range",
                               "Trang không tồn tại trong tài liệu.");
  }
  return Ok();
}

// Staff typed or the register made these texts (untrusted): one line each, bounded.
Status CheckTexts(std::string_view number_text, std::string_view date_line) {
  if (number_text.empty() || !internal::IsOneLine(number_text, 100)) {
    return Error::InvalidField("numberText", "format",
                               "Số, ký hiệu văn bản trống, quá dài hoặc có ký tự không hợp lệ.");
  }
  if (date_line.empty() || !internal::IsOneLine(date_line, 200)) {
    return Error::InvalidField("dateLine", "format",
                               "Dòng địa danh, ngày tháng năm trống, quá dài hoặc có ký tự không "
                               "hợp lệ.");
  }
  return Ok();
}

// The stamp's annotations added to a file already loaded for update (below); nothing written.
// The pages the annotations were created through go to `held`, to be deleted after the update is
// written.
Status AddStamp(internal::UntrustedPdf& file, const NumberAndDatePositions& positions,
                std::string_view number_text, std::string_view date_line,
                std::vector<std::unique_ptr<PdfPage>>& held);

// StampNumberAndDate on a file already loaded for update: AddStamp, then the update written.
Result<std::string> StampIn(internal::UntrustedPdf& file, const NumberAndDatePositions& positions,
                            std::string_view number_text, std::string_view date_line);

}  // namespace

Result<std::string> StampNumberAndDate(std::string_view pdf,
                                       const NumberAndDatePositions& positions,
                                       std::string_view number_text, std::string_view date_line,
                                       const CpuBudget& budget) {
  CQDT_RETURN_IF_ERROR(CheckTexts(number_text, date_line));
  internal::UntrustedPdf file(pdf, budget);
  CQDT_RETURN_IF_ERROR(file.Load(/*for_update=*/true));
  return StampIn(file, positions, number_text, date_line);
}

namespace {

// PdfVariant::SetDirty is protected (PoDoFo 0.9.8 has no public way to say "read, not changed").
// Never instantiated.
struct VariantAccess : PdfObject {
  static constexpr auto kSetDirty = &VariantAccess::SetDirty;
};

}  // namespace

struct NumberStamper::State {
  State(std::string_view pdf, const CpuBudget& budget) : original(pdf), file(pdf, budget) {}
  std::string_view original;  // the file as loaded
  internal::UntrustedPdf file;
  bool loaded = false;
  bool stamped = false;
  // StampAndSign: the stamp's pages and the seal's field, kept until the update is written (and
  // for a second Write after the CMS did not fit).
  std::vector<std::unique_ptr<PdfPage>> held;
  internal::PendingSignature signature;
  bool retry_allowed = false;  // StampAndSign failed with TooLarge
};

NumberStamper::NumberStamper(std::string_view pdf, const CpuBudget& budget)
    : state_(std::make_unique<State>(pdf, budget)) {}

NumberStamper::~NumberStamper() = default;

namespace {

// Runs `read` on the stamper's document, loaded once, leaving it as if nothing had been read.
// Reading the page's text loads its content and font streams (and walking the page tree its
// dictionaries), which PoDoFo then counts as changed: the stamp's update would carry them again,
// and a rewritten content stream reads as a change of the signed page to a validator that compares
// revisions. Nothing was changed, so nothing read is written (the update holds only what
// StampNumberAndDate alone would write).
template <typename Read>
auto ReadUnchanged(internal::UntrustedPdf& file, bool& loaded, Read read) -> decltype(read(file)) {
  if (!loaded) {
    CQDT_RETURN_IF_ERROR(file.Load(/*for_update=*/true));
    loaded = true;
  }
  PdfVecObjects& objects = file.doc().GetObjects();
  // What loading itself changed (PoDoFo refreshes the Info dictionary) stays to be written.
  std::vector<PdfObject*> changed_by_load;
  for (PdfObject* obj : objects) {
    if (obj != nullptr && obj->IsDirty()) {
      changed_by_load.push_back(obj);
    }
  }
  auto out = read(file);
  for (PdfObject* obj : objects) {
    if (obj != nullptr && obj->IsDirty()) {
      (obj->*VariantAccess::kSetDirty)(false);
    }
  }
  for (PdfObject* obj : changed_by_load) {
    (obj->*VariantAccess::kSetDirty)(true);
  }
  return out;
}

}  // namespace

Result<NumberAndDatePositions> NumberStamper::Find() {
  return ReadUnchanged(state_->file, state_->loaded, [](internal::UntrustedPdf& file) {
    return internal::FindPositionsIn(file);
  });
}

Result<std::vector<std::pair<double, double>>> NumberStamper::PageSizes() {
  return ReadUnchanged(state_->file, state_->loaded,
                       [](internal::UntrustedPdf& file) { return internal::PageSizesIn(file); });
}

Result<std::string> NumberStamper::Stamp(const NumberAndDatePositions& positions,
                                         std::string_view number_text, std::string_view date_line) {
  if (state_->stamped) {
    return Error::Internal();  // the document holds the first stamp's annotations
  }
  if (!state_->loaded) {
    CQDT_RETURN_IF_ERROR(state_->file.Load(/*for_update=*/true));
    state_->loaded = true;
  }
  state_->stamped = true;
  return StampIn(state_->file, positions, number_text, date_line);
}

namespace {

// The stamp and the signature as one update of `file` (loaded for update from `pdf`).
Result<std::string> StampAndSignIn(internal::UntrustedPdf& file, std::string_view original,
                                   const NumberAndDatePositions* positions,
                                   std::string_view number_text, std::string_view date_line,
                                   const SignatureRequest& request, const CmsMaker& make_cms,
                                   std::vector<std::unique_ptr<PdfPage>>& held,
                                   internal::PendingSignature& signature) {
  if (positions != nullptr) {  // nullptr: Sign, no stamp
    CQDT_RETURN_IF_ERROR(AddStamp(file, *positions, number_text, date_line, held));
  }
  CQDT_RETURN_IF_ERROR(signature.Prepare(file, request));
  return signature.Write(file, original, request.contents_reserve, make_cms);
}

}  // namespace

Result<std::string> NumberStamper::StampAndSign(const NumberAndDatePositions& positions,
                                                std::string_view number_text,
                                                std::string_view date_line,
                                                const SignatureRequest& request,
                                                const CmsMaker& make_cms) {
  return SignWith(&positions, number_text, date_line, request, make_cms);
}

Result<std::string> NumberStamper::SignWith(const NumberAndDatePositions* positions,
                                            std::string_view number_text,
                                            std::string_view date_line,
                                            const SignatureRequest& request,
                                            const CmsMaker& make_cms) {
  State& st = *state_;
  if (st.signature.prepared()) {
    if (!st.retry_allowed) {
      return Error::Internal();
    }
    // Called again after the CMS did not fit: the parsed document holds the first attempt and
    // PoDoFo cannot write it twice (sign_update.hpp), so this rare path parses the file anew.
    st.retry_allowed = false;
    internal::UntrustedPdf file(st.original, st.file.budget());
    CQDT_RETURN_IF_ERROR(file.Load(/*for_update=*/true));
    std::vector<std::unique_ptr<PdfPage>> held;
    internal::PendingSignature signature;
    return StampAndSignIn(file, st.original, positions, number_text, date_line, request, make_cms,
                          held, signature);
  }
  if (st.stamped) {
    return Error::Internal();
  }
  if (!st.loaded) {
    CQDT_RETURN_IF_ERROR(st.file.Load(/*for_update=*/true));
    st.loaded = true;
  }
  st.stamped = true;
  auto out = StampAndSignIn(st.file, st.original, positions, number_text, date_line, request,
                            make_cms, st.held, st.signature);
  st.retry_allowed = !out && out.error().code() == ErrorCode::kTooLarge;
  return out;
}

Result<std::string> NumberStamper::Sign(const SignatureRequest& request, const CmsMaker& make_cms) {
  return SignWith(nullptr, {}, {}, request, make_cms);
}

namespace {

Status AddStamp(internal::UntrustedPdf& file, const NumberAndDatePositions& positions,
                std::string_view number_text, std::string_view date_line,
                std::vector<std::unique_ptr<PdfPage>>& held) {
  CQDT_RETURN_IF_ERROR(CheckTexts(number_text, date_line));
  const CpuBudget& budget = file.budget();
  PdfMemDocument& doc = file.doc();
  try {
    CQDT_RETURN_IF_ERROR(CheckStampAllowed(doc, budget));
    CQDT_ASSIGN_OR_RETURN(const internal::PageTree pages, internal::PageTree::Walk(doc, budget));
    CQDT_RETURN_IF_ERROR(CheckLocation(positions.number, "positions.number", pages.page_count()));
    CQDT_RETURN_IF_ERROR(CheckLocation(positions.date, "positions.date", pages.page_count()));
    // Ours to delete after the update is written (the annotations belong to the document).
    auto page_of = [&](int number) -> PdfPage& {
      const int index = number - 1;
      held.push_back(std::make_unique<PdfPage>(pages.page(index), pages.Parents(index)));
      return *held.back();
    };
    // i18n: Vietnamese only (the label printed on the document)
    const std::string number_line = "Số: " + std::string(number_text);
    // i18n: end
    internal::StampFonts fonts(doc);
    AddLineAnnotation(doc, fonts, page_of(positions.number->page), *positions.number, number_line,
                      /*italic=*/false, "cqdt-number");
    // Decree 30/2020 Phụ lục I: the place and date line is italic.
    AddLineAnnotation(doc, fonts, page_of(positions.date->page), *positions.date,
                      std::string(date_line), /*italic=*/true, "cqdt-date");
    fonts.Embed();
    return file.Check();
  } catch (const PdfError&) {
    return file.Failure(
        Error::Malformed("Không thể ghi số và ngày vào tệp PDF này: cấu trúc tệp không hợp lệ."));
  }
}

Result<std::string> StampIn(internal::UntrustedPdf& file, const NumberAndDatePositions& positions,
                            std::string_view number_text, std::string_view date_line) {
  std::vector<std::unique_ptr<PdfPage>> held;
  CQDT_RETURN_IF_ERROR(AddStamp(file, positions, number_text, date_line, held));
  try {
    std::string out = WriteUpdate(file.doc());
    CQDT_RETURN_IF_ERROR(file.Check());
    return out;
  } catch (const PdfError&) {
    return file.Failure(
        Error::Malformed("Không thể ghi số và ngày vào tệp PDF này: cấu trúc tệp không hợp lệ."));
  }
}

}  // namespace

}  // namespace cqdt::pdf
