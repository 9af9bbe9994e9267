// IdentityService: staff accounts, citizen accounts, sessions and API tokens.
//
// Transactions: methods that take a db::Transaction run inside the caller's use case. Methods
// that hash or verify a password (argon2id, ~60 ms) take no transaction: they validate and hash
// first, then open their own short transaction, so that no database lock is held while
// hashing. Call them from the worker pool, never from an I/O thread.
//
// Errors name client fields in camelCase: username, fullName, email, phone, agencyId, unitId,
// position, roles, password, citizenIdNumber, name, scopes, currentPassword, newPassword.
//
// Sessions: the client holds an opaque 256-bit token; only its SHA-256 is stored. A session
// ends after `idle_timeout` without use, after `absolute_timeout` in any case, at logout, at
// "log out everywhere", when the account is disabled or its password reset, and when the
// account holder changes the password from another session. Authenticated
// sessions are cached in memory for `cache_ttl`; every change that ends sessions clears the
// cache of this process and moves the session epoch (a counter row) in its transaction. Other
// processes (instances behind a load balancer, CLI commands) see the moved epoch at their next
// Authenticate and read the session again: an ended session ends everywhere at once. Only
// AuthenticateCached, which never reads the database, trusts an entry for up to a second after
// its epoch was last checked (decision 0025).
//
// Thread safety: safe to share between threads.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/attempt_throttle.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "identity/citizen_id_number.hpp"
#include "identity/password_policy.hpp"
#include "identity/principal.hpp"
#include "org/agency_service.hpp"

namespace cqdt::identity {

struct User {
  UserId id;
  std::string username;
  std::string full_name;
  std::string email;
  std::string phone;
  AgencyId agency_id;
  UnitId unit_id;
  std::string position;
  std::set<Role> roles;
  bool disabled = false;
  std::string created_at;
  // The password was chosen by an administrator: until the user chooses their own, their
  // sessions may do nothing but change it (and read the session, log out).
  bool password_change_required = false;
};

// The principal a staff account acts as (what a session of `u` carries): for the CLI's `--as`,
// the demo loader and tests, which act as a named account without a session.
Principal StaffPrincipalOf(const User& u);

struct UserInput {
  std::optional<std::string> username;
  std::optional<std::string> full_name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<AgencyId> agency_id;
  std::optional<UnitId> unit_id;  // UnitId() clears it
  std::optional<std::string> position;
  std::optional<std::vector<std::string>> roles;
  std::optional<bool> disabled;
  std::optional<std::string> password;  // create only
  // Create only: the user must choose a new password at the first sign-in. Default true (an
  // administrator chose this one); false only for accounts whose holder chose it (demo data).
  std::optional<bool> password_change_required;
};

struct Citizen {
  CitizenId id;
  std::string citizen_id_number;
  std::string full_name;
  std::string phone;
  std::string email;
  std::string created_at;
};

struct CitizenInput {
  std::optional<std::string> full_name;
  std::optional<std::string> citizen_id_number;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> password;
};

enum class SignUpOutcome { kCreated, kAlreadyRegistered };

struct ApiToken {
  ApiTokenId id;
  std::string name;
  std::set<std::string> scopes;
  AgencyId agency_id;
  std::string created_at;
  std::string revoked_at;    // "" while valid
  std::string last_used_at;  // "" when never used
};

struct ApiTokenInput {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> scopes;
  std::optional<AgencyId> agency_id;
};

struct IssuedApiToken {
  ApiToken token;
  std::string secret;  // shown once; never stored
};

struct LoginRequest {
  Realm realm = Realm::kStaff;
  std::string username;  // citizens: the citizen ID number
  std::string password;
  std::string client_address;
  std::string user_agent;
  std::string request_id;
  std::string previous_token;  // the session cookie presented at login, ended (rotation)
  // The X-Request-Id the client sent, if any, for the audit entry.
  std::string client_request_id = {};
};

// A citizen whose identity an identity provider vouched for (VNeID through OpenID Connect,
// issue 13): the caller has verified the provider's signed statement; the number and the
// claims are the provider's.
struct VouchedCitizen {
  std::string citizen_id_number;
  // Used only when the number has no account yet: the account is created from them. A phone or
  // e-mail address that is not valid is left out rather than refused.
  std::string full_name;
  std::string phone;
  std::string email;
  std::string provider;  // "VNeID": named in the audit trail
  std::string client_address;
  std::string user_agent;
  std::string request_id;
  std::string client_request_id;
  std::string previous_token;  // the session cookie presented, ended (rotation)
};

struct PasswordChange {
  std::string current_password;
  std::string new_password;
  std::string session_token;  // the caller's own session: kept, every other one ends
};

struct LoginResult {
  std::string token;  // the new session token (cookie value)
  Principal principal;
};

struct VouchedSignIn {
  LoginResult login;
  bool account_created = false;
};

struct IdentityOptions {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 3600};
  std::chrono::seconds cache_ttl{10};
  int account_max_failures = 5;   // per account within the window
  int address_max_failures = 20;  // per client address within the window
  std::chrono::seconds throttle_window{15 * 60};
};

