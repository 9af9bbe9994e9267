#include "crypto/x509.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/crypto.hpp"
#include "crypto/pki.hpp"
#include "crypto/test_files.hpp"

namespace cqdt::crypto {
namespace {

namespace fs = std::filesystem;

using testing::ReadFile;
using testing::WriteFile;

// A scratch directory for the openssl CLI, removed at the end of the test.
class TempDir : public testing::TempDir {
 public:
  TempDir() : testing::TempDir("cqdt-x509-") {}
};

// Runs a shell command; returns its exit status (0 = success).
int RunQuiet(const std::string& command) {
  int status = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A small CA and a personal certificate issued by it (EC keys: fast).
struct Fixture {
  SigningKey root;
  SigningKey leaf;
};

const Fixture& Certs() {
  static const Fixture fixture = [] {
    CertificateProfile root_profile;
    root_profile.kind = CertificateKind::kRootCa;
    root_profile.common_name = "CQDT Test Root";
    root_profile.organization = "DEMO - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ";
    root_profile.algorithm = KeyAlgorithm::kEc;
    auto root = IssueCertificate(root_profile, nullptr);
    CertificateProfile leaf_profile;
    leaf_profile.kind = CertificateKind::kPersonal;
    leaf_profile.common_name = "Nguyễn Văn A";
    leaf_profile.organization = "Sở Nội vụ";
    leaf_profile.algorithm = KeyAlgorithm::kEc;
    auto leaf = IssueCertificate(leaf_profile, &root.value());
    return Fixture{root.value(), leaf.value()};
  }();
  return fixture;
}

TEST(X509Test, ParsesPemAndDerOfTheSameCertificate) {
  const Certificate& cert = Certs().leaf.certificate;
  auto from_pem = Certificate::Parse(cert.Pem());
  auto from_der = Certificate::Parse(cert.Der());
  ASSERT_TRUE(from_pem) << from_pem.error().message();
  ASSERT_TRUE(from_der) << from_der.error().message();
  EXPECT_EQ(*from_pem, cert);
  EXPECT_EQ(*from_der, cert);
  EXPECT_FALSE(*from_der == Certs().root.certificate);
  EXPECT_EQ(cert.FingerprintSha256(), Sha256Hex(cert.Der()));
  EXPECT_EQ(cert.Pem().rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
}

TEST(X509Test, ParseAllReadsABundleInOrder) {
  std::string bundle =
      "leading text\n" + Certs().leaf.certificate.Pem() + Certs().root.certificate.Pem();
  auto all = Certificate::ParseAll(bundle);
  ASSERT_TRUE(all) << all.error().message();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0], Certs().leaf.certificate);
  EXPECT_EQ((*all)[1], Certs().root.certificate);

  auto single = Certificate::ParseAll(Certs().root.certificate.Der());
  ASSERT_TRUE(single);
  EXPECT_EQ(single->size(), 1u);
}

TEST(X509Test, AParseOfTheSameBytesIsKeptAndShared) {
  // The same certificate comes with every package: its parse is kept (OpenSSL 3's key decoding
  // is the costly part), and a different encoding of it is a parse of its own.
  const std::string der = Certs().leaf.certificate.Der();
  auto first = Certificate::Parse(der);
  auto again = Certificate::Parse(der);
  ASSERT_TRUE(first && again);
  EXPECT_EQ(first->native(), again->native());
  auto from_pem = Certificate::Parse(Certs().leaf.certificate.Pem());
  ASSERT_TRUE(from_pem);
  EXPECT_EQ(*from_pem, *first);
  EXPECT_NE(from_pem->native(), first->native());
}

TEST(X509Test, RejectsMalformedInput) {
  std::string der = Certs().leaf.certificate.Der();
  const std::string inputs[] = {
      "",
      "not a certificate",
      "-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----\n",
      der.substr(0, der.size() - 10),  // truncated
      der + "trailing",                // trailing bytes after the DER
  };
  for (const auto& input : inputs) {
    auto parsed = Certificate::Parse(input);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code(), ErrorCode::kMalformed);
    auto all = Certificate::ParseAll(input);
    ASSERT_FALSE(all);
    EXPECT_EQ(all.error().code(), ErrorCode::kMalformed);
  }
}

TEST(X509Test, ReadsVietnameseNamesWrittenByOpenSslCli) {
  TempDir dir;
  // The openssl command line is an independent writer of UTF-8 names.
  ASSERT_EQ(RunQuiet("openssl req -x509 -utf8 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
                     "-keyout " +
                     dir.Path("key.pem") + " -out " + dir.Path("cert.pem") +
                     " -days 30 -subj '/C=VN/O=Sở Nội vụ/CN=Nguyễn Văn A'"),
            0);
  auto cert = Certificate::Parse(ReadFile(dir.Path("cert.pem")));
  ASSERT_TRUE(cert) << cert.error().message();
  EXPECT_EQ(cert->SubjectDn(), "CN=Nguyễn Văn A,O=Sở Nội vụ,C=VN");
  EXPECT_EQ(cert->IssuerDn(), cert->SubjectDn());
  EXPECT_EQ(cert->SubjectCommonName(), "Nguyễn Văn A");
  EXPECT_EQ(cert->SubjectOrganization(), "Sở Nội vụ");
  EXPECT_EQ(cert->IssuerCommonName(), "Nguyễn Văn A");
  EXPECT_TRUE(cert->IsSelfIssued());
  EXPECT_TRUE(cert->IsIssuedBy(*cert));
  EXPECT_EQ(cert->key_algorithm(), KeyAlgorithm::kEc);
  EXPECT_EQ(cert->key_bits(), 256);
  auto days = std::chrono::duration_cast<std::chrono::hours>(cert->NotAfter() - cert->NotBefore());
  EXPECT_EQ(days.count(), 30 * 24);

  auto key = PrivateKey::ParsePem(ReadFile(dir.Path("key.pem")));
  ASSERT_TRUE(key) << key.error().message();
  EXPECT_TRUE(key->Matches(*cert));
  EXPECT_FALSE(key->Matches(Certs().leaf.certificate));
}

// RFC 5280 gives a certificate with no well-defined expiry the notAfter 99991231235959Z; a
// TimePoint holds only 1677 to 2262. Converting such a time overflowed (UBSan; found by fuzzing
// the public verification route, a certificate in a signed edXML with a notAfter in 1126): it
// is clamped to the nearer end, so a certificate that never expires stays valid at any now.
TEST(X509Test, ValidityBeyondWhatATimePointHoldsIsClampedInOrder) {
  const auto make = [](const char* not_before, const char* not_after) {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>("Không hết hạn"), -1, -1, 0);
    X509_set_issuer_name(x, X509_get_subject_name(x));
    EXPECT_EQ(ASN1_TIME_set_string(X509_getm_notBefore(x), not_before), 1);
    EXPECT_EQ(ASN1_TIME_set_string(X509_getm_notAfter(x), not_after), 1);
    X509_set_pubkey(x, key);
    X509_sign(x, key, EVP_sha256());
    unsigned char* der = nullptr;
    const int n = i2d_X509(x, &der);
    std::string bytes(reinterpret_cast<const char*>(der), n > 0 ? n : 0);
    OPENSSL_free(der);
    X509_free(x);
    EVP_PKEY_free(key);
    return Certificate::Parse(bytes);
  };
  constexpr std::int64_t kMaxSeconds =
      std::chrono::duration_cast<std::chrono::seconds>(TimePoint::duration::max()).count();

