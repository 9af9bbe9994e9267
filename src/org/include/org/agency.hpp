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
// What officials call the kind ("UBND tỉnh", "Sở, ban, ngành"), as the web shows it.
const char* KindLabel(AgencyKind kind);
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

// Input for create, update (absent fields unchanged; "" clears an optional field and counts as
// absent for a required one) and import rows. Text as given by the client; the service
// validates it.
struct AgencyInput {
  // Where an import row came from, as the user sees it: the line of the CSV file on which the
  // row starts (the header is line 1), or the 1-based position in a JSON items array. 0: the
  // row's position in the list passed to Import.
  int source_row = 0;
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

// kCreate: every row is a new agency (a code already in use at overlapping dates is refused).
// kUpsert: a row whose code and start date (validFrom; none given: the agency with that code in
// force today) match an existing agency updates it, or changes nothing when every field is the
// same; other rows are created. Re-importing an exported file in this mode is a no-op.
enum class ImportMode { kCreate, kUpsert };
const char* ImportModeName(ImportMode mode);  // "create", "upsert"
std::optional<ImportMode> ParseImportMode(const std::string& name);

enum class ImportAction { kCreated, kUpdated, kUnchanged };
const char* ImportActionName(ImportAction action);  // "created", "updated", "unchanged"

struct ImportRow {
  int row = 0;  // AgencyInput::source_row (CSV: the file line, header = 1), else the position
  bool ok = true;
  std::string code;
  ImportAction action = ImportAction::kCreated;  // what happened (or would) when ok
  std::vector<cqdt::FieldError> errors;
  std::vector<cqdt::FieldError> warnings;  // AgencyService::Warnings of the saved row
};

struct ImportReport {
  bool ok = true;    // false: nothing may be committed
  int imported = 0;  // created + updated (0 when !ok)
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  std::vector<ImportRow> rows;
};

}  // namespace cqdt::org
