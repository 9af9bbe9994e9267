// SQL access to the identity tables (private to the identity module).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "identity/identity_service.hpp"

namespace cqdt::identity {

struct StoredUser {
  User user;
  std::string password_hash;
};

struct StoredCitizen {
  Citizen citizen;
  std::string password_hash;
  bool disabled = false;
};

struct SessionRow {
  std::int64_t id = 0;
  std::string realm;
  std::int64_t subject_id = 0;
  std::string csrf_token;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;
};

struct ApiTokenRow {
  ApiToken token;
  std::string token_hash;
};

class IdentityRepository {
 public:
  explicit IdentityRepository(db::Transaction& tx) : tx_(tx) {}

  UserId InsertUser(const User& u, const std::string& password_hash);
  void UpdateUser(const User& u);
  void SetUserPassword(UserId id, const std::string& password_hash, bool change_required);
  std::optional<StoredUser> FindUser(UserId id);
  std::optional<StoredUser> FindUserByUsername(const std::string& username);
  std::vector<User> ListUsers(AgencyId agency);

  // nullopt when the citizen ID number has an account already.
  std::optional<CitizenId> InsertCitizen(const Citizen& c, const std::string& password_hash);
  std::optional<StoredCitizen> FindCitizen(CitizenId id);
  std::optional<StoredCitizen> FindCitizenByNumber(const std::string& number);
  void SetCitizenPassword(CitizenId id, const std::string& password_hash);

  void InsertSession(const std::string& token_hash, const SessionRow& s,
                     const std::string& client_address, const std::string& user_agent);
  std::optional<SessionRow> FindSession(const std::string& token_hash);
  void TouchSession(std::int64_t id, std::int64_t now);
  void DeleteSession(const std::string& token_hash);
  // The counter that every change ending sessions moves (identity_session_epoch), so that
  // another instance's cached sessions are checked again at once (decision 0025).
  std::int64_t SessionEpoch();
  void BumpSessionEpoch();
  // Both also move the session epoch (below).
  void DeleteSessionsOf(const std::string& realm, std::int64_t subject_id);
  // Every session of the subject but the one whose token hash is `keep_hash`.
  void DeleteOtherSessionsOf(const std::string& realm, std::int64_t subject_id,
                             const std::string& keep_hash);

  ApiTokenId InsertApiToken(const ApiToken& t, const std::string& token_hash);
  std::vector<ApiTokenRow> ListApiTokens();
  std::optional<ApiTokenRow> FindApiTokenByHash(const std::string& token_hash);
  bool RevokeApiToken(ApiTokenId id, const std::string& at);
  void TouchApiToken(ApiTokenId id, const std::string& at);

 private:
  db::Transaction& tx_;
};

std::string JoinRoles(const std::set<Role>& roles);
std::set<Role> SplitRoles(const std::string& text);

}  // namespace cqdt::identity
