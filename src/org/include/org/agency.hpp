// Agency directory values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"

namespace cqdt::org {

// What an agency is. Its level follows from the kind (LevelOf).
enum class AgencyKind {
  kProvincialCommittee,  // UBND tỉnh / thành phố trực thuộc trung ương
  kDepartment,           // sở, ban, ngành of a province
  kCommune,              // UBND xã
  kWard,                 // UBND phường
  kSpecialZone,          // UBND đặc khu
  kDistrict,             // UBND huyện, quận, thị xã: abolished 01/07/2025, kept for history
  kOther,
};

// Tier of local government (Law 72/2025/QH15: province and commune since 01/07/2025).
enum class AgencyLevel { kProvince, kCommune, kDistrict, kOther };

const char* KindName(AgencyKind kind);  // "provincial_committee", ...
std::optional<AgencyKind> ParseKind(const std::string& name);
const char* LevelName(AgencyLevel level);  // "province", ...
AgencyLevel LevelOf(AgencyKind kind);

struct Agency {
  AgencyId id;
  std::string code;
  std::string name;
  std::string short_name;
  AgencyKind kind = AgencyKind::kOther;
  AgencyId parent_id;
  std::string address;
  std::string phone;
  std::string email;
  std::string website;
  std::string valid_from;  // YYYY-MM-DD
  std::string valid_to;    // YYYY-MM-DD, "" when open-ended
  AgencyId merged_into_id;
  AgencyId split_from_id;
  std::string created_at;
  std::string updated_at;

  AgencyLevel level() const { return LevelOf(kind); }
  // True when the agency exists on `date` (YYYY-MM-DD, inclusive bounds).
  bool IsActiveOn(const std::string& date) const;
};

// Input for create, update (absent fields unchanged) and import rows. Text as given by the
// client; the service validates it.
struct AgencyInput {
  std::optional<std::string> code;
  std::optional<std::string> name;
  std::optional<std::string> short_name;
  std::optional<std::string> kind;
  std::optional<std::string> parent_code;
  std::optional<AgencyId> parent_id;
  std::optional<std::string> address;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> website;
  std::optional<std::string> valid_from;
  std::optional<std::string> valid_to;
  std::optional<std::string> merged_into_code;
  std::optional<std::string> split_from_code;
  std::optional<AgencyId> merged_into_id;  // AgencyId() clears it; the code fields win if both
  std::optional<AgencyId> split_from_id;
};

struct Unit {
  UnitId id;
  AgencyId agency_id;
  std::string name;
  std::string short_name;
  std::string code;
};

struct UnitInput {
  std::optional<std::string> name;
  std::optional<std::string> short_name;
  std::optional<std::string> code;
};

struct ImportRow {
  int row = 0;  // 1-based position of the data row (CSV: the header is not counted)
  bool ok = true;
  std::string code;
  std::vector<cqdt::FieldError> errors;
};

struct ImportReport {
  bool ok = true;  // false: nothing may be committed
  int imported = 0;
  std::vector<ImportRow> rows;
};

}  // namespace cqdt::org
