// The audit trail: who did what, for which agency, on which record, when, from where.
//
// Record() must be called inside the same transaction as the change it describes; the entry is
// written when that transaction commits (with the others it appended, in one statement), and if
// it rolls back there is none. Appends are serialised (SQLite: the write lock of BEGIN
// IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock) so that the chain is linear.
//
// Invariants: entries have consecutive `seq` values starting at 1; entry n stores
// prev_hash = hash of entry n-1 ("" for the first) and hash = SHA-256 of its canonical form
// (see EntryHash in audit_log.cpp; a client request id enters the hash only when there is one,
// so entries written before that column existed still verify). Verify() reports the first entry
// where any of these fails.
// Deleting the newest entries is not detectable from the table alone; anchoring the head
// outside the database (signed checkpoints) is left to the signing issue.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"

namespace cqdt::audit {

// Who acts, and the request context.
struct Actor {
  UserId user_id;      // unset for the CLI, system jobs and anonymous requests
  std::string name;    // username, "cli", "system", "anonymous"
  AgencyId agency_id;  // the agency the actor acts for (unset when none)
  std::string client_address;
  std::string request_id;  // the server's own id of the request
  // The id the client sent in X-Request-Id (already validated), recorded beside the server's.
  std::string client_request_id = {};
};

struct Change {
  std::string action;     // "agency.create", "user.disable", "auth.login"...
  std::string entity;     // "agency", "user", "session"...
  std::string entity_id;  // the record's id or code
  std::string summary;    // short human-readable (Vietnamese) or JSON summary; never secrets
};

struct Entry {
  AuditEntryId id;
  std::int64_t seq = 0;
  std::string at;  // ISO 8601 UTC
  UserId actor_id;
  std::string actor;
  AgencyId agency_id;
  std::string action;
  std::string entity;
  std::string entity_id;
  std::string client_address;
  std::string request_id;
  std::string summary;
  std::string prev_hash;
  std::string hash;
  std::string client_request_id = {};  // "" when the client sent none (and in older entries)
};

struct Filter {
  std::string actor;   // exact username
  AgencyId agency_id;  // unset: all
  std::string action;  // one action, exactly; ending in "." a group ("agency." = every agency
                       // action)
  std::string entity;
  std::string entity_id;
  std::string from;  // YYYY-MM-DD inclusive, a day in Vietnam time (UTC+7)
  std::string to;    // YYYY-MM-DD inclusive, a day in Vietnam time (UTC+7)
  int limit = 50;    // 1..500
  int offset = 0;
};

struct Page {
  std::vector<Entry> items;
  std::int64_t total = 0;
};

struct VerifyReport {
  bool ok = true;
  std::int64_t checked = 0;
  std::optional<std::int64_t> first_broken_id;
  std::string reason;  // Vietnamese
  // The last entry checked: the chain's head when ok (0 / "" for an empty trail).
  std::int64_t head_seq = 0;
  std::string head_hash;
};

class AuditLog {
 public:
  explicit AuditLog(const Clock& clock) : clock_(clock) {}

  // Appends an entry to the chain as `tx` commits (db::Transaction::BeforeCommit): its sequence
  // number, time and hashes are given then, with the other entries `tx` appended.
  Status Record(db::Transaction& tx, const Actor& actor, const Change& change);
  Result<Page> List(db::Transaction& tx, const Filter& filter) const;
  VerifyReport Verify(db::Transaction& tx) const;
  // The entry with sequence number `seq`, or nullopt when there is none.
  std::optional<Entry> EntryAt(db::Transaction& tx, std::int64_t seq) const;

 private:
  // Writes the entries `tx` appended and has not written yet (List, Verify and EntryAt see them).
  // `at_commit` (the BeforeCommit callback): on PostgreSQL they go in the COMMIT's own message
  // (db::Transaction::SendWithCommit), so the chain is held for that one round trip.
  Status Flush(db::Transaction& tx, bool at_commit = false) const;
  // SQLite: the chain's end, read once per transaction (its write lock serialises appends).
  Status HoldChain(db::Transaction& tx) const;
  const Clock& clock_;
};

std::vector<db::Migration> Migrations();

}  // namespace cqdt::audit
