#include "identity/identity_service.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "core/text.hpp"
#include "crypto/crypto.hpp"
#include "identity_repository.hpp"
#include "login_throttle.hpp"

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
           " last_used_at TEXT)"}};
}

namespace {

const std::set<std::string>& KnownScopes() {
  static const std::set<std::string> kScopes = {"agencies:read", "users:read", "audit:read"};
  return kScopes;
}

bool IsValidUsername(const std::string& s) {
  if (s.size() < 3 || s.size() > 50 || !(s[0] >= 'a' && s[0] <= 'z')) {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

// Vietnamese phone: 0 + 9 digits, or +84 + 9 digits; spaces and dots allowed between groups.
bool IsValidPhone(const std::string& s) {
  std::string digits;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && i == 0) {
      digits += c;
    } else if (c != ' ' && c != '.') {
      return false;
    }
  }
  if (digits.rfind("+84", 0) == 0) {
    return digits.size() == 12;
  }
  return digits.size() == 10 && digits[0] == '0';
}

std::string Hash(const std::string& token) { return crypto::Sha256Hex(token); }

}  // namespace

std::vector<FieldError> CheckPasswordPolicy(const std::string& password,
                                            const std::string& username, const std::string& field) {
  std::vector<FieldError> errors;
  auto n = CodePointCount(password);
  bool letter = false, digit = false;
  for (unsigned char c : password) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) {
      letter = true;
    }
  }
  static const std::set<std::string> kCommon = {
      "1234567890",  "12345678910", "0123456789",  "password123", "password1234",
      "matkhau123",  "matkhau1234", "qwerty12345", "abc1234567",  "admin12345",
      "admin123456", "123456789a",  "a123456789",  "iloveyou123", "cqdt123456"};
  if (!IsValidUtf8(password) || HasControlChars(password)) {
    errors.push_back({field, "format", "Mật khẩu chứa ký tự không hợp lệ."});
  } else if (n < 10) {
    errors.push_back({field, "too_short", "Mật khẩu phải có ít nhất 10 ký tự."});
  } else if (password.size() > 128) {
    errors.push_back({field, "too_long", "Mật khẩu không được dài quá 128 byte."});
  } else if (!letter || !digit) {
    errors.push_back({field, "weak", "Mật khẩu phải có cả chữ và số."});
  } else if (kCommon.count(AsciiLower(password))) {
    errors.push_back({field, "common", "Mật khẩu quá phổ biến, hãy chọn mật khẩu khác."});
  } else if (!username.empty() &&
             AsciiLower(password).find(AsciiLower(username)) != std::string::npos) {
    errors.push_back({field, "contains_username", "Mật khẩu không được chứa tên đăng nhập."});
  }
  return errors;
}

