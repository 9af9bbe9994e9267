// StampArrival: the "ĐẾN" stamp of Decree 30/2020 Phụ lục IV drawn on page 1 of a copy.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "page_tree.hpp"
#include "pdf/stamp.hpp"
#include "pdf_internal.hpp"
#include "untrusted_pdf.hpp"

namespace cqdt::pdf {

using namespace PoDoFo;

namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
// Phụ lục IV: the stamp is a 35 mm × 50 mm rectangle (50 wide, 35 high).
constexpr double kWidth = 50 * kPointsPerMm;
constexpr double kHeight = 35 * kPointsPerMm;
constexpr double kPadding = 5;
constexpr double kMinFontSize = 5;
constexpr std::size_t kMaxTextBytes = 200;

// Draws `text` at `size` or smaller (down to kMinFontSize) so that it fits `width`; a text still
// too wide is cut with an ellipsis.
void DrawFitted(PdfPainter& painter, PdfFont* font, std::string text, double size, double x,
                double y, double width, bool centred) {
  auto measure = [&](const std::string& t, double s) {
    font->SetFontSize(static_cast<float>(s));
    return font->GetFontMetrics()->StringWidth(internal::Utf8String(t));
  };
  while (size > kMinFontSize && measure(text, size) > width) {
    size -= 0.5;
  }
  if (measure(text, size) > width) {
    std::vector<std::string> cps = internal::CodePoints(text);
    while (!cps.empty()) {
      cps.pop_back();
      std::string cut;
      for (const std::string& cp : cps) {
        cut += cp;
      }
      cut += "\xE2\x80\xA6";  // …
      if (measure(cut, size) <= width) {
        text = cut;
        break;
      }
    }
  }
  const double w = measure(text, size);
  painter.SetFont(font);
  painter.DrawText(centred ? x + (width - w) / 2 : x, y, internal::Utf8String(text));
}

// Day and month with two digits, as a register writes them: 05/02/2026.
std::string FormatDate(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.day, d.month, d.year);
  return buf;
}

PdfObject* Resolve(PdfMemDocument& doc, PdfObject* obj) {
  if (obj != nullptr && obj->IsReference()) {
    return doc.GetObjects().GetObject(obj->GetReference());
  }
  return obj;
}

PdfObject* NewStream(PdfMemDocument& doc, const std::string& data) {
  PdfObject* obj = doc.GetObjects().CreateObject();
  obj->GetStream()->Set(data.data(), static_cast<pdf_long>(data.size()), TVecFilters());
  return obj;
}

}  // namespace

