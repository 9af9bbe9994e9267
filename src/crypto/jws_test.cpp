// base64url, public keys from JWK members, and RS256 / PS256 / ES256 verification, with keys
// made in the test (crypto/test_jws.hpp signs).
#include "crypto/jws.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crypto/test_jws.hpp"

namespace cqdt::crypto {
namespace {

using nlohmann::json;

JwkPublicKey PublicOf(const PrivateKey& key) {
  const json jwk = json::parse(testing::PublicJwk(key, "k1"));
  auto out = key.algorithm() == KeyAlgorithm::kRsa
                 ? JwkPublicKey::Rsa(jwk["n"].get<std::string>(), jwk["e"].get<std::string>())
                 : JwkPublicKey::EcP256(jwk["x"].get<std::string>(), jwk["y"].get<std::string>());
  EXPECT_TRUE(out) << out.error().message();
  return *out;
}

const PrivateKey& RsaKey() {
  static const PrivateKey key = PrivateKey::Generate(KeyAlgorithm::kRsa, 2048);
  return key;
}

const PrivateKey& EcKey() {
  static const PrivateKey key = PrivateKey::Generate(KeyAlgorithm::kEc);
  return key;
}

TEST(JwsTest, Base64UrlRoundTripsAndIsStrict) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  for (const std::string s : {"", "a", "ab", "abc", "abcd", "\x00\xff\x10 binary"}) {
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(s)), s);
  }
  EXPECT_EQ(Base64UrlDecode("-_8"), "\xfb\xff");
  EXPECT_FALSE(Base64UrlDecode("Zg=="));   // padding
  EXPECT_FALSE(Base64UrlDecode("Zm9v+"));  // standard alphabet, and 4n+1
  EXPECT_FALSE(Base64UrlDecode("+/8"));    // standard alphabet
  EXPECT_FALSE(Base64UrlDecode("Zm 9v"));  // whitespace
  EXPECT_FALSE(Base64UrlDecode("Zh"));     // unused bits set: not the canonical "Zg"
  EXPECT_FALSE(Base64UrlDecode("A"));      // 4n+1
}

TEST(JwsTest, AlgorithmsAreOnlyTheThreeAsymmetricOnes) {
  EXPECT_EQ(JwsAlgorithmFromName("RS256"), JwsAlgorithm::kRs256);
  EXPECT_EQ(JwsAlgorithmFromName("PS256"), JwsAlgorithm::kPs256);
  EXPECT_EQ(JwsAlgorithmFromName("ES256"), JwsAlgorithm::kEs256);
  for (const char* other : {"none", "None", "HS256", "HS512", "RS512", "rs256", "ES384", ""}) {
    EXPECT_FALSE(JwsAlgorithmFromName(other)) << other;
  }
}

TEST(JwsTest, Sha256BytesIsTheRawDigest) {
  // RFC 7636 Appendix B: the verifier and its S256 challenge.
  EXPECT_EQ(Base64UrlEncode(Sha256Bytes("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(JwsTest, EachAlgorithmVerifiesItsOwnSignatureOnly) {
  const std::string input = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0";
  const JwkPublicKey rsa = PublicOf(RsaKey());
  const JwkPublicKey ec = PublicOf(EcKey());
  for (auto alg : {JwsAlgorithm::kRs256, JwsAlgorithm::kPs256}) {
    const std::string sig = testing::SignJws(RsaKey(), alg, input);
    EXPECT_TRUE(rsa.Verify(alg, input, sig)) << JwsAlgorithmName(alg);
    EXPECT_FALSE(rsa.Verify(alg, input + "x", sig));
    std::string flipped = sig;
    flipped[10] = static_cast<char>(flipped[10] ^ 1);
    EXPECT_FALSE(rsa.Verify(alg, input, flipped));
    EXPECT_FALSE(ec.Verify(alg, input, sig));  // not this key's type
  }
  // A PKCS#1 v1.5 signature is not a PSS one, and the other way round.
  EXPECT_FALSE(rsa.Verify(JwsAlgorithm::kPs256, input,
                          testing::SignJws(RsaKey(), JwsAlgorithm::kRs256, input)));
  EXPECT_FALSE(rsa.Verify(JwsAlgorithm::kRs256, input,
                          testing::SignJws(RsaKey(), JwsAlgorithm::kPs256, input)));
  const std::string es = testing::SignJws(EcKey(), JwsAlgorithm::kEs256, input);
  ASSERT_EQ(es.size(), 64U);
  EXPECT_TRUE(ec.Verify(JwsAlgorithm::kEs256, input, es));
  EXPECT_FALSE(ec.Verify(JwsAlgorithm::kEs256, input + "x", es));
  EXPECT_FALSE(rsa.Verify(JwsAlgorithm::kEs256, input, es));
  // The DER form of the same signature is not what JWS carries (RFC 7518 §3.4).
  auto der = EcdsaToDer(es, 32);
  ASSERT_TRUE(der);
  EXPECT_FALSE(ec.Verify(JwsAlgorithm::kEs256, input, *der));
  EXPECT_FALSE(ec.Verify(JwsAlgorithm::kEs256, input, ""));
}

TEST(JwsTest, KeysFromBadMembersAreRefused) {
  const json rsa = json::parse(testing::PublicJwk(RsaKey(), "k"));
  const json ec = json::parse(testing::PublicJwk(EcKey(), "k"));
  const std::string n = rsa["n"], e = rsa["e"], x = ec["x"], y = ec["y"];
  EXPECT_TRUE(JwkPublicKey::Rsa(n, e));
  EXPECT_FALSE(JwkPublicKey::Rsa(n + "=", e));  // not base64url
  const std::string small = Base64UrlEncode(Base64UrlDecode(n)->substr(0, 128));
  EXPECT_FALSE(JwkPublicKey::Rsa(small, e));  // a 1024-bit modulus: too small
  EXPECT_FALSE(JwkPublicKey::Rsa(n, "Ag"));   // e = 2: even
  EXPECT_FALSE(JwkPublicKey::Rsa("", e));
  EXPECT_TRUE(JwkPublicKey::EcP256(x, y));
  EXPECT_FALSE(JwkPublicKey::EcP256(x, x));  // (x, x) is not on the curve
  EXPECT_FALSE(JwkPublicKey::EcP256(Base64UrlEncode(Base64UrlDecode(x)->substr(0, 31)), y));
  EXPECT_FALSE(JwkPublicKey::EcP256(x, ""));
}

}  // namespace
}  // namespace cqdt::crypto
