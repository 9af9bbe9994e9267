// PKCS#11 through SoftHSM2: a real token in a temporary directory, filled with the same tools an
// administrator would use (softhsm2-util, pkcs11-tool).
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/pki.hpp"
#include "crypto/token.hpp"
#include "crypto/x509.hpp"

namespace cqdt::crypto {
namespace {

namespace fs = std::filesystem;

constexpr const char* kModule = "/usr/lib/softhsm/libsofthsm2.so";

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int RunCapturing(const std::string& command, const std::string& output_path) {
  int status = std::system((command + " >" + output_path + " 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool SignAndVerify(const PrivateKey& key, const Certificate& cert, const std::string& data) {
  EVP_MD_CTX* sign = EVP_MD_CTX_new();
  std::size_t len = 0;
  bool ok = EVP_DigestSignInit(sign, nullptr, EVP_sha256(), nullptr, key.native()) == 1 &&
            EVP_DigestSign(sign, nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()),
                           data.size()) == 1;
  std::string sig(len, '\0');
  ok = ok && EVP_DigestSign(sign, reinterpret_cast<unsigned char*>(sig.data()), &len,
                            reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  EVP_MD_CTX_free(sign);
  if (!ok) {
    return false;
  }
  sig.resize(len);
  EVP_MD_CTX* verify = EVP_MD_CTX_new();
  ok = EVP_DigestVerifyInit(verify, nullptr, EVP_sha256(), nullptr,
                            X509_get0_pubkey(cert.native())) == 1 &&
       EVP_DigestVerify(verify, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                        reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  EVP_MD_CTX_free(verify);
  return ok;
}

// Token "cqdt-test-<pid>" holds an RSA seal key+certificate (id 01) and an EC key+certificate
// (id 02); token "cqdt-pin-<pid>" is never logged in with the right PIN, so a wrong PIN is always
// really checked there (libp11 keeps a token's login for the process).
struct Tokens {
  fs::path dir;  // scratch files
  std::string token;
  std::string pin_token;
  SigningKey seal;
  SigningKey seal_ec;
};
Tokens* g_tokens = nullptr;

std::string Scratch(const std::string& name) { return (g_tokens->dir / name).string(); }

// Writes the key (DER PKCS#8) and the certificate (DER) with pkcs11-tool.
void Import(const std::string& token, const SigningKey& key, const std::string& id,
            const std::string& label) {
  WriteFile(Scratch("key.pem"), key.key.Pem().value());
  ASSERT_EQ(RunCapturing("openssl pkey -in " + Scratch("key.pem") + " -outform DER -out " +
                             Scratch("key.der"),
                         Scratch("out.txt")),
            0);
  WriteFile(Scratch("cert.der"), key.certificate.Der());
  const std::string tool = std::string("pkcs11-tool --module ") + kModule + " --token-label " +
                           token + " --login --pin 1234 --id " + id + " --label " + label;
  ASSERT_EQ(RunCapturing(tool + " --write-object " + Scratch("key.der") + " --type privkey",
                         Scratch("out.txt")),
            0)
      << ReadFile(Scratch("out.txt"));
  ASSERT_EQ(RunCapturing(tool + " --write-object " + Scratch("cert.der") + " --type cert",
                         Scratch("out.txt")),
            0)
      << ReadFile(Scratch("out.txt"));
}

void CreateTokens() {
  std::string tmpl = (fs::temp_directory_path() / "cqdt-pkcs11-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  CertificateProfile ca_profile;
  ca_profile.kind = CertificateKind::kRootCa;
  ca_profile.common_name = "CQDT PKCS#11 Test CA";
  ca_profile.algorithm = KeyAlgorithm::kEc;
  auto ca = IssueCertificate(ca_profile, nullptr);
  ASSERT_TRUE(ca);
  CertificateProfile seal_profile;
  seal_profile.kind = CertificateKind::kSeal;
  seal_profile.common_name = "Con dấu Sở Nội vụ";
  seal_profile.algorithm = KeyAlgorithm::kRsa;
  auto seal = IssueCertificate(seal_profile, &ca.value());
  ASSERT_TRUE(seal);
  seal_profile.common_name = "Con dấu EC";
  seal_profile.algorithm = KeyAlgorithm::kEc;
  auto seal_ec = IssueCertificate(seal_profile, &ca.value());
  ASSERT_TRUE(seal_ec);
  // Unique labels: the token directory may be shared with other suites or earlier runs.
  const std::string suffix = "-" + std::to_string(getpid());
  g_tokens =
      new Tokens{tmpl, "cqdt-test" + suffix, "cqdt-pin" + suffix, seal.value(), seal_ec.value()};
  for (const std::string* label : {&g_tokens->token, &g_tokens->pin_token}) {
    ASSERT_EQ(RunCapturing("softhsm2-util --init-token --free --label " + *label +
                               " --pin 1234 --so-pin 5678",
                           Scratch("out.txt")),
              0)
        << ReadFile(Scratch("out.txt"));
  }
  Import(g_tokens->token, g_tokens->seal, "01", "seal");
  Import(g_tokens->token, g_tokens->seal_ec, "02", "seal-ec");
  Import(g_tokens->pin_token, g_tokens->seal, "01", "seal");
}

bool Pkcs11TestsWillRun() {
  const auto* unit = ::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit->total_test_suite_count(); ++i) {
    const auto* suite = unit->GetTestSuite(i);
    const std::string name = suite->name();
    if ((name == "Pkcs11Test" || name == "TokenModuleTest") && suite->test_to_run_count() > 0) {
      return true;
    }
  }
  return false;
}

// SoftHSM reads SOFTHSM2_CONF once per process, when the PKCS#11 module is first initialised, and
// sees only the tokens that exist then; other suites of this binary (CMS) use tokens too. So the
// configuration, and this file's tokens when its tests are selected, are made before any suite
// runs and kept until the end. A SOFTHSM2_CONF from the environment is respected.
class SoftHsmEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    if (access(kModule, R_OK) != 0) {
      return;
    }
    if (getenv("SOFTHSM2_CONF") == nullptr) {
      std::string tmpl = (fs::temp_directory_path() / "cqdt-softhsm-XXXXXX").string();
      if (mkdtemp(tmpl.data()) == nullptr) {
        return;
      }
      conf_dir_ = tmpl;
      fs::create_directories(conf_dir_ / "tokens");
      WriteFile((conf_dir_ / "softhsm2.conf").string(),
                "directories.tokendir = " + (conf_dir_ / "tokens").string() +
                    "\nobjectstore.backend = file\nlog.level = ERROR\n");
      setenv("SOFTHSM2_CONF", (conf_dir_ / "softhsm2.conf").c_str(), 1);
    }
    if (Pkcs11TestsWillRun()) {
      CreateTokens();
    }
  }
  void TearDown() override {
    std::error_code ec;
    if (g_tokens != nullptr) {
      for (const std::string* label : {&g_tokens->token, &g_tokens->pin_token}) {
        RunCapturing("softhsm2-util --delete-token --token " + *label, Scratch("out.txt"));
      }
      fs::remove_all(g_tokens->dir, ec);
      delete g_tokens;
      g_tokens = nullptr;
    }
    if (!conf_dir_.empty()) {
      unsetenv("SOFTHSM2_CONF");
      fs::remove_all(conf_dir_, ec);
    }
  }

 private:
  fs::path conf_dir_;
};

[[maybe_unused]] ::testing::Environment* const kSoftHsmEnvironment =
    ::testing::AddGlobalTestEnvironment(new SoftHsmEnvironment);

class Pkcs11Test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (g_tokens == nullptr) {
      GTEST_SKIP() << "SoftHSM2 is not installed";
    }
  }
  static std::string Uri(const std::string& token, const std::string& rest) {
    return "pkcs11:token=" + token + ";" + rest;
  }
};

TEST_F(Pkcs11Test, WrongPinIsBadSignature) {
  for (const char* pin : {"0000", ""}) {
    auto loaded = LoadPkcs11(Uri(g_tokens->pin_token, "object=seal;type=private"), pin);
    ASSERT_FALSE(loaded) << pin;
    EXPECT_EQ(loaded.error().code(), ErrorCode::kBadSignature) << loaded.error().message();
  }
}

TEST_F(Pkcs11Test, LoadsKeyAndCertificateFromTokenAndSigns) {
  auto loaded = LoadPkcs11(Uri(g_tokens->token, "object=seal;type=private"), "1234");
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->certificate, g_tokens->seal.certificate);
  EXPECT_TRUE(loaded->chain.empty());
  EXPECT_EQ(loaded->key.algorithm(), KeyAlgorithm::kRsa);
  EXPECT_TRUE(loaded->key.Matches(g_tokens->seal.certificate));
  EXPECT_TRUE(SignAndVerify(loaded->key, loaded->certificate, "Quyết định số 12/QĐ-UBND"));
  // The private half never leaves the token.
  EXPECT_FALSE(loaded->key.Pem());
}

