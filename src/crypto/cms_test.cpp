#include "crypto/cms.hpp"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "crypto/pki.hpp"
#include "crypto/x509.hpp"

namespace cqdt::crypto {
namespace {

namespace fs = std::filesystem;

constexpr char kContent[] = "Tờ khai đăng ký khai sinh\n\x00\x01\x02 binary tail";
const std::string kData(kContent, sizeof(kContent) - 1);

// The repository root, from the module's testdata directory (src/crypto/testdata).
fs::path RepoRoot() { return fs::path(CQDT_TESTDATA_DIR) / ".." / ".." / ".."; }

fs::path MakeTempDir(const char* prefix) {
  std::string templ = (fs::temp_directory_path() / (std::string(prefix) + "XXXXXX")).string();
  if (mkdtemp(templ.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
  }
  return templ;
}

void WriteFile(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Quote(const fs::path& path) { return "'" + path.string() + "'"; }

// Runs a shell command; its exit status (-1 when it did not exit normally).
int RunShell(const std::string& command) {
  int rc = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string RunOutput(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) {
    return out;
  }
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) {
    out.append(buf, n);
  }
  pclose(pipe);
  return out;
}

// The signedAttrs part of `openssl cms -cmsout -print` output (of the first SignerInfo).
std::string SignedAttrs(const std::string& printed) {
  auto begin = printed.find("signedAttrs:");
  auto end = printed.find("signatureAlgorithm:", begin);
  if (begin == std::string::npos || end == std::string::npos) {
    return {};
  }
  return printed.substr(begin, end - begin);
}

int Count(const std::string& haystack, const std::string& needle) {
  int count = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++count;
  }
  return count;
}

SigningKey Issue(CertificateKind kind, KeyAlgorithm algorithm, const std::string& cn,
                 const SigningKey* issuer) {
  CertificateProfile profile;
  profile.kind = kind;
  profile.common_name = cn;
  profile.organization = "cqdt test";
  profile.algorithm = algorithm;
  auto key = IssueCertificate(profile, issuer);
  if (!key) {
    ADD_FAILURE() << "IssueCertificate: " << key.error().message();
    std::abort();
  }
  return *key;
}

// A root CA and two signers (RSA 2048, EC P-256) shared by the suite, with PEM copies on disk for
// the openssl command line.
class CmsTest : public ::testing::Test {
 protected:
  struct Pki {
    fs::path dir;
    SigningKey root;
    SigningKey rsa;
    SigningKey ec;
  };

  static void SetUpTestSuite() {
    SigningKey root =
        Issue(CertificateKind::kRootCa, KeyAlgorithm::kRsa, "cqdt test root", nullptr);
    SigningKey rsa = Issue(CertificateKind::kPersonal, KeyAlgorithm::kRsa, "Nguyễn Văn A", &root);
    SigningKey ec = Issue(CertificateKind::kSeal, KeyAlgorithm::kEc, "Sở Nội vụ", &root);
    pki_ = new Pki{MakeTempDir("cqdt-cms-"), root, rsa, ec};
    WriteFile(pki_->dir / "root.pem", pki_->root.certificate.Pem());
    WriteFile(pki_->dir / "rsa.pem", pki_->rsa.certificate.Pem());
    WriteFile(pki_->dir / "rsa.key", pki_->rsa.key.Pem().value());
    WriteFile(pki_->dir / "data", kData);
  }
  static void TearDownTestSuite() {
    fs::remove_all(pki_->dir);
    delete pki_;
    pki_ = nullptr;
  }

  static const Pki& pki() { return *pki_; }
  static fs::path Path(const std::string& name) { return pki_->dir / name; }

  static std::string Sign(const SigningKey& key, const CmsSignOptions& options = {}) {
    auto cms = SignCms(kData, key, options);
    if (!cms) {
      ADD_FAILURE() << "SignCms: " << cms.error().message();
      return {};
    }
    return *cms;
  }

