// The file plan (danh mục hồ sơ) and work records (hồ sơ công việc), issue 11 item 1. The rules
// are documents::FilePlanService's and documents::WorkRecordService's; this file translates.
#include "documents/file_plan_service.hpp"
#include "documents/work_record_service.hpp"
#include "internal.hpp"
#include "signing_http.hpp"

namespace cqdt::api {

namespace {

using documents::PlanItem;
using documents::WorkRecord;

bool Ready(const ApiContext& ctx) { return ctx.file_plan != nullptr && ctx.records != nullptr; }

using Handler =
    std::function<http::Response(ApiContext&, http::Request&, const identity::Principal&)>;

http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (!Ready(ctx)) {
      return Fail(Error::Unavailable("Chức năng hồ sơ công việc chưa sẵn sàng."), req);
    }
    return handler(ctx, req, p);
  });
}

std::string IsoVietnam(std::int64_t unix_seconds) {
  return unix_seconds > 0 ? ToIsoVietnam(FromUnixSeconds(unix_seconds)) : "";
}

json OptionalInt(std::optional<int> v) { return v ? json(*v) : json(); }
json OptionalId(std::int64_t v) { return v > 0 ? json(v) : json(); }

json PlanItemJson(const PlanItem& item, const http::Request& req) {
  return {{"id", item.id.value()},
          {"year", item.year},
          {"code", item.code},
          {"title", item.title},
          {"unitId", OptionalId(item.unit_id.value())},
          {"unitName", item.unit_name},
          {"retentionYears", OptionalInt(item.retention_years)},
          {"retentionLabel", http::Localized(documents::RetentionLabel(item.retention_years), req)},
          {"responsibleUserId", OptionalId(item.responsible_id.value())},
          {"responsibleName", item.responsible_name},
          {"note", item.note},
          {"recordId", OptionalId(item.record_id.value())},
          {"version", item.version}};
}

json SummaryJson(const WorkRecord& r, const http::Request& req) {
  return {{"id", r.id.value()},
          {"fileCode", r.FileCode()},
          {"organId", r.organ_id},
          {"fileCatalog", r.file_catalog},
          {"fileNotation", r.notation},
          {"title", r.title},
          {"state", documents::RecordStateName(r.state)},
          {"stateLabel", http::Localized(documents::RecordStateLabel(r.state), req)},
          {"retentionYears", OptionalInt(r.retention_years)},
          {"retentionLabel", http::Localized(documents::RetentionLabel(r.retention_years), req)},
          {"creatorName", r.creator_name},
          {"unitName", r.unit_name},
          {"docTotal", r.doc_total},
          {"pageTotal", r.page_total},
          {"startDate", r.start_date},
          {"endDate", r.end_date},
          {"openedAt", IsoVietnam(r.opened_at)},
          {"closedAt", r.closed_at > 0 ? json(IsoVietnam(r.closed_at)) : json()},
          {"appraisalDue", r.appraisal_due},
          {"canEdit", r.can_edit}};
}

json RecordJson(const WorkRecord& r, const http::Request& req) {
  json out = SummaryJson(r, req);
  out["planItemId"] = r.plan_item_id.value();
  out["rights"] = documents::RecordRightsName(r.rights);
  out["rightsLabel"] = http::Localized(documents::RecordRightsLabel(r.rights), req);
  out["language"] = r.language;
  out["description"] = r.description;
  out["creatorId"] = r.creator_id.value();
  out["version"] = r.version;
  out["canAppraise"] = r.can_appraise;
  json docs = json::array();
  for (const auto& d : r.documents) {
    docs.push_back(
        {{"documentId", d.document_id.value()},
         {"ordinal", d.ordinal},
         {"direction", documents::DirectionName(d.direction)},
         {"directionLabel", http::Localized(documents::DirectionLabel(d.direction), req)},
         {"numberText", d.number_text},
         {"date", d.date},
         {"subject", d.subject},
         {"pageCount", d.page_count},
         {"hidden", d.hidden},
         {"attachedAt", IsoVietnam(d.attached_at)},
         {"attachedByName", d.attached_by_name}});
  }
  out["documents"] = std::move(docs);
  json files = json::array();
  for (const auto& f : r.files) {
    files.push_back({{"fileId", f.file_id.value()},
                     {"name", f.name},
                     {"contentType", f.content_type},
                     {"size", f.size},
                     {"pages", f.pages},
                     {"attachedAt", IsoVietnam(f.attached_at)},
                     {"attachedByName", f.attached_by_name}});
  }
  out["files"] = std::move(files);
  json appraisals = json::array();
  for (const auto& a : r.appraisals) {
    appraisals.push_back(
        {{"decision", documents::AppraisalDecisionName(a.decision)},
         {"decisionLabel", http::Localized(documents::AppraisalDecisionLabel(a.decision), req)},
         {"decisionNumber", a.decision_number},
         {"decisionDate", a.decision_date},
         {"reason", a.reason},
         {"extendYears", OptionalInt(a.extend_years)},
         {"decidedByName", a.decided_by_name},
         {"decidedAt", IsoVietnam(a.decided_at)}});
  }
  out["appraisal"] = std::move(appraisals);
  return out;
}

