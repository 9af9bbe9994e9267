#include "core/working_calendar.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/lunar_calendar.hpp"

namespace cqdt {
namespace {

const std::string kTestdata = CQDT_TESTDATA_DIR;

std::string ReadTestFile(const std::string& relative) {
  std::ifstream in(kTestdata + "/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

WorkingCalendarOptions NoBuiltins() {
  WorkingCalendarOptions o;
  o.load_builtin_years = false;
  return o;
}

// lich-lam-viec.md §6 Config A: the 2025 notice, from testdata.
const WorkingCalendar& ConfigA() {
  static const WorkingCalendar* cal = [] {
    auto* c = new WorkingCalendar(NoBuiltins());
    auto st = c->LoadText(ReadTestFile("calendar/config-a/2025.txt"), "2025.txt");
    EXPECT_TRUE(st) << (st ? "" : st.error().message());
    return c;
  }();
  return *cal;
}

// Config B: statute and compensation only (no year file at all).
const WorkingCalendar& ConfigB() {
  static const WorkingCalendar cal(NoBuiltins());
  return cal;
}

// The calendar shipped in the binary.
const WorkingCalendar& Shipped() {
  static const WorkingCalendar cal;
  return cal;
}

Date D(const std::string& iso) {
  auto d = ParseIsoDate(iso);
  EXPECT_TRUE(d) << iso;
  return d.value_or(Date{});
}

// ---------------------------------------------------------------------------------------------
// testdata/working_days.txt, one test per line, against its configuration and the shipped data.

struct DayVector {
  int line = 0;
  std::string text;
};

std::vector<DayVector> LoadDayVectors() {
  std::vector<DayVector> out;
  std::ifstream in(kTestdata + "/working_days.txt");
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line[0] != '#') {
      out.push_back({n, line});
    }
  }
  return out;
}

class WorkingDayVectorTest : public testing::TestWithParam<DayVector> {};

TEST_P(WorkingDayVectorTest, MatchesReference) {
  std::istringstream fields(GetParam().text);
  std::string verb, config, a, b, expected;
  fields >> verb >> config >> a >> b >> expected;
  ASSERT_TRUE(config == "A" || config == "B") << config;
  for (const WorkingCalendar* cal : {config == "A" ? &ConfigA() : &ConfigB(), &Shipped()}) {
    SCOPED_TRACE(cal == &Shipped() ? "shipped calendar" : "configuration " + config);
    if (verb == "add") {
      auto due = cal->AddWorkingDays(D(a), std::stoi(b));
      ASSERT_TRUE(due);
      EXPECT_EQ(FormatIsoDate(*due), expected);
      EXPECT_TRUE(cal->IsWorkingDay(*due));
    } else if (verb == "between") {
      auto n = cal->WorkingDaysBetween(D(a), D(b));
      ASSERT_TRUE(n);
      EXPECT_EQ(*n, std::stoi(expected));
    } else if (verb == "period-end") {
      auto end = cal->CalendarPeriodEnd(D(a), std::stoi(b));
      ASSERT_TRUE(end);
      EXPECT_EQ(FormatIsoDate(*end), expected);
    } else {
      FAIL() << "unknown verb " << verb;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Reference, WorkingDayVectorTest, testing::ValuesIn(LoadDayVectors()),
                         [](const testing::TestParamInfo<DayVector>& p) {
                           return "line" + std::to_string(p.param.line);
                         });

TEST(WorkingCalendarTest, VectorFileIsNotEmpty) { EXPECT_GE(LoadDayVectors().size(), 20u); }

// ---------------------------------------------------------------------------------------------
// One test per legal rule.

// QĐ 188/1999/QĐ-TTg: state agencies work Monday to Friday.
TEST(WorkingCalendarTest, Decision188_1999_MondayToFridayWeek) {
  const auto& cal = ConfigB();
  EXPECT_TRUE(cal.IsWorkingDay(D("2026-03-02")));   // Monday
  EXPECT_TRUE(cal.IsWorkingDay(D("2026-03-06")));   // Friday
  EXPECT_FALSE(cal.IsWorkingDay(D("2026-03-07")));  // Saturday
  EXPECT_FALSE(cal.IsWorkingDay(D("2026-03-08")));  // Sunday
}

// Điều 112: eleven holiday days a year (1 + 5 + 1 + 1 + 1 + 2), for every year.
TEST(WorkingCalendarTest, LaborCode2019Article112_ElevenHolidayDays) {
  for (int year = 1901; year <= 2100; ++year) {
    auto info = WorkingCalendar::ComputedYear(year);
    ASSERT_TRUE(info) << year;
    int holidays = 0;
    for (const auto& d : info->days) {
      holidays += d.kind == DayKind::kHoliday ? 1 : 0;
      EXPECT_EQ(d.date.year, year);
    }
    EXPECT_EQ(holidays, 11) << year;
    EXPECT_FALSE(info->from_notice);
  }
}

// Điều 112 điểm b: five Tết days, the last day of the lunar year and lunar 1/1 to 4/1 (draft).
TEST(WorkingCalendarTest, LaborCode2019Article112_FiveTetDaysAroundLunarNewYear) {
  auto info = WorkingCalendar::ComputedYear(2026);
  ASSERT_TRUE(info);
  std::vector<std::string> tet;
  for (const auto& d : info->days) {
    if (d.kind == DayKind::kHoliday && d.name.rfind("Tết Nguyên đán", 0) == 0) {
      tet.push_back(FormatIsoDate(d.date));
    }
  }
  EXPECT_EQ(tet, (std::vector<std::string>{"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
                                           "2026-02-20"}));
}

// Điều 112 điểm đ: Giỗ Tổ Hùng Vương on lunar 10/3.
TEST(WorkingCalendarTest, LaborCode2019Article112_HungKingsOnLunarTenthOfThirdMonth) {
  for (int year = 1901; year <= 2100; ++year) {
    auto info = WorkingCalendar::ComputedYear(year);
    ASSERT_TRUE(info);
    bool found = false;
    for (const auto& d : info->days) {
      if (d.name.rfind("Giỗ Tổ", 0) == 0) {
        auto lunar = LunarCalendar::Vietnam().ToLunar(d.date);
        ASSERT_TRUE(lunar);
        EXPECT_EQ(FormatLunarDate(*lunar), "10/3/" + std::to_string(year));
        found = true;
      }
    }
    EXPECT_TRUE(found) << year;
  }
}

// Điều 112 điểm e: Quốc khánh 2/9 plus one adjacent day, before or after.
TEST(WorkingCalendarTest, LaborCode2019Article112_NationalDayPlusAdjacentDay) {
  for (int year = 1901; year <= 2100; ++year) {
    auto info = WorkingCalendar::ComputedYear(year);
    ASSERT_TRUE(info);
    int national = 0;
    for (const auto& d : info->days) {
      if (d.kind == DayKind::kHoliday && d.name.rfind("Quốc khánh", 0) == 0) {
        EXPECT_TRUE(d.date.month == 9 && d.date.day >= 1 && d.date.day <= 3) << year;
        ++national;
      }
    }
    EXPECT_EQ(national, 2) << year;
  }
  // 2025 (Tue 2/9) and 2026 (Wed 2/9) take Monday/Tuesday 1/9, as the notices and reference do.
  EXPECT_FALSE(ConfigB().IsWorkingDay(D("2026-09-01")));
  EXPECT_TRUE(ConfigB().IsWorkingDay(D("2026-09-03")));
}

// Điều 111 khoản 3: a holiday on a weekly rest day is compensated on the next working day.
TEST(WorkingCalendarTest, LaborCode2019Article111_CompensatoryDayAfterWeekendHoliday) {
  // Giỗ Tổ 2026 is on Sunday 26/4: nghỉ bù Monday 27/4.
  EXPECT_FALSE(ConfigB().IsWorkingDay(D("2026-04-27")));
  EXPECT_TRUE(ConfigB().IsWorkingDay(D("2026-04-28")));
  // Every computed year: as many compensatory days as holidays on Saturday or Sunday, each on
  // a weekday that is not itself a holiday.
  for (int year = 1901; year <= 2100; ++year) {
    auto info = WorkingCalendar::ComputedYear(year);
    ASSERT_TRUE(info);
    int weekend_holidays = 0;
    int compensations = 0;
    for (const auto& d : info->days) {
      int w = DayOfWeek(d.date);
      if (d.kind == DayKind::kHoliday && (w == 0 || w == 6)) {
        ++weekend_holidays;
      }
      if (d.kind == DayKind::kCompensatoryOff) {
        ++compensations;
        EXPECT_TRUE(w != 0 && w != 6) << FormatIsoDate(d.date);
      }
    }
    EXPECT_EQ(compensations, weekend_holidays) << year;
  }
}

// Reference §1.3: the yearly notice overrides the computed draft: swaps and make-up Saturdays.
TEST(WorkingCalendarTest, YearlyNotice_SwapOffAndMakeUpSaturday) {
  EXPECT_FALSE(ConfigA().IsWorkingDay(D("2025-01-27")));  // swapped Monday
  EXPECT_TRUE(ConfigA().IsWorkingDay(D("2025-02-08")));   // make-up Saturday
  EXPECT_TRUE(ConfigB().IsWorkingDay(D("2025-01-27")));   // the draft has no swap
  auto year = Shipped().Year(2025);
  ASSERT_TRUE(year);
  EXPECT_TRUE(year->from_notice);
  EXPECT_FALSE(year->source.empty());
  EXPECT_EQ(year->file, "2025.txt");
  auto draft = Shipped().Year(2031);
  ASSERT_TRUE(draft);
  EXPECT_FALSE(draft->from_notice);
}

// Bộ luật Dân sự 2015 Điều 147: a period in days starts the day after the triggering event.
TEST(WorkingCalendarTest, CivilCode2015Article147_PeriodStartsTheNextDay) {
  EXPECT_EQ(FormatIsoDate(*ConfigB().AddWorkingDays(D("2026-03-02"), 1)), "2026-03-03");
  EXPECT_EQ(FormatIsoDate(*ConfigB().AddWorkingDays(D("2026-03-02"), 0)), "2026-03-02");
}

// Bộ luật Dân sự 2015 Điều 148 khoản 5: a last day on a day off moves to the next working day.
TEST(WorkingCalendarTest, CivilCode2015Article148_LastDayOffMovesToNextWorkingDay) {
  EXPECT_EQ(FormatIsoDate(*ConfigA().CalendarPeriodEnd(D("2025-04-20"), 10)), "2025-05-05");
  EXPECT_EQ(FormatIsoDate(*ConfigA().CalendarPeriodEnd(D("2025-04-20"), 3)), "2025-04-23");
}

// ---------------------------------------------------------------------------------------------
// Properties.

// AddWorkingDays lands on a working day and WorkingDaysBetween agrees with it.
TEST(WorkingCalendarTest, AddWorkingDaysAgreesWithWorkingDaysBetween) {
  for (const WorkingCalendar* cal : {&Shipped(), &ConfigB()}) {
    for (std::int64_t jd = ToJulianDay({2023, 12, 1}); jd <= ToJulianDay({2027, 1, 31}); ++jd) {
      Date start = FromJulianDay(jd);
      for (int n : {1, 2, 5, 10, 30, 60}) {
        auto due = cal->AddWorkingDays(start, n);
        ASSERT_TRUE(due);
        ASSERT_TRUE(cal->IsWorkingDay(*due)) << FormatIsoDate(start) << " + " << n;
        ASSERT_EQ(*cal->WorkingDaysBetween(start, *due), n) << FormatIsoDate(start) << " + " << n;
        ASSERT_EQ(*cal->WorkingDaysBetween(*due, start), -n);
        // The day before the due date is still short of n.
        ASSERT_EQ(*cal->WorkingDaysBetween(start, AddDays(*due, -1)), n - 1);
      }
    }
  }
}

TEST(WorkingCalendarTest, AddWorkingDaysAcrossCenturies) {
  const auto& cal = ConfigB();
  for (int year = 1900; year <= 2099; year += 7) {
    Date start{year, 6, 15};
    auto due = cal.AddWorkingDays(start, 250);
    ASSERT_TRUE(due);
    EXPECT_TRUE(cal.IsWorkingDay(*due));
    EXPECT_EQ(*cal.WorkingDaysBetween(start, *due), 250);
  }
  EXPECT_FALSE(cal.AddWorkingDays({2100, 12, 30}, 10));
  EXPECT_FALSE(cal.AddWorkingDays({2025, 1, 1}, -1));
  EXPECT_FALSE(cal.AddWorkingDays({1899, 12, 31}, 1));
}

// ---------------------------------------------------------------------------------------------
// Receipts and hours.

TEST(WorkingCalendarTest, ReceiptAfterCutOffCountsFromNextWorkingDay) {
  WorkingCalendarOptions o = NoBuiltins();
  o.receipt_cutoff = 15 * 60;
  WorkingCalendar cal(o);
  // Thursday 2026-03-05: before the cut-off, 1 working day -> Friday; after it -> Monday.
  EXPECT_EQ(FormatIsoDate(*cal.AddWorkingDaysFromReceipt({D("2026-03-05"), 14, 59}, 1)),
            "2026-03-06");
  EXPECT_EQ(FormatIsoDate(*cal.AddWorkingDaysFromReceipt({D("2026-03-05"), 15, 0}, 1)),
            "2026-03-09");
  // A Saturday receipt is already counted from Monday; the cut-off does not push it further.
  EXPECT_EQ(FormatIsoDate(*cal.AddWorkingDaysFromReceipt({D("2026-02-14"), 16, 0}, 1)),
            "2026-02-23");
  // Friday 13/2/2026 after the cut-off: received Monday 23/2 (after Tết) -> due Tuesday 24/2.
  EXPECT_EQ(FormatIsoDate(*cal.AddWorkingDaysFromReceipt({D("2026-02-13"), 16, 30}, 1)),
            "2026-02-24");
  o.receipt_cutoff = -1;
  WorkingCalendar no_cutoff(o);
  EXPECT_EQ(FormatIsoDate(*no_cutoff.AddWorkingDaysFromReceipt({D("2026-03-05"), 23, 0}, 1)),
            "2026-03-06");
  EXPECT_FALSE(cal.AddWorkingDaysFromReceipt({D("2026-03-05"), 24, 0}, 1));
}

TEST(WorkingCalendarTest, WorkingHoursCountOnlyOfficeHoursOfWorkingDays) {
  const auto& cal = ConfigB();
  // Same morning.
  EXPECT_EQ(*cal.WorkingMinutesBetween({D("2026-03-02"), 8, 30}, {D("2026-03-02"), 11, 0}), 150);
  // Across lunch.
  EXPECT_EQ(*cal.WorkingMinutesBetween({D("2026-03-02"), 11, 0}, {D("2026-03-02"), 14, 0}), 120);
  // A whole working day is 8 hours.
  EXPECT_DOUBLE_EQ(*cal.WorkingHoursBetween({D("2026-03-02"), 0, 0}, {D("2026-03-03"), 0, 0}), 8.0);
  // Friday 16:00 to Monday 09:00 = 1 h + 1 h.
  EXPECT_EQ(*cal.WorkingMinutesBetween({D("2026-03-06"), 16, 0}, {D("2026-03-09"), 9, 0}), 120);
  // Across Tết 2026: Friday 13/2 16:00 to Monday 23/2 09:00 = 2 h.
  EXPECT_DOUBLE_EQ(*cal.WorkingHoursBetween({D("2026-02-13"), 16, 0}, {D("2026-02-23"), 9, 0}),
                   2.0);
  // Reversed order is negative.
  EXPECT_EQ(*cal.WorkingMinutesBetween({D("2026-03-02"), 11, 0}, {D("2026-03-02"), 8, 30}), -150);
  // Custom hours: 7:30-11:30, 13:30-17:00.
  WorkingCalendarOptions o = NoBuiltins();
  o.morning_start = 7 * 60 + 30;
  o.morning_end = 11 * 60 + 30;
  o.afternoon_start = 13 * 60 + 30;
  o.afternoon_end = 17 * 60;
  ASSERT_TRUE(WorkingCalendar::Validate(o));
  WorkingCalendar custom(o);
  EXPECT_DOUBLE_EQ(*custom.WorkingHoursBetween({D("2026-03-02"), 0, 0}, {D("2026-03-02"), 23, 59}),
                   7.5);
  o.morning_end = 14 * 60;
  EXPECT_FALSE(WorkingCalendar::Validate(o));
}

TEST(WorkingCalendarTest, AddingWorkingMinutesSkipsLunchNightsWeekendsAndTet) {
  const auto& cal = ConfigB();
  auto at = [](const char* d, int h, int m) { return LocalDateTime{D(d), h, m}; };
  // Across lunch: 10:00 + 4 h = 15:00.
  EXPECT_EQ(*cal.AddWorkingMinutes(at("2026-03-02", 10, 0), 240), at("2026-03-02", 15, 0));
  // Ends exactly at the end of the morning session.
  EXPECT_EQ(*cal.AddWorkingMinutes(at("2026-03-02", 8, 0), 240), at("2026-03-02", 12, 0));
  // From the lunch break or before office hours, the clock starts with the next session.
  EXPECT_EQ(*cal.AddWorkingMinutes(at("2026-03-02", 12, 30), 60), at("2026-03-02", 14, 0));
  EXPECT_EQ(*cal.AddWorkingMinutes(at("2026-03-02", 6, 0), 30), at("2026-03-02", 8, 30));
  // Friday 16:00 + 2 h = Monday 09:00.
  EXPECT_EQ(*cal.AddWorkingMinutes(at("2026-03-06", 16, 0), 120), at("2026-03-09", 9, 0));
  // Across Tết 2026 (Monday 16/2 .. Friday 20/2 off): Friday 13/2 16:00 + 2 h = 23/2 09:00.
  EXPECT_EQ(*cal.AddWorkingMinutes(at("2026-02-13", 16, 0), 120), at("2026-02-23", 9, 0));
  // Zero is the start itself; the inverse of WorkingMinutesBetween.
  EXPECT_EQ(*cal.AddWorkingMinutes(at("2026-03-07", 10, 0), 0), at("2026-03-07", 10, 0));
  for (std::int64_t m : {1, 59, 240, 479, 480, 481, 2400, 9999}) {
    auto end = cal.AddWorkingMinutes(at("2026-03-05", 15, 17), m);
    ASSERT_TRUE(end);
    EXPECT_EQ(*cal.WorkingMinutesBetween(at("2026-03-05", 15, 17), *end), m) << m;
  }
  EXPECT_FALSE(cal.AddWorkingMinutes(at("2026-03-02", 10, 0), -1));
  EXPECT_FALSE(cal.AddWorkingMinutes(at("2026-03-02", 25, 0), 1));
}

TEST(WorkingCalendarTest, VietnamLocalTimeIsUtcPlusSeven) {
  // 2025-01-23 09:10 UTC is 16:10 in Vietnam.
  TimePoint t = FromUnixSeconds(1737623400);
  LocalDateTime local = ToVietnamLocal(t);
  EXPECT_EQ(local, (LocalDateTime{D("2025-01-23"), 16, 10}));
  EXPECT_EQ(FromVietnamLocal(local), t);
  EXPECT_EQ(FormatVietnamLocal(local), "16:10 23/01/2025");
  // 2025-01-23 20:00 UTC is already the 24th in Vietnam.
  EXPECT_EQ(ToVietnamLocal(FromUnixSeconds(1737662400)), (LocalDateTime{D("2025-01-24"), 3, 0}));
}

// ---------------------------------------------------------------------------------------------
// Year files.

TEST(WorkingCalendarTest, ShippedYearsAreNotices) {
  for (int year : {2024, 2025, 2026}) {
    auto info = Shipped().Year(year);
    ASSERT_TRUE(info);
    EXPECT_TRUE(info->from_notice) << year;
    EXPECT_NE(info->source.find("[M]"), std::string::npos) << "source confidence " << year;
  }
  // 2024: Tết off Thursday 8/2 to Wednesday 14/2 (reference §5).
  for (const char* d : {"2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14"}) {
    EXPECT_FALSE(Shipped().IsWorkingDay(D(d))) << d;
  }
  EXPECT_TRUE(Shipped().IsWorkingDay(D("2024-02-15")));
}

TEST(WorkingCalendarTest, LoadDirectoryAddsLaterYears) {
  WorkingCalendar cal;
  EXPECT_TRUE(cal.IsWorkingDay(D("2027-02-12")));  // computed draft: a Friday after Tết
  auto loaded = cal.LoadDirectory(kTestdata + "/calendar/extra");
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_EQ(*loaded, 1);
  EXPECT_FALSE(cal.IsWorkingDay(D("2027-02-12")));
  EXPECT_TRUE(cal.IsWorkingDay(D("2027-02-20")));
  auto info = cal.Year(2027);
  ASSERT_TRUE(info);
  EXPECT_TRUE(info->from_notice);
  EXPECT_EQ(info->file, "2027.txt");
  EXPECT_NE(info->source.find("1/TB-TEST"), std::string::npos);
  EXPECT_EQ(info->days.back().confidence, "");

  auto missing = cal.LoadDirectory(kTestdata + "/calendar/no-such-dir");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

TEST(WorkingCalendarTest, LoadDirectoryIsAllOrNothing) {
  WorkingCalendar cal(NoBuiltins());
  auto r = cal.LoadDirectory(kTestdata + "/calendar/bad");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(cal.Year(2027)->from_notice);
}

TEST(WorkingCalendarTest, BadYearFilesNameFileAndLine) {
  std::ifstream in(kTestdata + "/calendar/bad_files.txt");
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::istringstream fields(line);
    std::string file, where;
    fields >> file >> where;
    WorkingCalendar cal(NoBuiltins());
    auto st = cal.LoadText(ReadTestFile("calendar/bad/" + file), file);
    ++cases;
    ASSERT_FALSE(st) << file;
    EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument);
    ASSERT_EQ(st.error().fields().size(), 1u);
    EXPECT_EQ(st.error().fields()[0].field, where) << st.error().message();
    auto colon = where.find(':');
    EXPECT_NE(st.error().message().find("Tệp " + file + ", dòng " + where.substr(colon + 1)),
              std::string::npos)
        << st.error().message();
  }
  EXPECT_EQ(cases, 6);
}

TEST(WorkingCalendarTest, RejectsUntrustedFileContent) {
  WorkingCalendar cal(NoBuiltins());
  EXPECT_FALSE(cal.LoadText("year: 2027\nsource: x\n2027-01-01 holiday \xC0\xAF\n", "a.txt"));
  EXPECT_FALSE(cal.LoadText("year: 2027\nsource: x\n2027-01-01 holiday a\x01\n", "a.txt"));
  EXPECT_FALSE(cal.LoadText("year: 27\nsource: x\n", "a.txt"));
  EXPECT_FALSE(cal.LoadText("source: x\n", "a.txt"));
  EXPECT_FALSE(cal.LoadText("year: 2027\nsource: x\n2027-01-01 holiday Tết [X]\n", "a.txt"));
  EXPECT_FALSE(cal.LoadText(std::string(300 * 1024, '#'), "a.txt"));
  EXPECT_TRUE(cal.LoadText("\xEF\xBB\xBFyear: 2027\r\nsource: x\r\n2027-01-01 holiday Tết [H]\r\n",
                           "a.txt"));
}

TEST(WorkingCalendarTest, ConcurrentQueriesAgree) {
  WorkingCalendar cal;
  std::vector<std::thread> threads;
  std::vector<int> totals(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      totals[static_cast<std::size_t>(t)] = *cal.WorkingDaysBetween({2000, 1, 1}, {2030, 1, 1});
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  for (int total : totals) {
    EXPECT_EQ(total, totals[0]);
  }
  EXPECT_GT(totals[0], 7000);
}

}  // namespace
}  // namespace cqdt
