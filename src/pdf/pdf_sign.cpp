// SignPdf: one PAdES signature appended as an incremental update.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "appearance_image.hpp"
#include "page_tree.hpp"
#include "pdf/pdf.hpp"
#include "pdf_internal.hpp"
#include "sign_update.hpp"
#include "untrusted_pdf.hpp"

namespace cqdt::pdf {

using namespace PoDoFo;

namespace {

// Fits a chain of three RSA-4096 certificates (~2 KB each), the SignerInfo and an RFC 3161
// token with its own TSA chain, with room to spare.
constexpr std::size_t kDefaultContentsReserve = 24576;
constexpr double kLineHeight = 1.2;  // × font size

// What PdfSignatureField::SetSignature writes as /ByteRange (PoDoFo 0.9.8), wide enough for the
// real values of files up to 10 GB.
constexpr const char kByteRangePlaceholder[] = "[ 0 1234567890 1234567890 1234567890]";

// `size` characters that cannot occur elsewhere in the update: a random 32-character block
// repeated. Not a secret; only unique.
std::string Beacon(std::size_t size) {
  static constexpr char kAlphabet[] = "GHIJKLMNOPQRSTUVWXYZ";
  thread_local std::mt19937_64 random(std::random_device{}());
  std::string block(32, 'G');
  for (auto& c : block) {
    c = kAlphabet[random() % (sizeof(kAlphabet) - 1)];
  }
  std::string out;
  out.reserve(size);
  while (out.size() < size) {
    out.append(block, 0, std::min(block.size(), size - out.size()));
  }
  return out;
}

std::string FirstFreeName(const std::vector<std::string>& names, std::size_t start) {
  for (std::size_t n = start;; ++n) {
    std::string candidate = "Signature" + std::to_string(n);
    if (std::find(names.begin(), names.end(), candidate) == names.end()) {
      return candidate;
    }
  }
}

// The widget's normal appearance: the PNG scaled to fit the rectangle's upper part (all of it
// without text), then the text lines centred underneath.
Status DrawAppearance(PdfMemDocument& doc, PdfSignatureField& field,
                      const SignatureAppearance& appearance) {
  const double w = appearance.width;
  const double h = appearance.height;
  // Load the image before the painter exists: a painter left unfinished throws from its
  // destructor.
  // Made once per distinct PNG and reused (appearance_image.hpp).
  std::unique_ptr<PdfImage> image;
  if (!appearance.image_png.empty()) {
    try {
      image = internal::AppearanceImage(doc, appearance.image_png);
    } catch (const PdfError&) {
      return Error::InvalidField("appearance.imagePng", "format",
                                 "Ảnh chữ ký không phải PNG hợp lệ.");
    }
  }
  PdfXObject xobject(PdfRect(0, 0, w, h), &doc);
  PdfPainter painter;
  painter.SetPage(&xobject);
  // Some viewers reject a form whose stream is a single self-contained q..Q group ("Expected a
  // dict object"); an empty pair first avoids it.
  painter.Save();
  painter.Restore();

  const double fs = appearance.font_size > 0 ? appearance.font_size : 10;
  // The same layout callers plan with (LayoutAppearance), in the widget's own coordinates.
  const AppearanceLayout layout = LayoutAppearance(appearance);
  const double text_height = layout.text.height;
  if (image) {
    const double area_h = layout.image_area.height;
    const double iw = image->GetWidth();
    const double ih = image->GetHeight();
    if (iw > 0 && ih > 0 && area_h > 0) {
      const double scale = std::min(w / iw, area_h / ih);
      const double dx = (w - iw * scale) / 2;
      const double dy = text_height + (area_h - ih * scale) / 2;
      painter.DrawImage(dx, dy, image.get(), scale, scale);
    }
  }
  if (!appearance.lines.empty()) {
    PdfFont* font = internal::SerifFont(doc, false, false);
    font->SetFontSize(static_cast<float>(fs));
    painter.SetFont(font);
    const std::uint32_t rgb = appearance.text_rgb;
    painter.SetColor(((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                     (rgb & 0xFF) / 255.0);
    const double descent = std::abs(font->GetFontMetrics()->GetDescent());
    for (std::size_t i = 0; i < appearance.lines.size(); ++i) {
      const PdfString text = internal::Utf8String(appearance.lines[i]);
      const double tw = font->GetFontMetrics()->StringWidth(text);
      const double x = std::max(0.0, (w - tw) / 2);
      const double baseline = text_height - static_cast<double>(i + 1) * fs * kLineHeight + descent;
      painter.DrawText(x, baseline, text);
    }
  }
  painter.FinishPage();
  field.SetAppearanceStream(&xobject);
  return Ok();
}

std::size_t ReserveOf(std::size_t requested) {
  return requested == 0 ? kDefaultContentsReserve : requested;
}

Status CheckReserve(std::size_t reserve) {
  if (reserve > 1024 * 1024) {
    return Error::InvalidField("contentsReserve", "out_of_range",
                               "Dung lượng dành cho chữ ký quá lớn.");
  }
  return Ok();
}

}  // namespace

namespace internal {

PendingSignature::PendingSignature() = default;
PendingSignature::~PendingSignature() = default;

Status PendingSignature::Prepare(UntrustedPdf& file, const SignatureRequest& request) {
  if (field_) {
    return Error::Internal();
  }
  PdfMemDocument& doc = file.doc();
  const CpuBudget& budget = file.budget();
  if (request.certify_permissions &&
      (*request.certify_permissions < 1 || *request.certify_permissions > 3)) {
    return Error::InvalidField("certifyPermissions", "out_of_range",
                               "Quyền chứng thực phải là 1, 2 hoặc 3.");
  }
  CQDT_RETURN_IF_ERROR(CheckReserve(ReserveOf(request.contents_reserve)));
  if (request.appearance) {
    const SignatureAppearance& a = *request.appearance;
    if (!(a.width > 0) || !(a.height > 0) || !std::isfinite(a.x) || !std::isfinite(a.y) ||
        !std::isfinite(a.width) || !std::isfinite(a.height)) {
      return Error::InvalidField("appearance", "out_of_range",
                                 "Kích thước vùng hiển thị chữ ký không hợp lệ.");
    }
  }

  try {
    std::vector<std::string> names;
    CQDT_ASSIGN_OR_RETURN(const std::vector<internal::SignatureFieldRef> existing,
                          internal::FindSignatureFields(doc, budget, &names));
    // ISO 32000-1 §12.8.2.2: a certification signature must be the first in the document.
    if (request.certify_permissions && !existing.empty()) {
      return Error::FailedPrecondition("Chỉ được ký chứng thực tài liệu chưa có chữ ký nào.");
    }
    // ISO 32000-1 Table 254: P=1 forbids any change, further signatures included.
    for (const internal::SignatureFieldRef& ref : existing) {
      if (internal::DocMdpPermissions(doc, ref.value) == 1) {
        return Error::FailedPrecondition(
            "Tài liệu đã được ký chứng thực không cho phép thay đổi, kể cả ký thêm.");
      }
    }
    std::string field_name = request.field_name;
    if (field_name.empty()) {
      field_name = FirstFreeName(names, existing.size() + 1);
    } else if (std::find(names.begin(), names.end(), field_name) != names.end()) {
      return Error::InvalidField("fieldName", "duplicate", "Tên trường chữ ký đã tồn tại.");
    }

    // The pages as walked, never PoDoFo's GetPageCount()/GetPage(), which trust /Count
    // (page_tree.hpp).
    CQDT_ASSIGN_OR_RETURN(const internal::PageTree pages, internal::PageTree::Walk(doc, budget));
    const int page_count = pages.page_count();
    int page_index = 0;  // invisible signatures live on the first page
    if (request.appearance) {
      const int page_number = request.appearance->page;
      if (page_number < 0 || page_number > page_count) {
        return Error::InvalidField("appearance.page", "out_of_range",
                                   "Trang không tồn tại trong tài liệu.");
      }
      page_index = page_number == 0 ? page_count - 1 : page_number - 1;
    }
    // Ours to delete, after the update is written (the widget below belongs to it).
    auto page_holder = std::make_unique<PdfPage>(pages.page(page_index), pages.Parents(page_index));
    PdfPage* page = page_holder.get();

    PdfAcroForm* acroform = doc.GetAcroForm(ePdfCreateObject, ePdfAcroFormDefaultAppearance_None);
    PdfDictionary& form = acroform->GetObject()->GetDictionary();
    // SigFlags 3 = SignaturesExist | AppendOnly (ISO 32000-1 Table 219): viewers must save
    // further changes as incremental updates so this signature stays valid.
    if (internal::IntegerOf(form.GetKey(PdfName("SigFlags"))) != 3) {
      form.AddKey(PdfName("SigFlags"), PdfObject(static_cast<pdf_int64>(3)));
    }
    if (acroform->GetNeedAppearances()) {
      acroform->SetNeedAppearances(false);
    }

    const PdfRect rect = request.appearance
                             ? PdfRect(request.appearance->x, request.appearance->y,
                                       request.appearance->width, request.appearance->height)
                             : PdfRect(0, 0, 0, 0);
    PdfAnnotation* widget = page->CreateAnnotation(ePdfAnnotation_Widget, rect);
    // Print + Locked, as Acrobat writes them; an invisible signature has a zero rectangle.
    widget->SetFlags(ePdfAnnotationFlags_Print | ePdfAnnotationFlags_Locked);

    auto field_holder = std::make_unique<PdfSignatureField>(widget, acroform, &doc);
    PdfSignatureField& field = *field_holder;
    field.SetFieldName(internal::Utf8String(field_name));
    field.EnsureSignatureObject();
    PdfObject* sig = field.GetSignatureObject();
    PdfDictionary& sigdict = sig->GetDictionary();
    sigdict.AddKey(PdfName("Filter"), PdfName("Adobe.PPKLite"));
    // PAdES (ETSI EN 319 142-1): PoDoFo writes adbe.pkcs7.detached by default.
    sigdict.AddKey(PdfName("SubFilter"), PdfName("ETSI.CAdES.detached"));
    sigdict.AddKey(PdfName("M"), PdfString(internal::PdfDate(request.signing_time)));
    if (!request.signer_name.empty()) {
      sigdict.AddKey(PdfName("Name"), internal::Utf8String(request.signer_name));
    }
    if (!request.reason.empty()) {
      sigdict.AddKey(PdfName("Reason"), internal::Utf8String(request.reason));
    }
    if (!request.location.empty()) {
      sigdict.AddKey(PdfName("Location"), internal::Utf8String(request.location));
    }
    if (request.certify_permissions) {
      // DocMDP (ISO 32000-1 §12.8.2.2): the signature reference in the signature dictionary,
      // and the catalog's /Perms pointing at the signature dictionary.
      PdfDictionary params;
      params.AddKey(PdfName("Type"), PdfName("TransformParams"));
      params.AddKey(PdfName("P"), PdfObject(static_cast<pdf_int64>(*request.certify_permissions)));
      params.AddKey(PdfName("V"), PdfName("1.2"));
      PdfDictionary sigref;
      sigref.AddKey(PdfName("Type"), PdfName("SigRef"));
      sigref.AddKey(PdfName("TransformMethod"), PdfName("DocMDP"));
      sigref.AddKey(PdfName("TransformParams"), params);
      PdfArray references;
      references.push_back(sigref);
      sigdict.AddKey(PdfName("Reference"), references);
      PdfDictionary perms;
      perms.AddKey(PdfName("DocMDP"), sig->Reference());
      doc.GetCatalog()->GetDictionary().AddKey(PdfName("Perms"), perms);
    }
    if (request.appearance) {
      CQDT_RETURN_IF_ERROR(DrawAppearance(doc, field, *request.appearance));
    }
    page_ = std::move(page_holder);
    field_ = std::move(field_holder);
    return Ok();
  } catch (const PdfError&) {
    // The file loaded, but its structure defeats the update (a broken page tree, a bad image),
    // or a budget or limit stopped PoDoFo.
    return file.Failure(Error::Malformed("Không thể ký tệp PDF này: cấu trúc tệp không hợp lệ."));
  }
}

Result<std::string> PendingSignature::Write(UntrustedPdf& file, std::string_view pdf,
                                            std::size_t requested_reserve,
                                            const CmsMaker& make_cms) {
  if (!field_ || written_) {
    return Error::Internal();
  }
  written_ = true;
  const std::size_t reserve = ReserveOf(requested_reserve);
  CQDT_RETURN_IF_ERROR(CheckReserve(reserve));
  PdfMemDocument& doc = file.doc();
  try {
    // The update is written with a unique placeholder in /Contents and PoDoFo's fixed-width
    // /ByteRange placeholder; both are then found in the appended bytes and filled in place.
    // (PoDoFo's PdfSignOutputDevice does the same but compares every byte of the whole file
    // against its beacon and writes the padding one byte at a time: a third of the signing time
    // of a one-page document, see bench/signing_bench.cpp.)
    const std::string beacon = Beacon(2 * reserve);
    field_->SetSignature(PdfData(beacon.data(), beacon.size()));
    PdfRefCountedBuffer buffer;
    PdfOutputDevice memory(&buffer);
    // Truncate = copy the original bytes first, then append the update: the original file is a
    // byte-identical prefix of the output, which keeps every earlier signature valid.
    doc.WriteUpdate(&memory, /*bTruncate=*/true);
    // A stream of the file refused while writing would have been written empty.
    CQDT_RETURN_IF_ERROR(file.Check());
    std::string out(buffer.GetBuffer(), memory.GetLength());
    // The beacon is random and appears only in the update (after the original bytes). Search for
    // its first block, then compare the whole: a search for the long periodic beacon itself is
    // quadratic inside it.
    std::size_t contents = out.find(std::string_view(beacon).substr(0, 32), pdf.size());
    if (contents != std::string::npos && out.compare(contents, beacon.size(), beacon) != 0) {
      contents = std::string::npos;
    }
    const std::size_t range = contents == std::string::npos
                                  ? std::string::npos
                                  : out.rfind(kByteRangePlaceholder, contents);
    if (contents == std::string::npos || range == std::string::npos || range < pdf.size() ||
        contents == 0 || out[contents - 1] != '<' || contents + beacon.size() >= out.size() ||
        out[contents + beacon.size()] != '>') {
      return Error::Internal();
    }
    // ByteRange: everything but the hex string with its angle brackets.
    const std::size_t gap_start = contents - 1;
    const std::size_t gap_end = contents + beacon.size() + 1;
    std::string byte_range = "[0 " + std::to_string(gap_start) + " " + std::to_string(gap_end) +
                             " " + std::to_string(out.size() - gap_end);
    const std::size_t placeholder_size = std::string_view(kByteRangePlaceholder).size();
    if (byte_range.size() + 1 > placeholder_size) {
      return Error::Internal();
    }
    byte_range.append(placeholder_size - 1 - byte_range.size(), ' ');  // padded inside, as PoDoFo
    byte_range += ']';
    out.replace(range, placeholder_size, byte_range);
    std::string to_sign;
    to_sign.reserve(out.size() - (gap_end - gap_start));
    to_sign.append(out, 0, gap_start);
    to_sign.append(out, gap_end, std::string::npos);
    Result<std::string> cms = make_cms(to_sign);
    if (!cms) {
      return cms.error();
    }
    if (cms->empty()) {
      return Error::Internal();
    }
    if (cms->size() > reserve) {
      return Error::TooLarge("Chữ ký số vượt quá dung lượng dành sẵn trong tệp PDF.");
    }
    static constexpr char kHex[] = "0123456789ABCDEF";
    char* hex = out.data() + contents;
    for (unsigned char c : *cms) {
      *hex++ = kHex[c >> 4];
      *hex++ = kHex[c & 15];
    }
    std::fill(hex, out.data() + contents + beacon.size(), '0');
    return out;
  } catch (const PdfError&) {
    return file.Failure(Error::Malformed("Không thể ký tệp PDF này: cấu trúc tệp không hợp lệ."));
  }
}

}  // namespace internal

Result<std::string> SignPdf(std::string_view pdf, const SignatureRequest& request,
                            const CmsMaker& make_cms, const CpuBudget& budget) {
  internal::UntrustedPdf file(pdf, budget);
  CQDT_RETURN_IF_ERROR(file.Load(/*for_update=*/true));
  internal::PendingSignature signature;
  CQDT_RETURN_IF_ERROR(signature.Prepare(file, request));
  return signature.Write(file, pdf, request.contents_reserve, make_cms);
}

}  // namespace cqdt::pdf
