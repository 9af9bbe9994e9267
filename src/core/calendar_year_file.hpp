// The year files of the working-day calendar: the text in which the built-in years are written
// (src/core/data/calendar/) and an admin adds a later year (<data_dir>/calendar/). Private to
// core: WorkingCalendar::LoadText and LoadDirectory read them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/lunar_calendar.hpp"
#include "core/result.hpp"
#include "core/working_calendar.hpp"

namespace cqdt::calendar_file {

inline constexpr std::size_t kMaxFileBytes = 256 * 1024;

inline bool IsWeekend(const Date& d) {
  int w = DayOfWeek(d);
  return w == 0 || w == 6;
}

// One year file, parsed and checked (every date real and in the year, each day listed once, a
// 'source:' line naming the notice); errors name the file and the line, in Vietnamese.
Result<YearInfo> ParseYearFile(std::string_view text, const std::string& name);

}  // namespace cqdt::calendar_file
