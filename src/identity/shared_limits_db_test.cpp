#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/attempt_throttle.hpp"
#include "db/migrator.hpp"
#include "db/testing.hpp"
#include "identity/identity_service.hpp"
#include "identity/shared_limits.hpp"
#include "login_throttle.hpp"

namespace cqdt::identity {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

class SharedLimitsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 8);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    std::vector<db::Migration> all;
    for (auto ms : {audit::Migrations(), org::Migrations(), Migrations()}) {
      all.insert(all.end(), ms.begin(), ms.end());
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), all).Apply());
  }

  FakeClock clock_{FromUnixSeconds(1795745700)};
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

// Two instances (two stores, two throttles) on one database: twenty concurrent wrong guesses
// against a limit of 5 get exactly 5 checks between them, because each attempt is counted when
// it is admitted, under a lock on its key, not after its check.
TEST_P(SharedLimitsTest, ConcurrentGuessesAcrossInstancesGetExactlyTheLimit) {
  SharedLimits store_a(tdb_->db(), "signing");
  SharedLimits store_b(tdb_->db(), "signing");
  AttemptThrottle a(clock_, minutes(15));
  AttemptThrottle b(clock_, minutes(15));
  a.UseStore(&store_a);
  b.UseStore(&store_b);
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      auto attempt = (i % 2 == 0 ? a : b).Begin({{"user:lanhdao", 5}, {"key:lanhdao", 5}});
      if (attempt.admitted()) {
        ++admitted;  // a wrong secret: the attempt is left counted
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(admitted.load(), 5);
  auto refused = b.Begin({{"user:lanhdao", 5}});
  EXPECT_FALSE(refused.admitted());
  EXPECT_GE(refused.retry_after().count(), 1);
  EXPECT_GT(a.RetryAfter({{"key:lanhdao", 5}}).count(), 0);
  // Another scope does not see these keys.
  SharedLimits login(tdb_->db(), "login");
  AttemptThrottle other(clock_, minutes(15));
  other.UseStore(&login);
  EXPECT_TRUE(other.Begin({{"user:lanhdao", 5}}).admitted());
}

TEST_P(SharedLimitsTest, FailuresLeaveTheWindowAndTheFirstRefusalIsReportedOnce) {
  SharedLimits store(tdb_->db(), "signing");
  AttemptThrottle t(clock_, minutes(15));
  t.UseStore(&store);
  for (int i = 1; i <= 3; ++i) {
    auto attempt = t.Begin({{"user:an", 3}});
    ASSERT_TRUE(attempt.admitted());
    EXPECT_EQ(attempt.failures(), std::vector<int>{i});
    clock_.Advance(seconds(60));
  }
  auto first = t.Begin({{"user:an", 3}});
  EXPECT_FALSE(first.admitted());
  EXPECT_TRUE(first.first_refusal());
  // The oldest failure, three minutes old, leaves the window in twelve minutes.
  EXPECT_EQ(first.retry_after(), seconds(12 * 60 + 1));
  EXPECT_FALSE(t.Begin({{"user:an", 3}}).first_refusal());
  clock_.Advance(minutes(13));
  EXPECT_TRUE(t.Begin({{"user:an", 3}}).admitted());
}

TEST_P(SharedLimitsTest, SuccessClearsAndAbandonWithdraws) {
  SharedLimits store(tdb_->db(), "signing");
  AttemptThrottle t(clock_, minutes(15));
  t.UseStore(&store);
  { auto failed = t.Begin({{"k", 2}}); }
  {
    auto abandoned = t.Begin({{"k", 2}});
    ASSERT_TRUE(abandoned.admitted());
    abandoned.Abandoned();
  }
  auto right = t.Begin({{"k", 2}});
  ASSERT_TRUE(right.admitted());
  EXPECT_EQ(right.failures(), std::vector<int>{2});
  right.Succeeded();
  EXPECT_EQ(t.RetryAfter({{"k", 1}}).count(), 0);
}

// The login throttle over the store: a success resets the account's settled failures but not
// the attempts still in flight, which may yet fail.
TEST_P(SharedLimitsTest, LoginResetKeepsAttemptsInFlight) {
  SharedLimits store(tdb_->db(), "login");
  LoginThrottle throttle(clock_, minutes(15));
  throttle.UseStore(&store);
  { auto failed = throttle.TryAcquire({{"staff:an", 2}}); }
  auto in_flight = throttle.TryAcquire({{"staff:an", 2}});
  ASSERT_TRUE(in_flight);
  seconds wait(0);
  EXPECT_FALSE(throttle.TryAcquire({{"staff:an", 2}}, &wait));
  EXPECT_GT(wait.count(), 0);
  throttle.Reset("staff:an");
  auto next = throttle.TryAcquire({{"staff:an", 2}});
  EXPECT_TRUE(next);
  EXPECT_FALSE(throttle.TryAcquire({{"staff:an", 2}}));
  next->Release();
  EXPECT_EQ(throttle.Blocked("staff:an", 2).count(), 0);
}

TEST_P(SharedLimitsTest, RequestRateHoldsAcrossInstancesInASlidingMinute) {
  SharedLimits a(tdb_->db(), "rate");
  SharedLimits b(tdb_->db(), "rate");
  clock_.Set(FromUnixSeconds(1795745700 / 60 * 60));  // the start of a minute
  int allowed = 0;
  for (int i = 0; i < 10; ++i) {
    allowed += (i % 2 == 0 ? a : b).Allow("portal.tracking@10.0.0.1", 6, clock_.Now()) ? 1 : 0;
  }
  EXPECT_EQ(allowed, 6);
  EXPECT_TRUE(a.Allow("portal.tracking@10.0.0.2", 6, clock_.Now()));
  // Half a minute into the next minute, half of the previous minute's ten still count.
  clock_.Advance(seconds(90));
  EXPECT_TRUE(b.Allow("portal.tracking@10.0.0.1", 6, clock_.Now()));   // 1 + 5
  EXPECT_FALSE(a.Allow("portal.tracking@10.0.0.1", 6, clock_.Now()));  // 2 + 5
  clock_.Advance(minutes(2));
  EXPECT_TRUE(a.Allow("portal.tracking@10.0.0.1", 6, clock_.Now()));
}

INSTANTIATE_TEST_SUITE_P(Engines, SharedLimitsTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::identity
