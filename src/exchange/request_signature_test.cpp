// Signed requests between hubs: round trips with RSA and EC keys, every refusal of VerifyRequest,
// the strict structured-field parser, and the RFC 9421 / RFC 9530 examples.
#include "exchange/request_signature.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "crypto/cms.hpp"
#include "crypto/crypto.hpp"
#include "crypto/pki.hpp"
#include "crypto/test_pki.hpp"
#include "crypto/x509.hpp"
#include "request_signature_internal.hpp"

namespace cqdt::exchange {
namespace {

using crypto::Certificate;
using crypto::CertificateKind;
using crypto::KeyAlgorithm;
using crypto::SigningKey;
using internal::SfInnerList;

constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

const SigningKey& EcKey() {
  static const SigningKey key =
      crypto::testing::IssueTestCertificate(CertificateKind::kSeal, "Trục liên thông A", nullptr);
  return key;
}

const SigningKey& RsaKey() {
  static const SigningKey key = [] {
    crypto::testing::TestCertificateOptions options;
    options.algorithm = KeyAlgorithm::kRsa;
    return crypto::testing::IssueTestCertificate(CertificateKind::kSeal, "Trục liên thông B",
                                                 nullptr, options);
  }();
  return key;
}

SignedRequestParts Request() {
  SignedRequestParts r;
  r.method = "POST";
  r.path = "/api/v1/exchange/peer/packages?from=000.00.00.H53";
  r.authority = "127.0.0.1:8443";
  r.content_type = "application/xml";
  r.body = "<edXML><edXMLEnvelope/><edXMLBody/></edXML>";
  return r;
}

// The registry of a hub that knows these certificates.
FindRequestKey Registry(std::vector<Certificate> known) {
  return [known](const std::string& keyid) -> std::optional<Certificate> {
    for (const Certificate& c : known) {
      if (c.FingerprintSha256() == keyid) {
        return c;
      }
    }
    return std::nullopt;
  };
}

RequestSignatureHeaders Sign(const SignedRequestParts& r, const SigningKey& key,
                             std::int64_t now = kNow, std::string nonce = "n0nce-1") {
  Result<RequestSignatureHeaders> h = SignRequest(r, key, now, std::move(nonce));
  EXPECT_TRUE(h) << h.error().message();
  return h ? *h : RequestSignatureHeaders{};
}

Result<VerifiedRequest> Verify(const SignedRequestParts& r, const RequestSignatureHeaders& h,
                               const SigningKey& key = EcKey(), std::int64_t now = kNow) {
  return VerifyRequest(r, h, Registry({key.certificate}), now);
}

// The reason code of a refusal ("" when verified), after checking it is Unauthenticated.
std::string Reason(const Result<VerifiedRequest>& v) {
  if (v) {
    return "";
  }
  EXPECT_EQ(v.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_FALSE(v.error().message().empty());
  EXPECT_EQ(v.error().fields().size(), 1U);
  return v.error().fields().empty() ? "?" : v.error().fields()[0].code;
}

// Signs any Signature-Input the test makes up, with a valid signature, so that a refusal comes from
// the rule under test and not from the signature. Components VerifyRequest does not know are
// given the value "x".
RequestSignatureHeaders SignCustom(const SignedRequestParts& r, const SigningKey& key,
                                   const SfInnerList& params) {
  RequestSignatureHeaders h;
  h.content_digest = "sha-256=:" + crypto::Base64Encode(crypto::Sha256Digest(r.body)) + ":";
  std::vector<std::string> values;
  for (const std::string& name : params.items) {
    values.push_back(internal::ComponentValue(r, h.content_digest, name).value_or("x"));
  }
  const std::optional<std::string> base = internal::SignatureBase(params, values);
  EXPECT_TRUE(base);
  const std::string alg = internal::AlgorithmFor(key.certificate).value_or("");
  Result<std::string> sig = internal::SignBase(key.key, alg, base.value_or(""));
  EXPECT_TRUE(sig);
  h.signature_input = "hub=" + internal::SerializeSfInnerList(params);
  h.signature = "hub=:" + crypto::Base64Encode(sig ? *sig : "") + ":";
  return h;
}

SfInnerList StandardParams(const SigningKey& key) {
  SfInnerList p;
  p.items = {"@method", "@path", "@query", "@authority", "content-type", "content-digest"};
  p.parameters = {{"created", kNow},
                  {"keyid", key.certificate.FingerprintSha256()},
                  {"nonce", "abc"},
                  {"alg", internal::AlgorithmFor(key.certificate).value_or("")}};
  return p;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const std::size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from << " in " << s;
  if (at != std::string::npos) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Round trips.

TEST(RequestSignatureTest, RoundTripWithAnEcKeyUsesRawEcdsa) {
  const SignedRequestParts r = Request();
  const RequestSignatureHeaders h = Sign(r, EcKey());
  const std::string keyid = EcKey().certificate.FingerprintSha256();
  EXPECT_EQ(h.content_digest,
            "sha-256=:" + crypto::Base64Encode(crypto::Sha256Digest(r.body)) + ":");
  EXPECT_EQ(h.signature_input,
            "hub=(\"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" "
            "\"content-digest\");created=1767225600;keyid=\"" +
                keyid + "\";nonce=\"n0nce-1\";alg=\"ecdsa-p256-sha256\"");
  ASSERT_TRUE(h.signature.starts_with("hub=:") && h.signature.ends_with(":"));
  const std::optional<std::string> sig =
      crypto::Base64Decode(h.signature.substr(5, h.signature.size() - 6));
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->size(), 64U) << "RFC 9421 §3.3.4: r||s, not DER";

  Result<VerifiedRequest> v = Verify(r, h);
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->keyid, keyid);
  EXPECT_EQ(v->created, kNow);
  EXPECT_EQ(v->nonce, "n0nce-1");
}

TEST(RequestSignatureTest, RoundTripWithAnRsaKey) {
  const SignedRequestParts r = Request();
  const RequestSignatureHeaders ok = Sign(r, RsaKey(), kNow, "Zm9v_bar-1");
  EXPECT_NE(ok.signature_input.find(";alg=\"rsa-v1_5-sha256\""), std::string::npos);
  const std::optional<std::string> sig =
      crypto::Base64Decode(ok.signature.substr(5, ok.signature.size() - 6));
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->size(), 256U);
  Result<VerifiedRequest> v = Verify(r, ok, RsaKey());
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->keyid, RsaKey().certificate.FingerprintSha256());
  // The other hub's key does not verify it, even when registered under the right keyid.
  EXPECT_EQ(Reason(VerifyRequest(r, ok, Registry({EcKey().certificate}), kNow)), "unknown-key");
}

