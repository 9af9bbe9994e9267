// Sign-in to the public portal through an OpenID Connect provider standing in for the national
// identity platform (VNeID; issue 13, item 2; decision 0018): the authorization code flow with
// PKCE (S256), `state` and `nonce`, the ID token verified (oidc/id_token.hpp), the citizen ID
// number claim linked to the local citizen account, and a citizen session like a password
// sign-in's (identity::IdentityService::SignInVouchedCitizen).
//
// A sign-in in progress is a row of `oidc_flow` (the SHA-256 of its state, of the browser
// binding, the nonce, the PKCE verifier, the local path to return to, the expiry): the callback
// takes it once, whichever server process started it, so a replayed callback finds nothing.
// The browser that started it holds the binding in a short-lived cookie, so that a callback
// carried to another browser (login CSRF) is refused.
//
// Refusals are errors whose one field error is on "oidc" with a stable code (namespace refusal)
// that the sign-in page shows in words; each refusal of a callback is written to the audit trail
// as "auth.oidc_refused" with the reason, and to the log, never with a token, code or secret.
//
// Thread safety: safe to share between threads. Start and Finish block on the database and on
// the provider: call them from the worker pool.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "identity/identity_service.hpp"
#include "oidc/provider.hpp"

namespace cqdt::oidc {

struct SignInOptions {
  std::string redirect_uri;                     // our callback, registered at the provider
  std::string scopes = "openid profile phone";  // "openid" is added when missing
  // The claim that carries the 12-digit citizen ID number (VNeID's name is not public).
  std::string citizen_id_claim = "citizen_id";
  std::string provider_name = "VNeID";  // in the audit trail and on the button
  std::chrono::seconds clock_skew{60};
  std::chrono::seconds flow_ttl{600};  // how long a started sign-in may take
};

// The codes of refusals (the field error's code, the `loi` of the sign-in page's address).
namespace refusal {
inline constexpr const char kUnavailable[] = "unavailable";  // off, or the provider is down
inline constexpr const char kState[] = "state";              // unknown, used, or other browser's
inline constexpr const char kExpired[] = "expired";          // started too long ago
inline constexpr const char kDenied[] = "denied";            // the provider answered an error
inline constexpr const char kToken[] = "token";              // the code or ID token was refused
inline constexpr const char kClaim[] = "claim";              // no usable citizen ID number
inline constexpr const char kDisabled[] = "disabled";        // the local account is disabled
}  // namespace refusal

// The refusal code of an error from Start or Finish (kUnavailable for any other error).
std::string RefusalOf(const Error& error);

// `path` when it is a safe local path to return to after sign-in (starts with one '/', no
// scheme, host, backslash, control character or space, not under /api/, at most 512 bytes),
// else `fallback`. Untrusted input: this is what keeps the redirect on this site.
std::string SafeReturnPath(std::string_view path, std::string_view fallback = "/portal");

struct StartedSignIn {
  std::string authorization_url;  // where to send the browser
  std::string browser_binding;    // the cookie value that binds the flow to this browser
};

struct Callback {
  // The query of the redirect back from the provider (untrusted).
  std::string state;
  std::string code;
  std::string error;
  // The `iss` of the authorization response (RFC 9207), "" when the provider sends none; when
  // present it must be the configured issuer (a response from another provider: mix-up).
  std::string issuer;
  std::string browser_binding;  // the cookie, "" when absent
  std::string client_address;
  std::string user_agent;
  std::string request_id;
  std::string client_request_id;
  std::string previous_session;  // the session cookie presented, ended if sign-in succeeds
};

struct FinishedSignIn {
  identity::VouchedSignIn session;
  std::string return_to;
};

class SignIn {
 public:
  SignIn(db::Database& db, audit::AuditLog& audit, identity::IdentityService& identity,
         Provider& provider, const Clock& clock, SignInOptions options);

  const SignInOptions& options() const { return options_; }

  // Starts a sign-in that returns to SafeReturnPath(return_to). Errors: refusal kUnavailable
  // (the provider's discovery document cannot be had).
  Result<StartedSignIn> Start(std::string_view return_to);

  // Completes the sign-in the provider redirected back for. Errors (see namespace refusal):
  // kUnauthenticated (state, expired, denied, token, claim), kPermissionDenied (disabled),
  // kUnavailable (unavailable).
  Result<FinishedSignIn> Finish(const Callback& callback);

 private:
  Error Refuse(const Callback& callback, const char* code, const std::string& reason);
  Result<IdTokenClaims> VerifiedClaims(const TokenResponse& tokens, const std::string& nonce,
                                       const Callback& callback);

  db::Database& db_;
  audit::AuditLog& audit_;
  identity::IdentityService& identity_;
  Provider& provider_;
  const Clock& clock_;
  SignInOptions options_;
};

std::vector<db::Migration> Migrations();

}  // namespace cqdt::oidc
