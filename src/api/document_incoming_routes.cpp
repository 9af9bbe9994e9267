// Incoming documents (issue 10, item 2): upload a file, register a document (JSON with the ids
// of uploaded files), list, read, files and the timeline; the processing actions are
// document_incoming_action_routes.cpp, the shared HTTP side (JSON, ETag, problems)
// document_incoming_http.hpp. The rules are the documents module's (IncomingService,
// AssignmentService, FileService); these files translate JSON and HTTP.
#include "api/signing_json.hpp"
#include "document_incoming_http.hpp"
#include "documents/assignment_service.hpp"
#include "documents/document_files.hpp"
#include "documents/incoming_service.hpp"
#include "internal.hpp"
#include "pdf/pdf.hpp"
#include "signing/verify_file.hpp"
#include "signing_http.hpp"

namespace cqdt::api {

namespace {

using namespace incoming_http;

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

http::Response GetIncoming(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = DocumentOf(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  json body;
  Document d;
  {
    auto tx = ctx.db.BeginRead();
    auto got = ctx.incoming->Get(tx, p, *id);
    if (!got) {
      return Fail(got.error(), req);
    }
    d = *got;
    body = DocumentJson(d, req);
    json assignments = json::array();
    for (const auto& a : ctx.assignments->OfDocument(tx, *id)) {
      std::string unit_name;
      if (a.unit.IsSet()) {
        auto unit = ctx.agencies.GetUnit(tx, a.unit);
        unit_name = unit ? unit->name : "";
      }
      assignments.push_back(
          {{"id", a.id.value()},
           {"userId", a.assignee.value()},
           {"fullName", a.assignee_name},
           {"unitId", a.unit.IsSet() ? json(a.unit.value()) : json()},
           {"unitName", a.unit.IsSet() ? json(unit_name) : json()},
           {"parentId", a.parent.IsSet() ? json(a.parent.value()) : json()},
           {"role", a.role},
           {"state", a.state},
           {"instruction", a.instruction},
           {"dueDate", a.due_date},
           {"resultNote", a.result_note},
           {"answerDocumentId",
            a.answer_document_id.IsSet() ? json(a.answer_document_id.value()) : json()},
           {"assignedBy", a.assigned_by.IsSet() ? json(a.assigned_by.value()) : json()},
           {"extensionReason", a.extension_reason},
           {"extensionDueDate", a.extension_due_date}});
    }
    body["assignments"] = assignments;
    json files = json::array();
    for (const auto& f : ctx.document_files->OfDocument(tx, *id)) {
      files.push_back(FileJson(f));
    }
    body["files"] = files;
  }
  if (auto st = AuditViews(ctx, p, req, {d}, "detail"); !st) {
    return Fail(st.error(), req);
  }
  return WithETag(JsonResponse(200, body), d);
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
  auto list = [&] {
    auto tx = ctx.db.BeginRead();
    return ctx.incoming->List(tx, p, filter);
  }();
  if (!list) {
    return Fail(list.error(), req);
  }
  // A confidential document's line in a list shows its subject: that is a view too.
  if (auto st = AuditViews(ctx, p, req, *list, "list"); !st) {
    return Fail(st.error(), req);
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
  std::vector<documents::DocumentEventView> events;
  Document d;
  {
    auto tx = ctx.db.BeginRead();
    auto got = ctx.incoming->Get(tx, p, *id);
    if (!got) {
      return Fail(got.error(), req);
    }
    d = *got;
    events = ctx.incoming->Events(tx, d);
  }
  if (auto st = AuditViews(ctx, p, req, {d}, "timeline"); !st) {
    return Fail(st.error(), req);
  }
  json items = json::array();
  for (const auto& e : events) {
    items.push_back(
        {{"at", Time(e.at)}, {"actor", e.actor_name}, {"action", e.action}, {"detail", e.detail}});
  }
  return JsonResponse(200, {{"items", items}});
}

// GET /documents/incoming/{id}/files/{fileId}[?stamp=arrival]: the stored bytes, or with
// stamp=arrival a copy of the PDF with the "ĐẾN" stamp on page 1 (the stored file is untouched).
http::Response DownloadFile(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = DocumentOf(req);
  auto file = PathId(req, "fileId");
  if (!id || !file) {
    return Fail(!id ? id.error() : file.error(), req);
  }
  auto stamp = req.Query("stamp");
  // Untrusted query: one known value.
  if (stamp && *stamp != "arrival") {
    return Fail(Error::InvalidField("stamp", "enum", "Trường 'stamp' chỉ nhận giá trị arrival."),
                req);
  }
  std::optional<documents::DocumentFile> found;
  std::string bytes;
  Document d;
  {
    auto tx = ctx.db.BeginRead();
    auto got = ctx.incoming->Get(tx, p, *id);
    if (!got) {
      return Fail(got.error(), req);
    }
    d = *got;
    if (stamp) {
      auto stamped = ctx.arrival_stamps->Stamped(tx, p, *id, documents::FileId(*file));
      if (!stamped) {
        return Fail(stamped.error(), req);
      }
      found = stamped->file;
      bytes = std::move(stamped->bytes);
    } else {
      for (const auto& f : ctx.incoming->Files(tx, d)) {
        if (f.id.value() == *file) {
          auto content = ctx.document_files->Content(f);
          if (!content) {
            return Fail(content.error(), req);
          }
          found = f;
          bytes = std::move(*content);
        }
      }
    }
  }
  if (!found) {
    return Fail(Error::NotFound("tệp", std::to_string(*file)), req);
  }
  std::string what = "file " + std::to_string(*file) + (stamp ? " stamped" : "");
  if (auto st = AuditViews(ctx, p, req, {d}, what); !st) {
    return Fail(st.error(), req);
  }
  http::Response res = http::Response::Text(200, std::move(bytes), found->content_type);
  res.headers.Set("Content-Disposition",
                  AttachmentDisposition(stamp ? "DEN-" + found->name : found->name));
  res.headers.Set("X-Content-Type-Options", "nosniff");
  return res;
}

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
                               {"recallReason", {{"type", {"string", "null"}}}},
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
  incoming_http::AddDocumentIncomingActionSchemas(s);
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
        {"Tải tệp của văn bản đến (stamp=arrival: kèm dấu ĐẾN) / Download an incoming document's "
         "file (stamp=arrival: with the arrival stamp)",
         "documents",
         "",
         "",
         {"stamp"}});
  incoming_http::RegisterDocumentIncomingActionRoutes(r, ctx);
}

}  // namespace cqdt::api