  auto forever = make("16000101000000Z", "99991231235959Z");
  ASSERT_TRUE(forever) << forever.error().message();
  EXPECT_EQ(ToUnixSeconds(forever->NotAfter()), kMaxSeconds);
  EXPECT_EQ(ToIsoUtc(forever->NotAfter()), "2262-04-11T23:47:16Z");
  EXPECT_EQ(ToUnixSeconds(forever->NotBefore()), -kMaxSeconds);
  const TimePoint now = SystemClock().Now();
  EXPECT_LT(forever->NotBefore(), now);
  EXPECT_GT(forever->NotAfter(), now);

  // The fuzzer's certificate: both ends in the past, before 1677; it stays expired.
  auto ancient = make("11250101000000Z", "11260101000000Z");
  ASSERT_TRUE(ancient) << ancient.error().message();
  EXPECT_EQ(ToUnixSeconds(ancient->NotAfter()), -kMaxSeconds);
  EXPECT_LT(ancient->NotAfter(), now);

  // Within the range nothing changes (GeneralizedTime from 2050 on).
  auto late = make("20260101000000Z", "20991231235959Z");
  ASSERT_TRUE(late) << late.error().message();
  EXPECT_EQ(ToIsoUtc(late->NotBefore()), "2026-01-01T00:00:00Z");
  EXPECT_EQ(ToIsoUtc(late->NotAfter()), "2099-12-31T23:59:59Z");
}

