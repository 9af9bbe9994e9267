#include <soci/soci.h>

#include "db/statement.hpp"
#include "identity_repository.hpp"

namespace cqdt::identity {

std::string JoinRoles(const std::set<Role>& roles) {
  std::string out;
  for (auto r : roles) {
    out += (out.empty() ? "" : ",") + std::string(RoleName(r));
  }
  return out;
}

std::set<Role> SplitRoles(const std::string& text) {
  std::set<Role> roles;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    auto name = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (auto r = ParseRole(name)) {
      roles.insert(*r);
    }
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return roles;
}

namespace {

constexpr const char* kUserColumns =
    "id, username, full_name, email, phone, agency_id, unit_id, position, roles, disabled, "
    "created_at, password_hash, password_change_required";

struct UserRow {
  long long id = 0, agency = 0, unit = 0;
  int disabled = 0, change_required = 0;
  std::string username, full_name, email, phone, position, roles, created, hash;
  soci::indicator unit_ind = soci::i_null;
  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(username));
    st.exchange(soci::into(full_name));
    st.exchange(soci::into(email));
    st.exchange(soci::into(phone));
    st.exchange(soci::into(agency));
    st.exchange(soci::into(unit, unit_ind));
    st.exchange(soci::into(position));
    st.exchange(soci::into(roles));
    st.exchange(soci::into(disabled));
    st.exchange(soci::into(created));
    st.exchange(soci::into(hash));
    st.exchange(soci::into(change_required));
  }
  StoredUser Get() const {
    User u{UserId(id),
           username,
           full_name,
           email,
           phone,
           AgencyId(agency),
           UnitId(unit_ind == soci::i_ok ? unit : 0),
           position,
           SplitRoles(roles),
           disabled != 0,
           created,
           change_required != 0};
    return {u, hash};
  }
};

template <typename Arg>
std::vector<StoredUser> QueryUsers(db::Transaction& tx, const std::string& where, const Arg* arg) {
  UserRow r;
  auto st = tx.Prepare(std::string("SELECT ") + kUserColumns + " FROM identity_user " + where);
  r.Bind(*st);
  if (arg != nullptr) {
    st->exchange(soci::use(*arg));
  }
  st->define_and_bind();
  st->execute(false);
  std::vector<StoredUser> out;
  while (st->fetch()) {
    out.push_back(r.Get());
  }
  return out;
}

}  // namespace

UserId IdentityRepository::InsertUser(const User& u, const std::string& password_hash) {
  long long agency = u.agency_id.value();
  long long unit = u.unit_id.value();
  soci::indicator unit_ind = u.unit_id.IsSet() ? soci::i_ok : soci::i_null;
  int disabled = u.disabled ? 1 : 0;
  int change_required = u.password_change_required ? 1 : 0;
  std::string roles = JoinRoles(u.roles);
  tx_.sql() << "INSERT INTO identity_user (username, full_name, email, phone, agency_id, unit_id,"
               " position, roles, disabled, created_at, password_hash, password_change_required)"
               " VALUES (:u, :f, :e, :p, :a, :unit, :pos, :r, :d, :c, :h, :cr)",
      soci::use(u.username), soci::use(u.full_name), soci::use(u.email), soci::use(u.phone),
      soci::use(agency), soci::use(unit, unit_ind), soci::use(u.position), soci::use(roles),
      soci::use(disabled), soci::use(u.created_at), soci::use(password_hash),
      soci::use(change_required);
  return UserId(db::LastInsertId(tx_, "identity_user"));
}

void IdentityRepository::UpdateUser(const User& u) {
  long long id = u.id.value();
  long long agency = u.agency_id.value();
  long long unit = u.unit_id.value();
  soci::indicator unit_ind = u.unit_id.IsSet() ? soci::i_ok : soci::i_null;
  int disabled = u.disabled ? 1 : 0;
  std::string roles = JoinRoles(u.roles);
  tx_.sql() << "UPDATE identity_user SET full_name = :f, email = :e, phone = :p, agency_id = :a,"
               " unit_id = :unit, position = :pos, roles = :r, disabled = :d WHERE id = :id",
      soci::use(u.full_name), soci::use(u.email), soci::use(u.phone), soci::use(agency),
      soci::use(unit, unit_ind), soci::use(u.position), soci::use(roles), soci::use(disabled),
      soci::use(id);
}

void IdentityRepository::SetUserPassword(UserId id, const std::string& password_hash,
                                         bool change_required) {
  long long key = id.value();
  int required = change_required ? 1 : 0;
  tx_.sql() << "UPDATE identity_user SET password_hash = :h, password_change_required = :r"
               " WHERE id = :id",
      soci::use(password_hash), soci::use(required), soci::use(key);
}

std::optional<StoredUser> IdentityRepository::FindUser(UserId id) {
  long long key = id.value();
  auto rows = QueryUsers(tx_, "WHERE id = :id", &key);
  return rows.empty() ? std::nullopt : std::optional(rows.front());
}

