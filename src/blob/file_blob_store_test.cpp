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
  // PutAsync of `bytes` refused by its check (nothing stored), then accepted.
  void CheckFailsThenPasses(const std::string& bytes);
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

// Opening a store makes its 256 fan-out directories (and opening it again finds them): no write
// makes a directory, even in a young store.
TEST_F(FileBlobStoreTest, OpeningMakesEveryFanOutDirectory) {
  int directories = 0;
  for (const auto& e : std::filesystem::directory_iterator(root_)) {
    if (e.is_directory() && e.path().filename() != "tmp") {
      EXPECT_EQ(e.path().filename().string().size(), 2U) << e.path();
      ++directories;
    }
  }
  EXPECT_EQ(directories, 256);
  EXPECT_TRUE(std::filesystem::is_directory(root_ / "00"));
  EXPECT_TRUE(std::filesystem::is_directory(root_ / "ff"));
  auto again = FileBlobStore::Open(root_);
  ASSERT_TRUE(again) << again.error().message();
  auto info = (*again)->Put("Công văn số 7");
  ASSERT_TRUE(info);
  EXPECT_EQ(*store_->Get(info->sha256), "Công văn số 7");
}

// The store remembers the fan-out directories it made; one removed behind its back (an admin
// cleaning up, a restore) is made again rather than failing every later write under it.
TEST_F(FileBlobStoreTest, RemakesADirectoryRemovedBehindItsBack) {
  auto first = store_->Put("Quyết định số 12");
  ASSERT_TRUE(first);
  const auto fan = store_->PathOf(first->sha256).parent_path();
  ASSERT_EQ(fan.parent_path(), root_);
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

// One fan-out level (root/ab/<sha256>): a young store makes a directory for at most 256 of its
// first blobs. Blobs a store wrote under the earlier two levels (root/ab/cd/<sha256>) still read.
TEST_F(FileBlobStoreTest, ReadsBlobsWrittenUnderTheEarlierTwoLevelLayout) {
  const std::string bytes = "Công văn số 45/SNV-VP";
  const std::string sha = crypto::Sha256Hex(bytes);
  EXPECT_EQ(store_->PathOf(sha), root_ / sha.substr(0, 2) / sha);
  const auto legacy = store_->LegacyPathOf(sha);
  EXPECT_EQ(legacy, root_ / sha.substr(0, 2) / sha.substr(2, 2) / sha);
  std::filesystem::create_directories(legacy.parent_path());
  std::ofstream(legacy, std::ios::binary) << bytes;
  EXPECT_TRUE(store_->Exists(sha));
  auto back = store_->Get(sha);
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(*back, bytes);
  // Storing it again writes the current layout and both read the same bytes.
  ASSERT_TRUE(store_->Put(bytes));
  EXPECT_TRUE(std::filesystem::exists(store_->PathOf(sha)));
  EXPECT_EQ(*store_->Get(sha), bytes);
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

// PutAsync hands back the key before the blob is durable; Durable() waits for the sync and the
// name, and a Get or Exists of that key in the meantime waits too: a reader never misses it.
TEST_F(FileBlobStoreTest, APendingBlobIsReadableAndDurableOnceWaitedFor) {
  ASSERT_TRUE(store_->Put("Sổ văn bản đến"));  // a first write shows that unnamed inodes work here
  std::string bytes(1024 * 1024 + 3, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<char>(i * 37 % 253);
  }
  auto pending = store_->PutAsync(bytes);
  ASSERT_TRUE(pending) << pending.error().message();
  EXPECT_EQ(pending->info().sha256, crypto::Sha256Hex(bytes));
  EXPECT_EQ(pending->info().size, bytes.size());
  auto back = store_->Get(pending->info().sha256);  // waits for the pending write
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_TRUE(*back == bytes);
  EXPECT_TRUE(pending->Durable());
  EXPECT_TRUE(std::filesystem::exists(store_->PathOf(pending->info().sha256)));
  EXPECT_TRUE(std::filesystem::is_empty(root_ / "tmp"));
  // Another pending write, only checked by Exists; then the same content again.
  auto second = store_->PutAsync("Phiếu trình");
  ASSERT_TRUE(second);
  EXPECT_TRUE(store_->Exists(second->info().sha256));
  auto again = store_->PutAsync("Phiếu trình");
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->Durable());
  EXPECT_TRUE(second->Durable());
}

// PutAsync's check runs while the bytes are copied; when it fails, its error is PutAsync's and
// nothing is stored (no name, nothing left in tmp/), in a young store as in a warm one.
// Both ways: a small blob (written on the calling thread) and one past 256 KiB (on its own).
TEST_F(FileBlobStoreTest, APendingBlobWhoseCheckFailsIsNotStored) {
  for (const std::string& bytes : {std::string("Không phải PDF"), std::string(300 * 1024, 'x')}) {
    SCOPED_TRACE(bytes.size());
    CheckFailsThenPasses(bytes);
  }
}

void FileBlobStoreTest::CheckFailsThenPasses(const std::string& bytes) {
  auto refuse = []() -> Status { return Error::Unsupported("Trường 'file': chỉ nhận tệp PDF."); };
  for (int warm = 0; warm < 2; ++warm) {
    auto refused = store_->PutAsync(bytes, refuse);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), ErrorCode::kUnsupported);
    EXPECT_FALSE(store_->Exists(crypto::Sha256Hex(bytes)));
    EXPECT_TRUE(std::filesystem::is_empty(root_ / "tmp"));
    ASSERT_TRUE(store_->Put("Tờ trình số 02"));  // warms the store for the second round
  }
  int checks = 0;
  auto accepted = store_->PutAsync(bytes, [&checks] {
    ++checks;
    return Ok();
  });
  ASSERT_TRUE(accepted);
  EXPECT_EQ(checks, 1);
  EXPECT_TRUE(accepted->Durable());
  EXPECT_EQ(*store_->Get(accepted->info().sha256), bytes);
}

