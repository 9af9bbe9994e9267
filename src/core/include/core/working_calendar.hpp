// The public-sector working-day calendar of Vietnam: which days state agencies work, and
// deadline arithmetic in working days and working hours.
//
// Rules (../shared/reference/lich-lam-viec.md §1):
//   - State agencies work Monday to Friday (Quyết định 188/1999/QĐ-TTg, 40 hours a week).
//   - Public holidays, Bộ luật Lao động 2019 Điều 112: Tết Dương lịch 1/1; five Tết Nguyên đán
//     days; Giỗ Tổ Hùng Vương (lunar 10/3); 30/4; 1/5; Quốc khánh 2/9 plus one adjacent day.
//   - A holiday on a weekly rest day (Saturday or Sunday) gives a compensatory day off (nghỉ bù)
//     on the next working day (Điều 111).
//   - Every year the government's notice fixes the exact Tết days and the Quốc khánh adjacent
//     day, and may swap a weekday off against a make-up Saturday (làm bù). A year with such a
//     notice is DATA: a year file (format below) that replaces the computed defaults of that year
//     entirely. Years without a file are computed from the rules above as a draft, and
//     YearInfo::from_notice is false so that callers can warn.
//
// Default choices of the computed draft, where the statute leaves the choice to the Prime
// Minister (documented in working_calendar.cpp): the five Tết days are the last day of the lunar
// year and lunar 1/1..4/1; the Quốc khánh adjacent day is the weekday that joins 2/9 to a weekend
// when there is one (1/9 when 2/9 is a Tuesday, Wednesday, Friday or Saturday, 3/9 otherwise).
//
// Year file format (UTF-8 text, one fact per line, '#' starts a comment line):
//   year: 2025
//   source: <the notice: number, date, issuer> [M]
//   2025-01-01 holiday Tết Dương lịch
//   2025-01-27 swap-off Nghỉ bù Tết Nguyên đán (hoán đổi với thứ Bảy 08/02) [M]
//   2025-02-08 swap-work Làm bù cho thứ Hai 27/01 [M]
// Kinds: holiday | compensatory-off | swap-off | swap-work | local-off. An optional trailing
// confidence mark [H], [M] or [L] follows the reference's legend. `year:` and `source:` are
// required before the first day; every day must lie in that year, at most once; swap-work must be
// a Saturday or Sunday and swap-off, compensatory-off a Monday..Friday.
//
// Thread safety: the const members are safe to call concurrently (per-year tables are built once
// under std::call_once). LoadText/LoadDirectory are NOT: load everything before sharing the
// calendar between threads.
//
// Invariants:
//   AddWorkingDays(s, n) is a working day for n >= 1, and WorkingDaysBetween(s, that) == n.
//   Supported dates: 1900-01-01 .. 2100-12-31 (the lunar calendar's range).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/text.hpp"

namespace cqdt {

// What a calendar entry does to a day (reference §2, calendar_day_override.kind).
enum class DayKind {
  kHoliday,          // statutory holiday, Điều 112 (ngày lễ, Tết)
  kCompensatoryOff,  // nghỉ bù for a holiday on a weekend, Điều 111
  kSwapOff,          // a weekday made a day off by a swap (hoán đổi)
  kSwapWork,         // a Saturday or Sunday made a working day (làm bù)
  kLocalOff,         // a provincial decision (natural disaster, ...)
};

// "holiday", "compensatory-off", "swap-off", "swap-work", "local-off".
const char* DayKindName(DayKind kind);

struct CalendarDay {
  Date date;
  DayKind kind = DayKind::kHoliday;
  std::string name;        // Vietnamese ("Tết Nguyên đán (mùng 1)")
  std::string confidence;  // "", "H", "M" or "L" (lich-lam-viec.md legend)
};

// The exceptions to Monday-Friday of one year, sorted by date.
struct YearInfo {
  int year = 0;
  bool from_notice = false;  // false: computed from the statute (a draft); true: a year file
  std::string source;  // the notice, or "Tính theo Điều 111, 112 Bộ luật Lao động 2019"
  std::string file;    // the year file's name, "" when computed
  std::vector<CalendarDay> days;
};

// A local civil time in Vietnam (UTC+7), minute precision.
struct LocalDateTime {
  Date date;
  int hour = 0;    // 0..23
  int minute = 0;  // 0..59
  friend auto operator<=>(const LocalDateTime&, const LocalDateTime&) = default;
};

// Vietnam civil time (UTC+7, no daylight saving) of an instant, truncated to the minute, and
// back (the first second of that minute).
LocalDateTime ToVietnamLocal(TimePoint t);
TimePoint FromVietnamLocal(const LocalDateTime& t);
// "16:10 23/01/2025" (how a receipt prints a time).
std::string FormatVietnamLocal(const LocalDateTime& t);

struct WorkingCalendarOptions {
  // Office hours, minutes after midnight: two sessions, [morning_start, morning_end) and
  // [afternoon_start, afternoon_end). Provinces set their own (reference §1.2).
  int morning_start = 8 * 60;
  int morning_end = 12 * 60;
  int afternoon_start = 13 * 60;
  int afternoon_end = 17 * 60;
  // A receipt at or after this minute of a working day counts as received on the next working
  // day; -1 disables the cut-off. 15:00 is a common provincial rule, not statute (see .cpp).
  int receipt_cutoff = 15 * 60;
  // Load the year files compiled into the binary; tests switch it off to use the rules alone.
  bool load_builtin_years = true;
};

class WorkingCalendar {
 public:
  // Loads the year files compiled into the binary (2024-2026 in src/core/data/calendar/) unless
  // options.load_builtin_years is false.
  explicit WorkingCalendar(WorkingCalendarOptions options = {});
  ~WorkingCalendar();
  WorkingCalendar(const WorkingCalendar&) = delete;
  WorkingCalendar& operator=(const WorkingCalendar&) = delete;

