#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/database.hpp"
#include "db/migrator.hpp"
#include "db/testing.hpp"

namespace cqdt::db {
namespace {

using testing::TestDatabase;

class DatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<TestDatabase>(GetParam());
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set; PostgreSQL case skipped";
    }
  }
  Database& db() { return tdb_->db(); }
  std::unique_ptr<TestDatabase> tdb_;
};

std::vector<Migration> Sample() {
  return {{"sample", 1, "create_item",
           "CREATE TABLE sample_item (id {{pk}}, code TEXT NOT NULL UNIQUE, n {{bigint}});\n"
           "CREATE INDEX sample_item_n ON sample_item (n)"},
          {"sample", 2, "add_note", "ALTER TABLE sample_item ADD COLUMN note TEXT"}};
}

int CountItems(Database& db) {
  auto tx = db.BeginRead();
  int n = 0;
  tx.sql() << "SELECT COUNT(*) FROM sample_item", soci::into(n);
  return n;
}

TEST_P(DatabaseTest, AppliesMigrationsOnceAndReportsCurrent) {
  Migrator m(db(), Sample());
  EXPECT_FALSE(*m.IsCurrent());
  EXPECT_EQ(*m.Apply(), 2);
  EXPECT_EQ(*m.Apply(), 0);
  EXPECT_TRUE(*m.IsCurrent());
  auto more = Sample();
  more.push_back({"sample", 3, "third", "ALTER TABLE sample_item ADD COLUMN extra TEXT"});
  EXPECT_FALSE(*Migrator(db(), more).IsCurrent());
}

// A statement marked {{postgresql}} or {{sqlite}} runs on that engine only.
TEST_P(DatabaseTest, RunsAnEngineMarkedStatementOnThatEngineOnly) {
  ASSERT_TRUE(Migrator(db(), {{"sample", 1, "per_engine",
                               "CREATE TABLE sample_both (x INTEGER);\n"
                               "  {{postgresql}}CREATE TABLE sample_pg (x INTEGER);\n"
                               "{{sqlite}}CREATE TABLE sample_sqlite (x INTEGER)"}})
                  .Apply());
  auto has = [this](const std::string& table) {
    auto tx = db().BeginRead();
    try {
      int n = -1;
      tx.sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
      return n == 0;
    } catch (const std::exception&) {
      return false;
    }
  };
  const bool pg = db().engine() == Engine::kPostgres;
  EXPECT_TRUE(has("sample_both"));
  EXPECT_EQ(has("sample_pg"), pg);
  EXPECT_EQ(has("sample_sqlite"), !pg);
}

TEST_P(DatabaseTest, RefusesRenamedMigration) {
  ASSERT_TRUE(Migrator(db(), Sample()).Apply());
  auto renamed = Sample();
  renamed[0].name = "something_else";
  auto r = Migrator(db(), renamed).Apply();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kFailedPrecondition);
}