Result<std::string> StampArrival(std::string_view pdf, const ArrivalStamp& stamp,
                                 const CpuBudget& budget) {
  if (stamp.arrival_number < 1) {
    return Error::InvalidField("arrivalNumber", "out_of_range", "Số đến phải từ 1 trở lên.");
  }
  if (!ParseIsoDate(FormatIsoDate(stamp.arrival_date))) {
    return Error::InvalidField("arrivalDate", "format", "Ngày đến không phải ngày hợp lệ.");
  }
  const std::pair<const std::string*, const char*> texts[] = {
      {&stamp.agency_name, "agencyName"},
      {&stamp.forwarded_to, "forwardedTo"},
      {&stamp.file_notation, "fileNotation"}};
  for (const auto& [text, field] : texts) {
    if (!internal::IsOneLine(*text, kMaxTextBytes)) {
      return Error::InvalidField(field, "format",
                                 "Nội dung dấu “ĐẾN” quá dài (hơn " +
                                     std::to_string(kMaxTextBytes) +
                                     " byte) hoặc có ký tự không hợp lệ.");
    }
  }
  internal::UntrustedPdf file(pdf, budget);
  CQDT_RETURN_IF_ERROR(file.Load(/*for_update=*/true));
  PdfMemDocument& doc = file.doc();
  try {
    CQDT_ASSIGN_OR_RETURN(const internal::PageTree pages, internal::PageTree::Walk(doc, budget));
    PdfRect media(0, 0, 595.28, 841.89);  // A4 when the MediaBox is unreadable
    if (PdfObject* box = pages.Inherited(0, PdfName("MediaBox"));
        box != nullptr && box->IsArray() && box->GetArray().size() == 4) {
      media = PdfRect(box->GetArray());
    }
    const double left = stamp.x.value_or(media.GetLeft() + 25 * kPointsPerMm);
    const double top =
        stamp.top.value_or(media.GetBottom() + media.GetHeight() - 45 * kPointsPerMm);
    if (!std::isfinite(left) || left < media.GetLeft() ||
        left + kWidth > media.GetLeft() + media.GetWidth()) {
      return Error::InvalidField("x", "out_of_range", "Dấu “ĐẾN” nằm ngoài trang.");
    }
    if (!std::isfinite(top) || top - kHeight < media.GetBottom() ||
        top > media.GetBottom() + media.GetHeight()) {
      return Error::InvalidField("top", "out_of_range", "Dấu “ĐẾN” nằm ngoài trang.");
    }

    // The stamp as a form XObject: red frame and red text (stamp ink), transparent inside so the
    // scan shows through.
    PdfXObject xobject(PdfRect(0, 0, kWidth, kHeight), &doc);
    {
      PdfPainter painter;
      painter.SetPage(&xobject);
      painter.Save();
      painter.Restore();
      painter.SetStrokingColor(0.8, 0, 0);
      painter.SetColor(0.8, 0, 0);
      painter.SetStrokeWidth(1.2);
      painter.Rectangle(0.6, 0.6, kWidth - 1.2, kHeight - 1.2);
      painter.Stroke();
      PdfFont* bold = internal::SerifFont(doc, true, false);
      PdfFont* regular = internal::SerifFont(doc, false, false);
      const double inner = kWidth - 2 * kPadding;
      // i18n: Vietnamese only (the stamp's printed labels, Decree 30/2020 Phụ lục IV)
      DrawFitted(painter, bold, stamp.agency_name, 8, kPadding, kHeight - 13, inner, true);
      DrawFitted(painter, bold, "ĐẾN", 16, kPadding, kHeight - 32, inner, true);
      DrawFitted(painter, regular, "Số: " + std::to_string(stamp.arrival_number), 10, kPadding,
                 kHeight - 47, inner, false);
      DrawFitted(painter, regular, "Ngày: " + FormatDate(stamp.arrival_date), 10, kPadding,
                 kHeight - 60, inner, false);
      DrawFitted(painter, regular, "Chuyển: " + stamp.forwarded_to, 10, kPadding, kHeight - 73,
                 inner, false);
      DrawFitted(painter, regular, "Số và ký hiệu HS: " + stamp.file_notation, 10, kPadding,
                 kHeight - 86, inner, false);
      // i18n: end
      painter.FinishPage();
    }

    // Page 1 gets the XObject in its resources and two content streams around its own: "q" before
    // and "Q, then the stamp" after, so a graphics state the page leaves changed (an unbalanced
    // q or cm, common in scanners' output) cannot move or scale the stamp.
    PdfObject* page = pages.page(0);
    PdfDictionary& page_dict = page->GetDictionary();
    PdfObject* resources = Resolve(doc, page_dict.GetKey(PdfName("Resources")));
    if (resources == nullptr || !resources->IsDictionary()) {
      PdfObject* inherited = pages.Inherited(0, PdfName("Resources"));
      PdfObject copy = inherited != nullptr && inherited->IsDictionary()
                           ? PdfObject(*inherited)
                           : PdfObject(PdfDictionary());
      page_dict.AddKey(PdfName("Resources"), copy);
      resources = page_dict.GetKey(PdfName("Resources"));
    }
    PdfObject* xobjects = Resolve(doc, resources->GetDictionary().GetKey(PdfName("XObject")));
    if (xobjects == nullptr || !xobjects->IsDictionary()) {
      resources->GetDictionary().AddKey(PdfName("XObject"), PdfDictionary());
      xobjects = resources->GetDictionary().GetKey(PdfName("XObject"));
    }
    std::string name = "CqdtArrival";
    for (int n = 1; xobjects->GetDictionary().HasKey(PdfName(name)); ++n) {
      name = "CqdtArrival" + std::to_string(n);
    }
    xobjects->GetDictionary().AddKey(PdfName(name), xobject.GetObject()->Reference());

    PdfArray contents;
    contents.push_back(NewStream(doc, "q\n")->Reference());
    PdfObject* old = page_dict.GetKey(PdfName("Contents"));
    PdfObject* old_resolved = Resolve(doc, old);
    if (old_resolved != nullptr && old_resolved->IsArray()) {
      for (const PdfObject& item : old_resolved->GetArray()) {
        contents.push_back(item);
      }
    } else if (old != nullptr && old->IsReference()) {
      contents.push_back(*old);
    }
    char place[96];
    std::snprintf(place, sizeof place, "Q\nq 1 0 0 1 %.3f %.3f cm /", left, top - kHeight);
    contents.push_back(NewStream(doc, place + name + " Do Q\n")->Reference());
    page_dict.AddKey(PdfName("Contents"), contents);

    PdfRefCountedBuffer buffer;
    PdfOutputDevice memory(&buffer);
    doc.WriteUpdate(&memory, /*bTruncate=*/true);
    CQDT_RETURN_IF_ERROR(file.Check());
    return std::string(buffer.GetBuffer(), memory.GetLength());
  } catch (const PdfError&) {
    return file.Failure(
        Error::Malformed("Không thể đóng dấu “ĐẾN” vào tệp PDF này: cấu trúc tệp không hợp lệ."));
  }
}

}  // namespace cqdt::pdf
