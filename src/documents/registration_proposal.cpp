// ProposeRegistration (extraction_service.hpp): the number, date, sender, type and abstract of
// an administrative document read off the text of its first page. OCR reads the two columns of
// the header either one after the other or side by side on one line; both are handled.
#include <cctype>
#include <optional>

#include "core/document_number.hpp"
#include "core/text.hpp"
#include "documents/extraction_service.hpp"
#include "text/normalize.hpp"

namespace cqdt::documents {

namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

std::string Fold(std::string_view s) {
  auto f = text::FoldForSearch(s);
  return f ? *f : std::string();
}

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    const std::string line = Trim(
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (!line.empty()) {
      out.push_back(line);
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return out;
}

// The national motto's lines, which sit beside the issuer in the header.
bool IsMotto(std::string_view folded) {
  return folded.find("cong hoa xa hoi") != std::string_view::npos ||
         folded.find("doc lap") != std::string_view::npos ||
         folded.find("hanh phuc") != std::string_view::npos;
}

// `line` without what OCR put beside it from the right column ("ỦY BAN NHÂN DÂN   CỘNG HÒA
// XÃ HỘI…"): the part before the motto.
std::string LeftColumn(const std::string& line) {
  for (const char* motto : {"CỘNG HÒA", "CỘNG HOÀ", "Cộng hòa", "Cộng hoà", "Độc lập", "ĐỘC LẬP"}) {
    const auto at = line.find(motto);
    if (at != std::string::npos) {
      return Trim(std::string_view(line).substr(0, at));
    }
  }
  return line;
}

// Mostly capitals: a header line (issuer) or a type heading. Lower-case ASCII letters and the
// lower-case Vietnamese letters (two- and three-byte) count against.
bool MostlyCapitals(std::string_view line) {
  int upper = 0, lower = 0;
  for (unsigned char c : line) {
    if (c >= 'A' && c <= 'Z') {
      ++upper;
    } else if (c >= 'a' && c <= 'z') {
      ++lower;
    }
  }
  // The marks of Vietnamese capitals are multi-byte; an ASCII count is enough to tell.
  return upper >= 3 && lower * 4 <= upper;
}

// "Số: 125/QĐ-UBND" at the start of a line (OCR may read "Số" as "SỐ", "So", "Sô"), the number
// with spaces around its slashes closed up. Empty when the line is not one.
std::string NumberOnLine(const std::string& line) {
  const std::string folded = Fold(line);
  if (!folded.starts_with("so")) {
    return {};
  }
  // Skip "Số" (2 to 4 bytes in the original) and the punctuation after it.
  std::size_t i = 0;
  int letters = 0;
  while (i < line.size() && letters < 2) {
    const auto c = static_cast<unsigned char>(line[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++letters;
  }
  while (i < line.size() &&
         (line[i] == ':' || line[i] == ';' || line[i] == '.' || line[i] == ' ')) {
    ++i;
  }
  std::string rest = line.substr(i);
  // "125 / QĐ - UBND" -> "125/QĐ-UBND"
  std::string closed;
  for (std::size_t k = 0; k < rest.size(); ++k) {
    if (rest[k] == ' ') {
      const char prev = closed.empty() ? ' ' : closed.back();
      std::size_t next = k;
      while (next < rest.size() && rest[next] == ' ') {
        ++next;
      }
      const char after = next < rest.size() ? rest[next] : ' ';
      if (prev == '/' || prev == '-' || after == '/' || after == '-') {
        k = next - 1;
        continue;
      }
      break;  // the number ends at the first real space
    }
    closed += rest[k];
  }
  while (!closed.empty() && (closed.back() == '.' || closed.back() == ',')) {
    closed.pop_back();
  }
  auto parsed = ParseDocumentNumber(closed, "numberText");
  return parsed ? parsed->Text() : std::string();
}

// "Số: …", "Số 125/…" (not "Số liệu …"): the line under the issuer.
bool IsNumberLine(std::string_view folded) {
  if (!folded.starts_with("so")) {
    return false;
  }
  std::size_t i = 2;
  while (i < folded.size() && std::isspace(static_cast<unsigned char>(folded[i])) != 0) {
    ++i;
  }
  return i < folded.size() && (folded[i] == ':' || folded[i] == ';' || folded[i] == '.' ||
                               std::isdigit(static_cast<unsigned char>(folded[i])) != 0);
}

// Skips spaces, then reads 1..`max` digits; -1 when there are none.
int Digits(std::string_view s, std::size_t& i, std::size_t max) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])) != 0) {
    ++i;
  }
  int value = 0;
  std::size_t n = 0;
  while (i < s.size() && n < max && std::isdigit(static_cast<unsigned char>(s[i])) != 0) {
    value = value * 10 + (s[i] - '0');
    ++i;
    ++n;
  }
  return n > 0 ? value : -1;
}

bool Word(std::string_view s, std::size_t& i, std::string_view word) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])) != 0) {
    ++i;
  }
  if (s.substr(i, word.size()) != word) {
    return false;
  }
  i += word.size();
  return true;
}

