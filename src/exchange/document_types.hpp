// The DocumentType code tables of QCVN 102:2016 SĐ1:2022 (edxml.md §3.3): table A (Type 1, văn
// bản quy phạm pháp luật) and table B (Type 2, văn bản hành chính) codes 1-26; codes 27 and above
// are unverified and not listed. Private to the exchange module.
#pragma once

#include <optional>
#include <string_view>

namespace cqdt::exchange::internal {

struct DocumentTypeCode {
  int type = 2;  // 1 or 2
  int detail = 0;
  const char* name = "";
};

// By name, case- and diacritics-insensitively ("cong van" finds Công văn, Type 2, 18). Names that
// exist in both tables ("Nghị quyết", "Quyết định", "Chỉ thị") resolve to `preferred_type`'s.
std::optional<DocumentTypeCode> FindDocumentType(std::string_view name, int preferred_type);
// By code; nullopt when (type, detail) is not in the tables.
std::optional<DocumentTypeCode> FindDocumentType(int type, int detail);

}  // namespace cqdt::exchange::internal
