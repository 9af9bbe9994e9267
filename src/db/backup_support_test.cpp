// The database side of `cqdt backup` (db/backup_support.hpp): the online SQLite copy while a
// writer commits, its checks, and PostgreSQL URLs split from their passwords.
#include "db/backup_support.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/migrator.hpp"

namespace cqdt::db {
namespace {

namespace fs = std::filesystem;

class SqliteBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cqdt-backup-db-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    source_ = dir_ / "cqdt.db";
    auto db = Database::Open({.url = "sqlite://" + source_.string(), .pool_size = 2});
    ASSERT_TRUE(db) << db.error().message();
    db_ = std::move(*db);
    ASSERT_TRUE(Migrator(*db_, {{"items", 1, "create_item",
                                 "CREATE TABLE item (id {{pk}}, body TEXT NOT NULL)"},
                                {"items", 2, "index_item", "CREATE INDEX item_body ON item (body)"},
                                {"other", 1, "create_other", "CREATE TABLE other (id {{pk}})"}})
                    .Apply());
    // Enough pages (about 2 MB) that the copy takes many steps.
    auto tx = db_->Begin();
    const std::string body(1000, 'x');
    for (int i = 0; i < 2000; ++i) {
      // A named value: SOCI runs the statement when its temporary ends, after a temporary
      // string built in the same expression is gone (ASan: heap-use-after-free).
      const std::string row = body + std::to_string(i);
      tx.sql() << "INSERT INTO item (body) VALUES (:b)", soci::use(row);
    }
    ASSERT_TRUE(tx.Commit());
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  long long Count(const fs::path& file) {
    auto db = Database::Open({.url = "sqlite://" + file.string(), .pool_size = 1});
    EXPECT_TRUE(db);
    auto tx = (*db)->BeginRead();
    long long n = 0;
    tx.sql() << "SELECT COUNT(*) FROM item", soci::into(n);
    return n;
  }

  fs::path dir_, source_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteBackupTest, CopiesOneSnapshotWhileAWriterCommits) {
  std::atomic<bool> stop{false};
  std::atomic<int> committed{0};
  std::thread writer([&] {
    while (!stop) {
      auto tx = db_->Begin();
      tx.sql() << "INSERT INTO item (body) VALUES ('during')";
      if (tx.Commit()) {
        ++committed;
      }
    }
  });
  // Wait until the writer is under way, so that commits land between the copy's steps.
  while (committed < 5) {
    std::this_thread::yield();
  }
  const fs::path copy = dir_ / "copy.db";
  auto st = BackupSqliteFile(source_, copy, {.pages_per_step = 4, .pause = {}});
  const int during = committed;
  stop = true;
  writer.join();
  ASSERT_TRUE(st) << st.error().message();
  EXPECT_GT(during, 5);

  // One file, no WAL beside it, intact, with at least the rows committed before the copy began.
  EXPECT_FALSE(fs::exists(copy.string() + "-wal"));
  EXPECT_FALSE(fs::exists(copy.string() + "-journal"));
  auto problems = CheckSqliteIntegrity(copy);
  ASSERT_TRUE(problems);
  EXPECT_TRUE(problems->empty());
  EXPECT_GE(Count(copy), 2005);
  auto versions = SqliteSchemaVersions(copy);
  ASSERT_TRUE(versions) << versions.error().message();
  EXPECT_EQ(*versions, (std::map<std::string, int>{{"items", 2}, {"other", 1}}));
  auto tx = db_->BeginRead();
  auto live = SchemaVersions(tx);
  ASSERT_TRUE(live);
  EXPECT_EQ(*live, *versions);
}

TEST_F(SqliteBackupTest, RefusesAnExistingTargetAndAMissingSource) {
  const fs::path copy = dir_ / "copy.db";
  std::ofstream(copy) << "not empty";
  EXPECT_FALSE(BackupSqliteFile(source_, copy));
  EXPECT_FALSE(BackupSqliteFile(dir_ / "missing.db", dir_ / "other.db"));
  EXPECT_FALSE(fs::exists(dir_ / "missing.db"));  // never created by the attempt
  EXPECT_FALSE(fs::exists(dir_ / "other.db"));
}

TEST_F(SqliteBackupTest, IntegrityCheckFindsDamage) {
  const fs::path copy = dir_ / "copy.db";
  ASSERT_TRUE(BackupSqliteFile(source_, copy));
  {
    // Overwrite a page in the middle (a table's b-tree page) with garbage.
    std::fstream f(copy, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(copy) / 2));
    const std::string junk(8192, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto problems = CheckSqliteIntegrity(copy);
  ASSERT_TRUE(problems);
  EXPECT_FALSE(problems->empty());
  std::ofstream(dir_ / "text.db") << "this is not a database at all, just some text......";
  auto text = CheckSqliteIntegrity(dir_ / "text.db");
  EXPECT_TRUE(!text || !text->empty());
}

TEST(BackupSupportTest, SqliteFileOfUrl) {
  EXPECT_EQ(SqliteFileOfUrl("sqlite:///var/lib/cqdt/cqdt.db"), fs::path("/var/lib/cqdt/cqdt.db"));
  EXPECT_EQ(SqliteFileOfUrl("sqlite://data/cqdt.db"), fs::path("data/cqdt.db"));
  EXPECT_FALSE(SqliteFileOfUrl("sqlite::memory:"));
  EXPECT_FALSE(SqliteFileOfUrl("postgresql://u@h/db"));
}

TEST(BackupSupportTest, PostgresUrlLosesItsPassword) {
  auto c =
      PostgresConnectionOfUrl("postgresql://cqdt:s3cr%27t@127.0.0.1:5433/prod?sslmode=disable");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->password, "s3cr't");
  EXPECT_EQ(c->conninfo.find("s3cr"), std::string::npos);
  EXPECT_NE(c->conninfo.find("host='127.0.0.1'"), std::string::npos);
  EXPECT_NE(c->conninfo.find("port='5433'"), std::string::npos);
  EXPECT_NE(c->conninfo.find("dbname='prod'"), std::string::npos);
  EXPECT_NE(c->conninfo.find("user='cqdt'"), std::string::npos);
  EXPECT_NE(c->conninfo.find("sslmode='disable'"), std::string::npos);

  auto k = PostgresConnectionOfUrl("postgresql:host=db dbname=cqdt password='it\\'s'");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->password, "it's");
  EXPECT_EQ(k->conninfo.find("password"), std::string::npos);
  EXPECT_NE(k->conninfo.find("host='db'"), std::string::npos);

  auto none = PostgresConnectionOfUrl("postgres://cqdt@localhost/cqdt");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->password, "");

  auto bad = PostgresConnectionOfUrl("postgresql://u:topsecret@h:notaport:/x?=");
  if (!bad) {
    EXPECT_EQ(bad.error().message().find("topsecret"), std::string::npos);
  }
  EXPECT_FALSE(PostgresConnectionOfUrl("sqlite:///x.db"));
}

}  // namespace
}  // namespace cqdt::db
