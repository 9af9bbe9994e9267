// Two-step signing (PrepareCms / SignDigest / CompleteCms): the result is the SignedData a
// one-step SignCms makes, accepted by `openssl cms -verify`; a value that is not the declared
// certificate's signature over the prepared attributes is refused.
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "crypto/cms.hpp"
#include "crypto/pki.hpp"
#include "crypto/test_files.hpp"
#include "crypto/test_pki.hpp"
#include "crypto/x509.hpp"

namespace cqdt::crypto {
namespace {

using testing::IssueTestCertificate;
using testing::TempDir;
using testing::TestCertificateOptions;

const std::string kContent = "Quyết định số 05/QĐ-UBND\n\x01\x02 binary";

int RunQuiet(const std::string& command) {
  const int rc = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TestCertificateOptions WithAlgorithm(KeyAlgorithm algorithm) {
  TestCertificateOptions options;
  options.algorithm = algorithm;
  return options;
}

class TwoStepCmsTest : public ::testing::TestWithParam<KeyAlgorithm> {
 protected:
  TwoStepCmsTest()
      : root_(IssueTestCertificate(CertificateKind::kRootCa, "cqdt test root", nullptr,
                                   WithAlgorithm(KeyAlgorithm::kRsa))),
        signer_(IssueTestCertificate(CertificateKind::kPersonal, "Nguyễn Văn A", &root_,
                                     WithAlgorithm(GetParam()))),
        other_(IssueTestCertificate(CertificateKind::kPersonal, "Trần Thị B", &root_,
                                    WithAlgorithm(GetParam()))) {}
  Result<PreparedCms> Prepare() {
    return PrepareCms(kContent, signer_.certificate, {root_.certificate}, CmsSignOptions{});
  }
  SigningKey root_, signer_, other_;
};

TEST_P(TwoStepCmsTest, CompletedSignatureVerifiesLikeAOneStepOne) {
  auto prepared = Prepare();
  ASSERT_TRUE(prepared) << prepared.error().message();
  EXPECT_EQ(prepared->digest.size(), 32u);
  EXPECT_EQ(prepared->algorithm, GetParam());
  auto value = SignDigest(signer_.key, prepared->digest);
  ASSERT_TRUE(value) << value.error().message();
  EXPECT_TRUE(VerifyDigestSignature(signer_.certificate, prepared->digest, *value));

  auto cms = CompleteCms(prepared->partial_der, *value, CmsSignOptions{});
  ASSERT_TRUE(cms) << cms.error().message();
  auto report = VerifyCms(*cms, kContent);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->signers.size(), 1u);
  const CmsSignerReport& s = report->signers[0];
  EXPECT_TRUE(s.digest_matches);
  EXPECT_TRUE(s.signature_valid);
  EXPECT_TRUE(s.has_signing_certificate_v2);
  EXPECT_TRUE(s.signing_certificate_matches);
  EXPECT_FALSE(s.signing_time.has_value());  // PAdES: no signingTime
  ASSERT_TRUE(s.certificate.has_value());
  EXPECT_EQ(*s.certificate, signer_.certificate);

  // The independent verifier.
  TempDir dir("cqdt-cms2-");
  testing::WriteFile(dir.Path("data"), kContent);
  testing::WriteFile(dir.Path("sig.der"), *cms);
  testing::WriteFile(dir.Path("root.pem"), root_.certificate.Pem());
  EXPECT_EQ(RunQuiet("openssl cms -verify -binary -inform DER -in " + dir.Path("sig.der") +
                     " -content " + dir.Path("data") + " -CAfile " + dir.Path("root.pem") +
                     " -purpose any -out /dev/null"),
            0);
}

TEST_P(TwoStepCmsTest, RefusesAValueFromAnotherKey) {
  auto prepared = Prepare();
  ASSERT_TRUE(prepared);
  auto value = SignDigest(other_.key, prepared->digest);
  ASSERT_TRUE(value);
  auto cms = CompleteCms(prepared->partial_der, *value, CmsSignOptions{});
  ASSERT_FALSE(cms);
  EXPECT_EQ(cms.error().code(), ErrorCode::kBadSignature);
}

TEST_P(TwoStepCmsTest, RefusesAValueOverAnotherDigest) {
  auto prepared = Prepare();
  ASSERT_TRUE(prepared);
  std::string digest = prepared->digest;
  digest[0] = static_cast<char>(digest[0] ^ 1);
  auto value = SignDigest(signer_.key, digest);
  ASSERT_TRUE(value);
  auto cms = CompleteCms(prepared->partial_der, *value, CmsSignOptions{});
  ASSERT_FALSE(cms);
  EXPECT_EQ(cms.error().code(), ErrorCode::kBadSignature);
  EXPECT_FALSE(CompleteCms(prepared->partial_der, "", CmsSignOptions{}));
  EXPECT_FALSE(CompleteCms(prepared->partial_der, std::string(300, 'x'), CmsSignOptions{}));
}

TEST_P(TwoStepCmsTest, RefusesAPartialItDidNotMake) {
  auto cms = CompleteCms("not a cms", "sig", CmsSignOptions{});
  ASSERT_FALSE(cms);
  EXPECT_EQ(cms.error().code(), ErrorCode::kMalformed);
}

INSTANTIATE_TEST_SUITE_P(Keys, TwoStepCmsTest,
                         ::testing::Values(KeyAlgorithm::kRsa, KeyAlgorithm::kEc),
                         [](const auto& param_info) {
                           return param_info.param == KeyAlgorithm::kRsa ? "Rsa" : "Ec";
                         });

TEST(EcdsaEncodingTest, RawAndDerRoundTrip) {
  TestCertificateOptions options;
  options.algorithm = KeyAlgorithm::kEc;
  SigningKey root = IssueTestCertificate(CertificateKind::kRootCa, "root", nullptr, options);
  SigningKey key = IssueTestCertificate(CertificateKind::kPersonal, "EC", &root, options);
  const std::string digest(32, '\x5a');
  auto der = SignDigest(key.key, digest);
  ASSERT_TRUE(der);
  auto raw = EcdsaToRaw(*der, 32);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->size(), 64u);
  auto back = EcdsaToDer(*raw, 32);
  ASSERT_TRUE(back);
  EXPECT_TRUE(VerifyDigestSignature(key.certificate, digest, *back));
  EXPECT_EQ(EcdsaToDer(*der, 32), *der);  // DER passes through
  EXPECT_FALSE(EcdsaToDer("short", 32));
  EXPECT_FALSE(EcdsaToRaw("not der", 32));
}

TEST(SignDigestTest, RefusesADigestOfTheWrongSize) {
  SigningKey key = IssueTestCertificate(CertificateKind::kRootCa, "K", nullptr);
  auto sig = SignDigest(key.key, "short");
  ASSERT_FALSE(sig);
  EXPECT_EQ(sig.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cqdt::crypto