  // `openssl cms -cmsout -print` of a DER CMS.
  static std::string Print(std::string_view der, const std::string& name) {
    WriteFile(Path(name), der);
    return RunOutput("openssl cms -cmsout -print -inform DER -in " + Quote(Path(name)));
  }

  // The independent verifier: `openssl cms -verify` against the root, content detached.
  static int OpensslVerify(std::string_view der, std::string_view content,
                           const std::string& name) {
    WriteFile(Path(name + ".p7s"), der);
    WriteFile(Path(name + ".data"), content);
    return RunShell("openssl cms -verify -binary -inform DER -in " + Quote(Path(name + ".p7s")) +
                    " -content " + Quote(Path(name + ".data")) + " -CAfile " +
                    Quote(Path("root.pem")) + " -purpose any -out /dev/null");
  }

 private:
  static Pki* pki_;
};
CmsTest::Pki* CmsTest::pki_ = nullptr;

void ExpectValidSigner(const CmsSignerReport& s, const SigningKey& key) {
  ASSERT_TRUE(s.certificate.has_value());
  EXPECT_EQ(*s.certificate, key.certificate);
  EXPECT_EQ(s.digest_algorithm, "SHA-256");
  EXPECT_TRUE(s.digest_matches);
  EXPECT_TRUE(s.signature_valid);
  EXPECT_TRUE(s.has_signing_certificate_v2);
  EXPECT_FALSE(s.has_signing_certificate_v1);
  EXPECT_TRUE(s.signing_certificate_matches);
  EXPECT_FALSE(s.signing_time.has_value());
  EXPECT_FALSE(s.timestamp.has_value());
  EXPECT_TRUE(s.warnings.empty());
}

TEST_F(CmsTest, RoundTripRsa) {
  std::string cms = Sign(pki().rsa);
  auto report = VerifyCms(cms, kData);
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_TRUE(report->detached);
  ASSERT_EQ(report->signers.size(), 1u);
  ExpectValidSigner(report->signers[0], pki().rsa);
  EXPECT_EQ(report->signers[0].signature_algorithm, "RSA");
  // include_chain: the leaf and its root.
  // (SET OF: DER orders them by encoding, not by insertion.)
  ASSERT_EQ(report->certificates.size(), 2u);
  EXPECT_TRUE(report->certificates[0] == pki().root.certificate ||
              report->certificates[1] == pki().root.certificate);
  EXPECT_TRUE(report->certificates[0] == pki().rsa.certificate ||
              report->certificates[1] == pki().rsa.certificate);
}

TEST_F(CmsTest, RoundTripEc) {
  std::string cms = Sign(pki().ec);
  auto report = VerifyCms(cms, kData);
  ASSERT_TRUE(report) << report.error().message();
  ASSERT_EQ(report->signers.size(), 1u);
  ExpectValidSigner(report->signers[0], pki().ec);
  EXPECT_EQ(report->signers[0].signature_algorithm, "ECDSA");
}

TEST_F(CmsTest, WithoutChainCarriesOnlyTheSigner) {
  CmsSignOptions options;
  options.include_chain = false;
  auto report = VerifyCms(Sign(pki().rsa, options), kData);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->certificates.size(), 1u);
  EXPECT_EQ(report->certificates[0], pki().rsa.certificate);
}

TEST_F(CmsTest, OpensslCliVerifiesOurSignatures) {
  EXPECT_EQ(OpensslVerify(Sign(pki().rsa), kData, "cli-rsa"), 0);
  EXPECT_EQ(OpensslVerify(Sign(pki().ec), kData, "cli-ec"), 0);
  // The same verifier rejects other content, so the checks above can fail.
  EXPECT_NE(OpensslVerify(Sign(pki().rsa), kData + "x", "cli-bad"), 0);
}

TEST_F(CmsTest, TamperedContentBreaksDigest) {
  std::string tampered = kData;
  tampered[0] ^= 0x01;
  auto report = VerifyCms(Sign(pki().rsa), tampered);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->signers.size(), 1u);
  EXPECT_FALSE(report->signers[0].digest_matches);
  EXPECT_TRUE(report->signers[0].signature_valid);  // the signed attributes are intact
}

