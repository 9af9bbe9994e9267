// ReadSignatures, SignedBytes, PageSizes: reading PDFs we did not write (untrusted input).
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "page_tree.hpp"
#include "pdf/pdf.hpp"
#include "pdf_internal.hpp"
#include "stamp_internal.hpp"
#include "untrusted_pdf.hpp"

namespace cqdt::pdf {

using namespace PoDoFo;

namespace {

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return c - 'A' + 10;
}

// The end of the BER/DER element starting at `pos`: definite lengths, and the indefinite form
// (0x80 ... 00 00) that NSS writes. Untrusted input: bounded depth, every length checked.
std::optional<std::size_t> BerEnd(std::string_view der, std::size_t pos, int depth) {
  if (depth > 64 || pos + 2 > der.size()) {
    return std::nullopt;
  }
  const auto tag = static_cast<unsigned char>(der[pos]);
  if ((tag & 0x1F) == 0x1F) {
    return std::nullopt;  // high tag numbers do not occur in CMS
  }
  const auto first = static_cast<unsigned char>(der[pos + 1]);
  std::size_t p = pos + 2;
  if (first == 0x80) {
    if ((tag & 0x20) == 0) {
      return std::nullopt;  // indefinite length needs a constructed element
    }
    for (;;) {
      if (p + 2 > der.size()) {
        return std::nullopt;
      }
      if (der[p] == '\0' && der[p + 1] == '\0') {
        return p + 2;
      }
      const auto child = BerEnd(der, p, depth + 1);
      if (!child) {
        return std::nullopt;
      }
      p = *child;
    }
  }
  std::size_t len = first;
  if (first > 0x80) {
    const std::size_t n = first & 0x7F;
    if (n > 4 || p + n > der.size()) {
      return std::nullopt;
    }
    len = 0;
    for (std::size_t i = 0; i < n; ++i) {
      len = (len << 8) | static_cast<unsigned char>(der[p + i]);
    }
    p += n;
  }
  if (len > der.size() - p) {
    return std::nullopt;
  }
  return p + len;
}

// /Contents is reserved larger than the CMS and padded with zeros. The BER/DER header tells the
// real length (stripping zeros blindly would cut a BER end-of-contents marker or a DER INTEGER
// that ends in 0x00); zeros are stripped only when the header is unusable. Reads `raw` in place
// (a hostile file may give a hundred signatures one large shared /Contents).
std::size_t ContentsLength(std::string_view raw) {
  if (auto end = BerEnd(raw, 0, 0)) {
    return *end;
  }
  std::size_t n = raw.size();
  while (n > 0 && raw[n - 1] == '\0') {
    --n;
  }
  return n;
}

// Name, Reason, Location: shown to people, never parsed. A hostile file may make every
// signature's /Reason the same megabytes-long string.
constexpr std::size_t kMaxTextBytes = 1024;

std::string TextOf(PdfObject* dict, const char* key) {
  const PdfObject* v = dict->GetDictionary().GetKey(PdfName(key));
  if (v == nullptr || !(v->IsString() || v->IsHexString())) {
    return {};
  }
  std::string text = internal::ToUtf8(v->GetString());
  if (text.size() > kMaxTextBytes) {
    std::size_t cut = kMaxTextBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;  // not inside a UTF-8 sequence
    }
    text.resize(cut);
    // i18n: Vietnamese only (an ellipsis, the same in every language)
    text += "…";
    // i18n: end
  }
  return text;
}

// The 1-based page of a widget with a non-empty rectangle: the page its /P names, else the first
// page whose /Annots lists it.
Result<std::optional<int>> VisiblePage(PdfMemDocument& doc, const internal::PageTree& pages,
                                       PdfObject* field, const CpuBudget& budget) {
  PdfObject* widget = field;
  // A field with exactly one widget kid (no /T) keeps its rectangle on the kid.
  if (!field->GetDictionary().HasKey(PdfName("Rect"))) {
    PdfObject* kids = field->GetIndirectKey(PdfName("Kids"));
    if (kids == nullptr || !kids->IsArray() || kids->GetArray().empty() ||
        !kids->GetArray()[0].IsReference()) {
      return std::optional<int>();
    }
    widget = doc.GetObjects().GetObject(kids->GetArray()[0].GetReference());
    if (widget == nullptr || !widget->IsDictionary()) {
      return std::optional<int>();
    }
  }
  PdfObject* rect = widget->GetIndirectKey(PdfName("Rect"));
  if (rect == nullptr || !rect->IsArray() || rect->GetArray().size() != 4) {
    return std::optional<int>();
  }
  double r[4];
  for (int i = 0; i < 4; ++i) {
    const PdfObject& v = rect->GetArray()[static_cast<std::size_t>(i)];
    if (!v.IsNumber() && !v.IsReal()) {
      return std::optional<int>();
    }
    r[i] = v.GetReal();
  }
  if (std::abs(r[2] - r[0]) < 1e-6 || std::abs(r[3] - r[1]) < 1e-6) {
    return std::optional<int>();  // invisible signature
  }
  // Pages come from the walked page tree, never from /Count (page_tree.hpp).
  const PdfObject* p = widget->GetDictionary().GetKey(PdfName("P"));
  if (p != nullptr && p->IsReference()) {
    if (auto n = pages.PageNumberOf(p->GetReference())) {
      return n;
    }
  }
  if (!widget->Reference().IsIndirect()) {
    return std::optional<int>();
  }
  return pages.PageListingAnnotation(widget->Reference(), budget);
}

