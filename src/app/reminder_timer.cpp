#include "reminder_timer.hpp"

#include <spdlog/spdlog.h>

namespace cqdt::app {

namespace {
constexpr std::int64_t kVietnamOffset = 7 * 3600;
constexpr std::int64_t kDay = 24 * 3600;
}  // namespace

ReminderTimer::ReminderTimer(db::Database& db, const documents::QueueService& queues,
                             const Clock& clock, int hour)
    : db_(db), queues_(queues), clock_(clock), hour_(hour) {
  thread_ = std::thread([this] { Loop(); });
}

ReminderTimer::~ReminderTimer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

TimePoint ReminderTimer::NextRun(TimePoint now, int hour) {
  const std::int64_t local = ToUnixSeconds(now) + kVietnamOffset;
  const std::int64_t midnight = local - ((local % kDay) + kDay) % kDay;
  std::int64_t at = midnight + hour * 3600;
  if (at < local) {
    at += kDay;
  }
  return FromUnixSeconds(at - kVietnamOffset);
}

void ReminderTimer::RunOnce() {
  try {
    auto tx = db_.Begin();
    auto report = queues_.Remind(tx);
    if (!report) {
      spdlog::warn("nhắc hạn văn bản không chạy được / document reminders failed: {}",
                   report.error().message());
      return;
    }
    if (auto st = tx.Commit(); !st) {
      spdlog::warn("nhắc hạn văn bản không lưu được / document reminders not saved: {}",
                   st.error().message());
      return;
    }
    spdlog::info(
        "nhắc hạn văn bản / document reminders: {} sắp đến hạn / due soon, {} quá hạn / "
        "overdue",
        report->due_tomorrow, report->overdue);
  } catch (const std::exception& e) {
    // An infrastructure fault (the database away): log it and try again tomorrow.
    spdlog::error("nhắc hạn văn bản lỗi / document reminders error: {}", e.what());
  }
}

void ReminderTimer::Loop() {
  // Started after today's hour: today's reminders now (deduplicated per day).
  const std::int64_t local = ToUnixSeconds(clock_.Now()) + kVietnamOffset;
  if (((local % kDay) + kDay) % kDay >= hour_ * 3600) {
    RunOnce();
  }
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const TimePoint next = NextRun(clock_.Now() + std::chrono::seconds(1), hour_);
    if (wake_.wait_until(lock, next, [this] { return stopping_; })) {
      break;
    }
    lock.unlock();
    RunOnce();
    lock.lock();
  }
}

}  // namespace cqdt::app
