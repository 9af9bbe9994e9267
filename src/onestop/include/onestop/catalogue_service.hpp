// The procedure catalogue (danh mục thủ tục hành chính; issue 12 item 1; decision 0017): list
// and read the procedures in force on a day, publish a new version, import a whole catalogue
// all-or-nothing with a per-row report, and say which agencies perform which procedure.
//
// Versions: a procedure's versions follow each other by effective date; the one in force on a
// day is the one whose [effective_from, effective_to] holds it. Publishing content equal to the
// latest version's changes nothing ("unchanged", so an import run twice writes nothing). A new
// version starts after the latest one's start and ends it the day before. A version that no
// dossier was received under may be replaced in place when the new one starts the same day;
// a used one never changes (a dossier keeps the version it was received under), and a version
// following a used one starts today at the earliest.
//
// Life events (sự kiện đời sống; issue 13 item 1): the portal's way in for a citizen who knows
// what happened (a child born, a marriage, a business started) and not which procedure it needs.
// Data an administrator sets as a whole list (SetLifeEvents), each event naming catalogue codes;
// the list filters by one (CatalogueFilter::life_event) and counts the matches of each.
//
// Permissions: reading is public (the portal shows the catalogue to everyone); publishing,
// importing and assigning agencies are for administrators (kPermissionDenied). An unknown code
// is kNotFound. Validation errors name the JSON path (procedure.hpp CheckProcedureContent),
// effectiveFrom (YYYY-MM-DD; kConflict when it does not follow the latest version) and
// agencyIds (known agencies).
// Every method runs in the caller's transaction (writes: Database::Begin()). Thread safety:
// stateless beyond its collaborators.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "identity/principal.hpp"
#include "onestop/procedure.hpp"
#include "org/agency_service.hpp"

namespace cqdt::onestop {

std::vector<db::Migration> Migrations();

// A life event and the procedures it leads to, in the order the portal shows them.
struct LifeEvent {
  std::string code;                     // "khai-sinh": 1..40 of a-z, 0-9 and '-'
  std::string name;                     // Vietnamese, 1..200
  std::string name_en;                  // English, ..200; empty: the Vietnamese is shown
  std::vector<std::string> procedures;  // catalogue codes (..500), each known, no repeat
  friend bool operator==(const LifeEvent&, const LifeEvent&) = default;
};

struct CatalogueFilter {
  std::string query;  // words of the name or code, without diacritics or with (folded)
  std::optional<Level> level;
  std::string sector_code;
  AgencyId agency;         // only the procedures this agency performs
  std::string life_event;  // only the procedures of this life event (its code)
  std::string on_date;     // YYYY-MM-DD; empty: today in Vietnam
  int limit = 50;          // 1..500
  int offset = 0;
};

struct SectorCount {
  std::string code;
  std::string name;
  int count = 0;
};

struct AgencyCount {
  AgencyId id;
  std::string name;
  int count = 0;
};

struct LifeEventCount {
  std::string code;
  std::string name;
  std::string name_en;
  int count = 0;
};

// The facets count the procedures that match every filter but their own, so that choosing a
// sector still lists the other sectors (with what they would show).
struct CataloguePage {
  std::vector<ProcedureSummary> items;
  std::int64_t total = 0;
  std::vector<SectorCount> sectors;         // most procedures first
  std::vector<AgencyCount> agencies;        // most procedures first, then by name
  std::vector<LifeEventCount> life_events;  // every event, in the administrator's order
};

// What Publish did.
enum class PublishOutcome { kCreated, kNewVersion, kReplaced, kUnchanged };
const char* PublishOutcomeName(PublishOutcome o);  // "created", "new_version", ...
std::string PublishOutcomeLabel(PublishOutcome o);

struct Published {
  PublishOutcome outcome = PublishOutcome::kUnchanged;
  ProcedureVersion version;
};

// One procedure of an import: its content as read, or the errors of reading it.
struct ImportItem {
  int row = 0;  // 1-based position in the file
  ProcedureContent content;
  std::vector<FieldError> errors;  // reading errors (bad types, unknown names); none when read
};

struct ImportRowReport {
  int row = 0;
  std::string code;
  std::string name;
  std::optional<PublishOutcome> outcome;  // empty when the row has errors
  std::vector<FieldError> errors;
};

struct ImportReport {
  bool dry_run = false;
  bool applied = false;  // false when any row failed (then nothing was written) or a dry run
  std::vector<ImportRowReport> rows;
  int created = 0, new_versions = 0, replaced = 0, unchanged = 0, failed = 0;
};

class VersionContentCache;  // sql_procedure_repository.hpp

class CatalogueService {
 public:
  CatalogueService(audit::AuditLog& audit, const org::AgencyService& agencies, const Clock& clock);

  Result<CataloguePage> List(db::Transaction& tx, const CatalogueFilter& filter) const;
  // The version of `code` in force on `on_date` (empty: today).
  Result<ProcedureVersion> Current(db::Transaction& tx, const std::string& code,
                                   const std::string& on_date = "") const;
  // Every version, newest first.
  Result<std::vector<ProcedureVersion>> Versions(db::Transaction& tx,
                                                 const std::string& code) const;
  Result<ProcedureVersion> Version(db::Transaction& tx, ProcedureVersionId id) const;
  // Every procedure's latest version (the export), ordered by code.
  Result<std::vector<ProcedureVersion>> Latest(db::Transaction& tx) const;

  // Publishes `content` as the procedure's version from `effective_from` (empty: today).
  Result<Published> Publish(db::Transaction& tx, const identity::Principal& p,
                            const audit::Actor& actor, ProcedureContent content,
                            const std::string& effective_from);
  // Every item published, or nothing: a row with errors (its own, or Publish's) fails the whole
  // import, and the report says which rows and fields. `dry_run` checks and reports without
  // writing (the caller rolls back too). Codes repeated in one file are an error of the later row.
  Result<ImportReport> Import(db::Transaction& tx, const identity::Principal& p,
                              const audit::Actor& actor, std::vector<ImportItem> items,
                              const std::string& effective_from, bool dry_run);

  // The agencies that perform `code`, by id.
  Result<std::vector<AgencyId>> Agencies(db::Transaction& tx, const std::string& code) const;
  Status SetAgencies(db::Transaction& tx, const identity::Principal& p, const audit::Actor& actor,
                     const std::string& code, std::vector<AgencyId> agencies);

  // Every life event, in order.
  Result<std::vector<LifeEvent>> LifeEvents(db::Transaction& tx) const;
  // Replaces the whole list (..100 events). Errors name lifeEvents[i].code, .name, .nameEn,
  // .procedures[j] (unknown code, repeat). Administrators only.
  Status SetLifeEvents(db::Transaction& tx, const identity::Principal& p, const audit::Actor& actor,
                       std::vector<LifeEvent> events);

  // Marks the version as received under (the dossiers' receipt calls it): it never changes again.
  Status MarkUsed(db::Transaction& tx, ProcedureVersionId id);

 private:
  std::string Today() const;
  audit::AuditLog& audit_;
  const org::AgencyService& agencies_;
  const Clock& clock_;
  std::shared_ptr<VersionContentCache> cache_;  // the lists of used versions
};

}  // namespace cqdt::onestop
