// The level-1 agency code table (mã định danh cấp 1: H01-H63 UBND tỉnh, K01-K63 HĐND tỉnh, G codes
// of ministries, B01, D01, E01, F01), Phụ lục I of QĐ 20/2020/QĐ-TTg as amended by QĐ
// 09/2025/QĐ-TTg (shared reference edxml.md §9.2). The table is data
// (src/core/data/agency_level1.txt) compiled into the binary; codes withdrawn by the 2025 reforms
// stay in it as inactive, because historical documents and STATUS replies still carry them.
//
// Thread safety: the table is built once, on first use, and is read-only afterwards.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/agency_code.hpp"

namespace cqdt {

struct LevelOneAgency {
  std::string code;  // "H01"
  std::string name;  // "Ủy ban nhân dân tỉnh An Giang"
  bool active = true;
  std::string note;  // legal source of a change, successor code, confidence of the entry
};

// Every entry of the table, in file order.
const std::vector<LevelOneAgency>& LevelOneAgencies();

// The entry of a level-1 code ("H40"), or nullptr when the table does not know it (a code can be
// well-formed yet absent: the table lists only the codes whose names the sources confirm).
const LevelOneAgency* FindLevelOneAgency(std::string_view code);

// The level-1 code of any agency code in either layout ("000.00.04.H40" and "H40.17" give "H40").
std::string LevelOneCodeOf(const AgencyCode& code);

// The level (cấp) of an agency code: 1 for a level-1 code, 2 for its children, ... The same as
// AgencyCode::Depth(); errors as ParseAgencyCode.
Result<int> AgencyLevel(std::string_view code);

}  // namespace cqdt
