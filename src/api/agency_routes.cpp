#include <fstream>
#include <sstream>

#include "core/text.hpp"
#include "internal.hpp"
#include "org/agency_csv.hpp"

namespace cqdt::api {
namespace {

using identity::Authorizer;

const std::set<std::string>& AgencyFields() {
  static const std::set<std::string> kFields = {
      "code",           "name",         "shortName",     "kind",       "parentCode", "parentId",
      "address",        "phone",        "email",         "website",    "validFrom",  "validTo",
      "mergedIntoCode", "mergedIntoId", "splitFromCode", "splitFromId"};
  return kFields;
}

// Reads an AgencyInput from a JSON object already checked for unknown members.
org::AgencyInput ReadAgencyInput(JsonBody& body) {
  org::AgencyInput in;
  in.code = body.String("code");
  in.name = body.String("name");
  in.short_name = body.String("shortName");
  in.kind = body.String("kind");
  in.parent_code = body.String("parentCode");
  if (auto id = body.Int("parentId")) {
    in.parent_id = AgencyId(*id);
  }
  in.address = body.String("address");
  in.phone = body.String("phone");
  in.email = body.String("email");
  in.website = body.String("website");
  in.valid_from = body.String("validFrom");
  in.valid_to = body.String("validTo");
  in.merged_into_code = body.String("mergedIntoCode");
  in.split_from_code = body.String("splitFromCode");
  if (auto id = body.Int("mergedIntoId")) {
    in.merged_into_id = AgencyId(*id);
  }
  if (auto id = body.Int("splitFromId")) {
    in.split_from_id = AgencyId(*id);
  }
  return in;
}

http::Response Forbidden(const http::Request& req) { return Fail(Error::PermissionDenied(), req); }

json FieldErrorsJson(const std::vector<FieldError>& list, Language language) {
  json out = json::array();
  for (const auto& e : list) {
    out.push_back(
        {{"field", e.field}, {"code", e.code}, {"message", Localize(e.message, language)}});
  }
  return out;
}

// A saved agency as POST and PATCH answer it: the Agency and the admin's warnings.
http::Response SavedAgency(ApiContext& ctx, db::Transaction& tx, int status, const org::Agency& a,
                           const http::Request& req) {
  std::string agency;
  JsonWriter w(agency);
  WriteAgency(w, a, Today(ctx));
  json body = json::parse(agency);  // a write, not a hot path: one Agency shape (WriteAgency)
  body["warnings"] = FieldErrorsJson(ctx.agencies.Warnings(tx, a), http::LanguageOf(req));
  return JsonResponse(status, body);
}

json RowsJson(const org::ImportReport& report, Language language) {
  json rows = json::array();
  for (const auto& row : report.rows) {
    json r = {{"row", row.row}, {"code", row.code}, {"status", row.ok ? "ok" : "rejected"}};
    if (row.ok) {
      r["action"] = org::ImportActionName(row.action);
      r["warnings"] = FieldErrorsJson(row.warnings, language);
    } else {
      r["errors"] = FieldErrorsJson(row.errors, language);
    }
    rows.push_back(r);
  }
  return rows;
}

http::Response Import(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (!Authorizer::CanManageAgencies(p)) {
    return Forbidden(req);
  }
  auto type = AsciiLower(req.headers.Get("Content-Type").value_or(""));
  std::string text = ReadUpload(req);
  if (!IsValidUtf8(text)) {
    return Fail(Error::InvalidField("file", "encoding", "Tệp phải được mã hóa UTF-8."), req);
  }
  std::vector<org::AgencyInput> rows;
  if (type.rfind("text/csv", 0) == 0) {
    auto parsed = org::ParseAgencyCsv(text);
    if (!parsed) {
      return Fail(parsed.error(), req);
    }
    rows = std::move(parsed).value();
  } else if (type.rfind("application/json", 0) == 0) {
    auto parsed = ParseAgencyImportJson(text);
    if (!parsed) {
      return Fail(parsed.error(), req);
    }
    rows = std::move(parsed).value();
  } else {
    return Fail(Error::Unsupported("Tệp nhập phải có kiểu text/csv hoặc application/json."), req);
  }
  if (rows.size() > 5000) {
    return Fail(Error::TooLarge("Mỗi lần nhập tối đa 5.000 cơ quan."), req);
  }
  bool dry_run = req.Query("dryRun").value_or("") == "true";
  auto mode = org::ParseImportMode(req.Query("mode").value_or("create"));
  if (!mode) {
    return Fail(Error::InvalidField("mode", "enum",
                                    "Cách nhập phải là create (chỉ thêm mới) hoặc upsert (thêm "
                                    "mới và cập nhật theo mã, ngày hiệu lực)."),
                req);
  }
  auto tx = ctx.db.Begin();
  auto report = ctx.agencies.Import(tx, ActorOf(p, req), rows, *mode);
  if (!report.ok) {
    // All or nothing: the transaction rolls back when `tx` goes out of scope.
    int rejected = 0;
    for (const auto& row : report.rows) {
      rejected += row.ok ? 0 : 1;
    }
    auto res = Fail(Error::Invalid({}, "Có " + std::to_string(rejected) +
                                           " dòng không hợp lệ; chưa nhập dòng nào."),
                    req);
    json problem = json::parse(res.body);
    problem["rows"] = RowsJson(report, http::LanguageOf(req));
    problem["errors"] = json::array();
    for (const auto& row : report.rows) {
      for (const auto& e : row.errors) {
        problem["errors"].push_back({{"field", "rows[" + std::to_string(row.row) + "]." + e.field},
                                     {"code", e.code},
                                     {"message", http::Localized(e.message, req)}});
      }
    }
    res.body = problem.dump(-1, ' ', false, json::error_handler_t::replace);
    return res;
  }
  if (!dry_run) {
    if (auto st = tx.Commit(); !st) {
      return Fail(st.error(), req);
    }
  }
  return JsonResponse(200, {{"imported", dry_run ? 0 : report.imported},
                            {"valid", report.imported + report.unchanged},
                            {"created", report.created},
                            {"updated", report.updated},
                            {"unchanged", report.unchanged},
                            {"mode", org::ImportModeName(*mode)},
                            {"dryRun", dry_run},
                            {"rows", RowsJson(report, http::LanguageOf(req))}});
}

// Shared by the fast path and the blocking handler: `search` answers nullopt when it cannot
// answer from memory (only the fast path's does).
template <typename Search>
std::optional<http::Response> ListAgencies(ApiContext& ctx, http::Request& req,
                                           const identity::Principal& p, Search search) {
  if (!Authorizer::CanReadAgencies(p)) {
    return Forbidden(req);
  }
  org::AgencyQuery q;
  q.as_of = req.Query("asOf").value_or("");
  q.text = req.Query("q").value_or("");
  q.include_inactive = req.Query("includeInactive").value_or("") == "true";
  auto list = search(q);
  if (!list) {
    return std::nullopt;
  }
  if (!*list) {
    return Fail(list->error(), req);
  }
  const std::string& today = Today(ctx);
  std::string body;
  body.reserve(64 + (*list)->size() * 512);
  JsonWriter w(body);
  w.BeginObject().Key("items").BeginArray();
  for (const auto& a : **list) {
    WriteAgency(w, a, today);
  }
  w.EndArray().EndObject();
  return http::Response::Json(200, std::move(body));
}

template <typename Lookup>
std::optional<http::Response> GetAgency(ApiContext& ctx, http::Request& req,
                                        const identity::Principal& p, Lookup lookup) {
  if (!Authorizer::CanReadAgencies(p)) {
    return Forbidden(req);
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto a = lookup(AgencyId(*id));
  if (!a) {
    return std::nullopt;
  }
  return *a ? AgencyResponse(200, **a, Today(ctx)) : Fail(a->error(), req);
}

}  // namespace

Result<std::vector<org::AgencyInput>> ParseAgencyImportJson(const std::string& text) {
  auto parsed = ParseJson(text);
  if (!parsed) {
    return parsed.error();  // bad syntax, or nested too deep
  }
  if (!parsed->is_object() || !parsed->contains("items") || !(*parsed)["items"].is_array() ||
      parsed->size() != 1) {
    return Error::Malformed("Tệp JSON phải có dạng {\"items\": [ ... ]}.");
  }
  json& items = (*parsed)["items"];
  std::vector<org::AgencyInput> rows;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < items.size(); ++i) {
    json& item = items[i];
    std::string prefix = "items[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      errors.push_back({prefix, "type", "Mỗi phần tử phải là một đối tượng."});
      continue;
    }
    for (const auto& [key, _] : item.items()) {
      if (!AgencyFields().count(key)) {
        errors.push_back(
            {prefix + "." + key, "unknown", "Trường '" + key + "' không được hỗ trợ."});
      }
    }
    JsonBody row(std::move(item));  // moved, not copied: a copy recurses through the tree
    rows.push_back(ReadAgencyInput(row));
    rows.back().source_row = static_cast<int>(i) + 1;
    if (auto st = row.Finish(); !st) {
      for (auto f : st.error().fields()) {
        f.field = prefix + "." + f.field;
        errors.push_back(f);
      }
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return rows;
}

std::string AgencyExportJson(const std::vector<org::AgencyCsvRow>& rows) {
  json items = json::array();
  for (const auto& row : rows) {
    const auto& a = row.agency;
    items.push_back({{"code", a.code},
                     {"name", a.name},
                     {"shortName", a.short_name},
                     {"kind", org::KindName(a.kind)},
                     {"parentCode", row.parent_code},
                     {"address", a.address},
                     {"phone", a.phone},
                     {"email", a.email},
                     {"website", a.website},
                     {"validFrom", a.valid_from},
                     {"validTo", a.valid_to},
                     {"mergedIntoCode", row.merged_into_code},
                     {"splitFromCode", row.split_from_code}});
  }
  return json({{"items", items}}).dump(2, ' ', false, json::error_handler_t::replace);
}

void RegisterAgencyRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/agencies",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 auto tx = ctx.db.BeginRead();
                 return *ListAgencies(ctx, req, p, [&](const org::AgencyQuery& q) {
                   return std::optional(ctx.agencies.Search(tx, q));
                 });
               }),
        {.fast_path = AuthedFast(ctx,
                                 [&ctx](http::Request& req, const identity::Principal& p) {
                                   return ListAgencies(ctx, req, p, [&](const org::AgencyQuery& q) {
                                     return ctx.agencies.TrySearchCached(q);
                                   });
                                 })},
        {"Danh sách cơ quan / List agencies",
         "agencies",
         "",
         "AgencyList",
         {"asOf", "q", "includeInactive"}});

  r.Add("GET", "/api/v1/agencies/export",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (!Authorizer::CanReadAgencies(p)) {
                   return Forbidden(req);
                 }
                 auto format = req.Query("format").value_or("csv");
                 auto tx = ctx.db.BeginRead();
                 auto rows = ctx.agencies.ExportRows(tx);
                 if (format == "csv") {
                   auto res = http::Response::Text(200, "\xEF\xBB\xBF" + org::WriteAgencyCsv(rows),
                                                   "text/csv; charset=utf-8");
                   res.headers.Set("Content-Disposition", "attachment; filename=\"co-quan.csv\"");
                   return res;
                 }
                 if (format != "json") {
                   return Fail(Error::InvalidField("format", "enum",
                                                   "Định dạng xuất phải là csv hoặc json."),
                               req);
                 }
                 auto res = http::Response::Json(200, AgencyExportJson(rows));
                 res.headers.Set("Content-Disposition", "attachment; filename=\"co-quan.json\"");
                 return res;
               }),
        {}, {"Xuất danh bạ cơ quan / Export agencies", "agencies", "", "", {"format"}});

  r.Add("POST", "/api/v1/agencies/import",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return Import(ctx, req, p); }),
        {.body_limit = 10 * 1024 * 1024, .stream_body_to_disk = true},
        {"Nhập danh bạ cơ quan từ CSV/JSON / Import agencies",
         "agencies",
         "AgencyImport",
         "ImportReport",
         {"dryRun", "mode"},
         false,
         "text/csv"});

  r.Add("GET", "/api/v1/agencies/{id}",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 auto tx = ctx.db.BeginRead();
                 return *GetAgency(ctx, req, p, [&](AgencyId id) {
                   return std::optional(ctx.agencies.Lookup(tx, id));
                 });
               }),
        {.fast_path = AuthedFast(ctx,
                                 [&ctx](http::Request& req, const identity::Principal& p) {
                                   return GetAgency(ctx, req, p, [&](AgencyId id) {
                                     auto a = ctx.agencies.TryLookupCached(id);
                                     return a ? std::optional<Result<org::Agency>>(std::move(*a))
                                              : std::nullopt;
                                   });
                                 })},
        {"Chi tiết cơ quan / Get an agency", "agencies", "", "Agency"});

  r.Add("POST", "/api/v1/agencies",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (!Authorizer::CanManageAgencies(p)) {
                   return Forbidden(req);
                 }
                 auto body = JsonBody::Parse(req, AgencyFields());
                 if (!body) {
                   return Fail(body.error(), req);
                 }
                 body->Require({"code", "name", "shortName", "kind"});
                 auto in = ReadAgencyInput(*body);
                 if (auto st = body->Finish(); !st) {
                   return Fail(st.error(), req);
                 }
                 auto tx = ctx.db.Begin();
                 auto a = ctx.agencies.Create(tx, ActorOf(p, req), in);
                 if (!a) {
                   return Fail(a.error(), req);
                 }
                 auto res = SavedAgency(ctx, tx, 201, *a, req);
                 if (auto st = tx.Commit(); !st) {
                   return Fail(st.error(), req);
                 }
                 return res;
               }),
        {.body_limit = 64 * 1024},
        {"Tạo cơ quan / Create an agency",
         "agencies",
         "AgencyInput",
         "Agency",
         {},
         false,
         "application/json",
         201});

  r.Add("PATCH", "/api/v1/agencies/{id}",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (!Authorizer::CanManageAgencies(p)) {
                   return Forbidden(req);
                 }
                 auto id = PathId(req);
                 if (!id) {
                   return Fail(id.error(), req);
                 }
                 auto body = JsonBody::Parse(req, AgencyFields());
                 if (!body) {
                   return Fail(body.error(), req);
                 }
                 auto in = ReadAgencyInput(*body);
                 if (auto st = body->Finish(); !st) {
                   return Fail(st.error(), req);
                 }
                 auto tx = ctx.db.Begin();
                 auto a = ctx.agencies.Update(tx, ActorOf(p, req), AgencyId(*id), in);
                 if (!a) {
                   return Fail(a.error(), req);
                 }
                 auto res = SavedAgency(ctx, tx, 200, *a, req);
                 if (auto st = tx.Commit(); !st) {
                   return Fail(st.error(), req);
                 }
                 return res;
               }),
        {.body_limit = 64 * 1024},
        {"Sửa cơ quan / Update an agency", "agencies", "AgencyInput", "Agency"});

  r.Add("GET", "/api/v1/agencies/{id}/units",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (!Authorizer::CanReadAgencies(p)) {
                   return Forbidden(req);
                 }
                 auto id = PathId(req);
                 if (!id) {
                   return Fail(id.error(), req);
                 }
                 auto tx = ctx.db.BeginRead();
                 auto units = ctx.agencies.ListUnits(tx, AgencyId(*id));
                 if (!units) {
                   return Fail(units.error(), req);
                 }
                 json items = json::array();
                 for (const auto& u : *units) {
                   items.push_back({{"id", u.id.value()},
                                    {"agencyId", u.agency_id.value()},
                                    {"name", u.name},
                                    {"shortName", u.short_name},
                                    {"code", u.code}});
                 }
                 return JsonResponse(200, {{"items", items}});
               }),
        {}, {"Phòng, ban của cơ quan / List units", "agencies", "", "UnitList"});

  r.Add("POST", "/api/v1/agencies/{id}/units",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 auto id = PathId(req);
                 if (!id) {
                   return Fail(id.error(), req);
                 }
                 // Agency scope: a leader manages the units of their own agency only.
                 if (!Authorizer::CanManageUnits(p, AgencyId(*id))) {
                   return Forbidden(req);
                 }
                 auto body = JsonBody::Parse(req, {"name", "shortName", "code"});
                 if (!body) {
                   return Fail(body.error(), req);
                 }
                 body->Require({"name"});
                 org::UnitInput in;
                 in.name = body->String("name");
                 in.short_name = body->String("shortName");
                 in.code = body->String("code");
                 if (auto st = body->Finish(); !st) {
                   return Fail(st.error(), req);
                 }
                 auto tx = ctx.db.Begin();
                 auto u = ctx.agencies.CreateUnit(tx, ActorOf(p, req), AgencyId(*id), in);
                 if (!u) {
                   return Fail(u.error(), req);
                 }
                 if (auto st = tx.Commit(); !st) {
                   return Fail(st.error(), req);
                 }
                 return JsonResponse(201, {{"id", u->id.value()},
                                           {"agencyId", u->agency_id.value()},
                                           {"name", u->name},
                                           {"shortName", u->short_name},
                                           {"code", u->code}});
               }),
        {.body_limit = 16 * 1024},
        {"Tạo phòng, ban / Create a unit",
         "agencies",
         "UnitInput",
         "Unit",
         {},
         false,
         "application/json",
         201});
}

}  // namespace cqdt::api
