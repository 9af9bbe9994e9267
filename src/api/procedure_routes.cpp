// The procedure catalogue (issue 12 item 1): public reading (the portal and every desk show it),
// publishing a version, the all-or-nothing import with its per-row report, the export, and the
// agencies that perform a procedure. The rules are onestop::CatalogueService's; this file
// translates.
#include <filesystem>

#include "api/catalogue_file.hpp"
#include "core/text.hpp"
#include "onestop/catalogue_workbook.hpp"
#include "procedure_json.hpp"
#include "report/workbook.hpp"
#include "signing_http.hpp"

namespace cqdt::api {

namespace {

using onestop::CatalogueService;

constexpr std::uint64_t kMaxCatalogueBytes = 20 * 1024 * 1024;

std::optional<http::Response> Unready(ApiContext& ctx, const http::Request& req) {
  if (ctx.catalogue == nullptr) {
    return Fail(Error::Unavailable("Danh mục thủ tục hành chính chưa sẵn sàng."), req);
  }
  return std::nullopt;
}

http::Response CommitAnd(db::Transaction& tx, const http::Request& req, int status, json body) {
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(status, body);
}

http::Response List(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  std::vector<FieldError> errors;
  onestop::CatalogueFilter f;
  f.query = req.Query("q").value_or("");
  f.sector_code = req.Query("sector").value_or("");
  f.life_event = req.Query("lifeEvent").value_or("");
  f.on_date = req.Query("date").value_or("");
  if (auto level = req.Query("level"); level && !level->empty()) {
    f.level = onestop::ParseLevel(*level);
    if (!f.level) {
      errors.push_back(
          {"level", "enum", "Tham số 'level' phải là central, province hoặc commune."});
    }
  }
  if (auto agency = req.Query("agencyId"); agency && !agency->empty()) {
    const int id = QueryInt(req, "agencyId", 0, 1, 2000000000, errors).value_or(0);
    f.agency = AgencyId(id);
  }
  f.limit = QueryInt(req, "limit", 50, 1, 500, errors).value_or(50);
  f.offset = QueryInt(req, "offset", 0, 0, 1000000, errors).value_or(0);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto page = ctx.catalogue->List(tx, f);
  if (!page) {
    return Fail(page.error(), req);
  }
  json items = json::array();
  for (const auto& s : page->items) {
    items.push_back(ProcedureSummaryJson(s, req));
  }
  json sectors = json::array();
  for (const auto& s : page->sectors) {
    sectors.push_back({{"code", s.code}, {"name", s.name}, {"count", s.count}});
  }
  json agencies = json::array();
  for (const auto& a : page->agencies) {
    agencies.push_back({{"id", a.id.value()}, {"name", a.name}, {"count", a.count}});
  }
  const bool english = http::LanguageOf(req) == Language::kEnglish;
  json events = json::array();
  for (const auto& e : page->life_events) {
    events.push_back({{"code", e.code},
                      {"label", english && !e.name_en.empty() ? e.name_en : e.name},
                      {"count", e.count}});
  }
  return JsonResponse(200, {{"items", std::move(items)},
                            {"total", page->total},
                            {"sectors", std::move(sectors)},
                            {"agencies", std::move(agencies)},
                            {"lifeEvents", std::move(events)}});
}

json AgenciesJson(ApiContext& ctx, db::Transaction& tx, const std::vector<AgencyId>& ids) {
  json out = json::array();
  for (AgencyId id : ids) {
    auto a = ctx.agencies.Lookup(tx, id);
    out.push_back({{"id", id.value()}, {"name", a ? a->name : ""}, {"code", a ? a->code : ""}});
  }
  return out;
}

http::Response Get(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  const std::string code = req.Param("code");
  auto tx = ctx.db.BeginRead();
  auto v = ctx.catalogue->Current(tx, code, req.Query("date").value_or(""));
  if (!v) {
    return Fail(v.error(), req);
  }
  auto agencies = ctx.catalogue->Agencies(tx, code);
  if (!agencies) {
    return Fail(agencies.error(), req);
  }
  json body = ProcedureVersionJson(*v, req);
  body["agencies"] = AgenciesJson(ctx, tx, *agencies);
  return JsonResponse(200, body);
}

http::Response Versions(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto tx = ctx.db.BeginRead();
  auto versions = ctx.catalogue->Versions(tx, req.Param("code"));
  if (!versions) {
    return Fail(versions.error(), req);
  }
  json items = json::array();
  for (const auto& v : *versions) {
    items.push_back(ProcedureVersionJson(v, req));
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

http::Response Export(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  const std::string format = req.Query("format").value_or("json");
  if (format != "json" && format != "xlsx") {
    return Fail(Error::InvalidField("format", "enum", "Định dạng xuất phải là json hoặc xlsx."),
                req);
  }
  auto tx = ctx.db.BeginRead();
  auto latest = ctx.catalogue->Latest(tx);
  if (!latest) {
    return Fail(latest.error(), req);
  }
  if (format == "xlsx") {
    // A workbook costs CPU and a temp file, and this route is public: a few at a time.
    InFlightSlot slot;
    if (auto refused =
            AdmitInFlight(req, "procedures-export",
                          {.per_address = 1, .total = 2, .retry_after_seconds = 2}, slot)) {
      return *refused;
    }
    const std::filesystem::path tmp = ctx.options.tmp_dir.empty()
                                          ? std::filesystem::temp_directory_path()
                                          : std::filesystem::path(ctx.options.tmp_dir);
    auto book = onestop::WriteCatalogueWorkbook(tmp, *latest);
    if (!book) {
      return Fail(book.error(), req);
    }
    auto res = http::Response::Text(200, std::move(*book), report::kXlsxContentType);
    res.headers.Set("Content-Disposition", "attachment; filename=\"danh-muc-thu-tuc.xlsx\"");
    return res;
  }
  auto res = http::Response::Text(200, WriteCatalogue(*latest), "application/json; charset=utf-8");
  res.headers.Set("Content-Disposition", "attachment; filename=\"danh-muc-thu-tuc.json\"");
  return res;
}

// POST /procedures and PUT /procedures/{code}: the procedure's JSON plus "effectiveFrom".
// What a publish did and the version it left (ProcedurePublished).
json PublishedJson(const onestop::Published& published, const http::Request& req) {
  return {{"outcome", onestop::PublishOutcomeName(published.outcome)},
          {"outcomeLabel", http::Localized(onestop::PublishOutcomeLabel(published.outcome), req)},
          {"procedure", ProcedureVersionJson(published.version, req)}};
}

http::Response Publish(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                       bool creating) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto type = AsciiLower(req.headers.Get("Content-Type").value_or(""));
  if (type.rfind("application/json", 0) != 0) {
    return Fail(Error::Unsupported("Nội dung phải có kiểu application/json."), req);
  }
  auto parsed = ParseJson(req.body);
  if (!parsed) {
    return Fail(parsed.error(), req);
  }
  json body = std::move(*parsed);
  if (!body.is_object()) {
    return Fail(Error::Malformed("Nội dung JSON phải là một đối tượng."), req);
  }
  std::vector<FieldError> errors;
  std::string effective_from;
  if (body.contains("effectiveFrom")) {
    if (body["effectiveFrom"].is_string()) {
      effective_from = body["effectiveFrom"].get<std::string>();
    } else if (!body["effectiveFrom"].is_null()) {
      errors.push_back({"effectiveFrom", "type", "Trường 'effectiveFrom' phải là chuỗi."});
    }
    body.erase("effectiveFrom");
  }
  if (!creating) {
    const std::string code = req.Param("code");
    if (!body.contains("code") || body["code"].is_null()) {
      body["code"] = code;
    } else if (!body["code"].is_string() || body["code"].get<std::string>() != code) {
      errors.push_back({"code", "mismatch",
                        "Trường 'code' phải trùng mã thủ tục trong đường dẫn (" + code + ")."});
    }
  }
  onestop::ProcedureContent content = ReadProcedureContent(body, "", errors);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.Begin();
  if (creating) {
    auto existing = ctx.catalogue->Versions(tx, Trim(content.code));
    if (existing) {
      return Fail(Error::Conflict("Đã có thủ tục mã " + Trim(content.code) +
                                      "; sửa thủ tục đó để tạo phiên bản mới.",
                                  {{"code", "taken", "Mã thủ tục đã có trong danh mục."}}),
                  req);
    }
  }
  auto published =
      ctx.catalogue->Publish(tx, p, ActorOf(p, req), std::move(content), effective_from);
  if (!published) {
    return Fail(published.error(), req);
  }
  json out = PublishedJson(*published, req);
  return CommitAnd(tx, req,
                   creating && published->outcome == onestop::PublishOutcome::kCreated ? 201 : 200,
                   std::move(out));
}

// The template file of a required document (onestop/procedure_templates.hpp).
std::optional<int> OrdinalOf(const http::Request& req) {
  const std::string s = req.Param("ordinal");
  if (s.empty() || s.size() > 3 || s.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoi(s);
}

http::Response AttachTemplate(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.procedure_templates == nullptr) {
    return Fail(Error::Unavailable("Chức năng mẫu giấy tờ chưa sẵn sàng."), req);
  }
  auto ordinal = OrdinalOf(req);
  if (!ordinal) {
    return Fail(Error::InvalidField("ordinal", "format", "Số thứ tự giấy tờ không hợp lệ."), req);
  }
  const std::string bytes = ReadUpload(req);
  auto tx = ctx.db.Begin();
  auto published = ctx.procedure_templates->Attach(tx, p, ActorOf(p, req), req.Param("code"),
                                                   *ordinal, req.Query("name").value_or(""), bytes);
  if (!published) {
    return Fail(published.error(), req);
  }
  json out = PublishedJson(*published, req);
  return CommitAnd(tx, req, 200, std::move(out));
}

http::Response DownloadTemplate(ApiContext& ctx, http::Request& req) {
  if (ctx.procedure_templates == nullptr) {
    return Fail(Error::Unavailable("Chức năng mẫu giấy tờ chưa sẵn sàng."), req);
  }
  auto ordinal = OrdinalOf(req);
  if (!ordinal) {
    return Fail(Error::InvalidField("ordinal", "format", "Số thứ tự giấy tờ không hợp lệ."), req);
  }
  auto tx = ctx.db.BeginRead();
  auto file = ctx.procedure_templates->Get(tx, req.Param("code"), *ordinal);
  if (!file) {
    return Fail(file.error(), req);
  }
  http::Response res = http::Response::Text(200, std::move(file->bytes), file->content_type);
  res.headers.Set("Content-Disposition", AttachmentDisposition(file->file_name));
  res.headers.Set("X-Content-Type-Options", "nosniff");
  return res;
}

http::Response Import(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  if (!identity::Authorizer::IsAdmin(p)) {
    return Fail(
        Error::PermissionDenied("Chỉ quản trị hệ thống mới nhập danh mục thủ tục hành chính."),
        req);
  }
  auto type = AsciiLower(req.headers.Get("Content-Type").value_or(""));
  const bool json_file = type.rfind("application/json", 0) == 0;
  const bool xlsx_file = type.rfind(report::kXlsxContentType, 0) == 0;
  if (!json_file && !xlsx_file) {
    return Fail(Error::Unsupported("Tệp danh mục phải có kiểu application/json hoặc là tệp Excel "
                                   "(.xlsx)."),
                req);
  }
  const std::string bytes = ReadUpload(req);
  Result<std::vector<onestop::ImportItem>> items = Error::Internal();
  if (xlsx_file) {
    items = onestop::ReadCatalogueWorkbook(bytes);
  } else if (!IsValidUtf8(bytes)) {
    return Fail(Error::InvalidField("file", "encoding", "Tệp phải được mã hóa UTF-8."), req);
  } else {
    items = ReadCatalogue(bytes);
  }
  if (!items) {
    return Fail(items.error(), req);
  }
  const bool dry_run = req.Query("dryRun").value_or("") == "true";
  auto tx = ctx.db.Begin();
  auto report = ctx.catalogue->Import(tx, p, ActorOf(p, req), std::move(*items),
                                      req.Query("effectiveFrom").value_or(""), dry_run);
  if (!report) {
    return Fail(report.error(), req);
  }
  json body = ImportReportJson(*report, req);
  if (report->failed > 0) {
    // All or nothing: the transaction rolls back when `tx` goes out of scope.
    auto res = Fail(Error::Invalid({}, "Có " + std::to_string(report->failed) +
                                           " thủ tục không hợp lệ; chưa nhập thủ tục nào."),
                    req);
    json problem = json::parse(res.body);
    problem["rows"] = body["rows"];
    problem["errors"] = json::array();
    for (const auto& row : report->rows) {
      for (const auto& e : row.errors) {
        problem["errors"].push_back({{"field", "procedures[" + std::to_string(row.row - 1) + "]" +
                                                   (e.field.empty() ? "" : "." + e.field)},
                                     {"code", e.code},
                                     {"message", http::Localized(e.message, req)}});
      }
    }
    res.body = problem.dump(-1, ' ', false, json::error_handler_t::replace);
    return res;
  }
  if (dry_run) {
    return JsonResponse(200, body);  // rolled back with `tx`
  }
  return CommitAnd(tx, req, 200, std::move(body));
}

http::Response SetAgencies(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto body = JsonBody::Parse(req, {"agencyIds"});
  if (!body) {
    return Fail(body.error(), req);
  }
  std::vector<AgencyId> ids;
  const json& v = body->value();
  if (!v.contains("agencyIds") || !v["agencyIds"].is_array()) {
    return Fail(Error::InvalidField("agencyIds", "type",
                                    "Trường 'agencyIds' phải là danh sách mã số cơ quan."),
                req);
  }
  for (std::size_t i = 0; i < v["agencyIds"].size(); ++i) {
    const json& id = v["agencyIds"][i];
    if (!id.is_number_integer() || id.get<std::int64_t>() <= 0) {
      return Fail(Error::InvalidField("agencyIds[" + std::to_string(i) + "]", "type",
                                      "Mỗi phần tử của 'agencyIds' phải là số nguyên dương."),
                  req);
    }
    ids.emplace_back(id.get<std::int64_t>());
  }
  const std::string code = req.Param("code");
  auto tx = ctx.db.Begin();
  if (auto st = ctx.catalogue->SetAgencies(tx, p, ActorOf(p, req), code, ids); !st) {
    return Fail(st.error(), req);
  }
  auto now = ctx.catalogue->Agencies(tx, code);
  if (!now) {
    return Fail(now.error(), req);
  }
  return CommitAnd(tx, req, 200, {{"agencies", AgenciesJson(ctx, tx, *now)}});
}

}  // namespace

void RegisterProcedureRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/procedures", [&ctx](http::Request& req) { return List(ctx, req); }, {},
        {"Danh mục thủ tục hành chính có hiệu lực / The procedures in force",
         "procedures",
         "",
         "ProcedureList",
         {"q", "level", "sector", "agencyId", "lifeEvent", "date", "limit", "offset"},
         true});
  r.Add("GET", "/api/v1/procedures/export", [&ctx](http::Request& req) { return Export(ctx, req); },
        {},
        {"Xuất danh mục thủ tục (JSON hoặc Excel, phiên bản mới nhất) / Export the catalogue",
         "procedures",
         "",
         "ProcedureCatalogue",
         {"format"},
         true});
  r.Add("POST", "/api/v1/procedures/import",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return Import(ctx, req, p); }),
        {.body_limit = kMaxCatalogueBytes, .stream_body_to_disk = true},
        {"Nhập danh mục thủ tục, tất cả hoặc không / Import the catalogue, all or nothing",
         "procedures",
         "ProcedureCatalogue",
         "ProcedureImportReport",
         {"dryRun", "effectiveFrom"}});
  r.Add("POST", "/api/v1/procedures",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return Publish(ctx, req, p, true); }),
        {.body_limit = 2 << 20},
        {"Thêm thủ tục vào danh mục / Add a procedure",
         "procedures",
         "ProcedureInput",
         "ProcedurePublished",
         {},
         false,
         "application/json",
         201});
  r.Add("GET", "/api/v1/procedures/{code}", [&ctx](http::Request& req) { return Get(ctx, req); },
        {},
        {"Thủ tục và phiên bản có hiệu lực / A procedure as in force",
         "procedures",
         "",
         "Procedure",
         {"date"},
         true});
  r.Add("PUT", "/api/v1/procedures/{code}",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return Publish(ctx, req, p, false); }),
        {.body_limit = 2 << 20},
        {"Ban hành phiên bản mới của thủ tục / Publish a new version", "procedures",
         "ProcedureInput", "ProcedurePublished"});
  r.Add("GET", "/api/v1/procedures/{code}/versions",
        [&ctx](http::Request& req) { return Versions(ctx, req); }, {},
        {"Các phiên bản của thủ tục / A procedure's versions",
         "procedures",
         "",
         "ProcedureVersionList",
         {},
         true});
  r.Add("PUT", "/api/v1/procedures/{code}/documents/{ordinal}/template",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return AttachTemplate(ctx, req, p); }),
        {.body_limit = onestop::kMaxTemplateBytes,
         .stream_body_to_disk = true,
         .in_memory_up_to = 1 << 20},
        {"Tải lên mẫu đơn, tờ khai của giấy tờ / Upload a document's template",
         "procedures",
         "",
         "ProcedurePublished",
         {"name"},
         false,
         "application/octet-stream"});
  r.Add("GET", "/api/v1/procedures/{code}/documents/{ordinal}/template",
        [&ctx](http::Request& req) { return DownloadTemplate(ctx, req); }, {},
        {"Tải mẫu đơn, tờ khai / Download a document's template", "procedures", "", "", {}, true});
  r.Add("PUT", "/api/v1/procedures/{code}/agencies",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return SetAgencies(ctx, req, p); }),
        {},
        {"Giao thủ tục cho các cơ quan thực hiện / The agencies that perform it", "procedures",
         "ProcedureAgenciesInput", "ProcedureAgencies"});
}

}  // namespace cqdt::api
