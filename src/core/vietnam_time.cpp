// Vietnam civil time (UTC+7, no daylight saving) of the working calendar's LocalDateTime
// (declared in core/working_calendar.hpp).
#include <cstdio>

#include "core/lunar_calendar.hpp"
#include "core/working_calendar.hpp"

namespace cqdt {

namespace {
constexpr std::int64_t kUnixEpochJulianDay = 2440588;  // 1970-01-01
constexpr std::int64_t kVietnamOffsetSeconds = 7 * 3600;
}  // namespace

LocalDateTime ToVietnamLocal(TimePoint t) {
  std::int64_t s = ToUnixSeconds(t) + kVietnamOffsetSeconds;
  std::int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
  std::int64_t rest = s - days * 86400;
  return LocalDateTime{FromJulianDay(kUnixEpochJulianDay + days), static_cast<int>(rest / 3600),
                       static_cast<int>(rest % 3600 / 60)};
}

TimePoint FromVietnamLocal(const LocalDateTime& t) {
  std::int64_t days = ToJulianDay(t.date) - kUnixEpochJulianDay;
  return FromUnixSeconds(days * 86400 + t.hour * 3600 + t.minute * 60 - kVietnamOffsetSeconds);
}

std::string FormatVietnamLocal(const LocalDateTime& t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d %02d/%02d/%04d", t.hour, t.minute, t.date.day,
                t.date.month, t.date.year);
  return buf;
}

}  // namespace cqdt
