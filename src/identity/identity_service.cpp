#include "identity/identity_service.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "audit/untrusted_text.hpp"
#include "core/text.hpp"
#include "crypto/crypto.hpp"
#include "identity_repository.hpp"
#include "identity_service_impl.hpp"
#include "text/search.hpp"

namespace cqdt::identity {

Principal StaffPrincipalOf(const User& u) {
  Principal p;
  p.realm = Realm::kStaff;
  p.subject_id = u.id.value();
  p.username = u.username;
  p.full_name = u.full_name;
  p.agency_id = u.agency_id;
  p.roles = u.roles;
  p.password_change_required = u.password_change_required;
  return p;
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

}  // namespace

Result<User> IdentityService::Impl::ValidateUser(db::Transaction& tx, const UserInput& in,
                                                 const User* existing) {
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
      // "system" is the role of API tokens (other systems calling cqdt) and "citizen" that of
      // citizen accounts: neither is ever given to a staff member.
      if (r == Role::kSystem) {
        errors.push_back({"roles", "not_for_people",
                          "Vai trò 'system' (Hệ thống) chỉ dành cho mã truy cập của hệ thống "
                          "khác, không gán cho người dùng."});
      } else if (!r || *r == Role::kCitizen) {
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
  std::string hash = HashPassword(*in.password);
  auto tx = impl_->db.Begin();
  CQDT_ASSIGN_OR_RETURN(User u, impl_->ValidateUser(tx, in, nullptr));
  IdentityRepository repo(tx);
  if (repo.FindUserByUsername(u.username)) {
    return Error::Conflict("Tên đăng nhập " + u.username + " đã tồn tại.",
                           {{"username", "duplicate", "Tên đăng nhập đã tồn tại."}});
  }
  u.created_at = impl_->NowIso();
  u.password_change_required = in.password_change_required.value_or(true);
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
  if (patch.password || patch.password_change_required) {
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
  // The same words as the button of the user list ("Khóa tài khoản" / "Mở khóa tài khoản").
  if (u.disabled != before.disabled) {
    summary += u.disabled ? "; khóa tài khoản" : "; mở khóa tài khoản";
  }
  if (u.disabled || u.roles != before.roles || u.agency_id != before.agency_id) {
    repo.DeleteSessionsOf("staff", u.id.value());
    // Now, and again at commit: a request may re-cache the old session in between.
    impl_->ClearCache();
    tx.OnCommit([impl = impl_.get()] { impl->ClearCache(); });
  }
  const char* action = "user.update";
  if (u.disabled != before.disabled) {
    action = u.disabled ? "user.disable" : "user.enable";
  }
  CQDT_RETURN_IF_ERROR(
      impl_->audit.Record(tx, actor, {action, "user", std::to_string(u.id.value()), summary}));
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
  std::string hash = HashPassword(password);
  auto tx = impl_->db.Begin();
  IdentityRepository repo(tx);
  // The administrator knows this password: the user must replace it at the next sign-in.
  repo.SetUserPassword(id, hash, /*change_required=*/true);
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

Result<Citizen> IdentityService::GetCitizen(db::Transaction& tx, CitizenId id) const {
  auto c = IdentityRepository(tx).FindCitizen(id);
  if (!c) {
    return Error::NotFound("tài khoản", std::to_string(id.value()));
  }
  return c->citizen;
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
  // The platform's one search helper: "pham" and "PHẠM" find "Phạm Thị Lan". A query that is
  // not valid text matches nothing (the API reports it before calling here).
  auto query = text::SearchQuery::Parse(text);
  std::vector<User> out;
  if (!query) {
    return out;
  }
  for (auto& u : users) {
    if (query->Matches({u.username, u.full_name, u.email})) {
      out.push_back(std::move(u));
    }
  }
  // Rows arrive by username; people read names in dictionary order.
  text::SortVietnamese(out, [](const User& u) -> const std::string& { return u.full_name; });
  return out;
}

Result<SignUpOutcome> IdentityService::SignUpCitizen(const audit::Actor& actor,
                                                     const CitizenInput& in) {
  std::vector<FieldError> errors;
  Citizen c;
  if (!in.full_name) {
    errors.push_back({"fullName", "required", "Họ và tên không được để trống."});
  } else if (auto v = CheckText(in.full_name, "fullName", "Họ và tên", 1, 100, errors)) {
    c.full_name = *v;
  }
  if (!in.citizen_id_number || in.citizen_id_number->empty()) {
    errors.push_back({"citizenIdNumber", "required", "Số định danh cá nhân không được để trống."});
  } else if (auto wrong = CheckCitizenIdNumber(*in.citizen_id_number)) {
    errors.push_back(*wrong);
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
    auto pw = CheckPasswordPolicy(*in.password, c.citizen_id_number, "password", Realm::kCitizen);
    errors.insert(errors.end(), pw.begin(), pw.end());
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  // Hashed whether or not it will be stored: an existing number must not answer faster.
  std::string hash = HashPassword(*in.password);
  auto tx = impl_->db.Begin();
  IdentityRepository repo(tx);
  c.created_at = impl_->NowIso();
  audit::Actor self = actor;
  self.name = c.citizen_id_number;
  auto id = repo.InsertCitizen(c, hash);
  if (!id) {
    // The number has an account. Nothing about it changes (no takeover by signing up again);
    // the attempt is recorded, so that the holder and the administrators can see it.
    auto existing = repo.FindCitizenByNumber(c.citizen_id_number);
    CQDT_RETURN_IF_ERROR(impl_->audit.Record(
        tx, self,
        {"citizen.sign_up_repeated", "citizen",
         existing ? std::to_string(existing->citizen.id.value()) : "",
         "Đăng ký lại với số định danh đã có tài khoản; tài khoản không thay đổi"}));
    CQDT_RETURN_IF_ERROR(tx.Commit());
    return SignUpOutcome::kAlreadyRegistered;
  }
  CQDT_RETURN_IF_ERROR(impl_->audit.Record(
      tx, self,
      {"citizen.sign_up", "citizen", std::to_string(id->value()), "Công dân đăng ký tài khoản"}));
  CQDT_RETURN_IF_ERROR(tx.Commit());
  return SignUpOutcome::kCreated;
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