  // Rejects inconsistent hours (sessions out of order or outside the day) with kInvalidArgument.
  static Status Validate(const WorkingCalendarOptions& options);
  const WorkingCalendarOptions& options() const { return options_; }

  // Parses one year file (`name` is used in error messages) and makes it override that year,
  // replacing a file loaded earlier for the same year. kInvalidArgument naming file and line.
  Status LoadText(std::string_view text, const std::string& name);
  // Loads every "*.txt" file of `dir` (an admin's <data_dir>/calendar/), all or nothing: a
  // missing directory is kNotFound, a file that fails to parse is its kInvalidArgument (naming
  // file and line) and nothing is loaded, two files for the same year are kConflict. Files
  // override the built-in years. Returns the number of files loaded.
  Result<int> LoadDirectory(const std::string& dir);

  // The exceptions of `year` (from its file, or computed). kInvalidArgument outside 1900-2100.
  Result<YearInfo> Year(int year) const;
  // The statutory defaults of `year` computed from the rules alone, ignoring any year file.
  static Result<YearInfo> ComputedYear(int year);

  // True when state agencies work on `d`. Dates outside 1900-2100 are not working days.
  bool IsWorkingDay(const Date& d) const;
  // The first working day strictly after `d` (nullopt past 2100).
  Result<Date> NextWorkingDay(const Date& d) const;

  // The due date of a period of `n` working days starting the day after `start` (Bộ luật Dân sự
  // 2015 Điều 147: the triggering day is not counted): the n-th working day after `start`.
  // n == 0 returns `start`. kInvalidArgument for n < 0, n > 100000 or out of range.
  Result<Date> AddWorkingDays(const Date& start, int n) const;
  // Like AddWorkingDays for a receipt at `received`: a receipt on a working day at or after the
  // receipt cut-off counts as received on the next working day.
  Result<Date> AddWorkingDaysFromReceipt(const LocalDateTime& received, int n) const;
  // The end of a period of `days` calendar days triggered on `event` (Bộ luật Dân sự 2015
  // Điều 147-148): event + days, moved to the next working day when that is a day off.
  Result<Date> CalendarPeriodEnd(const Date& event, int days) const;
  // Working days d with from < d <= to; negative when to < from. kInvalidArgument out of range.
  Result<int> WorkingDaysBetween(const Date& from, const Date& to) const;

  // Working minutes between two local times, counting only the office hours of working days;
  // negative when to < from. kInvalidArgument out of range or for an impossible time.
  Result<std::int64_t> WorkingMinutesBetween(const LocalDateTime& from,
                                             const LocalDateTime& to) const;
  Result<double> WorkingHoursBetween(const LocalDateTime& from, const LocalDateTime& to) const;
  // The local time at which `minutes` working minutes after `from` have passed, counting only
  // the office hours of working days (a deadline in working hours: 4 hours from 10:00 on a
  // Friday end at 15:00 with the lunch break, or on Monday when Friday afternoon is off). The
  // end is always inside a session or at a session's end; minutes == 0 returns `from`.
  // Invariant: WorkingMinutesBetween(from, AddWorkingMinutes(from, m)) == m.
  // kInvalidArgument for minutes < 0, more than 100000 working days' worth, or out of range.
  Result<LocalDateTime> AddWorkingMinutes(const LocalDateTime& from, std::int64_t minutes) const;

 private:
  struct Table;
  struct Slot;
  const Table& TableOf(int year) const;  // year in range

  WorkingCalendarOptions options_;
  std::vector<YearInfo> files_;  // loaded year files, at most one per year
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace cqdt
