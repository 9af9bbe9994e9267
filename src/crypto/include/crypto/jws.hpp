// The signature primitives of JSON Web Signatures (RFC 7515) that a relying party needs to check
// an OpenID Connect ID token: base64url, public keys from JSON Web Keys (RFC 7517/7518: RSA from
// `n`/`e`, EC P-256 from `x`/`y`), and the verification of RS256, PS256 and ES256 signatures.
// Parsing the token and its JSON, and every claim check, belong to the caller (oidc/id_token.hpp).
//
// Only asymmetric algorithms exist here: "none" and the HMAC family (HS256 with a client secret)
// cannot be named, so a token that asks for them has no algorithm to be verified with.
//
// JwkPublicKey is a cheap-to-copy handle over an immutable OpenSSL key; it and the functions are
// thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

struct evp_pkey_st;

namespace cqdt::crypto {

enum class JwsAlgorithm {
  kRs256,  // RSASSA-PKCS1-v1_5 with SHA-256
  kPs256,  // RSASSA-PSS with SHA-256, MGF1 SHA-256, salt of 32 bytes
  kEs256,  // ECDSA on P-256 with SHA-256; the signature is r || s, 32 bytes each
};

// "RS256", "PS256", "ES256" -> the algorithm; nullopt for anything else ("none", "HS256", "RS512",
// a different case).
std::optional<JwsAlgorithm> JwsAlgorithmFromName(std::string_view name);
const char* JwsAlgorithmName(JwsAlgorithm alg);

// base64url without padding (RFC 7515 §2).
std::string Base64UrlEncode(std::string_view data);
// Strict decoding of unpadded base64url: any other character (padding, whitespace, '+', '/'), a
// length of 4n+1 or non-zero unused bits give nullopt. Untrusted input.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// SHA-256 of `data`, the 32 raw bytes (PKCE's S256 challenge, RFC 7636 §4.2).
std::string Sha256Bytes(std::string_view data);

class JwkPublicKey {
 public:
  // An RSA public key from a JWK's `n` and `e` (base64url, big-endian). Errors: kMalformed for a
  // bad encoding, a modulus below 2048 or above 8192 bits, or an even or tiny exponent.
  static Result<JwkPublicKey> Rsa(std::string_view n, std::string_view e);
  // An EC public key on P-256 from a JWK's `x` and `y` (base64url, 32 bytes each). Errors:
  // kMalformed for a bad encoding or a point that is not on the curve.
  static Result<JwkPublicKey> EcP256(std::string_view x, std::string_view y);

  bool is_rsa() const { return rsa_; }
  // True when `alg` fits this key's type (RS256/PS256 for RSA, ES256 for EC).
  bool Fits(JwsAlgorithm alg) const;
  // True when `signature` is a valid `alg` signature of `signing_input` by this key. False for an
  // algorithm that does not fit the key, and for an ES256 signature that is not exactly 64
  // bytes of r || s (a DER encoding is refused, as RFC 7518 §3.4 requires).
  bool Verify(JwsAlgorithm alg, std::string_view signing_input, std::string_view signature) const;

 private:
  JwkPublicKey(std::shared_ptr<evp_pkey_st> key, bool rsa) : key_(std::move(key)), rsa_(rsa) {}
  std::shared_ptr<evp_pkey_st> key_;
  bool rsa_ = false;
};

}  // namespace cqdt::crypto
