#include "core/edxml_document_id.hpp"

#include <cstdio>

namespace cqdt {
namespace {

bool IsOrganChar(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }

// edxml.md §4: four dot-separated groups of 2-3 upper-case letters or digits.
bool IsOrganId(std::string_view s) {
  int groups = 0;
  std::size_t start = 0;
  while (true) {
    auto dot = s.find('.', start);
    auto g = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (g.size() < 2 || g.size() > 3) {
      return false;
    }
    for (char c : g) {
      if (!IsOrganChar(c)) {
        return false;
      }
    }
    ++groups;
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  return groups == 4;
}

// A code part: no separators of the DocumentId itself, no spaces or control characters.
bool IsCodePart(std::string_view s) {
  if (s.empty() || s.size() > 100 || !IsValidUtf8(s)) {
    return false;
  }
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= ' ' || c == ',' || c == 0x7F) {
      return false;
    }
  }
  return true;
}

Error Invalid(const std::string& field, const char* code, const std::string& message) {
  return Error::InvalidField(field, code, message);
}

Error BadShape(const std::string& field) {
  return Invalid(field, "format",
                 "Mã văn bản edXML phải có dạng <mã định danh>,<yyyy/MM/dd>,<số>/<ký hiệu>, ví dụ "
                 "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT.");
}

}  // namespace

std::string EdxmlDocumentId::Text() const {
  char date[16];
  std::snprintf(date, sizeof date, "%04d/%02d/%02d", promulgation_date.year,
                promulgation_date.month, promulgation_date.day);
  return organ_id + "," + date + "," + code_number + "/" + code_notation;
}

Result<EdxmlDocumentId> MakeEdxmlDocumentId(std::string_view organ_id, const Date& date,
                                            std::string_view code_number,
                                            std::string_view code_notation,
                                            const std::string& field) {
  if (!IsOrganId(organ_id)) {
    return Invalid(field, "organId",
                   "Mã định danh cơ quan ban hành trong mã văn bản edXML không hợp lệ (ví dụ "
                   "000.00.00.G22).");
  }
  if (!ParseIsoDate(FormatIsoDate(date))) {
    return Invalid(field, "date",
                   "Ngày ban hành trong mã văn bản edXML không hợp lệ (yyyy/MM/dd).");
  }
  if (!IsCodePart(code_number) || code_number.find('/') != std::string_view::npos ||
      !IsCodePart(code_notation)) {
    return BadShape(field);
  }
  return EdxmlDocumentId{std::string(organ_id), date, std::string(code_number),
                         std::string(code_notation)};
}

Result<EdxmlDocumentId> ParseEdxmlDocumentId(std::string_view text, const std::string& field) {
  // Untrusted input: bounded before it is split.
  if (text.size() > 250) {
    return BadShape(field);
  }
  auto c1 = text.find(',');
  auto c2 = c1 == std::string_view::npos ? c1 : text.find(',', c1 + 1);
  if (c2 == std::string_view::npos) {
    return BadShape(field);
  }
  std::string_view date = text.substr(c1 + 1, c2 - c1 - 1);
  std::string_view code = text.substr(c2 + 1);
  // yyyy/MM/dd, exactly.
  if (date.size() != 10 || date[4] != '/' || date[7] != '/') {
    return BadShape(field);
  }
  std::string iso(date);
  iso[4] = '-';
  iso[7] = '-';
  auto parsed_date = ParseIsoDate(iso);
  if (!parsed_date) {
    return Invalid(field, "date",
                   "Ngày ban hành trong mã văn bản edXML không hợp lệ (yyyy/MM/dd).");
  }
  // edxml.md §11 T2: the code splits on its first '/'.
  auto slash = code.find('/');
  if (slash == std::string_view::npos) {
    return BadShape(field);
  }
  return MakeEdxmlDocumentId(text.substr(0, c1), *parsed_date, code.substr(0, slash),
                             code.substr(slash + 1), field);
}

}  // namespace cqdt
