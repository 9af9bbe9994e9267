// Incoming documents (issue 10, item 2): upload a file, register a document (JSON with the ids
// of uploaded files), list, read, the actions of the processing flow, files and the timeline.
// The rules are the documents module's (IncomingService, AssignmentService, FileService); this
// file translates JSON and HTTP, and owns the HTTP side of optimistic concurrency: every
// document answer carries `ETag: "<id>-<version>"`, every action requires `If-Match` (428
// without it, 412 when it is not the current version, also when another request wins the race
// inside the service).
#include <charconv>

#include "api/signing_json.hpp"
#include "core/document_number.hpp"
#include "documents/assignment_service.hpp"
#include "documents/document_files.hpp"
#include "documents/incoming_service.hpp"
#include "internal.hpp"
#include "pdf/pdf.hpp"
#include "signing/verify_file.hpp"
#include "signing_http.hpp"

namespace cqdt::api {

namespace {

using documents::Document;
using documents::DocumentId;

http::Response Problem(int status, const std::string& message, const char* type,
                       const http::Request& req, const json& extra = json::object());

std::string Time(std::int64_t seconds) {
  return seconds > 0 ? ToIsoVietnam(FromUnixSeconds(seconds)) : "";
}

json DocumentJson(const Document& d, const http::Request& req) {
  const DocumentType* type = FindDocumentTypeByOrdinal(d.type_ordinal);
  auto state = documents::ParseIncomingState(d.state);
  return {
      {"id", d.id.value()},
      {"agencyId", d.agency_id.value()},
      {"state", d.state},
      {"stateLabel", state ? http::Localized(documents::IncomingStateLabel(*state), req) : d.state},
      {"typeOrdinal", d.type_ordinal},
      {"typeName", type ? type->name : ""},
      {"numberText", d.number_text},
      {"number", d.number},
      {"notation", d.notation},
      {"issuedDate", d.issued_date},
      {"senderAgencyId", d.sender_agency_id.IsSet() ? json(d.sender_agency_id.value()) : json()},
      {"senderName", d.sender_name},
      {"subject", d.subject},
      {"signerName", d.signer_name},
      {"signerPosition", d.signer_position},
      {"urgency", documents::UrgencyName(d.urgency)},
      {"urgencyLabel", http::Localized(documents::UrgencyLabel(d.urgency), req)},
      {"confidentiality", documents::ConfidentialityName(d.confidentiality)},
      {"confidentialityLabel",
       http::Localized(documents::ConfidentialityLabel(d.confidentiality), req)},
      {"channel", documents::ChannelName(d.channel)},
      {"channelLabel", http::Localized(documents::ChannelLabel(d.channel), req)},
      {"pageCount", d.page_count},
      {"arrivalDate", d.arrival_date},
      {"arrivalNumber", d.arrival_number},
      {"dueDate", d.due_date},
      {"description", d.description},
      {"toPlaces", d.to_places},
      {"createdAt", Time(d.created_at)},
      {"updatedAt", Time(d.updated_at)},
      {"version", d.version}};
}

json FileJson(const documents::DocumentFile& f) {
  json verdict = nullptr;
  if (!f.signature_verdict.empty()) {
    auto parsed = ParseJson(f.signature_verdict);
    verdict = parsed ? *parsed : json(nullptr);
  }
  return {{"id", f.id.value()},
          {"documentId", f.document_id.IsSet() ? json(f.document_id.value()) : json()},
          {"role", documents::FileRoleName(f.role)},
          {"name", f.name},
          {"contentType", f.content_type},
          {"size", f.size},
          {"pages", f.pages},
          {"sha256", f.sha256},
          {"signature", verdict},
          {"uploadedAt", Time(f.uploaded_at)}};
}

http::Response WithETag(http::Response res, const Document& d) {
  res.headers.Set("ETag", DocumentETag(d));
  return res;
}

http::Response DocumentResponse(int status, const Document& d, const http::Request& req) {
  return WithETag(JsonResponse(status, DocumentJson(d, req)), d);
}

bool Ready(const ApiContext& ctx) {
  return ctx.incoming != nullptr && ctx.assignments != nullptr && ctx.document_files != nullptr;
}

using Handler =
    std::function<http::Response(ApiContext&, http::Request&, const identity::Principal&)>;

http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (!Ready(ctx)) {
      return Fail(Error::Unavailable("Chức năng văn bản đến chưa sẵn sàng."), req);
    }
    return handler(ctx, req, p);
  });
}

