// AgencyService: the agency directory's use cases. Every method runs inside the caller's
// transaction (the caller commits; on an error it must roll back). Mutations write an audit
// entry in that same transaction. Permission checks are the caller's (identity::Authorizer).
//
// Validation (errors name the client field, camelCase): code in either official layout
// (core/agency_code.hpp), unique among agencies valid at overlapping dates; name 1-300
// characters; shortName 1-30 characters without spaces (used in notations such as UBND, SNV);
// kind one of KindName(); parent, mergedInto, splitFrom must exist, and the parent chain may not
// loop; an agency may not be merged into or split from itself (code "self"), an agency below it
// ("descendant"), nor close a loop of lineage ("cycle"), the error naming the field sent
// (mergedIntoId / mergedIntoCode, splitFromId / splitFromCode); validFrom/validTo real dates
// with validTo >= validFrom; email, phone, website in plausible shapes.
// Thread safety: safe to share; the snapshot cache is guarded by a mutex.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "org/agency.hpp"
#include "org/agency_csv.hpp"

namespace cqdt::org {

struct AgencyQuery {
  std::string as_of;  // YYYY-MM-DD; "" = today (Vietnam time)
  // What the user typed: every word, folded (text/search.hpp: case, tones and đ ignored), must
  // occur in the name, the short name or the code. Not UTF-8 or too long: kInvalidArgument "q".
  std::string text;
  bool include_inactive = false;
};

class AgencyService {
 public:
  // `cache_ttl`: how old the in-memory directory snapshot used by Lookup/Search/TryLookupCached
  // may be. Changes committed by this process refresh it at once; changes made by another
  // process (several cqdt instances on one PostgreSQL) show within `cache_ttl`.
  AgencyService(audit::AuditLog& audit, const Clock& clock,
                std::chrono::milliseconds cache_ttl = std::chrono::seconds(5))
      : audit_(audit), clock_(clock), cache_ttl_(cache_ttl) {}

  Result<Agency> Create(db::Transaction& tx, const audit::Actor& actor, const AgencyInput& in);
  Result<Agency> Update(db::Transaction& tx, const audit::Actor& actor, AgencyId id,
                        const AgencyInput& patch);
  // Transactional reads (always the database): use them inside use cases that write.
  // Advice for the admin about a saved agency, never a reason to refuse it: today, "code"
  // "not_descendant" when its code does not extend its parent's code (QCVN 102 layout, e.g.
  // 000.00.05.H10 under 000.00.00.H01), which some agencies legitimately do.
  std::vector<FieldError> Warnings(db::Transaction& tx, const Agency& agency) const;

  Result<Agency> Get(db::Transaction& tx, AgencyId id) const;
  // Get, answered from the snapshot (as Lookup) when it holds the agency, else from the
  // database: for a use case that writes and only needs the agency to exist and its names (the
  // documents module's registration and issue), saving a round trip. A rename committed by
  // another process within cache_ttl may be missed; an agency the snapshot does not have yet is
  // still found.
  Result<Agency> GetCached(db::Transaction& tx, AgencyId id) const;
  Result<Agency> GetByCode(db::Transaction& tx, const std::string& code) const;
  Result<std::vector<Agency>> List(db::Transaction& tx, const AgencyQuery& query) const;

  // List and Search answer in Vietnamese dictionary order of the names (text/collation.hpp).
  // Snapshot reads for read-only requests: served from memory, refreshed through `tx` when the
  // snapshot is missing or older than cache_ttl.
  Result<Agency> Lookup(db::Transaction& tx, AgencyId id) const;
  Result<std::vector<Agency>> Search(db::Transaction& tx, const AgencyQuery& query) const;
  // The agency from a fresh snapshot, or nullopt when there is none (or no such agency): then
  // call Lookup. Never touches the database, so it may run on an I/O thread.
  std::optional<Agency> TryLookupCached(AgencyId id) const;
  // Search over a fresh snapshot, or nullopt when there is none.
  std::optional<Result<std::vector<Agency>>> TrySearchCached(const AgencyQuery& query) const;
  // All agencies, for export, with the codes their references point to.
  std::vector<AgencyCsvRow> ExportRows(db::Transaction& tx) const;

  // Validates and saves every row in order (a row may name an earlier row as its parent):
  // inserts (kCreate), or inserts and updates (kUpsert, see ImportMode; a row that changes
  // nothing is not written or audited, and the same code and start date twice in one file is
  // refused). If any row fails, the report says which and why, report.ok is false, and the
  // caller must roll back (a dry run simply never commits).
  ImportReport Import(db::Transaction& tx, const audit::Actor& actor,
                      const std::vector<AgencyInput>& rows, ImportMode mode = ImportMode::kCreate);

  Result<Unit> CreateUnit(db::Transaction& tx, const audit::Actor& actor, AgencyId agency,
                          const UnitInput& in);
  Result<std::vector<Unit>> ListUnits(db::Transaction& tx, AgencyId agency) const;
  Result<Unit> GetUnit(db::Transaction& tx, UnitId id) const;

  std::string Today() const;

 private:
  struct Indexed;
  struct Snapshot;
  static std::vector<Indexed> Index(std::vector<Agency> agencies);
  Result<Agency> Validate(db::Transaction& tx, const AgencyInput& in, const Agency* existing);
  std::optional<Agency> UpsertTarget(db::Transaction& tx, const AgencyInput& in);
  std::shared_ptr<const Snapshot> FreshSnapshot() const;
  std::shared_ptr<const Snapshot> LoadSnapshot(db::Transaction& tx) const;
  Result<std::vector<Agency>> Filter(const std::vector<Indexed>& all, const AgencyQuery& q) const;
  void ChangedIn(db::Transaction& tx);
  audit::AuditLog& audit_;
  const Clock& clock_;
  std::chrono::milliseconds cache_ttl_;
  mutable std::mutex cache_mu_;
  mutable std::shared_ptr<const Snapshot> snapshot_;
};

std::vector<db::Migration> Migrations();

}  // namespace cqdt::org