TEST(X509Test, SerialIsUpperCaseHexAsOpenSslPrintsIt) {
  TempDir dir;
  const Certificate& cert = Certs().leaf.certificate;
  WriteFile(dir.Path("cert.pem"), cert.Pem());
  ASSERT_EQ(std::system(("openssl x509 -in " + dir.Path("cert.pem") + " -noout -serial > " +
                         dir.Path("serial.txt"))
                            .c_str()),
            0);
  EXPECT_EQ(ReadFile(dir.Path("serial.txt")), "serial=" + cert.SerialHex() + "\n");
}

TEST(X509Test, GeneratesRsaAndEcKeys) {
  PrivateKey ec = PrivateKey::Generate(KeyAlgorithm::kEc);
  EXPECT_EQ(ec.algorithm(), KeyAlgorithm::kEc);
  EXPECT_EQ(ec.bits(), 256);
  PrivateKey rsa = PrivateKey::Generate(KeyAlgorithm::kRsa, 2048);
  EXPECT_EQ(rsa.algorithm(), KeyAlgorithm::kRsa);
  EXPECT_EQ(rsa.bits(), 2048);
  EXPECT_THROW(PrivateKey::Generate(KeyAlgorithm::kOther), std::invalid_argument);

  auto pem = rsa.Pem();
  ASSERT_TRUE(pem);
  EXPECT_EQ(pem->rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);  // PKCS#8
  auto back = PrivateKey::ParsePem(*pem);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->bits(), 2048);
}

TEST(X509Test, ParsesEncryptedPemWithPassword) {
  TempDir dir;
  WriteFile(dir.Path("key.pem"), Certs().leaf.key.Pem().value());
  ASSERT_EQ(RunQuiet("openssl pkey -in " + dir.Path("key.pem") +
                     " -aes256 -passout pass:bí-mật -out " + dir.Path("enc.pem")),
            0);
  std::string encrypted = ReadFile(dir.Path("enc.pem"));
  auto key = PrivateKey::ParsePem(encrypted, "bí-mật");
  ASSERT_TRUE(key) << key.error().message();
  EXPECT_TRUE(key->Matches(Certs().leaf.certificate));

  auto wrong = PrivateKey::ParsePem(encrypted, "sai");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), ErrorCode::kBadSignature);
  // No password for an encrypted key: an error, and above all no prompt on the terminal.
  auto none = PrivateKey::ParsePem(encrypted);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), ErrorCode::kBadSignature);

  auto junk =
      PrivateKey::ParsePem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  ASSERT_FALSE(junk);
  EXPECT_EQ(junk.error().code(), ErrorCode::kMalformed);
}

TEST(X509Test, Pkcs12RoundTripWithPassword) {
  TempDir dir;
  auto p12 = MakePkcs12(Certs().leaf, "mật khẩu 123", "Nguyễn Văn A");
  ASSERT_TRUE(p12) << p12.error().message();
  auto loaded = LoadPkcs12(*p12, "mật khẩu 123");
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->certificate, Certs().leaf.certificate);
  EXPECT_TRUE(loaded->key.Matches(Certs().leaf.certificate));
  ASSERT_EQ(loaded->chain.size(), 1u);
  EXPECT_EQ(loaded->chain[0], Certs().root.certificate);

  // The openssl command line reads it, and it uses AES-256-CBC with PBKDF2.
  WriteFile(dir.Path("a.p12"), *p12);
  WriteFile(dir.Path("pass.txt"), "mật khẩu 123");
  ASSERT_EQ(std::system(("openssl pkcs12 -in " + dir.Path("a.p12") +
                         " -passin file:" + dir.Path("pass.txt") + " -info -nokeys -noout > " +
                         dir.Path("info.txt") + " 2>&1")
                            .c_str()),
            0);
  std::string info = ReadFile(dir.Path("info.txt"));
  EXPECT_NE(info.find("PBKDF2"), std::string::npos) << info;
  EXPECT_NE(info.find("AES-256-CBC"), std::string::npos) << info;
}

