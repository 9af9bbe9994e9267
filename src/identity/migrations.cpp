#include "db/migrator.hpp"
#include "identity/identity_service.hpp"

namespace cqdt::identity {

std::vector<db::Migration> Migrations() {
  return {{"identity", 1, "create_identity_tables",
           "CREATE TABLE identity_user ("
           " id {{pk}},"
           " username TEXT NOT NULL UNIQUE,"
           " full_name TEXT NOT NULL,"
           " email TEXT NOT NULL,"
           " phone TEXT NOT NULL DEFAULT '',"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " unit_id {{bigint}} REFERENCES org_unit (id),"
           " position TEXT NOT NULL DEFAULT '',"
           " roles TEXT NOT NULL,"
           " disabled INTEGER NOT NULL DEFAULT 0,"
           " created_at TEXT NOT NULL,"
           " password_hash TEXT NOT NULL);\n"
           "CREATE INDEX identity_user_agency ON identity_user (agency_id);\n"
           "CREATE TABLE identity_citizen ("
           " id {{pk}},"
           " citizen_id_number TEXT NOT NULL UNIQUE,"
           " full_name TEXT NOT NULL,"
           " phone TEXT NOT NULL,"
           " email TEXT NOT NULL DEFAULT '',"
           " disabled INTEGER NOT NULL DEFAULT 0,"
           " created_at TEXT NOT NULL,"
           " password_hash TEXT NOT NULL);\n"
           "CREATE TABLE identity_session ("
           " id {{pk}},"
           " token_hash TEXT NOT NULL UNIQUE,"
           " realm TEXT NOT NULL,"
           " subject_id {{bigint}} NOT NULL,"
           " csrf_token TEXT NOT NULL,"
           " created_at {{bigint}} NOT NULL,"
           " last_seen_at {{bigint}} NOT NULL,"
           " expires_at {{bigint}} NOT NULL,"
           " client_address TEXT NOT NULL,"
           " user_agent TEXT NOT NULL);\n"
           "CREATE INDEX identity_session_subject ON identity_session (realm, subject_id);\n"
           "CREATE TABLE identity_api_token ("
           " id {{pk}},"
           " name TEXT NOT NULL,"
           " token_hash TEXT NOT NULL UNIQUE,"
           " scopes TEXT NOT NULL,"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " created_at TEXT NOT NULL,"
           " revoked_at TEXT,"
           " last_used_at TEXT)"},
          // Issue 8: an account whose password an administrator chose (at creation or by a
          // reset) must choose its own at the next sign-in.
          {"identity", 2, "user_password_change_required",
           "ALTER TABLE identity_user ADD COLUMN password_change_required INTEGER NOT NULL "
           "DEFAULT 0"},
          // Issue 16: several instances on one database. Every change that ends sessions
          // (logout, password change or reset, an account locked or its roles changed) moves
          // this counter in its transaction; an instance's cached session read at an older
          // value is checked again (decision 0025).
          {"identity", 3, "session_epoch",
           "CREATE TABLE identity_session_epoch (id INTEGER PRIMARY KEY, epoch {{bigint}} NOT "
           "NULL);\n"
           "INSERT INTO identity_session_epoch (id, epoch) VALUES (1, 0)"},
          // Issue 16: the failures of password and key-secret checks and the public pages'
          // request rates, counted where every instance sees them (shared_limits.hpp).
          {"identity", 4, "shared_limits",
           "CREATE TABLE identity_attempt ("
           " id {{pk}},"
           " attempt {{bigint}} NOT NULL,"
           " key TEXT NOT NULL,"
           " at_ms {{bigint}} NOT NULL,"
           " in_flight INTEGER NOT NULL);\n"
           "CREATE INDEX identity_attempt_key ON identity_attempt (key, at_ms);\n"
           "CREATE INDEX identity_attempt_attempt ON identity_attempt (attempt);\n"
           "CREATE INDEX identity_attempt_at ON identity_attempt (at_ms);\n"
           "CREATE TABLE identity_attempt_refusal (key TEXT PRIMARY KEY);\n"
           "CREATE TABLE identity_rate ("
           " key TEXT NOT NULL,"
           " minute {{bigint}} NOT NULL,"
           " n {{bigint}} NOT NULL,"
           " PRIMARY KEY (key, minute))"}};
}

}  // namespace cqdt::identity
