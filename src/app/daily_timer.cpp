#include "daily_timer.hpp"

#include <spdlog/spdlog.h>

namespace cqdt::app {

namespace {
constexpr std::int64_t kVietnamOffset = 7 * 3600;
constexpr std::int64_t kDay = 24 * 3600;
}  // namespace

DailyTimer::DailyTimer(const Clock& clock, int hour, std::function<void()> job)
    : clock_(clock), hour_(hour), job_(std::move(job)) {
  thread_ = std::thread([this] { Loop(); });
}

DailyTimer::~DailyTimer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

TimePoint DailyTimer::NextRun(TimePoint now, int hour) {
  const std::int64_t local = ToUnixSeconds(now) + kVietnamOffset;
  const std::int64_t midnight = local - ((local % kDay) + kDay) % kDay;
  std::int64_t at = midnight + hour * 3600;
  if (at < local) {
    at += kDay;
  }
  return FromUnixSeconds(at - kVietnamOffset);
}

void DailyTimer::RunOnce() {
  try {
    job_();
  } catch (const std::exception& e) {
    // An infrastructure fault (the database away): log it and try again tomorrow.
    spdlog::error("việc hằng ngày lỗi / daily job error: {}", e.what());
  }
}

void DailyTimer::Loop() {
  // Started after today's hour: today's run now (the jobs are idempotent per day).
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
