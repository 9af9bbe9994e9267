// Registers printed as PDF or Excel, and the leaders' statistics (issue 11, item 5). What is
// counted and who may see it is the documents module's (documents/report_service.hpp); this file
// reads the query string and writes the answer.
#include "documents/report_service.hpp"
#include "internal.hpp"
#include "signing_http.hpp"

namespace cqdt::api {
namespace {

using documents::ReportService;

http::Response Unavailable(const http::Request& req) {
  return Fail(Error::Unavailable("Chức năng báo cáo văn bản chưa sẵn sàng."), req);
}

http::Response FileResponse(documents::ExportedFile file) {
  http::Response res = http::Response::Text(200, std::move(file.bytes), file.content_type);
  res.headers.Set("Content-Disposition", AttachmentDisposition(file.filename));
  res.headers.Set("X-Content-Type-Options", "nosniff");
  res.headers.Set("X-Report-Rows", std::to_string(file.rows));
  if (file.truncated) {
    res.headers.Set("X-Report-Truncated", "true");
  }
  return res;
}

// The period of ?from= and ?to= (untrusted), both reported when both are wrong.
Result<documents::Period> PeriodOf(ApiContext& ctx, const http::Request& req) {
  return documents::ParsePeriod(req.Query("from"), req.Query("to"), ctx.report->Today());
}

// A book of 5,000 entries is a few hundred milliseconds of CPU and a few MB of memory: at most two
// at once from one address and in all, so that the worker threads stay free for everything else
// (issue 8's rule); more get 429 / 503 with Retry-After.
constexpr char kExportBucket[] = "documents.export";
constexpr InFlightLimits kExportLimits{.per_address = 2, .total = 2, .retry_after_seconds = 2};

http::Response ExportRegister(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  InFlightSlot slot;
  if (auto refused = AdmitInFlight(req, kExportBucket, kExportLimits, slot)) {
    return *refused;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto period = PeriodOf(ctx, req);
  auto format = documents::ParseExportFormat(req.Query("format"));
  if (!period || !format) {
    std::vector<FieldError> errors;
    for (const Error* e :
         {period ? nullptr : &period.error(), format ? nullptr : &format.error()}) {
      if (e != nullptr) {
        errors.insert(errors.end(), e->fields().begin(), e->fields().end());
      }
    }
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto file = ctx.report->ExportRegister(tx, p, documents::RegisterId(*id), *period, *format);
  if (!file) {
    return Fail(file.error(), req);
  }
  return FileResponse(std::move(*file));
}

json CountsJson(const documents::StatisticsCounts& c) {
  return {{"received", c.received},       {"issued", c.issued},
          {"doneOnTime", c.done_on_time}, {"doneLate", c.done_late},
          {"openOnTime", c.open_on_time}, {"openOverdue", c.open_overdue}};
}

http::Response Statistics(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  std::vector<FieldError> errors;
  auto period = PeriodOf(ctx, req);
  if (!period) {
    errors = period.error().fields();
  }
  auto group = documents::ParseGroupBy(req.Query("groupBy"));
  if (!group) {
    errors.push_back(group.error().fields().at(0));
  }
  const auto format = req.Query("format");
  if (format && *format != "json" && *format != "xlsx") {
    errors.push_back({"format", "enum", "Định dạng phải là json hoặc xlsx."});
  }
  AgencyId agency;
  if (auto text = req.Query("agencyId"); text && !text->empty()) {
    auto value = QueryInt(req, "agencyId", 0, 1, 2147483647, errors);
    if (value) {
      agency = AgencyId(*value);
    }
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto stats = ctx.report->Compute(tx, p, {*period, *group, agency});
  if (!stats) {
    return Fail(stats.error(), req);
  }
  // The one label made here is Vietnamese; the rest are names.
  for (auto& row : stats->rows) {
    if (row.id == 0) {
      row.label = http::Localized(row.label, req);
    }
  }
  if (format && *format == "xlsx") {
    InFlightSlot slot;
    if (auto refused = AdmitInFlight(req, kExportBucket, kExportLimits, slot)) {
      return *refused;
    }
    auto file = ctx.report->StatisticsWorkbook(*stats);
    if (!file) {
      return Fail(file.error(), req);
    }
    return FileResponse(std::move(*file));
  }
  json rows = json::array();
  for (const auto& row : stats->rows) {
    rows.push_back({{"id", row.id == 0 ? json(nullptr) : json(row.id)},
                    {"label", row.label},
                    {"counts", CountsJson(row.counts)}});
  }
  json agencies = json::array();
  for (AgencyId a : stats->agencies) {
    agencies.push_back(a.value());
  }
  return JsonResponse(200, {{"from", stats->period.from},
                            {"to", stats->period.to},
                            {"groupBy", documents::GroupByName(stats->group_by)},
                            {"today", stats->today},
                            {"timeZone", "UTC+7"},
                            {"agencyIds", agencies},
                            {"rows", rows},
                            {"total", CountsJson(stats->total)}});
}

template <typename Handler>
http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (ctx.report == nullptr) {
      return Unavailable(req);
    }
    return handler(ctx, req, p);
  });
}

}  // namespace

void AddDocumentReportSchemas(json& s) {
  const json integer = {{"type", "integer"}};
  const json str = {{"type", "string"}};
  json counts = {
      {"type", "object"},
      {"properties",
       {{"received", integer},
        {"issued", integer},
        {"doneOnTime", integer},
        {"doneLate", integer},
        {"openOnTime", integer},
        {"openOverdue", integer}}},
      {"required", {"received", "issued", "doneOnTime", "doneLate", "openOnTime", "openOverdue"}}};
  s["DocumentStatisticsCounts"] = counts;
  const json counts_ref = {{"$ref", "#/components/schemas/DocumentStatisticsCounts"}};
  s["DocumentStatistics"] = {
      {"type", "object"},
      {"properties",
       {{"from", str},
        {"to", str},
        {"groupBy", {{"type", "string"}, {"enum", {"agency", "unit", "person"}}}},
        {"today", str},
        {"timeZone", str},
        {"agencyIds", {{"type", "array"}, {"items", integer}}},
        {"rows",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"id", {{"type", json::array({"integer", "null"})}}},
              {"label", str},
              {"counts", counts_ref}}},
            {"required", {"id", "label", "counts"}}}}}},
        {"total", counts_ref}}},
      {"required", {"from", "to", "groupBy", "today", "rows", "total"}}};
}

void RegisterDocumentReportRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/documents/registers/{id}/export", Guarded(ctx, ExportRegister), {},
        {"In sổ đăng ký văn bản (PDF, Excel) / Print a document register (PDF, Excel)",
         "documents",
         "",
         "",
         {"format", "from", "to"}});
  r.Add("GET", "/api/v1/documents/statistics", Guarded(ctx, Statistics), {},
        {"Thống kê xử lý văn bản / Document statistics for leaders",
         "documents",
         "",
         "DocumentStatistics",
         {"from", "to", "groupBy", "agencyId", "format"}});
}

}  // namespace cqdt::api
