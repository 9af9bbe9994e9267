#include "db/migrator.hpp"
#include "oidc/sign_in.hpp"

namespace cqdt::oidc {

std::vector<db::Migration> Migrations() {
  // Sign-ins in progress (issue 13, item 2): one row from the start to the callback, which
  // deletes it. Only hashes of the state and the browser binding are kept: the row alone does
  // not let anyone complete a sign-in. Times are Unix seconds.
  return {{"oidc", 1, "create_oidc_flow",
           "CREATE TABLE oidc_flow ("
           " id {{pk}},"
           " state_hash TEXT NOT NULL UNIQUE,"
           " binding_hash TEXT NOT NULL,"
           " nonce TEXT NOT NULL,"
           " code_verifier TEXT NOT NULL,"
           " return_to TEXT NOT NULL,"
           " created_at {{bigint}} NOT NULL,"
           " expires_at {{bigint}} NOT NULL);\n"
           "CREATE INDEX oidc_flow_expires ON oidc_flow (expires_at)"}};
}

}  // namespace cqdt::oidc
