// The server's daily orphan sweep (daily_jobs.hpp): once per Vietnam day, whatever runs it again
// (a restart, a second instance), removing only old files that no row names.
#include "daily_jobs.hpp"

#include <fcntl.h>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "testing_migrated_db.hpp"

namespace cqdt::app {
namespace {

class DailySweepTest : public MigratedDatabaseTest {
 protected:
  void SetUp() override {
    MigratedDatabaseTest::SetUp();
    store_ = std::move(blob::FileBlobStore::Open(dir_ / "blobs")).value();
  }
  void TearDown() override {
    store_.reset();
    MigratedDatabaseTest::TearDown();
  }
  // Stores `bytes` as a blob no row names, its mtime two days back.
  std::string OldOrphan(const std::string& bytes) {
    const std::string key = store_->Put(bytes)->sha256;
    struct timespec times[2];
    times[0].tv_sec = times[1].tv_sec = ::time(nullptr) - 48 * 3600;
    times[0].tv_nsec = times[1].tv_nsec = 0;
    EXPECT_EQ(::utimensat(AT_FDCWD, store_->PathOf(key).c_str(), times, 0), 0);
    return key;
  }
  bool Stored(const std::string& key) { return std::filesystem::exists(store_->PathOf(key)); }

  std::unique_ptr<blob::FileBlobStore> store_;
};

TEST_F(DailySweepTest, RemovesOldOrphansOncePerVietnamDay) {
  // 23:30 in Vietnam, the next Vietnam day 30 minutes later, on the day whose 23:30 lies within
  // 12 hours of now either way: the grace period is measured against the files' real mtimes, so
  // the young file (stored now) stays under 24 hours old through the test's 40 minutes and the
  // old ones (48 hours back) are past it, whatever the time of day the test runs. (Today's 23:30
  // failed for a run just after midnight in Vietnam: 40 minutes later was 24 h 10 min on.)
  constexpr std::int64_t kEvening = 23 * 3600 + 1800;
  const std::int64_t latest = ToUnixSeconds(SystemClock().Now()) + 7 * 3600 + 12 * 3600;
  const std::int64_t local = latest - ((latest - kEvening) % 86400 + 86400) % 86400;
  FakeClock clock(FromUnixSeconds(local - 7 * 3600));
  const std::string first = OldOrphan("tệp thừa thứ nhất");
  const std::string young = store_->Put("tệp vừa lưu")->sha256;

  SweepBlobs(*db_, *store_, clock);
  EXPECT_FALSE(Stored(first)) << "an old file no row names is removed";
  EXPECT_TRUE(Stored(young)) << "a file stored within 24 hours is spared";

  // The same day again (a restart, a second instance): the day is taken, nothing is swept.
  const std::string second = OldOrphan("tệp thừa thứ hai");
  clock.Advance(std::chrono::minutes(20));
  SweepBlobs(*db_, *store_, clock);
  EXPECT_TRUE(Stored(second));

  // The next Vietnam day sweeps again.
  clock.Advance(std::chrono::minutes(20));
  SweepBlobs(*db_, *store_, clock);
  EXPECT_FALSE(Stored(second));
  EXPECT_TRUE(Stored(young));
}

}  // namespace
}  // namespace cqdt::app