// Commits `tx` and answers `status` with `body`, or the commit's failure.
http::Response CommitAnd(db::Transaction& tx, const http::Request& req, int status, json body) {
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(status, body);
}

int ThisYear(ApiContext& ctx) { return std::stoi(Today(ctx).substr(0, 4)); }

// The body of a plan item (create: with its year; update: with its version).
Result<documents::PlanItemInput> ReadPlanItem(const http::Request& req, bool creating) {
  std::set<std::string> allowed = {"code", "title", "unitId", "retentionYears", "responsibleUserId",
                                   "note"};
  allowed.insert(creating ? "year" : "version");
  CQDT_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(req, allowed));
  body.Require({"code", "title"});
  if (creating) {
    body.Require({"year"});
  } else {
    body.Require({"version"});
  }
  documents::PlanItemInput in;
  in.year = static_cast<int>(std::clamp<std::int64_t>(body.Int("year").value_or(0), -1, 100000));
  in.code = body.String("code").value_or("");
  in.title = body.String("title").value_or("");
  in.unit_id = UnitId(body.Int("unitId").value_or(0));
  // Absent or null: permanent (vĩnh viễn).
  if (body.Has("retentionYears") && !body.value()["retentionYears"].is_null()) {
    if (auto years = body.Int("retentionYears")) {
      in.retention_years = static_cast<int>(std::clamp<std::int64_t>(*years, -1, 1000));
    }
  }
  in.responsible_id = UserId(body.Int("responsibleUserId").value_or(0));
  in.note = body.String("note").value_or("");
  in.version = body.Int("version").value_or(0);
  CQDT_RETURN_IF_ERROR(body.Finish());
  return in;
}

http::Response ListPlan(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  std::vector<FieldError> errors;
  const int this_year = ThisYear(ctx);
  auto year = QueryInt(req, "year", this_year, 2000, this_year + 1, errors);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto items = ctx.file_plan->List(tx, p, *year);
  if (!items) {
    return Fail(items.error(), req);
  }
  json list = json::array();
  for (const auto& item : *items) {
    list.push_back(PlanItemJson(item, req));
  }
  return JsonResponse(200, {{"year", *year},
                            {"items", std::move(list)},
                            {"canEdit", documents::FilePlanService::CanEdit(p)}});
}