TEST(RequestSignatureTest, ALargeBodyAndHarmlessTransformationsVerify) {
  SignedRequestParts r = Request();
  r.body.assign(8 << 20, 'x');
  r.path = "/api/v1/exchange/peer/packages";  // no query: "@query" is "?"
  const RequestSignatureHeaders h = Sign(r, EcKey());
  // What HTTP lets an intermediary change: the host's case, outer whitespace of header values.
  SignedRequestParts seen = r;
  seen.content_type = "  application/xml\t";
  RequestSignatureHeaders padded = h;
  padded.signature_input = " " + h.signature_input + " ";
  padded.content_digest = h.content_digest + " ";
  EXPECT_EQ(Reason(Verify(seen, padded)), "");
  SignedRequestParts host = Request();
  host.authority = "Hub.Example.VN";
  const RequestSignatureHeaders hh = Sign(host, EcKey());
  host.authority = "hub.example.vn";
  EXPECT_EQ(Reason(Verify(host, hh)), "");
}

TEST(RequestSignatureTest, ContentDigestIsTheRfc9530Example) {
  SignedRequestParts r = Request();
  r.body = "{\"hello\": \"world\"}";
  EXPECT_EQ(Sign(r, EcKey()).content_digest,
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
}

// ---------------------------------------------------------------------------------------------
// Refusals.

TEST(RequestSignatureTest, ATamperedBodyIsADigestMismatch) {
  const SignedRequestParts r = Request();
  const RequestSignatureHeaders h = Sign(r, EcKey());
  SignedRequestParts changed = r;
  changed.body[1] = 'E';
  EXPECT_EQ(Reason(Verify(changed, h)), "digest-mismatch");
  SignedRequestParts truncated = r;
  truncated.body.pop_back();
  EXPECT_EQ(Reason(Verify(truncated, h)), "digest-mismatch");
  // A Content-Digest recomputed for the new body breaks the signature instead.
  RequestSignatureHeaders redigested = h;
  redigested.content_digest =
      "sha-256=:" + crypto::Base64Encode(crypto::Sha256Digest(changed.body)) + ":";
  EXPECT_EQ(Reason(Verify(changed, redigested)), "signature");
}

TEST(RequestSignatureTest, ATamperedRequestLineHostOrContentTypeIsABadSignature) {
  for (const SigningKey* key : {&EcKey(), &RsaKey()}) {
    const SignedRequestParts r = Request();
    const RequestSignatureHeaders h = Sign(r, *key);
    ASSERT_EQ(Reason(Verify(r, h, *key)), "");
    std::vector<SignedRequestParts> tampered(6, r);
    tampered[0].method = "PUT";
    tampered[1].path = "/api/v1/exchange/peer/statuses?from=000.00.00.H53";
    tampered[2].path = "/api/v1/exchange/peer/packages?from=000.00.00.G01";
    tampered[3].path = "/api/v1/exchange/peer/packages";
    tampered[4].authority = "127.0.0.1:9443";
    tampered[5].content_type = "application/json";
    for (std::size_t i = 0; i < tampered.size(); ++i) {
      EXPECT_EQ(Reason(Verify(tampered[i], h, *key)), "signature") << i;
    }
    // A signature that was changed, or taken from another request.
    RequestSignatureHeaders flipped = h;
    flipped.signature[10] = flipped.signature[10] == 'A' ? 'B' : 'A';
    EXPECT_EQ(Reason(Verify(r, flipped, *key)), "signature");
    RequestSignatureHeaders other = h;
    other.signature = Sign(tampered[1], *key).signature;
    EXPECT_EQ(Reason(Verify(r, other, *key)), "signature");
  }
}

TEST(RequestSignatureTest, ADerEcdsaSignatureIsRefused) {
  const SignedRequestParts r = Request();
  const RequestSignatureHeaders h = Sign(r, EcKey());
  const std::optional<std::string> raw =
      crypto::Base64Decode(h.signature.substr(5, h.signature.size() - 6));
  ASSERT_TRUE(raw);
  const std::optional<std::string> der = crypto::EcdsaToDer(*raw, 32);
  ASSERT_TRUE(der);
  RequestSignatureHeaders as_der = h;
  as_der.signature = "hub=:" + crypto::Base64Encode(*der) + ":";
  EXPECT_EQ(Reason(Verify(r, as_der)), "signature");
}

TEST(RequestSignatureTest, CreatedTooOldOrInTheFutureIsRefused) {
  const SignedRequestParts r = Request();
  const RequestSignatureHeaders h = Sign(r, EcKey());
  EXPECT_EQ(Reason(Verify(r, h, EcKey(), kNow + 300)), "");
  EXPECT_EQ(Reason(Verify(r, h, EcKey(), kNow - 300)), "");
  EXPECT_EQ(Reason(Verify(r, h, EcKey(), kNow + 301)), "expired");
  EXPECT_EQ(Reason(Verify(r, h, EcKey(), kNow - 301)), "not-yet-valid");
  EXPECT_EQ(Reason(VerifyRequest(r, h, Registry({EcKey().certificate}), kNow + 30, 10)), "expired");
  const Result<VerifiedRequest> old = Verify(r, h, EcKey(), kNow + 3600);
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().message(),
            "Chữ ký của yêu cầu đã hết hiệu lực: được tạo cách đây hơn "
            "300 giây.");
  // The time is signed: moving `created` breaks the signature.
  RequestSignatureHeaders moved = h;
  moved.signature_input = Replace(h.signature_input, "created=1767225600", "created=1767229200");
  EXPECT_EQ(Reason(Verify(r, moved, EcKey(), kNow + 3600)), "signature");
}

