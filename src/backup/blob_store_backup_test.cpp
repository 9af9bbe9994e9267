// Backups of the two other ways of keeping uploaded files ([storage] blobs, blob_dir): files in
// a directory outside the data directory (a shared one), and files in the database
// (blob/database_blob_store.hpp) on PostgreSQL, where they travel in the dump.
#include <unistd.h>

#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "backup/backup.hpp"
#include "backup/manifest.hpp"
#include "blob/database_blob_store.hpp"
#include "crypto/crypto.hpp"
#include "db/migrator.hpp"
#include "db/testing.hpp"
#include "testing_files.hpp"

namespace cqdt::backup {
namespace {

namespace fs = std::filesystem;

using testing::Read;
using testing::Write;

class BlobStoreBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("cqdt-backup-blobs-" + crypto::RandomHex(6));
    fs::create_directories(root_ / "data");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  fs::path root_;
};

TEST_F(BlobStoreBackupTest, ABlobDirectoryOutsideTheDataDirectoryIsBackedUpAndRestoredThere) {
  const std::string url = "sqlite://" + (root_ / "data" / "cqdt.db").string();
  {
    auto db = db::Database::Open({.url = url, .pool_size = 1});
    ASSERT_TRUE(db);
    ASSERT_TRUE(db::Migrator(**db, blob::Migrations()).Apply());
  }
  const std::string key = crypto::Sha256Hex("a shared scan");
  Write(root_ / "shared" / key.substr(0, 2) / key, "a shared scan");
  Write(root_ / "shared" / "tmp" / "half", "skipped");
  Instance source{root_ / "data", url, {}, "files", root_ / "shared"};
  auto m = WriteBackup(source, root_ / "backup", {"0.0.test", "2026-12-07T11:00:00+07:00", {}});
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->blobs, "files");
  const std::string listed = "data/blobs/" + key.substr(0, 2) + "/" + key;
  EXPECT_TRUE(std::any_of(m->files.begin(), m->files.end(),
                          [&](const ManifestFile& f) { return f.path == listed; }));
  EXPECT_FALSE(fs::exists(root_ / "backup" / "data" / "blobs" / "tmp"));
  EXPECT_TRUE(VerifyBackup(root_ / "backup").ok());

  // Kept in the database by the target's configuration: refused, nothing written.
  Instance other{
      root_ / "restored", "sqlite://" + (root_ / "restored.db").string(), {}, "database", {}};
  auto refused = RestoreBackup(root_ / "backup", other, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(fs::exists(root_ / "restored"));

  Instance target{root_ / "restored",
                  "sqlite://" + (root_ / "restored.db").string(),
                  {},
                  "files",
                  root_ / "shared2"};
  auto restored = RestoreBackup(root_ / "backup", target, {});
  ASSERT_TRUE(restored) << restored.error().message();
  EXPECT_EQ(Read(root_ / "shared2" / key.substr(0, 2) / key), "a shared scan");
  EXPECT_FALSE(fs::exists(root_ / "restored" / "blobs" / key.substr(0, 2) / key));
}

TEST_F(BlobStoreBackupTest, BlobsInTheDatabaseTravelInThePostgresDump) {
  db::testing::TestDatabase source_db("postgresql", 2);
  if (source_db.skipped()) {
    GTEST_SKIP() << "CQDT_TEST_PG is not set";
  }
  db::testing::TestDatabase target_db("postgresql", 2);
  ASSERT_TRUE(db::Migrator(source_db.db(), blob::Migrations()).Apply());
  FakeClock clock{TimePoint(std::chrono::seconds(1'800'000'000))};
  blob::DatabaseBlobStore store(source_db.db(), clock);
  std::string bytes;
  for (int i = 0; i < 5000; ++i) {
    bytes.push_back(static_cast<char>(i * 31));
  }
  auto info = store.Put(bytes);
  ASSERT_TRUE(info);

  // SQLite cannot keep them there.
  Instance sqlite{
      root_ / "data", "sqlite://" + (root_ / "data" / "cqdt.db").string(), {}, "database", {}};
  EXPECT_FALSE(WriteBackup(sqlite, root_ / "refused", {"0.0.test", "x", {}}));

  Instance source{root_ / "data", source_db.url(), {}, "database", {}};
  auto m = WriteBackup(source, root_ / "backup", {"0.0.test", "2026-12-07T11:00:00+07:00", {}});
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->blobs, "database");
  EXPECT_EQ(ParseManifest(Read(root_ / "backup" / kManifestName))->blobs, "database");
  EXPECT_TRUE(VerifyBackup(root_ / "backup").ok());

  Instance files_target{root_ / "restored", target_db.url(), {}, "files", {}};
  EXPECT_FALSE(RestoreBackup(root_ / "backup", files_target, {}));
  Instance target{root_ / "restored", target_db.url(), {}, "database", {}};
  auto restored = RestoreBackup(root_ / "backup", target, {});
  ASSERT_TRUE(restored) << restored.error().message();
  blob::DatabaseBlobStore restored_store(target_db.db(), clock);
  auto got = restored_store.Get(info->sha256);
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_EQ(*got, bytes);
}

}  // namespace
}  // namespace cqdt::backup
