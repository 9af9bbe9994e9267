#include "signing/key_ring.hpp"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "crypto/pki.hpp"
#include "crypto/test_pki.hpp"

namespace cqdt::signing {
namespace {

namespace fs = std::filesystem;

void WriteFile(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

crypto::SigningKey Issue(crypto::CertificateKind kind, const std::string& cn,
                         const crypto::SigningKey* issuer) {
  return crypto::testing::IssueTestCertificate(kind, cn, issuer);
}

std::set<std::string> Fields(const Error& e) {
  std::set<std::string> out;
  for (const auto& f : e.fields()) {
    out.insert(f.field);
  }
  return out;
}

// A temp directory with a seal PKCS#12 (empty password), a personal PKCS#12 (password
// "mat-khau-ca-nhan", typed on every use) and a seal PKCS#12 whose password is in the environment.
class KeyRingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto root = Issue(crypto::CertificateKind::kRootCa, "cqdt Test Root CA", nullptr);
    seal_ = new crypto::SigningKey(Issue(crypto::CertificateKind::kSeal, "Sở Nội vụ", &root));
    personal_ =
        new crypto::SigningKey(Issue(crypto::CertificateKind::kPersonal, "Nguyễn Văn Á", &root));
  }
  static void TearDownTestSuite() {
    delete seal_;
    delete personal_;
    seal_ = personal_ = nullptr;
  }

  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "cqdt-keyring-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    fs::create_directories(dir_ / "keys");
    WriteFile(dir_ / "keys" / "seal.p12", crypto::MakePkcs12(*seal_, "", "seal").value());
    WriteFile(dir_ / "keys" / "personal.p12",
              crypto::MakePkcs12(*personal_, "mat-khau-ca-nhan", "personal").value());
    WriteFile(dir_ / "keys" / "seal-env.p12",
              crypto::MakePkcs12(*seal_, "pin-tu-moi-truong", "seal").value());
    WriteFile(dir_ / "seal.png", "\x89PNG\r\n\x1a\nnot really");
    unsetenv("CQDT_TEST_SEAL_PIN");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    unsetenv("CQDT_TEST_SEAL_PIN");
  }

  std::string Write(const std::string& toml) {
    auto path = dir_ / "keys.toml";
    WriteFile(path, toml);
    return path.string();
  }