// Checks the ByteRange against the raw file (untrusted input: never trust an offset), and sets
// `contents` (the CMS) when it holds. `raw_contents` is the decoded /Contents string.
void CheckByteRange(std::string_view pdf, std::string_view raw_contents, PdfSignatureInfo& info) {
  const auto& br = info.byte_range;
  const auto size = static_cast<std::int64_t>(pdf.size());
  if (br.size() != 4 || raw_contents.empty()) {
    return;
  }
  const std::int64_t o1 = br[0];
  const std::int64_t l1 = br[1];
  const std::int64_t o2 = br[2];
  const std::int64_t l2 = br[3];
  if (o1 != 0 || l1 <= 0 || o2 < 0 || l2 < 0 || l1 > size || o2 > size || l2 > size - o2 ||
      o2 < l1 + 2) {
    return;
  }
  // The gap must be exactly one hex string: '<', hex digits, '>'.
  const std::string_view gap =
      pdf.substr(static_cast<std::size_t>(l1), static_cast<std::size_t>(o2 - l1));
  if (gap.front() != '<' || gap.back() != '>' || gap.size() % 2 != 0) {
    return;
  }
  const std::string_view hex = gap.substr(1, gap.size() - 2);
  if (!std::all_of(hex.begin(), hex.end(), IsHexDigit)) {
    return;
  }
  // ...and it must be this signature's /Contents (not some other string in the file).
  const std::size_t length = ContentsLength(raw_contents);
  if (length * 2 > hex.size()) {
    return;
  }
  std::string cms(raw_contents.substr(0, length));
  for (std::size_t i = 0; i < hex.size() / 2; ++i) {
    const char byte = static_cast<char>(HexValue(hex[2 * i]) * 16 + HexValue(hex[2 * i + 1]));
    const char expected = i < cms.size() ? cms[i] : '\0';
    if (byte != expected) {
      return;
    }
  }
  info.contents = std::move(cms);
  info.byte_range_valid = true;
  info.covers_whole_document = (o2 + l2 == size);
  info.appended_bytes = size - (o2 + l2);
}

}  // namespace

