#include <algorithm>
#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/testing.hpp"
#include "numbering/counter_service.hpp"

namespace cqdt::numbering {
namespace {

class CounterServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), Migrations()).Apply());
  }

  // Allocates in its own committed transaction.
  std::int64_t Register(const std::string& key, int year) {
    auto tx = tdb_->db().Begin();
    auto n = counters_.NextRegisterNumber(tx, key, year);
    EXPECT_TRUE(n) << n.error().message();
    EXPECT_TRUE(tx.Commit());
    return n ? *n : -1;
  }
  std::string Dossier(const std::string& agency, Date day) {
    auto tx = tdb_->db().Begin();
    auto code = counters_.NextDossierCode(tx, agency, day);
    EXPECT_TRUE(code) << code.error().message();
    EXPECT_TRUE(tx.Commit());
    return code ? code->Text() : "";
  }

  CounterService counters_;
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

// TT 01/2018/TT-VPCP art. 19 (mot-cua.md M1, M2): NNNN counts the receiving agency's dossiers of
// one day and starts again at 0001 the next day; other agencies count on their own.
TEST_P(CounterServiceTest, Circular01Art19_DossierSequenceRestartsEachDayPerAgency) {
  EXPECT_EQ(Dossier("000.00.04.H40", {2023, 4, 14}), "000.00.04.H40-230414-0001");
  EXPECT_EQ(Dossier("000.00.04.H40", {2023, 4, 14}), "000.00.04.H40-230414-0002");
  EXPECT_EQ(Dossier("000.00.05.H40", {2023, 4, 14}), "000.00.05.H40-230414-0001");
  EXPECT_EQ(Dossier("000.00.04.H40", {2023, 4, 15}), "000.00.04.H40-230415-0001");
}