TEST_F(CmsTest, DetachedSignatureChecksAgainstTheContentSha256) {
  std::string cms = Sign(pki().rsa);
  auto ok = VerifyCmsWithDigest(cms, Sha256Digest(kData));
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->signers.size(), 1u);
  EXPECT_TRUE(ok->signers[0].digest_matches);
  EXPECT_TRUE(ok->signers[0].signature_valid);
  std::string other = kData;
  other[0] ^= 0x01;
  auto wrong = VerifyCmsWithDigest(cms, Sha256Digest(other));
  ASSERT_TRUE(wrong);
  EXPECT_FALSE(wrong->signers[0].digest_matches);
  EXPECT_TRUE(wrong->signers[0].signature_valid);  // the signed attributes are intact
  auto short_digest = VerifyCmsWithDigest(cms, "0123");
  ASSERT_FALSE(short_digest);
  EXPECT_EQ(short_digest.error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(CmsTest, TamperedSignatureByteBreaksSignature) {
  std::string cms = Sign(pki().rsa);
  // Without unsigned attributes the RSA signature value is the last field of the encoding.
  cms.back() = static_cast<char>(cms.back() ^ 0x01);
  auto report = VerifyCms(cms, kData);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->signers.size(), 1u);
  EXPECT_TRUE(report->signers[0].digest_matches);
  EXPECT_FALSE(report->signers[0].signature_valid);
}

TEST_F(CmsTest, VerifiesSignatureMadeByOpensslCli) {
  ASSERT_EQ(RunShell("openssl cms -sign -binary -outform DER -in " + Quote(Path("data")) +
                     " -signer " + Quote(Path("rsa.pem")) + " -inkey " + Quote(Path("rsa.key")) +
                     " -out " + Quote(Path("by-cli.p7s"))),
            0);
  auto report = VerifyCms(ReadFile(Path("by-cli.p7s")), kData);
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_TRUE(report->detached);
  ASSERT_EQ(report->signers.size(), 1u);
  const auto& s = report->signers[0];
  ASSERT_TRUE(s.certificate.has_value());
  EXPECT_EQ(*s.certificate, pki().rsa.certificate);
  EXPECT_TRUE(s.digest_matches);
  EXPECT_TRUE(s.signature_valid);
  EXPECT_TRUE(s.signing_time.has_value());  // the CLI always adds one
  EXPECT_FALSE(s.has_signing_certificate_v2);
  EXPECT_FALSE(s.signing_certificate_matches);
}

TEST_F(CmsTest, VerifiesAttachedSha1SignatureWithWarning) {
  ASSERT_EQ(RunShell("openssl cms -sign -nodetach -binary -md sha1 -cades -outform DER -in " +
                     Quote(Path("data")) + " -signer " + Quote(Path("rsa.pem")) + " -inkey " +
                     Quote(Path("rsa.key")) + " -out " + Quote(Path("attached.p7s"))),
            0);
  auto report = VerifyCms(ReadFile(Path("attached.p7s")), std::nullopt);
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_FALSE(report->detached);
  ASSERT_EQ(report->signers.size(), 1u);
  const auto& s = report->signers[0];
  EXPECT_EQ(s.digest_algorithm, "SHA-1");
  EXPECT_TRUE(s.digest_matches);
  EXPECT_TRUE(s.signature_valid);
  EXPECT_TRUE(s.has_signing_certificate_v1 || s.has_signing_certificate_v2);
  EXPECT_TRUE(s.signing_certificate_matches);
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_EQ(s.warnings[0], "Thuật toán băm SHA-1 đã lỗi thời.");
}