TEST(RequestSignatureTest, AnUnknownKeyIsRefused) {
  const SignedRequestParts r = Request();
  const RequestSignatureHeaders h = Sign(r, EcKey());
  EXPECT_EQ(Reason(VerifyRequest(r, h, Registry({}), kNow)), "unknown-key");
  EXPECT_EQ(Reason(VerifyRequest(r, h, Registry({RsaKey().certificate}), kNow)), "unknown-key");
  // A registry that answers loosely cannot hand over another hub's certificate.
  const FindRequestKey loose = [](const std::string&) -> std::optional<Certificate> {
    return RsaKey().certificate;
  };
  EXPECT_EQ(Reason(VerifyRequest(r, h, loose, kNow)), "unknown-key");
  // A keyid that is not a fingerprint is not even looked up.
  int lookups = 0;
  const FindRequestKey counting = [&](const std::string&) -> std::optional<Certificate> {
    ++lookups;
    return std::nullopt;
  };
  const std::string keyid = EcKey().certificate.FingerprintSha256();
  RequestSignatureHeaders odd = h;
  odd.signature_input = Replace(h.signature_input, keyid, "../../etc/passwd");
  EXPECT_EQ(Reason(VerifyRequest(r, odd, counting, kNow)), "unknown-key");
  EXPECT_EQ(lookups, 0);
}

