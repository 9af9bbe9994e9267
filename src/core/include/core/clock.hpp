// Time source. Code that needs "now" takes a Clock& so that tests can fix time.
// Timestamps are UTC; Vietnam's civil time is UTC+7 (no daylight saving), see ToIsoVietnam().
// Thread safety: SystemClock is stateless; FakeClock is safe for concurrent reads and Set().
#pragma once

#include <atomic>
#include <chrono>
#include <string>

namespace cqdt {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(TimePoint::duration(now_.load())); }
  void Set(TimePoint t) { now_ = t.time_since_epoch().count(); }
  void Advance(std::chrono::seconds d) { Set(Now() + d); }

 private:
  std::atomic<TimePoint::rep> now_;
};

// "2026-11-27T05:07:47Z" (UTC, second precision; fractional seconds truncated).
std::string ToIsoUtc(TimePoint t);
// "2026-11-27T12:07:47+07:00" (Vietnam civil time).
std::string ToIsoVietnam(TimePoint t);
// Seconds since the Unix epoch.
std::int64_t ToUnixSeconds(TimePoint t);
TimePoint FromUnixSeconds(std::int64_t s);

}  // namespace cqdt