http::Response CreatePlanItem(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto in = ReadPlanItem(req, true);
  if (!in) {
    return Fail(in.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto item = ctx.file_plan->Create(tx, ActorOf(p, req), p, *in);
  if (!item) {
    return Fail(item.error(), req);
  }
  return CommitAnd(tx, req, 201, PlanItemJson(*item, req));
}

http::Response UpdatePlanItem(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto in = ReadPlanItem(req, false);
  if (!in) {
    return Fail(in.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto item = ctx.file_plan->Update(tx, ActorOf(p, req), p, documents::PlanItemId(*id), *in);
  if (!item) {
    return Fail(item.error(), req);
  }
  return CommitAnd(tx, req, 200, PlanItemJson(*item, req));
}

http::Response RemovePlanItem(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  if (auto st = ctx.file_plan->Remove(tx, ActorOf(p, req), p, documents::PlanItemId(*id)); !st) {
    return Fail(st.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return http::Response::NoContent();
}

http::Response CopyPlan(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"fromYear", "toYear"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"fromYear", "toYear"});
  const int from =
      static_cast<int>(std::clamp<std::int64_t>(body->Int("fromYear").value_or(0), -1, 100000));
  const int to =
      static_cast<int>(std::clamp<std::int64_t>(body->Int("toYear").value_or(0), -1, 100000));
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto copied = ctx.file_plan->CopyForward(tx, ActorOf(p, req), p, from, to);
  if (!copied) {
    return Fail(copied.error(), req);
  }
  auto items = ctx.file_plan->List(tx, p, to);
  if (!items) {
    return Fail(items.error(), req);
  }
  json list = json::array();
  for (const auto& item : *items) {
    list.push_back(PlanItemJson(item, req));
  }
  return CommitAnd(tx, req, 200,
                   {{"copied", copied->copied},
                    {"skipped", copied->skipped},
                    {"year", to},
                    {"items", std::move(list)}});
}

http::Response ListRecords(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  std::vector<FieldError> errors;
  documents::RecordFilter filter;
  filter.year = *QueryInt(req, "year", 0, 0, 100000, errors);
  filter.state = req.Query("state").value_or("");
  const std::string mine = req.Query("mine").value_or("false");
  // Untrusted query: two known values.
  if (mine != "true" && mine != "false") {
    errors.push_back({"mine", "enum", "Trường 'mine' chỉ nhận true hoặc false."});
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  filter.mine = mine == "true";
  auto tx = ctx.db.BeginRead();
  auto list = ctx.records->List(tx, p, filter);
  if (!list) {
    return Fail(list.error(), req);
  }
  json items = json::array();
  for (const auto& r : *list) {
    items.push_back(SummaryJson(r, req));
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

http::Response OpenRecord(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"planItemId", "title", "description", "language", "rights"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"planItemId"});
  documents::OpenRecordInput in;
  in.plan_item_id = documents::PlanItemId(body->Int("planItemId").value_or(0));
  in.title = body->String("title").value_or("");
  in.description = body->String("description").value_or("");
  in.language = body->String("language").value_or("");
  in.rights = body->String("rights").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto r = ctx.records->Open(tx, ActorOf(p, req), p, in);
  if (!r) {
    return Fail(r.error(), req);
  }
  return CommitAnd(tx, req, 201, RecordJson(*r, req));
}

http::Response GetRecord(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto r = ctx.records->Get(tx, p, documents::WorkRecordId(*id));
  if (!r) {
    return Fail(r.error(), req);
  }
  return JsonResponse(200, RecordJson(*r, req));
}

using RecordChange = std::function<Result<WorkRecord>(db::Transaction&, const audit::Actor&,
                                                      documents::WorkRecordId)>;

// Runs one change of record {id} in a transaction and answers the record.
http::Response ChangeRecord(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                            const RecordChange& change) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto r = change(tx, ActorOf(p, req), documents::WorkRecordId(*id));
  if (!r) {
    return Fail(r.error(), req);
  }
  return CommitAnd(tx, req, 200, RecordJson(*r, req));
}

// A body of one positive id member, `field`.
Result<std::int64_t> ReadId(const http::Request& req, const char* field) {
  CQDT_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(req, {field}));
  body.Require({field});
  const std::int64_t id = body.Int(field).value_or(0);
  CQDT_RETURN_IF_ERROR(body.Finish());
  if (id <= 0) {
    return Error::InvalidField(field, "invalid",
                               "Trường '" + std::string(field) + "' phải là một mã số dương.");
  }
  return id;
}

http::Response AttachDocument(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto document = ReadId(req, "documentId");
  if (!document) {
    return Fail(document.error(), req);
  }
  return ChangeRecord(ctx, req, p, [&](db::Transaction& tx, const audit::Actor& a, auto id) {
    return ctx.records->AttachDocument(tx, a, p, id, documents::DocumentId(*document));
  });
}

http::Response RemoveDocument(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto document = PathId(req, "documentId");
  if (!document) {
    return Fail(document.error(), req);
  }
  return ChangeRecord(ctx, req, p, [&](db::Transaction& tx, const audit::Actor& a, auto id) {
    return ctx.records->RemoveDocument(tx, a, p, id, documents::DocumentId(*document));
  });
}

http::Response AttachFile(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto file = ReadId(req, "fileId");
  if (!file) {
    return Fail(file.error(), req);
  }
  return ChangeRecord(ctx, req, p, [&](db::Transaction& tx, const audit::Actor& a, auto id) {
    return ctx.records->AttachFile(tx, a, p, id, documents::FileId(*file));
  });
}

http::Response DownloadFile(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  auto file = PathId(req, "fileId");
  if (!id || !file) {
    return Fail(!id ? id.error() : file.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto got =
      ctx.records->FileContent(tx, p, documents::WorkRecordId(*id), documents::FileId(*file));
  if (!got) {
    return Fail(got.error(), req);
  }
  http::Response res = http::Response::Text(200, std::move(got->second), got->first.content_type);
  res.headers.Set("Content-Disposition", AttachmentDisposition(got->first.name));
  res.headers.Set("X-Content-Type-Options", "nosniff");
  return res;
}

http::Response CloseRecord(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"title", "description", "language", "rights", "version"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"title", "language", "rights", "version"});
  documents::CloseRecordInput in;
  in.title = body->String("title").value_or("");
  in.description = body->String("description").value_or("");
  in.language = body->String("language").value_or("");
  in.rights = body->String("rights").value_or("");
  in.version = body->Int("version").value_or(0);
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  return ChangeRecord(ctx, req, p, [&](db::Transaction& tx, const audit::Actor& a, auto id) {
    return ctx.records->Close(tx, a, p, id, in);
  });
}

http::Response ListAppraisal(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto tx = ctx.db.BeginRead();
  auto list = ctx.records->DueForAppraisal(tx, p);
  if (!list) {
    return Fail(list.error(), req);
  }
  json items = json::array();
  for (const auto& r : *list) {
    items.push_back(SummaryJson(r, req));
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

http::Response Appraise(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body =
      JsonBody::Parse(req, {"decision", "decisionNumber", "decisionDate", "reason", "extendYears"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"decision", "decisionNumber", "decisionDate", "reason"});
  documents::AppraisalInput in;
  in.decision = body->String("decision").value_or("");
  in.decision_number = body->String("decisionNumber").value_or("");
  in.decision_date = body->String("decisionDate").value_or("");
  in.reason = body->String("reason").value_or("");
  if (body->Has("extendYears") && !body->value()["extendYears"].is_null()) {
    if (auto years = body->Int("extendYears")) {
      in.extend_years = static_cast<int>(std::clamp<std::int64_t>(*years, -1, 1000));
    }
  }
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  return ChangeRecord(ctx, req, p, [&](db::Transaction& tx, const audit::Actor& a, auto id) {
    return ctx.records->Appraise(tx, a, p, id, in);
  });
}

}  // namespace

void RegisterRecordRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/records/plan", Guarded(ctx, ListPlan), {},
        {"Danh mục hồ sơ của năm / The file plan of a year", "records", "", "FilePlan", {"year"}});
  r.Add("POST", "/api/v1/records/plan", Guarded(ctx, CreatePlanItem), {},
        {"Thêm mục vào danh mục hồ sơ / Add a file-plan item",
         "records",
         "PlanItemInput",
         "PlanItem",
         {},
         false,
         "application/json",
         201});
  r.Add("POST", "/api/v1/records/plan/copy", Guarded(ctx, CopyPlan), {},
        {"Sao chép danh mục hồ sơ từ năm trước / Copy a year's file plan forward", "records",
         "FilePlanCopyInput", "FilePlanCopy"});
  r.Add("PUT", "/api/v1/records/plan/{id}", Guarded(ctx, UpdatePlanItem), {},
        {"Sửa mục hồ sơ / Edit a file-plan item", "records", "PlanItemInput", "PlanItem"});
  r.Add("DELETE", "/api/v1/records/plan/{id}", Guarded(ctx, RemovePlanItem), {},
        {"Bỏ mục khỏi danh mục hồ sơ / Remove a file-plan item",
         "records",
         "",
         "",
         {},
         false,
         "",
         204});
  r.Add("GET", "/api/v1/records", Guarded(ctx, ListRecords), {},
        {"Hồ sơ công việc / Work records",
         "records",
         "",
         "WorkRecordList",
         {"year", "state", "mine"}});
  r.Add("POST", "/api/v1/records", Guarded(ctx, OpenRecord), {},
        {"Lập hồ sơ theo danh mục / Open a work record",
         "records",
         "WorkRecordOpenInput",
         "WorkRecord",
         {},
         false,
         "application/json",
         201});
  r.Add("GET", "/api/v1/records/appraisal", Guarded(ctx, ListAppraisal), {},
        {"Hồ sơ hết thời hạn bảo quản cần thẩm định / Records due for appraisal", "records", "",
         "WorkRecordList"});
  r.Add("GET", "/api/v1/records/{id}", Guarded(ctx, GetRecord), {},
        {"Một hồ sơ công việc / One work record", "records", "", "WorkRecord"});
  r.Add("POST", "/api/v1/records/{id}/documents", Guarded(ctx, AttachDocument), {},
        {"Đưa văn bản vào hồ sơ / File a document in the record", "records",
         "WorkRecordDocumentInput", "WorkRecord"});
  r.Add("DELETE", "/api/v1/records/{id}/documents/{documentId}", Guarded(ctx, RemoveDocument), {},
        {"Rút văn bản khỏi hồ sơ / Take a document out of the record",
         "records",
         "",
         "WorkRecord",
         {},
         false,
         ""});
  r.Add("POST", "/api/v1/records/{id}/files", Guarded(ctx, AttachFile), {},
        {"Thêm tệp vào hồ sơ / Add a file to the record", "records", "WorkRecordFileInput",
         "WorkRecord"});
  r.Add("GET", "/api/v1/records/{id}/files/{fileId}", Guarded(ctx, DownloadFile), {},
        {"Tải tệp của hồ sơ / Download a file of the record", "records", "", ""});
  r.Add("POST", "/api/v1/records/{id}/close", Guarded(ctx, CloseRecord), {},
        {"Đóng hồ sơ / Close the record", "records", "WorkRecordCloseInput", "WorkRecord"});
  r.Add("POST", "/api/v1/records/{id}/appraisal", Guarded(ctx, Appraise), {},
        {"Ghi quyết định thẩm định hồ sơ / Record an appraisal decision", "records",
         "AppraisalInput", "WorkRecord"});
}

}  // namespace cqdt::api