TEST(RequestSignatureTest, TheAlgorithmMustBeTheOneOfTheRegisteredKey) {
  const SignedRequestParts r = Request();
  RequestSignatureHeaders h = Sign(r, EcKey());
  h.signature_input = Replace(h.signature_input, "ecdsa-p256-sha256", "rsa-v1_5-sha256");
  EXPECT_EQ(Reason(Verify(r, h)), "algorithm");
  RequestSignatureHeaders hmac = Sign(r, RsaKey());
  hmac.signature_input = Replace(hmac.signature_input, "rsa-v1_5-sha256", "hmac-sha256");
  EXPECT_EQ(Reason(Verify(r, hmac, RsaKey())), "algorithm");
}

TEST(RequestSignatureTest, TheCoveredComponentsMustBeExactlyTheRequiredOnes) {
  const SignedRequestParts r = Request();
  // Any order is fine.
  SfInnerList reordered = StandardParams(EcKey());
  reordered.items = {"content-digest", "@authority", "@query", "content-type", "@path", "@method"};
  EXPECT_EQ(Reason(Verify(r, SignCustom(r, EcKey(), reordered))), "");

  const std::vector<std::vector<std::string>> wrong = {
      {"@method", "@path", "@query", "@authority", "content-type"},          // no content-digest
      {"@method", "@path", "@authority", "content-type", "content-digest"},  // no @query
      {"@method", "@path", "@query", "@authority", "content-type", "content-digest", "date"},
      {"@method", "@path", "@query", "@authority", "content-type", "content-type"},
      {},
  };
  for (const auto& items : wrong) {
    SfInnerList p = StandardParams(EcKey());
    p.items = items;
    EXPECT_EQ(Reason(Verify(r, SignCustom(r, EcKey(), p))), "components") << items.size();
  }
}

TEST(RequestSignatureTest, TheParametersMustBeExactlyCreatedKeyidNonceAlg) {
  const SignedRequestParts r = Request();
  SfInnerList reordered = StandardParams(EcKey());
  std::swap(reordered.parameters[0], reordered.parameters[3]);
  EXPECT_EQ(Reason(Verify(r, SignCustom(r, EcKey(), reordered))), "");

  SfInnerList extra = StandardParams(EcKey());
  extra.parameters.push_back({"expires", kNow + 60});
  EXPECT_EQ(Reason(Verify(r, SignCustom(r, EcKey(), extra))), "parameters");
  for (std::size_t drop = 0; drop < 4; ++drop) {
    SfInnerList p = StandardParams(EcKey());
    p.parameters.erase(p.parameters.begin() + static_cast<std::ptrdiff_t>(drop));
    EXPECT_EQ(Reason(Verify(r, SignCustom(r, EcKey(), p))), "parameters") << drop;
  }
  SfInnerList string_created = StandardParams(EcKey());
  string_created.parameters[0].value = std::string("1767225600");
  EXPECT_EQ(Reason(Verify(r, SignCustom(r, EcKey(), string_created))), "parameters");
  SfInnerList empty_nonce = StandardParams(EcKey());
  empty_nonce.parameters[2].value = std::string();
  EXPECT_EQ(Reason(Verify(r, SignCustom(r, EcKey(), empty_nonce))), "parameters");
}

