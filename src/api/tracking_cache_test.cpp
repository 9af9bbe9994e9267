// The tracking answers' cache: a right check, the same count of writes and a young entry give the
// kept body; anything else goes the whole way.
#include "tracking_cache.hpp"

#include <gtest/gtest.h>

namespace cqdt::api {
namespace {

using std::chrono::milliseconds;

TEST(TrackingCacheTest, AnswersOnlyWithARightCheckTheSameWritesAndWithinTheTtl) {
  TrackingCache cache(milliseconds(2000));
  const auto t0 = TrackingCache::Clock::now();
  cache.Store("000.00.41.H01-261206-0001", "vi", {"6813", "0123"}, 7, t0, "{\"code\":1}");
  EXPECT_EQ(cache.Find("000.00.41.H01-261206-0001", "vi", "6813", 7, t0), "{\"code\":1}");
  EXPECT_EQ(cache.Find("000.00.41.H01-261206-0001", "vi", "0123", 7, t0 + milliseconds(1999)),
            "{\"code\":1}");
  EXPECT_FALSE(cache.Find("000.00.41.H01-261206-0001", "vi", "6812", 7, t0));  // wrong check
  EXPECT_FALSE(cache.Find("000.00.41.H01-261206-0001", "en", "6813", 7, t0));  // other language
  EXPECT_FALSE(cache.Find("000.00.41.H01-261206-0001", "vi", "6813", 8, t0));  // a write since
  EXPECT_FALSE(cache.Find("000.00.41.H01-261206-0001", "vi", "6813", 7, t0 + milliseconds(2000)));
  EXPECT_FALSE(cache.Find("000.00.41.H01-261206-0002", "vi", "6813", 7, t0));
  EXPECT_FALSE(cache.Find("000.00.41.H01-261206-0001", "vi", "", 7, t0));
}

TEST(TrackingCacheTest, KeepsNothingWhenDisabledAndAtMostItsCapacity) {
  const auto t0 = TrackingCache::Clock::now();
  TrackingCache off(milliseconds(0));
  off.Store("A-1", "vi", {"1234"}, 1, t0, "{}");
  EXPECT_FALSE(off.Find("A-1", "vi", "1234", 1, t0));
  EXPECT_EQ(off.size(), 0U);

  TrackingCache small(milliseconds(1000), 2);
  small.Store("A-1", "vi", {"1234"}, 1, t0, "1");
  small.Store("A-2", "vi", {"1234"}, 1, t0, "2");
  small.Store("A-1", "vi", {"1234"}, 2, t0, "1b");  // replaced in place
  EXPECT_EQ(small.Find("A-1", "vi", "1234", 2, t0), "1b");
  small.Store("A-3", "vi", {"1234"}, 2, t0, "3");  // the oldest key goes
  EXPECT_EQ(small.size(), 2U);
  EXPECT_FALSE(small.Find("A-1", "vi", "1234", 2, t0));
  EXPECT_EQ(small.Find("A-3", "vi", "1234", 2, t0), "3");
}

}  // namespace
}  // namespace cqdt::api
