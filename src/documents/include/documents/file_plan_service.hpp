// The file plan (danh mục hồ sơ; Decree 30/2020 art. 28, Phụ lục V; issue 11, item 1): the
// work records an agency (or one of its units) expects to open in a year, each with its notation
// (số và ký hiệu hồ sơ, FileNotation of Phụ lục VI §8.3, at most 20 characters), title, retention
// (thời hạn bảo quản: a number of years, or permanent) and the person responsible for it. The
// head approves it at the start of each year; the agency's clerks draft it. Copying last year's
// plan forward is one action (CopyForward) that skips the notations the new year already has.
//
// Permissions: every staff member of the agency reads its plan; leaders and clerks of the agency
// edit it (kPermissionDenied otherwise); another agency's item is kNotFound. An item under which
// a work record was opened keeps its notation (kConflict "code") and cannot be removed
// (kConflict); removing an item that never held a record leaves its audit entry only.
// Validation errors name the client fields: year (2000..next year), code (1..20 characters, no
// spaces; unique in the agency's year: kConflict "code"), title (1..500), unitId (a unit of the
// agency), retentionYears (1..100; absent = permanent), responsibleUserId (an active staff
// member of the agency), note (..1000), version.
// Every method runs in the caller's transaction (writes: Database::Begin()). Thread safety:
// stateless beyond its collaborators.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "org/agency_service.hpp"

namespace cqdt::documents {

using PlanItemId = StrongId<struct PlanItemIdTag>;
using WorkRecordId = StrongId<struct WorkRecordIdTag>;

// "Vĩnh viễn" when `years` is empty, else "<n> năm".
std::string RetentionLabel(std::optional<int> years);

struct PlanItem {
  PlanItemId id;
  AgencyId agency_id;
  int year = 0;
  std::string code;  // the record's notation (FileNotation), e.g. "01.VP"
  std::string title;
  UnitId unit_id;  // unset: the agency as a whole
  std::string unit_name;
  std::optional<int> retention_years;  // empty: permanent (vĩnh viễn)
  UserId responsible_id;               // unset: nobody named
  std::string responsible_name;
  std::string note;
  WorkRecordId record_id;  // the work record opened under it, if any
  std::int64_t version = 1;
};

struct PlanItemInput {
  int year = 0;  // create only
  std::string code;
  std::string title;
  UnitId unit_id;
  std::optional<int> retention_years;
  UserId responsible_id;
  std::string note;
  std::int64_t version = 0;  // update only: the version the caller read
};

struct CopyOutcome {
  int copied = 0;
  int skipped = 0;  // notations the target year already had
};

class FilePlanService {
 public:
  FilePlanService(audit::AuditLog& audit, const org::AgencyService& agencies,
                  const identity::IdentityService& identity, const Clock& clock)
      : audit_(audit), agencies_(agencies), identity_(identity), clock_(clock) {}

  // The plan of p's agency for `year`, ordered by notation.
  Result<std::vector<PlanItem>> List(db::Transaction& tx, const identity::Principal& p,
                                     int year) const;
  Result<PlanItem> Get(db::Transaction& tx, const identity::Principal& p, PlanItemId id) const;
  Result<PlanItem> Create(db::Transaction& tx, const audit::Actor& actor,
                          const identity::Principal& p, const PlanItemInput& in) const;
  // kConflict "version" when the item changed since the caller read it.
  Result<PlanItem> Update(db::Transaction& tx, const audit::Actor& actor,
                          const identity::Principal& p, PlanItemId id,
                          const PlanItemInput& in) const;
  Status Remove(db::Transaction& tx, const audit::Actor& actor, const identity::Principal& p,
                PlanItemId id) const;
  // Copies the items of `from_year` into `to_year` (same notation, title, unit, retention,
  // responsible person and note), skipping notations `to_year` already has.
  Result<CopyOutcome> CopyForward(db::Transaction& tx, const audit::Actor& actor,
                                  const identity::Principal& p, int from_year, int to_year) const;
  // True when `p` may edit the plan of its agency (a leader or clerk).
  static bool CanEdit(const identity::Principal& p);

 private:
  Status CheckInput(db::Transaction& tx, const identity::Principal& p, const PlanItemInput& in,
                    bool creating) const;

  audit::AuditLog& audit_;
  const org::AgencyService& agencies_;
  const identity::IdentityService& identity_;
  const Clock& clock_;
};

}  // namespace cqdt::documents