// Until an unnamed inode has been named in this store, PutAsync stores synchronously (it could
// not fall back to a named temporary once the bytes are gone): the first blob is durable at once.
TEST_F(FileBlobStoreTest, TheFirstPendingBlobOfAStoreIsStoredBeforePutAsyncReturns) {
  auto pending = store_->PutAsync("Công văn đầu tiên");
  ASSERT_TRUE(pending) << pending.error().message();
  EXPECT_TRUE(std::filesystem::exists(store_->PathOf(pending->info().sha256)));
  EXPECT_TRUE(pending->Durable());
}

// A small blob (up to 256 KiB: a scanned page) is written on the calling thread, past the page
// cache where the filesystem allows (whole 4 KiB blocks, the padding cut off): named, durable
// and exactly its bytes when PutAsync returns, nothing left in tmp/ — for every size around a
// block's edge.
TEST_F(FileBlobStoreTest, ASmallPendingBlobIsStoredBeforePutAsyncReturns) {
  ASSERT_TRUE(store_->Put("Tờ khai"));  // warm: unnamed inodes work here
  for (std::size_t size : {std::size_t{1}, std::size_t{4095}, std::size_t{4096}, std::size_t{4097},
                           std::size_t{100 * 1024 + 7}}) {
    SCOPED_TRACE(size);
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
      bytes[i] = static_cast<char>((i * 131 + size) % 251);
    }
    auto pending = store_->PutAsync(bytes);
    ASSERT_TRUE(pending) << pending.error().message();
    EXPECT_TRUE(std::filesystem::exists(store_->PathOf(pending->info().sha256)));
    EXPECT_EQ(std::filesystem::file_size(store_->PathOf(pending->info().sha256)), size);
    EXPECT_EQ(pending->info().sha256, crypto::Sha256Hex(bytes));
    EXPECT_TRUE(pending->Durable());
    EXPECT_EQ(*store_->Get(pending->info().sha256), bytes);
  }
  EXPECT_TRUE(std::filesystem::is_empty(root_ / "tmp"));
}

// The store's destructor waits for its pending writes (past 256 KiB, each on its own thread):
// none is cut off or left half named.
TEST_F(FileBlobStoreTest, ClosingTheStoreWaitsForItsPendingBlobs) {
  ASSERT_TRUE(store_->Put("Tờ trình"));
  std::vector<std::string> keys;
  for (int i = 0; i < 8; ++i) {
    auto pending = store_->PutAsync(std::string(300 * 1024, static_cast<char>('a' + i)));
    ASSERT_TRUE(pending);
    keys.push_back(pending->info().sha256);
  }
  store_.reset();
  for (const auto& key : keys) {
    EXPECT_TRUE(std::filesystem::exists(root_ / key.substr(0, 2) / key)) << key;
  }
}

// A directory removed behind the store's back while a pending blob waits to be named is made
// again, as Put does.
TEST_F(FileBlobStoreTest, APendingBlobRemakesADirectoryRemovedBehindItsBack) {
  auto first = store_->Put("Quyết định số 13");
  ASSERT_TRUE(first);
  std::filesystem::remove_all(store_->PathOf(first->sha256).parent_path());
  auto again = store_->PutAsync("Quyết định số 13");
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_TRUE(again->Durable());
  EXPECT_EQ(*store_->Get(first->sha256), "Quyết định số 13");
}

TEST_F(FileBlobStoreTest, RejectsPathLikeKeys) {
  EXPECT_EQ(store_->Get("../../etc/passwd").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->Get(std::string(64, 'a')).error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cqdt::blob
