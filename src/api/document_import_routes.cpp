// The import of past documents over HTTP (issue 11, item 6), for system administrators:
// POST /documents/import takes the package as the raw body (a ZIP, or a bare CSV/JSON index;
// `fileName`, `dryRun`, `batchSize` in the query, like the other uploads of this API), checks
// that it can be read at all, and answers 202 with a job that a background thread runs;
// GET /documents/import/{id} gives its progress and, when done, the per-row report. The rules
// are documents::ImportService's; this file translates.
#include "documents/import_jobs.hpp"
#include "documents/import_service.hpp"
#include "internal.hpp"
#include "signing_http.hpp"

namespace cqdt::api {

namespace {

using documents::ImportJob;
using documents::ImportJobId;

using Handler =
    std::function<http::Response(ApiContext&, http::Request&, const identity::Principal&)>;

http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (ctx.import_jobs == nullptr || ctx.import_queue == nullptr) {
      return Fail(Error::Unavailable("Chức năng nhập văn bản cũ chưa sẵn sàng."), req);
    }
    if (!documents::ImportService::CanImport(p)) {
      return Fail(Error::PermissionDenied("Chỉ quản trị hệ thống mới nhập được văn bản cũ."), req);
    }
    return handler(ctx, req, p);
  });
}

std::string IsoVietnam(std::int64_t unix_seconds) {
  return unix_seconds > 0 ? ToIsoVietnam(FromUnixSeconds(unix_seconds)) : "";
}

json JobJson(ApiContext& ctx, const ImportJob& j, const http::Request& req) {
  documents::ImportJobProgress live{j.phase, j.done, j.total};
  if (j.state == "running" || j.state == "queued") {
    if (auto p = ctx.import_queue->Progress(j.id)) {
      live = *p;
    }
  }
  json out = {{"id", j.id.value()},
              {"fileName", j.file_name},
              {"dryRun", j.dry_run},
              {"state", j.state},
              {"stateLabel", http::Localized(documents::ImportJobStateLabel(j.state), req)},
              {"phase", live.phase},
              {"done", live.done},
              {"total", live.total},
              {"imported", j.imported},
              {"skipped", j.skipped},
              {"invalid", j.invalid},
              {"refused", j.refused},
              {"message", http::Localized(j.message, req)},
              {"createdBy", j.created_by_name},
              {"createdAt", IsoVietnam(j.created_at)},
              {"updatedAt", IsoVietnam(j.updated_at)}};
  if (j.state == "done") {
    json rows = json::array();
    json problems = json::array();
    for (const auto& r : j.rows) {
      if (r.status == "problem") {
        problems.push_back(
            {{"row", r.row}, {"field", r.field}, {"message", http::Localized(r.message, req)}});
        continue;
      }
      std::string label;
      for (auto s :
           {documents::ImportRowStatus::kImported, documents::ImportRowStatus::kWouldImport,
            documents::ImportRowStatus::kAlreadyImported,
            documents::ImportRowStatus::kDuplicateInBatch, documents::ImportRowStatus::kInvalid,
            documents::ImportRowStatus::kNotWritten}) {
        if (r.status == documents::ImportRowStatusName(s)) {
          label = http::Localized(documents::ImportRowStatusLabel(s), req);
        }
      }
      rows.push_back(
          {{"row", r.row},
           {"status", r.status},
           {"statusLabel", label},
           {"numberText", r.number_text},
           {"subject", r.subject},
           {"documentId", r.document_id.IsSet() ? json(r.document_id.value()) : json()}});
    }
    out["rows"] = rows;
    out["problems"] = problems;
  }
  return out;
}

