#include "oidc/id_token.hpp"

#include <cmath>
#include <limits>

#include "bounded_json.hpp"
#include "crypto/crypto.hpp"

namespace cqdt::oidc {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTokenBytes = 16 * 1024;
constexpr std::size_t kMaxJwksBytes = 256 * 1024;
constexpr std::size_t kMaxKeys = 64;

// One message for every refusal: which check failed goes to the log, never to the browser.
Error Refuse(const char* fault) {
  const std::string message = "Mã định danh (ID token) của nhà cung cấp định danh không hợp lệ.";
  return Error(ErrorCode::kBadSignature, message, {{"idToken", fault, message}});
}

std::optional<std::string> StringMember(const json& o, const char* name) {
  auto it = o.find(name);
  if (it == o.end() || !it->is_string()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

// A NumericDate (RFC 7519 §2): seconds since the epoch, possibly with a fraction (floored).
std::optional<std::int64_t> NumericDate(const json& o, const char* name) {
  auto it = o.find(name);
  if (it == o.end()) {
    return std::nullopt;
  }
  if (it->is_number_integer()) {
    return it->get<std::int64_t>();
  }
  if (it->is_number_unsigned()) {
    const auto v = it->get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(v);
  }
  if (it->is_number_float()) {
    const double v = it->get<double>();
    if (!std::isfinite(v) || v < -9.0e15 || v > 9.0e15) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(std::floor(v));
  }
  return std::nullopt;
}

// The JSON object a base64url part decodes to, or nullopt.
std::optional<json> DecodePart(std::string_view part) {
  auto bytes = crypto::Base64UrlDecode(part);
  if (!bytes) {
    return std::nullopt;
  }
  auto value = ParseBoundedJson(*bytes, kMaxTokenBytes);
  if (!value || !value->is_object()) {
    return std::nullopt;
  }
  return value;
}

// The JWKS key that must have signed a token with this header, or null.
const Jwk* SelectKey(const KeySet& keys, const std::optional<std::string>& kid,
                     crypto::JwsAlgorithm alg) {
  const Jwk* found = nullptr;
  int candidates = 0;
  for (const auto& k : keys.keys) {
    if (!k.key.Fits(alg) || (k.alg && *k.alg != alg)) {
      continue;
    }
    if (kid) {
      if (k.kid == *kid) {
        return &k;
      }
      continue;
    }
    found = &k;
    ++candidates;
  }
  // Without a kid, only a single candidate is unambiguous (OpenID Connect Core §10.1).
  return candidates == 1 ? found : nullptr;
}

}  // namespace

std::optional<std::string> IdTokenClaims::Claim(std::string_view name) const {
  for (const auto& [k, v] : claims) {
    if (k == name) {
      return v;
    }
  }
  return std::nullopt;
}

Result<KeySet> ParseJwks(std::string_view text) {
  auto doc = ParseBoundedJson(text, kMaxJwksBytes);
  if (!doc || !doc->is_object() || !doc->contains("keys") || !(*doc)["keys"].is_array()) {
    return Error::Malformed("Tập khóa công khai (JWKS) của nhà cung cấp định danh không hợp lệ.");
  }
  KeySet out;
  for (const auto& k : (*doc)["keys"]) {
    if (out.keys.size() >= kMaxKeys) {
      break;
    }
    if (!k.is_object()) {
      continue;
    }
    const auto kty = StringMember(k, "kty").value_or("");
    const auto use = StringMember(k, "use");
    if (use && *use != "sig") {
      continue;  // an encryption key
    }
    std::optional<crypto::JwsAlgorithm> alg;
    if (auto name = StringMember(k, "alg")) {
      alg = crypto::JwsAlgorithmFromName(*name);
      if (!alg) {
        continue;  // a key meant for an algorithm we never accept
      }
    }
    std::optional<Result<crypto::JwkPublicKey>> key;
    if (kty == "RSA") {
      key = crypto::JwkPublicKey::Rsa(StringMember(k, "n").value_or(""),
                                      StringMember(k, "e").value_or(""));
    } else if (kty == "EC" && StringMember(k, "crv").value_or("") == "P-256") {
      key = crypto::JwkPublicKey::EcP256(StringMember(k, "x").value_or(""),
                                         StringMember(k, "y").value_or(""));
    }
    if (!key || !*key) {
      continue;
    }
    out.keys.push_back({StringMember(k, "kid").value_or(""), alg, **key});
  }
  return out;
}

Result<IdTokenClaims> VerifyIdToken(std::string_view token, const KeySet& keys,
                                    const IdTokenRules& rules) {
  // Untrusted input. A compact JWS is exactly three parts; a JWE has five, the JSON
  // serialisation starts with '{'.
  if (token.empty() || token.size() > kMaxTokenBytes) {
    return Refuse(token_fault::kMalformed);
  }
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Refuse(token_fault::kMalformed);
  }
  const auto header = DecodePart(token.substr(0, dot1));
  const auto payload = DecodePart(token.substr(dot1 + 1, dot2 - dot1 - 1));
  const auto signature = crypto::Base64UrlDecode(token.substr(dot2 + 1));
  if (!header || !payload || !signature) {
    return Refuse(token_fault::kMalformed);
  }
  // The algorithm comes from the header, so it is checked against our own list before anything
  // else: "none" and HS256 (a MAC keyed with whatever the verifier is given) are not in it.
  const auto alg_name = StringMember(*header, "alg");
  const auto alg = alg_name ? crypto::JwsAlgorithmFromName(*alg_name) : std::nullopt;
  if (!alg || rules.algorithms.count(*alg) == 0) {
    return Refuse(token_fault::kAlgorithm);
  }
  // Extensions we do not understand must not be ignored (RFC 7515 §4.1.11).
  if (header->contains("crit")) {
    return Refuse(token_fault::kMalformed);
  }
  std::optional<std::string> kid;
  if (header->contains("kid")) {
    kid = StringMember(*header, "kid");
    if (!kid) {
      return Refuse(token_fault::kMalformed);
    }
  }
  const Jwk* key = SelectKey(keys, kid, *alg);
  if (key == nullptr) {
    return Refuse(token_fault::kUnknownKey);
  }
  if (!key->key.Verify(*alg, token.substr(0, dot2), *signature)) {
    return Refuse(token_fault::kSignature);
  }

  // The claims, now that they are the provider's (OpenID Connect Core §3.1.3.7).
  const json& c = *payload;
  const auto iss = StringMember(c, "iss");
  if (!iss || *iss != rules.issuer) {
    return Refuse(token_fault::kIssuer);
  }
  bool ours = false;
  std::size_t audiences = 0;
  if (auto it = c.find("aud"); it != c.end() && it->is_string()) {
    ours = it->get<std::string>() == rules.client_id;
    audiences = 1;
  } else if (it != c.end() && it->is_array()) {
    for (const auto& a : *it) {
      if (!a.is_string()) {
        return Refuse(token_fault::kAudience);
      }
      ours = ours || a.get<std::string>() == rules.client_id;
      ++audiences;
    }
  }
  if (!ours) {
    return Refuse(token_fault::kAudience);
  }
  const auto azp = StringMember(c, "azp");
  if ((c.contains("azp") && (!azp || *azp != rules.client_id)) || (audiences > 1 && !azp)) {
    return Refuse(token_fault::kAudience);
  }
  const auto exp = NumericDate(c, "exp");
  const auto iat = NumericDate(c, "iat");
  const auto sub = StringMember(c, "sub");
  if (!exp || !iat || !sub || sub->empty() || (c.contains("nbf") && !NumericDate(c, "nbf"))) {
    return Refuse(token_fault::kClaims);
  }
  const std::int64_t now = ToUnixSeconds(rules.now);
  const std::int64_t skew = rules.clock_skew.count();
  if (now - skew >= *exp) {
    return Refuse(token_fault::kExpired);
  }
  if (*iat > now + skew || (c.contains("nbf") && *NumericDate(c, "nbf") > now + skew)) {
    return Refuse(token_fault::kNotYetValid);
  }
  const auto nonce = StringMember(c, "nonce");
  if (rules.nonce.empty() || !nonce || !crypto::ConstantTimeEquals(*nonce, rules.nonce)) {
    return Refuse(token_fault::kNonce);
  }

  IdTokenClaims out;
  out.subject = *sub;
  out.issuer = *iss;
  out.expires_at = *exp;
  for (const auto& [name, value] : c.items()) {
    if (value.is_string()) {
      out.claims.emplace_back(name, value.get<std::string>());
    } else if (value.is_number() || value.is_boolean()) {
      out.claims.emplace_back(name, value.dump());
    }
  }
  return out;
}

std::string TokenFaultOf(const Error& error) {
  if (error.code() != ErrorCode::kBadSignature || error.fields().empty() ||
      error.fields()[0].field != "idToken") {
    return "";
  }
  return error.fields()[0].code;
}

}  // namespace cqdt::oidc
