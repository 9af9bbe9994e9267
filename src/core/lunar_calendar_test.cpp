#include "core/lunar_calendar.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "lunar_calendar_algorithm.hpp"

namespace cqdt {
namespace {

// One line of testdata/lunar_vectors.txt.
struct LunarVector {
  int line = 0;
  std::string text;
};

std::vector<LunarVector> LoadLunarVectors() {
  std::vector<LunarVector> out;
  std::ifstream in(std::string(CQDT_TESTDATA_DIR) + "/lunar_vectors.txt");
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

const LunarCalendar& CalendarFor(int tz) {
  static const LunarCalendar utc8(8.0);
  return tz == 8 ? utc8 : LunarCalendar::Vietnam();
}

const char* const kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

class LunarVectorTest : public testing::TestWithParam<LunarVector> {};

TEST_P(LunarVectorTest, MatchesReference) {
  std::istringstream fields(GetParam().text);
  std::string verb;
  int tz = 0;
  fields >> verb >> tz;
  const LunarCalendar& cal = CalendarFor(tz);
  if (verb == "convert") {
    std::string solar_text, lunar_text, extra;
    fields >> solar_text >> lunar_text;
    bool leap = false;
    std::string weekday;
    while (fields >> extra) {
      if (extra == "leap") {
        leap = true;
      } else {
        weekday = extra;
      }
    }
    auto solar = ParseIsoDate(solar_text);
    ASSERT_TRUE(solar);
    auto lunar = ParseLunarDate(lunar_text, leap);
    ASSERT_TRUE(lunar);
    auto got = cal.ToLunar(*solar);
    ASSERT_TRUE(got);
    EXPECT_EQ(FormatLunarDate(*got), FormatLunarDate(*lunar));
    auto back = cal.ToSolar(*lunar);
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(FormatIsoDate(*back), solar_text);
    if (!weekday.empty()) {
      EXPECT_EQ(kWeekdays[DayOfWeek(*solar)], weekday);
    }
  } else if (verb == "invalid") {
    std::string lunar_text, extra;
    fields >> lunar_text;
    bool leap = (fields >> extra) && extra == "leap";
    auto lunar = ParseLunarDate(lunar_text, leap);
    ASSERT_TRUE(lunar);
    auto got = cal.ToSolar(*lunar);
    ASSERT_FALSE(got) << FormatIsoDate(*got);
    EXPECT_EQ(got.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_FALSE(got.error().message().empty());
  } else if (verb == "leapmonth") {
    int year = 0, month = 0;
    std::string first;
    fields >> year >> month >> first;
    EXPECT_EQ(cal.LeapMonth(year), month);
    if (month > 0) {
      auto d = cal.ToSolar({1, month, year, true});
      ASSERT_TRUE(d);
      EXPECT_EQ(FormatIsoDate(*d), first);
    }
  } else {
    FAIL() << "unknown verb " << verb;
  }
}

INSTANTIATE_TEST_SUITE_P(Reference, LunarVectorTest, testing::ValuesIn(LoadLunarVectors()),
                         [](const testing::TestParamInfo<LunarVector>& p) {
                           return "line" + std::to_string(p.param.line);
                         });

TEST(LunarCalendarTest, VectorFileIsNotEmpty) { EXPECT_GT(LoadLunarVectors().size(), 50u); }

// Property: solar -> lunar -> solar is the identity for every day of 1900-2100, and the cached
// conversion agrees with the uncached reference routine.
TEST(LunarCalendarTest, RoundTripsEveryDay1900To2100) {
  const LunarCalendar& cal = LunarCalendar::Vietnam();
  const std::int64_t first = ToJulianDay({1900, 1, 1});
  const std::int64_t last = ToJulianDay({2100, 12, 31});
  int failures = 0;
  std::vector<std::string> reference_day_zero;
  LunarDate prev{};
  for (std::int64_t jd = first; jd <= last && failures < 10; ++jd) {
    Date d = FromJulianDay(jd);
    auto lunar = cal.ToLunar(d);
    if (!lunar) {
      ADD_FAILURE() << FormatIsoDate(d) << ": " << lunar.error().message();
      ++failures;
      continue;
    }
    auto back = cal.ToSolar(*lunar);
    if (!back || *back != d) {
      ADD_FAILURE() << FormatIsoDate(d) << " -> " << FormatLunarDate(*lunar) << " -> "
                    << (back ? FormatIsoDate(*back) : back.error().message());
      ++failures;
    }
    LunarDate ref = lunar_algorithm::SolarToLunar(d, LunarCalendar::kVietnamTimeZone);
    if (ref.day == 0) {
      // The reference routine guesses the month from the mean lunation and, on a day just
      // before a late new moon, returns "day 0" of the next month; the cache walks the real
      // month starts instead and answers the last day of the current month.
      reference_day_zero.push_back(FormatIsoDate(d) + " " + FormatLunarDate(*lunar));
    } else if (ref != *lunar) {
      ADD_FAILURE() << FormatIsoDate(d) << ": cache " << FormatLunarDate(*lunar) << ", reference "
                    << FormatLunarDate(ref);
      ++failures;
    }
    // Days advance by one, or restart at 1 after day 29 or 30.
    if (jd > first) {
      bool next_day =
          lunar->day == prev.day + 1 && lunar->month == prev.month && lunar->leap == prev.leap;
      bool new_month = lunar->day == 1 && (prev.day == 29 || prev.day == 30);
      if (!next_day && !new_month) {
        ADD_FAILURE() << FormatIsoDate(d) << ": " << FormatLunarDate(prev) << " then "
                      << FormatLunarDate(*lunar);
        ++failures;
      }
    }
    prev = *lunar;
  }
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(reference_day_zero,
            (std::vector<std::string>{"2054-05-07 30/3/2054", "2062-04-09 30/2/2062"}));
}

TEST(LunarCalendarTest, LeapYearsHaveThirteenMonths) {
  const LunarCalendar& cal = LunarCalendar::Vietnam();
  for (int year = 1901; year <= 2099; ++year) {
    int leap = cal.LeapMonth(year);
    int months = 0;
    for (int m = 1; m <= 12; ++m) {
      months += cal.ToSolar({1, m, year, false}) ? 1 : 0;
      months += cal.ToSolar({1, m, year, true}) ? 1 : 0;
    }
    EXPECT_EQ(months, leap > 0 ? 13 : 12) << year;
  }
}

TEST(LunarCalendarTest, TimeZoneDivergesForTet2030And1985) {
  LunarCalendar china(8.0);
  EXPECT_EQ(FormatIsoDate(*LunarCalendar::Vietnam().ToSolar({1, 1, 2030, false})), "2030-02-02");
  EXPECT_EQ(FormatIsoDate(*china.ToSolar({1, 1, 2030, false})), "2030-02-03");
  EXPECT_EQ(FormatIsoDate(*LunarCalendar::Vietnam().ToSolar({1, 1, 1985, false})), "1985-01-21");
  EXPECT_EQ(FormatIsoDate(*china.ToSolar({1, 1, 1985, false})), "1985-02-20");
}

TEST(LunarCalendarTest, RejectsOutOfRange) {
  const LunarCalendar& cal = LunarCalendar::Vietnam();
  EXPECT_FALSE(cal.ToLunar({1899, 12, 31}));
  EXPECT_FALSE(cal.ToLunar({2101, 1, 1}));
  EXPECT_FALSE(cal.ToLunar({2025, 2, 29}));
  EXPECT_TRUE(cal.ToLunar({1900, 1, 1}));
  EXPECT_TRUE(cal.ToLunar({2100, 12, 31}));
  auto r = cal.ToSolar({1, 1, 2500, false});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields().at(0).field, "date");
  auto wrong_leap = cal.ToSolar({1, 6, 2024, true});
  ASSERT_FALSE(wrong_leap);
  EXPECT_EQ(wrong_leap.error().fields().at(0).field, "leap");
}

TEST(LunarCalendarTest, ParsesAndFormatsLunarDates) {
  EXPECT_EQ(FormatLunarDate({1, 6, 2025, true}), "1/6/2025 (nhuận)");
  EXPECT_EQ(FormatLunarDate({15, 8, 2025, false}), "15/8/2025");
  EXPECT_TRUE(ParseLunarDate("15/08/2025", false));
  EXPECT_FALSE(ParseLunarDate("15-8-2025", false));
  EXPECT_FALSE(ParseLunarDate("15/8/25", false));
  EXPECT_FALSE(ParseLunarDate("15/8/2025x", false));
  EXPECT_FALSE(ParseLunarDate("/8/2025", false));
  EXPECT_FALSE(ParseLunarDate("", false));
}

TEST(LunarCalendarTest, CacheIsSafeUnderConcurrentFirstUse) {
  LunarCalendar fresh(7.0);
  std::vector<std::thread> threads;
  std::vector<int> wrong(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int y = 1990; y < 2040; ++y) {
        Date d{y, 1 + t, 15};
        if (*fresh.ToLunar(d) != *LunarCalendar::Vietnam().ToLunar(d)) {
          ++wrong[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  for (int w : wrong) {
    EXPECT_EQ(w, 0);
  }
}

TEST(LunarCalendarTest, JulianDaysAndWeekdays) {
  EXPECT_EQ(ToJulianDay({2000, 1, 1}), 2451545);
  EXPECT_EQ(FormatIsoDate(FromJulianDay(2451545)), "2000-01-01");
  EXPECT_EQ(DayOfWeek({2026, 11, 27}), 5);  // a Friday
  EXPECT_EQ(FormatIsoDate(AddDays({2024, 2, 28}, 2)), "2024-03-01");
}

}  // namespace
}  // namespace cqdt
