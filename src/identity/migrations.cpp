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
           "DEFAULT 0"}};
}

}  // namespace cqdt::identity
