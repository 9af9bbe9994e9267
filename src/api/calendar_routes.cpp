// GET /api/v1/calendar/...: lunar dates, holidays and working days for the UI (the due-date
// preview at the one-stop desk). Pure computations on ctx.calendar; no database access apart
// from authentication, so each route also has a fast path for cached sessions.
#include "core/lunar_calendar.hpp"
#include "core/text.hpp"
#include "core/working_calendar.hpp"
#include "internal.hpp"

namespace cqdt::api {
namespace {

using Query = std::function<http::Response(http::Request&, const WorkingCalendar&)>;

json LunarJson(const LunarDate& d) {
  return {{"day", d.day},
          {"month", d.month},
          {"year", d.year},
          {"leap", d.leap},
          {"text", FormatLunarDate(d)}};
}

// Untrusted input: a required query parameter holding an ISO date in 1900-2100.
std::optional<Date> QueryDate(const http::Request& req, const char* name,
                              std::vector<FieldError>& errors) {
  auto v = req.Query(name);
  if (!v || v->empty()) {
    errors.push_back({name, "required", std::string("Thiếu tham số '") + name + "'."});
    return std::nullopt;
  }
  auto d = ParseIsoDate(*v);
  if (!d || d->year < LunarCalendar::kMinYear || d->year > LunarCalendar::kMaxYear) {
    errors.push_back({name, "format",
                      std::string("Tham số '") + name +
                          "' phải là ngày dạng YYYY-MM-DD từ 1900-01-01 đến 2100-12-31."});
    return std::nullopt;
  }
  return d;
}

// A required integer query parameter in [min, max].
std::optional<int> RequiredInt(const http::Request& req, const char* name, int min, int max,
                               std::vector<FieldError>& errors) {
  auto v = req.Query(name);
  if (!v || v->empty()) {
    errors.push_back({name, "required", std::string("Thiếu tham số '") + name + "'."});
    return std::nullopt;
  }
  return QueryInt(req, name, 0, min, max, errors);
}

// Re-labels a core error about field `from` as one about query parameter `to`.
Error Rename(const Error& e, const std::string& to) {
  std::vector<FieldError> fields = e.fields();
  for (auto& f : fields) {
    f.field = to;
  }
  return Error(e.code(), e.message(), std::move(fields));
}

http::Response Lunar(http::Request& req, const WorkingCalendar&) {
  std::vector<FieldError> errors;
  auto d = QueryDate(req, "date", errors);
  if (!d) {
    return Fail(Error::Invalid(errors), req);
  }
  auto l = LunarCalendar::Vietnam().ToLunar(*d);
  if (!l) {
    return Fail(Rename(l.error(), "date"), req);
  }
  return JsonResponse(200, {{"date", FormatIsoDate(*d)}, {"lunar", LunarJson(*l)}});
}

http::Response Solar(http::Request& req, const WorkingCalendar&) {
  auto text = req.Query("date").value_or("");
  auto leap_text = req.Query("leap").value_or("false");
  std::vector<FieldError> errors;
  if (text.empty()) {
    errors.push_back({"date", "required", "Thiếu tham số 'date' (ngày âm lịch N/T/NNNN)."});
  }
  if (leap_text != "true" && leap_text != "false") {
    errors.push_back({"leap", "format", "Tham số 'leap' phải là true hoặc false."});
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(errors), req);
  }
  auto l = ParseLunarDate(text, leap_text == "true");
  if (!l) {
    return Fail(l.error(), req);
  }
  auto d = LunarCalendar::Vietnam().ToSolar(*l);
  if (!d) {
    return Fail(d.error(), req);  // fields "date" or "leap", as the query parameters
  }
  return JsonResponse(200, {{"date", FormatIsoDate(*d)}, {"lunar", LunarJson(*l)}});
}

http::Response Holidays(http::Request& req, const WorkingCalendar& cal) {
  std::vector<FieldError> errors;
  auto year = RequiredInt(req, "year", LunarCalendar::kMinYear, LunarCalendar::kMaxYear, errors);
  if (!year) {
    return Fail(Error::Invalid(errors), req);
  }
  auto info = cal.Year(*year);
  if (!info) {
    return Fail(Rename(info.error(), "year"), req);
  }
  json days = json::array();
  for (const auto& d : info->days) {
    days.push_back({{"date", FormatIsoDate(d.date)},
                    {"kind", DayKindName(d.kind)},
                    {"name", d.name},
                    {"confidence", d.confidence}});
  }
  return JsonResponse(200, {{"year", info->year},
                            {"fromNotice", info->from_notice},
                            {"source", info->source},
                            {"days", days}});
}

http::Response AddWorkingDays(http::Request& req, const WorkingCalendar& cal) {
  std::vector<FieldError> errors;
  auto start = QueryDate(req, "start", errors);
  auto days = RequiredInt(req, "days", 0, 100000, errors);
  if (!start || !days) {
    return Fail(Error::Invalid(errors), req);
  }
  auto due = cal.AddWorkingDays(*start, *days);
  if (!due) {
    return Fail(Rename(due.error(), "days"), req);
  }
  return JsonResponse(
      200, {{"start", FormatIsoDate(*start)}, {"days", *days}, {"due", FormatIsoDate(*due)}});
}

http::Response WorkingDaysBetween(http::Request& req, const WorkingCalendar& cal) {
  std::vector<FieldError> errors;
  auto from = QueryDate(req, "from", errors);
  auto to = QueryDate(req, "to", errors);
  if (!from || !to) {
    return Fail(Error::Invalid(errors), req);
  }
  auto n = cal.WorkingDaysBetween(*from, *to);
  if (!n) {
    return Fail(n.error(), req);
  }
  return JsonResponse(
      200, {{"from", FormatIsoDate(*from)}, {"to", FormatIsoDate(*to)}, {"workingDays", *n}});
}

// Staff (and system API tokens) may use the calendar; citizens are refused, as for the other
// staff routes.
void Add(http::Router& r, ApiContext& ctx, const char* path, Query query, http::RouteDoc doc) {
  auto answer = [&ctx, query](http::Request& req, const identity::Principal& p) {
    if (p.realm == identity::Realm::kCitizen) {
      return Fail(Error::PermissionDenied(), req);
    }
    if (ctx.calendar == nullptr) {
      return Fail(Error::Unavailable("Lịch làm việc chưa được nạp."), req);
    }
    return query(req, *ctx.calendar);
  };
  // Authenticating a session may read the database, so the handler stays on the worker pool;
  // the fast path answers on the I/O thread when the session is cached (the usual case).
  r.Add("GET", path,
        Authed(ctx, [answer](http::Request& req,
                             const identity::Principal& p) { return answer(req, p); }),
        {.fast_path = AuthedFast(ctx,
                                 [answer](http::Request& req, const identity::Principal& p) {
                                   return std::optional<http::Response>(answer(req, p));
                                 })},
        std::move(doc));
}

}  // namespace

