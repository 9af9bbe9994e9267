#include "core/working_calendar.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "calendar_data.hpp"
#include "calendar_year_file.hpp"
#include "core/lunar_calendar.hpp"

namespace cqdt {
namespace {

constexpr int kMinYear = LunarCalendar::kMinYear;
constexpr int kMaxYear = LunarCalendar::kMaxYear;
constexpr int kYearCount = kMaxYear - kMinYear + 1;
constexpr int kMaxWorkingDays = 100000;
using calendar_file::IsWeekend;

bool InRange(const Date& d) { return d.year >= kMinYear && d.year <= kMaxYear; }

// A real Gregorian date (the Date struct itself does not guarantee it).
bool IsRealDate(const Date& d) {
  return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31 &&
         FromJulianDay(ToJulianDay(d)) == d;
}

Error OutOfRange(const char* field) {
  return Error::InvalidField(field, "range",
                             "Ngày phải là ngày có thật từ 01/01/1900 đến 31/12/2100.");
}

const char* kStatuteSource = "Tính theo Điều 111, 112 Bộ luật Lao động 2019 (chưa có thông báo)";

}  // namespace

const char* DayKindName(DayKind kind) {
  switch (kind) {
    case DayKind::kHoliday:
      return "holiday";
    case DayKind::kCompensatoryOff:
      return "compensatory-off";
    case DayKind::kSwapOff:
      return "swap-off";
    case DayKind::kSwapWork:
      return "swap-work";
    case DayKind::kLocalOff:
      return "local-off";
  }
  return "holiday";
}

// ---------------------------------------------------------------------------------------------
// The statutory draft of a year.

Result<YearInfo> WorkingCalendar::ComputedYear(int year) {
  if (year < kMinYear || year > kMaxYear) {
    return Error::InvalidField("year", "range", "Năm phải trong khoảng từ 1900 đến 2100.");
  }
  const LunarCalendar& lunar = LunarCalendar::Vietnam();
  YearInfo info;
  info.year = year;
  info.source = kStatuteSource;
  std::vector<CalendarDay>& days = info.days;
  auto holiday = [&days](Date d, std::string name) {
    days.push_back({d, DayKind::kHoliday, std::move(name), "H"});
  };

  // Bộ luật Lao động 2019 Điều 112 khoản 1 điểm a: Tết Dương lịch, 1 day.
  holiday({year, 1, 1}, "Tết Dương lịch");

  // Điểm b: Tết Âm lịch, 5 days whose exact dates the Prime Minister fixes every year. Draft: the
  // last day of the lunar year (29 or 30 tháng Chạp, i.e. Tết - 1) and lunar 1/1..4/1, the
  // pattern of most recent notices.
  auto tet = lunar.ToSolar({1, 1, year, false});
  if (!tet) {
    return tet.error();
  }
  Date eve = AddDays(*tet, -1);
  auto eve_lunar = lunar.ToLunar(eve);
  int eve_day = eve_lunar ? eve_lunar->day : 30;
  // Tết of lunar year 1900 is on 31/1/1900, so the eve is always in the same solar year.
  holiday(eve, "Tết Nguyên đán (" + std::to_string(eve_day) + " tháng Chạp)");
  for (int i = 0; i < 4; ++i) {
    holiday(AddDays(*tet, i), "Tết Nguyên đán (mùng " + std::to_string(i + 1) + " tháng Giêng)");
  }

  // Điểm đ: Giỗ Tổ Hùng Vương, 10/3 âm lịch.
  auto gio_to = lunar.ToSolar({10, 3, year, false});
  if (!gio_to) {
    return gio_to.error();
  }
  holiday(*gio_to, "Giỗ Tổ Hùng Vương (10/3 âm lịch)");

  // Điểm c, d: Ngày Chiến thắng 30/4 and Ngày Quốc tế Lao động 1/5.
  holiday({year, 4, 30}, "Ngày Chiến thắng (30/4)");
  holiday({year, 5, 1}, "Ngày Quốc tế Lao động (1/5)");

  // Điểm e: Quốc khánh 2/9 and one adjacent day before or after, chosen by the Prime Minister.
  // Draft: the weekday that joins the holiday to a weekend (Tue -> Mon 1/9, Thu -> Fri 3/9,
  // Fri -> Thu 1/9, Sat -> Fri 1/9, Sun -> Mon 3/9, Mon -> Tue 3/9 since 1/9 is a Sunday);
  // Wednesday has no such day and takes Tue 1/9, as the reference assumes for 2026 [L].
  Date national{year, 9, 2};
  int w = DayOfWeek(national);
  bool before = w == 2 || w == 3 || w == 5 || w == 6;
  holiday(national, "Quốc khánh (2/9)");
  holiday({year, 9, before ? 1 : 3},
          std::string("Quốc khánh (ngày liền kề, ") + (before ? "1/9" : "3/9") + ")");

  std::sort(days.begin(), days.end(),
            [](const CalendarDay& a, const CalendarDay& b) { return a.date < b.date; });

  // Điều 111 khoản 3 + QĐ 188/1999/QĐ-TTg: Saturday and Sunday are both weekly rest days of
  // state agencies, so a holiday on either is compensated on the next working day (a day that is
  // neither a weekend nor already off), in date order.
  std::vector<Date> off;
  for (const auto& d : days) {
    off.push_back(d.date);
  }
  std::vector<CalendarDay> compensations;
  for (const auto& d : days) {
    if (!IsWeekend(d.date)) {
      continue;
    }
    Date c = AddDays(d.date, 1);
    while (IsWeekend(c) || std::find(off.begin(), off.end(), c) != off.end()) {
      c = AddDays(c, 1);
    }
    off.push_back(c);
    compensations.push_back({c, DayKind::kCompensatoryOff, "Nghỉ bù " + d.name, "H"});
  }
  days.insert(days.end(), compensations.begin(), compensations.end());
  std::stable_sort(days.begin(), days.end(),
                   [](const CalendarDay& a, const CalendarDay& b) { return a.date < b.date; });
  return info;
}

// ---------------------------------------------------------------------------------------------
// Per-year tables.

struct WorkingCalendar::Table {
  std::int64_t jan1 = 0;                 // Julian day of 1 January
  int length = 365;                      // days in the year
  std::array<bool, 366> working{};       // by day of year (0-based)
  std::array<std::uint16_t, 367> cum{};  // cum[i] = working days among the first i days
};

struct WorkingCalendar::Slot {
  std::once_flag once;
  Table table;
};

WorkingCalendar::WorkingCalendar(WorkingCalendarOptions options)
    : options_(options), slots_(std::make_unique<Slot[]>(kYearCount)) {
  if (options_.load_builtin_years) {
    for (std::size_t i = 0; i < calendar_data::kFileCount; ++i) {
      const auto& f = calendar_data::kFiles[i];
      if (auto st = LoadText(f.text, f.name); !st) {
        // The shipped files are tested; a failure here is a build defect, not an input error.
        throw std::logic_error("built-in calendar file " + std::string(f.name) + ": " +
                               st.error().message());
      }
    }
  }
}

WorkingCalendar::~WorkingCalendar() = default;

Status WorkingCalendar::Validate(const WorkingCalendarOptions& o) {
  if (!(0 <= o.morning_start && o.morning_start < o.morning_end &&
        o.morning_end <= o.afternoon_start && o.afternoon_start < o.afternoon_end &&
        o.afternoon_end <= 24 * 60)) {
    return Error::InvalidField("hours", "range",
                               "Giờ làm việc phải theo thứ tự: bắt đầu sáng < kết thúc sáng ≤ "
                               "bắt đầu chiều < kết thúc chiều, trong ngày.");
  }
  if (o.receipt_cutoff < -1 || o.receipt_cutoff >= 24 * 60) {
    return Error::InvalidField("receiptCutoff", "range",
                               "Giờ chốt tiếp nhận phải trong ngày (00:00–23:59).");
  }
  return Ok();
}

Status WorkingCalendar::LoadText(std::string_view text, const std::string& name) {
  CQDT_ASSIGN_OR_RETURN(YearInfo info, calendar_file::ParseYearFile(text, name));
  auto it = std::find_if(files_.begin(), files_.end(),
                         [&](const YearInfo& y) { return y.year == info.year; });
  if (it != files_.end()) {
    *it = std::move(info);
  } else {
    files_.push_back(std::move(info));
  }
  slots_ = std::make_unique<Slot[]>(kYearCount);  // drop tables built before this load
  return Ok();
}

Result<int> WorkingCalendar::LoadDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Error::NotFound("thư mục lịch", dir);
  }
  std::vector<fs::path> paths;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".txt" && it->is_regular_file(ec)) {
      paths.push_back(it->path());
    }
  }
  if (ec) {
    return Error::Unavailable("Không đọc được thư mục lịch '" + dir + "'.");
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::pair<std::string, std::string>> texts;
  std::map<int, std::string> years;
  for (const auto& p : paths) {
    std::string name = p.filename().string();
    if (fs::file_size(p, ec) > calendar_file::kMaxFileBytes || ec) {
      return Error::InvalidField(name, "too-large",
                                 "Tệp " + name + ": tệp quá lớn (tối đa 256 KB).");
    }
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      return Error::Unavailable("Không đọc được tệp lịch '" + name + "'.");
    }
    std::stringstream ss;
    ss << in.rdbuf();
    // Parse everything before changing anything: all or nothing.
    CQDT_ASSIGN_OR_RETURN(YearInfo info, calendar_file::ParseYearFile(ss.str(), name));
    auto [prev, inserted] = years.emplace(info.year, name);
    if (!inserted) {
      return Error::Conflict("Hai tệp cùng khai báo năm " + std::to_string(info.year) + ": " +
                             prev->second + " và " + name + ".");
    }
    texts.emplace_back(name, ss.str());
  }
  for (const auto& [name, text] : texts) {
    CQDT_RETURN_IF_ERROR(LoadText(text, name));
  }
  return static_cast<int>(texts.size());
}