Result<std::vector<PdfSignatureInfo>> ReadSignatures(std::string_view pdf,
                                                     const CpuBudget& budget) {
  internal::UntrustedPdf file(pdf, budget);
  CQDT_RETURN_IF_ERROR(file.Load(/*for_update=*/false));
  PdfMemDocument& doc = file.doc();
  std::vector<PdfSignatureInfo> out;
  try {
    CQDT_ASSIGN_OR_RETURN(internal::PageTree pages, internal::PageTree::Walk(doc, budget));
    CQDT_ASSIGN_OR_RETURN(std::vector<internal::SignatureFieldRef> fields,
                          internal::FindSignatureFields(doc, budget));
    // Each signature costs a pass over the file (its signed bytes are hashed): fields that share
    // one signature dictionary are that signature once, and the count is bounded.
    std::set<const PdfObject*> values;
    // Two signatures cannot sign with the same /Contents: the later one is not well-formed.
    std::set<std::pair<std::int64_t, std::int64_t>> gaps;
    for (const internal::SignatureFieldRef& ref : fields) {
      if (!values.insert(ref.value).second) {
        continue;
      }
      if (out.size() >= kMaxSignatures) {
        return Error::TooLarge("Tệp PDF có hơn " + std::to_string(kMaxSignatures) +
                               " chữ ký; hệ thống chỉ kiểm tra tệp có tối đa " +
                               std::to_string(kMaxSignatures) + " chữ ký.");
      }
      CQDT_RETURN_IF_ERROR(budget.Check());
      PdfSignatureInfo info;
      info.field_name = ref.full_name;
      PdfObject* sig = ref.value;
      const PdfDictionary& d = sig->GetDictionary();
      if (const PdfObject* f = d.GetKey(PdfName("Filter")); f != nullptr && f->IsName()) {
        info.filter = f->GetName().GetName();
      }
      if (const PdfObject* f = d.GetKey(PdfName("SubFilter")); f != nullptr && f->IsName()) {
        info.sub_filter = f->GetName().GetName();
      }
      if (PdfObject* br = sig->GetIndirectKey(PdfName("ByteRange"));
          br != nullptr && br->IsArray()) {
        // Four numbers; a longer array is not well-formed whatever it holds.
        const std::size_t n = std::min<std::size_t>(br->GetArray().size(), 5);
        for (std::size_t i = 0; i < n; ++i) {
          const auto v = internal::IntegerOf(&br->GetArray()[i]);
          info.byte_range.push_back(v ? *v : -1);
        }
      }
      std::string_view raw_contents;
      if (const PdfObject* c = d.GetKey(PdfName("Contents"));
          c != nullptr && (c->IsHexString() || c->IsString())) {
        const PdfString& s = c->GetString();
        raw_contents = std::string_view(s.GetString(), static_cast<std::size_t>(s.GetLength()));
      }
      info.signer_name = TextOf(sig, "Name");
      info.reason = TextOf(sig, "Reason");
      info.location = TextOf(sig, "Location");
      if (const std::string m = TextOf(sig, "M"); !m.empty()) {
        info.claimed_time = internal::ParsePdfDate(m);
      }
      CQDT_ASSIGN_OR_RETURN(info.page, VisiblePage(doc, pages, ref.field, budget));
      info.certification_permissions = internal::DocMdpPermissions(doc, sig);
      if (info.byte_range.size() == 4 &&
          gaps.emplace(info.byte_range[1], info.byte_range[2]).second) {
        CheckByteRange(pdf, raw_contents, info);
      }
      out.push_back(std::move(info));
    }
    CQDT_RETURN_IF_ERROR(file.Check());
  } catch (const PdfError&) {
    return file.Failure(Error::Malformed("Tệp không phải PDF hợp lệ."));
  } catch (const std::exception&) {
    return file.Failure(Error::Malformed("Tệp không phải PDF hợp lệ."));
  }
  // Oldest first: a signature made later covers more of the file.
  auto end_of = [](const PdfSignatureInfo& s) {
    if (s.byte_range.size() != 4 || s.byte_range[2] < 0 || s.byte_range[3] < 0 ||
        s.byte_range[2] > std::numeric_limits<std::int64_t>::max() - s.byte_range[3]) {
      return std::numeric_limits<std::int64_t>::max();
    }
    return s.byte_range[2] + s.byte_range[3];
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const auto& a, const auto& b) { return end_of(a) < end_of(b); });
  return out;
}

std::string SignedBytes(std::string_view pdf, const PdfSignatureInfo& signature) {
  if (!signature.byte_range_valid || signature.byte_range.size() != 4) {
    return {};
  }
  const auto& br = signature.byte_range;
  // Re-checked here: the caller may hand us another file than the one that was read.
  const auto size = static_cast<std::int64_t>(pdf.size());
  if (br[0] != 0 || br[1] < 0 || br[1] > size || br[2] < 0 || br[2] > size || br[3] < 0 ||
      br[3] > size - br[2]) {
    return {};
  }
  std::string out;
  out.reserve(static_cast<std::size_t>(br[1] + br[3]));
  out.append(pdf.substr(0, static_cast<std::size_t>(br[1])));
  out.append(pdf.substr(static_cast<std::size_t>(br[2]), static_cast<std::size_t>(br[3])));
  return out;
}

namespace internal {

Result<std::vector<std::pair<double, double>>> PageSizesIn(UntrustedPdf& file) {
  const CpuBudget& budget = file.budget();
  std::vector<std::pair<double, double>> sizes;
  try {
    CQDT_ASSIGN_OR_RETURN(internal::PageTree pages, internal::PageTree::Walk(file.doc(), budget));
    for (int i = 0; i < pages.page_count(); ++i) {
      if (i % 256 == 255) {
        CQDT_RETURN_IF_ERROR(budget.Check());
      }
      // MediaBox is inherited through the page tree (ISO 32000-1 Table 30).
      PdfRect box;
      if (PdfObject* media = pages.Inherited(i, PdfName("MediaBox"));
          media != nullptr && media->IsArray()) {
        box.FromArray(media->GetArray());
      }
      sizes.emplace_back(box.GetWidth(), box.GetHeight());
    }
    CQDT_RETURN_IF_ERROR(file.Check());
  } catch (const PdfError&) {
    return file.Failure(Error::Malformed("Tệp không phải PDF hợp lệ."));
  } catch (const std::exception&) {
    return file.Failure(Error::Malformed("Tệp không phải PDF hợp lệ."));
  }
  return sizes;
}

}  // namespace internal

Result<std::vector<std::pair<double, double>>> PageSizes(std::string_view pdf,
                                                         const CpuBudget& budget) {
  internal::UntrustedPdf file(pdf, budget);
  CQDT_RETURN_IF_ERROR(file.Load(/*for_update=*/false));
  return internal::PageSizesIn(file);
}

}  // namespace cqdt::pdf