http::Response StartImport(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  std::vector<FieldError> errors;
  const std::string dry = req.Query("dryRun").value_or("false");
  if (dry != "true" && dry != "false") {
    errors.push_back({"dryRun", "type", "Trường 'dryRun' phải là true hoặc false."});
  }
  const auto batch = QueryInt(req, "batchSize", 500, 1, 10000, errors);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  const std::string name = SafeUploadName(req.Query("fileName").value_or(""), "nhap-van-ban");
  std::string bytes = ReadUpload(req);
  if (bytes.empty()) {
    return Fail(Error::InvalidField("file", "required", "Trường 'file': tệp trống."), req);
  }
  // Read now, so that a package that cannot be read at all is answered at once (4xx); the rows
  // themselves are checked by the job.
  auto package = ReadDocumentImport(std::move(bytes), name);
  if (!package) {
    return Fail(package.error(), req);
  }
  const audit::Actor actor = ActorOf(p, req);
  auto tx = ctx.db.Begin();
  ImportJob job =
      ctx.import_jobs->Create(tx, actor, name, dry == "true", ToUnixSeconds(ctx.clock.Now()));
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  documents::ImportJobRequest request;
  request.id = job.id;
  request.actor = actor;
  request.principal = p;
  request.rows = std::move(package->rows);
  request.files = std::move(package->files);
  request.options.dry_run = job.dry_run;
  request.options.batch_size = batch.value_or(500);
  request.options.confidential_files = ctx.options.documents_confidential_files;
  if (auto st = ctx.import_queue->Submit(std::move(request)); !st) {
    auto failed = ctx.db.Begin();
    ctx.import_jobs->Fail(failed, job.id, st.error().message(), ToUnixSeconds(ctx.clock.Now()));
    (void)failed.Commit();
    return Fail(st.error(), req);
  }
  auto res = JsonResponse(202, JobJson(ctx, job, req));
  res.headers.Set("Location", "/api/v1/documents/import/" + std::to_string(job.id.value()));
  return res;
}

http::Response GetImport(ApiContext& ctx, http::Request& req, const identity::Principal&) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto job = ctx.import_jobs->Get(tx, ImportJobId(*id));
  if (!job) {
    return Fail(job.error(), req);
  }
  return JsonResponse(200, JobJson(ctx, *job, req));
}

http::Response ListImports(ApiContext& ctx, http::Request& req, const identity::Principal&) {
  auto tx = ctx.db.BeginRead();
  json items = json::array();
  for (const auto& j : ctx.import_jobs->List(tx, 20)) {
    items.push_back(JobJson(ctx, j, req));
  }
  return JsonResponse(200, {{"items", items}});
}

}  // namespace

void AddDocumentImportSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json boolean = {{"type", "boolean"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  s["DocumentImportRow"] = obj({{"row", integer},
                                {"status", str},
                                {"statusLabel", str},
                                {"numberText", str},
                                {"subject", str},
                                {"documentId", {{"type", json::array({"integer", "null"})}}}},
                               {"row", "status"});
  s["DocumentImportProblem"] =
      obj({{"row", integer}, {"field", str}, {"message", str}}, {"row", "field", "message"});
  s["DocumentImportJob"] = obj(
      {{"id", integer},
       {"fileName", str},
       {"dryRun", boolean},
       {"state", str},
       {"stateLabel", str},
       {"phase", str},
       {"done", integer},
       {"total", integer},
       {"imported", integer},
       {"skipped", integer},
       {"invalid", integer},
       {"refused", boolean},
       {"message", str},
       {"createdBy", str},
       {"createdAt", str},
       {"updatedAt", str},
       {"rows",
        {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/DocumentImportRow"}}}}},
       {"problems",
        {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/DocumentImportProblem"}}}}}},
      {"id", "state", "done", "total"});
  s["DocumentImportJobList"] =
      obj({{"items",
            {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/DocumentImportJob"}}}}}},
          {"items"});
}

void RegisterDocumentImportRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("POST", "/api/v1/documents/import", Guarded(ctx, StartImport),
        {.body_limit = ctx.options.documents_import_max_bytes, .stream_body_to_disk = true},
        {"Nhập văn bản cũ từ gói ZIP/CSV/JSON (quản trị) / Import past documents (admin)",
         "documents",
         "",
         "DocumentImportJob",
         {"fileName", "dryRun", "batchSize"},
         false,
         "application/zip",
         202});
  r.Add("GET", "/api/v1/documents/import", Guarded(ctx, ListImports), {},
        {"Các lần nhập văn bản cũ / Past-document imports", "documents", "",
         "DocumentImportJobList"});
  r.Add("GET", "/api/v1/documents/import/{id}", Guarded(ctx, GetImport), {},
        {"Tiến độ và báo cáo một lần nhập / An import's progress and report", "documents", "",
         "DocumentImportJob"});
}

}  // namespace cqdt::api
