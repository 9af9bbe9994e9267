#include "crypto/pki.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/test_files.hpp"

namespace cqdt::crypto {
namespace {

namespace fs = std::filesystem;
using std::chrono::days;
using std::chrono::hours;

constexpr const char* kTimeStamping = "1.3.6.1.5.5.7.3.8";
constexpr const char* kOcspSigning = "1.3.6.1.5.5.7.3.9";
constexpr const char* kServerAuth = "1.3.6.1.5.5.7.3.1";

using testing::ReadFile;
using testing::WriteFile;

// A scratch directory for the openssl CLI, removed at the end of the test.
class TempDir : public testing::TempDir {
 public:
  TempDir() : testing::TempDir("cqdt-pki-") {}
};

// Runs a shell command with stdout and stderr going to `output_path`; returns the exit status.
int RunCapturing(const std::string& command, const std::string& output_path) {
  int status = std::system((command + " >" + output_path + " 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool IsCritical(const Certificate& cert, int nid) {
  int index = X509_get_ext_by_NID(cert.native(), nid, -1);
  return index >= 0 && X509_EXTENSION_get_critical(X509_get_ext(cert.native(), index)) == 1;
}

TimePoint Now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

// root (RSA) -> intermediate (EC) -> leaves of every kind (EC, one RSA personal).
class PkiTest : public ::testing::Test {
 protected:
  struct Chain {
    SigningKey root;
    SigningKey intermediate;
    SigningKey personal;
    SigningKey seal;
    SigningKey tsa;
    SigningKey ocsp;
    SigningKey tls;
  };

  static CertificateProfile Profile(CertificateKind kind, std::string cn) {
    CertificateProfile p;
    p.kind = kind;
    p.common_name = std::move(cn);
    p.organization = "Sở Nội vụ tỉnh Hà Giang";
    p.organizational_unit = "DEMO - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ";
    p.province = "Hà Giang";
    p.algorithm = KeyAlgorithm::kEc;
    p.not_before = Now() - hours(1);
    p.not_after = Now() + days(365);
    return p;
  }

  static void SetUpTestSuite() {
    auto root_profile = Profile(CertificateKind::kRootCa, "CQDT Demo Root CA");
    root_profile.algorithm = KeyAlgorithm::kRsa;
    root_profile.bits = 2048;
    root_profile.not_after = Now() + days(3650);
    auto root = IssueCertificate(root_profile, nullptr);
    ASSERT_TRUE(root) << root.error().message();

    auto inter_profile = Profile(CertificateKind::kIntermediateCa, "CQDT Demo Sub CA");
    inter_profile.path_length = 0;
    inter_profile.crl_urls = {"http://127.0.0.1:8099/crl/root.crl"};
    auto inter = IssueCertificate(inter_profile, &root.value());
    ASSERT_TRUE(inter) << inter.error().message();

    auto leaf = [&](CertificateKind kind, const std::string& cn) {
      auto p = Profile(kind, cn);
      p.crl_urls = {"http://127.0.0.1:8099/crl/sub.crl", "http://crl.example.vn/sub.crl"};
      p.ocsp_urls = {"http://127.0.0.1:8099/ocsp"};
      if (kind == CertificateKind::kPersonal) {
        p.uid = "CCCD:001090000123";
        p.email = "nva@example.vn";
        p.algorithm = KeyAlgorithm::kRsa;
      }
      auto issued = IssueCertificate(p, &inter.value());
      if (!issued) {
        throw std::runtime_error(issued.error().message());
      }
      return issued.value();
    };
    chain_ = new Chain{root.value(),
                       inter.value(),
                       leaf(CertificateKind::kPersonal, "Nguyễn Văn A"),
                       leaf(CertificateKind::kSeal, "Sở Nội vụ tỉnh Hà Giang"),
                       leaf(CertificateKind::kTimestamping, "CQDT TSA"),
                       leaf(CertificateKind::kOcspResponder, "CQDT OCSP"),
                       leaf(CertificateKind::kTls, "localhost")};
  }
  static void TearDownTestSuite() {
    delete chain_;
    chain_ = nullptr;
  }

  static const Chain& C() { return *chain_; }

  static Chain* chain_;
};

PkiTest::Chain* PkiTest::chain_ = nullptr;

TEST_F(PkiTest, IssuesAChainThatLinksUp) {
  const auto& c = C();
  EXPECT_TRUE(c.root.certificate.IsSelfIssued());
  EXPECT_TRUE(c.root.certificate.IsIssuedBy(c.root.certificate));
  EXPECT_TRUE(c.root.chain.empty());
  EXPECT_TRUE(c.intermediate.certificate.IsIssuedBy(c.root.certificate));
  EXPECT_FALSE(c.intermediate.certificate.IsSelfIssued());
  for (const auto* leaf : {&c.personal, &c.seal, &c.tsa, &c.ocsp, &c.tls}) {
    EXPECT_TRUE(leaf->certificate.IsIssuedBy(c.intermediate.certificate));
    EXPECT_FALSE(leaf->certificate.IsIssuedBy(c.root.certificate));
    EXPECT_FALSE(leaf->certificate.IsCa());
    EXPECT_TRUE(leaf->key.Matches(leaf->certificate));
    ASSERT_EQ(leaf->chain.size(), 2u);
    EXPECT_EQ(leaf->chain[0], c.intermediate.certificate);
    EXPECT_EQ(leaf->chain[1], c.root.certificate);
    EXPECT_EQ(leaf->certificate.SerialHex().size(), 32u);  // 16 bytes, top bit clear
    EXPECT_LT(leaf->certificate.SerialHex()[0], '8');
  }
  EXPECT_NE(c.seal.certificate.SerialHex(), c.tsa.certificate.SerialHex());
  EXPECT_TRUE(c.root.certificate.IsCa());
  EXPECT_TRUE(c.intermediate.certificate.IsCa());
  EXPECT_EQ(c.root.certificate.key_algorithm(), KeyAlgorithm::kRsa);
  EXPECT_EQ(c.root.certificate.key_bits(), 2048);
  EXPECT_EQ(c.seal.certificate.key_algorithm(), KeyAlgorithm::kEc);
  EXPECT_EQ(c.seal.certificate.IssuerDn(), c.intermediate.certificate.SubjectDn());
}

TEST_F(PkiTest, WritesUtf8SubjectWithUid) {
  const auto& cert = C().personal.certificate;
  EXPECT_EQ(cert.SubjectCommonName(), "Nguyễn Văn A");
  EXPECT_EQ(cert.SubjectOrganization(), "Sở Nội vụ tỉnh Hà Giang");
  EXPECT_EQ(cert.SubjectDn(),
            "CN=Nguyễn Văn A,emailAddress=nva@example.vn,UID=CCCD:001090000123,"
            "OU=DEMO - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ,O=Sở Nội vụ tỉnh Hà Giang,ST=Hà Giang,C=VN");
  EXPECT_EQ(cert.IssuerCommonName(), "CQDT Demo Sub CA");
}

TEST_F(PkiTest, SetsTheValidityPeriodAsAsked) {
  auto p = Profile(CertificateKind::kSeal, "Hiệu lực");
  TimePoint from = Now() - days(2);
  TimePoint to = Now() + days(30);
  p.not_before = from;
  p.not_after = to;
  auto issued = IssueCertificate(p, &C().intermediate);
  ASSERT_TRUE(issued) << issued.error().message();
  EXPECT_EQ(issued->certificate.NotBefore(), from);
  EXPECT_EQ(issued->certificate.NotAfter(), to);
}

TEST_F(PkiTest, KeyUsageAndExtendedKeyUsagePerKind) {
  const auto& c = C();
  for (const auto* ca : {&c.root, &c.intermediate}) {
    KeyUsage ku = ca->certificate.key_usage();
    EXPECT_TRUE(ku.present && ku.key_cert_sign && ku.crl_sign);
    EXPECT_FALSE(ku.digital_signature || ku.non_repudiation);
    EXPECT_TRUE(IsCritical(ca->certificate, NID_key_usage));
    EXPECT_TRUE(IsCritical(ca->certificate, NID_basic_constraints));
    EXPECT_TRUE(ca->certificate.ExtendedKeyUsages().empty());
  }
  for (const auto* signer : {&c.personal, &c.seal}) {
    KeyUsage ku = signer->certificate.key_usage();
    EXPECT_TRUE(ku.present && ku.digital_signature && ku.non_repudiation);
    EXPECT_FALSE(ku.key_cert_sign || ku.crl_sign);
    EXPECT_TRUE(signer->certificate.ExtendedKeyUsages().empty());
  }
  EXPECT_EQ(c.tsa.certificate.ExtendedKeyUsages(), std::vector<std::string>{kTimeStamping});
  EXPECT_TRUE(IsCritical(c.tsa.certificate, NID_ext_key_usage));
  EXPECT_TRUE(c.tsa.certificate.key_usage().digital_signature);
  EXPECT_FALSE(c.tsa.certificate.key_usage().non_repudiation);
  EXPECT_EQ(c.ocsp.certificate.ExtendedKeyUsages(), std::vector<std::string>{kOcspSigning});
  EXPECT_EQ(c.tls.certificate.ExtendedKeyUsages(), std::vector<std::string>{kServerAuth});
  EXPECT_EQ(X509_check_host(c.tls.certificate.native(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(c.tls.certificate.native(), "127.0.0.1", 0), 1);
}

TEST_F(PkiTest, WritesCrlAndOcspUrls) {
  const auto& c = C();
  EXPECT_EQ(c.seal.certificate.CrlUrls(),
            (std::vector<std::string>{"http://127.0.0.1:8099/crl/sub.crl",
                                      "http://crl.example.vn/sub.crl"}));
  EXPECT_EQ(c.seal.certificate.OcspUrls(), std::vector<std::string>{"http://127.0.0.1:8099/ocsp"});
  EXPECT_EQ(c.intermediate.certificate.CrlUrls(),
            std::vector<std::string>{"http://127.0.0.1:8099/crl/root.crl"});
  EXPECT_TRUE(c.intermediate.certificate.OcspUrls().empty());
  EXPECT_TRUE(c.root.certificate.CrlUrls().empty());
}

TEST_F(PkiTest, OpenSslCliVerifiesTheChain) {
  TempDir dir;
  const auto& c = C();
  WriteFile(dir.Path("root.pem"), c.root.certificate.Pem());
  WriteFile(dir.Path("inter.pem"), c.intermediate.certificate.Pem());
  const std::string base = "openssl verify -x509_strict -CAfile " + dir.Path("root.pem");
  const std::pair<const SigningKey*, std::string> leaves[] = {{&c.personal, "smimesign"},
                                                              {&c.seal, "any"},
                                                              {&c.tsa, "timestampsign"},
                                                              {&c.ocsp, "any"},
                                                              {&c.tls, "sslserver"}};
  for (const auto& [leaf, purpose] : leaves) {
    WriteFile(dir.Path("leaf.pem"), leaf->certificate.Pem());
    EXPECT_EQ(RunCapturing(base + " -purpose " + purpose + " -untrusted " + dir.Path("inter.pem") +
                               " " + dir.Path("leaf.pem"),
                           dir.Path("out.txt")),
              0)
        << leaf->certificate.SubjectDn() << "\n"
        << ReadFile(dir.Path("out.txt"));
    // Without the intermediate there is no path: the verifier is really checking.
    EXPECT_NE(RunCapturing(base + " " + dir.Path("leaf.pem"), dir.Path("out.txt")), 0);
  }
  // A TLS certificate is not a time-stamping one.
  WriteFile(dir.Path("leaf.pem"), c.tls.certificate.Pem());
  EXPECT_NE(RunCapturing(base + " -purpose timestampsign -untrusted " + dir.Path("inter.pem") +
                             " " + dir.Path("leaf.pem"),
                         dir.Path("out.txt")),
            0);
}

TEST_F(PkiTest, RejectsInvalidProfiles) {
  const auto& c = C();
  auto no_cn = Profile(CertificateKind::kSeal, "");
  auto r1 = IssueCertificate(no_cn, &c.intermediate);
  ASSERT_FALSE(r1);
  EXPECT_EQ(r1.error().code(), ErrorCode::kInvalidArgument);

  auto bad_url = Profile(CertificateKind::kSeal, "x");
  bad_url.crl_urls = {"http://a,URI:http://b"};
  auto r2 = IssueCertificate(bad_url, &c.intermediate);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code(), ErrorCode::kInvalidArgument);

  auto backwards = Profile(CertificateKind::kSeal, "x");
  backwards.not_after = backwards.not_before - days(1);
  auto r3 = IssueCertificate(backwards, &c.intermediate);
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().code(), ErrorCode::kInvalidArgument);

  auto bad_country = Profile(CertificateKind::kSeal, "x");
  bad_country.country = "Việt Nam";
  auto r4 = IssueCertificate(bad_country, &c.intermediate);
  ASSERT_FALSE(r4);
  EXPECT_EQ(r4.error().code(), ErrorCode::kInvalidArgument);

  // A leaf cannot issue, and only a root CA signs itself.
  auto r5 = IssueCertificate(Profile(CertificateKind::kSeal, "x"), &c.seal);
  ASSERT_FALSE(r5);
  EXPECT_EQ(r5.error().code(), ErrorCode::kFailedPrecondition);
  auto r6 = IssueCertificate(Profile(CertificateKind::kSeal, "x"), nullptr);
  ASSERT_FALSE(r6);
  EXPECT_EQ(r6.error().code(), ErrorCode::kFailedPrecondition);
  // ...unless a self-signed end-entity certificate is asked for: CA:FALSE, its own issuer.
  auto own = Profile(CertificateKind::kSeal, "Đối tác tự ký");
  own.self_signed = true;
  auto r7 = IssueCertificate(own, nullptr);
  ASSERT_TRUE(r7) << r7.error().message();
  EXPECT_FALSE(r7->certificate.IsCa());
  EXPECT_TRUE(r7->certificate.IsSelfIssued());
  auto root = Profile(CertificateKind::kRootCa, "x");
  root.self_signed = true;
  EXPECT_FALSE(IssueCertificate(root, nullptr));
}

TEST_F(PkiTest, IssuesCrlListingTheRevokedSerial) {
  TempDir dir;
  const auto& c = C();
  TimePoint revoked_at = Now() - hours(2);
  auto crl = IssueCrl(c.intermediate, {{c.seal.certificate, revoked_at}}, Now() - hours(1),
                      Now() + days(7), 42);
  ASSERT_TRUE(crl) << crl.error().message();
  WriteFile(dir.Path("crl.der"), crl->Der());
  WriteFile(dir.Path("inter.pem"), c.intermediate.certificate.Pem());
  WriteFile(dir.Path("root.pem"), c.root.certificate.Pem());

  ASSERT_EQ(RunCapturing("openssl crl -inform DER -in " + dir.Path("crl.der") +
                             " -text -noout -CAfile " + dir.Path("inter.pem"),
                         dir.Path("crl.txt")),
            0);
  std::string text = ReadFile(dir.Path("crl.txt"));
  EXPECT_NE(text.find("verify OK"), std::string::npos) << text;
  EXPECT_NE(text.find("Version 2"), std::string::npos) << text;
  EXPECT_NE(text.find("Serial Number: " + c.seal.certificate.SerialHex()), std::string::npos)
      << text;
  EXPECT_EQ(text.find("Serial Number: " + c.tsa.certificate.SerialHex()), std::string::npos);
  EXPECT_NE(text.find("X509v3 CRL Number"), std::string::npos) << text;
  EXPECT_NE(text.find("42"), std::string::npos) << text;
  EXPECT_NE(text.find("X509v3 Authority Key Identifier"), std::string::npos) << text;
  EXPECT_NE(text.find("ecdsa-with-SHA256"), std::string::npos) << text;  // the EC sub CA

  // The openssl verifier honours it: the revoked leaf fails, another leaf passes.
  ASSERT_EQ(RunCapturing("openssl crl -inform DER -in " + dir.Path("crl.der") + " -out " +
                             dir.Path("crl.pem"),
                         dir.Path("out.txt")),
            0);
  const std::string verify = "openssl verify -crl_check -CRLfile " + dir.Path("crl.pem") +
                             " -CAfile " + dir.Path("root.pem") + " -untrusted " +
                             dir.Path("inter.pem") + " ";
  WriteFile(dir.Path("seal.pem"), c.seal.certificate.Pem());
  WriteFile(dir.Path("tsa.pem"), c.tsa.certificate.Pem());
  EXPECT_NE(RunCapturing(verify + dir.Path("seal.pem"), dir.Path("out.txt")), 0);
  EXPECT_NE(ReadFile(dir.Path("out.txt")).find("revoked"), std::string::npos)
      << ReadFile(dir.Path("out.txt"));
  EXPECT_EQ(RunCapturing(verify + dir.Path("tsa.pem"), dir.Path("out.txt")), 0)
      << ReadFile(dir.Path("out.txt"));
}

TEST_F(PkiTest, IssueCrlRejectsForeignCertificatesAndBadDates) {
  const auto& c = C();
  auto foreign = IssueCrl(c.root, {{c.seal.certificate, Now()}}, Now(), Now() + days(1));
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code(), ErrorCode::kInvalidArgument);
  auto backwards = IssueCrl(c.intermediate, {}, Now(), Now() - days(1));
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().code(), ErrorCode::kInvalidArgument);
  auto empty = IssueCrl(c.root, {}, Now(), Now() + days(1));
  ASSERT_TRUE(empty) << empty.error().message();
}

}  // namespace
}  // namespace cqdt::crypto
