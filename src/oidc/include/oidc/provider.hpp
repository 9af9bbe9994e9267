// The OpenID provider as the relying party sees it: its discovery document
// (/.well-known/openid-configuration, OpenID Connect Discovery 1.0 §4), its signing keys (the
// JWKS), the token request (RFC 6749 §4.1.3 with PKCE's code_verifier, the client authenticated
// by client_secret_basic, §2.3.1) and the UserInfo request (OpenID Connect Core §5.3).
//
// Caching: the discovery document is kept for `metadata_ttl`; when it cannot be fetched again
// the one kept goes on serving; without one, a failure is remembered for `retry_after_failure`,
// so that a provider that is down is not asked once per sign-in. The JWKS is kept until a token
// names a key it lacks: then it is fetched again, at most once per `jwks_min_refresh` (so that
// tokens with made-up key ids cannot make us hammer the provider). Nothing is fetched at
// construction: a server starts while the provider is down, and sign-in says it is unavailable
// until it answers.
//
// Errors: kUnavailable (no answer, a non-200 status, a document that is not JSON or lacks what
// it must have, an endpoint refused by IsAllowedProviderUrl, or an `issuer` that is not the
// configured one — a discovery document for another issuer is never used). The client secret is
// never logged.
//
// Thread safety: safe to share between threads (the caches are guarded by a mutex; requests run
// outside it).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "oidc/http_client.hpp"
#include "oidc/id_token.hpp"

namespace cqdt::oidc {

struct ProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  std::string userinfo_endpoint;  // "" when the provider has none
};

struct ProviderSettings {
  std::string issuer;  // exact, as the provider writes it ("https://sso.dichvucong.gov.vn")
  std::string client_id;
  std::string client_secret;
  std::chrono::seconds metadata_ttl{3600};
  std::chrono::seconds jwks_min_refresh{30};
  // After a failed discovery, how long sign-ins are answered "unavailable" without asking again.
  std::chrono::seconds retry_after_failure{10};
};

// The token endpoint's answer (RFC 6749 §5.1) as far as sign-in needs it.
struct TokenResponse {
  std::string id_token;
  std::string access_token;  // "" when none (then no UserInfo request is possible)
};

class Provider {
 public:
  Provider(ProviderSettings settings, HttpClient& http, const Clock& clock);

  const ProviderSettings& settings() const { return settings_; }

  // The discovery document, cached.
  Result<ProviderMetadata> Metadata();

  // The keys to verify with: cached; `refresh` asks for a fresh copy (an unknown kid), which is
  // granted at most once per jwks_min_refresh, else the cached keys are answered.
  Result<KeySet> Keys(bool refresh);

  // Exchanges an authorization code. Errors: kUnavailable (as above), kUnauthenticated when the
  // provider refuses the code (invalid_grant: used, expired, another client's or PKCE mismatch)
  // or answers without an id_token; the provider's error code goes to the log.
  Result<TokenResponse> ExchangeCode(const std::string& code, const std::string& redirect_uri,
                                     const std::string& code_verifier);

  // The UserInfo claims (a JSON object, as name/value text pairs like IdTokenClaims) for an
  // access token. kUnavailable when there is no endpoint or no usable answer.
  Result<std::vector<std::pair<std::string, std::string>>> UserInfo(
      const std::string& access_token);

 private:
  ProviderSettings settings_;
  HttpClient& http_;
  const Clock& clock_;
  std::mutex mu_;
  std::optional<ProviderMetadata> metadata_;
  TimePoint metadata_at_{};
  std::optional<TimePoint> metadata_failed_at_;
  std::optional<KeySet> keys_;
  TimePoint keys_at_{};
};

}  // namespace cqdt::oidc
