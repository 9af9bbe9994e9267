// The shipped national root certificates (src/signing/data/trust): each file is the certificate
// its recorded SHA-256 says, and SOURCES.md records where that fingerprint was confirmed.
#include "signing/bundled_trust.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "crypto/trust.hpp"

namespace cqdt::signing {
namespace {

const std::filesystem::path kTrustDir =
    std::filesystem::path(CQDT_TESTDATA_DIR).parent_path() / "data" / "trust";

std::string ReadText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(BundledTrustTest, ShipsTheNationalRoots) {
  const auto& all = BundledCertificates();
  ASSERT_GE(all.size(), 2u);
  int anchors = 0;
  for (const auto& c : all) {
    anchors += c.anchor ? 1 : 0;
  }
  EXPECT_GE(anchors, 2);
}

TEST(BundledTrustTest, EveryFileMatchesItsRecordedFingerprint) {
  const std::string sources = ReadText(kTrustDir / "SOURCES.md");
  ASSERT_FALSE(sources.empty()) << kTrustDir;
  for (const auto& entry : BundledCertificates()) {
    SCOPED_TRACE(entry.file);
    ASSERT_FALSE(entry.pem.empty()) << "the manifest names a file that is not there";
    // What is compiled in is the file in the tree.
    EXPECT_EQ(entry.pem, ReadText(kTrustDir / entry.file));
    auto parsed = crypto::Certificate::ParseAll(entry.pem);
    ASSERT_TRUE(parsed);
    ASSERT_EQ(parsed->size(), 1u);
    EXPECT_EQ(parsed->front().FingerprintSha256(), entry.sha256);
    EXPECT_TRUE(VerifiedCertificate(entry).has_value());
    EXPECT_TRUE(parsed->front().IsCa());
    EXPECT_EQ(parsed->front().IsSelfIssued(), entry.anchor);
    EXPECT_FALSE(entry.name.empty());
    // The fingerprint and the file are documented with their sources.
    EXPECT_NE(sources.find(entry.sha256), std::string::npos);
    EXPECT_NE(sources.find("## " + entry.file), std::string::npos);
  }
}

TEST(BundledTrustTest, AnAlteredFileIsNeverTrusted) {
  for (const auto& entry : BundledCertificates()) {
    BundledCertificate altered = entry;
    altered.sha256[0] = altered.sha256[0] == '0' ? '1' : '0';
    EXPECT_FALSE(VerifiedCertificate(altered).has_value()) << entry.file;
    BundledCertificate two = entry;
    two.pem += entry.pem;
    EXPECT_FALSE(VerifiedCertificate(two).has_value()) << entry.file;
  }
}

TEST(BundledTrustTest, IntermediatesChainToAShippedAnchor) {
  crypto::TrustStore store;
  for (const auto& entry : BundledCertificates()) {
    if (entry.anchor) {
      store.AddAnchor(*VerifiedCertificate(entry));
    }
  }
  const TimePoint at = FromUnixSeconds(1795745700);  // 2026-11-27
  for (const auto& entry : BundledCertificates()) {
    if (entry.anchor) {
      continue;
    }
    auto path =
        store.Validate(*VerifiedCertificate(entry), {}, at,
                       {.purpose = crypto::KeyPurpose::kAny, .check_revocation = false}, nullptr);
    EXPECT_EQ(path.status, crypto::CertificateStatus::kValid) << entry.file << ": " << path.detail;
    EXPECT_EQ(path.chain.size(), 2u) << entry.file;
  }
}

}  // namespace
}  // namespace cqdt::signing
