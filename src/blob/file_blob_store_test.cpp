#include <fstream>

#include <gtest/gtest.h>

#include "blob/blob_store.hpp"
#include "crypto/crypto.hpp"

namespace cqdt::blob {
namespace {

class FileBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("cqdt-blob-" + crypto::RandomHex(6));
    store_ = std::move(FileBlobStore::Open(root_)).value();
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
  std::unique_ptr<FileBlobStore> store_;
};

TEST_F(FileBlobStoreTest, StoresByContentHash) {
  auto info = store_->Put("Tờ trình số 01");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->sha256, crypto::Sha256Hex("Tờ trình số 01"));
  EXPECT_TRUE(store_->Exists(info->sha256));
  EXPECT_EQ(*store_->Get(info->sha256), "Tờ trình số 01");
  EXPECT_EQ(store_->Put("Tờ trình số 01")->sha256, info->sha256);
  EXPECT_TRUE(std::filesystem::is_empty(root_ / "tmp"));
}

TEST_F(FileBlobStoreTest, PutFileConsumesTheFile) {
  auto src = root_ / "upload.bin";
  std::ofstream(src) << "abc";
  auto info = store_->PutFile(src);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, 3u);
  EXPECT_FALSE(std::filesystem::exists(src));
  EXPECT_EQ(*store_->Get(info->sha256), "abc");
}

TEST_F(FileBlobStoreTest, RejectsPathLikeKeys) {
  EXPECT_EQ(store_->Get("../../etc/passwd").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->Get(std::string(64, 'a')).error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cqdt::blob