  std::unique_ptr<KeyRing> LoadValid() {
    auto ring = KeyRing::LoadFile(Write(R"(
[[key]]
id = "seal-h01"
kind = "seal"
owner = "000.00.01.H01"
source = "keys/seal.p12"
image = "seal.png"
demo = true

[[key]]
id = "lanhdao"
kind = "personal"
owner = "lanhdao"
source = "keys/personal.p12"
ask_secret = true

[[key]]
id = "seal-env"
kind = "seal"
owner = "000.00.02.H01"
source = "keys/seal-env.p12"
secret_env = "CQDT_TEST_SEAL_PIN"
)"));
    EXPECT_TRUE(ring) << ring.error().message();
    return ring ? std::move(*ring) : std::make_unique<KeyRing>();
  }

  static crypto::SigningKey* seal_;
  static crypto::SigningKey* personal_;
  fs::path dir_;
};

crypto::SigningKey* KeyRingTest::seal_ = nullptr;
crypto::SigningKey* KeyRingTest::personal_ = nullptr;

TEST_F(KeyRingTest, LoadsEntriesAndResolvesPathsAgainstTheFile) {
  auto ring = LoadValid();
  ASSERT_EQ(ring->entries().size(), 3u);
  const KeyEntry* seal = ring->Find("seal-h01");
  ASSERT_NE(seal, nullptr);
  EXPECT_EQ(seal->kind, KeyKind::kSeal);
  EXPECT_EQ(seal->owner, "000.00.01.H01");
  EXPECT_EQ(seal->source, (dir_ / "keys" / "seal.p12").lexically_normal().string());
  EXPECT_EQ(seal->image_path, (dir_ / "seal.png").lexically_normal().string());
  EXPECT_TRUE(seal->demo);
  EXPECT_FALSE(seal->ask_secret);
  const KeyEntry* personal = ring->Find("lanhdao");
  ASSERT_NE(personal, nullptr);
  EXPECT_EQ(personal->kind, KeyKind::kPersonal);
  EXPECT_TRUE(personal->ask_secret);
  EXPECT_TRUE(personal->image_path.empty());
  EXPECT_FALSE(personal->demo);
  EXPECT_EQ(ring->Find("seal-env")->secret_env, "CQDT_TEST_SEAL_PIN");
  EXPECT_EQ(ring->Find("khong-co"), nullptr);
  EXPECT_EQ(ToString(KeyKind::kSeal), "seal");
  EXPECT_EQ(ToString(KeyKind::kPersonal), "personal");
}

TEST_F(KeyRingTest, AbsolutePathsAndPkcs11UrisAreKeptAsWritten) {
  std::string abs = (dir_ / "keys" / "seal.p12").string();
  auto ring =
      KeyRing::LoadFile(Write("[[key]]\nid = \"a\"\nkind = \"seal\"\nowner = \"X\"\n"
                              "source = \"" +
                              abs +
                              "\"\n"
                              "[[key]]\nid = \"b\"\nkind = \"seal\"\nowner = \"X\"\n"
                              "source = \"pkcs11:token=cqdt;object=seal\"\n"));
  ASSERT_TRUE(ring) << ring.error().message();
  EXPECT_EQ((*ring)->Find("a")->source, abs);
  EXPECT_EQ((*ring)->Find("b")->source, "pkcs11:token=cqdt;object=seal");
}

TEST_F(KeyRingTest, MissingFileIsAnEmptyRing) {
  auto ring = KeyRing::LoadFile((dir_ / "khong-co.toml").string());
  ASSERT_TRUE(ring) << ring.error().message();
  EXPECT_TRUE((*ring)->entries().empty());
  auto unset = KeyRing::LoadFile("");
  ASSERT_TRUE(unset);
  EXPECT_TRUE((*unset)->entries().empty());
}

TEST_F(KeyRingTest, BadEntriesAreNamedByIndexAndMember) {
  auto ring = KeyRing::LoadFile(Write(R"(
[[key]]
id = "ok"
kind = "seal"
owner = "000.00.01.H01"
source = "keys/seal.p12"

[[key]]
id = "Co Dau"
kind = "stamp"
)"));
  ASSERT_FALSE(ring);
  EXPECT_EQ(ring.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(Fields(ring.error()),
            (std::set<std::string>{"key[1].id", "key[1].kind", "key[1].owner", "key[1].source"}));
}

TEST_F(KeyRingTest, UnknownMembersAreRejected) {
  auto ring = KeyRing::LoadFile(Write(R"(
[signing]
x = 1

[[key]]
id = "seal-h01"
kind = "seal"
owner = "000.00.01.H01"
source = "keys/seal.p12"
pin = "1234"
)"));
  ASSERT_FALSE(ring);
  EXPECT_EQ(ring.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(Fields(ring.error()), (std::set<std::string>{"signing", "key[0].pin"}));
}

TEST_F(KeyRingTest, DuplicateIdsAreRejected) {
  auto ring = KeyRing::LoadFile(Write(R"(
[[key]]
id = "seal-h01"
kind = "seal"
owner = "000.00.01.H01"
source = "keys/seal.p12"

[[key]]
id = "seal-h01"
kind = "seal"
owner = "000.00.02.H01"
source = "keys/seal-env.p12"
)"));
  ASSERT_FALSE(ring);
  ASSERT_EQ(ring.error().fields().size(), 1u);
  EXPECT_EQ(ring.error().fields()[0].field, "key[1].id");
  EXPECT_EQ(ring.error().fields()[0].code, "duplicate");
}

TEST_F(KeyRingTest, TokenKeysCannotAskForThePinPerUse) {
  auto ring = KeyRing::LoadFile(Write(R"(
[[key]]
id = "hsm"
kind = "seal"
owner = "000.00.01.H01"
source = "pkcs11:token=cqdt;object=seal"
ask_secret = true
)"));
  ASSERT_FALSE(ring);
  EXPECT_EQ(Fields(ring.error()), (std::set<std::string>{"key[0].ask_secret"}));
}

TEST_F(KeyRingTest, BadTomlIsMalformed) {
  auto ring = KeyRing::LoadFile(Write("[[key]]\nid = \"a\nkind = seal\n"));
  ASSERT_FALSE(ring);
  EXPECT_EQ(ring.error().code(), ErrorCode::kMalformed);
}

TEST_F(KeyRingTest, UnlockChecksTheTypedSecret) {
  auto ring = LoadValid();
  const KeyEntry& entry = *ring->Find("lanhdao");
  auto wrong = ring->Unlock(entry, "sai-mat-khau");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), ErrorCode::kBadSignature);
  auto right = ring->Unlock(entry, "mat-khau-ca-nhan");
  ASSERT_TRUE(right) << right.error().message();
  EXPECT_EQ(right->certificate.SubjectCommonName(), "Nguyễn Văn Á");
  EXPECT_TRUE(right->key.Matches(right->certificate));
  ASSERT_EQ(right->chain.size(), 1u);
  EXPECT_EQ(right->chain[0].SubjectCommonName(), "cqdt Test Root CA");
  // Typed secrets are checked on every use: a right one before does not open it now.
  auto again = ring->Unlock(entry, "sai-mat-khau");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kBadSignature);
}

TEST_F(KeyRingTest, ServerHeldKeyReadsItsSecretFromTheEnvironment) {
  auto ring = LoadValid();
  const KeyEntry& entry = *ring->Find("seal-env");
  auto without = ring->Unlock(entry, "");
  ASSERT_FALSE(without);
  EXPECT_EQ(without.error().code(), ErrorCode::kBadSignature);
  ASSERT_EQ(setenv("CQDT_TEST_SEAL_PIN", "pin-tu-moi-truong", 1), 0);
  // A typed secret is ignored for a server-held key.
  auto with = ring->Unlock(entry, "bo-qua");
  ASSERT_TRUE(with) << with.error().message();
  EXPECT_EQ(with->certificate.SubjectCommonName(), "Sở Nội vụ");
}

TEST_F(KeyRingTest, ServerHeldKeysAreCachedOnceUnlocked) {
  auto ring = LoadValid();
  const KeyEntry& seal = *ring->Find("seal-h01");
  ASSERT_TRUE(ring->Unlock(seal, ""));
  fs::remove(seal.source);
  auto cached = ring->Unlock(seal, "");
  ASSERT_TRUE(cached) << cached.error().message();
  EXPECT_EQ(cached->certificate.SubjectCommonName(), "Sở Nội vụ");
  // Keys whose owner types the secret are not cached: without the file they are gone.
  const KeyEntry& personal = *ring->Find("lanhdao");
  ASSERT_TRUE(ring->Unlock(personal, "mat-khau-ca-nhan"));
  fs::remove(personal.source);
  auto gone = ring->Unlock(personal, "mat-khau-ca-nhan");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), ErrorCode::kNotFound);
}

TEST_F(KeyRingTest, CertificateOfReadsThePemBesideTheKeyOrTheCache) {
  auto ring = LoadValid();
  const KeyEntry& personal = *ring->Find("lanhdao");
  EXPECT_FALSE(ring->CertificateOf(personal));
  WriteFile(personal.source + ".pem", personal_->certificate.Pem());
  auto cert = ring->CertificateOf(personal);
  ASSERT_TRUE(cert);
  EXPECT_EQ(*cert, personal_->certificate);
  // A server-held key (no ask_secret, no .pem) is unlocked with its configured secret to read
  // the certificate, which is then cached: it shows before the key's first signature.
  const KeyEntry& seal = *ring->Find("seal-h01");
  auto unlocked = ring->CertificateOf(seal);
  ASSERT_TRUE(unlocked);
  EXPECT_EQ(*unlocked, seal_->certificate);
  fs::remove(seal.source);
  auto cached = ring->CertificateOf(seal);
  ASSERT_TRUE(cached);
  EXPECT_EQ(*cached, seal_->certificate);
}

TEST_F(KeyRingTest, ForOwnerFiltersByKindAndOwner) {
  auto ring = LoadValid();
  auto seals = ring->ForOwner(KeyKind::kSeal, "000.00.01.H01");
  ASSERT_EQ(seals.size(), 1u);
  EXPECT_EQ(seals[0]->id, "seal-h01");
  EXPECT_TRUE(ring->ForOwner(KeyKind::kPersonal, "000.00.01.H01").empty());
  auto personal = ring->ForOwner(KeyKind::kPersonal, "lanhdao");
  ASSERT_EQ(personal.size(), 1u);
  EXPECT_EQ(personal[0]->id, "lanhdao");
  EXPECT_TRUE(ring->ForOwner(KeyKind::kSeal, "lanhdao").empty());
}

TEST_F(KeyRingTest, ImageReadsTheFileOrNothing) {
  auto ring = LoadValid();
  EXPECT_EQ(ring->Image(*ring->Find("seal-h01")), std::string("\x89PNG\r\n\x1a\nnot really"));
  EXPECT_EQ(ring->Image(*ring->Find("lanhdao")), "");
  fs::remove(dir_ / "seal.png");
  EXPECT_EQ(ring->Image(*ring->Find("seal-h01")), "");
}

}  // namespace
}  // namespace cqdt::signing
