// Test fixtures for code that verifies JSON Web Signatures (ID tokens): signing with a key made in
// the test, and the public JWK of that key. Only for tests (cqdt_crypto_testing); production code
// verifies and never signs a JWS.
#pragma once

#include <string>
#include <string_view>

#include "crypto/jws.hpp"
#include "crypto/x509.hpp"

namespace cqdt::crypto::testing {

// The JWS signature of `signing_input` ("<header>.<payload>", base64url) by `key`: RS256 and PS256
// with an RSA key, ES256 with an EC P-256 key (r || s). The raw bytes, not yet base64url.
std::string SignJws(const PrivateKey& key, JwsAlgorithm alg, std::string_view signing_input);

// The public half of `key` as JWK members, JSON object text: {"kty":"RSA","kid":..,"n":..,"e":..}
// or {"kty":"EC","kid":..,"crv":"P-256","x":..,"y":..}; "alg" and "use" only when not empty.
std::string PublicJwk(const PrivateKey& key, const std::string& kid, const std::string& alg = "",
                      const std::string& use = "sig");

}  // namespace cqdt::crypto::testing