TEST_F(CmsTest, AcceptsPem) {
  WriteFile(Path("pem.der"), Sign(pki().ec));
  std::string pem =
      RunOutput("openssl cms -cmsout -inform DER -outform PEM -in " + Quote(Path("pem.der")));
  ASSERT_NE(pem.find("-----BEGIN CMS-----"), std::string::npos);
  auto report = VerifyCms(pem, kData);
  ASSERT_TRUE(report) << report.error().message();
  ASSERT_EQ(report->signers.size(), 1u);
  EXPECT_TRUE(report->signers[0].signature_valid);

  // The older "PKCS7" armour of the same DER.
  std::string pkcs7 = pem;
  for (const char* word : {"BEGIN ", "END "}) {
    auto pos = pkcs7.find(std::string(word) + "CMS");
    ASSERT_NE(pos, std::string::npos);
    pkcs7.replace(pos + std::strlen(word), 3, "PKCS7");
  }
  auto old = VerifyCms(pkcs7, kData);
  ASSERT_TRUE(old) << old.error().message();
  EXPECT_TRUE(old->signers[0].signature_valid);
}

TEST_F(CmsTest, RejectsInputThatIsNotCms) {
  auto garbage = VerifyCms("not a signature", kData);
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code(), ErrorCode::kMalformed);
  EXPECT_EQ(garbage.error().message(), "Tệp không phải chữ ký CMS hợp lệ.");
  // Well-formed DER that is not a SignedData.
  auto cert = VerifyCms(pki().rsa.certificate.Der(), kData);
  ASSERT_FALSE(cert);
  EXPECT_EQ(cert.error().code(), ErrorCode::kMalformed);
}

TEST_F(CmsTest, DetachedWithoutContentIsInvalidArgument) {
  auto report = VerifyCms(Sign(pki().rsa), std::nullopt);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(CmsTest, SignedAttributesHaveNoSigningTimeByDefault) {
  std::string printed = SignedAttrs(Print(Sign(pki().rsa), "attrs.der"));
  ASSERT_FALSE(printed.empty());
  EXPECT_EQ(printed.find("1.2.840.113549.1.9.5"), std::string::npos) << printed;
  EXPECT_EQ(printed.find("signingTime"), std::string::npos) << printed;
  EXPECT_NE(printed.find("1.2.840.113549.1.9.16.2.47"), std::string::npos) << printed;
  EXPECT_NE(printed.find("1.2.840.113549.1.9.3"), std::string::npos) << printed;  // contentType
  EXPECT_NE(printed.find("1.2.840.113549.1.9.4"), std::string::npos) << printed;  // messageDigest
  EXPECT_EQ(Count(printed, "object: "), 3) << printed;  // exactly those three, no smimeCapabilities
}

TEST_F(CmsTest, SigningTimeWhenRequested) {
  CmsSignOptions options;
  options.include_signing_time = true;
  options.signing_time = FromUnixSeconds(1790000000);
  std::string cms = Sign(pki().ec, options);
  std::string printed = SignedAttrs(Print(cms, "time.der"));
  EXPECT_NE(printed.find("1.2.840.113549.1.9.5"), std::string::npos) << printed;
  EXPECT_EQ(Count(printed, "object: "), 4) << printed;
  auto report = VerifyCms(cms, kData);
  ASSERT_TRUE(report);
  ASSERT_TRUE(report->signers[0].signing_time.has_value());
  EXPECT_EQ(*report->signers[0].signing_time, FromUnixSeconds(1790000000));
  EXPECT_TRUE(report->signers[0].signature_valid);
  EXPECT_EQ(OpensslVerify(cms, kData, "time"), 0);
}

TEST_F(CmsTest, WithoutSigningCertificateV2) {
  CmsSignOptions options;
  options.signing_certificate_v2 = false;
  std::string cms = Sign(pki().rsa, options);
  EXPECT_EQ(Count(SignedAttrs(Print(cms, "nov2.der")), "object: "), 2);
  auto report = VerifyCms(cms, kData);
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->signers[0].has_signing_certificate_v2);
  EXPECT_FALSE(report->signers[0].signing_certificate_matches);
  EXPECT_TRUE(report->signers[0].signature_valid);
}