std::optional<StoredUser> IdentityRepository::FindUserByUsername(const std::string& username) {
  auto rows = QueryUsers(tx_, "WHERE username = :u", &username);
  return rows.empty() ? std::nullopt : std::optional(rows.front());
}

std::vector<User> IdentityRepository::ListUsers(AgencyId agency) {
  long long key = agency.value();
  auto rows = agency.IsSet() ? QueryUsers(tx_, "WHERE agency_id = :a ORDER BY username", &key)
                             : QueryUsers<long long>(tx_, "ORDER BY username", nullptr);
  std::vector<User> out;
  for (auto& r : rows) {
    out.push_back(std::move(r.user));
  }
  return out;
}

std::optional<CitizenId> IdentityRepository::InsertCitizen(const Citizen& c,
                                                           const std::string& password_hash) {
  // ON CONFLICT DO NOTHING (SQLite 3.24+, PostgreSQL 9.5+): a concurrent sign-up with the same
  // number makes this one insert nothing instead of aborting the transaction.
  soci::statement st =
      (tx_.sql().prepare << "INSERT INTO identity_citizen (citizen_id_number, full_name, phone,"
                            " email, disabled, created_at, password_hash) VALUES (:n, :f, :p, :e,"
                            " 0, :c, :h) ON CONFLICT (citizen_id_number) DO NOTHING",
       soci::use(c.citizen_id_number), soci::use(c.full_name), soci::use(c.phone),
       soci::use(c.email), soci::use(c.created_at), soci::use(password_hash));
  st.execute(true);
  if (st.get_affected_rows() == 0) {
    return std::nullopt;
  }
  return CitizenId(db::LastInsertId(tx_, "identity_citizen"));
}

namespace {
template <typename Arg>
std::optional<StoredCitizen> QueryCitizen(soci::session& sql, const char* where, const Arg& arg) {
  long long id = 0;
  int disabled = 0;
  std::string number, name, phone, email, created, hash;
  sql << std::string(
             "SELECT id, citizen_id_number, full_name, phone, email, disabled, created_at,"
             " password_hash FROM identity_citizen ") +
             where,
      soci::into(id), soci::into(number), soci::into(name), soci::into(phone), soci::into(email),
      soci::into(disabled), soci::into(created), soci::into(hash), soci::use(arg);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  return StoredCitizen{{CitizenId(id), number, name, phone, email, created}, hash, disabled != 0};
}
}  // namespace

std::optional<StoredCitizen> IdentityRepository::FindCitizen(CitizenId id) {
  long long key = id.value();
  return QueryCitizen(tx_.sql(), "WHERE id = :id", key);
}

std::optional<StoredCitizen> IdentityRepository::FindCitizenByNumber(const std::string& number) {
  return QueryCitizen(tx_.sql(), "WHERE citizen_id_number = :n", number);
}

void IdentityRepository::SetCitizenPassword(CitizenId id, const std::string& password_hash) {
  long long key = id.value();
  tx_.sql() << "UPDATE identity_citizen SET password_hash = :h WHERE id = :id",
      soci::use(password_hash), soci::use(key);
}

void IdentityRepository::InsertSession(const std::string& token_hash, const SessionRow& s,
                                       const std::string& client_address,
                                       const std::string& user_agent) {
  long long subject = s.subject_id, created = s.created_at, seen = s.last_seen_at,
            expires = s.expires_at;
  tx_.sql() << "INSERT INTO identity_session (token_hash, realm, subject_id, csrf_token,"
               " created_at, last_seen_at, expires_at, client_address, user_agent) VALUES"
               " (:h, :r, :s, :c, :ca, :ls, :ex, :ip, :ua)",
      soci::use(token_hash), soci::use(s.realm), soci::use(subject), soci::use(s.csrf_token),
      soci::use(created), soci::use(seen), soci::use(expires), soci::use(client_address),
      soci::use(user_agent);
}

std::optional<SessionRow> IdentityRepository::FindSession(const std::string& token_hash) {
  long long id = 0, subject = 0, created = 0, seen = 0, expires = 0;
  std::string realm, csrf;
  tx_.sql() << "SELECT id, realm, subject_id, csrf_token, created_at, last_seen_at, expires_at"
               " FROM identity_session WHERE token_hash = :h",
      soci::into(id), soci::into(realm), soci::into(subject), soci::into(csrf), soci::into(created),
      soci::into(seen), soci::into(expires), soci::use(token_hash);
  if (!tx_.sql().got_data()) {
    return std::nullopt;
  }
  return SessionRow{id, realm, subject, csrf, created, seen, expires};
}

void IdentityRepository::TouchSession(std::int64_t id, std::int64_t now) {
  long long key = id, at = now;
  tx_.sql() << "UPDATE identity_session SET last_seen_at = :t WHERE id = :id", soci::use(at),
      soci::use(key);
}

