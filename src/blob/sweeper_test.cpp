// The file store's side of the sweeper and of damaged blobs: mtimes refreshed by a Put of stored
// content, orphans removed after the grace period, changed bytes refused by Get.
#include <fcntl.h>

#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "blob/blob_store.hpp"
#include "blob/memory_blob_store.hpp"
#include "crypto/crypto.hpp"

namespace cqdt::blob {
namespace {

class FileSweepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("cqdt-blob-" + crypto::RandomHex(6));
    store_ = std::move(FileBlobStore::Open(root_)).value();
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  // Sets the blob's mtime `hours` into the past.
  void Age(const std::string& key, int hours) {
    struct timespec times[2];
    times[0].tv_sec = times[1].tv_sec = ::time(nullptr) - hours * 3600;
    times[0].tv_nsec = times[1].tv_nsec = 0;
    ASSERT_EQ(::utimensat(AT_FDCWD, store_->PathOf(key).c_str(), times, 0), 0);
  }
  std::chrono::system_clock::time_point DayAgo() {
    return std::chrono::system_clock::now() - std::chrono::hours(24);
  }
  std::filesystem::path root_;
  std::unique_ptr<FileBlobStore> store_;
};

TEST_F(FileSweepTest, APutOfStoredContentRefreshesItsMtime) {
  const std::string small = "Công văn số 5";
  const std::string large(300 * 1024, 'x');  // PutAsync's writer thread
  for (const std::string* bytes : {&small, &large}) {
    auto key = store_->Put(*bytes)->sha256;
    Age(key, 48);
    ASSERT_TRUE(store_->Put(*bytes));
    auto fresh = store_->RemoveUnreferenced([](const std::string&) { return false; }, DayAgo(),
                                            /*dry_run=*/true);
    EXPECT_EQ(fresh->orphans, 0u);
    Age(key, 48);
    auto pending = store_->PutAsync(*bytes);
    ASSERT_TRUE(pending);
    ASSERT_TRUE(pending->Durable());
    fresh = store_->RemoveUnreferenced([](const std::string&) { return false; }, DayAgo(), true);
    EXPECT_EQ(fresh->orphans, 0u);
    std::filesystem::remove(store_->PathOf(key));
  }
}

TEST_F(FileSweepTest, RemovesOldUnreferencedBlobsAndLeftoverTemporaries) {
  const auto named = store_->Put("named")->sha256;
  const auto orphan = store_->Put("orphan")->sha256;
  const auto young = store_->Put("young")->sha256;
  Age(named, 30);
  Age(orphan, 30);
  const auto legacy_key = crypto::Sha256Hex("legacy");
  std::filesystem::create_directories(store_->LegacyPathOf(legacy_key).parent_path());
  std::ofstream(store_->LegacyPathOf(legacy_key)) << "legacy";
  std::filesystem::last_write_time(
      store_->LegacyPathOf(legacy_key),
      std::filesystem::file_time_type::clock::now() - std::chrono::hours(30));
  std::ofstream(root_ / "tmp" / "0123abcd") << "half";  // a crash's named temporary
  std::filesystem::last_write_time(
      root_ / "tmp" / "0123abcd",
      std::filesystem::file_time_type::clock::now() - std::chrono::hours(30));
  std::ofstream(root_ / "ab" / "README") << "not a blob";
  auto is_named = [&](const std::string& key) { return key == named; };
  auto dry = store_->RemoveUnreferenced(is_named, DayAgo(), true);
  ASSERT_TRUE(dry);
  EXPECT_EQ(dry->scanned, 4u);
  EXPECT_EQ(dry->orphans, 2u);
  EXPECT_EQ(dry->orphan_bytes, 12u);
  EXPECT_EQ(dry->removed, 0u);
  EXPECT_TRUE(store_->Exists(orphan));
  auto swept = store_->RemoveUnreferenced(is_named, DayAgo(), false);
  ASSERT_TRUE(swept);
  EXPECT_EQ(swept->removed, 2u);
  EXPECT_EQ(swept->removed_bytes, 12u);
  EXPECT_EQ(swept->temporaries, 1u);
  EXPECT_FALSE(store_->Exists(orphan));
  EXPECT_FALSE(store_->Exists(legacy_key));
  EXPECT_TRUE(store_->Exists(named));
  EXPECT_TRUE(store_->Exists(young));
  EXPECT_TRUE(std::filesystem::exists(root_ / "ab" / "README"));
  EXPECT_TRUE(std::filesystem::is_empty(root_ / "tmp"));
}

TEST_F(FileSweepTest, AFlippedByteIsAnErrorNamingTheFileNotTheBytes) {
  auto info = store_->Put("Quyết định bổ nhiệm");
  ASSERT_TRUE(info);
  {
    std::fstream f(store_->PathOf(info->sha256), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(3);
    f.put('#');
  }
  auto got = store_->Get(info->sha256);
  ASSERT_FALSE(got);
  EXPECT_TRUE(IsCorrupt(got.error()));
  EXPECT_EQ(got.error().code(), ErrorCode::kInternal);
  auto named = NameCorruptFile(store_->Get(info->sha256), "qd-bo-nhiem.pdf");
  EXPECT_EQ(named.error().message(), "Tệp \"qd-bo-nhiem.pdf\" bị hỏng, không đọc được.");
  // Other errors and values pass through unchanged.
  EXPECT_EQ(NameCorruptFile(store_->Get(crypto::Sha256Hex("x")), "a").error().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(*NameCorruptFile(std::string("ok"), "a"), "ok");
  EXPECT_FALSE(IsCorrupt(Error::NotFound("tệp", "x")));
}

TEST(MemoryBlobStoreSweepTest, RemovesWhatNoRowNames) {
  MemoryBlobStore store;
  const auto keep = store.Put("keep")->sha256;
  const auto drop = store.Put("drop")->sha256;
  auto swept = store.RemoveUnreferenced([&](const std::string& k) { return k == keep; },
                                        std::chrono::system_clock::now(), false);
  EXPECT_EQ(swept->removed, 1u);
  EXPECT_TRUE(store.Exists(keep));
  EXPECT_FALSE(store.Exists(drop));
}

}  // namespace
}  // namespace cqdt::blob