TEST_F(Pkcs11Test, LoadsEcKeyById) {
  auto loaded = LoadPkcs11(Uri(g_tokens->token, "id=%02;type=private"), "1234");
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->certificate, g_tokens->seal_ec.certificate);
  EXPECT_EQ(loaded->key.algorithm(), KeyAlgorithm::kEc);
  EXPECT_TRUE(SignAndVerify(loaded->key, loaded->certificate, "dữ liệu"));
}

TEST_F(Pkcs11Test, UsesTheGivenCertificateChain) {
  std::string pem = g_tokens->seal.certificate.Pem() + g_tokens->seal.chain.at(0).Pem();
  auto loaded = LoadPkcs11(Uri(g_tokens->token, "object=seal;type=private"), "1234", pem);
  ASSERT_TRUE(loaded) << loaded.error().message();
  ASSERT_EQ(loaded->chain.size(), 1u);
  EXPECT_EQ(loaded->chain[0], g_tokens->seal.chain[0]);

  auto mismatch = LoadPkcs11(Uri(g_tokens->token, "object=seal;type=private"), "1234",
                             g_tokens->seal_ec.certificate.Pem());
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(Pkcs11Test, LoadSigningKeyDispatchesPkcs11Uris) {
  auto loaded = LoadSigningKey(Uri(g_tokens->token, "object=seal;type=private"), "1234");
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(loaded->certificate, g_tokens->seal.certificate);
}

TEST_F(Pkcs11Test, UnknownObjectIsNotFoundAndPinStaysOutOfTheMessage) {
  auto loaded = LoadPkcs11(Uri(g_tokens->token, "object=nothing;type=private?pin-value=1234"), "");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code(), ErrorCode::kNotFound);
  // The token's label holds the test's pid ("cqdt-test-12348" happens), so look for the PIN
  // as the URI carried it, not for its digits anywhere.
  EXPECT_EQ(loaded.error().message().find("pin-value"), std::string::npos)
      << loaded.error().message();
  EXPECT_EQ(loaded.error().message().find("=1234"), std::string::npos) << loaded.error().message();

  auto not_uri = LoadPkcs11("/etc/passwd", "1234");
  ASSERT_FALSE(not_uri);
  EXPECT_EQ(not_uri.error().code(), ErrorCode::kMalformed);
}

