#include "login_throttle.hpp"

#include <atomic>
#include <latch>
#include <thread>

#include <gtest/gtest.h>

namespace cqdt::identity {
namespace {

using std::chrono::seconds;

TEST(LoginThrottleTest, ConcurrentAttemptsGetAtMostMaxSlots) {
  // 20 threads ask at once and hold their slot until every thread has asked, as 20 concurrent
  // wrong passwords do while their hashes are checked: only `max` of them may be checked.
  FakeClock clock(FromUnixSeconds(1764200000));
  LoginThrottle throttle(clock, seconds(15 * 60));
  constexpr int kThreads = 20;
  std::latch everyone_asked(kThreads);
  std::atomic<int> admitted{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      seconds wait(0);
      auto ticket = throttle.TryAcquire({{"staff:an.nv", 5}, {"ip:10.0.0.1", 20}}, &wait);
      if (ticket) {
        ++admitted;
      } else {
        EXPECT_GT(wait.count(), 0);
        ++refused;
      }
      everyone_asked.arrive_and_wait();
      // The ticket goes out of scope unreleased: a wrong password, counted.
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(admitted.load(), 5);
  EXPECT_EQ(refused.load(), kThreads - 5);
  EXPECT_GT(throttle.Blocked("staff:an.nv", 5).count(), 0);
}

TEST(LoginThrottleTest, ReleasedAttemptsDoNotCount) {
  FakeClock clock(FromUnixSeconds(1764200000));
  LoginThrottle throttle(clock, seconds(60));
  for (int i = 0; i < 10; ++i) {
    auto ticket = throttle.TryAcquire({{"k", 2}});
    ASSERT_TRUE(ticket) << i;
    ticket->Release();
  }
  EXPECT_EQ(throttle.Blocked("k", 2).count(), 0);
}

TEST(LoginThrottleTest, FailuresBlockUntilTheyLeaveTheWindow) {
  FakeClock clock(FromUnixSeconds(1764200000));
  LoginThrottle throttle(clock, seconds(60));
  { auto first = throttle.TryAcquire({{"k", 2}}); }
  clock.Advance(seconds(10));
  { auto second = throttle.TryAcquire({{"k", 2}}); }
  seconds wait(0);
  EXPECT_FALSE(throttle.TryAcquire({{"k", 2}}, &wait));
  EXPECT_EQ(wait.count(), 51);  // the first failure leaves the window 50 s from now
  clock.Advance(seconds(51));
  EXPECT_TRUE(throttle.TryAcquire({{"k", 2}}));
}

TEST(LoginThrottleTest, AnyBlockedKeyRefusesAndReservesNothing) {
  FakeClock clock(FromUnixSeconds(1764200000));
  LoginThrottle throttle(clock, seconds(60));
  { auto t = throttle.TryAcquire({{"account", 1}, {"address", 5}}); }
  EXPECT_FALSE(throttle.TryAcquire({{"account", 1}, {"address", 5}}));
  // The refused attempt took no slot of the address.
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(throttle.TryAcquire({{"other" + std::to_string(i), 1}, {"address", 5}})) << i;
  }
  EXPECT_FALSE(throttle.TryAcquire({{"another", 1}, {"address", 5}}));
}

TEST(LoginThrottleTest, ResetKeepsAttemptsInFlight) {
  FakeClock clock(FromUnixSeconds(1764200000));
  LoginThrottle throttle(clock, seconds(60));
  { auto failed = throttle.TryAcquire({{"k", 2}}); }
  auto in_flight = throttle.TryAcquire({{"k", 2}});
  ASSERT_TRUE(in_flight);
  // A successful login elsewhere forgets the settled failure, not the attempt still running.
  throttle.Reset("k");
  auto next = throttle.TryAcquire({{"k", 2}});
  ASSERT_TRUE(next);
  EXPECT_FALSE(throttle.TryAcquire({{"k", 2}}));
}

}  // namespace
}  // namespace cqdt::identity