void RegisterCalendarRoutes(http::Router& r, ApiContext& ctx) {
  Add(r, ctx, "/api/v1/calendar/lunar", Lunar,
      {"Đổi dương lịch sang âm lịch / Solar to lunar date",
       "calendar",
       "",
       "CalendarDate",
       {"date"}});
  Add(r, ctx, "/api/v1/calendar/solar", Solar,
      {"Đổi âm lịch sang dương lịch / Lunar to solar date",
       "calendar",
       "",
       "CalendarDate",
       {"date", "leap"}});
  Add(r, ctx, "/api/v1/calendar/holidays", Holidays,
      {"Ngày nghỉ lễ, Tết, nghỉ bù, làm bù trong năm / Days off of a year",
       "calendar",
       "",
       "HolidayYear",
       {"year"}});
  Add(r, ctx, "/api/v1/calendar/add-working-days", AddWorkingDays,
      {"Hạn sau N ngày làm việc / Due date after N working days",
       "calendar",
       "",
       "WorkingDaysDue",
       {"start", "days"}});
  Add(r, ctx, "/api/v1/calendar/working-days-between", WorkingDaysBetween,
      {"Số ngày làm việc giữa hai ngày / Working days between two dates",
       "calendar",
       "",
       "WorkingDaysCount",
       {"from", "to"}});
}

}  // namespace cqdt::api
