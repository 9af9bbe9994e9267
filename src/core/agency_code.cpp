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

Error InvalidIn(const std::string& field, std::string_view text, AgencyCodeLayout layout) {
  if (layout == AgencyCodeLayout::kQcvn102) {
    return Error::InvalidField(field, "format",
                               "Mã định danh " + internal::QuoteForMessage(text) +
                                   "không đúng định dạng QCVN 102:2016: dùng DDD.CC.BB.AXX (ví "
                                   "dụ 000.00.00.H01).");
  }
  return Error::InvalidField(field, "format",
                             "Mã định danh " + internal::QuoteForMessage(text) +
                                 "không đúng định dạng theo Quyết định 20/2020/QĐ-TTg: mã cấp 1 "
                                 "rồi các nhóm cấp dưới, cách nhau bởi dấu chấm (ví dụ H01.17).");
}

}  // namespace

std::optional<AgencyCodeLayout> AgencyCodeLayoutFromName(std::string_view name) {
  if (name == "qcvn102") {
    return AgencyCodeLayout::kQcvn102;
  }
  if (name == "decision20") {
    return AgencyCodeLayout::kDecision20;
  }
  return std::nullopt;
}

const char* AgencyCodeLayoutName(AgencyCodeLayout layout) {
  return layout == AgencyCodeLayout::kQcvn102 ? "qcvn102" : "decision20";
}

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

Result<AgencyCode> ParseAgencyCode(std::string_view text, const std::string& field,
                                   std::optional<AgencyCodeLayout> layout) {
  auto invalid = [&] { return layout ? InvalidIn(field, text, *layout) : Invalid(field, text); };
  // Untrusted input: check every character before interpreting the structure.
  if (text.empty() || text.size() > 35) {
    return invalid();
  }
  for (char c : text) {
    if (!IsUpperAlnum(c) && c != '.') {
      return invalid();
    }
  }
  auto parts = Split(text, '.');
  // QCVN 102: exactly DDD.CC.BB.AXX.
  if (layout != AgencyCodeLayout::kDecision20 && parts.size() == 4 && parts[0].size() == 3 &&
      parts[1].size() == 2 && parts[2].size() == 2 && IsLevelOne(parts[3])) {
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
  if (layout == AgencyCodeLayout::kQcvn102 || !IsLevelOne(parts[0])) {
    return invalid();
  }
  AgencyCode code{AgencyCodeLayout::kDecision20, std::string(text), {}};
  for (auto p : parts) {
    if (p.empty()) {
      return invalid();
    }
    code.levels.emplace_back(p);
  }
  return code;
}

}  // namespace cqdt
