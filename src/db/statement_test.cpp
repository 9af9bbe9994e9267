// The per-connection statement cache (db/statement.hpp), on both engines.
#include "db/statement.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/migrator.hpp"
#include "db/testing.hpp"

namespace cqdt::db {
namespace {

using testing::TestDatabase;

class StatementCacheTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    // One connection, so that every transaction below reuses the same one.
    tdb_ = std::make_unique<TestDatabase>(GetParam(), 1);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set; PostgreSQL case skipped";
    }
    ASSERT_TRUE(Migrator(db(), {{"cache", 1, "create_item",
                                 "CREATE TABLE cache_item (id {{pk}}, code TEXT NOT NULL UNIQUE,"
                                 " n {{bigint}})"}})
                    .Apply());
  }
  Database& db() { return tdb_->db(); }

  void Insert(Transaction& tx, const std::string& code, long long n) {
    db::Run(tx, "INSERT INTO cache_item (code, n) VALUES (:c, :n)", soci::use(code), soci::use(n));
  }
  // The n of `code`, nullopt when there is no such row.
  std::optional<long long> Find(Transaction& tx, const std::string& code) {
    long long n = 0;
    auto st =
        db::Run(tx, "SELECT n FROM cache_item WHERE code = :c", soci::use(code), soci::into(n));
    if (!st.got_data()) {
      return std::nullopt;
    }
    return n;
  }
  std::vector<std::string> Codes(Transaction& tx, long long min) {
    std::string code;
    auto st = Prepare(tx, "SELECT code FROM cache_item WHERE n >= :m ORDER BY n", soci::use(min),
                      soci::into(code));
    st->execute(false);
    std::vector<std::string> out;
    while (st->fetch()) {
      out.push_back(code);
    }
    return out;
  }

  std::unique_ptr<TestDatabase> tdb_;
};

TEST_P(StatementCacheTest, ReusesOnePreparedStatementAcrossTransactions) {
  const void* first = nullptr;
  for (int i = 0; i < 3; ++i) {
    auto tx = db().Begin();
    Insert(tx, "c" + std::to_string(i), i);
    auto st = Prepare(tx, "SELECT COUNT(*) FROM cache_item");
    if (first == nullptr) {
      first = st->get_backend();
    }
    EXPECT_EQ(st->get_backend(), first) << "prepared again in transaction " << i;
    ASSERT_TRUE(tx.Commit());
  }
}

TEST_P(StatementCacheTest, BindsEachCallsOwnVariables) {
  {
    auto tx = db().Begin();
    Insert(tx, "a", 1);
    Insert(tx, "b", 2);
    Insert(tx, "c", 3);
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = db().BeginRead();
  EXPECT_EQ(Find(tx, "a"), 1);
  EXPECT_EQ(Find(tx, "c"), 3);
  EXPECT_EQ(Find(tx, "zz"), std::nullopt);  // no row: got_data() false, not the last row's n
  EXPECT_EQ(Codes(tx, 2), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(Codes(tx, 1), (std::vector<std::string>{"a", "b", "c"}));
}

TEST_P(StatementCacheTest, WorksAfterRollbackAndAfterAFailedStatement) {
  {
    auto tx = db().Begin();
    Insert(tx, "kept", 1);
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = db().Begin();
    Insert(tx, "rolled-back", 2);
  }  // rolled back
  {
    auto tx = db().Begin();
    try {
      Insert(tx, "kept", 3);  // the cached INSERT fails on the unique code
      FAIL() << "expected a unique violation";
    } catch (const std::exception& e) {
      EXPECT_TRUE(IsUniqueViolation(e)) << e.what();
    }
  }  // rolled back (PostgreSQL: the transaction was aborted)
  {
    auto tx = db().Begin();
    Insert(tx, "after", 4);
    EXPECT_EQ(Find(tx, "rolled-back"), std::nullopt);
    EXPECT_EQ(Find(tx, "after"), 4);
    ASSERT_TRUE(tx.Commit());
  }
  auto rt = db().BeginRead();
  EXPECT_EQ(Codes(rt, 0), (std::vector<std::string>{"kept", "after"}));
}

TEST_P(StatementCacheTest, NestedUseOfOneTextGetsItsOwnStatement) {
  {
    auto tx = db().Begin();
    Insert(tx, "a", 1);
    Insert(tx, "b", 2);
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = db().BeginRead();
  std::string code;
  long long min = 0;
  auto outer = Prepare(tx, "SELECT code FROM cache_item WHERE n >= :m ORDER BY n", soci::use(min),
                       soci::into(code));
  outer->execute(false);
  std::vector<std::string> seen;
  while (outer->fetch()) {
    seen.push_back(code + ":" + std::to_string(Codes(tx, 2).size()));  // the same text, nested
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"a:1", "b:1"}));
}

TEST_P(StatementCacheTest, ABadTextIsNotCached) {
  auto tx = db().BeginRead();
  EXPECT_ANY_THROW(Prepare(tx, "SELECT nothing FROM no_such_table"));
  if (tx.engine() == Engine::kPostgres) {
    return;  // the transaction is aborted now
  }
  EXPECT_ANY_THROW(Prepare(tx, "SELECT nothing FROM no_such_table"));
}

INSTANTIATE_TEST_SUITE_P(Engines, StatementCacheTest, ::testing::ValuesIn(testing::Engines()),
                         testing::EngineName);

}  // namespace
}  // namespace cqdt::db