// "ngay 05 thang 3 nam 2026" in a folded line (OCR may drop a space): the date, or nullopt.
std::optional<Date> DateOnLine(std::string_view folded) {
  for (std::size_t at = folded.find("ngay"); at != std::string_view::npos;
       at = folded.find("ngay", at + 4)) {
    std::size_t i = at + 4;
    const int day = Digits(folded, i, 2);
    if (day < 0 || !Word(folded, i, "thang")) {
      continue;
    }
    const int month = Digits(folded, i, 2);
    if (month < 0 || !Word(folded, i, "nam")) {
      continue;
    }
    const std::size_t year_at = i;
    const int year = Digits(folded, i, 4);
    if (year < 0 || i - year_at < 4) {
      continue;
    }
    return ParseIsoDate(FormatIsoDate(Date{year, month, day}));
  }
  return std::nullopt;
}

const DocumentType* TypeHeading(const std::string& line) {
  const std::string folded = Fold(line);
  for (const auto& t : AdministrativeDocumentTypes()) {
    if (!t.abbreviation.empty() && Fold(t.name) == folded) {
      return &t;
    }
  }
  return nullptr;
}

// A line that goes on with the sentence above it starts with a small letter or a digit ("chuyển
// đổi số năm 2026" under "Về việc phê duyệt kế hoạch"); the body's first sentence does not.
bool ContinuesSentence(const std::string& line) {
  if (line.empty()) {
    return false;
  }
  const auto c = static_cast<unsigned char>(line[0]);
  if (std::isdigit(c) != 0) {
    return true;
  }
  const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  const std::string first = line.substr(0, len);
  auto upper = text::ToUpperVietnamese(first);
  return upper && *upper != first;
}

bool EndsAbstract(std::string_view folded) {
  for (const char* start : {"can cu", "kinh gui", "theo ", "xet ", "thuc hien", "chu tich",
                            "giam doc", "truong ", "dieu 1"}) {
    if (folded.starts_with(start)) {
      return true;
    }
  }
  return false;
}

}  // namespace

RegistrationProposal ProposeRegistration(std::string_view first_page) {
  RegistrationProposal out;
  const std::vector<std::string> lines = Lines(first_page);
  // The date: "ngày 05 tháng 3 năm 2026" anywhere (folded; OCR may drop a space).
  int number_line = -1;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string folded = Fold(lines[i]);
    if (out.issued_date.empty()) {
      if (auto d = DateOnLine(folded)) {
        out.issued_date = FormatIsoDate(*d);
      }
    }
    if (number_line < 0 && IsNumberLine(Fold(LeftColumn(lines[i])))) {
      // The line of "Số:", even when the number is not filled in (a draft, a blank form).
      number_line = static_cast<int>(i);
      out.number_text = NumberOnLine(LeftColumn(lines[i]));
    }
  }
  // The issuer: the capital lines just above "Số:" (at most three), without the motto.
  if (number_line > 0) {
    std::vector<std::string> header;
    for (int i = number_line - 1; i >= 0 && number_line - i <= 3; --i) {
      const std::string left = LeftColumn(lines[static_cast<std::size_t>(i)]);
      const std::string folded = Fold(left);
      if (left.empty() || IsMotto(folded) || !MostlyCapitals(left)) {
        if (!header.empty()) {
          break;
        }
        continue;
      }
      header.insert(header.begin(), left);
    }
    if (!header.empty()) {
      // "ỦY BAN NHÂN DÂN" / "TỈNH AN GIANG" is one name on two lines; "UBND TỈNH AN GIANG" /
      // "SỞ NỘI VỤ" is a parent and the issuer, which is the sender.
      const std::string first = Fold(header.front());
      if (header.size() >= 2 &&
          (first == "uy ban nhan dan" || first == "hoi dong nhan dan" || first == "bo")) {
        out.sender_name = header[0] + " " + header[1];
      } else {
        out.sender_name = header.back();
      }
    }
  }
  // The type heading and the abstract under it; a công văn has its abstract after "V/v".
  const std::size_t from = number_line >= 0 ? static_cast<std::size_t>(number_line) : 0;
  for (std::size_t i = from; i < lines.size(); ++i) {
    const std::string folded = Fold(lines[i]);
    if (folded.starts_with("v/v")) {
      out.subject = Trim(std::string_view(lines[i]).substr(3));
      for (std::size_t k = i + 1; k < lines.size() && k <= i + 2; ++k) {
        const std::string f = Fold(lines[k]);
        if (EndsAbstract(f) || IsMotto(f) || !ContinuesSentence(lines[k])) {
          break;
        }
        out.subject += " " + lines[k];
      }
      if (out.type_ordinal == 0) {
        out.type_ordinal = OfficialLetterType().ordinal;
      }
      break;
    }
    if (const DocumentType* t = TypeHeading(lines[i])) {
      out.type_ordinal = t->ordinal;
      for (std::size_t k = i + 1; k < lines.size() && k <= i + 3; ++k) {
        const std::string f = Fold(lines[k]);
        if (EndsAbstract(f) || (!out.subject.empty() && !ContinuesSentence(lines[k]))) {
          break;
        }
        out.subject += (out.subject.empty() ? "" : " ") + lines[k];
      }
      break;
    }
  }
  // No heading read: the notation names the type ("QĐ" in 125/QĐ-UBND).
  if (out.type_ordinal == 0 && !out.number_text.empty()) {
    if (auto n = ParseDocumentNumber(out.number_text)) {
      if (const DocumentType* t = n->Type()) {
        out.type_ordinal = t->ordinal;
      }
    }
  }
  return out;
}

}  // namespace cqdt::documents
