// Reading rows as views (db/rows.hpp), on both engines.
#include "db/rows.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/migrator.hpp"
#include "db/testing.hpp"

namespace cqdt::db {
namespace {

using testing::TestDatabase;

class RowsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<TestDatabase>(GetParam(), 1);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set; PostgreSQL case skipped";
    }
    ASSERT_TRUE(Migrator(tdb_->db(), {{"rows", 1, "create_row_item",
                                       "CREATE TABLE row_item (id {{pk}}, code TEXT NOT NULL,"
                                       " note TEXT, n INTEGER)"}})
                    .Apply());
    auto tx = tdb_->db().Begin();
    tx.sql() << "INSERT INTO row_item (code, note, n) VALUES ('a', 'it''s :p0 here', 1),"
                " ('b', NULL, 2), ('c', '', NULL), ('d', 'Quyết định', 4)";
    ASSERT_TRUE(tx.Commit());
  }

  struct Item {
    std::int64_t id;
    std::string code;
    std::string note;
    bool note_null;
    std::int64_t n;
  };
  std::vector<Item> Read(const std::string& sql, const std::vector<SqlParam>& params,
                         std::size_t stop_after = 100) {
    auto tx = tdb_->db().BeginRead();
    std::vector<Item> out;
    ForEachRow(tx, sql, params, [&](const RowView& row) {
      out.push_back({row.Int(0), std::string(row.Text(1)), std::string(row.Text(2)), row.IsNull(2),
                     row.Int(3)});
      return out.size() < stop_after;
    });
    return out;
  }

  std::unique_ptr<TestDatabase> tdb_;
};

TEST_P(RowsTest, ReadsTextIntegersAndNullsWithParametersInOrder) {
  auto rows = Read(
      "SELECT id, code, note, n FROM row_item WHERE code <> :p0 AND (n IS NULL OR n >= :p1)"
      " ORDER BY code",
      {std::string("b"), std::int64_t{1}});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].code, "a");
  EXPECT_EQ(rows[0].note, "it's :p0 here");  // a placeholder inside a literal stays text
  EXPECT_EQ(rows[1].code, "c");
  EXPECT_EQ(rows[1].note, "");
  EXPECT_FALSE(rows[1].note_null);
  EXPECT_EQ(rows[1].n, 0);  // NULL reads as 0
  EXPECT_EQ(rows[2].note, "Quyết định");
  EXPECT_EQ(rows[2].n, 4);
}

TEST_P(RowsTest, NullTextIsEmptyAndCastsAreLeftAlone) {
  const std::string sql =
      GetParam() == "sqlite"
          ? "SELECT id, code, note, CAST(n AS INTEGER) FROM row_item WHERE code = :p0"
          : "SELECT id, code, note, n::bigint FROM row_item WHERE code = :p0";
  auto rows = Read(sql, {std::string("b")});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0].note_null);
  EXPECT_EQ(rows[0].note, "");
  EXPECT_EQ(rows[0].n, 2);
}

TEST_P(RowsTest, StopsWhenTheCallbackSaysSoAndTheConnectionGoesOn) {
  auto rows = Read("SELECT id, code, note, n FROM row_item ORDER BY code", {}, 2);
  EXPECT_EQ(rows.size(), 2u);
  // The same connection (the pool holds one) writes afterwards: nothing was left open.
  {
    auto tx = tdb_->db().Begin();
    tx.sql() << "INSERT INTO row_item (code) VALUES ('e')";
    EXPECT_TRUE(tx.Commit());
  }
  EXPECT_EQ(Read("SELECT id, code, note, n FROM row_item", {}).size(), 5u);
}

TEST_P(RowsTest, AnEngineErrorIsThrownAndAMissingParameterToo) {
  auto tx = tdb_->db().BeginRead();
  auto ignore = [](const RowView&) { return true; };
  EXPECT_THROW(ForEachRow(tx, "SELECT nothing FROM no_such_table", {}, ignore), soci::soci_error);
  if (tx.engine() == Engine::kSqlite) {
    EXPECT_THROW(ForEachRow(tx, "SELECT id FROM row_item", {std::int64_t{1}}, ignore),
                 soci::soci_error);
  }
}

TEST_P(RowsTest, AThrowingCallbackLeavesTheConnectionUsable) {
  {
    auto tx = tdb_->db().BeginRead();
    EXPECT_THROW(ForEachRow(tx, "SELECT id, code FROM row_item", {},
                            [](const RowView&) -> bool { throw std::runtime_error("stop"); }),
                 std::runtime_error);
  }
  auto tx = tdb_->db().Begin();
  tx.sql() << "DELETE FROM row_item WHERE code = 'a'";
  EXPECT_TRUE(tx.Commit());
}

INSTANTIATE_TEST_SUITE_P(Engines, RowsTest, ::testing::ValuesIn(testing::Engines()),
                         testing::EngineName);

}  // namespace
}  // namespace cqdt::db
