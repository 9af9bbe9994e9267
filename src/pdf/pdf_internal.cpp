#include "pdf_internal.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <set>

#include "core/text.hpp"
#include "stream_checks.hpp"

namespace cqdt::pdf::internal {

using namespace PoDoFo;

void InitPodofo() {
  static std::once_flag once;
  std::call_once(once, [] {
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    PdfParser::SetMaxObjectCount(kMaxObjects);
  });
}

const char* SerifFontPath(bool bold, bool italic) {
  if (bold && italic) {
    return "/usr/share/fonts/truetype/liberation2/LiberationSerif-BoldItalic.ttf";
  }
  if (bold) {
    return "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf";
  }
  if (italic) {
    return "/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf";
  }
  return "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf";
}

PdfFont* SerifFont(PdfDocument& doc, bool bold, bool italic) {
  // Identity-H: glyphs are addressed by id, so every Vietnamese letter is reachable; PoDoFo also
  // writes a ToUnicode map, which keeps the text extractable (search, copy, pdftotext).
  PdfFont* font = doc.CreateFontSubset("Liberation Serif", bold, italic, false,
                                       PdfEncodingFactory::GlobalIdentityEncodingInstance(),
                                       SerifFontPath(bold, italic));
  if (font == nullptr) {
    PODOFO_RAISE_ERROR_INFO(ePdfError_InvalidFontFile, "Liberation Serif not found");
  }
  return font;
}

PdfString Utf8String(const std::string& utf8) {
  return PdfString(reinterpret_cast<const pdf_utf8*>(utf8.c_str()));
}

std::string WriteMadeDocument(PdfMemDocument& doc, const std::string& title,
                              const std::string& author) {
  if (!title.empty()) {
    doc.GetInfo()->SetTitle(Utf8String(title));
  }
  if (!author.empty()) {
    doc.GetInfo()->SetAuthor(Utf8String(author));
  }
  doc.GetInfo()->SetCreator(PdfString("cqdt"));
  PdfRefCountedBuffer buffer;
  PdfOutputDevice device(&buffer);
  doc.Write(&device);
  return std::string(buffer.GetBuffer(), device.GetLength());
}

std::string ToUtf8(const PdfString& s) {
  if (!s.IsValid()) {
    return {};
  }
  return s.GetStringUtf8();
}

bool IsOneLine(std::string_view s, std::size_t max_bytes) {
  return s.size() <= max_bytes && IsValidUtf8(s) && std::none_of(s.begin(), s.end(), [](char ch) {
           const auto c = static_cast<unsigned char>(ch);
           return c < 0x20 || c == 0x7F;
         });
}

std::vector<std::string> CodePoints(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 1;
    n = std::min(n, s.size() - i);
    out.emplace_back(s.substr(i, n));
    i += n;
  }
  return out;
}

