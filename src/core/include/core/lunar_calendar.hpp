// The Vietnamese lunar calendar (âm lịch): solar <-> lunar conversion, leap months (tháng nhuận).
//
// The calendar is the Chinese-style lunisolar calendar computed for the meridian of UTC+7, by Hồ
// Ngọc Đức's public-domain algorithm (new moons and solar terms from J. Meeus, "Astronomical
// Algorithms", low-precision terms). See ../shared/reference/lich-lam-viec.md §3. The time zone is
// a constructor parameter only so that tests can show where UTC+8 (China) differs, e.g. Tết 1985
// and Tết 2030; production code uses LunarCalendar::Vietnam().
//
// Range: solar dates 1900-01-01 .. 2100-12-31, and the lunar dates they map to (lunar year 1899
// month 12 through lunar year 2100 month 11 or 12). Anything outside is kInvalidArgument.
//
// Cost: the first conversion that touches a lunar year segment (month 11 of year Y to month 11 of
// Y+1) computes its 12 or 13 month starts (a few hundred floating-point operations); every later
// conversion in that segment is a table look-up, well under 1 µs.
//
// Thread safety: every const member is safe to call concurrently; the per-segment cache is filled
// once under std::call_once. Instances are not copyable (they own the cache).
//
// Invariants:
//   ToSolar(*ToLunar(d)) == d for every supported solar date d.
//   A lunar month has 29 or 30 days; a lunar year has 12 months, or 13 with one leap month, the
//   first month after month 11 whose span contains no major solar term (trung khí).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "core/text.hpp"

namespace cqdt {

// A date of the lunar calendar. `leap` marks the leap (intercalary) month that repeats `month`.
struct LunarDate {
  int day = 1;
  int month = 1;
  int year = 1900;
  bool leap = false;
  friend bool operator==(const LunarDate&, const LunarDate&) = default;
};

// "D/M/YYYY", with " (nhuận)" after a leap month: "1/6/2025 (nhuận)".
std::string FormatLunarDate(const LunarDate& d);
// Parses "D/M/YYYY" (one or two digit day and month, four digit year). Only the shape is checked;
// LunarCalendar::ToSolar checks that the date exists.
Result<LunarDate> ParseLunarDate(std::string_view text, bool leap);

// Julian Day Number of a Gregorian date (the proleptic Julian calendar before 1582-10-15), and
// back.
std::int64_t ToJulianDay(const Date& d);
Date FromJulianDay(std::int64_t jd);
// 0 = Sunday, 1 = Monday, ..., 6 = Saturday.
int DayOfWeek(const Date& d);
// `d` plus `days` calendar days (negative goes back).
Date AddDays(const Date& d, std::int64_t days);

class LunarCalendar {
 public:
  static constexpr double kVietnamTimeZone = 7.0;
  static constexpr int kMinYear = 1900;  // first supported solar year
  static constexpr int kMaxYear = 2100;  // last supported solar year

  // `time_zone` is hours east of UTC; production uses 7 (see Vietnam()).
  explicit LunarCalendar(double time_zone = kVietnamTimeZone);
  ~LunarCalendar();
  LunarCalendar(const LunarCalendar&) = delete;
  LunarCalendar& operator=(const LunarCalendar&) = delete;

  // The shared UTC+7 calendar (constructed on first use, never destroyed).
  static const LunarCalendar& Vietnam();

  double time_zone() const { return time_zone_; }

  // Solar -> lunar. kInvalidArgument (field "date") outside 1900-01-01 .. 2100-12-31 or for an
  // impossible Gregorian date.
  Result<LunarDate> ToLunar(const Date& solar) const;

  // Lunar -> solar. kInvalidArgument with a Vietnamese message when the date does not exist: a
  // month outside 1..12, day 30 in a 29-day month, `leap` for a month that is not the year's
  // leap month (the reference routine silently ignores such a flag; we reject it), or a year
  // out of range. Field names: "date" for the date, "leap" for a wrong leap flag.
  Result<Date> ToSolar(const LunarDate& lunar) const;

  // The leap month of lunar year `year` (1..12), or 0 when the year has none or is out of range.
  int LeapMonth(int year) const;

 private:
  struct Segment;
  struct Slot;
  const Segment* SegmentOf(int year) const;  // month 11 of `year` .. month 11 of year+1

  double time_zone_;
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace cqdt