Result<YearInfo> WorkingCalendar::Year(int year) const {
  for (const auto& y : files_) {
    if (y.year == year) {
      return y;
    }
  }
  return ComputedYear(year);
}

const WorkingCalendar::Table& WorkingCalendar::TableOf(int year) const {
  Slot& slot = slots_[year - kMinYear];
  std::call_once(slot.once, [&] {
    Table& t = slot.table;
    t.jan1 = ToJulianDay({year, 1, 1});
    t.length = static_cast<int>(ToJulianDay({year + 1, 1, 1}) - t.jan1);
    for (int i = 0; i < t.length; ++i) {
      int w = static_cast<int>((t.jan1 + i + 1) % 7);
      t.working[static_cast<std::size_t>(i)] = w != 0 && w != 6;
    }
    auto info = Year(year);  // in range, so only a lunar failure could fail; it cannot
    if (info) {
      for (const auto& d : info->days) {
        auto i = static_cast<std::size_t>(ToJulianDay(d.date) - t.jan1);
        // Reference §2: SWAP_WORK -> working; any other override -> day off.
        t.working[i] = d.kind == DayKind::kSwapWork;
      }
    }
    for (int i = 0; i < t.length; ++i) {
      t.cum[static_cast<std::size_t>(i) + 1] = static_cast<std::uint16_t>(
          t.cum[static_cast<std::size_t>(i)] + (t.working[static_cast<std::size_t>(i)] ? 1 : 0));
    }
  });
  return slot.table;
}