// Four digits: the 10,000th dossier of a day cannot get a code, and the refusal consumes nothing.
TEST_P(CounterServiceTest, Circular01Art19_DossierSequenceStopsAt9999) {
  {
    auto tx = tdb_->db().Begin();
    tx.sql() << "INSERT INTO numbering_counter (scope, period, last_value) "
                "VALUES ('dossier:000.00.04.H40', '2023-04-14', 9998)";
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(Dossier("000.00.04.H40", {2023, 4, 14}), "000.00.04.H40-230414-9999");
  auto tx = tdb_->db().Begin();
  auto over = counters_.NextDossierCode(tx, "000.00.04.H40", {2023, 4, 14});
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(*counters_.Last(tx, {"dossier:000.00.04.H40", "2023-04-14"}), 9999);
}

TEST_P(CounterServiceTest, Decree61Art26_RejectsADossierAgencyInTheDecision20Layout) {
  auto tx = tdb_->db().Begin();
  auto code = counters_.NextDossierCode(tx, "H40.04", {2023, 4, 14});
  ASSERT_FALSE(code);
  EXPECT_EQ(code.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(*counters_.Last(tx, {"dossier:H40.04", "2023-04-14"}), 0);
}

// Decree 30/2020 art. 15.1 (van-thu.md V4, V5): a register counts from 01 on 1 January; the year
// is the issuing year, whatever the drafting date.
TEST_P(CounterServiceTest, Decree30Art15_RegisterRestartsAtOneOnFirstJanuary) {
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(Register("outgoing:ubnd:qd", 2024), i);
  }
  EXPECT_EQ(Register("outgoing:ubnd:qd", 2025), 1);
  EXPECT_EQ(Register("outgoing:ubnd:qd", 2025), 2);
  EXPECT_EQ(Register("outgoing:ubnd:qd", 2024), 4);  // a late 2024 entry keeps its own year
}

// Decree 30/2020 art. 15.4 (V6): confidential documents have their own series, so a normal and a
// confidential QĐ issued the same day may both be number 05.
TEST_P(CounterServiceTest, Decree30Art15_ConfidentialDocumentsHaveTheirOwnSeries) {
  for (int i = 1; i <= 5; ++i) {
    EXPECT_EQ(Register("outgoing:ubnd:qd", 2025), i);
    EXPECT_EQ(Register("outgoing:ubnd:qd:confidential", 2025), i);
  }
}

// Decree 30/2020 art. 22.2 (V12): paper and electronic incoming documents share one sequence.
TEST_P(CounterServiceTest, Decree30Art22_IncomingPaperAndElectronicShareOneSequence) {
  EXPECT_EQ(Register("incoming:ubnd", 2025), 1);  // paper, 03/03
  EXPECT_EQ(Register("incoming:ubnd", 2025), 2);  // electronic, 04/03
}

TEST_P(CounterServiceTest, RolledBackAllocationLeavesNoGap) {
  EXPECT_EQ(Register("outgoing:snv", 2025), 1);
  {
    auto tx = tdb_->db().Begin();
    EXPECT_EQ(*counters_.NextRegisterNumber(tx, "outgoing:snv", 2025), 2);
    // no commit: the use case failed after taking the number
  }
  EXPECT_EQ(Register("outgoing:snv", 2025), 2);
}

TEST_P(CounterServiceTest, RejectsBadKeys) {
  auto tx = tdb_->db().Begin();
  EXPECT_FALSE(counters_.Next(tx, {"", "2025"}));
  EXPECT_FALSE(counters_.Next(tx, {"a b", "2025"}));
  EXPECT_FALSE(counters_.Next(tx, {"sổ", "2025"}));
  EXPECT_FALSE(counters_.NextRegisterNumber(tx, "x", 99));
  EXPECT_FALSE(counters_.Next(tx, {"x", "2025"}, 0));
}

// Many concurrent allocations from several threads over two connection pools (as two processes
// would), some of them rolled back: the committed values of each counter are exactly 1..n.
TEST_P(CounterServiceTest, ConcurrentAllocationsAreUniqueAndGapFree) {
  db::DatabaseOptions options;
  options.url = tdb_->url();
  options.pool_size = 3;
  auto second = db::Database::Open(options);
  ASSERT_TRUE(second) << second.error().message();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 30;
  const Date day{2025, 7, 1};
  const std::vector<std::string> agencies = {"000.00.21.H01", "000.00.22.H01"};
  std::vector<std::vector<std::string>> committed(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      db::Database& database = t % 2 == 0 ? tdb_->db() : **second;
      for (int i = 0; i < kPerThread; ++i) {
        try {
          auto tx = database.Begin();
          const auto& agency = agencies[static_cast<std::size_t>(i + t) % agencies.size()];
          auto code = counters_.NextDossierCode(tx, agency, day);
          if (!code) {
            ++failures;
            continue;
          }
          if ((i + t) % 4 == 3) {
            continue;  // rolled back: its number goes back to the counter
          }
          if (!tx.Commit()) {
            ++failures;
            continue;
          }
          committed[static_cast<std::size_t>(t)].push_back(code->Text());
        } catch (const std::exception& e) {
          ++failures;
          ADD_FAILURE() << e.what();
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(failures.load(), 0);
  std::set<std::string> all;
  std::size_t total = 0;
  for (const auto& list : committed) {
    total += list.size();
    all.insert(list.begin(), list.end());
  }
  EXPECT_EQ(all.size(), total) << "duplicate dossier codes";
  EXPECT_GT(total, static_cast<std::size_t>(kThreads * kPerThread / 2));
  std::size_t expected_total = 0;
  for (const auto& agency : agencies) {
    auto tx = tdb_->db().BeginRead();
    auto last = counters_.Last(tx, {"dossier:" + agency, FormatIsoDate(day)});
    ASSERT_TRUE(last);
    for (std::int64_t n = 1; n <= *last; ++n) {
      auto code = MakeDossierCode(agency, day, static_cast<int>(n));
      ASSERT_TRUE(code);
      EXPECT_TRUE(all.count(code->Text())) << "gap at " << code->Text();
    }
    expected_total += static_cast<std::size_t>(*last);
  }
  EXPECT_EQ(expected_total, total);
}

INSTANTIATE_TEST_SUITE_P(Engines, CounterServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::numbering