// The signing agent's path: libp11's PKCS11_* API with a login per use.
class TokenModuleTest : public Pkcs11Test {
 protected:
  void SetUp() override {
    Pkcs11Test::SetUp();
    if (IsSkipped()) {
      return;
    }
    auto module = TokenModule::Load(kModule);
    ASSERT_TRUE(module) << module.error().message();
    module_ = std::move(*module);
  }
  // The certificates of `token` (others may be present in a shared token directory).
  std::vector<TokenCertificate> On(const std::string& token) {
    auto all = module_->Certificates();
    EXPECT_TRUE(all) << all.error().message();
    std::vector<TokenCertificate> out;
    if (!all) {
      return out;
    }
    for (auto& c : *all) {
      if (c.token_label == token) {
        out.push_back(c);
      }
    }
    return out;
  }
  std::unique_ptr<TokenModule> module_;
};

TEST_F(TokenModuleTest, ListsCertificatesWithTheirKeys) {
  const auto certs = On(g_tokens->token);
  ASSERT_EQ(certs.size(), 2u);
  bool rsa = false, ec = false;
  for (const auto& c : certs) {
    rsa = rsa || c.certificate == g_tokens->seal.certificate;
    ec = ec || c.certificate == g_tokens->seal_ec.certificate;
    EXPECT_FALSE(c.pin_pad);
    EXPECT_NE(c.id.find('/'), std::string::npos);
  }
  EXPECT_TRUE(rsa && ec);
}

TEST_F(TokenModuleTest, SignsDigestsAfterALoginAndLogsOut) {
  const std::string d1(32, '\x11'), d2(32, '\x22');
  for (const auto& c : On(g_tokens->token)) {
    auto sigs = module_->SignDigests(c.id, "1234", {d1, d2});
    ASSERT_TRUE(sigs) << sigs.error().message();
    ASSERT_EQ(sigs->size(), 2u);
    EXPECT_TRUE(VerifyDigestSignature(c.certificate, d1, (*sigs)[0]));
    EXPECT_TRUE(VerifyDigestSignature(c.certificate, d2, (*sigs)[1]));
    EXPECT_FALSE(VerifyDigestSignature(c.certificate, d2, (*sigs)[0]));
  }
}

TEST_F(TokenModuleTest, EveryUseChecksThePinAgain) {
  const auto certs = On(g_tokens->pin_token);
  ASSERT_EQ(certs.size(), 1u);
  const std::string digest(32, '\x33');
  ASSERT_TRUE(module_->SignDigests(certs[0].id, "1234", {digest}));
  // Logged out after the first use: a wrong PIN now is refused, not waved through.
  auto wrong = module_->SignDigests(certs[0].id, "0000", {digest});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), ErrorCode::kBadSignature);
  auto unknown = module_->SignDigests("nothing/00", "1234", {digest});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cqdt::crypto