bool WorkingCalendar::IsWorkingDay(const Date& d) const {
  if (!InRange(d) || !IsRealDate(d)) {
    return false;
  }
  const Table& t = TableOf(d.year);
  return t.working[static_cast<std::size_t>(ToJulianDay(d) - t.jan1)];
}

Result<Date> WorkingCalendar::NextWorkingDay(const Date& d) const { return AddWorkingDays(d, 1); }

Result<Date> WorkingCalendar::AddWorkingDays(const Date& start, int n) const {
  if (!InRange(start) || !IsRealDate(start)) {
    return OutOfRange("start");
  }
  if (n < 0 || n > kMaxWorkingDays) {
    return Error::InvalidField("days", "range",
                               "Số ngày làm việc phải là số nguyên từ 0 đến 100000.");
  }
  // Reference §2: d = start; repeat n times { d = next day d' > d with is_working_day(d') }.
  int year = start.year;
  const Table* t = &TableOf(year);
  std::int64_t i = ToJulianDay(start) - t->jan1;
  while (n > 0) {
    ++i;
    if (i >= t->length) {
      if (year == kMaxYear) {
        return OutOfRange("days");
      }
      ++year;
      t = &TableOf(year);
      i = 0;
    }
    if (t->working[static_cast<std::size_t>(i)]) {
      --n;
    }
  }
  return FromJulianDay(t->jan1 + i);
}

Result<Date> WorkingCalendar::AddWorkingDaysFromReceipt(const LocalDateTime& received,
                                                        int n) const {
  if (received.hour < 0 || received.hour > 23 || received.minute < 0 || received.minute > 59) {
    return Error::InvalidField("received", "range", "Giờ tiếp nhận không hợp lệ.");
  }
  Date start = received.date;
  // The cut-off is a provincial practice, not statute: a dossier received late in the afternoon
  // is processed from the next working day, so the period starts one working day later. It only
  // applies on working days; a receipt on a day off already counts from the next working day.
  if (options_.receipt_cutoff >= 0 && IsWorkingDay(start) &&
      received.hour * 60 + received.minute >= options_.receipt_cutoff) {
    CQDT_ASSIGN_OR_RETURN(start, NextWorkingDay(start));
  }
  return AddWorkingDays(start, n);
}

Result<Date> WorkingCalendar::CalendarPeriodEnd(const Date& event, int days) const {
  if (!InRange(event) || !IsRealDate(event)) {
    return OutOfRange("start");
  }
  if (days < 0 || days > kMaxWorkingDays) {
    return Error::InvalidField("days", "range", "Số ngày phải là số nguyên từ 0 đến 100000.");
  }
  // Bộ luật Dân sự 2015 Điều 147: the period starts the day after the event; Điều 148 khoản 5:
  // a last day that is a weekly rest day or holiday moves to the next working day.
  Date last = AddDays(event, days);
  if (!InRange(last)) {
    return OutOfRange("days");
  }
  if (IsWorkingDay(last)) {
    return last;
  }
  return NextWorkingDay(last);
}

