#include <algorithm>

#include "audit/untrusted_text.hpp"
#include "core/text.hpp"
#include "identity/identity_service.hpp"
#include "identity_repository.hpp"
#include "identity_service_impl.hpp"

// Login, sessions and the account holder's own password: the half of IdentityService that
// authenticates (the other half, accounts and API tokens, is identity_service.cpp).
namespace cqdt::identity {

void IdentityService::UseSharedLimits(AttemptStore* store) { impl_->throttle.UseStore(store); }

std::chrono::seconds IdentityService::RetryAfter(const LoginRequest& r) const {
  auto a = impl_->throttle.Blocked(std::string(RealmName(r.realm)) + ":" + r.username,
                                   impl_->options.account_max_failures);
  auto b = impl_->throttle.Blocked("ip:" + r.client_address, impl_->options.address_max_failures);
  return std::max(a, b);
}

Result<LoginResult> IdentityService::Login(const LoginRequest& r) {
  const std::string account_key = std::string(RealmName(r.realm)) + ":" + r.username;
  const std::string address_key = "ip:" + r.client_address;
  // Throttle before touching the password, so that a blocked attacker learns nothing. The slot is
  // taken before the check and counts as a failure unless released after a success, so that
  // concurrent guesses cannot all pass the check before the first failure is counted.
  std::chrono::seconds wait(0);
  auto ticket = impl_->throttle.TryAcquire({{account_key, impl_->options.account_max_failures},
                                            {address_key, impl_->options.address_max_failures}},
                                           &wait);
  if (!ticket) {
    auto minutes = (wait.count() + 59) / 60;
    return Error::RateLimited("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau " +
                              std::to_string(minutes) + " phút.");
  }
  // The attempted username is untrusted (any length, any bytes): the audit trail keeps a
  // bounded, escaped form of it (audit/untrusted_text.hpp), never the raw value.
  const std::string attempted = audit::EscapeUntrusted(r.username);
  audit::Actor actor{UserId(),         attempted,    AgencyId(),
                     r.client_address, r.request_id, r.client_request_id};
  std::string hash;
  bool disabled = false;
  Principal principal;
  // Untrusted input: a username that is not text (broken UTF-8, NUL and other control bytes) or
  // is absurdly long names no account; it is not looked up (PostgreSQL rejects such bytes with
  // an error, SQLite would compare a truncated value) but still costs a password check below.
  const bool plausible =
      r.username.size() <= 256 && IsValidUtf8(r.username) && !HasControlChars(r.username);
  if (plausible) {
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
        principal = impl_->CitizenPrincipal(*c);
      }
    }
  }
  bool ok = VerifyPassword(r.password, hash.empty() ? impl_->dummy_hash : hash) && !hash.empty();
  if (ok) {
    ticket->Release();  // the right password: not a failure, even if the database fails below
  }
  auto tx = impl_->db.Begin();
  if (!ok) {  // the ticket, not released, counts this failure
    CQDT_RETURN_IF_ERROR(impl_->audit.Record(
        tx, actor, {"auth.login_failed", "session", attempted, "Đăng nhập không thành công"}));
    CQDT_RETURN_IF_ERROR(tx.Commit());
    // Citizens sign in with their citizen ID number: they have no "tên đăng nhập".
    return Error::Unauthenticated(r.realm == Realm::kCitizen
                                      ? "Số định danh cá nhân hoặc mật khẩu không đúng."
                                      : "Tên đăng nhập hoặc mật khẩu không đúng.");
  }
  if (disabled) {
    return Error::PermissionDenied("Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị viên.");
  }
  impl_->throttle.Reset(account_key);
  IdentityRepository repo(tx);
  auto result =
      impl_->OpenSession(repo, principal, r.client_address, r.user_agent, r.previous_token);
  actor.user_id = principal.user_id();
  actor.agency_id = principal.agency_id;
  CQDT_RETURN_IF_ERROR(
      impl_->audit.Record(tx, actor, {"auth.login", "session", principal.username, "Đăng nhập"}));
  CQDT_RETURN_IF_ERROR(tx.Commit());
  return result;
}

LoginResult IdentityService::Impl::OpenSession(IdentityRepository& repo, Principal principal,
                                               const std::string& client_address,
                                               const std::string& user_agent,
                                               const std::string& previous_token) {
  if (!previous_token.empty()) {  // rotation: the pre-login session never survives login
    repo.DeleteSession(Hash(previous_token));
    std::lock_guard lock(cache_mu);  // nor does this process's memory of it
    cache.erase(Hash(previous_token));
  }
  std::string token = crypto::RandomToken(32);
  SessionRow s;
  s.realm = RealmName(principal.realm);
  s.subject_id = principal.subject_id;
  s.csrf_token = crypto::RandomToken(24);
  s.created_at = s.last_seen_at = Now();
  s.expires_at = s.created_at + options.absolute_timeout.count();
  repo.InsertSession(Hash(token), s, client_address, user_agent.substr(0, 300));
  principal.csrf_token = s.csrf_token;
  principal.session_id = Hash(token).substr(0, 12);
  return LoginResult{token, principal};
}

