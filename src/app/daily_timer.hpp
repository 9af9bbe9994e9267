// The server's daily jobs: a thread that runs a job once a day at an hour (Vietnam time), and
// once at start when that hour has passed today — the deadline reminders of issue 10 (item 5,
// `[documents] remind_hour`; deduplicated per day) and the Decision 766 snapshots of issue 13
// (item 9, `[index766] snapshot_hour`; one row per day and unit). A job must be idempotent for
// its day: a restart, or a second instance, runs it again. Stopped and joined by the destructor.
// Thread safety: constructed and destroyed by one thread; the job runs on the timer's thread
// with its own transactions.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/clock.hpp"

namespace cqdt::app {

class DailyTimer {
 public:
  // `hour` 0..23. `job` catches what it can and must not throw; the clock must outlive the timer.
  DailyTimer(const Clock& clock, int hour, std::function<void()> job);
  ~DailyTimer();
  DailyTimer(const DailyTimer&) = delete;
  DailyTimer& operator=(const DailyTimer&) = delete;

  // The next run at or after `now`: today at `hour` in Vietnam if that is still ahead, else
  // tomorrow's.
  static TimePoint NextRun(TimePoint now, int hour);

 private:
  void Loop();
  void RunOnce();

  const Clock& clock_;
  const int hour_;
  const std::function<void()> job_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cqdt::app