TEST(RequestSignatureTest, MissingHeadersAreNamed) {
  const SignedRequestParts r = Request();
  const RequestSignatureHeaders h = Sign(r, EcKey());
  RequestSignatureHeaders no_input = h;
  no_input.signature_input = " ";
  RequestSignatureHeaders no_signature = h;
  no_signature.signature.clear();
  RequestSignatureHeaders no_digest = h;
  no_digest.content_digest.clear();
  SignedRequestParts no_type = r;
  no_type.content_type.clear();
  const std::vector<std::pair<Result<VerifiedRequest>, std::string>> cases = {
      {Verify(r, no_input), "Signature-Input"},
      {Verify(r, no_signature), "Signature"},
      {Verify(r, no_digest), "Content-Digest"},
      {Verify(no_type, h), "Content-Type"},
  };
  for (const auto& [v, header] : cases) {
    EXPECT_EQ(Reason(v), "missing") << header;
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().fields()[0].field, header);
    EXPECT_EQ(v.error().message(),
              "Yêu cầu giữa các trục liên thông thiếu tiêu đề " + header + ".");
  }
}

TEST(RequestSignatureTest, GarbageHeadersAreRefusedWithoutACrash) {
  const SignedRequestParts r = Request();
  const RequestSignatureHeaders h = Sign(r, EcKey());
  const std::vector<std::string> garbage = {
      "hub",
      "hub=",
      "hub=(",
      "hub=(\"",
      "hub=(\"@method\"",
      "hub=:",
      "hub=::",
      "hub=:AAAA",
      "hub=:A:",
      "hub=:AA=A:",
      "hub=:AAAA:;x=1",
      "hub=?1",
      "hub=token",
      "hub=\"string\"",
      "hub=12",
      "Hub=(\"@method\")",
      "hub=(\"@method\");created",
      "hub=(\"@method\");created=",
      "hub=(\"@method\");created=1.5",
      "hub=(\"@method\");created=1234567890123456",
      "hub=(\"@method\");keyid=\"\\x\"",
      "hub=(\"@method\";sf)",
      "hub=(@method)",
      "hub=(\"@method\"\"@path\")",
      "hub=(\"a\"),",
      "hub=(\"a\"),,sig=(\"b\")",
      "hub=(\"a\") x",
      "hub=(\"a\"), hub=(\"b\")",
      "hub=(\"a\");k=1;k=2",
      "hub=(\"caf\xc3\xa9\")",
      std::string("hub=(\"a\0b\")", 11),
      "sig1=(\"@method\")",
      "\xff\xfe\xfd",
      std::string(100000, '('),
      std::string(100000, ':'),
      "hub=(" + std::string(50000, '"') + ")",
  };
  for (const std::string& g : garbage) {
    RequestSignatureHeaders bad_input = h;
    bad_input.signature_input = g;
    EXPECT_FALSE(Verify(r, bad_input)) << g.substr(0, 40);
    RequestSignatureHeaders bad_signature = h;
    bad_signature.signature = g;
    EXPECT_FALSE(Verify(r, bad_signature)) << g.substr(0, 40);
    RequestSignatureHeaders bad_digest = h;
    bad_digest.content_digest = g;
    EXPECT_FALSE(Verify(r, bad_digest)) << g.substr(0, 40);
  }
  // Every strict prefix of a valid header is refused.
  for (std::size_t n = 0; n < h.signature_input.size(); ++n) {
    RequestSignatureHeaders cut = h;
    cut.signature_input.resize(n);
    EXPECT_FALSE(Verify(r, cut)) << cut.signature_input;
  }
  for (std::size_t n = 0; n < h.signature.size(); ++n) {
    RequestSignatureHeaders cut = h;
    cut.signature.resize(n);
    EXPECT_FALSE(Verify(r, cut)) << cut.signature;
  }
  for (std::size_t n = 0; n < h.content_digest.size(); ++n) {
    RequestSignatureHeaders cut = h;
    cut.content_digest.resize(n);
    EXPECT_FALSE(Verify(r, cut)) << cut.content_digest;
  }
  // A component value with a line break cannot smuggle a line into the signature base.
  SignedRequestParts crlf = r;
  crlf.content_type = "application/xml\r\n\"@method\": GET";
  EXPECT_EQ(Reason(Verify(crlf, h)), "malformed");
}

