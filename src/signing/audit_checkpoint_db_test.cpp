#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "crypto/pki.hpp"
#include "crypto/test_pki.hpp"
#include "db/testing.hpp"
#include "signing/audit_checkpoint.hpp"

namespace cqdt::signing {
namespace {

namespace fs = std::filesystem;
using crypto::CertificateKind;
using crypto::SigningKey;

using crypto::testing::Day;

SigningKey Issue(CertificateKind kind, const std::string& cn, const SigningKey* issuer) {
  return crypto::testing::IssueTestCertificate(kind, cn, issuer);
}

struct Pki {
  SigningKey root = Issue(CertificateKind::kRootCa, "cqdt Checkpoint Root", nullptr);
  SigningKey seal = Issue(CertificateKind::kSeal, "UBND tỉnh Mẫu", &root);
  SigningKey other_root = Issue(CertificateKind::kRootCa, "Another Root", nullptr);
  static const Pki& Get() {
    static const Pki* pki = new Pki();
    return *pki;
  }
};

class AuditCheckpointTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam());
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), audit::Migrations()).Apply());
    dir_ = fs::temp_directory_path() /
           ("cqdt-checkpoint-" + std::to_string(::getpid()) + "-" + GetParam());
    fs::remove_all(dir_);
    Record(3);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Record(int n) {
    auto tx = tdb_->db().Begin();
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(audit_.Record(tx, actor_, {"test.change", "thing", std::to_string(i), "đổi"}));
    }
    ASSERT_TRUE(tx.Commit());
  }

  CheckpointReport Check(const crypto::TrustStore* trust = nullptr) {
    auto tx = tdb_->db().BeginRead();
    return VerifyAuditCheckpoints(tx, audit_, dir_, trust);
  }

  Result<AuditCheckpoint> Write() {
    auto tx = tdb_->db().BeginRead();
    return WriteAuditCheckpoint(tx, audit_, Pki::Get().seal, dir_, clock_);
  }

  FakeClock clock_{FromUnixSeconds(1795745700)};
  audit::AuditLog audit_{clock_};
  audit::Actor actor_{UserId(1), "admin", AgencyId(), "127.0.0.1", "req-1"};
  std::unique_ptr<db::testing::TestDatabase> tdb_;
  fs::path dir_;
};

TEST_P(AuditCheckpointTest, SignedHeadVerifiesAndLaterEntriesKeepItValid) {
  EXPECT_EQ(Check().checked, 0);  // no directory yet: nothing to check
  auto c = Write();
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->seq, 3);
  EXPECT_EQ(c->hash.size(), 64u);
  EXPECT_TRUE(fs::exists(c->file));
  Record(2);  // the trail goes on after a checkpoint
  crypto::TrustStore trust;
  trust.AddAnchor(Pki::Get().root.certificate);
  auto report = Check(&trust);
  EXPECT_TRUE(report.ok) << (report.problems.empty() ? "" : report.problems.front());
  EXPECT_EQ(report.checked, 1);
  ASSERT_TRUE(report.latest);
  EXPECT_EQ(report.latest->seq, 3);
  EXPECT_EQ(report.latest->signer, Pki::Get().seal.certificate.SubjectDn());
}

TEST_P(AuditCheckpointTest, CuttingOffTheNewestEntriesIsDetected) {
  ASSERT_TRUE(Write());
  // What the hash chain alone cannot see: the last entry deleted, the chain still consistent.
  {
    auto tx = tdb_->db().Begin();
    tx.sql() << "DELETE FROM audit_entry WHERE seq = 3";
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = tdb_->db().BeginRead();
    EXPECT_TRUE(audit_.Verify(tx).ok);
  }
  auto report = Check();
  EXPECT_FALSE(report.ok);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_NE(report.problems[0].find("đã bị xóa"), std::string::npos) << report.problems[0];
}

TEST_P(AuditCheckpointTest, AlteredCheckpointOrUntrustedSignerIsReported) {
  auto c = Write();
  ASSERT_TRUE(c);
  crypto::TrustStore other;
  other.AddAnchor(Pki::Get().other_root.certificate);
  auto untrusted = Check(&other);
  EXPECT_FALSE(untrusted.ok);
  fs::path text = c->file;
  text.replace_extension(".txt");
  std::ofstream(text, std::ios::app) << "seq: 2\n";
  auto altered = Check();
  EXPECT_FALSE(altered.ok);
  ASSERT_EQ(altered.problems.size(), 1u);
  EXPECT_NE(altered.problems[0].find("đã bị sửa"), std::string::npos) << altered.problems[0];
}

TEST_P(AuditCheckpointTest, EmptyOrBrokenChainGetsNoCheckpoint) {
  {
    auto tx = tdb_->db().Begin();
    tx.sql() << "UPDATE audit_entry SET summary = 'sửa' WHERE seq = 2";
    ASSERT_TRUE(tx.Commit());
  }
  auto broken = Write();
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(fs::exists(dir_));
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditCheckpointTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::signing
