// The ID token checks of OpenID Connect Core §3.1.3.7, one forged token per rule, with keys and
// tokens made here.
#include "oidc/id_token.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/test_jws.hpp"

namespace cqdt::oidc {
namespace {

using crypto::JwsAlgorithm;
using nlohmann::json;

constexpr std::int64_t kNow = 1'796'000'000;  // 2026-11-30
constexpr const char kIssuer[] = "https://vneid.example.gov.vn";
constexpr const char kClient[] = "cqdt-portal";
constexpr const char kNonce[] = "n-0S6_WzA2Mj";

const crypto::PrivateKey& RsaKey() {
  static const auto key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kRsa, 2048);
  return key;
}
const crypto::PrivateKey& OtherRsaKey() {
  static const auto key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kRsa, 2048);
  return key;
}
const crypto::PrivateKey& EcKey() {
  static const auto key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEc);
  return key;
}

std::string B64(const std::string& s) { return crypto::Base64UrlEncode(s); }

// "<header>.<payload>.<signature>" signed by `key` with `alg`.
std::string Sign(const json& header, const json& payload, const crypto::PrivateKey& key,
                 JwsAlgorithm alg) {
  const std::string input = B64(header.dump()) + "." + B64(payload.dump());
  return input + "." + B64(crypto::testing::SignJws(key, alg, input));
}

json Claims() {
  return {{"iss", kIssuer},          {"sub", "vneid-7f3a"},
          {"aud", kClient},          {"exp", kNow + 300},
          {"iat", kNow - 10},        {"nonce", kNonce},
          {"name", "Nguyễn Văn An"}, {"citizen_id", "091095000123"}};
}

std::string Jwks() {
  return "{\"keys\":[" + crypto::testing::PublicJwk(RsaKey(), "rsa-1", "RS256") + "," +
         crypto::testing::PublicJwk(RsaKey(), "rsa-ps", "PS256") + "," +
         crypto::testing::PublicJwk(EcKey(), "ec-1") +
         // Keys a provider may publish for others: skipped, not errors.
         ",{\"kty\":\"oct\",\"kid\":\"hmac\",\"k\":\"c2VjcmV0\"}," +
         crypto::testing::PublicJwk(OtherRsaKey(), "enc-1", "", "enc") + "]}";
}

IdTokenRules Rules() {
  IdTokenRules r;
  r.issuer = kIssuer;
  r.client_id = kClient;
  r.nonce = kNonce;
  r.now = FromUnixSeconds(kNow);
  r.clock_skew = std::chrono::seconds(60);
  return r;
}

class IdTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto parsed = ParseJwks(Jwks());
    ASSERT_TRUE(parsed) << parsed.error().message();
    keys_ = *parsed;
  }

  // The fault VerifyIdToken finds in `token` ("" when it accepts it).
  std::string Fault(const std::string& token, const IdTokenRules& rules = Rules()) {
    auto r = VerifyIdToken(token, keys_, rules);
    if (r) {
      return "";
    }
    EXPECT_EQ(r.error().code(), ErrorCode::kBadSignature);
    return TokenFaultOf(r.error());
  }

  std::string Rs256(const json& payload, const std::string& kid = "rsa-1") {
    return Sign({{"alg", "RS256"}, {"kid", kid}}, payload, RsaKey(), JwsAlgorithm::kRs256);
  }

  KeySet keys_;
};

TEST_F(IdTokenTest, TheJwksKeepsOnlySignatureKeysWeCanUse) {
  ASSERT_EQ(keys_.keys.size(), 3U);
  EXPECT_EQ(keys_.keys[0].kid, "rsa-1");
  EXPECT_EQ(keys_.keys[0].alg, JwsAlgorithm::kRs256);
  EXPECT_EQ(keys_.keys[2].kid, "ec-1");
  EXPECT_FALSE(keys_.keys[2].alg);
  EXPECT_FALSE(ParseJwks("{\"keys\": {}}"));
  EXPECT_FALSE(ParseJwks("[]"));
  EXPECT_FALSE(ParseJwks("not json"));
  EXPECT_FALSE(ParseJwks(std::string(100, '[') + std::string(100, ']')));  // too deep
}

TEST_F(IdTokenTest, AValidTokenOfEachAlgorithmIsAccepted) {
  auto r = VerifyIdToken(Rs256(Claims()), keys_, Rules());
  ASSERT_TRUE(r) << TokenFaultOf(r.error());
  EXPECT_EQ(r->subject, "vneid-7f3a");
  EXPECT_EQ(r->issuer, kIssuer);
  EXPECT_EQ(r->Claim("citizen_id"), "091095000123");
  EXPECT_EQ(r->Claim("name"), "Nguyễn Văn An");
  EXPECT_EQ(r->Claim("exp"), std::to_string(kNow + 300));
  EXPECT_FALSE(r->Claim("phone_number"));
  EXPECT_EQ(
      Fault(Sign({{"alg", "PS256"}, {"kid", "rsa-ps"}}, Claims(), RsaKey(), JwsAlgorithm::kPs256)),
      "");
  EXPECT_EQ(
      Fault(Sign({{"alg", "ES256"}, {"kid", "ec-1"}}, Claims(), EcKey(), JwsAlgorithm::kEs256)),
      "");
}