TEST_P(DatabaseTest, RollsBackUncommittedTransaction) {
  ASSERT_TRUE(Migrator(db(), Sample()).Apply());
  {
    auto tx = db().Begin();
    tx.sql() << "INSERT INTO sample_item (code, n) VALUES ('a', 1)";
  }
  EXPECT_EQ(CountItems(db()), 0);
  {
    auto tx = db().Begin();
    tx.sql() << "INSERT INTO sample_item (code, n) VALUES ('a', 1)";
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(CountItems(db()), 1);
}

TEST_P(DatabaseTest, DetectsUniqueViolation) {
  ASSERT_TRUE(Migrator(db(), Sample()).Apply());
  auto tx = db().Begin();
  tx.sql() << "INSERT INTO sample_item (code, n) VALUES ('dup', 1)";
  try {
    tx.sql() << "INSERT INTO sample_item (code, n) VALUES ('dup', 2)";
    FAIL() << "expected a unique violation";
  } catch (const std::exception& e) {
    EXPECT_TRUE(IsUniqueViolation(e)) << e.what();
    EXPECT_FALSE(IsForeignKeyViolation(e));
  }
}

TEST_P(DatabaseTest, ConcurrentWritersAllCommit) {
  ASSERT_TRUE(Migrator(db(), Sample()).Apply());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 25; ++i) {
        auto tx = db().Begin();
        std::string code = std::to_string(t) + "-" + std::to_string(i);
        tx.sql() << "INSERT INTO sample_item (code, n) VALUES (:c, :n)", soci::use(code),
            soci::use(i);
        EXPECT_TRUE(tx.Commit());
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(CountItems(db()), 100);
}

TEST_P(DatabaseTest, OnCommitRunsOnlyAfterCommit) {
  ASSERT_TRUE(Migrator(db(), Sample()).Apply());
  int runs = 0;
  {
    auto tx = db().Begin();
    tx.OnCommit([&runs] { ++runs; });
  }  // rolled back
  EXPECT_EQ(runs, 0);
  auto tx = db().Begin();
  tx.OnCommit([&runs] { ++runs; });
  ASSERT_TRUE(tx.Commit());
  EXPECT_EQ(runs, 1);
}

// The count of committed writes moves with each committed write transaction, before its OnCommit
// callbacks run, and not with reads or rollbacks.
TEST_P(DatabaseTest, CountsCommittedWritesOnly) {
  ASSERT_TRUE(Migrator(db(), Sample()).Apply());
  const std::uint64_t before = db().CommittedWrites();
  {
    auto tx = db().Begin();
    tx.sql() << "INSERT INTO sample_item (code, n) VALUES ('a', 1)";
  }  // rolled back
  {
    auto read = db().BeginRead();
    EXPECT_EQ(CountItems(db()), 0);
    ASSERT_TRUE(read.Commit());
  }
  EXPECT_EQ(db().CommittedWrites(), before);
  auto tx = db().Begin();
  tx.sql() << "INSERT INTO sample_item (code, n) VALUES ('a', 1)";
  std::uint64_t seen_by_hook = 0;
  tx.OnCommit([&] { seen_by_hook = db().CommittedWrites(); });
  ASSERT_TRUE(tx.Commit());
  EXPECT_EQ(db().CommittedWrites(), before + 1);
  EXPECT_EQ(seen_by_hook, before + 1);
}

// BeforeCommit's callbacks run in order before the commit; the first error is Commit's, nothing is
// committed, and neither the later checks nor the OnCommit callbacks run.
TEST_P(DatabaseTest, ABeforeCommitErrorCommitsNothing) {
  ASSERT_TRUE(Migrator(db(), Sample()).Apply());
  std::vector<std::string> ran;
  {
    auto tx = db().Begin();
    tx.sql() << "INSERT INTO sample_item (code, n) VALUES ('a', 1)";
    tx.BeforeCommit([&ran](Transaction&) {
      ran.push_back("first");
      return Ok();
    });
    tx.BeforeCommit([&ran](Transaction&) -> Status {
      ran.push_back("second");
      return Error::Unavailable("Không lưu được tệp. Vui lòng thử lại.");
    });
    tx.BeforeCommit([&ran](Transaction&) {
      ran.push_back("third");
      return Ok();
    });
    tx.OnCommit([&ran] { ran.push_back("committed"); });
    auto st = tx.Commit();
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code(), ErrorCode::kUnavailable);
  }
  EXPECT_EQ(ran, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(CountItems(db()), 0);
  // The waits (kAwait) run after the writes (kWrite), whatever the order they came in; the
  // callback gets the transaction and may write in it.
  ran.clear();
  auto tx = db().Begin();
  tx.BeforeCommit(
      [&ran](Transaction&) {
        ran.push_back("awaited");
        return Ok();
      },
      Transaction::CommitStep::kAwait);
  tx.BeforeCommit([&ran](Transaction& t) {
    ran.push_back("written");
    t.sql() << "INSERT INTO sample_item (code, n) VALUES ('b', 2)";
    return Ok();
  });
  ASSERT_TRUE(tx.Commit());
  EXPECT_EQ(ran, (std::vector<std::string>{"written", "awaited"}));
  EXPECT_EQ(CountItems(db()), 1);
}

TEST_P(DatabaseTest, ReadTransactionTakesNoConnectionUntilUsed) {
  auto tx = db().BeginRead();
  EXPECT_EQ(db().connections_in_use(), 0u);
  int one = 0;
  tx.sql() << "SELECT 1", soci::into(one);
  EXPECT_EQ(one, 1);
  EXPECT_EQ(db().connections_in_use(), 1u);
}

// SQLite connections get a 16 MiB page cache (the default 2 MiB misses on the queue indexes of
// 1,000,000 documents, bench/queue-bench.sh); negative means KiB.
TEST_P(DatabaseTest, SqliteConnectionsHaveALargerPageCache) {
  if (db().engine() != Engine::kSqlite) {
    GTEST_SKIP() << "a SQLite setting";
  }
  auto tx = db().BeginRead();
  int cache = 0;
  tx.sql() << "PRAGMA cache_size", soci::into(cache);
  EXPECT_EQ(cache, -16384);
}

// The write gate (db/sqlite_writer.hpp) is no std::mutex: a write transaction begun on one
// thread may commit or roll back on another, and the next writer gets in either way.
TEST_P(DatabaseTest, AWriteTransactionMayEndOnAnotherThread) {
  ASSERT_TRUE(Migrator(db(), Sample()).Apply());
  {
    auto tx = db().Begin();
    tx.sql() << "INSERT INTO sample_item (code, n) VALUES ('a', 1)";
    std::thread([&tx] { EXPECT_TRUE(tx.Commit()); }).join();
  }
  {
    auto tx = std::make_unique<Transaction>(db().Begin());
    tx->sql() << "INSERT INTO sample_item (code, n) VALUES ('b', 2)";
    std::thread([tx = std::move(tx)]() mutable { tx.reset(); }).join();  // rolled back there
  }
  auto tx = db().Begin();
  tx.sql() << "INSERT INTO sample_item (code, n) VALUES ('c', 3)";
  ASSERT_TRUE(tx.Commit());
  EXPECT_EQ(CountItems(db()), 2);
}

// Group commit: SQLite commits with synchronous=NORMAL and Transaction::Commit syncs the WAL
// itself (once for the commits made while another sync ran) before it reports success. What it
// promises is FULL's: every acknowledged commit is in the WAL file on disk — a power cut is not
// something a test can make, so this checks the settings and that the WAL holds the rows.
TEST_P(DatabaseTest, SqliteCommitsAreInTheWalWhenCommitReturns) {
  if (db().engine() != Engine::kSqlite) {
    GTEST_SKIP() << "a SQLite setting";
  }
  ASSERT_TRUE(Migrator(db(), Sample()).Apply());
  {
    auto tx = db().BeginRead();
    int sync = -1;
    std::string journal;
    tx.sql() << "PRAGMA synchronous", soci::into(sync);
    tx.sql() << "PRAGMA journal_mode", soci::into(journal);
    EXPECT_EQ(sync, 1);  // NORMAL
    EXPECT_EQ(journal, "wal");
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 10; ++i) {
        auto tx = db().Begin();
        std::string code = "g" + std::to_string(t) + "-" + std::to_string(i);
        tx.sql() << "INSERT INTO sample_item (code, n) VALUES (:c, :n)", soci::use(code),
            soci::use(i);
        EXPECT_TRUE(tx.Commit());
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  // Another process's view: a fresh connection reads the WAL the commits left.
  auto other = Database::Open({tdb_->url()});
  ASSERT_TRUE(other);
  EXPECT_EQ(CountItems(**other), 40);
}

// A transaction that holds a lock every writer queues on commits before the disk syncs it, so
// that the next writer gets the lock at once; Commit() still returns only when the WAL is
// flushed past its commit record (the durability barrier), and the connection's next
// transaction commits synchronously again. (That the locks go before the flush is what the
// receipt benchmark measures; a test cannot see it.)
TEST_P(DatabaseTest, CommitBeforeSyncReturnsWhenTheCommitIsFlushed) {
  ASSERT_TRUE(Migrator(db(), Sample()).Apply());
  for (int i = 0; i < 20; ++i) {
    auto tx = db().Begin();
    tx.CommitBeforeSync();
    tx.CommitBeforeSync();  // once is enough
    std::string code = "s" + std::to_string(i);
    tx.sql() << "INSERT INTO sample_item (code, n) VALUES (:c, :n)", soci::use(code), soci::use(i);
    if (db().engine() != Engine::kPostgres) {
      ASSERT_TRUE(tx.Commit());
      continue;
    }
    // The transaction's commit record goes after everything it inserted so far.
    std::string written;
    tx.sql() << "SELECT pg_current_wal_insert_lsn()::text", soci::into(written);
    ASSERT_TRUE(tx.Commit());
    auto check = db().BeginRead();
    int flushed = 0;
    check.sql() << "SELECT CASE WHEN pg_current_wal_flush_lsn() > CAST(:w AS pg_lsn) THEN 1"
                   " ELSE 0 END",
        soci::use(written), soci::into(flushed);
    EXPECT_EQ(flushed, 1) << "commit " << i << " returned before the WAL was flushed";
  }
  EXPECT_EQ(CountItems(db()), 20);
  if (db().engine() == Engine::kPostgres) {
    auto tx = db().Begin();
    std::string setting;
    tx.sql() << "SHOW synchronous_commit", soci::into(setting);
    EXPECT_EQ(setting, "on");
  }
}

// Statements sent in the COMMIT's message commit with it, in order; one that fails skips the
// COMMIT, and nothing of the transaction stays. PostgreSQL only: SQLite refuses to commit.
TEST_P(DatabaseTest, StatementsSentWithTheCommitCommitWithIt) {
  ASSERT_TRUE(Migrator(db(), Sample()).Apply());
  if (db().engine() != Engine::kPostgres) {
    auto tx = db().Begin();
    tx.SendWithCommit("SELECT 1");
    EXPECT_EQ(tx.Commit().error().code(), ErrorCode::kInternal);
    return;
  }
  {
    auto tx = db().Begin();
    tx.sql() << "INSERT INTO sample_item (code, n) VALUES ('a', 1)";
    tx.SendWithCommit("INSERT INTO sample_item (code, n) VALUES ('b', 2)");
    tx.SendWithCommit("UPDATE sample_item SET n = n + 10 WHERE code = 'b'");
    tx.CommitBeforeSync();
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = db().BeginRead();
    int n = 0;
    tx.sql() << "SELECT n FROM sample_item WHERE code = 'b'", soci::into(n);
    EXPECT_EQ(n, 12);
  }
  {
    auto tx = db().Begin();
    tx.sql() << "INSERT INTO sample_item (code, n) VALUES ('c', 3)";
    tx.SendWithCommit("INSERT INTO sample_item (code, n) VALUES ('a', 4)");  // a duplicate
    EXPECT_FALSE(tx.Commit());
  }
  EXPECT_EQ(CountItems(db()), 2);
  auto tx = db().Begin();  // the connection works again
  tx.sql() << "INSERT INTO sample_item (code, n) VALUES ('d', 5)";
  ASSERT_TRUE(tx.Commit());
  EXPECT_EQ(CountItems(db()), 3);
}

TEST(DatabaseUrlTest, RejectsUnknownScheme) {
  auto r = Database::Open({"mysql://x"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields().at(0).field, "db");
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest, ::testing::ValuesIn(testing::Engines()),
                         testing::EngineName);

}  // namespace
}  // namespace cqdt::db
