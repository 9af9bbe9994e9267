#include "core/document_number.hpp"

#include <algorithm>
#include <cstdlib>

#include "code_tables.hpp"
#include "core/text.hpp"

namespace cqdt {
namespace {

constexpr int kOfficialLetterOrdinal = 18;   // Decree 30/2020 art. 7: công văn
constexpr std::size_t kMaxNumberDigits = 9;  // Phụ lục VI: CodeNumber is a string of 11
constexpr std::size_t kMaxTextBytes = 200;   // the input, and the printed form (Text())

Error Invalid(const std::string& field, const char* code, const std::string& message) {
  return Error::InvalidField(field, code, message);
}

Error BadShape(const std::string& field, std::string_view text) {
  return Invalid(field, "format",
                 "Số, ký hiệu " + internal::QuoteForMessage(text) +
                     "không đúng định dạng <số>/<ký hiệu>, ví dụ 05/QĐ-UBND hoặc 15/UBND-VP "
                     "(Nghị định 30/2020/NĐ-CP).");
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A notation group: ASCII letters and digits, Vietnamese letters (any non-ASCII code point of
// well-formed UTF-8, checked by the caller), '.' and '&' as some agencies use them.
bool IsGroup(std::string_view g) {
  if (g.empty()) {
    return false;
  }
  for (char ch : g) {
    auto c = static_cast<unsigned char>(ch);
    bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              c >= 0x80 || c == '.' || c == '&';
    if (!ok) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> SplitGroups(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto dash = s.find('-', start);
    out.emplace_back(s.substr(start, dash == std::string_view::npos ? dash : dash - start));
    if (dash == std::string_view::npos) {
      return out;
    }
    start = dash + 1;
  }
}

Result<int> ParseSerial(std::string_view digits, const std::string& field, std::string_view text) {
  if (!AllDigits(digits)) {
    return BadShape(field, text);
  }
  // Leading zeros are how numbers below ten are printed; strip them before counting digits.
  auto first = digits.find_first_not_of('0');
  std::string_view significant = first == std::string_view::npos ? "" : digits.substr(first);
  if (significant.empty() || significant.size() > kMaxNumberDigits) {
    return Invalid(field, "number", "Số văn bản phải là số nguyên dương (từ 01).");
  }
  return std::atoi(std::string(significant).c_str());
}

}  // namespace

const std::vector<DocumentType>& AdministrativeDocumentTypes() {
  static const std::vector<DocumentType> kTypes = [] {
    std::vector<DocumentType> types;
    for (auto& row : internal::ReadTable(internal::kDocumentTypeTable)) {
      row.resize(4);
      types.push_back({std::atoi(row[0].c_str()), row[1], row[2], std::atoi(row[3].c_str())});
    }
    return types;
  }();
  return kTypes;
}

const DocumentType* FindDocumentTypeByAbbreviation(std::string_view abbreviation) {
  if (abbreviation.empty()) {
    return nullptr;
  }
  for (const auto& t : AdministrativeDocumentTypes()) {
    if (t.abbreviation == abbreviation) {
      return &t;
    }
  }
  return nullptr;
}

const DocumentType* FindDocumentTypeByOrdinal(int ordinal) {
  for (const auto& t : AdministrativeDocumentTypes()) {
    if (t.ordinal == ordinal) {
      return &t;
    }
  }
  return nullptr;
}

const DocumentType& OfficialLetterType() {
  static const DocumentType& kType = *FindDocumentTypeByOrdinal(kOfficialLetterOrdinal);
  return kType;
}

std::string FormatDocumentSerial(int number) {
  std::string s = std::to_string(number);
  return number >= 0 && number < 10 ? "0" + s : s;
}

const DocumentType* DocumentNumber::Type() const {
  if (year) {
    return nullptr;  // VBQPPL follow their own type list (edxml.md table A)
  }
  return type_abbreviation.empty() ? &OfficialLetterType()
                                   : FindDocumentTypeByAbbreviation(type_abbreviation);
}

std::string DocumentNumber::Notation() const {
  std::string n = type_abbreviation.empty() ? issuer : type_abbreviation + "-" + issuer;
  if (!unit.empty()) {
    n += "-" + unit;
  }
  return n;
}

std::string DocumentNumber::Text() const {
  std::string t = FormatDocumentSerial(number) + "/";
  if (year) {
    t += std::to_string(*year) + "/";
  }
  return t + Notation();
}

std::string DocumentNumber::Display() const { return "Số: " + Text(); }

Result<DocumentNumber> ParseDocumentNumber(std::string_view text, const std::string& field) {
  // Untrusted input: bounded, well-formed UTF-8, before any interpretation.
  if (text.size() > kMaxTextBytes || !IsValidUtf8(text)) {
    return BadShape(field, text);
  }
  std::string_view s = text;
  // The printed form starts with "Số:" (Phụ lục I); accept it with or without a space after.
  for (std::string_view prefix : {"Số:", "số:", "SỐ:"}) {
    if (s.substr(0, prefix.size()) == prefix) {
      s.remove_prefix(prefix.size());
      while (!s.empty() && s.front() == ' ') {
        s.remove_prefix(1);
      }
      break;
    }
  }
  // Phụ lục I: hyphens between notation groups. An en or em dash pasted from a word processor
  // looks the same but is a different character; say so rather than silently accepting it.
  if (s.find("\xE2\x80\x93") != std::string_view::npos ||
      s.find("\xE2\x80\x94") != std::string_view::npos) {
    return Invalid(
        field, "format",
        "Ký hiệu văn bản phải dùng dấu gạch nối (-), không dùng dấu gạch ngang dài (–).");
  }
  auto slash = s.find('/');
  if (slash == std::string_view::npos) {
    return BadShape(field, text);
  }
  DocumentNumber d;
  CQDT_ASSIGN_OR_RETURN(d.number, ParseSerial(s.substr(0, slash), field, text));
  std::string_view rest = s.substr(slash + 1);
  // VBQPPL: <số>/<năm>/<ký hiệu>.
  if (auto second = rest.find('/'); second != std::string_view::npos) {
    std::string_view year = rest.substr(0, second);
    if (year.size() != 4 || !AllDigits(year)) {
      return BadShape(field, text);
    }
    d.year = std::atoi(std::string(year).c_str());
    if (*d.year < 1945) {
      return BadShape(field, text);
    }
    rest = rest.substr(second + 1);
  }
  auto groups = SplitGroups(rest);
  for (const auto& g : groups) {
    if (!IsGroup(g)) {
      return BadShape(field, text);
    }
  }
  // A typed document's notation starts with its type; a VBQPPL always has one.
  bool typed = d.year || FindDocumentTypeByAbbreviation(groups[0]) != nullptr;
  std::size_t next = 0;
  if (typed) {
    d.type_abbreviation = groups[next++];
    if (next >= groups.size()) {
      return Invalid(field, "issuer",
                     "Ký hiệu văn bản thiếu tên viết tắt của cơ quan ban hành (ví dụ QĐ-UBND).");
    }
  }
  d.issuer = groups[next++];
  for (; next < groups.size(); ++next) {
    d.unit += (d.unit.empty() ? "" : "-") + groups[next];
  }
  // The printed form adds a leading zero to numbers below ten ("7/..." -> "07/..."): a number
  // accepted here must print as text this function accepts again (found by fuzzing).
  if (d.Text().size() > kMaxTextBytes) {
    return BadShape(field, text);
  }
  return d;
}

Result<DocumentNumber> MakeDocumentNumber(int number, const DocumentType& type,
                                          std::string_view issuer, std::string_view unit,
                                          const std::string& field) {
  if (number < 1 || std::to_string(number).size() > kMaxNumberDigits) {
    return Invalid(field, "number", "Số văn bản phải là số nguyên dương (từ 01).");
  }
  if (issuer.empty()) {
    return Invalid(field, "issuer", "Thiếu tên viết tắt của cơ quan ban hành.");
  }
  DocumentNumber d{number, std::nullopt, type.abbreviation, std::string(issuer), std::string(unit)};
  // Round-trip through the parser so a made number obeys exactly the rules a parsed one does.
  auto parsed = ParseDocumentNumber(d.Text(), field);
  if (!parsed) {
    return parsed.error();
  }
  if (parsed->Notation() != d.Notation() || parsed->type_abbreviation != d.type_abbreviation) {
    // E.g. a công văn whose issuer abbreviation is also a type abbreviation ("TB-VP").
    return Invalid(field, "format", "Ký hiệu '" + d.Notation() + "' không phân tích lại được.");
  }
  return d;
}

std::string FormatIssueDateLine(std::string_view place, const Date& date) {
  // Phụ lục I: "ngày" below 10 and months 1-2 are padded with a zero, so that no one can add a
  // digit in front of them on paper; months 3-12 are written as they are.
  const std::string month =
      date.month <= 2 ? FormatDocumentSerial(date.month) : std::to_string(date.month);
  // i18n: Vietnamese only (the date line printed on the document)
  return std::string(place) + ", ngày " + FormatDocumentSerial(date.day) + " tháng " + month +
         " năm " + std::to_string(date.year);
  // i18n: end
}

}  // namespace cqdt