TEST(RequestSignatureTest, SigningRefusesWhatCannotBeSigned) {
  const SignedRequestParts r = Request();
  for (const std::string& nonce : {std::string(), std::string("a b"), std::string(129, 'n'),
                                   std::string("caf\xc3\xa9"), std::string("a\"b\\")}) {
    Result<RequestSignatureHeaders> h = SignRequest(r, EcKey(), kNow, nonce);
    if (nonce == "a\"b\\") {
      ASSERT_TRUE(h) << "quotes are escaped";
      EXPECT_NE(h->signature_input.find(R"(nonce="a\"b\\")"), std::string::npos);
      Result<VerifiedRequest> v = Verify(r, *h);
      ASSERT_TRUE(v) << v.error().message();
      EXPECT_EQ(v->nonce, nonce);
      continue;
    }
    ASSERT_FALSE(h) << nonce;
    EXPECT_EQ(h.error().code(), ErrorCode::kInvalidArgument);
  }
  std::vector<SignedRequestParts> bad(5, r);
  bad[0].method = "PO ST";
  bad[1].path = "api/v1/x";
  bad[2].authority = "";
  bad[3].content_type = "text/plain\nX-Evil: 1";
  bad[4].method = "";
  for (std::size_t i = 0; i < bad.size(); ++i) {
    Result<RequestSignatureHeaders> h = SignRequest(bad[i], EcKey(), kNow, "n");
    ASSERT_FALSE(h) << i;
    EXPECT_EQ(h.error().code(), ErrorCode::kInvalidArgument) << i;
  }
}

// ---------------------------------------------------------------------------------------------
// The pieces, against the RFCs.

TEST(RequestSignatureTest, PathAndQueryComponentsFollowRfc9421) {
  SignedRequestParts r = Request();
  r.path = "/path?param=value&foo=bar&baz=batman";  // RFC 9421 §2.2.7
  EXPECT_EQ(internal::ComponentValue(r, "", "@path"), "/path");
  EXPECT_EQ(internal::ComponentValue(r, "", "@query"), "?param=value&foo=bar&baz=batman");
  r.path = "/path";
  EXPECT_EQ(internal::ComponentValue(r, "", "@query"), "?");
  r.authority = "WWW.Example.com";
  EXPECT_EQ(internal::ComponentValue(r, "", "@authority"), "www.example.com");
  EXPECT_EQ(internal::ComponentValue(r, " sha-256=:AA==: ", "content-digest"), "sha-256=:AA==:");
  EXPECT_FALSE(internal::ComponentValue(r, "", "date"));
}

TEST(RequestSignatureTest, SignatureBaseIsTheRfc9421Section25Example) {
  // RFC 9421 §2.5: the Signature-Input of the example, parsed, then the base it gives.
  const auto members = internal::ParseSfDictionary(
      "sig1=(\"@method\" \"@authority\" \"@path\" \"content-digest\" \"content-length\" "
      "\"content-type\");created=1618884473;keyid=\"test-key-rsa-pss\"");
  ASSERT_TRUE(members);
  ASSERT_EQ(members->size(), 1U);
  EXPECT_EQ((*members)[0].key, "sig1");
  const auto& params = std::get<SfInnerList>((*members)[0].value);
  const std::optional<std::string> base = internal::SignatureBase(
      params, {"POST", "example.com", "/foo",
               "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLv"
               "RwEmTHWXvJwew==:",
               "18", "application/json"});
  ASSERT_TRUE(base);
  EXPECT_EQ(*base,
            "\"@method\": POST\n"
            "\"@authority\": example.com\n"
            "\"@path\": /foo\n"
            "\"content-digest\": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrI"
            "iYllu7BNNyealdVLvRwEmTHWXvJwew==:\n"
            "\"content-length\": 18\n"
            "\"content-type\": application/json\n"
            "\"@signature-params\": (\"@method\" \"@authority\" \"@path\" \"content-digest\" "
            "\"content-length\" \"content-type\");created=1618884473;keyid=\"test-key-rsa-pss\"");
  EXPECT_FALSE(internal::SignatureBase(params, {"POST"})) << "one value per component";
}

// RFC 9421 Appendix B.1.3's key test-key-ecc-p256, in a self-signed certificate made with
// `openssl req -x509 -key test-key-ecc-p256.pem -subj /CN=test-key-ecc-p256 -days 36500`.
constexpr const char* kRfcEccP256Certificate = R"(-----BEGIN CERTIFICATE-----
MIIBjjCCATWgAwIBAgIUAQ6/tvVTFajdmo4LUmVR072tUbgwCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRdGVzdC1rZXktZWNjLXAyNTYwIBcNMjYxMjA2MTg1NTE2WhgP
MjEyNjExMTIxODU1MTZaMBwxGjAYBgNVBAMMEXRlc3Qta2V5LWVjYy1wMjU2MFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lfw0Ek
jqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXaNTMFEwHQYD
VR0OBBYEFAmW5VD56I4F/U1q5o47yYaj6e62MB8GA1UdIwQYMBaAFAmW5VD56I4F
/U1q5o47yYaj6e62MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIg
KeZ55nJVi3Vo+uuxxVFoffL9K5/6B/vv5PXFGytXw6kCIDJo2v4XuL3n+VlGvWdT
0M6Pb0y1j8feDTyeNnI/23a1
-----END CERTIFICATE-----
)";