// Keys held by a PKCS#11 token (SoftHSM) are opaque EVP_PKEYs: signing must use only EVP calls.
//
// libp11's engine and the SoftHSM module read their configuration once per process, and
// Pkcs11Test owns that configuration in this binary. So the token-side signing runs in a fresh
// copy of this test binary (CmsPkcs11ChildTest below) with its own SOFTHSM2_CONF; this test
// prepares the token and checks what the child signed.
TEST_F(CmsTest, SignsWithPkcs11Key) {
  fs::path dir = Path("p11");
  fs::create_directories(dir / "tokens");
  WriteFile(dir / "softhsm2.conf", "directories.tokendir = " + (dir / "tokens").string() +
                                       "\nobjectstore.backend = file\nlog.level = ERROR\n");
  const std::string env = "SOFTHSM2_CONF=" + Quote(dir / "softhsm2.conf") + " ";
  WriteFile(dir / "ec.key", pki().ec.key.Pem().value());
  WriteFile(dir / "rsa.key", pki().rsa.key.Pem().value());
  // The certificate files hold the chain after the leaf (LoadPkcs11's certificate_pem).
  WriteFile(dir / "rsa.pem", pki().rsa.certificate.Pem() + pki().root.certificate.Pem());
  WriteFile(dir / "ec.pem", pki().ec.certificate.Pem() + pki().root.certificate.Pem());
  ASSERT_EQ(RunShell(env + "softhsm2-util --init-token --free --label cqdt-cms --pin 1234" +
                     " --so-pin 5678"),
            0);
  for (const char* object : {"rsa", "ec"}) {
    ASSERT_EQ(RunShell(env + "softhsm2-util --import " +
                       Quote(dir / (std::string(object) + ".key")) + " --token cqdt-cms --label " +
                       object + " --id " + (object[0] == 'r' ? "01" : "02") + " --pin 1234"),
              0);
  }

  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  ASSERT_FALSE(ec);
  ASSERT_EQ(RunShell(env + "CQDT_CMS_PKCS11_DIR=" + Quote(dir) + " " + Quote(self) +
                     " --gtest_filter=CmsPkcs11ChildTest.SignsInAFreshProcess"),
            0);

  for (const SigningKey* soft : {&pki().rsa, &pki().ec}) {
    std::string object = soft == &pki().rsa ? "rsa" : "ec";
    std::string cms = ReadFile(dir / (object + ".p7s"));
    ASSERT_FALSE(cms.empty()) << object;
    auto report = VerifyCms(cms, kData);
    ASSERT_TRUE(report) << report.error().message();
    ASSERT_EQ(report->signers.size(), 1u);
    ExpectValidSigner(report->signers[0], *soft);
    EXPECT_EQ(report->certificates.size(), 2u);
    EXPECT_EQ(OpensslVerify(cms, kData, "p11-" + object), 0);
  }
}

// The token side of CmsTest.SignsWithPkcs11Key; skipped unless that test started it.
TEST(CmsPkcs11ChildTest, SignsInAFreshProcess) {
  const char* dir_env = getenv("CQDT_CMS_PKCS11_DIR");
  if (dir_env == nullptr) {
    GTEST_SKIP() << "run by CmsTest.SignsWithPkcs11Key";
  }
  fs::path dir(dir_env);
  for (const std::string object : {"rsa", "ec"}) {
    auto key = LoadPkcs11("pkcs11:token=cqdt-cms;object=" + object + ";type=private", "1234",
                          ReadFile(dir / (object + ".pem")));
    ASSERT_TRUE(key) << key.error().message();
    auto cms = SignCms(kData, *key, {});
    ASSERT_TRUE(cms) << cms.error().message();
    WriteFile(dir / (object + ".p7s"), *cms);
  }
}

