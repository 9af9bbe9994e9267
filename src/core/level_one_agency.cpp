#include "core/level_one_agency.hpp"

#include <algorithm>
#include <cstddef>

#include "code_tables.hpp"
#include "core/text.hpp"

namespace cqdt {
namespace internal {

std::vector<std::vector<std::string>> ReadTable(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty() || line.front() == '#') {
      continue;
    }
    std::vector<std::string> cells;
    std::size_t start = 0;
    while (true) {
      std::size_t bar = line.find('|', start);
      cells.emplace_back(line.substr(start, bar == std::string_view::npos ? bar : bar - start));
      if (bar == std::string_view::npos) {
        break;
      }
      start = bar + 1;
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

std::string QuoteForMessage(std::string_view text) {
  if (text.empty() || text.size() > 80 || !IsValidUtf8(text) || HasControlChars(text) ||
      text.find('\t') != std::string_view::npos || text.find('\n') != std::string_view::npos ||
      text.find('\r') != std::string_view::npos) {
    return "";
  }
  return "'" + std::string(text) + "' ";
}

}  // namespace internal

const std::vector<LevelOneAgency>& LevelOneAgencies() {
  static const std::vector<LevelOneAgency> kTable = [] {
    std::vector<LevelOneAgency> table;
    for (auto& row : internal::ReadTable(internal::kAgencyLevelOneTable)) {
      row.resize(4);  // a missing trailing note is an empty note
      table.push_back({row[0], row[1], row[2] != "0", row[3]});
    }
    return table;
  }();
  return kTable;
}

const LevelOneAgency* FindLevelOneAgency(std::string_view code) {
  const auto& table = LevelOneAgencies();
  auto it = std::find_if(table.begin(), table.end(),
                         [code](const LevelOneAgency& a) { return a.code == code; });
  return it == table.end() ? nullptr : &*it;
}

std::string LevelOneCodeOf(const AgencyCode& code) {
  return code.levels.empty() ? std::string() : code.levels.front();
}

Result<int> AgencyLevel(std::string_view code) {
  CQDT_ASSIGN_OR_RETURN(auto parsed, ParseAgencyCode(code));
  return parsed.Depth();
}

}  // namespace cqdt
