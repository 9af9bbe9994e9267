#include <fstream>
#include <thread>
#include <vector>

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

TEST_F(FileBlobStoreTest, ConcurrentPutsOfTheSameContentAllSucceed) {
  const std::string bytes(200 * 1024 + 7, 'q');
  std::vector<std::thread> threads;
  std::vector<int> ok(6, 0);
  for (std::size_t i = 0; i < ok.size(); ++i) {
    threads.emplace_back([&, i] {
      auto info = store_->Put(bytes);
      ok[i] = info && info->sha256 == crypto::Sha256Hex(bytes) ? 1 : 0;
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  for (int v : ok) {
    EXPECT_EQ(v, 1);
  }
  EXPECT_EQ(*store_->Get(crypto::Sha256Hex(bytes)), bytes);
  EXPECT_TRUE(std::filesystem::is_empty(root_ / "tmp"));
}

// The store remembers the fan-out directories it made; one removed behind its back (an admin
// cleaning up, a restore) is made again rather than failing every later write under it.
TEST_F(FileBlobStoreTest, RemakesADirectoryRemovedBehindItsBack) {
  auto first = store_->Put("Quyết định số 12");
  ASSERT_TRUE(first);
  const auto fan = store_->PathOf(first->sha256).parent_path().parent_path();
  std::filesystem::remove_all(fan);
  auto again = store_->Put("Quyết định số 12");
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(*store_->Get(first->sha256), "Quyết định số 12");
  std::filesystem::remove_all(fan);
  auto src = root_ / "upload.bin";
  std::ofstream(src) << "Quyết định số 12";
  auto moved = store_->PutFile(src);
  ASSERT_TRUE(moved) << moved.error().message();
  EXPECT_EQ(*store_->Get(first->sha256), "Quyết định số 12");
}

TEST_F(FileBlobStoreTest, ReadsBackEmptyAndLargeBlobsWhole) {
  std::string large(3 * 1024 * 1024 + 13, '\0');
  for (std::size_t i = 0; i < large.size(); ++i) {
    large[i] = static_cast<char>(i * 131 % 251);
  }
  for (const std::string& bytes : {std::string(), large}) {
    auto info = store_->Put(bytes);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->size, bytes.size());
    auto back = store_->Get(info->sha256);
    ASSERT_TRUE(back);
    EXPECT_TRUE(*back == bytes);
  }
}

TEST_F(FileBlobStoreTest, RejectsPathLikeKeys) {
  EXPECT_EQ(store_->Get("../../etc/passwd").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->Get(std::string(64, 'a')).error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cqdt::blob