void IdentityRepository::DeleteSession(const std::string& token_hash) {
  tx_.sql() << "DELETE FROM identity_session WHERE token_hash = :h", soci::use(token_hash);
}

void IdentityRepository::DeleteSessionsOf(const std::string& realm, std::int64_t subject_id) {
  long long subject = subject_id;
  tx_.sql() << "DELETE FROM identity_session WHERE realm = :r AND subject_id = :s",
      soci::use(realm), soci::use(subject);
  BumpSessionEpoch();
}

std::int64_t IdentityRepository::SessionEpoch() {
  long long epoch = 0;
  db::Run(tx_, "SELECT epoch FROM identity_session_epoch WHERE id = 1", soci::into(epoch));
  return epoch;
}

void IdentityRepository::BumpSessionEpoch() {
  db::Run(tx_, "UPDATE identity_session_epoch SET epoch = epoch + 1 WHERE id = 1");
}

void IdentityRepository::DeleteOtherSessionsOf(const std::string& realm, std::int64_t subject_id,
                                               const std::string& keep_hash) {
  long long subject = subject_id;
  tx_.sql() << "DELETE FROM identity_session WHERE realm = :r AND subject_id = :s"
               " AND token_hash <> :h",
      soci::use(realm), soci::use(subject), soci::use(keep_hash);
  BumpSessionEpoch();
}

ApiTokenId IdentityRepository::InsertApiToken(const ApiToken& t, const std::string& token_hash) {
  std::string scopes;
  for (const auto& s : t.scopes) {
    scopes += (scopes.empty() ? "" : ",") + s;
  }
  long long agency = t.agency_id.value();
  tx_.sql() << "INSERT INTO identity_api_token (name, token_hash, scopes, agency_id, created_at)"
               " VALUES (:n, :h, :s, :a, :c)",
      soci::use(t.name), soci::use(token_hash), soci::use(scopes), soci::use(agency),
      soci::use(t.created_at);
  return ApiTokenId(db::LastInsertId(tx_, "identity_api_token"));
}

namespace {
std::vector<ApiTokenRow> QueryTokens(soci::session& sql, const std::string& where,
                                     const std::string* arg) {
  long long id = 0, agency = 0;
  std::string name, hash, scopes, created, revoked, used;
  soci::indicator revoked_ind = soci::i_null, used_ind = soci::i_null;
  soci::statement st(sql);
  st.exchange(soci::into(id));
  st.exchange(soci::into(name));
  st.exchange(soci::into(hash));
  st.exchange(soci::into(scopes));
  st.exchange(soci::into(agency));
  st.exchange(soci::into(created));
  st.exchange(soci::into(revoked, revoked_ind));
  st.exchange(soci::into(used, used_ind));
  if (arg != nullptr) {
    st.exchange(soci::use(*arg));
  }
  st.alloc();
  st.prepare(
      "SELECT id, name, token_hash, scopes, agency_id, created_at, revoked_at,"
      " last_used_at FROM identity_api_token " +
      where);
  st.define_and_bind();
  st.execute(false);
  std::vector<ApiTokenRow> out;
  while (st.fetch()) {
    ApiTokenRow r;
    r.token.id = ApiTokenId(id);
    r.token.name = name;
    std::size_t start = 0;
    while (start < scopes.size()) {
      auto comma = scopes.find(',', start);
      r.token.scopes.insert(
          scopes.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) {
        break;
      }
      start = comma + 1;
    }
    r.token.agency_id = AgencyId(agency);
    r.token.created_at = created;
    r.token.revoked_at = revoked_ind == soci::i_ok ? revoked : "";
    r.token.last_used_at = used_ind == soci::i_ok ? used : "";
    r.token_hash = hash;
    out.push_back(std::move(r));
  }
  return out;
}
}  // namespace

std::vector<ApiTokenRow> IdentityRepository::ListApiTokens() {
  return QueryTokens(tx_.sql(), "ORDER BY id", nullptr);
}

std::optional<ApiTokenRow> IdentityRepository::FindApiTokenByHash(const std::string& token_hash) {
  auto rows = QueryTokens(tx_.sql(), "WHERE token_hash = :h", &token_hash);
  return rows.empty() ? std::nullopt : std::optional(rows.front());
}

bool IdentityRepository::RevokeApiToken(ApiTokenId id, const std::string& at) {
  long long key = id.value();
  soci::statement st = (tx_.sql().prepare << "UPDATE identity_api_token SET revoked_at = :t"
                                             " WHERE id = :id AND revoked_at IS NULL",
                        soci::use(at), soci::use(key));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void IdentityRepository::TouchApiToken(ApiTokenId id, const std::string& at) {
  long long key = id.value();
  tx_.sql() << "UPDATE identity_api_token SET last_used_at = :t WHERE id = :id", soci::use(at),
      soci::use(key);
}

}  // namespace cqdt::identity