TEST(RequestSignatureTest, TheRfc9421B24EcdsaExampleVerifies) {
  // RFC 9421 Appendix B.2.4: a response signed with ecdsa-p256-sha256 (raw r||s).
  Result<Certificate> cert = Certificate::Parse(kRfcEccP256Certificate);
  ASSERT_TRUE(cert);
  EXPECT_EQ(internal::AlgorithmFor(*cert), "ecdsa-p256-sha256");
  const auto inputs = internal::ParseSfDictionary(
      "sig-b24=(\"@status\" \"content-type\" \"content-digest\" "
      "\"content-length\");created=1618884473;keyid=\"test-key-ecc-p256\"");
  const auto signatures = internal::ParseSfDictionary(
      "sig-b24=:wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32o"
      "iasw==:");
  ASSERT_TRUE(inputs && signatures);
  const auto& params = std::get<SfInnerList>((*inputs)[0].value);
  const std::string& sig = std::get<internal::SfBytes>((*signatures)[0].value).bytes;
  ASSERT_EQ(sig.size(), 64U);
  const std::optional<std::string> base = internal::SignatureBase(
      params, {"200", "application/json",
               "sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJu"
               "ahq4l5aGgfLQ==:",
               "23"});
  ASSERT_TRUE(base);
  EXPECT_TRUE(internal::VerifyBase(*cert, "ecdsa-p256-sha256", *base, sig));
  std::string other = *base;
  other.replace(other.find("200"), 3, "201");
  EXPECT_FALSE(internal::VerifyBase(*cert, "ecdsa-p256-sha256", other, sig));
}

TEST(RequestSignatureTest, TheStructuredFieldParserKeepsToItsSubset) {
  // Whitespace where RFC 8941 allows it, and a canonical serialisation back.
  const auto members =
      internal::ParseSfDictionary("  a=( \"x\"  \"y\\\"z\" );n=-12;s=\"q\" ,\tb=:AQID:  ");
  ASSERT_TRUE(members);
  ASSERT_EQ(members->size(), 2U);
  const auto& list = std::get<SfInnerList>((*members)[0].value);
  EXPECT_EQ(list.items, (std::vector<std::string>{"x", "y\"z"}));
  EXPECT_EQ(internal::SerializeSfInnerList(list), R"(("x" "y\"z");n=-12;s="q")");
  EXPECT_EQ(std::get<internal::SfBytes>((*members)[1].value).bytes, "\x01\x02\x03");
  EXPECT_TRUE(internal::ParseSfDictionary("a=()"));
  EXPECT_TRUE(internal::ParseSfDictionary("*a.b_c-d=:AA==:"));

  for (const char* bad : {"",
                          " ",
                          "a",
                          "a=b",
                          "a=1",
                          "a=\"s\"",
                          "a=?0",
                          "a=1.5",
                          "A=()",
                          "1a=()",
                          "a=();b",
                          "a=();b=?1",
                          "a=();b=tok",
                          "a=();b=:AA==:",
                          "a=(\"x\";p=1)",
                          "a=(x)",
                          "a=(\"x\")b",
                          "a=(), a=()",
                          "a=(),",
                          "a=() ,, b=()",
                          "a=:AA=A:",
                          "a=:AAA:",
                          "a=:A===:",
                          "a=:AA==",
                          "a=:AA==:;p=1",
                          "a=(\"\\n\")",
                          "a=();p=1;p=2",
                          "a=();p=1234567890123456",
                          "a=();p=-",
                          "a=(\"x\"\t\"y\")",
                          "a=(\"x\")\n"}) {
    EXPECT_FALSE(internal::ParseSfDictionary(bad)) << bad;
  }
}

}  // namespace
}  // namespace cqdt::exchange