// Issue 8: a SignedData may carry at most kMaxCmsCertificates certificates.
TEST_F(CmsTest, MoreCertificatesThanTheLimitAreTooLarge) {
  SigningKey key = pki().ec;
  auto sign_with_chain = [&](int extra) {
    key.chain.clear();
    for (int i = 0; i < extra; ++i) {
      key.chain.push_back(
          Issue(CertificateKind::kSeal, KeyAlgorithm::kEc, "CA " + std::to_string(i), &pki().root)
              .certificate);
    }
    return Sign(key);
  };
  // The signer's own certificate is carried too.
  auto at_limit = VerifyCms(sign_with_chain(kMaxCmsCertificates - 1), kData);
  ASSERT_TRUE(at_limit) << at_limit.error().message();
  EXPECT_EQ(at_limit->certificates.size(), static_cast<std::size_t>(kMaxCmsCertificates));
  auto over = VerifyCms(sign_with_chain(kMaxCmsCertificates), kData);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code(), ErrorCode::kTooLarge);
}

// Issue 8: each signer digests the whole content; a SignedData with more than kMaxCmsSigners
// signers is refused before any digest is made.
TEST(CmsLimitsTest, MoreSignersThanTheLimitAreTooLarge) {
  if (RunShell("openssl version") != 0) {
    GTEST_SKIP() << "openssl CLI not installed";
  }
  const fs::path dir = MakeTempDir("cqdt-cms-signers-");
  WriteFile(dir / "in.bin", kData);
  std::string signers;
  auto sign_with = [&](const std::string& name) {
    const std::string out = Quote(dir / name);
    EXPECT_EQ(RunShell("openssl cms -sign -binary -nodetach -outform DER -in " +
                       Quote(dir / "in.bin") + " -out " + out + signers),
              0);
    return ReadFile(dir / name);
  };
  for (int i = 0; i <= kMaxCmsSigners; ++i) {
    if (i == kMaxCmsSigners) {
      auto at_limit = VerifyCms(sign_with("at-limit.p7s"), std::nullopt);
      ASSERT_TRUE(at_limit) << at_limit.error().message();
      EXPECT_EQ(at_limit->signers.size(), static_cast<std::size_t>(kMaxCmsSigners));
    }
    const fs::path key = dir / ("k" + std::to_string(i) + ".pem");
    const fs::path cert = dir / ("c" + std::to_string(i) + ".pem");
    ASSERT_EQ(RunShell("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
                       "-days 30 -subj /CN=signer" +
                       std::to_string(i) + " -keyout " + Quote(key) + " -out " + Quote(cert)),
              0);
    signers += " -signer " + Quote(cert) + " -inkey " + Quote(key);
  }
  auto over = VerifyCms(sign_with("over.p7s"), std::nullopt);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code(), ErrorCode::kTooLarge);
  fs::remove_all(dir);
}

TEST(CmsDigestTest, Sha256DigestIsRaw) {
  std::string d = Sha256Digest("abc");
  ASSERT_EQ(d.size(), 32u);
  EXPECT_EQ(static_cast<unsigned char>(d[0]), 0xba);
  EXPECT_EQ(static_cast<unsigned char>(d[31]), 0xad);
}

// Requests to the test TSA (node spawning `openssl ts`) wait this long: a guard against a hung
// helper, generous enough for ASan on a loaded machine, not a speed limit.
constexpr std::chrono::seconds kLiveTsaTimeout{120};

// A loopback TSA (tests/support/tsa-server.mjs: `openssl ts -reply` behind Node's http server),
// started once for the suite.
class TimestampTest : public ::testing::Test {
 protected:
  struct Tsa {
    fs::path dir;
    FILE* pipe = nullptr;
    pid_t pid = 0;
    std::string url;
    std::string ca_cert;
    std::string tsa_cert;
    std::optional<SigningKey> root;
    std::optional<SigningKey> signer;
  };

  static std::string JsonField(const std::string& json, const std::string& name) {
    std::string key = "\"" + name + "\":";
    auto pos = json.find(key);
    if (pos == std::string::npos) {
      return {};
    }
    pos += key.size();
    if (json[pos] == '"') {
      auto end = json.find('"', pos + 1);
      return json.substr(pos + 1, end - pos - 1);
    }
    auto end = json.find_first_of(",}", pos);
    return json.substr(pos, end - pos);
  }

