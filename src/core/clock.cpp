#include "core/clock.hpp"

#include <cstdio>
#include <ctime>

namespace cqdt {
namespace {

std::string Format(TimePoint t, int offset_hours) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t) + offset_hours * 3600;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  if (offset_hours == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+%02d:00", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, offset_hours);
  }
  return buf;
}

}  // namespace

std::string ToIsoUtc(TimePoint t) { return Format(t, 0); }
std::string ToIsoVietnam(TimePoint t) { return Format(t, 7); }
std::int64_t ToUnixSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
TimePoint FromUnixSeconds(std::int64_t s) { return TimePoint(std::chrono::seconds(s)); }

}  // namespace cqdt
