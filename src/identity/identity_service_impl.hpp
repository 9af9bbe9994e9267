// The state shared by IdentityService's translation units (identity_service.cpp: accounts and
// API tokens; identity_sessions.cpp: login, sessions, passwords). Private to identity.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "crypto/crypto.hpp"
#include "identity/identity_service.hpp"
#include "identity_repository.hpp"
#include "login_throttle.hpp"

namespace cqdt::identity {

// The stored form of a session token or API token secret: its SHA-256, in hex.
inline std::string Hash(const std::string& token) { return crypto::Sha256Hex(token); }

// Vietnamese phone: 0 + 9 digits, or +84 + 9 digits; spaces and dots allowed between groups.
inline bool IsValidPhone(const std::string& s) {
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

// Passwords are hashed in NFC (password_policy.hpp).
inline std::string HashPassword(const std::string& password) {
  return crypto::HashPassword(NormalizePassword(password));
}

// Verifies the NFC form of `password`. A hash stored before passwords were normalised holds the
// bytes as typed then, so when those differ from the NFC form they are tried as well; the caller
// passes the dummy hash for an unknown account, so the work done does not tell whether it exists.
inline bool VerifyPassword(const std::string& password, const std::string& hash) {
  const std::string nfc = NormalizePassword(password);
  if (crypto::VerifyPassword(nfc, hash)) {
    return true;
  }
  return nfc != password && crypto::VerifyPassword(password, hash);
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
    std::int64_t epoch;          // identity_session_epoch when the session was read
    TimePoint epoch_checked_at;  // when the epoch was last found unchanged
  };
  // How long AuthenticateCached (the I/O thread's path, which never reads the database) trusts
  // an entry after its epoch was last checked; Authenticate checks it on every call.
  static constexpr std::chrono::seconds kEpochTrust{1};
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

  // Checks a new account (`existing` null) or a patch of one; returns the account to write.
  Result<User> ValidateUser(db::Transaction& tx, const UserInput& in, const User* existing);

  Principal StaffPrincipal(const User& u) { return StaffPrincipalOf(u); }

  // A new session of `principal` in `repo`'s transaction, ending `previous_token`'s (rotation).
  // The answer carries the session's CSRF token and id.
  LoginResult OpenSession(IdentityRepository& repo, Principal principal,
                          const std::string& client_address, const std::string& user_agent,
                          const std::string& previous_token);

  Principal CitizenPrincipal(const StoredCitizen& stored) {
    const Citizen& c = stored.citizen;
    Principal p;
    p.has_password = !stored.password_hash.empty();
    p.realm = Realm::kCitizen;
    p.subject_id = c.id.value();
    p.username = c.citizen_id_number;
    p.full_name = c.full_name;
    p.roles = {Role::kCitizen};
    return p;
  }
};

}  // namespace cqdt::identity