Result<int> WorkingCalendar::WorkingDaysBetween(const Date& from, const Date& to) const {
  if (!InRange(from) || !IsRealDate(from)) {
    return OutOfRange("from");
  }
  if (!InRange(to) || !IsRealDate(to)) {
    return OutOfRange("to");
  }
  if (to < from) {
    CQDT_ASSIGN_OR_RETURN(int n, WorkingDaysBetween(to, from));
    return -n;
  }
  // Working days up to and including each date, by year tables.
  auto through = [this](const Date& d) {
    const Table& t = TableOf(d.year);
    return static_cast<int>(t.cum[static_cast<std::size_t>(ToJulianDay(d) - t.jan1) + 1]);
  };
  int total = through(to) - through(from);
  for (int y = from.year; y < to.year; ++y) {
    const Table& t = TableOf(y);
    total += t.cum[static_cast<std::size_t>(t.length)];
  }
  return total;
}

Result<std::int64_t> WorkingCalendar::WorkingMinutesBetween(const LocalDateTime& from,
                                                            const LocalDateTime& to) const {
  for (const auto* t : {&from, &to}) {
    const char* field = t == &from ? "from" : "to";
    if (!InRange(t->date) || !IsRealDate(t->date)) {
      return OutOfRange(field);
    }
    if (t->hour < 0 || t->hour > 23 || t->minute < 0 || t->minute > 59) {
      return Error::InvalidField(field, "range", "Giờ phải từ 00:00 đến 23:59.");
    }
  }
  if (to < from) {
    CQDT_ASSIGN_OR_RETURN(std::int64_t m, WorkingMinutesBetween(to, from));
    return -m;
  }
  const std::pair<int, int> sessions[] = {{options_.morning_start, options_.morning_end},
                                          {options_.afternoon_start, options_.afternoon_end}};
  std::int64_t total = 0;
  const std::int64_t first = ToJulianDay(from.date);
  const std::int64_t last = ToJulianDay(to.date);
  for (std::int64_t jd = first; jd <= last; ++jd) {
    Date d = FromJulianDay(jd);
    if (!IsWorkingDay(d)) {
      continue;
    }
    int lo = jd == first ? from.hour * 60 + from.minute : 0;
    int hi = jd == last ? to.hour * 60 + to.minute : 24 * 60;
    for (const auto& [s, e] : sessions) {
      total += std::max(0, std::min(hi, e) - std::max(lo, s));
    }
  }
  return total;
}

Result<double> WorkingCalendar::WorkingHoursBetween(const LocalDateTime& from,
                                                    const LocalDateTime& to) const {
  CQDT_ASSIGN_OR_RETURN(std::int64_t m, WorkingMinutesBetween(from, to));
  return static_cast<double>(m) / 60.0;
}

Result<LocalDateTime> WorkingCalendar::AddWorkingMinutes(const LocalDateTime& from,
                                                         std::int64_t minutes) const {
  if (!InRange(from.date) || !IsRealDate(from.date)) {
    return OutOfRange("from");
  }
  if (from.hour < 0 || from.hour > 23 || from.minute < 0 || from.minute > 59) {
    return Error::InvalidField("from", "range", "Giờ phải từ 00:00 đến 23:59.");
  }
  const std::int64_t per_day = (options_.morning_end - options_.morning_start) +
                               (options_.afternoon_end - options_.afternoon_start);
  if (minutes < 0 || minutes > per_day * kMaxWorkingDays) {
    return Error::InvalidField("minutes", "range", "Số phút làm việc không hợp lệ.");
  }
  if (minutes == 0) {
    return from;
  }
  const std::pair<int, int> sessions[] = {{options_.morning_start, options_.morning_end},
                                          {options_.afternoon_start, options_.afternoon_end}};
  std::int64_t left = minutes;
  Date d = from.date;
  int lo = from.hour * 60 + from.minute;
  while (true) {
    if (IsWorkingDay(d)) {
      for (const auto& [s, e] : sessions) {
        const int start = std::max(lo, s);
        if (start >= e) {
          continue;
        }
        if (left <= e - start) {
          const int end = start + static_cast<int>(left);
          return LocalDateTime{d, end / 60, end % 60};
        }
        left -= e - start;
      }
    }
    Date next = AddDays(d, 1);
    if (!InRange(next)) {
      return OutOfRange("minutes");
    }
    d = next;
    lo = 0;
  }
}

}  // namespace cqdt
