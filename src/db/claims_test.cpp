// db/claims.hpp on SQLite and PostgreSQL, with two Database handles on one database standing for
// two instances of cqdt (decision 0024).
#include "db/claims.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/migrator.hpp"
#include "db/testing.hpp"

namespace cqdt::db {
namespace {

class ClaimsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<testing::TestDatabase>(GetParam());
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set; PostgreSQL case skipped";
    }
    ASSERT_TRUE(Migrator(tdb_->db(), {{"sample", 1, "create_job",
                                       "CREATE TABLE sample_job (id {{pk}}, n INTEGER NOT NULL)"}})
                    .Apply());
    auto other = Database::Open({tdb_->url(), 4});
    ASSERT_TRUE(other) << other.error().message();
    second_ = std::move(other).value();
  }
  void TearDown() override { second_.reset(); }

  Database& first() { return tdb_->db(); }
  Database& second() { return *second_; }
  bool postgres() const { return GetParam() == "postgresql"; }

  std::unique_ptr<testing::TestDatabase> tdb_;
  std::unique_ptr<Database> second_;
};

TEST_P(ClaimsTest, APeriodIsTakenOnceAndAgainAfterARollback) {
  {
    auto tx = first().Begin();
    EXPECT_TRUE(TakePeriod(tx, "sample.daily", "2026-12-07", 100));
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = second().Begin();
    EXPECT_FALSE(TakePeriod(tx, "sample.daily", "2026-12-07", 101));
    EXPECT_FALSE(TakePeriod(tx, "sample.daily", "2026-12-06", 101));  // an earlier one: past
    EXPECT_TRUE(TakePeriod(tx, "sample.other", "2026-12-07", 101));   // another job
  }  // rolled back: sample.other's day is free again
  {
    auto tx = second().Begin();
    EXPECT_TRUE(TakePeriod(tx, "sample.other", "2026-12-07", 102));
    EXPECT_TRUE(TakePeriod(tx, "sample.daily", "2026-12-08", 102));
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = first().Begin();
  EXPECT_FALSE(TakePeriod(tx, "sample.daily", "2026-12-08", 103));
}

// Four threads on each of two handles take the same 30 periods: each period is taken by one
// transaction only, whichever handle it ran on.
TEST_P(ClaimsTest, TwoInstancesRacingTakeEachPeriodOnce) {
  constexpr int kPeriods = 30;
  std::mutex mutex;
  std::map<int, int> taken;
  std::atomic<int> faults{0};
  auto racer = [&](Database* db) {
    for (int p = 0; p < kPeriods; ++p) {
      try {
        auto tx = db->Begin();
        char period[8];
        std::snprintf(period, sizeof period, "%04d", p);
        if (TakePeriod(tx, "sample.race", period, p)) {
          if (!tx.Commit()) {
            faults += 1;
            continue;
          }
          std::lock_guard lock(mutex);
          taken[p] += 1;
        }
      } catch (const std::exception& e) {
        faults += 1;
        ADD_FAILURE() << e.what();
      }
    }
  };
  std::vector<std::thread> threads;
  for (int k = 0; k < 8; ++k) {
    threads.emplace_back(racer, k % 2 == 0 ? &first() : &second());
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(faults.load(), 0);
  ASSERT_EQ(taken.size(), static_cast<std::size_t>(kPeriods));
  for (const auto& [p, n] : taken) {
    EXPECT_EQ(n, 1) << "period " << p;
  }
}

TEST_P(ClaimsTest, AJobLockIsHeldByOneTransactionAtATime) {
  auto a = first().Begin();
  ASSERT_TRUE(TryJobLock(a, "sample.pass"));
  if (!postgres()) {
    EXPECT_STREQ(SkipLocked(Engine::kSqlite), "");
    return;  // SQLite: the write transaction itself excludes the other writer
  }
  {
    auto b = second().Begin();
    EXPECT_FALSE(TryJobLock(b, "sample.pass"));
    EXPECT_TRUE(TryJobLock(b, "sample.other"));
  }
  ASSERT_TRUE(a.Commit());  // released with the transaction
  auto b = second().Begin();
  EXPECT_TRUE(TryJobLock(b, "sample.pass"));
}

// PostgreSQL: a second instance's claim passes over the rows the first one's transaction holds,
// without waiting for it.
TEST_P(ClaimsTest, SkipLockedPassesOverTheRowsAnotherInstanceHolds) {
  if (!postgres()) {
    GTEST_SKIP() << "SQLite has one writer: nothing to skip";
  }
  {
    auto tx = first().Begin();
    for (int i = 0; i < 6; ++i) {
      tx.sql() << "INSERT INTO sample_job (n) VALUES (:n)", soci::use(i);
    }
    ASSERT_TRUE(tx.Commit());
  }
  auto pick = [&](Transaction& tx) {
    std::vector<long long> ids;
    long long id = 0;
    soci::statement st = (tx.sql().prepare << std::string("SELECT id FROM sample_job ORDER BY id"
                                                          " LIMIT 3") +
                                                  SkipLocked(tx.engine()),
                          soci::into(id));
    st.execute(false);
    while (st.fetch()) {
      ids.push_back(id);
    }
    return ids;
  };
  auto a = first().Begin();
  const auto mine = pick(a);
  ASSERT_EQ(mine.size(), 3u);
  auto b = second().Begin();
  const auto theirs = pick(b);
  ASSERT_EQ(theirs.size(), 3u);
  for (long long id : theirs) {
    EXPECT_EQ(std::count(mine.begin(), mine.end(), id), 0) << id;
  }
}

// Two instances starting at once on an empty database both migrate it: one creates the tables,
// the other waits and finds them (on PostgreSQL a concurrent CREATE TABLE IF NOT EXISTS fails).
TEST_P(ClaimsTest, TwoInstancesMigrateAnEmptyDatabaseAtOnce) {
  testing::TestDatabase fresh(GetParam(), 2);
  ASSERT_FALSE(fresh.skipped());
  auto other = Database::Open({fresh.url(), 2});
  ASSERT_TRUE(other) << other.error().message();
  const std::vector<Migration> sample = {
      {"sample", 1, "create_item", "CREATE TABLE sample_item (id {{pk}}, n INTEGER)"}};
  Result<int> applied[2] = {0, 0};
  std::thread a([&] { applied[0] = Migrator(fresh.db(), sample).Apply(); });
  std::thread b([&] { applied[1] = Migrator(**other, sample).Apply(); });
  a.join();
  b.join();
  ASSERT_TRUE(applied[0]) << applied[0].error().message();
  ASSERT_TRUE(applied[1]) << applied[1].error().message();
  EXPECT_EQ(*applied[0] + *applied[1], 1);
  auto tx = (*other)->Begin();
  EXPECT_TRUE(TakePeriod(tx, "sample.daily", "2026-12-07", 1));  // db_job_period is there
}

INSTANTIATE_TEST_SUITE_P(Engines, ClaimsTest, ::testing::ValuesIn(testing::Engines()),
                         testing::EngineName);

}  // namespace
}  // namespace cqdt::db
