// The pure parts of the archive package: path segments from user-chosen names, the manifest.
#include "documents/archive_package.hpp"

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"

namespace cqdt::documents {
namespace {

TEST(ArchivePackageTest, PathSegmentsNeverLeaveTheirFolder) {
  EXPECT_EQ(PackagePathSegment("biên bản.pdf"), "biên bản.pdf");
  EXPECT_EQ(PackagePathSegment("../../etc/passwd"), "_._.._etc_passwd");
  EXPECT_EQ(PackagePathSegment("a\\b"), "a_b");
  EXPECT_EQ(PackagePathSegment(".hidden"), "_hidden");
  EXPECT_EQ(PackagePathSegment("dòng\nmới"), "dòng_mới");
  EXPECT_EQ(PackagePathSegment(""), "_");
}

TEST(ArchivePackageTest, ManifestListsDigestSizeAndPathInOrder) {
  const std::vector<PackageEntry> entries = {
      PackageEntry::Bytes("transfer.xml", "<a/>"),
      PackageEntry::Blob("records/x/files/1-tệp.pdf", std::string(64, 'a'), 1234)};
  EXPECT_EQ(ManifestText(entries), crypto::Sha256Hex("<a/>") + " 4 transfer.xml\n" +
                                       std::string(64, 'a') + " 1234 records/x/files/1-tệp.pdf\n");
}

}  // namespace
}  // namespace cqdt::documents
