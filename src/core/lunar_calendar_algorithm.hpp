// Hồ Ngọc Đức's lunar calendar algorithm, uncached, exactly as in the public-domain reference
// (lich-lam-viec.md §3). Private to core: LunarCalendar caches its results per lunar year; the
// tests compare the cache against these functions for every day of 1900-2100.
#pragma once

#include <cstdint>

#include "core/lunar_calendar.hpp"

namespace cqdt::lunar_algorithm {

// Julian day (with fraction, UT) of the k-th new moon after the one of 1900-01-01.
double NewMoon(std::int64_t k);
// Sun's apparent longitude in radians [0, 2π) at Julian day `jd` (UT).
double SunLongitude(double jd);
// Local day number of the k-th new moon in time zone `tz` (hours east of UTC).
std::int64_t NewMoonDay(std::int64_t k, double tz);
// Major solar term sector 0..11 at the local midnight that begins day `day_number`.
int SunSector(std::int64_t day_number, double tz);
// Local day number of the start of lunar month 11 (the month holding the winter solstice) of
// `year`.
std::int64_t LunarMonth11(int year, double tz);
// Offset from month 11 (starting on `a11`) of the leap month of a 13-month lunar year.
int LeapMonthOffset(std::int64_t a11, double tz);
// The reference solar -> lunar routine, without any cache.
LunarDate SolarToLunar(const Date& d, double tz);

}  // namespace cqdt::lunar_algorithm
