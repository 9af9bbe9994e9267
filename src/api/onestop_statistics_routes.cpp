// The one-stop desk's statistics (issue 12 item 6): the periodic report of a desk as JSON or as
// an Excel workbook. The counting is onestop::DossierStatisticsService's.
#include "internal.hpp"
#include "onestop/dossier_statistics.hpp"
#include "report/workbook.hpp"

namespace cqdt::api {

namespace {

using namespace onestop;

json CountsJson(const DossierCounts& c) {
  return {{"carried", c.carried},
          {"receivedOnline", c.received_online},
          {"receivedOther", c.received_other},
          {"resolvedEarly", c.resolved_early},
          {"resolvedOnTime", c.resolved_on_time},
          {"resolvedLate", c.resolved_late},
          {"openOnTime", c.open_on_time},
          {"openLate", c.open_late},
          {"refused", c.refused},
          {"supplements", c.supplements}};
}

std::vector<std::string> CountCells(const DossierCounts& c) {
  const std::int64_t received = c.received_online + c.received_other;
  const std::int64_t resolved = c.resolved_early + c.resolved_on_time + c.resolved_late;
  return {std::to_string(c.carried + received),
          std::to_string(c.carried),
          std::to_string(c.received_online),
          std::to_string(c.received_other),
          std::to_string(resolved),
          std::to_string(c.resolved_early),
          std::to_string(c.resolved_on_time),
          std::to_string(c.resolved_late),
          std::to_string(c.open_on_time),
          std::to_string(c.open_late),
          std::to_string(c.refused),
          std::to_string(c.supplements)};
}

// i18n: Vietnamese only (the workbook is the desk's printed report)
report::Workbook WorkbookOf(const DossierStatistics& s, bool by_sector) {
  report::Sheet sheet;
  sheet.name = "Thống kê hồ sơ";
  sheet.heading = {"THỐNG KÊ TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH",
                   s.agency_name + ", từ ngày " + s.from + " đến ngày " + s.to};
  using report::CellKind;
  sheet.columns = {{by_sector ? "Lĩnh vực" : "Thủ tục", 40, CellKind::kText},
                   {"Tổng số", 9, CellKind::kNumber},
                   {"Kỳ trước chuyển qua", 11, CellKind::kNumber},
                   {"Mới tiếp nhận trực tuyến", 11, CellKind::kNumber},
                   {"Mới tiếp nhận trực tiếp, bưu chính", 12, CellKind::kNumber},
                   {"Đã giải quyết", 10, CellKind::kNumber},
                   {"Trước hạn", 9, CellKind::kNumber},
                   {"Đúng hạn", 9, CellKind::kNumber},
                   {"Quá hạn", 9, CellKind::kNumber},
                   {"Đang giải quyết trong hạn", 11, CellKind::kNumber},
                   {"Đang giải quyết quá hạn", 11, CellKind::kNumber},
                   {"Từ chối, dừng", 9, CellKind::kNumber},
                   {"Yêu cầu bổ sung", 9, CellKind::kNumber}};
  sheet.number_columns = true;
  for (const auto& r : s.rows) {
    std::vector<std::string> row = {r.label};
    for (auto& cell : CountCells(r.counts)) {
      row.push_back(std::move(cell));
    }
    sheet.rows.push_back(std::move(row));
  }
  std::vector<std::string> total = {"Tổng cộng"};
  for (auto& cell : CountCells(s.total)) {
    total.push_back(std::move(cell));
  }
  sheet.rows.push_back(std::move(total));
  sheet.bold_last_rows = 1;
  return {"Thống kê hồ sơ một cửa", s.agency_name, {std::move(sheet)}};
}
// i18n: end

http::Response Statistics(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.dossier_statistics == nullptr) {
    return Fail(Error::Unavailable("Chức năng hồ sơ một cửa chưa sẵn sàng."), req);
  }
  std::vector<FieldError> errors;
  DossierStatisticsQuery q;
  q.from = req.Query("from").value_or("");
  q.to = req.Query("to").value_or("");
  const std::string group = req.Query("groupBy").value_or("procedure");
  if (group == "sector") {
    q.group = StatisticsGroup::kSector;
  } else if (group != "procedure") {
    errors.push_back({"groupBy", "enum", "Tham số 'groupBy' phải là procedure hoặc sector."});
  }
  if (auto a = req.Query("agencyId"); a && !a->empty()) {
    q.agency = AgencyId(QueryInt(req, "agencyId", 0, 1, 2000000000, errors).value_or(0));
  }
  const std::string format = req.Query("format").value_or("json");
  if (format != "json" && format != "xlsx") {
    errors.push_back({"format", "enum", "Tham số 'format' phải là json hoặc xlsx."});
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto s = ctx.dossier_statistics->Compute(tx, p, q);
  if (!s) {
    return Fail(s.error(), req);
  }
  if (format == "xlsx") {
    auto book = report::WriteWorkbook(ctx.options.tmp_dir,
                                      WorkbookOf(*s, q.group == StatisticsGroup::kSector));
    if (!book) {
      return Fail(book.error(), req);
    }
    http::Response res = http::Response::Text(200, std::move(*book), report::kXlsxContentType);
    res.headers.Set("Content-Disposition",
                    "attachment; filename=\"thong-ke-ho-so-" + s->from + "_" + s->to + ".xlsx\"");
    return res;
  }
  json rows = json::array();
  for (const auto& r : s->rows) {
    rows.push_back({{"key", r.key}, {"label", r.label}, {"counts", CountsJson(r.counts)}});
  }
  json steps = json::array();
  for (const auto& st : s->steps) {
    steps.push_back({{"name", st.name}, {"count", st.count}, {"averageHours", st.average_hours}});
  }
  return JsonResponse(200, {{"from", s->from},
                            {"to", s->to},
                            {"agencyId", s->agency.value()},
                            {"agencyName", s->agency_name},
                            {"groupBy", group},
                            {"rows", std::move(rows)},
                            {"total", CountsJson(s->total)},
                            {"steps", std::move(steps)},
                            {"queue",
                             {{"tickets", s->tickets},
                              {"averageWaitMinutes", s->average_wait_minutes},
                              {"averageServeMinutes", s->average_serve_minutes}}}});
}

}  // namespace

void RegisterOnestopStatisticsRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/onestop/statistics",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return Statistics(ctx, req, p); }),
        {},
        {"Thống kê giải quyết hồ sơ một cửa / The one-stop desk's statistics",
         "dossiers",
         "",
         "OnestopStatistics",
         {"from", "to", "groupBy", "agencyId", "format"}});
}

void AddOnestopStatisticsSchemas(json& s) {
  const json integer = {{"type", "integer"}};
  const json number = {{"type", "number"}};
  const json str = {{"type", "string"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  auto array = [](json items) { return json{{"type", "array"}, {"items", std::move(items)}}; };
  json counts_props = json::object();
  for (const char* k :
       {"carried", "receivedOnline", "receivedOther", "resolvedEarly", "resolvedOnTime",
        "resolvedLate", "openOnTime", "openLate", "refused", "supplements"}) {
    counts_props[k] = integer;
  }
  const json counts = obj(counts_props, {});
  s["OnestopStatistics"] = obj(
      {{"from", str},
       {"to", str},
       {"agencyId", integer},
       {"agencyName", str},
       {"groupBy", str},
       {"rows", array(obj({{"key", str}, {"label", str}, {"counts", counts}}, {"key", "counts"}))},
       {"total", counts},
       {"steps",
        array(obj({{"name", str}, {"count", integer}, {"averageHours", number}}, {"name"}))},
       {"queue",
        obj({{"tickets", integer}, {"averageWaitMinutes", number}, {"averageServeMinutes", number}},
            {})}},
      {"rows", "total"});
}

}  // namespace cqdt::api