TEST_F(IdTokenTest, ABadSignatureIsRefused) {
  // Signed by another key under our kid.
  EXPECT_EQ(Fault(Sign({{"alg", "RS256"}, {"kid", "rsa-1"}}, Claims(), OtherRsaKey(),
                       JwsAlgorithm::kRs256)),
            token_fault::kSignature);
  // A payload changed after signing: another citizen ID number.
  const std::string token = Rs256(Claims());
  json changed = Claims();
  changed["citizen_id"] = "001200000001";
  const auto dot1 = token.find('.');
  const auto dot2 = token.rfind('.');
  EXPECT_EQ(Fault(token.substr(0, dot1) + "." + B64(changed.dump()) + token.substr(dot2)),
            token_fault::kSignature);
  // No signature at all.
  EXPECT_EQ(Fault(token.substr(0, dot2 + 1)), token_fault::kSignature);
}

TEST_F(IdTokenTest, AlgNoneIsRefused) {
  for (const char* none : {"none", "None", "NONE"}) {
    const std::string unsigned_token =
        B64(json({{"alg", none}}).dump()) + "." + B64(Claims().dump()) + ".";
    EXPECT_EQ(Fault(unsigned_token), token_fault::kAlgorithm) << none;
  }
  EXPECT_EQ(Fault(B64(json({{"typ", "JWT"}}).dump()) + "." + B64(Claims().dump()) + "."),
            token_fault::kAlgorithm);  // no alg
}

TEST_F(IdTokenTest, Hs256KeyedWithThePublicKeyIsRefused) {
  // The classic key confusion: a MAC keyed with the provider's public key (which anyone has),
  // hoping the verifier feeds the RSA key to HMAC.
  const json jwk = json::parse(crypto::testing::PublicJwk(RsaKey(), "rsa-1"));
  const std::string secret = *crypto::Base64UrlDecode(jwk["n"].get<std::string>());
  const std::string input =
      B64(json({{"alg", "HS256"}, {"kid", "rsa-1"}}).dump()) + "." + B64(Claims().dump());
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  ASSERT_NE(
      HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_size),
      nullptr);
  EXPECT_EQ(Fault(input + "." + B64(std::string(reinterpret_cast<char*>(mac), mac_size))),
            token_fault::kAlgorithm);
}

TEST_F(IdTokenTest, AnAlgorithmOutsideTheRulesOrTheKeysTypeIsRefused) {
  IdTokenRules rs_only = Rules();
  rs_only.algorithms = {JwsAlgorithm::kRs256};
  EXPECT_EQ(
      Fault(Sign({{"alg", "ES256"}, {"kid", "ec-1"}}, Claims(), EcKey(), JwsAlgorithm::kEs256),
            rs_only),
      token_fault::kAlgorithm);
  // RS256 under the kid of the EC key, or of a key bound to PS256: no key for it.
  EXPECT_EQ(Fault(Rs256(Claims(), "ec-1")), token_fault::kUnknownKey);
  EXPECT_EQ(Fault(Rs256(Claims(), "rsa-ps")), token_fault::kUnknownKey);
}

TEST_F(IdTokenTest, AnUnknownKidIsRefused) {
  EXPECT_EQ(Fault(Rs256(Claims(), "rotated-2027")), token_fault::kUnknownKey);
  // Without a kid, the one key that fits needs none (one EC key; one RSA key bound to PS256).
  EXPECT_EQ(Fault(Sign({{"alg", "ES256"}}, Claims(), EcKey(), JwsAlgorithm::kEs256)), "");
  EXPECT_EQ(Fault(Sign({{"alg", "PS256"}}, Claims(), RsaKey(), JwsAlgorithm::kPs256)), "");
  // But with two RSA keys that both fit, a token without a kid is ambiguous (Core §10.1).
  auto two = ParseJwks("{\"keys\":[" + crypto::testing::PublicJwk(OtherRsaKey(), "a") + "," +
                       crypto::testing::PublicJwk(RsaKey(), "b") + "]}");
  ASSERT_TRUE(two);
  auto r = VerifyIdToken(Sign({{"alg", "RS256"}}, Claims(), RsaKey(), JwsAlgorithm::kRs256), *two,
                         Rules());
  ASSERT_FALSE(r);
  EXPECT_EQ(TokenFaultOf(r.error()), token_fault::kUnknownKey);
}

