// SQL access to `oidc_flow`, the sign-ins in progress (private to oidc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"

namespace cqdt::oidc {

struct FlowRow {
  std::int64_t id = 0;
  std::string binding_hash;
  std::string nonce;
  std::string code_verifier;
  std::string return_to;
  std::int64_t expires_at = 0;
};

class FlowStore {
 public:
  explicit FlowStore(db::Transaction& tx) : tx_(tx) {}

  void Insert(const std::string& state_hash, const FlowRow& row, std::int64_t created_at);
  std::optional<FlowRow> Find(const std::string& state_hash);
  // True when this call removed the row (false: another transaction took it first).
  bool Take(std::int64_t id);
  // Removes the sign-ins that expired before `now` (housekeeping; bounded by the rate limit).
  void DeleteExpired(std::int64_t now);

 private:
  db::Transaction& tx_;
};

}  // namespace cqdt::oidc
