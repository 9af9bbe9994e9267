#include "mail/dkim.hpp"

#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "crypto/crypto.hpp"
#include "dkim_internal.hpp"
#include "mail/mime.hpp"

namespace cqdt::mail {
namespace {

const TimePoint kNow = FromUnixSeconds(1772679600);

// RFC 6376 §3.4.5, the example message, written out with its invisible characters:
//   A: <SP> X <CRLF>
//   B <SP> : <SP> Y <HTAB><CRLF>
//                   <HTAB> Z <SP><SP><CRLF>
//   <CRLF>
//   <SP> C <SP><CRLF>
//   D <SP><HTAB><SP> E <CRLF>
//   <CRLF>
//   <CRLF>
const std::string kFieldA = "A: X\r\n";
const std::string kFieldB = "B : Y\t\r\n\tZ  \r\n";
const std::string kBody = " C \r\nD \t E\r\n\r\n\r\n";

TEST(DkimCanonicalizationTest, RelaxedMatchesRfc6376Example) {
  EXPECT_EQ(CanonicalizeHeaderRelaxed(kFieldA) + CanonicalizeHeaderRelaxed(kFieldB),
            "a:X\r\nb:Y Z\r\n");
  EXPECT_EQ(CanonicalizeBodyRelaxed(kBody), " C\r\nD E\r\n");
}

TEST(DkimCanonicalizationTest, SimpleMatchesRfc6376Example) {
  EXPECT_EQ(CanonicalizeHeaderSimple(kFieldA) + CanonicalizeHeaderSimple(kFieldB),
            "A: X\r\nB : Y\t\r\n\tZ  \r\n");
  EXPECT_EQ(CanonicalizeBodySimple(kBody), " C \r\nD \t E\r\n");
}

TEST(DkimCanonicalizationTest, HandlesEmptyAndUnterminatedBodies) {
  // §3.4.3: an empty body is one CRLF in simple; §3.4.4 with erratum 1384: empty in relaxed.
  EXPECT_EQ(CanonicalizeBodySimple(""), "\r\n");
  EXPECT_EQ(CanonicalizeBodyRelaxed(""), "");
  EXPECT_EQ(CanonicalizeBodySimple("\r\n\r\n"), "\r\n");
  EXPECT_EQ(CanonicalizeBodyRelaxed("\r\n \r\n\t\r\n"), "");
  EXPECT_EQ(CanonicalizeBodySimple("abc"), "abc\r\n");
  EXPECT_EQ(CanonicalizeBodyRelaxed("abc  "), "abc\r\n");
  // The SHA-256 of the canonical empty bodies, as every DKIM implementation computes them.
  auto b64sha = [](const std::string& s) {
    std::string hex = crypto::Sha256Hex(s);
    std::string raw;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
      raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return crypto::Base64Encode(raw);
  };
  EXPECT_EQ(b64sha(CanonicalizeBodySimple("")), "frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=");
  EXPECT_EQ(b64sha(CanonicalizeBodyRelaxed("")), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

TEST(DkimCanonicalizationTest, RelaxedHeaderUnfoldsAndLowercases) {
  EXPECT_EQ(CanonicalizeHeaderRelaxed("SUBJECT:  Hello \t World \r\n"), "subject:Hello World\r\n");
  EXPECT_EQ(CanonicalizeHeaderRelaxed("To: a@example.com,\r\n b@example.com\r\n"),
            "to:a@example.com, b@example.com\r\n");
  EXPECT_EQ(CanonicalizeHeaderRelaxed("X-Empty:\r\n"), "x-empty:\r\n");
}

TEST(DkimInternalTest, ParsesTagListsAndRemovesTheSignatureValue) {
  auto tags = internal::ParseTagList(" v=1; a = rsa-sha256 ;\r\n\tb=ab cd;");
  ASSERT_TRUE(tags);
  ASSERT_EQ(tags->size(), 3u);
  EXPECT_EQ((*tags)[1].first, "a");
  EXPECT_EQ((*tags)[1].second, "rsa-sha256");
  EXPECT_EQ((*tags)[2].second, "ab cd");
  EXPECT_FALSE(internal::ParseTagList("v=1; v=1"));
  EXPECT_FALSE(internal::ParseTagList("v=1;; a=b"));
  EXPECT_FALSE(internal::ParseTagList("novalue"));
  EXPECT_EQ(internal::RemoveSignatureValue("DKIM-Signature: a=x; bh=AB; b=CD\r\n EF\r\n"),
            "DKIM-Signature: a=x; bh=AB; b=\r\n");
  EXPECT_EQ(internal::RemoveSignatureValue("DKIM-Signature: b = CD ; bh=AB\r\n"),
            "DKIM-Signature: b =; bh=AB\r\n");
}

// One 2048-bit key for the whole suite (generation takes a moment).
const crypto::PrivateKey& TestKey() {
  static const crypto::PrivateKey key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kRsa);
  return key;
}

std::string SampleMessage() {
  FakeClock clock(kNow);
  OutgoingMail mail;
  mail.from = {"thongbao@angiang.gov.vn", "Sở Nội vụ tỉnh An Giang"};
  mail.to = {{"nguyenvana@example.com", "Nguyễn Văn A"}};
  mail.subject = "Hồ sơ đã được tiếp nhận";
  mail.text = "Kính gửi ông Nguyễn Văn A,\n\nHồ sơ của ông đã được tiếp nhận.\n";
  mail.html = "<p>Kính gửi ông <b>Nguyễn Văn A</b>,</p><p>Hồ sơ của ông đã được tiếp nhận.</p>";
  mail.attachments = {{"Giấy tiếp nhận.pdf", "application/pdf", "%PDF-1.7\n%%EOF\n"}};
  mail.headers = {{"List-Unsubscribe", "<https://dichvucong.angiang.gov.vn/huy/abc>"},
                  {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
  mail.message_id_domain = "angiang.gov.vn";
  int counter = 0;
  auto built = MimeBuilder(clock, [&counter](std::size_t bytes) {
                 return std::string(bytes * 2 - 1, '0') + std::to_string(++counter % 10);
               }).Build(mail);
  EXPECT_TRUE(built);
  return built->bytes;
}

std::string Signed(const std::string& message) {
  FakeClock clock(kNow);
  auto signer = DkimSigner::Create("angiang.gov.vn", "cqdt2026", TestKey(), clock);
  EXPECT_TRUE(signer);
  auto out = signer->Sign(message);
  EXPECT_TRUE(out) << out.error().message();
  return *out;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  std::size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? s : s.replace(at, from.size(), to);
}

TEST(DkimSignerTest, SignsWithFoldedFieldThatVerifies) {
  std::string message = SampleMessage();
  std::string signed_message = Signed(message);
  ASSERT_TRUE(
      signed_message.starts_with("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; "
                                 "d=angiang.gov.vn;\r\n\ts=cqdt2026; t=1772679600; "))
      << signed_message.substr(0, 200);
  EXPECT_TRUE(signed_message.ends_with(message));
  std::string field = signed_message.substr(0, signed_message.size() - message.size());
  EXPECT_NE(field.find("t=1772679600;"), std::string::npos);
  EXPECT_NE(internal::StripWhitespace(field).find(
                "h=from:to:subject:date:message-id:mime-version:content-type:list-unsubscribe:"
                "list-unsubscribe-post:from;"),
            std::string::npos)
      << field;
  for (std::size_t start = 0; start < field.size();) {
    std::size_t end = field.find("\r\n", start);
    EXPECT_LE(end - start, 78u) << field.substr(start, end - start);
    start = end + 2;
  }

  auto record = DkimDnsRecord(TestKey());
  ASSERT_TRUE(record);
  auto pem = DkimPublicKeyPem(TestKey());
  ASSERT_TRUE(pem);
  for (const std::string& key : {*record, *pem}) {
    DkimVerification v = DkimVerify(signed_message, key);
    EXPECT_EQ(v.status, DkimStatus::kPass) << v.reason;
    EXPECT_EQ(v.reason, "ok");
    EXPECT_EQ(v.domain, "angiang.gov.vn");
    EXPECT_EQ(v.selector, "cqdt2026");
  }
  // dig prints long TXT records as several quoted strings.
  std::string quoted = "\"" + record->substr(0, 40) + "\" \"" + record->substr(40) + "\"";
  EXPECT_EQ(DkimVerify(signed_message, quoted).status, DkimStatus::kPass);
  auto from_pem = DkimDnsRecord(*pem);
  ASSERT_TRUE(from_pem);
  EXPECT_EQ(*from_pem, *record);
}

TEST(DkimSignerTest, SurvivesRefoldingAndWhitespaceChangesRelaxedAllows) {
  std::string signed_message = Signed(SampleMessage());
  auto record = DkimDnsRecord(TestKey());
  ASSERT_TRUE(record);
  // A relay that refolds a header and pads trailing whitespace in the body: relaxed passes.
  std::string changed =
      Replace(signed_message, "MIME-Version: 1.0\r\n", "MIME-Version:   1.0 \r\n");
  changed = Replace(changed, "Content-Type: multipart/mixed; boundary=",
                    "Content-Type:\t multipart/mixed;\r\n   boundary=");
  changed = Replace(changed, "=C3=ADnh g", "=C3=ADnh \t g");
  changed = Replace(changed, "V=C4=83n A,\r\n", "V=C4=83n A, \t\r\n");
  changed += "\r\n\r\n";  // trailing empty lines are ignored
  EXPECT_EQ(DkimVerify(changed, *record).status, DkimStatus::kPass);
  // LF line ends (a message saved to a file) verify too.
  std::string lf;
  for (char c : signed_message) {
    if (c != '\r') {
      lf += c;
    }
  }
  EXPECT_EQ(DkimVerify(lf, *record).status, DkimStatus::kPass);
}

TEST(DkimSignerTest, DetectsTamperingOfSignedHeadersAndBody) {
  std::string signed_message = Signed(SampleMessage());
  auto record = DkimDnsRecord(TestKey());
  ASSERT_TRUE(record);

  auto expect_fail = [&](const std::string& message, const std::string& reason) {
    DkimVerification v = DkimVerify(message, *record);
    EXPECT_EQ(v.status, DkimStatus::kFail) << reason;
    EXPECT_EQ(v.reason, reason);
    EXPECT_FALSE(v.message.empty());
  };
  expect_fail(Replace(signed_message, "Subject: =?UTF-8?B?", "Subject: =?UTF-8?b?"),
              "signature-mismatch");
  expect_fail(Replace(signed_message, "To: =?UTF-8?B?", "To: attacker@example.com, =?UTF-8?B?"),
              "signature-mismatch");
  // An extra From above the signed one: over-signing makes it fail.
  expect_fail(Replace(signed_message, "Date: ", "From: attacker@example.com\r\nDate: "),
              "signature-mismatch");
  // The signed List-Unsubscribe changed.
  expect_fail(Replace(signed_message, "huy/abc", "huy/xyz"), "signature-mismatch");
  expect_fail(Replace(signed_message, "K=C3=ADnh", "K=C3=ACnh"), "body-hash-mismatch");
  expect_fail(Replace(signed_message, "a=rsa-sha256", "a=rsa-sha1"), "unsupported-algorithm");
  expect_fail(Replace(signed_message, "a=rsa-sha256;", "a=rsa-sha256; l=10;"), "body-length-tag");
  expect_fail("DKIM-Signature: v=1; a=rsa-sha256; d=x; s=y; h=to:subject; bh=AAAA; b=AAAA\r\n" +
                  signed_message.substr(signed_message.find("Date: ")),
              "from-not-signed");
  expect_fail(Replace(signed_message, "v=1;", "v=2;"), "unsupported-version");
  expect_fail(Replace(signed_message, "v=1;", "v=1; v=1;"), "malformed-signature");
  std::string changed_b = signed_message;
  std::size_t b = changed_b.find("b=", changed_b.find(';', changed_b.find("bh=")));
  changed_b.insert(b + 2, "AAAA");
  expect_fail(changed_b, "signature-mismatch");

  // Unsigned fields may be added (a relay's Received).
  EXPECT_EQ(DkimVerify("Received: from relay\r\n" + signed_message, *record).status,
            DkimStatus::kPass);
}

TEST(DkimVerifyTest, ReportsKeyProblemsAndMissingSignatures) {
  std::string message = SampleMessage();
  std::string signed_message = Signed(message);
  auto record = DkimDnsRecord(TestKey());
  ASSERT_TRUE(record);

  DkimVerification none = DkimVerify(message, *record);
  EXPECT_EQ(none.status, DkimStatus::kNone);
  EXPECT_EQ(none.reason, "no-signature");

  // Another key: the signature does not match.
  crypto::PrivateKey other = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kRsa);
  auto other_record = DkimDnsRecord(other);
  ASSERT_TRUE(other_record);
  EXPECT_EQ(DkimVerify(signed_message, *other_record).reason, "signature-mismatch");

  EXPECT_EQ(DkimVerify(signed_message, "v=DKIM1; k=rsa; p=").reason, "key-revoked");
  EXPECT_EQ(DkimVerify(signed_message, "v=DKIM1; k=ed25519; p=AAAA").reason, "key-mismatch");
  EXPECT_EQ(DkimVerify(signed_message, "v=DKIM1; k=rsa; p=!!!").reason, "key-malformed");
  EXPECT_EQ(DkimVerify(signed_message, "v=DKIM1; k=rsa").reason, "key-malformed");
  EXPECT_EQ(DkimVerify(signed_message, "-----BEGIN PUBLIC KEY-----\nxx\n").reason, "key-malformed");
  // crypto refuses to make keys under 2048 bits; OpenSSL makes the short one directly.
  EVP_PKEY* native = EVP_RSA_gen(512);
  ASSERT_NE(native, nullptr);
  crypto::PrivateKey small = crypto::PrivateKey::FromNative(native);
  EVP_PKEY_free(native);
  auto small_record = DkimDnsRecord(small);
  ASSERT_TRUE(small_record);
  EXPECT_EQ(DkimVerify(signed_message, *small_record).reason, "key-too-small");
  crypto::PrivateKey ec = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEc);
  auto ec_pem = DkimPublicKeyPem(ec);
  ASSERT_TRUE(ec_pem);
  EXPECT_EQ(DkimVerify(signed_message, *ec_pem).reason, "key-mismatch");
  EXPECT_FALSE(DkimDnsRecord(ec));

  // x= in the past: expired only when the caller gives the time.
  std::string expiring = Replace(signed_message, "a=rsa-sha256;", "a=rsa-sha256; x=1000;");
  EXPECT_EQ(DkimVerify(expiring, *record, kNow).reason, "expired");

  // Garbage never crashes.
  for (const std::string& garbage :
       {std::string(), std::string("\r\n\r\n"), std::string("DKIM-Signature:\r\n\r\n"),
        std::string("DKIM-Signature: ;;;=\r\n"), std::string("DKIM-Signature: b=\r\n"),
        std::string("dkim-signature:v=1;a=rsa-sha256;d=x;s=y;h=from;bh=@@;b=@@\r\nFrom: a\r\n")}) {
    DkimVerification v = DkimVerify(garbage, *record);
    EXPECT_NE(v.status, DkimStatus::kPass);
  }
}

TEST(DkimSignerTest, RefusesBadConfigurationAndMessagesWithoutFrom) {
  FakeClock clock(kNow);
  EXPECT_FALSE(DkimSigner::Create("bad domain", "s", TestKey(), clock));
  EXPECT_FALSE(DkimSigner::Create("angiang.gov.vn", "a;b", TestKey(), clock));
  crypto::PrivateKey ec = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEc);
  auto refused = DkimSigner::Create("angiang.gov.vn", "s", ec, clock);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields()[0].field, "key");
  auto signer = DkimSigner::Create("angiang.gov.vn", "s", TestKey(), clock);
  ASSERT_TRUE(signer);
  EXPECT_FALSE(signer->Sign("Subject: x\r\n\r\nbody\r\n"));
  EXPECT_FALSE(signer->Sign(""));
}

// Writes the sample for an independent check with npm mailauth, when asked:
//   CQDT_DKIM_SAMPLE_DIR=/tmp cqdt_mail_test --gtest_filter=DkimSampleTest.*
TEST(DkimSampleTest, WritesSignedSampleWhenAsked) {
  const char* dir = std::getenv("CQDT_DKIM_SAMPLE_DIR");
  if (dir == nullptr) {
    GTEST_SKIP() << "CQDT_DKIM_SAMPLE_DIR not set";
  }
  std::string signed_message = Signed(SampleMessage());
  auto pem = DkimPublicKeyPem(TestKey());
  auto record = DkimDnsRecord(TestKey());
  ASSERT_TRUE(pem && record);
  std::ofstream(std::string(dir) + "/dkim-sample.eml", std::ios::binary) << signed_message;
  std::ofstream(std::string(dir) + "/dkim-sample.pub.pem", std::ios::binary) << *pem;
  std::ofstream(std::string(dir) + "/dkim-sample.txt", std::ios::binary) << *record << "\n";
  EXPECT_EQ(DkimVerify(signed_message, *record).status, DkimStatus::kPass);
}

}  // namespace
}  // namespace cqdt::mail
