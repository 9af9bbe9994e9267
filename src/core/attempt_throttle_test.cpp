#include "core/attempt_throttle.hpp"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace cqdt {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const TimePoint kStart = FromUnixSeconds(1795745700);

std::vector<AttemptThrottle::Limit> UserAndKey(int max = 5) {
  return {{"user:lanhdao", max}, {"key:lanhdao", max}};
}

// The attempt counts from the moment it is admitted: twenty requests that are all still checking
// their secret leave no room for a sixth. (A throttle that asks "blocked?" and records the
// failure only after the check admits all twenty.)
TEST(AttemptThrottleTest, CountsAnAttemptWhenItIsAdmitted) {
  FakeClock clock(kStart);
  AttemptThrottle throttle(clock, minutes(15));
  std::vector<AttemptThrottle::Attempt> in_flight;
  int admitted = 0;
  for (int i = 0; i < 20; ++i) {
    auto a = throttle.Begin(UserAndKey());
    if (a.admitted()) {
      ++admitted;
      in_flight.push_back(std::move(a));
    } else {
      EXPECT_GT(a.retry_after().count(), 0);
    }
  }
  EXPECT_EQ(admitted, 5);
}

TEST(AttemptThrottleTest, ConcurrentAttemptsNeverExceedTheLimit) {
  FakeClock clock(kStart);
  AttemptThrottle throttle(clock, minutes(15));
  std::atomic<int> admitted{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&] {
      while (!go.load()) {
        std::this_thread::yield();
      }
      auto a = throttle.Begin(UserAndKey());
      if (a.admitted()) {
        ++admitted;  // a wrong secret: the attempt is left counted
      }
    });
  }
  go = true;
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(admitted.load(), 5);
}

TEST(AttemptThrottleTest, EitherKeyBlocks) {
  FakeClock clock(kStart);
  AttemptThrottle throttle(clock, minutes(15));
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(throttle.Begin({{"user:a", 3}, {"key:k", 10}}).admitted());
  }
  // Another user, same key: the key still has room.
  EXPECT_TRUE(throttle.Begin({{"user:b", 3}, {"key:k", 10}}).admitted());
  // The same user, another key: the user is blocked.
  EXPECT_FALSE(throttle.Begin({{"user:a", 3}, {"key:other", 10}}).admitted());
}

TEST(AttemptThrottleTest, ReportsTheCountAndTheFirstRefusal) {
  FakeClock clock(kStart);
  AttemptThrottle throttle(clock, minutes(15));
  auto first = throttle.Begin(UserAndKey(2));
  ASSERT_TRUE(first.admitted());
  EXPECT_EQ(first.failures(), (std::vector<int>{1, 1}));
  auto second = throttle.Begin(UserAndKey(2));
  EXPECT_EQ(second.failures(), (std::vector<int>{2, 2}));
  auto refused = throttle.Begin(UserAndKey(2));
  ASSERT_FALSE(refused.admitted());
  EXPECT_TRUE(refused.first_refusal());
  EXPECT_FALSE(throttle.Begin(UserAndKey(2)).first_refusal());
}

TEST(AttemptThrottleTest, FailuresLeaveTheWindow) {
  FakeClock clock(kStart);
  AttemptThrottle throttle(clock, minutes(15));
  for (int i = 0; i < 5; ++i) {
    (void)throttle.Begin(UserAndKey());
    clock.Advance(seconds(60));
  }
  auto refused = throttle.Begin(UserAndKey());
  ASSERT_FALSE(refused.admitted());
  // The first failure (at +0) leaves the window at +15 min; now is +5 min.
  EXPECT_EQ(refused.retry_after(), seconds(10 * 60 + 1));
  EXPECT_EQ(throttle.RetryAfter(UserAndKey()), seconds(10 * 60 + 1));
  clock.Advance(seconds(10 * 60));
  auto again = throttle.Begin(UserAndKey());
  EXPECT_TRUE(again.admitted());
  EXPECT_EQ(throttle.RetryAfter(UserAndKey()).count(), 60 + 1);
}

TEST(AttemptThrottleTest, SuccessClearsAndAbandonWithdraws) {
  FakeClock clock(kStart);
  AttemptThrottle throttle(clock, minutes(15));
  for (int i = 0; i < 4; ++i) {
    (void)throttle.Begin(UserAndKey());
  }
  auto unreachable = throttle.Begin(UserAndKey());
  ASSERT_TRUE(unreachable.admitted());
  unreachable.Abandoned();  // no verdict: the fifth slot is free again
  auto right = throttle.Begin(UserAndKey());
  ASSERT_TRUE(right.admitted());
  EXPECT_EQ(right.failures(), (std::vector<int>{5, 5}));
  right.Succeeded();
  EXPECT_EQ(throttle.RetryAfter(UserAndKey()).count(), 0);
  EXPECT_EQ(throttle.Begin(UserAndKey()).failures(), (std::vector<int>{1, 1}));
}

TEST(AttemptThrottleTest, MemoryIsBounded) {
  FakeClock clock(kStart);
  AttemptThrottle throttle(clock, minutes(15), /*max_keys=*/8);
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(throttle.Begin({{"user:" + std::to_string(i), 1}}).admitted());
  }
  // Still working after the table was trimmed.
  EXPECT_TRUE(throttle.Begin({{"user:fresh", 1}}).admitted());
  EXPECT_FALSE(throttle.Begin({{"user:fresh", 1}}).admitted());
}

}  // namespace
}  // namespace cqdt