class IdentityService {
 public:
  IdentityService(db::Database& db, audit::AuditLog& audit, org::AgencyService& agencies,
                  const Clock& clock, IdentityOptions options = {});
  ~IdentityService();

  // Staff accounts. The caller has checked Authorizer::CanManageUsers.
  Result<User> CreateUser(const audit::Actor& actor, const UserInput& in);
  Result<User> UpdateUser(db::Transaction& tx, const audit::Actor& actor, UserId id,
                          const UserInput& patch);
  Status ResetPassword(const audit::Actor& actor, UserId id, const std::string& password);
  Result<User> GetUser(db::Transaction& tx, UserId id) const;
  Result<User> GetUserByUsername(db::Transaction& tx, const std::string& username) const;
  // `agency` unset: every agency. `text`: a search (text/search.hpp: every word, folded, in the
  // username, full name or email); validate it with text::SearchQuery::Parse to report a bad
  // query, which matches nothing here. Sorted by full name in Vietnamese dictionary order.
  std::vector<User> ListUsers(db::Transaction& tx, AgencyId agency, const std::string& text) const;

  // Citizen sign-up. Validates the input, hashes the password (always, so that the time taken
  // does not depend on the number), then creates the account, or, when the citizen ID number
  // has one already, changes nothing and records "citizen.sign_up_repeated" in the audit trail.
  // Callers must answer both outcomes alike, so that nobody learns which numbers are registered;
  // the outcome is for tests and the demo loader. Ownership of the number is not verified
  // (docs/decisions/0004-citizen-sign-up.md). Errors: kInvalidArgument.
  Result<SignUpOutcome> SignUpCitizen(const audit::Actor& actor, const CitizenInput& in);
  // A citizen's account (the portal pre-fills e-forms from it). kNotFound for an unknown id.
  Result<Citizen> GetCitizen(db::Transaction& tx, CitizenId id) const;

  // Verifies the password and opens a session. Throttling: a slot of the account's and of the
  // client address's budgets is reserved before the password is checked, and freed only when it
  // was right, so concurrent wrong passwords get at most `account_max_failures` checks. Errors:
  // kUnauthenticated (wrong credentials, one message for unknown user and wrong password),
  // kRateLimited (message says how long to wait; RetryAfter gives the seconds),
  // kPermissionDenied (disabled account). The principal says whether the password must be
  // changed first (password_change_required).
  Result<LoginResult> Login(const LoginRequest& request);
  // Seconds to wait after the last kRateLimited from Login (for Retry-After).
  std::chrono::seconds RetryAfter(const LoginRequest& request) const;
  // Counts login and password-change failures in `store` (SharedLimits on PostgreSQL, so that the
  // limits hold across instances; it must outlive this service) instead of process memory. Call
  // at start-up, before the service is shared.
  void UseSharedLimits(AttemptStore* store);
  // Opens a citizen session for a person an identity provider vouched for, like Login does for
  // a password (the same session, CSRF token, rotation and audit entry "auth.login"). The number
  // finds the account; when it has none, one is created from the provider's claims, without a
  // password (such an account signs in through the provider only), audited as
  // "citizen.sign_up". No throttle: the provider authenticated the person. Errors:
  // kInvalidArgument (citizenIdNumber not a citizen ID number; fullName missing or not text
  // for a new account), kPermissionDenied (disabled account).
  Result<VouchedSignIn> SignInVouchedCitizen(const VouchedCitizen& who);
  // The account holder's own change of password. The current password is checked like a login
  // (the account's throttle budget, reserved before the check; every failure audited as
  // auth.change_password_failed). On success every other session of the account ends, the one
  // in `change.session_token` stays, and a change required by an administrator is done.
  // Errors: kInvalidArgument (currentPassword "mismatch"; newPassword policy codes, or
  // "unchanged"), kRateLimited (PasswordRetryAfter says how long), kFailedPrecondition (API
  // tokens have no password).
  Status ChangePassword(const Principal& who, const audit::Actor& actor,
                        const PasswordChange& change);
  // Seconds to wait after the last kRateLimited from ChangePassword (for Retry-After).
  std::chrono::seconds PasswordRetryAfter(const Principal& who) const;

  // The session's principal, or kUnauthenticated when the token is unknown or expired.
  Result<Principal> Authenticate(const std::string& session_token);
  // The principal of a session in this process's cache whose epoch was checked within the last
  // second, or nullopt (then call Authenticate). Never touches the database, so it may run on
  // an I/O thread.
  std::optional<Principal> AuthenticateCached(const std::string& session_token);
  Status Logout(const std::string& session_token, const audit::Actor& actor);
  Status LogoutEverywhere(const Principal& who, const audit::Actor& actor);

  // API tokens. The caller has checked Authorizer::CanManageApiTokens.
  Result<IssuedApiToken> IssueApiToken(db::Transaction& tx, const audit::Actor& actor,
                                       const ApiTokenInput& in);
  std::vector<ApiToken> ListApiTokens(db::Transaction& tx) const;
  Status RevokeApiToken(db::Transaction& tx, const audit::Actor& actor, ApiTokenId id);
  Result<Principal> AuthenticateApiToken(const std::string& secret);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::vector<db::Migration> Migrations();

}  // namespace cqdt::identity