TEST_F(IdTokenTest, AWrongIssuerIsRefused) {
  for (const char* iss : {"https://evil.example", "https://vneid.example.gov.vn/", ""}) {
    json c = Claims();
    c["iss"] = iss;
    EXPECT_EQ(Fault(Rs256(c)), token_fault::kIssuer) << iss;
  }
  json c = Claims();
  c.erase("iss");
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kIssuer);
}

TEST_F(IdTokenTest, AWrongAudienceIsRefused) {
  json c = Claims();
  c["aud"] = "another-client";
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kAudience);
  c["aud"] = json::array({"another-client"});
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kAudience);
  c.erase("aud");
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kAudience);
  // Several audiences need azp naming us.
  c["aud"] = json::array({kClient, "another-client"});
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kAudience);
  c["azp"] = "another-client";
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kAudience);
  c["azp"] = kClient;
  EXPECT_EQ(Fault(Rs256(c)), "");
  c["aud"] = json::array({kClient});
  EXPECT_EQ(Fault(Rs256(c)), "");
}

TEST_F(IdTokenTest, AnExpiredTokenIsRefusedAfterTheSkew) {
  json c = Claims();
  c["exp"] = kNow - 59;  // within the 60 s skew
  EXPECT_EQ(Fault(Rs256(c)), "");
  c["exp"] = kNow - 60;
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kExpired);
  c["exp"] = kNow - 86400;
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kExpired);
  c["exp"] = "1796000300";  // a string is not a NumericDate
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kClaims);
  c["exp"] = static_cast<double>(kNow) + 300.5;  // fractions are allowed
  EXPECT_EQ(Fault(Rs256(c)), "");
}

TEST_F(IdTokenTest, ATokenFromTheFutureIsRefused) {
  json c = Claims();
  c["nbf"] = kNow + 61;
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kNotYetValid);
  c["nbf"] = kNow + 60;
  EXPECT_EQ(Fault(Rs256(c)), "");
  c.erase("nbf");
  c["iat"] = kNow + 3600;
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kNotYetValid);
  c.erase("iat");
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kClaims);
}

TEST_F(IdTokenTest, AWrongOrMissingNonceIsRefused) {
  json c = Claims();
  c["nonce"] = "n-replayed";
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kNonce);
  c.erase("nonce");
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kNonce);
  IdTokenRules no_nonce = Rules();
  no_nonce.nonce = "";  // a flow without a nonce accepts no token
  EXPECT_EQ(Fault(Rs256(Claims()), no_nonce), token_fault::kNonce);
}

TEST_F(IdTokenTest, ASubjectIsRequired) {
  json c = Claims();
  c["sub"] = "";
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kClaims);
  c["sub"] = 42;
  EXPECT_EQ(Fault(Rs256(c)), token_fault::kClaims);
}

TEST_F(IdTokenTest, MalformedTokensAreRefused) {
  const std::string good = Rs256(Claims());
  const auto dot1 = good.find('.');
  const auto dot2 = good.rfind('.');
  const std::string header = good.substr(0, dot1);
  const std::string payload = good.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string sig = good.substr(dot2 + 1);
  for (const std::string& bad : {
           std::string(), std::string("abc"),
           header + "." + payload,                                   // two parts
           header + "." + payload + "." + sig + ".x.y",              // five parts: a JWE
           header + "=." + payload + "." + sig,                      // padding
           header + "." + payload + "." + sig + "=",                 // padding
           B64("not json") + "." + payload + "." + sig,              // header not JSON
           header + "." + B64("[1,2]") + "." + sig,                  // payload not an object
           "{\"payload\":\"" + payload + "\"}",                      // JSON serialisation
           header + "." + B64(std::string(20000, 'a')) + "." + sig,  // too long
       }) {
    EXPECT_EQ(Fault(bad), token_fault::kMalformed) << bad.substr(0, 80);
  }
  // An extension we do not understand is not ignored.
  EXPECT_EQ(Fault(Sign({{"alg", "RS256"}, {"kid", "rsa-1"}, {"crit", {"exp"}}}, Claims(), RsaKey(),
                       JwsAlgorithm::kRs256)),
            token_fault::kMalformed);
  // A kid that is not a string.
  EXPECT_EQ(Fault(Sign({{"alg", "RS256"}, {"kid", 7}}, Claims(), RsaKey(), JwsAlgorithm::kRs256)),
            token_fault::kMalformed);
}

TEST_F(IdTokenTest, EveryRefusalTellsTheCallerTheSameSentence) {
  auto expired = Claims();
  expired["exp"] = kNow - 3600;
  auto a = VerifyIdToken(Rs256(expired), keys_, Rules());
  auto b = VerifyIdToken(Rs256(Claims(), "nope"), keys_, Rules());
  ASSERT_FALSE(a);
  ASSERT_FALSE(b);
  EXPECT_EQ(a.error().message(), b.error().message());
}

}  // namespace
}  // namespace cqdt::oidc
