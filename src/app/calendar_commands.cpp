// `cqdt calendar ...` (issue 3): lunar dates, holidays and working days, one plain result line or
// JSON with --json. Bad input exits 2 with one line "Vietnamese / English" on stderr.
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "core/lunar_calendar.hpp"
#include "core/text.hpp"
#include "core/working_calendar.hpp"
#include "services.hpp"

namespace cqdt::app {
namespace {

struct CalendarArgs {
  std::string first;
  std::string second;
  bool leap = false;
  bool json = false;
};

nlohmann::json LunarJson(const LunarDate& d) {
  return {{"day", d.day},
          {"month", d.month},
          {"year", d.year},
          {"leap", d.leap},
          {"text", FormatLunarDate(d)}};
}

// Untrusted input: a whole decimal integer in [min, max].
std::optional<int> ParseInt(const std::string& s, int min, int max) {
  int v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || v < min || v > max) {
    return std::nullopt;
  }
  return v;
}

std::optional<Date> ParseDateArg(const std::string& s) {
  auto d = ParseIsoDate(s);
  if (!d || d->year < LunarCalendar::kMinYear || d->year > LunarCalendar::kMaxYear) {
    return std::nullopt;
  }
  return d;
}

constexpr char kBadDate[] = "Ngày phải có dạng YYYY-MM-DD, từ 1900-01-01 đến 2100-12-31";
constexpr char kBadDateEn[] = "date must be YYYY-MM-DD between 1900-01-01 and 2100-12-31";

}  // namespace

CommandRunner AddCalendarCommands(CLI::App& app) {
  auto args = std::make_shared<CalendarArgs>();
  auto* calendar =
      app.add_subcommand("calendar", "Lịch âm, ngày nghỉ, ngày làm việc / lunar and working days");
  calendar->fallthrough();
  calendar->require_subcommand(1);
  auto leaf = [&](const char* name, const char* help) {
    auto* c = calendar->add_subcommand(name, help);
    c->fallthrough();
    c->add_flag("--json", args->json, "In JSON / print JSON");
    return c;
  };
  auto* lunar = leaf("lunar", "Đổi dương lịch sang âm lịch / solar to lunar");
  lunar->add_option("date", args->first, "YYYY-MM-DD")->required();
  auto* solar = leaf("solar", "Đổi âm lịch sang dương lịch / lunar to solar");
  solar->add_option("date", args->first, "D/M/YYYY (âm lịch / lunar)")->required();
  solar->add_flag("--leap", args->leap, "Tháng nhuận / the leap month");
  auto* holidays = leaf("holidays", "Ngày nghỉ trong năm / days off of a year");
  holidays->add_option("year", args->first, "YYYY")->required();
  auto* add = leaf("add-working-days", "Cộng ngày làm việc / add working days");
  add->add_option("start", args->first, "YYYY-MM-DD")->required();
  add->add_option("days", args->second, "N")->required();
  auto* between = leaf("working-days-between", "Số ngày làm việc / working days between");
  between->add_option("from", args->first, "YYYY-MM-DD")->required();
  between->add_option("to", args->second, "YYYY-MM-DD")->required();

  return [=](const Config& config) -> std::optional<int> {
    if (!calendar->parsed()) {
      return std::nullopt;
    }
    const CalendarArgs& a = *args;
    const LunarCalendar& lunar_calendar = LunarCalendar::Vietnam();

    if (lunar->parsed()) {
      auto d = ParseDateArg(a.first);
      if (!d) {
        return Usage(kBadDate, kBadDateEn);
      }
      auto l = lunar_calendar.ToLunar(*d);
      if (!l) {
        return Usage(l.error(), "invalid solar date");
      }
      if (a.json) {
        auto j = LunarJson(*l);
        j["date"] = FormatIsoDate(*d);
        PrintJson(j);
      } else {
        std::printf("%s\n", FormatLunarDate(*l).c_str());
      }
      return 0;
    }
    if (solar->parsed()) {
      auto l = ParseLunarDate(a.first, a.leap);
      if (!l) {
        return Usage(l.error(), "lunar date must be D/M/YYYY");
      }
      auto d = lunar_calendar.ToSolar(*l);
      if (!d) {
        return Usage(d.error(), "no such lunar date");
      }
      if (a.json) {
        PrintJson({{"date", FormatIsoDate(*d)}, {"lunar", LunarJson(*l)}});
      } else {
        std::printf("%s\n", FormatIsoDate(*d).c_str());
      }
      return 0;
    }

    // The working-day commands: the configured hours, the shipped years, then the admin's
    // <data_dir>/calendar/.
    auto opened = OpenCalendar(config);
    if (!opened) {
      return Usage(opened.error(), "calendar configuration or file rejected");
    }
    const WorkingCalendar& working = **opened;

    if (holidays->parsed()) {
      auto year = ParseInt(a.first, LunarCalendar::kMinYear, LunarCalendar::kMaxYear);
      if (!year || a.first.size() != 4) {
        return Usage("Năm phải là số có 4 chữ số từ 1900 đến 2100",
                     "year must be YYYY between 1900 and 2100");
      }
      auto info = working.Year(*year);
      if (!info) {
        return Usage(info.error(), "invalid year");
      }
      if (!info->from_notice) {
        std::fprintf(stderr,
                     "cqdt: chú ý: năm %d chưa có thông báo nghỉ lễ, đây là lịch dự tính theo Bộ "
                     "luật Lao động / note: no notice loaded for %d, computed from the statute\n",
                     *year, *year);
      }
      if (a.json) {
        nlohmann::json days = nlohmann::json::array();
        for (const auto& d : info->days) {
          days.push_back({{"date", FormatIsoDate(d.date)},
                          {"kind", DayKindName(d.kind)},
                          {"name", d.name},
                          {"confidence", d.confidence}});
        }
        PrintJson({{"year", info->year},
                   {"fromNotice", info->from_notice},
                   {"source", info->source},
                   {"days", days}});
      } else {
        for (const auto& d : info->days) {
          if (d.kind != DayKind::kSwapWork) {  // a make-up Saturday is not a day off
            std::printf("%s %s\n", FormatIsoDate(d.date).c_str(), d.name.c_str());
          }
        }
      }
      return 0;
    }
    if (add->parsed()) {
      auto start = ParseDateArg(a.first);
      if (!start) {
        return Usage(kBadDate, kBadDateEn);
      }
      auto n = ParseInt(a.second, 0, 100000);
      if (!n) {
        return Usage("Số ngày làm việc phải là số nguyên từ 0 đến 100000",
                     "N must be an integer from 0 to 100000");
      }
      auto due = working.AddWorkingDays(*start, *n);
      if (!due) {
        return Usage(due.error(), "result outside 1900-2100");
      }
      if (a.json) {
        PrintJson({{"start", FormatIsoDate(*start)}, {"days", *n}, {"due", FormatIsoDate(*due)}});
      } else {
        std::printf("%s\n", FormatIsoDate(*due).c_str());
      }
      return 0;
    }
    if (between->parsed()) {
      auto from = ParseDateArg(a.first);
      auto to = ParseDateArg(a.second);
      if (!from || !to) {
        return Usage(kBadDate, kBadDateEn);
      }
      auto n = working.WorkingDaysBetween(*from, *to);
      if (!n) {
        return Usage(n.error(), "invalid dates");
      }
      if (a.json) {
        PrintJson(
            {{"from", FormatIsoDate(*from)}, {"to", FormatIsoDate(*to)}, {"workingDays", *n}});
      } else {
        std::printf("%d\n", *n);
      }
      return 0;
    }
    return kExitUsage;
  };
}

}  // namespace cqdt::app
