// The server's daily reminders (issue 10, item 5): a thread that runs
// documents::QueueService::Remind once a day at `[documents] remind_hour` (Vietnam time), and
// once at start when that hour has passed today (the notices are deduplicated per day, so a
// restart never notifies twice). Stopped and joined by the destructor.
// Thread safety: constructed and destroyed by one thread; the work runs on its own thread with
// its own transactions.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "documents/queue_service.hpp"

namespace cqdt::app {

class ReminderTimer {
 public:
  // `hour` 0..23. The collaborators must outlive the timer.
  ReminderTimer(db::Database& db, const documents::QueueService& queues, const Clock& clock,
                int hour);
  ~ReminderTimer();
  ReminderTimer(const ReminderTimer&) = delete;
  ReminderTimer& operator=(const ReminderTimer&) = delete;

  // The next run at or after `now`: today at `hour` in Vietnam if that is still ahead, else
  // tomorrow's.
  static TimePoint NextRun(TimePoint now, int hour);

 private:
  void Loop();
  void RunOnce();

  db::Database& db_;
  const documents::QueueService& queues_;
  const Clock& clock_;
  const int hour_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cqdt::app