bool IsValidCitizenIdNumber(const std::string& s) {
  if (s.size() != 12 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  int province = std::stoi(s.substr(0, 3));
  return province >= 1 && province <= 96;
}

struct IdentityService::Impl {
  db::Database& db;
  audit::AuditLog& audit;
  org::AgencyService& agencies;
  const Clock& clock;
  IdentityOptions options;
  LoginThrottle throttle;
  // Verified for unknown usernames, so that both kinds of failure take the same time. It is the
  // argon2id hash (interactive limits) of a random password nobody knows, fixed here so that
  // start-up does not spend ~60 ms computing one.
  const std::string dummy_hash =
      "$argon2id$v=19$m=65536,t=2,p=1$k6zQSxF6BSpKFPzkKMCnVg$"
      "DaJ14QdCkyxHdZDumJpZuLnjw2bfTzOoWC2vZY7KNU4";

  struct CachedSession {
    Principal principal;
    std::int64_t last_seen;
    std::int64_t expires;
    TimePoint cached_at;
  };
  std::mutex cache_mu;
  std::unordered_map<std::string, CachedSession> cache;

  Impl(db::Database& d, audit::AuditLog& a, org::AgencyService& ag, const Clock& c,
       IdentityOptions o)
      : db(d), audit(a), agencies(ag), clock(c), options(o), throttle(c, o.throttle_window) {}

  std::int64_t Now() const { return ToUnixSeconds(clock.Now()); }
  std::string NowIso() const { return ToIsoUtc(clock.Now()); }

  void ClearCache() {
    std::lock_guard lock(cache_mu);
    cache.clear();
  }

  Result<User> ValidateUser(db::Transaction& tx, const UserInput& in, const User* existing) {
    std::vector<FieldError> errors;
    User u = existing ? *existing : User{};
    bool creating = existing == nullptr;
    if (creating) {
      if (!in.username || in.username->empty()) {
        errors.push_back({"username", "required", "Tên đăng nhập không được để trống."});
      } else if (!IsValidUsername(*in.username)) {
        errors.push_back({"username", "format",
                          "Tên đăng nhập gồm 3-50 ký tự a-z, 0-9, dấu chấm, gạch dưới hoặc gạch "
                          "ngang, bắt đầu bằng chữ cái."});
      } else {
        u.username = *in.username;
      }
    } else if (in.username && *in.username != existing->username) {
      errors.push_back({"username", "immutable", "Không thể đổi tên đăng nhập."});
    }
    if (creating && !in.full_name) {
      errors.push_back({"fullName", "required", "Họ và tên không được để trống."});
    } else if (auto v = CheckText(in.full_name, "fullName", "Họ và tên", 1, 100, errors)) {
      u.full_name = *v;
    }
    if (creating && !in.email) {
      errors.push_back({"email", "required", "Thư điện tử không được để trống."});
    } else if (auto v = CheckText(in.email, "email", "Thư điện tử", 1, 254, errors)) {
      if (!IsPlausibleEmail(*v)) {
        errors.push_back({"email", "format", "Địa chỉ thư điện tử không hợp lệ."});
      } else {
        u.email = *v;
      }
    }
    if (auto v = CheckText(in.phone, "phone", "Số điện thoại", 0, 20, errors)) {
      if (!v->empty() && !IsValidPhone(*v)) {
        errors.push_back(
            {"phone", "format", "Số điện thoại phải gồm 10 chữ số bắt đầu bằng 0 (hoặc +84)."});
      } else {
        u.phone = *v;
      }
    }
    if (auto v = CheckText(in.position, "position", "Chức vụ", 0, 100, errors)) {
      u.position = *v;
    }
    if (creating && !in.agency_id) {
      errors.push_back({"agencyId", "required", "Cần chọn cơ quan."});
    } else if (in.agency_id) {
      if (!agencies.Get(tx, *in.agency_id)) {
        errors.push_back({"agencyId", "not_found", "Cơ quan không tồn tại."});
      } else {
        u.agency_id = *in.agency_id;
        if (!creating && u.agency_id != existing->agency_id && !in.unit_id) {
          u.unit_id = UnitId();  // the old unit belongs to the old agency
        }
      }
    }
    if (in.unit_id) {
      if (!in.unit_id->IsSet()) {
        u.unit_id = UnitId();
      } else if (auto unit = agencies.GetUnit(tx, *in.unit_id); !unit) {
        errors.push_back({"unitId", "not_found", "Phòng, ban không tồn tại."});
      } else if (unit->agency_id != u.agency_id) {
        errors.push_back({"unitId", "mismatch", "Phòng, ban không thuộc cơ quan đã chọn."});
      } else {
        u.unit_id = *in.unit_id;
      }
    }
    if (creating && !in.roles) {
      errors.push_back({"roles", "required", "Cần chọn ít nhất một vai trò."});
    } else if (in.roles) {
      std::set<Role> roles;
      for (const auto& name : *in.roles) {
        auto r = ParseRole(name);
        if (!r || *r == Role::kCitizen || *r == Role::kSystem) {
          errors.push_back({"roles", "enum",
                            "Vai trò '" + name +
                                "' không hợp lệ: dùng admin, clerk, officer, leader hoặc "
                                "counter_officer."});
        } else {
          roles.insert(*r);
        }
      }
      if (roles.empty() && errors.empty()) {
        errors.push_back({"roles", "required", "Cần chọn ít nhất một vai trò."});
      }
      u.roles = roles;
    }
    if (in.disabled) {
      u.disabled = *in.disabled;
    }
    if (!errors.empty()) {
      return Error::Invalid(std::move(errors));
    }
    return u;
  }

  Principal StaffPrincipal(const User& u) {
    Principal p;
    p.realm = Realm::kStaff;
    p.subject_id = u.id.value();
    p.username = u.username;
    p.full_name = u.full_name;
    p.agency_id = u.agency_id;
    p.roles = u.roles;
    return p;
  }

  Principal CitizenPrincipal(const Citizen& c) {
    Principal p;
    p.realm = Realm::kCitizen;
    p.subject_id = c.id.value();
    p.username = c.citizen_id_number;
    p.full_name = c.full_name;
    p.roles = {Role::kCitizen};
    return p;
  }
};

IdentityService::IdentityService(db::Database& db, audit::AuditLog& audit,
                                 org::AgencyService& agencies, const Clock& clock,
                                 IdentityOptions options)
    : impl_(std::make_unique<Impl>(db, audit, agencies, clock, options)) {}
IdentityService::~IdentityService() = default;

Result<User> IdentityService::CreateUser(const audit::Actor& actor, const UserInput& in) {
  // Validate what needs no database first, hash outside any transaction, then write.
  std::vector<FieldError> pw_errors;
  if (!in.password || in.password->empty()) {
    pw_errors.push_back({"password", "required", "Mật khẩu không được để trống."});
  } else {
    pw_errors = CheckPasswordPolicy(*in.password, in.username.value_or(""));
  }
  {
    auto tx = impl_->db.BeginRead();
    auto checked = impl_->ValidateUser(tx, in, nullptr);
    if (!checked || !pw_errors.empty()) {
      std::vector<FieldError> all = checked ? std::vector<FieldError>{} : checked.error().fields();
      all.insert(all.end(), pw_errors.begin(), pw_errors.end());
      return Error::Invalid(std::move(all));
    }
  }
  std::string hash = crypto::HashPassword(*in.password);
  auto tx = impl_->db.Begin();
  CQDT_ASSIGN_OR_RETURN(User u, impl_->ValidateUser(tx, in, nullptr));
  IdentityRepository repo(tx);
  if (repo.FindUserByUsername(u.username)) {
    return Error::Conflict("Tên đăng nhập " + u.username + " đã tồn tại.",
                           {{"username", "duplicate", "Tên đăng nhập đã tồn tại."}});
  }
  u.created_at = impl_->NowIso();
  u.id = repo.InsertUser(u, hash);
  CQDT_RETURN_IF_ERROR(
      impl_->audit.Record(tx, actor,
                          {"user.create", "user", std::to_string(u.id.value()),
                           "Tạo tài khoản " + u.username + " (" + JoinRoles(u.roles) + ")"}));
  CQDT_RETURN_IF_ERROR(tx.Commit());
  return u;
}

Result<User> IdentityService::UpdateUser(db::Transaction& tx, const audit::Actor& actor, UserId id,
                                         const UserInput& patch) {
  if (patch.password) {
    return Error::InvalidField("password", "unknown",
                               "Đổi mật khẩu bằng chức năng đặt lại mật khẩu.");
  }
  CQDT_ASSIGN_OR_RETURN(User before, GetUser(tx, id));
  CQDT_ASSIGN_OR_RETURN(User u, impl_->ValidateUser(tx, patch, &before));
  IdentityRepository repo(tx);
  repo.UpdateUser(u);
  std::string summary = "Sửa tài khoản " + u.username;
  if (u.roles != before.roles) {
    summary += "; vai trò: " + JoinRoles(u.roles);
  }
  if (u.disabled != before.disabled) {
    summary += u.disabled ? "; vô hiệu hóa" : "; kích hoạt lại";
  }
  if (u.disabled || u.roles != before.roles || u.agency_id != before.agency_id) {
    repo.DeleteSessionsOf("staff", u.id.value());
    // Now, and again at commit: a request may re-cache the old session in between.
    impl_->ClearCache();
    tx.OnCommit([impl = impl_.get()] { impl->ClearCache(); });
  }
  CQDT_RETURN_IF_ERROR(
      impl_->audit.Record(tx, actor,
                          {u.disabled && !before.disabled ? "user.disable" : "user.update", "user",
                           std::to_string(u.id.value()), summary}));
  return u;
}

Status IdentityService::ResetPassword(const audit::Actor& actor, UserId id,
                                      const std::string& password) {
  std::string username;
  {
    auto tx = impl_->db.BeginRead();
    CQDT_ASSIGN_OR_RETURN(User u, GetUser(tx, id));
    username = u.username;
  }
  auto errors = CheckPasswordPolicy(password, username);
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  std::string hash = crypto::HashPassword(password);
  auto tx = impl_->db.Begin();
  IdentityRepository repo(tx);
  repo.SetUserPassword(id, hash);
  repo.DeleteSessionsOf("staff", id.value());
  CQDT_RETURN_IF_ERROR(
      impl_->audit.Record(tx, actor,
                          {"user.reset_password", "user", std::to_string(id.value()),
                           "Đặt lại mật khẩu cho " + username}));
  CQDT_RETURN_IF_ERROR(tx.Commit());
  impl_->ClearCache();
  return Ok();
}

Result<User> IdentityService::GetUser(db::Transaction& tx, UserId id) const {
  auto u = IdentityRepository(tx).FindUser(id);
  if (!u) {
    return Error::NotFound("tài khoản", std::to_string(id.value()));
  }
  return u->user;
}

Result<User> IdentityService::GetUserByUsername(db::Transaction& tx,
                                                const std::string& username) const {
  auto u = IdentityRepository(tx).FindUserByUsername(username);
  if (!u) {
    return Error::NotFound("tài khoản", username);
  }
  return u->user;
}

std::vector<User> IdentityService::ListUsers(db::Transaction& tx, AgencyId agency,
                                             const std::string& text) const {
  auto users = IdentityRepository(tx).ListUsers(agency);
  if (text.empty()) {
    return users;
  }
  std::string needle = AsciiLower(text);
  std::vector<User> out;
  for (auto& u : users) {
    if (AsciiLower(u.username).find(needle) != std::string::npos ||
        AsciiLower(u.full_name).find(needle) != std::string::npos ||
        AsciiLower(u.email).find(needle) != std::string::npos) {
      out.push_back(std::move(u));
    }
  }
  return out;
}

Result<Citizen> IdentityService::SignUpCitizen(const audit::Actor& actor, const CitizenInput& in) {
  std::vector<FieldError> errors;
  Citizen c;
  if (!in.full_name) {
    errors.push_back({"fullName", "required", "Họ và tên không được để trống."});
  } else if (auto v = CheckText(in.full_name, "fullName", "Họ và tên", 1, 100, errors)) {
    c.full_name = *v;
  }
  if (!in.citizen_id_number || in.citizen_id_number->empty()) {
    errors.push_back({"citizenIdNumber", "required", "Số định danh cá nhân không được để trống."});
  } else if (!IsValidCitizenIdNumber(*in.citizen_id_number)) {
    errors.push_back(
        {"citizenIdNumber", "format", "Số định danh cá nhân (số CCCD) phải gồm đúng 12 chữ số."});
  } else {
    c.citizen_id_number = *in.citizen_id_number;
  }
  if (!in.phone || in.phone->empty()) {
    errors.push_back({"phone", "required", "Số điện thoại không được để trống."});
  } else if (!IsValidPhone(*in.phone)) {
    errors.push_back(
        {"phone", "format", "Số điện thoại phải gồm 10 chữ số bắt đầu bằng 0 (hoặc +84)."});
  } else {
    c.phone = *in.phone;
  }
  if (in.email && !in.email->empty()) {
    if (!IsPlausibleEmail(*in.email)) {
      errors.push_back({"email", "format", "Địa chỉ thư điện tử không hợp lệ."});
    } else {
      c.email = *in.email;
    }
  }
  if (!in.password || in.password->empty()) {
    errors.push_back({"password", "required", "Mật khẩu không được để trống."});
  } else {
    auto pw = CheckPasswordPolicy(*in.password, c.citizen_id_number);
    errors.insert(errors.end(), pw.begin(), pw.end());
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  std::string hash = crypto::HashPassword(*in.password);
  auto tx = impl_->db.Begin();
  IdentityRepository repo(tx);
  if (repo.FindCitizenByNumber(c.citizen_id_number)) {
    return Error::Conflict(
        "Số định danh cá nhân này đã được đăng ký.",
        {{"citizenIdNumber", "duplicate", "Số định danh cá nhân này đã được đăng ký."}});
  }
  c.created_at = impl_->NowIso();
  c.id = repo.InsertCitizen(c, hash);
  audit::Actor self = actor;
  self.name = c.citizen_id_number;
  CQDT_RETURN_IF_ERROR(impl_->audit.Record(
      tx, self,
      {"citizen.sign_up", "citizen", std::to_string(c.id.value()), "Công dân đăng ký tài khoản"}));
  CQDT_RETURN_IF_ERROR(tx.Commit());
  return c;
}

std::chrono::seconds IdentityService::RetryAfter(const LoginRequest& r) const {
  auto a = impl_->throttle.Blocked(std::string(RealmName(r.realm)) + ":" + r.username,
                                   impl_->options.account_max_failures);
  auto b = impl_->throttle.Blocked("ip:" + r.client_address, impl_->options.address_max_failures);
  return std::max(a, b);
}

Result<LoginResult> IdentityService::Login(const LoginRequest& r) {
  const std::string account_key = std::string(RealmName(r.realm)) + ":" + r.username;
  const std::string address_key = "ip:" + r.client_address;
  // Throttle before touching the password, so that a blocked attacker learns nothing.
  if (auto wait = RetryAfter(r); wait.count() > 0) {
    auto minutes = (wait.count() + 59) / 60;
    return Error::RateLimited("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau " +
                              std::to_string(minutes) + " phút.");
  }
  audit::Actor actor{UserId(),         r.username,   AgencyId(),
                     r.client_address, r.request_id, r.client_request_id};
  std::string hash;
  bool disabled = false;
  Principal principal;
  {
    auto tx = impl_->db.BeginRead();
    IdentityRepository repo(tx);
    if (r.realm == Realm::kStaff) {
      if (auto u = repo.FindUserByUsername(r.username)) {
        hash = u->password_hash;
        disabled = u->user.disabled;
        principal = impl_->StaffPrincipal(u->user);
      }
    } else if (r.realm == Realm::kCitizen) {
      if (auto c = repo.FindCitizenByNumber(r.username)) {
        hash = c->password_hash;
        disabled = c->disabled;
        principal = impl_->CitizenPrincipal(c->citizen);
      }
    }
  }
  bool ok =
      crypto::VerifyPassword(r.password, hash.empty() ? impl_->dummy_hash : hash) && !hash.empty();
  auto tx = impl_->db.Begin();
  if (!ok) {
    impl_->throttle.Fail(account_key);
    impl_->throttle.Fail(address_key);
    CQDT_RETURN_IF_ERROR(impl_->audit.Record(
        tx, actor, {"auth.login_failed", "session", r.username, "Đăng nhập không thành công"}));
    CQDT_RETURN_IF_ERROR(tx.Commit());
    return Error::Unauthenticated("Tên đăng nhập hoặc mật khẩu không đúng.");
  }
  if (disabled) {
    return Error::PermissionDenied("Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị viên.");
  }
  impl_->throttle.Reset(account_key);
  IdentityRepository repo(tx);
  if (!r.previous_token.empty()) {  // rotation: the pre-login session never survives login
    repo.DeleteSession(Hash(r.previous_token));
  }
  std::string token = crypto::RandomToken(32);
  SessionRow s;
  s.realm = RealmName(r.realm);
  s.subject_id = principal.subject_id;
  s.csrf_token = crypto::RandomToken(24);
  s.created_at = s.last_seen_at = impl_->Now();
  s.expires_at = s.created_at + impl_->options.absolute_timeout.count();
  repo.InsertSession(Hash(token), s, r.client_address, r.user_agent.substr(0, 300));
  actor.user_id = principal.user_id();
  actor.agency_id = principal.agency_id;
  CQDT_RETURN_IF_ERROR(
      impl_->audit.Record(tx, actor, {"auth.login", "session", principal.username, "Đăng nhập"}));
  CQDT_RETURN_IF_ERROR(tx.Commit());
  principal.csrf_token = s.csrf_token;
  principal.session_id = Hash(token).substr(0, 12);
  return LoginResult{token, principal};
}

Status IdentityService::ChangePassword(const Principal& who, const audit::Actor& actor,
                                       const std::string& current, const std::string& next) {
  std::string hash;
  {
    auto tx = impl_->db.BeginRead();
    IdentityRepository repo(tx);
    if (who.realm == Realm::kStaff) {
      if (auto u = repo.FindUser(UserId(who.subject_id))) {
        hash = u->password_hash;
      }
    } else if (who.realm == Realm::kCitizen) {
      if (auto c = repo.FindCitizen(CitizenId(who.subject_id))) {
        hash = c->password_hash;
      }
    }
  }
  if (hash.empty() || !crypto::VerifyPassword(current, hash)) {
    return Error::InvalidField("currentPassword", "mismatch", "Mật khẩu hiện tại không đúng.");
  }
  auto errors = CheckPasswordPolicy(next, who.username, "newPassword");
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  std::string new_hash = crypto::HashPassword(next);
  auto tx = impl_->db.Begin();
  IdentityRepository repo(tx);
  if (who.realm == Realm::kStaff) {
    repo.SetUserPassword(UserId(who.subject_id), new_hash);
  } else {
    repo.SetCitizenPassword(CitizenId(who.subject_id), new_hash);
  }
  CQDT_RETURN_IF_ERROR(impl_->audit.Record(
      tx, actor, {"auth.change_password", RealmName(who.realm), who.username, "Đổi mật khẩu"}));
  CQDT_RETURN_IF_ERROR(tx.Commit());
  return Ok();
}

Result<Principal> IdentityService::Authenticate(const std::string& token) {
  if (token.empty() || token.size() > 128) {  // untrusted cookie value
    return Error::Unauthenticated();
  }
  if (auto cached = AuthenticateCached(token)) {
    return *cached;
  }
  const std::string key = Hash(token);
  const auto now_tp = impl_->clock.Now();
  const auto now = ToUnixSeconds(now_tp);
  const auto idle = impl_->options.idle_timeout.count();
  // Look up on a read transaction; take the write lock only to end or touch the session.
  std::optional<SessionRow> s;
  Principal p;
  bool valid = false;
  {
    auto tx = impl_->db.BeginRead();
    IdentityRepository repo(tx);
    s = repo.FindSession(key);
    if (!s) {
      return Error::Unauthenticated("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.");
    }
    if (now - s->last_seen_at <= idle && now <= s->expires_at) {
      if (s->realm == "staff") {
        auto u = repo.FindUser(UserId(s->subject_id));
        if (u && !u->user.disabled) {
          p = impl_->StaffPrincipal(u->user);
          valid = true;
        }
      } else {
        auto c = repo.FindCitizen(CitizenId(s->subject_id));
        if (c && !c->disabled) {
          p = impl_->CitizenPrincipal(c->citizen);
          valid = true;
        }
      }
    }
  }
  if (!valid) {
    auto tx = impl_->db.Begin();
    IdentityRepository(tx).DeleteSession(key);
    CQDT_RETURN_IF_ERROR(tx.Commit());
    return Error::Unauthenticated("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.");
  }
  p.csrf_token = s->csrf_token;
  p.session_id = key.substr(0, 12);
  // Record activity at most once a minute: the idle timeout needs no finer grain.
  if (now - s->last_seen_at >= 60) {
    auto tx = impl_->db.Begin();
    IdentityRepository(tx).TouchSession(s->id, now);
    CQDT_RETURN_IF_ERROR(tx.Commit());
    s->last_seen_at = now;
  }
  std::lock_guard lock(impl_->cache_mu);
  if (impl_->cache.size() > 50'000) {
    impl_->cache.clear();
  }
  impl_->cache[key] = {p, s->last_seen_at, s->expires_at, now_tp};
  return p;
}

std::optional<Principal> IdentityService::AuthenticateCached(const std::string& token) {
  if (token.empty() || token.size() > 128) {
    return std::nullopt;
  }
  const std::string key = Hash(token);
  const auto now_tp = impl_->clock.Now();
  const auto now = ToUnixSeconds(now_tp);
  std::lock_guard lock(impl_->cache_mu);
  auto it = impl_->cache.find(key);
  if (it == impl_->cache.end()) {
    return std::nullopt;
  }
  const auto& c = it->second;
  if (now_tp - c.cached_at < impl_->options.cache_ttl &&
      now - c.last_seen <= impl_->options.idle_timeout.count() && now <= c.expires) {
    return c.principal;
  }
  impl_->cache.erase(it);
  return std::nullopt;
}

Status IdentityService::Logout(const std::string& token, const audit::Actor& actor) {
  auto tx = impl_->db.Begin();
  IdentityRepository(tx).DeleteSession(Hash(token));
  CQDT_RETURN_IF_ERROR(
      impl_->audit.Record(tx, actor, {"auth.logout", "session", actor.name, "Đăng xuất"}));
  CQDT_RETURN_IF_ERROR(tx.Commit());
  impl_->ClearCache();
  return Ok();
}

Status IdentityService::LogoutEverywhere(const Principal& who, const audit::Actor& actor) {
  auto tx = impl_->db.Begin();
  IdentityRepository(tx).DeleteSessionsOf(RealmName(who.realm), who.subject_id);
  CQDT_RETURN_IF_ERROR(impl_->audit.Record(
      tx, actor, {"auth.logout_all", "session", who.username, "Đăng xuất khỏi mọi thiết bị"}));
  CQDT_RETURN_IF_ERROR(tx.Commit());
  impl_->ClearCache();
  return Ok();
}

Result<IssuedApiToken> IdentityService::IssueApiToken(db::Transaction& tx,
                                                      const audit::Actor& actor,
                                                      const ApiTokenInput& in) {
  std::vector<FieldError> errors;
  ApiToken t;
  if (!in.name) {
    errors.push_back({"name", "required", "Tên mã truy cập không được để trống."});
  } else if (auto v = CheckText(in.name, "name", "Tên mã truy cập", 1, 100, errors)) {
    t.name = *v;
  }
  if (!in.scopes || in.scopes->empty()) {
    errors.push_back({"scopes", "required", "Cần chọn ít nhất một phạm vi truy cập."});
  } else {
    for (const auto& s : *in.scopes) {
      if (!KnownScopes().count(s)) {
        errors.push_back({"scopes", "enum",
                          "Phạm vi '" + s +
                              "' không hợp lệ: dùng agencies:read, users:read "
                              "hoặc audit:read."});
      } else {
        t.scopes.insert(s);
      }
    }
  }
  if (!in.agency_id) {
    errors.push_back({"agencyId", "required", "Cần chọn cơ quan sở hữu mã truy cập."});
  } else if (!impl_->agencies.Get(tx, *in.agency_id)) {
    errors.push_back({"agencyId", "not_found", "Cơ quan không tồn tại."});
  } else {
    t.agency_id = *in.agency_id;
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  std::string secret = "cqdt_" + crypto::RandomToken(32);
  t.created_at = impl_->NowIso();
  t.id = IdentityRepository(tx).InsertApiToken(t, Hash(secret));
  CQDT_RETURN_IF_ERROR(impl_->audit.Record(
      tx, actor,
      {"api_token.issue", "api_token", std::to_string(t.id.value()), "Cấp mã truy cập " + t.name}));
  return IssuedApiToken{t, secret};
}

std::vector<ApiToken> IdentityService::ListApiTokens(db::Transaction& tx) const {
  std::vector<ApiToken> out;
  for (auto& r : IdentityRepository(tx).ListApiTokens()) {
    out.push_back(std::move(r.token));
  }
  return out;
}

Status IdentityService::RevokeApiToken(db::Transaction& tx, const audit::Actor& actor,
                                       ApiTokenId id) {
  if (!IdentityRepository(tx).RevokeApiToken(id, impl_->NowIso())) {
    return Error::NotFound("mã truy cập còn hiệu lực", std::to_string(id.value()));
  }
  CQDT_RETURN_IF_ERROR(impl_->audit.Record(
      tx, actor,
      {"api_token.revoke", "api_token", std::to_string(id.value()), "Thu hồi mã truy cập"}));
  return Ok();
}

Result<Principal> IdentityService::AuthenticateApiToken(const std::string& secret) {
  if (secret.rfind("cqdt_", 0) != 0 || secret.size() > 128) {  // untrusted header value
    return Error::Unauthenticated("Mã truy cập không hợp lệ.");
  }
  std::optional<ApiTokenRow> row;
  {
    auto tx = impl_->db.BeginRead();
    row = IdentityRepository(tx).FindApiTokenByHash(Hash(secret));
  }
  if (!row || !row->token.revoked_at.empty()) {
    return Error::Unauthenticated("Mã truy cập không hợp lệ hoặc đã bị thu hồi.");
  }
  std::string now = impl_->NowIso();
  // Record use at most once a minute (the minute prefix of the ISO timestamps).
  if (row->token.last_used_at.substr(0, 16) != now.substr(0, 16)) {
    auto tx = impl_->db.Begin();
    IdentityRepository(tx).TouchApiToken(row->token.id, now);
    CQDT_RETURN_IF_ERROR(tx.Commit());
  }
  Principal p;
  p.realm = Realm::kSystem;
  p.subject_id = row->token.id.value();
  p.username = "token:" + row->token.name;
  p.full_name = row->token.name;
  p.agency_id = row->token.agency_id;
  p.roles = {Role::kSystem};
  p.scopes = row->token.scopes;
  p.via_api_token = true;
  return p;
}

}  // namespace cqdt::identity