TEST(X509Test, Pkcs12RoundTripWithEmptyPassword) {
  auto p12 = MakePkcs12(Certs().leaf, "", "");
  ASSERT_TRUE(p12) << p12.error().message();
  auto loaded = LoadPkcs12(*p12, "");
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->certificate, Certs().leaf.certificate);

  // Written by the openssl command line with an empty password too.
  TempDir dir;
  WriteFile(dir.Path("key.pem"), Certs().leaf.key.Pem().value());
  WriteFile(dir.Path("cert.pem"), Certs().leaf.certificate.Pem());
  ASSERT_EQ(RunQuiet("openssl pkcs12 -export -inkey " + dir.Path("key.pem") + " -in " +
                     dir.Path("cert.pem") + " -passout pass: -out " + dir.Path("cli.p12")),
            0);
  auto cli = LoadPkcs12(ReadFile(dir.Path("cli.p12")), "");
  ASSERT_TRUE(cli) << cli.error().message();
  EXPECT_EQ(cli->certificate, Certs().leaf.certificate);
}

TEST(X509Test, Pkcs12WrongPasswordIsBadSignature) {
  auto p12 = MakePkcs12(Certs().leaf, "đúng", "x");
  ASSERT_TRUE(p12);
  for (const char* wrong : {"sai", ""}) {
    auto loaded = LoadPkcs12(*p12, wrong);
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code(), ErrorCode::kBadSignature);
    EXPECT_EQ(loaded.error().message(), "Sai mật khẩu của khóa chữ ký số.");
  }
  auto junk = LoadPkcs12("definitely not DER", "x");
  ASSERT_FALSE(junk);
  EXPECT_EQ(junk.error().code(), ErrorCode::kMalformed);
}

TEST(X509Test, LoadSigningKeyFromPemKeyAndCertificate) {
  TempDir dir;
  WriteFile(dir.Path("key.pem"), Certs().leaf.key.Pem().value());
  WriteFile(dir.Path("chain.pem"), Certs().leaf.certificate.Pem() + Certs().root.certificate.Pem());
  auto loaded = LoadSigningKey(dir.Path("key.pem"), "", dir.Path("chain.pem"));
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->certificate, Certs().leaf.certificate);
  ASSERT_EQ(loaded->chain.size(), 1u);
  EXPECT_EQ(loaded->chain[0], Certs().root.certificate);

  // A key with somebody else's certificate.
  WriteFile(dir.Path("root.pem"), Certs().root.certificate.Pem());
  auto mismatch = LoadSigningKey(dir.Path("key.pem"), "", dir.Path("root.pem"));
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().code(), ErrorCode::kInvalidArgument);

  auto no_cert = LoadSigningKey(dir.Path("key.pem"), "");
  ASSERT_FALSE(no_cert);
  EXPECT_EQ(no_cert.error().code(), ErrorCode::kInvalidArgument);

  auto missing = LoadSigningKey(dir.Path("nothing.pem"), "", dir.Path("chain.pem"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

TEST(X509Test, LoadSigningKeyFromPkcs12File) {
  TempDir dir;
  WriteFile(dir.Path("seal.p12"), MakePkcs12(Certs().leaf, "1234", "seal").value());
  auto loaded = LoadSigningKey(dir.Path("seal.p12"), "1234");
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->certificate, Certs().leaf.certificate);
  auto wrong = LoadSigningKey(dir.Path("seal.p12"), "4321");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), ErrorCode::kBadSignature);
}

}  // namespace
}  // namespace cqdt::crypto
