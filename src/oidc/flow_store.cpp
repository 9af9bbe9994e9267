#include "flow_store.hpp"

#include <soci/soci.h>

namespace cqdt::oidc {

void FlowStore::Insert(const std::string& state_hash, const FlowRow& row, std::int64_t created_at) {
  // SOCI 4.0 binds long long, not int64_t (which is long here).
  const long long created = created_at;
  const long long expires = row.expires_at;
  tx_.sql() << "INSERT INTO oidc_flow (state_hash, binding_hash, nonce, code_verifier, return_to,"
               " created_at, expires_at) VALUES (:s, :b, :n, :v, :r, :c, :e)",
      soci::use(state_hash), soci::use(row.binding_hash), soci::use(row.nonce),
      soci::use(row.code_verifier), soci::use(row.return_to), soci::use(created),
      soci::use(expires);
}

std::optional<FlowRow> FlowStore::Find(const std::string& state_hash) {
  FlowRow row;
  long long id = 0;
  long long expires = 0;
  soci::indicator ind = soci::i_null;
  tx_.sql() << "SELECT id, binding_hash, nonce, code_verifier, return_to, expires_at FROM oidc_flow"
               " WHERE state_hash = :s",
      soci::into(id, ind), soci::into(row.binding_hash), soci::into(row.nonce),
      soci::into(row.code_verifier), soci::into(row.return_to), soci::into(expires),
      soci::use(state_hash);
  if (!tx_.sql().got_data() || ind == soci::i_null) {
    return std::nullopt;
  }
  row.id = id;
  row.expires_at = expires;
  return row;
}

bool FlowStore::Take(std::int64_t id) {
  const long long key = id;
  soci::statement st =
      (tx_.sql().prepare << "DELETE FROM oidc_flow WHERE id = :id", soci::use(key));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void FlowStore::DeleteExpired(std::int64_t now) {
  const long long at = now;
  tx_.sql() << "DELETE FROM oidc_flow WHERE expires_at < :now", soci::use(at);
}

}  // namespace cqdt::oidc
