// DatabaseBlobStore and the sweeper on it, on SQLite and PostgreSQL.
#include <fstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "blob/database_blob_store.hpp"
#include "blob/sweeper.hpp"
#include "crypto/crypto.hpp"
#include "db/migrator.hpp"
#include "db/testing.hpp"

namespace cqdt::blob {
namespace {

class DatabaseBlobStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam());
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), Migrations()).Apply());
    store_ = std::make_unique<DatabaseBlobStore>(tdb_->db(), clock_);
  }
  std::int64_t TouchedAt(const std::string& key) {
    auto tx = tdb_->db().BeginRead();
    std::int64_t at = 0;
    tx.sql() << "SELECT touched_at FROM blob_object WHERE sha256 = :k", soci::use(key),
        soci::into(at);
    return at;
  }
  std::unique_ptr<db::testing::TestDatabase> tdb_;
  FakeClock clock_{TimePoint(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<DatabaseBlobStore> store_;
};

TEST_P(DatabaseBlobStoreTest, StoresEveryByteByContentHashOnce) {
  std::string bytes;
  for (int i = 0; i < 70'000; ++i) {
    bytes.push_back(static_cast<char>(i * 7));  // every byte value, zero and quotes too
  }
  auto info = store_->Put(bytes);
  ASSERT_TRUE(info) << info.error().message();
  EXPECT_EQ(info->sha256, crypto::Sha256Hex(bytes));
  EXPECT_EQ(info->size, bytes.size());
  EXPECT_TRUE(store_->Exists(info->sha256));
  auto got = store_->Get(info->sha256);
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_EQ(*got, bytes);
  EXPECT_TRUE(store_->Put(bytes));
  auto tx = tdb_->db().BeginRead();
  int rows = 0;
  tx.sql() << "SELECT COUNT(*) FROM blob_object", soci::into(rows);
  EXPECT_EQ(rows, 1);
  EXPECT_FALSE(store_->LocalFile(info->sha256).has_value());  // callers fall back to Get
}

TEST_P(DatabaseBlobStoreTest, AbsentAndMalformedKeys) {
  EXPECT_EQ(store_->Get(crypto::Sha256Hex("chưa lưu")).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store_->Get("' OR 1=1 --").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(store_->Exists("../x"));
  EXPECT_TRUE(store_->Put(""));  // an empty file is a blob too
  EXPECT_EQ(*store_->Get(crypto::Sha256Hex("")), "");
}

TEST_P(DatabaseBlobStoreTest, PutAsyncIsDurableAtOnceAndPutFileConsumesTheFile) {
  auto pending = store_->PutAsync("Tờ trình", [] { return Ok(); });
  ASSERT_TRUE(pending);
  EXPECT_TRUE(pending->Durable());
  EXPECT_EQ(*store_->Get(pending->info().sha256), "Tờ trình");
  auto refused = store_->PutAsync("bị từ chối", [] { return Status(Error::Unsupported("không")); });
  EXPECT_FALSE(refused);
  EXPECT_FALSE(store_->Exists(crypto::Sha256Hex("bị từ chối")));
  const auto path = std::filesystem::temp_directory_path() / ("cqdt-blob-" + crypto::RandomHex(6));
  std::ofstream(path, std::ios::binary) << "tệp tải lên";
  auto info = store_->PutFile(path);
  ASSERT_TRUE(info);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(*store_->Get(info->sha256), "tệp tải lên");
}

TEST_P(DatabaseBlobStoreTest, ConcurrentPutsOfTheSameContentAllSucceed) {
  const std::string bytes(100 * 1024 + 3, 'q');
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (std::size_t i = 0; i < ok.size(); ++i) {
    threads.emplace_back([&, i] {
      // Each thread its own store on the same database, as two processes would be.
      DatabaseBlobStore store(tdb_->db(), clock_);
      auto info = store.Put(bytes);
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
}

TEST_P(DatabaseBlobStoreTest, ChangedBytesAreAnErrorNotTheBytes) {
  auto info = store_->Put("Quyết định số 12");
  ASSERT_TRUE(info);
  {
    auto tx = tdb_->db().Begin();
    const std::string other = "Quyết định số 13";
    if (tx.engine() == db::Engine::kPostgres) {
      tx.sql() << "UPDATE blob_object SET bytes = convert_to(:b, 'UTF8')", soci::use(other);
    } else {
      tx.sql() << "UPDATE blob_object SET bytes = CAST(:b AS BLOB)", soci::use(other);
    }
    ASSERT_TRUE(tx.Commit());
  }
  auto got = store_->Get(info->sha256);
  ASSERT_FALSE(got);
  EXPECT_TRUE(IsCorrupt(got.error()));
  auto named = NameCorruptFile(std::move(got), "qd-12.pdf");
  EXPECT_EQ(named.error().message(), "Tệp \"qd-12.pdf\" bị hỏng, không đọc được.");
}

TEST_P(DatabaseBlobStoreTest, APutOfStoredContentRefreshesItsTime) {
  auto info = store_->Put("Biên bản");
  ASSERT_TRUE(info);
  const auto first = TouchedAt(info->sha256);
  clock_.Advance(std::chrono::hours(30));
  ASSERT_TRUE(store_->Put("Biên bản"));
  EXPECT_EQ(TouchedAt(info->sha256), first + 30 * 3600);
}

TEST_P(DatabaseBlobStoreTest, SweepRemovesOnlyOldBlobsNoRowNames) {
  const auto named = store_->Put("named")->sha256;
  const auto orphan = store_->Put("orphan")->sha256;
  clock_.Advance(std::chrono::hours(25));
  const auto young = store_->Put("young")->sha256;
  const ReferenceSource source{"test", {}, [&](db::Transaction&, KeySet& keys) -> Status {
                                 keys.insert(named);
                                 return Ok();
                               }};
  auto dry = Sweep(tdb_->db(), *store_, {source}, {.dry_run = true}, clock_.Now());
  ASSERT_TRUE(dry) << dry.error().message();
  EXPECT_EQ(dry->counts.scanned, 3u);
  EXPECT_EQ(dry->counts.orphans, 1u);
  EXPECT_EQ(dry->counts.orphan_bytes, 6u);
  EXPECT_EQ(dry->counts.removed, 0u);
  EXPECT_TRUE(store_->Exists(orphan));
  auto swept = Sweep(tdb_->db(), *store_, {source}, {}, clock_.Now());
  ASSERT_TRUE(swept);
  EXPECT_EQ(swept->counts.removed, 1u);
  EXPECT_FALSE(store_->Exists(orphan));
  EXPECT_TRUE(store_->Exists(named));
  EXPECT_TRUE(store_->Exists(young));
  // A source that fails stops the sweep before anything is removed.
  clock_.Advance(std::chrono::hours(48));
  const ReferenceSource broken{"broken", {}, [](db::Transaction&, KeySet&) -> Status {
                                 return Error::Unavailable("không đọc được");
                               }};
  EXPECT_FALSE(Sweep(tdb_->db(), *store_, {source, broken}, {}, clock_.Now()));
  EXPECT_TRUE(store_->Exists(young));
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseBlobStoreTest,
                         ::testing::ValuesIn(db::testing::Engines()), db::testing::EngineName);

}  // namespace
}  // namespace cqdt::blob
