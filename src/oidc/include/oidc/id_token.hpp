// The ID token of OpenID Connect Core 1.0 §2 and its validation by a relying party (§3.1.3.7): a
// compact JWS whose signature is checked with a key of the provider's JWKS, and whose claims say
// who issued it, for whom, when, and for which authentication request.
//
// Pure functions over text and the clock values passed in; thread-safe.
//
// Every check here is on untrusted input (the token comes from the network, through the
// browser's code). Invariants of a token that VerifyIdToken accepts:
//   - it is a compact JWS (three base64url parts; a JWE or the JSON serialisation is refused),
//     its header is a JSON object with an `alg` in `rules.algorithms` (never "none", never HS*),
//     no `crit`, and its signature verifies with the JWKS key its `kid` names (or, without a
//     `kid`, the only key of that type), of a type that fits `alg`;
//   - `iss` equals `rules.issuer` exactly; `aud` (a string or an array) contains
//     `rules.client_id`, and when it names other audiences too, `azp` is present and equals it;
//   - `exp` is later than now - skew, `iat` is present and not later than now + skew, `nbf`
//     (when present) not later than now + skew;
//   - `nonce` equals `rules.nonce` (constant-time comparison); `sub` is a non-empty string.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/jws.hpp"

namespace cqdt::oidc {

// One usable signature key of a provider's JWKS (RFC 7517 §5).
struct Jwk {
  std::string kid;                          // "" when the key has none
  std::optional<crypto::JwsAlgorithm> alg;  // the key's own `alg`, when it names one
  crypto::JwkPublicKey key;
};

// The keys of a JWKS document. Keys that cannot verify our algorithms (symmetric "oct" keys,
// encryption keys with use "enc", other curves, malformed members) are skipped, not errors: a
// provider publishes keys for others too. At most 64 keys are read.
struct KeySet {
  std::vector<Jwk> keys;
};

// Errors: kMalformed when the text is not a JSON object with a "keys" array.
Result<KeySet> ParseJwks(std::string_view json);

struct IdTokenRules {
  std::string issuer;     // the provider's issuer identifier, compared exactly
  std::string client_id;  // our client id: an audience of the token
  std::string nonce;      // the nonce sent in the authentication request
  std::set<crypto::JwsAlgorithm> algorithms = {
      crypto::JwsAlgorithm::kRs256, crypto::JwsAlgorithm::kPs256, crypto::JwsAlgorithm::kEs256};
  TimePoint now;
  std::chrono::seconds clock_skew{60};
};

// What a verified token tells: its subject, and the claims the portal may use, by name, as text
// (string claims as they are; numbers and booleans in their JSON form; other values left out).
struct IdTokenClaims {
  std::string subject;
  std::string issuer;
  std::int64_t expires_at = 0;
  std::vector<std::pair<std::string, std::string>> claims;

  // The claim `name` as text, or nullopt when the token does not carry it.
  std::optional<std::string> Claim(std::string_view name) const;
};

// What is wrong with a refused token: the code of the one field error of the kBadSignature
// error that VerifyIdToken returns ("idToken", <code>), for the log and the tests.
namespace token_fault {
inline constexpr const char kMalformed[] = "malformed";        // not a compact JWS with JSON parts
inline constexpr const char kAlgorithm[] = "algorithm";        // alg none, HS*, not allowed
inline constexpr const char kUnknownKey[] = "unknown_key";     // no JWKS key for kid / alg
inline constexpr const char kSignature[] = "signature";        // the signature does not verify
inline constexpr const char kIssuer[] = "issuer";              // iss is not the provider
inline constexpr const char kAudience[] = "audience";          // aud lacks us, or azp is wrong
inline constexpr const char kExpired[] = "expired";            // exp has passed
inline constexpr const char kNotYetValid[] = "not_yet_valid";  // nbf or iat in the future
inline constexpr const char kNonce[] = "nonce";                // not the nonce we sent
inline constexpr const char kClaims[] = "claims";  // sub, exp or iat missing or mistyped
}  // namespace token_fault

// Verifies `token` against `keys` and `rules`. Errors: kBadSignature with one field error on
// "idToken" whose code is one of token_fault (the message is the same for all: the browser
// learns nothing about which check failed). kUnknownKey means a refreshed JWKS may help.
Result<IdTokenClaims> VerifyIdToken(std::string_view token, const KeySet& keys,
                                    const IdTokenRules& rules);

// The token_fault code of an error from VerifyIdToken ("" for another error).
std::string TokenFaultOf(const Error& error);

}  // namespace cqdt::oidc