// POST /documents/files: the raw body is the file (streamed to disk; the route's body limit is
// [documents] max_file_mb, 413 beyond). A signed PDF is verified now, before the transaction
// (revocation checks may take seconds), and the report is kept with the file.
http::Response UploadFile(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (!identity::Authorizer::IsStaff(p) || !p.agency_id.IsSet()) {
    return Fail(Error::PermissionDenied(), req);
  }
  std::string bytes = ReadUpload(req);
  std::string name = SafeUploadName(req.Query("fileName").value_or(""), "van-ban-den");
  std::string verdict;
  if (bytes.starts_with("%PDF-") && ctx.verifier != nullptr && ctx.trust != nullptr) {
    auto signatures = pdf::ReadSignatures(bytes);
    if (signatures && !signatures->empty()) {
      auto report = signing::VerifyFile(ctx.db, *ctx.trust, *ctx.verifier,
                                        {.bytes = bytes,
                                         .file_name = name,
                                         .detached_content = std::nullopt,
                                         .detached_sha256 = std::nullopt,
                                         .extra_anchors = {},
                                         .fetcher = ctx.revocation_fetcher});
      if (report) {
        // Kept in Vietnamese (the record); the reader's language applies when it is shown.
        verdict = VerificationReportJson(*report, Language::kVietnamese);
      }
    }
  }
  auto tx = ctx.db.Begin();
  auto f = ctx.document_files->Upload(tx, ActorOf(p, req), p.agency_id, name, bytes, verdict);
  if (!f) {
    return Fail(f.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(201, FileJson(*f));
}

Result<documents::IncomingInput> ReadIncomingInput(const http::Request& req,
                                                   const identity::Principal& p) {
  CQDT_ASSIGN_OR_RETURN(
      JsonBody body,
      JsonBody::Parse(req, {"typeOrdinal", "numberText", "issuedDate", "senderAgencyId",
                            "senderName", "subject", "signerName", "signerPosition", "urgency",
                            "confidentiality", "channel", "pageCount", "arrivalDate", "dueDate",
                            "description", "toPlaces", "fileIds", "confirmDuplicate"}));
  body.Require({"issuedDate", "subject"});
  documents::IncomingInput in;
  in.agency_id = p.agency_id;
  in.type_ordinal = static_cast<int>(body.Int("typeOrdinal").value_or(0));
  in.number_text = body.String("numberText").value_or("");
  in.issued_date = body.String("issuedDate").value_or("");
  in.sender_agency_id = AgencyId(body.Int("senderAgencyId").value_or(0));
  in.sender_name = body.String("senderName").value_or("");
  in.subject = body.String("subject").value_or("");
  in.signer_name = body.String("signerName").value_or("");
  in.signer_position = body.String("signerPosition").value_or("");
  in.urgency = body.String("urgency").value_or("normal");
  in.confidentiality = body.String("confidentiality").value_or("none");
  in.channel = body.String("channel").value_or("paper");
  in.page_count = static_cast<int>(body.Int("pageCount").value_or(0));
  in.arrival_date = body.String("arrivalDate").value_or("");
  in.due_date = body.String("dueDate").value_or("");
  in.description = body.String("description").value_or("");
  in.to_places = body.String("toPlaces").value_or("");
  in.confirm_duplicate = body.Bool("confirmDuplicate").value_or(false);
  std::vector<FieldError> extra;
  if (body.Has("fileIds")) {
    const json& ids = body.value()["fileIds"];
    // Untrusted: every element must be a positive integer.
    if (!ids.is_array() || ids.size() > 20) {
      extra.push_back({"fileIds", "type", "Trường 'fileIds' phải là danh sách mã tệp."});
    } else {
      for (const auto& id : ids) {
        if (!id.is_number_integer() || id.get<std::int64_t>() <= 0) {
          extra.push_back({"fileIds", "type", "Trường 'fileIds' phải là danh sách mã tệp."});
          break;
        }
        in.file_ids.push_back(documents::FileId(id.get<std::int64_t>()));
      }
    }
  }
  auto st = body.Finish();
  if (!st || !extra.empty()) {
    std::vector<FieldError> all = st ? std::vector<FieldError>{} : st.error().fields();
    all.insert(all.end(), extra.begin(), extra.end());
    return Error::Invalid(std::move(all));
  }
  return in;
}

http::Response RegisterIncoming(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto in = ReadIncomingInput(req, p);
  if (!in) {
    return Fail(in.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto out = ctx.incoming->Register(tx, ActorOf(p, req), p, *in);
  if (!out) {
    return Fail(out.error(), req);
  }
  if (!out->document) {
    // The duplicate warning: nothing was saved; the clerk confirms with confirmDuplicate.
    json dups = json::array();
    for (const auto& d : out->duplicates) {
      dups.push_back({{"id", d.id.value()},
                      {"arrivalNumber", d.arrival_number},
                      {"arrivalDate", d.arrival_date},
                      {"numberText", d.number_text},
                      {"subject", d.subject}});
    }
    return Problem(409,
                   "Văn bản này có thể đã được vào sổ: trùng cơ quan gửi, số, ký hiệu và ngày ban "
                   "hành. Gửi lại với confirmDuplicate để vẫn vào sổ.",
                   "duplicate-document", req, {{"duplicates", dups}});
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return DocumentResponse(201, *out->document, req);
}

Result<DocumentId> DocumentOf(const http::Request& req) {
  CQDT_ASSIGN_OR_RETURN(std::int64_t id, PathId(req));
  return DocumentId(id);
}

http::Response GetIncoming(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = DocumentOf(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto d = ctx.incoming->Get(tx, p, *id);
  if (!d) {
    return Fail(d.error(), req);
  }
  json body = DocumentJson(*d, req);
  json assignments = json::array();
  for (const auto& a : ctx.assignments->OfDocument(tx, *id)) {
    assignments.push_back({{"id", a.id.value()},
                           {"userId", a.assignee.value()},
                           {"fullName", a.assignee_name},
                           {"role", a.role},
                           {"state", a.state},
                           {"instruction", a.instruction},
                           {"dueDate", a.due_date},
                           {"resultNote", a.result_note},
                           {"extensionReason", a.extension_reason},
                           {"extensionDueDate", a.extension_due_date}});
  }
  body["assignments"] = assignments;
  json files = json::array();
  for (const auto& f : ctx.document_files->OfDocument(tx, *id)) {
    files.push_back(FileJson(f));
  }
  body["files"] = files;
  return WithETag(JsonResponse(200, body), *d);
}

http::Response ListIncoming(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  std::vector<FieldError> errors;
  documents::ListFilter filter;
  filter.state = req.Query("state").value_or("");
  filter.limit = QueryInt(req, "limit", 50, 1, 200, errors).value_or(50);
  filter.offset = QueryInt(req, "offset", 0, 0, 1000000, errors).value_or(0);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto list = ctx.incoming->List(tx, p, filter);
  if (!list) {
    return Fail(list.error(), req);
  }
  json items = json::array();
  for (const auto& d : *list) {
    items.push_back(DocumentJson(d, req));
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response Timeline(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = DocumentOf(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto events = ctx.incoming->Events(tx, p, *id);
  if (!events) {
    return Fail(events.error(), req);
  }
  json items = json::array();
  for (const auto& e : *events) {
    items.push_back(
        {{"at", Time(e.at)}, {"actor", e.actor_name}, {"action", e.action}, {"detail", e.detail}});
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response DownloadFile(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = DocumentOf(req);
  auto file = PathId(req, "fileId");
  if (!id || !file) {
    return Fail(!id ? id.error() : file.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto files = ctx.incoming->Files(tx, p, *id);
  if (!files) {
    return Fail(files.error(), req);
  }
  for (const auto& f : *files) {
    if (f.id.value() == *file) {
      auto bytes = ctx.document_files->Content(f);
      if (!bytes) {
        return Fail(bytes.error(), req);
      }
      http::Response res = http::Response::Text(200, std::move(*bytes), f.content_type);
      res.headers.Set("Content-Disposition", AttachmentDisposition(f.name));
      res.headers.Set("X-Content-Type-Options", "nosniff");
      return res;
    }
  }
  return Fail(Error::NotFound("tệp", std::to_string(*file)), req);
}

// The If-Match of an action: the version the caller read. 428 without it; a value that is not
// this document's ETag form is treated as stale (412).
Result<std::int64_t> IfMatchVersion(const http::Request& req, DocumentId id) {
  auto header = req.headers.Get("If-Match");
  if (!header || header->empty()) {
    return Error(ErrorCode::kFailedPrecondition, "precondition-required");
  }
  std::string prefix = "\"" + std::to_string(id.value()) + "-";
  std::string_view v = *header;
  if (v.starts_with("W/")) {
    v.remove_prefix(2);
  }
  if (!v.starts_with(prefix) || !v.ends_with("\"") || v.size() <= prefix.size() + 1) {
    return std::int64_t{-1};
  }
  std::string_view digits = v.substr(prefix.size(), v.size() - prefix.size() - 1);
  std::int64_t version = -1;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) {
    return std::int64_t{-1};
  }
  return version;
}

// A problem of a type of its own ("urn:cqdt:problem:<type>") with a status no ErrorCode maps to
// (428, 412), and optional extra members.
http::Response Problem(int status, const std::string& message, const char* type,
                       const http::Request& req, const json& extra) {
  http::Response res = http::Problem(Error::FailedPrecondition(message), req, type, message);
  auto body = json::parse(res.body);
  body["status"] = status;
  for (const auto& [k, v] : extra.items()) {
    body[k] = v;
  }
  res.status = status;
  res.body = body.dump();
  return res;
}

using Action = std::function<Result<Document>(ApiContext&, db::Transaction&, const audit::Actor&,
                                              const identity::Principal&, DocumentId, std::int64_t,
                                              JsonBody&)>;

// One action route: If-Match, the JSON body (members `allowed`), the service call, the commit.
http::Response RunAction(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                         std::set<std::string> allowed, const Action& action) {
  auto id = DocumentOf(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto version = IfMatchVersion(req, *id);
  if (!version) {
    return Problem(428,
                   "Thiếu tiêu đề If-Match: hãy gửi ETag của văn bản đã đọc để tránh ghi đè "
                   "thay đổi của người khác.",
                   "precondition-required", req);
  }
  JsonBody body{json::object()};
  if (!req.body.empty()) {
    auto parsed = JsonBody::Parse(req, std::move(allowed));
    if (!parsed) {
      return Fail(parsed.error(), req);
    }
    body = std::move(*parsed);
  }
  auto tx = ctx.db.Begin();
  auto done = action(ctx, tx, ActorOf(p, req), p, *id, *version, body);
  if (!done) {
    // A stale version, whether seen before the write or lost in the race of the UPDATE.
    if (done.error().code() == ErrorCode::kConflict) {
      return Problem(412, "Văn bản đã được người khác thay đổi; hãy tải lại rồi thao tác lại.",
                     "stale-version", req);
    }
    return Fail(done.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return DocumentResponse(200, *done, req);
}

std::string Str(JsonBody& b, const char* field) { return b.String(field).value_or(""); }

}  // namespace

void AddDocumentIncomingSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  s["IncomingDocumentInput"] = obj({{"typeOrdinal", integer},
                                    {"numberText", str},
                                    {"issuedDate", str},
                                    {"senderAgencyId", integer},
                                    {"senderName", str},
                                    {"subject", str},
                                    {"signerName", str},
                                    {"signerPosition", str},
                                    {"urgency", str},
                                    {"confidentiality", str},
                                    {"channel", str},
                                    {"pageCount", integer},
                                    {"arrivalDate", str},
                                    {"dueDate", str},
                                    {"description", str},
                                    {"toPlaces", str},
                                    {"fileIds", {{"type", "array"}, {"items", integer}}},
                                    {"confirmDuplicate", {{"type", "boolean"}}}},
                                   {"issuedDate", "subject"});
  s["IncomingDocument"] = obj({{"id", integer},
                               {"agencyId", integer},
                               {"state", str},
                               {"stateLabel", str},
                               {"typeOrdinal", integer},
                               {"numberText", str},
                               {"issuedDate", str},
                               {"senderName", str},
                               {"subject", str},
                               {"arrivalDate", str},
                               {"arrivalNumber", integer},
                               {"dueDate", str},
                               {"version", integer}},
                              {"id", "agencyId", "state", "subject", "arrivalNumber", "version"});
  s["IncomingDocumentList"] =
      obj({{"items",
            {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/IncomingDocument"}}}}}},
          {"items"});
  s["DocumentFile"] = obj({{"id", integer},
                           {"role", str},
                           {"name", str},
                           {"contentType", str},
                           {"size", integer},
                           {"pages", integer},
                           {"sha256", str},
                           {"signature", {{"type", json::array({"object", "null"})}}}},
                          {"id", "name", "contentType", "size"});
  s["DocumentTimeline"] =
      obj({{"items",
            {{"type", "array"},
             {"items", obj({{"at", str}, {"actor", str}, {"action", str}, {"detail", str}},
                           {"at", "action"})}}}},
          {"items"});
  s["IncomingSubmitInput"] = obj({{"leaderId", integer}}, {"leaderId"});
  s["IncomingAssignInput"] =
      obj({{"instruction", str},
           {"assignees",
            {{"type", "array"},
             {"items", obj({{"userId", integer}, {"role", str}}, {"userId", "role"})}}},
           {"dueInWorkingDays", integer},
           {"dueDate", str}},
          {"assignees"});
  s["IncomingReasonInput"] = obj({{"reason", str}}, {"reason"});
  s["IncomingExtensionInput"] = obj({{"reason", str}, {"dueDate", str}}, {"reason", "dueDate"});
  s["IncomingNoteInput"] = obj({{"note", str}}, {"note"});
  s["IncomingCommentInput"] = obj({{"text", str}}, {"text"});
}

void RegisterDocumentIncomingRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("POST", "/api/v1/documents/files", Guarded(ctx, UploadFile),
        {.body_limit = ctx.options.documents_max_file_bytes, .stream_body_to_disk = true},
        {"Tải lên tệp văn bản / Upload a document file",
         "documents",
         "",
         "DocumentFile",
         {"fileName"},
         false,
         "application/octet-stream",
         201});
  r.Add("POST", "/api/v1/documents/incoming", Guarded(ctx, RegisterIncoming), {},
        {"Vào sổ văn bản đến / Register an incoming document",
         "documents",
         "IncomingDocumentInput",
         "IncomingDocument",
         {},
         false,
         "application/json",
         201});
  r.Add("GET", "/api/v1/documents/incoming", Guarded(ctx, ListIncoming), {},
        {"Văn bản đến / Incoming documents",
         "documents",
         "",
         "IncomingDocumentList",
         {"state", "limit", "offset"}});
  r.Add("GET", "/api/v1/documents/incoming/{id}", Guarded(ctx, GetIncoming), {},
        {"Một văn bản đến / An incoming document", "documents", "", "IncomingDocument"});
  r.Add("GET", "/api/v1/documents/incoming/{id}/timeline", Guarded(ctx, Timeline), {},
        {"Diễn biến xử lý / An incoming document's timeline", "documents", "", "DocumentTimeline"});
  r.Add("GET", "/api/v1/documents/incoming/{id}/files/{fileId}", Guarded(ctx, DownloadFile), {},
        {"Tải tệp của văn bản đến / Download an incoming document's file", "documents"});

  auto action = [&](const char* path, const char* summary, const char* schema,
                    std::set<std::string> allowed, Action run) {
    r.Add("POST", std::string("/api/v1/documents/incoming/{id}/") + path,
          Guarded(ctx,
                  [allowed, run](ApiContext& c, http::Request& req, const identity::Principal& p) {
                    return RunAction(c, req, p, allowed, run);
                  }),
          {}, {summary, "documents", schema, "IncomingDocument"});
  };
  action("submit", "Trình lãnh đạo / Submit to a leader", "IncomingSubmitInput", {"leaderId"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           b.Require({"leaderId"});
           auto leader = b.Int("leaderId");
           CQDT_RETURN_IF_ERROR(b.Finish());
           return c.assignments->Submit(tx, a, p, id, v, UserId(leader.value_or(0)));
         });
  action("assign", "Cho ý kiến chỉ đạo, giao xử lý / Instruct and assign", "IncomingAssignInput",
         {"instruction", "assignees", "dueInWorkingDays", "dueDate"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           b.Require({"assignees"});
           documents::AssignInput in;
           in.instruction = Str(b, "instruction");
           in.due_in_working_days = static_cast<int>(b.Int("dueInWorkingDays").value_or(0));
           in.due_date = Str(b, "dueDate");
           CQDT_RETURN_IF_ERROR(b.Finish());
           const json& list = b.value()["assignees"];
           // Untrusted: an array of {userId: integer, role: string}.
           bool ok = list.is_array() && list.size() <= 50;
           for (std::size_t i = 0; ok && i < list.size(); ++i) {
             const json& e = list[i];
             ok = e.is_object() && e.contains("userId") && e["userId"].is_number_integer() &&
                  e.contains("role") && e["role"].is_string();
             if (ok) {
               in.assignees.push_back(
                   {UserId(e["userId"].get<std::int64_t>()), e["role"].get<std::string>()});
             }
           }
           if (!ok) {
             return Error::InvalidField(
                 "assignees", "type",
                 "Trường 'assignees' phải là danh sách {userId, role} (role: lead, coordinate, "
                 "info).");
           }
           return c.assignments->Assign(tx, a, p, id, v, in);
         });
  action("accept", "Nhận xử lý / Accept", "", {},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v,
            JsonBody&) -> Result<Document> { return c.assignments->Accept(tx, a, p, id, v); });
  action("comments", "Ghi ý kiến / Comment", "IncomingCommentInput", {"text"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           std::string text = Str(b, "text");
           CQDT_RETURN_IF_ERROR(b.Finish());
           return c.assignments->Comment(tx, a, p, id, v, text);
         });
  action("extension", "Xin gia hạn / Request an extension", "IncomingExtensionInput",
         {"reason", "dueDate"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           std::string reason = Str(b, "reason");
           std::string due = Str(b, "dueDate");
           CQDT_RETURN_IF_ERROR(b.Finish());
           return c.assignments->RequestExtension(tx, a, p, id, v, reason, due);
         });
  action("complete", "Hoàn thành xử lý / Complete", "IncomingNoteInput", {"note"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           std::string note = Str(b, "note");
           CQDT_RETURN_IF_ERROR(b.Finish());
           return c.assignments->Complete(tx, a, p, id, v, note);
         });
  action("return", "Trả lại văn thư / Return to the clerk", "IncomingReasonInput", {"reason"},
         [](ApiContext& c, db::Transaction& tx, const audit::Actor& a, const identity::Principal& p,
            DocumentId id, std::int64_t v, JsonBody& b) -> Result<Document> {
           std::string reason = Str(b, "reason");
           CQDT_RETURN_IF_ERROR(b.Finish());
           return c.assignments->Return(tx, a, p, id, v, reason);
         });
}

}  // namespace cqdt::api