  static void SetUpTestSuite() {
    tsa_ = new Tsa;
    tsa_->dir = MakeTempDir("cqdt-tsa-");
    // `exec` makes node the child of this process, so the server notices if the test dies.
    std::string command = "exec node " + Quote(RepoRoot() / "tests/support/tsa-server.mjs") +
                          " --port 0 --dir " + Quote(tsa_->dir);
    tsa_->pipe = popen(command.c_str(), "r");
    ASSERT_NE(tsa_->pipe, nullptr);
    char line[4096];
    ASSERT_NE(fgets(line, sizeof(line), tsa_->pipe), nullptr) << "tsa-server.mjs did not start";
    std::string json(line);
    tsa_->url = JsonField(json, "url");
    tsa_->ca_cert = JsonField(json, "caCert");
    tsa_->tsa_cert = JsonField(json, "tsaCert");
    tsa_->pid = static_cast<pid_t>(std::stol(JsonField(json, "pid")));
    ASSERT_EQ(tsa_->url.rfind("http://127.0.0.1:", 0), 0u) << json;
    tsa_->root = Issue(CertificateKind::kRootCa, KeyAlgorithm::kEc, "cqdt test root", nullptr);
    tsa_->signer =
        Issue(CertificateKind::kPersonal, KeyAlgorithm::kRsa, "Trần Thị B", &*tsa_->root);
  }
  static void TearDownTestSuite() {
    if (tsa_->pid > 0) {
      kill(tsa_->pid, SIGTERM);
    }
    if (tsa_->pipe != nullptr) {
      pclose(tsa_->pipe);
    }
    fs::remove_all(tsa_->dir);
    delete tsa_;
    tsa_ = nullptr;
  }

  void SetUp() override {
    if (tsa_->url.empty()) {
      GTEST_FAIL() << "no TSA";
    }
  }

  static const Tsa& tsa() { return *tsa_; }

 private:
  static Tsa* tsa_;
};
TimestampTest::Tsa* TimestampTest::tsa_ = nullptr;

TEST_F(TimestampTest, SignCmsAddsVerifiableSignatureTimestamp) {
  CmsSignOptions options;
  options.timestamp_url = tsa().url;
  options.timeout = kLiveTsaTimeout;
  auto before = std::chrono::system_clock::now();
  auto cms = SignCms(kData, *tsa().signer, options);
  ASSERT_TRUE(cms) << cms.error().message();

  auto report = VerifyCms(*cms, kData);
  ASSERT_TRUE(report) << report.error().message();
  ASSERT_EQ(report->signers.size(), 1u);
  const auto& s = report->signers[0];
  EXPECT_TRUE(s.digest_matches);
  EXPECT_TRUE(s.signature_valid);
  ASSERT_TRUE(s.timestamp.has_value());
  EXPECT_TRUE(s.timestamp->imprint_matches);
  EXPECT_TRUE(s.timestamp->signature_valid);
  ASSERT_TRUE(s.timestamp->tsa_certificate.has_value());
  EXPECT_EQ(s.timestamp->tsa_certificate->SubjectCommonName(), "cqdt test TSA");
  EXPECT_EQ(s.timestamp->certificates.size(), 2u);  // the TSA and its CA (-chain)
  EXPECT_EQ(s.timestamp->policy_oid, "1.2.3.4.1");
  EXPECT_FALSE(s.timestamp->serial_hex.empty());
  EXPECT_GE(s.timestamp->time,
            std::chrono::floor<std::chrono::seconds>(before) - std::chrono::seconds(2));
  EXPECT_LE(s.timestamp->time, std::chrono::system_clock::now() + std::chrono::seconds(2));

  // The unsigned attribute is id-aa-signatureTimeStampToken.
  WriteFile(tsa().dir / "t.p7s", *cms);
  std::string printed =
      RunOutput("openssl cms -cmsout -print -inform DER -in " + Quote(tsa().dir / "t.p7s"));
  EXPECT_NE(printed.find("1.2.840.113549.1.9.16.2.14"), std::string::npos) << printed;
  // Unsigned attributes do not disturb other verifiers.
  WriteFile(tsa().dir / "t.data", kData);
  WriteFile(tsa().dir / "t-root.pem", tsa().root->certificate.Pem());
  EXPECT_EQ(RunShell("openssl cms -verify -binary -inform DER -in " + Quote(tsa().dir / "t.p7s") +
                     " -content " + Quote(tsa().dir / "t.data") + " -CAfile " +
                     Quote(tsa().dir / "t-root.pem") + " -purpose any -out /dev/null"),
            0);
}