namespace {

constexpr int kVietnamOffsetSeconds = 7 * 3600;

// Days from civil (Howard Hinnant's algorithm), so no time zone database is consulted.
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::string PdfDate(TimePoint t) {
  const auto local =
      std::chrono::floor<std::chrono::seconds>(t) + std::chrono::seconds(kVietnamOffsetSeconds);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "D:%04d%02u%02u%02d%02d%02d+07'00'", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::optional<TimePoint> ParsePdfDate(std::string_view s) {
  // Untrusted input: every field is range-checked.
  if (s.substr(0, 2) == "D:") {
    s.remove_prefix(2);
  }
  std::size_t pos = 0;
  auto digits = [&](std::size_t n, int& out) {
    if (pos + n > s.size()) {
      return false;
    }
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = s[pos + i];
      if (c < '0' || c > '9') {
        return false;
      }
      v = v * 10 + (c - '0');
    }
    out = v;
    pos += n;
    return true;
  };
  int year = 0;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!digits(4, year)) {
    return std::nullopt;
  }
  if (digits(2, month) && digits(2, day) && digits(2, hour) && digits(2, minute)) {
    (void)digits(2, second);
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  int offset = 0;
  if (pos < s.size()) {
    const char sign = s[pos];
    if (sign == '+' || sign == '-') {
      ++pos;
      int oh = 0;
      int om = 0;
      if (!digits(2, oh)) {
        return std::nullopt;
      }
      if (pos < s.size() && s[pos] == '\'') {
        ++pos;
      }
      (void)digits(2, om);
      if (oh > 23 || om > 59) {
        return std::nullopt;
      }
      offset = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
    } else if (sign != 'Z') {
      return std::nullopt;
    }
  }
  const std::int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset;
  // Untrusted input: the year has four digits (0000 to 9999), a TimePoint (int64 nanoseconds
  // since 1970) holds only 1677 to 2262; converting a date outside that overflowed (found by
  // fuzzing). Such a date is no date.
  constexpr std::int64_t kMaxSeconds =
      std::chrono::duration_cast<std::chrono::seconds>(TimePoint::duration::max()).count();
  if (secs <= -kMaxSeconds || secs >= kMaxSeconds) {
    return std::nullopt;
  }
  return TimePoint(std::chrono::seconds(secs));
}

std::optional<std::int64_t> IntegerOf(const PdfObject* obj) {
  if (obj == nullptr) {
    return std::nullopt;
  }
  if (obj->IsNumber()) {
    return obj->GetNumber();
  }
  if (obj->IsReal()) {
    const double d = obj->GetReal();
    const auto i = static_cast<std::int64_t>(d);
    if (static_cast<double>(i) == d) {
      return i;
    }
  }
  return std::nullopt;
}

std::optional<int> DocMdpPermissions(PdfMemDocument& doc, PdfObject* sig) {
  PdfObject* refs = sig->GetIndirectKey(PdfName("Reference"));
  if (refs == nullptr || !refs->IsArray()) {
    return std::nullopt;
  }
  // A signature has one or two references (DocMDP, FieldMDP); a hostile array may have millions.
  constexpr std::size_t kMaxReferences = 16;
  std::size_t seen = 0;
  for (PdfObject& item : refs->GetArray()) {
    if (++seen > kMaxReferences) {
      break;
    }
    PdfObject* ref = item.IsReference() ? doc.GetObjects().GetObject(item.GetReference()) : &item;
    if (ref == nullptr || !ref->IsDictionary()) {
      continue;
    }
    const PdfObject* method = ref->GetDictionary().GetKey(PdfName("TransformMethod"));
    if (method == nullptr || !method->IsName() || method->GetName() != PdfName("DocMDP")) {
      continue;
    }
    PdfObject* params = ref->GetIndirectKey(PdfName("TransformParams"));
    if (params == nullptr || !params->IsDictionary()) {
      return 2;  // ISO 32000-1 Table 254: P defaults to 2
    }
    const auto p = IntegerOf(params->GetDictionary().GetKey(PdfName("P")));
    if (!p) {
      return 2;
    }
    if (*p < 1 || *p > 3) {
      return std::nullopt;
    }
    return static_cast<int>(*p);
  }
  return std::nullopt;
}

namespace {

constexpr int kMaxFieldDepth = 32;

PdfObject* Resolve(PdfMemDocument& doc, PdfObject* obj) {
  // A chain of references is resolved once; a reference to a reference is not legal PDF.
  if (obj != nullptr && obj->IsReference()) {
    return doc.GetObjects().GetObject(obj->GetReference());
  }
  return obj;
}

// The partial name (/T); nullopt when it is longer than any real name (checked on the raw
// string, before converting it: a shared megabyte-long /T would be converted once per field).
std::optional<std::string> NameOf(PdfObject* field) {
  const PdfObject* t = field->GetDictionary().GetKey(PdfName("T"));
  if (t != nullptr && (t->IsString() || t->IsHexString())) {
    if (static_cast<std::size_t>(t->GetString().GetLength()) > 2 * kMaxFieldNameBytes + 2) {
      return std::nullopt;  // UTF-16 with a byte-order mark: two bytes per unit
    }
    return ToUtf8(t->GetString());
  }
  return std::string();
}

struct FieldWalk {
  PdfMemDocument& doc;
  const CpuBudget& budget;
  std::set<PdfReference> visited;
  std::vector<SignatureFieldRef> out;
  std::vector<std::string>* all_names;
  std::size_t steps = 0;
  std::optional<Error> failure;
};

void Walk(FieldWalk& w, PdfObject* field, const std::string& parent_name,
          const std::string& inherited_ft, int depth) {
  if (w.failure || field == nullptr || !field->IsDictionary() || depth > kMaxFieldDepth) {
    return;
  }
  std::set<PdfReference>& visited = w.visited;
  PdfMemDocument& doc = w.doc;
  // Untrusted input: a field tree with a cycle must not loop forever.
  if (field->Reference().IsIndirect()) {
    if (!visited.insert(field->Reference()).second) {
      return;
    }
  }
  PdfDictionary& dict = field->GetDictionary();
  std::string ft = inherited_ft;
  if (const PdfObject* f = dict.GetKey(PdfName("FT")); f != nullptr && f->IsName()) {
    ft = f->GetName().GetName();
  }
  const std::optional<std::string> name = NameOf(field);
  const std::string partial = name.value_or("");
  // Untrusted input: every descendant copies its parent's name, so a long name times many
  // children would be quadratic.
  if (!name || parent_name.size() + 1 + partial.size() > kMaxFieldNameBytes) {
    w.failure = Error::Malformed("Tệp PDF có tên trường biểu mẫu dài bất thường (hơn " +
                                 std::to_string(kMaxFieldNameBytes) + " byte).");
    return;
  }
  std::string full = parent_name;
  if (!partial.empty()) {
    full = full.empty() ? partial : full + "." + partial;
  }
  if (w.all_names != nullptr && !partial.empty()) {
    w.all_names->push_back(full);
  }
  PdfObject* kids = Resolve(doc, dict.GetKey(PdfName("Kids")));
  bool has_field_kids = false;
  if (kids != nullptr && kids->IsArray()) {
    for (PdfObject& kid_ref : kids->GetArray()) {
      if (w.failure) {
        return;
      }
      if (++w.steps % 256 == 0 && w.budget.Exhausted()) {
        w.failure = w.budget.ExhaustedError();
        return;
      }
      PdfObject* kid = Resolve(doc, &kid_ref);
      if (kid == nullptr || !kid->IsDictionary()) {
        continue;
      }
      // A kid with /T is a field; one without is only a widget of this field.
      if (kid->GetDictionary().HasKey(PdfName("T"))) {
        has_field_kids = true;
        Walk(w, kid, full, ft, depth + 1);
      }
    }
  }
  if (has_field_kids || ft != "Sig") {
    return;
  }
  PdfObject* v = Resolve(doc, dict.GetKey(PdfName("V")));
  if (v != nullptr && v->IsDictionary()) {
    w.out.push_back(SignatureFieldRef{full, field, v});
  }
}

}  // namespace

Result<std::vector<SignatureFieldRef>> FindSignatureFields(PdfMemDocument& doc,
                                                           const CpuBudget& budget,
                                                           std::vector<std::string>* all_names) {
  FieldWalk w{doc, budget, {}, {}, all_names, 0, std::nullopt};
  PdfObject* catalog = doc.GetCatalog();
  if (catalog == nullptr || !catalog->IsDictionary()) {
    return std::move(w.out);
  }
  PdfObject* acroform = Resolve(doc, catalog->GetDictionary().GetKey(PdfName("AcroForm")));
  if (acroform == nullptr || !acroform->IsDictionary()) {
    return std::move(w.out);
  }
  PdfObject* fields = Resolve(doc, acroform->GetDictionary().GetKey(PdfName("Fields")));
  if (fields == nullptr || !fields->IsArray()) {
    return std::move(w.out);
  }
  for (PdfObject& ref : fields->GetArray()) {
    if (++w.steps % 256 == 0 && budget.Exhausted()) {
      return budget.ExhaustedError();
    }
    Walk(w, Resolve(doc, &ref), "", "", 0);
    if (w.failure) {
      return *w.failure;
    }
  }
  return std::move(w.out);
}

}  // namespace cqdt::pdf::internal
