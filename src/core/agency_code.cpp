#include "core/agency_code.hpp"

#include <cctype>

#include "code_tables.hpp"

namespace cqdt {
namespace {

bool IsUpperAlnum(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAllZeros(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

// Level-1 code: one upper-case letter A-Y (QĐ 20/2020 art. 4; Z is for other organisations'
// schemes, art. 6) followed by two digits.
bool IsLevelOne(std::string_view s) {
  return s.size() == 3 && s[0] >= 'A' && s[0] <= 'Y' && IsDigit(s[1]) && IsDigit(s[2]);
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) {
      break;
    }
    start = pos + 1;
  }
  return parts;
}

Error Invalid(const std::string& field, std::string_view text) {
  return Error::InvalidField(
      field, "format",
      "Mã định danh " + internal::QuoteForMessage(text) +
          "không đúng định dạng: dùng DDD.CC.BB.AXX (QCVN 102:2016, ví dụ 000.00.00.H01) hoặc "
          "mã theo Quyết định 20/2020/QĐ-TTg (ví dụ H01.17).");
}

}  // namespace

std::string AgencyCode::ParentText() const {
  if (levels.size() <= 1) {
    return "";
  }
  if (layout == AgencyCodeLayout::kQcvn102) {
    // Zero the lowest non-zero group: 001.05.12.H41 -> 000.05.12.H41 (edxml.md §9.1).
    std::string parent = text;
    static constexpr std::size_t kGroupStart[] = {0, 4, 7};  // DDD, CC, BB
    static constexpr std::size_t kGroupLen[] = {3, 2, 2};
    for (int g = 0; g < 3; ++g) {
      std::string_view group(parent.data() + kGroupStart[g], kGroupLen[g]);
      if (!IsAllZeros(group)) {
        parent.replace(kGroupStart[g], kGroupLen[g], std::string(kGroupLen[g], '0'));
        return parent;
      }
    }
    return "";
  }
  std::string parent = levels[0];
  for (std::size_t i = 1; i + 1 < levels.size(); ++i) {
    parent += "." + levels[i];
  }
  return parent;
}

Result<AgencyCode> ParseAgencyCode(std::string_view text, const std::string& field) {
  // Untrusted input: check every character before interpreting the structure.
  if (text.empty() || text.size() > 35) {
    return Invalid(field, text);
  }
  for (char c : text) {
    if (!IsUpperAlnum(c) && c != '.') {
      return Invalid(field, text);
    }
  }
  auto parts = Split(text, '.');
  // QCVN 102: exactly DDD.CC.BB.AXX.
  if (parts.size() == 4 && parts[0].size() == 3 && parts[1].size() == 2 && parts[2].size() == 2 &&
      IsLevelOne(parts[3])) {
    AgencyCode code{AgencyCodeLayout::kQcvn102, std::string(text), {std::string(parts[3])}};
    // Levels run BB (2), CC (3), DDD (4); all-zero groups below the lowest set one mean "no such
    // level". A zero group above a set one is kept as a level of its own: the standard does not
    // forbid it, and rejecting a code that agencies really use would be worse.
    int lowest = -1;
    for (int i = 0; i <= 2 && lowest < 0; ++i) {
      if (!IsAllZeros(parts[i])) {
        lowest = i;
      }
    }
    for (int i = 2; i >= 0 && lowest >= 0 && i >= lowest; --i) {
      code.levels.emplace_back(parts[i]);
    }
    return code;
  }
  // QĐ 20/2020: level 1 first, then groups of 1+ characters.
  if (!IsLevelOne(parts[0])) {
    return Invalid(field, text);
  }
  AgencyCode code{AgencyCodeLayout::kDecision20, std::string(text), {}};
  for (auto p : parts) {
    if (p.empty()) {
      return Invalid(field, text);
    }
    code.levels.emplace_back(p);
  }
  return code;
}

}  // namespace cqdt