TEST_F(TimestampTest, RequestedTokenVerifiesWithOpensslTs) {
  auto token = RequestTimestamp(tsa().url, kData, kLiveTsaTimeout);
  ASSERT_TRUE(token) << token.error().message();
  WriteFile(tsa().dir / "token.der", *token);
  WriteFile(tsa().dir / "stamped", kData);
  EXPECT_EQ(RunShell("openssl ts -verify -token_in -in " + Quote(tsa().dir / "token.der") +
                     " -data " + Quote(tsa().dir / "stamped") + " -CAfile " + Quote(tsa().ca_cert) +
                     " -untrusted " + Quote(tsa().tsa_cert)),
            0);
  // ... and rejects other data, so the check above can fail.
  WriteFile(tsa().dir / "other", kData + "x");
  EXPECT_NE(RunShell("openssl ts -verify -token_in -in " + Quote(tsa().dir / "token.der") +
                     " -data " + Quote(tsa().dir / "other") + " -CAfile " + Quote(tsa().ca_cert) +
                     " -untrusted " + Quote(tsa().tsa_cert)),
            0);

  auto info = VerifyTimestampToken(*token, kData);
  ASSERT_TRUE(info) << info.error().message();
  EXPECT_TRUE(info->imprint_matches);
  EXPECT_TRUE(info->signature_valid);
  auto other = VerifyTimestampToken(*token, kData + "x");
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->imprint_matches);
  EXPECT_TRUE(other->signature_valid);
}

TEST_F(TimestampTest, TamperedTokenSignatureIsInvalid) {
  auto token = RequestTimestamp(tsa().url, kData, kLiveTsaTimeout);
  ASSERT_TRUE(token) << token.error().message();
  // The token's SignerInfo signature value is its last field.
  std::string tampered = *token;
  tampered.back() = static_cast<char>(tampered.back() ^ 0x01);
  auto info = VerifyTimestampToken(tampered, kData);
  ASSERT_TRUE(info) << info.error().message();
  EXPECT_TRUE(info->imprint_matches);
  EXPECT_FALSE(info->signature_valid);
}

TEST_F(TimestampTest, MalformedTokenIsRejected) {
  auto info = VerifyTimestampToken("not a token", kData);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code(), ErrorCode::kMalformed);
}

TEST_F(TimestampTest, UnreachableTsaIsUnavailable) {
  // Port 1 on loopback: nothing listens. (OpenSSL retries a refused connection until the timeout.)
  auto token = RequestTimestamp("http://127.0.0.1:1/", kData, std::chrono::seconds(1));
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(token.error().message(), "Không kết nối được máy chủ cấp dấu thời gian.");

  CmsSignOptions options;
  options.timestamp_url = "http://127.0.0.1:1/";
  options.timeout = std::chrono::seconds(1);
  auto cms = SignCms(kData, *tsa().signer, options);
  ASSERT_FALSE(cms);
  EXPECT_EQ(cms.error().code(), ErrorCode::kUnavailable);
}

TEST_F(TimestampTest, OnlyHttpUrls) {
  auto token = RequestTimestamp("https://127.0.0.1:1/", kData, std::chrono::seconds(2));
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cqdt::crypto