Result<VouchedSignIn> IdentityService::SignInVouchedCitizen(const VouchedCitizen& who) {
  if (auto wrong = CheckCitizenIdNumber(who.citizen_id_number)) {
    return Error::Invalid({*wrong});
  }
  audit::Actor actor{UserId(),           who.citizen_id_number, AgencyId(),
                     who.client_address, who.request_id,        who.client_request_id};
  auto tx = impl_->db.Begin();
  IdentityRepository repo(tx);
  auto stored = repo.FindCitizenByNumber(who.citizen_id_number);
  bool created = false;
  if (!stored) {
    // The provider vouches for the person, so the account is created from what it says. No
    // password: the empty hash matches none, so the account signs in through the provider.
    std::vector<FieldError> errors;
    Citizen c;
    c.citizen_id_number = who.citizen_id_number;
    if (auto v = CheckText(std::optional<std::string>(who.full_name), "fullName", "Họ và tên", 1,
                           100, errors)) {
      c.full_name = *v;
    }
    if (!errors.empty()) {
      return Error::Invalid(std::move(errors));
    }
    c.phone = IsValidPhone(who.phone) ? who.phone : "";
    c.email = who.email.size() <= 254 && IsPlausibleEmail(who.email) ? who.email : "";
    c.created_at = impl_->NowIso();
    if (auto id = repo.InsertCitizen(c, "")) {
      CQDT_RETURN_IF_ERROR(impl_->audit.Record(
          tx, actor,
          {"citizen.sign_up", "citizen", std::to_string(id->value()),
           "Tạo tài khoản công dân theo định danh điện tử (" + who.provider + ")"}));
      created = true;
    }
    // Else a concurrent sign-in created it first: use that one.
    stored = repo.FindCitizenByNumber(who.citizen_id_number);
    if (!stored) {
      return Error::Unavailable("Chưa tạo được tài khoản. Vui lòng thử lại.");
    }
  }
  if (stored->disabled) {
    return Error::PermissionDenied("Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị viên.");
  }
  const Principal principal = impl_->CitizenPrincipal(*stored);
  auto login =
      impl_->OpenSession(repo, principal, who.client_address, who.user_agent, who.previous_token);
  actor.user_id = principal.user_id();
  CQDT_RETURN_IF_ERROR(
      impl_->audit.Record(tx, actor,
                          {"auth.login", "session", principal.username,
                           "Đăng nhập qua định danh điện tử (" + who.provider + ")"}));
  CQDT_RETURN_IF_ERROR(tx.Commit());
  return VouchedSignIn{std::move(login), created};
}

std::chrono::seconds IdentityService::PasswordRetryAfter(const Principal& who) const {
  return impl_->throttle.Blocked(std::string(RealmName(who.realm)) + ":" + who.username,
                                 impl_->options.account_max_failures);
}

