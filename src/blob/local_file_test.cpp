// BlobStore::LocalFile: the path a large blob is streamed from (the archive package, issue 11).
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "blob/blob_store.hpp"
#include "crypto/crypto.hpp"

namespace cqdt::blob {
namespace {

TEST(LocalFileTest, NamesTheStoredBytesAndNothingForAbsentOrMalformedKeys) {
  const auto root = std::filesystem::temp_directory_path() / ("cqdt-blob-" + crypto::RandomHex(6));
  auto store = std::move(FileBlobStore::Open(root)).value();
  auto info = store->Put("Biên bản họp");
  ASSERT_TRUE(info);
  auto path = store->LocalFile(info->sha256);
  ASSERT_TRUE(path.has_value());
  std::ifstream in(*path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  EXPECT_EQ(bytes.str(), "Biên bản họp");
  EXPECT_FALSE(store->LocalFile(crypto::Sha256Hex("chưa lưu")).has_value());
  // Untrusted keys never become paths.
  EXPECT_FALSE(store->LocalFile("../../etc/passwd").has_value());
  EXPECT_FALSE(store->LocalFile("").has_value());
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace cqdt::blob