Status IdentityService::ChangePassword(const Principal& who, const audit::Actor& actor,
                                       const PasswordChange& change) {
  if (who.via_api_token || (who.realm != Realm::kStaff && who.realm != Realm::kCitizen)) {
    return Error::FailedPrecondition("Mã truy cập không có mật khẩu để đổi.");
  }
  // The current password is a password check like a login, and whoever holds a session (a
  // borrowed or stolen one) must not get more guesses through it than through the login form:
  // the same per-account budget, reserved before the check, and every failure audited.
  const std::string account_key = std::string(RealmName(who.realm)) + ":" + who.username;
  std::chrono::seconds wait(0);
  auto ticket =
      impl_->throttle.TryAcquire({{account_key, impl_->options.account_max_failures}}, &wait);
  if (!ticket) {
    auto minutes = (wait.count() + 59) / 60;
    return Error::RateLimited("Bạn đã nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau " +
                              std::to_string(minutes) + " phút.");
  }
  std::string hash;
  {
    auto tx = impl_->db.BeginRead();
    IdentityRepository repo(tx);
    if (who.realm == Realm::kStaff) {
      if (auto u = repo.FindUser(UserId(who.subject_id))) {
        hash = u->password_hash;
      }
    } else if (auto c = repo.FindCitizen(CitizenId(who.subject_id))) {
      hash = c->password_hash;
    }
  }
  if (hash.empty() && who.realm == Realm::kCitizen) {
    // An account the identity provider created has no password: it signs in through VNeID only.
    // Setting one here without a current password would let a borrowed session keep the account.
    ticket->Release();
    return Error::FailedPrecondition(
        "Tài khoản này đăng nhập qua định danh điện tử (VNeID), không có mật khẩu để đổi.");
  }
  const bool ok =
      VerifyPassword(change.current_password, hash.empty() ? impl_->dummy_hash : hash) &&
      !hash.empty();
  if (!ok) {  // the ticket, not released, counts this failure
    auto tx = impl_->db.Begin();
    CQDT_RETURN_IF_ERROR(impl_->audit.Record(tx, actor,
                                             {"auth.change_password_failed", RealmName(who.realm),
                                              who.username, "Nhập sai mật khẩu hiện tại"}));
    CQDT_RETURN_IF_ERROR(tx.Commit());
    return Error::InvalidField("currentPassword", "mismatch", "Mật khẩu hiện tại không đúng.");
  }
  ticket->Release();
  impl_->throttle.Reset(account_key);
  auto errors = CheckPasswordPolicy(change.new_password, who.username, "newPassword", who.realm);
  if (errors.empty() &&
      NormalizePassword(change.new_password) == NormalizePassword(change.current_password)) {
    // Keeping the password an administrator chose would defeat the forced change.
    errors.push_back({"newPassword", "unchanged", "Mật khẩu mới phải khác mật khẩu hiện tại."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  std::string new_hash = HashPassword(change.new_password);
  auto tx = impl_->db.Begin();
  IdentityRepository repo(tx);
  if (who.realm == Realm::kStaff) {
    repo.SetUserPassword(UserId(who.subject_id), new_hash, /*change_required=*/false);
  } else {
    repo.SetCitizenPassword(CitizenId(who.subject_id), new_hash);
  }
  // Whoever else holds a session of this account (the reason to change a password is often
  // that someone else may know it) is signed out; the session making the change stays.
  repo.DeleteOtherSessionsOf(RealmName(who.realm), who.subject_id, Hash(change.session_token));
  CQDT_RETURN_IF_ERROR(
      impl_->audit.Record(tx, actor,
                          {"auth.change_password", RealmName(who.realm), who.username,
                           "Đổi mật khẩu; các phiên đăng nhập khác đã kết thúc"}));
  CQDT_RETURN_IF_ERROR(tx.Commit());
  impl_->ClearCache();
  return Ok();
}

Result<Principal> IdentityService::Authenticate(const std::string& token) {
  if (token.empty() || token.size() > 128) {  // untrusted cookie value
    return Error::Unauthenticated();
  }
  const std::string key = Hash(token);
  const auto now_tp = impl_->clock.Now();
  const auto now = ToUnixSeconds(now_tp);
  const auto idle = impl_->options.idle_timeout.count();
  // A cached session holds while the session epoch has not moved: another instance (or a CLI
  // command) that ended sessions moved it, and then every cached session is read again. One
  // primary-key read instead of the session's and the account's.
  std::optional<Impl::CachedSession> cached;
  {
    std::lock_guard lock(impl_->cache_mu);
    if (auto it = impl_->cache.find(key); it != impl_->cache.end()) {
      const auto& c = it->second;
      if (now_tp - c.cached_at < impl_->options.cache_ttl && now - c.last_seen <= idle &&
          now <= c.expires) {
        cached = c;
      } else {
        impl_->cache.erase(it);
      }
    }
  }
  if (cached) {
    std::int64_t epoch = 0;
    {
      auto tx = impl_->db.BeginRead();
      epoch = IdentityRepository(tx).SessionEpoch();
    }
    std::lock_guard lock(impl_->cache_mu);
    auto it = impl_->cache.find(key);
    if (epoch == cached->epoch) {
      if (it != impl_->cache.end() && it->second.epoch == epoch) {
        it->second.epoch_checked_at = now_tp;
      }
      return cached->principal;
    }
    if (it != impl_->cache.end()) {
      impl_->cache.erase(it);
    }
  }
  // Look up on a read transaction; take the write lock only to end or touch the session.
  std::optional<SessionRow> s;
  Principal p;
  bool valid = false;
  std::int64_t epoch = 0;
  {
    auto tx = impl_->db.BeginRead();
    IdentityRepository repo(tx);
    epoch = repo.SessionEpoch();  // before the session: a change after it moves it on
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
          p = impl_->CitizenPrincipal(*c);
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
  impl_->cache[key] = {p, s->last_seen_at, s->expires_at, now_tp, epoch, now_tp};
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
    // The epoch was checked against the database a moment ago: trusted that long without a
    // read (this path runs on an I/O thread); past it, Authenticate checks again.
    if (now_tp - c.epoch_checked_at < Impl::kEpochTrust) {
      return c.principal;
    }
    return std::nullopt;
  }
  impl_->cache.erase(it);
  return std::nullopt;
}

Status IdentityService::Logout(const std::string& token, const audit::Actor& actor) {
  auto tx = impl_->db.Begin();
  IdentityRepository repo(tx);
  repo.DeleteSession(Hash(token));
  repo.BumpSessionEpoch();  // other instances drop their cached copy at once
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

}  // namespace cqdt::identity
