// Dossiers (issue 12 item 2): scans uploaded first, the receipt at the counter, the queues, one
// dossier with the actions its reader may take, one action route for every transition, the
// timeline and the files. The rules are onestop::DossierService's; this file translates.
#include <map>
#include <set>

#include "dossier_json.hpp"
#include "http/form_data.hpp"
#include "signing_http.hpp"

namespace cqdt::api {

namespace {

using namespace onestop;

std::optional<http::Response> Unready(ApiContext& ctx, const http::Request& req) {
  if (ctx.dossiers == nullptr) {
    return Fail(Error::Unavailable("Chức năng hồ sơ một cửa chưa sẵn sàng."), req);
  }
  return std::nullopt;
}

http::Handler Staff(
    ApiContext& ctx,
    std::function<http::Response(ApiContext&, http::Request&, const identity::Principal&)>
        handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (auto u = Unready(ctx, req)) {
      return *u;
    }
    return handler(ctx, req, p);
  });
}

std::string CodeOf(const http::Request& req) { return req.Param("code"); }

// The dossier with the actions `p` may take, and its result document as far as `p` may see it
// (the documents module's access rules: a counter officer may see only the id).
http::Response Answer(ApiContext& ctx, const http::Request& req, const identity::Principal& p,
                      int status, const Dossier& d) {
  json body = DossierJson(d, ctx.dossiers->AllowedActions(p, d), req);
  body["resultDocument"] = nullptr;
  if (d.result_document.IsSet() && ctx.outgoing != nullptr) {
    auto tx = ctx.db.BeginRead();
    if (auto od = ctx.outgoing->Get(tx, p, d.result_document)) {
      const auto state = documents::ParseOutgoingState(od->document.state);
      body["resultDocument"] = {
          {"id", od->document.id.value()},
          {"subject", od->document.subject},
          {"state", od->document.state},
          {"stateLabel", state ? http::Localized(documents::OutgoingStateLabel(*state), req) : ""},
          {"numberText",
           od->document.number_text.empty() ? json(nullptr) : json(od->document.number_text)},
          {"issuedDate",
           od->document.issued_date.empty() ? json(nullptr) : json(od->document.issued_date)}};
    }
  }
  return JsonResponse(status, std::move(body));
}

http::Response Upload(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  std::string bytes = ReadUpload(req);
  std::string name = SafeUploadName(req.Query("fileName").value_or(""), "ho-so");
  // The bytes are checked and synced before the transaction takes the write lock.
  auto staged = ctx.dossiers->StageUpload(p, name, bytes);
  if (!staged) {
    return Fail(staged.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto f = ctx.dossiers->Upload(tx, ActorOf(p, req), p, *staged);
  if (!f) {
    return Fail(f.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(201, DossierFileJson(*f));
}

// An array of positive ids at `field` of `j` (absent: empty).
std::vector<DossierFileId> FileIds(const json& j, const std::string& field,
                                   std::vector<FieldError>& errors) {
  std::vector<DossierFileId> out;
  if (!j.contains("fileIds") || j["fileIds"].is_null()) {
    return out;
  }
  const json& ids = j["fileIds"];
  if (!ids.is_array() || ids.size() > 50) {
    errors.push_back({field, "type", "Trường '" + field + "' phải là danh sách mã tệp."});
    return out;
  }
  for (const json& id : ids) {
    if (!id.is_number_integer() || id.get<std::int64_t>() <= 0) {
      errors.push_back({field, "type", "Trường '" + field + "' phải là danh sách mã tệp."});
      return {};
    }
    out.emplace_back(id.get<std::int64_t>());
  }
  return out;
}

const std::set<std::string> kReceiveFields = {
    "procedureCode", "channel", "decidingAgencyId", "applicant", "documents", "stepAgencies",
    "delivery",      "fee",     "feePaid",          "note"};

// The receipt `body` describes; `staged[i]` are the scans sent with it for documents[i] (the
// multipart route), checked and stored durably before the transaction.
http::Response ReceiveFrom(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                           Result<JsonBody> body,
                           std::map<std::size_t, std::vector<StagedFile>> staged) {
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"procedureCode", "applicant"});
  std::vector<FieldError> errors;
  ReceiveInput in;
  in.procedure_code = body->String("procedureCode").value_or("");
  if (auto ch = body->String("channel"); ch && !ch->empty()) {
    auto parsed = ParseChannel(*ch);
    if (!parsed) {
      errors.push_back({"channel", "enum", "Trường 'channel' phải là direct, online hoặc postal."});
    }
    in.channel = parsed.value_or(Channel::kDirect);
  }
  if (auto dl = body->String("delivery"); dl && !dl->empty()) {
    auto parsed = ParseResultDelivery(*dl);
    if (!parsed) {
      errors.push_back(
          {"delivery", "enum", "Trường 'delivery' phải là counter, postal hoặc electronic."});
    }
    in.delivery = parsed.value_or(ResultDelivery::kCounter);
  }
  if (auto id = body->Int("decidingAgencyId"); id && *id > 0) {
    in.deciding_agency = AgencyId(*id);
  }
  if (body->Has("fee") && !body->value()["fee"].is_null()) {
    in.fee = body->Int("fee");
  }
  in.fee_paid = body->Bool("feePaid").value_or(false);
  in.note = body->String("note").value_or("");
  const json& v = body->value();
  if (v.contains("applicant")) {
    const json& a = v["applicant"];
    if (!a.is_object()) {
      errors.push_back({"applicant", "type", "Trường 'applicant' phải là một đối tượng."});
    } else {
      auto text = [&](const char* key, std::string& out) {
        if (!a.contains(key) || a[key].is_null()) {
          return;
        }
        if (!a[key].is_string()) {
          errors.push_back({std::string("applicant.") + key, "type",
                            "Trường 'applicant." + std::string(key) + "' phải là chuỗi."});
          return;
        }
        out = a[key].get<std::string>();
      };
      text("name", in.applicant.name);
      text("idNumber", in.applicant.id_number);
      text("address", in.applicant.address);
      text("phone", in.applicant.phone);
      text("email", in.applicant.email);
      text("representative", in.applicant.representative);
    }
  }
  if (v.contains("documents") && !v["documents"].is_null()) {
    const json& docs = v["documents"];
    if (!docs.is_array() || docs.size() > 100) {
      errors.push_back({"documents", "type", "Trường 'documents' phải là danh sách giấy tờ."});
    } else {
      for (std::size_t i = 0; i < docs.size(); ++i) {
        const std::string field = "documents[" + std::to_string(i) + "]";
        const json& d = docs[i];
        if (!d.is_object() || !d.contains("ordinal") || !d["ordinal"].is_number_integer()) {
          errors.push_back({field + ".ordinal", "type",
                            "Trường '" + field + ".ordinal' phải là số thứ tự giấy tờ."});
          continue;
        }
        ChecklistInput c;
        c.ordinal = d["ordinal"].get<int>();
        // true, false or absent; anything else is named (d.value would throw: a 500).
        auto flag = [&](const char* key) {
          if (!d.contains(key) || d[key].is_null()) {
            return false;
          }
          if (!d[key].is_boolean()) {
            const std::string name = field + "." + key;
            errors.push_back({name, "type", "Trường '" + name + "' phải là true hoặc false."});
            return false;
          }
          return d[key].get<bool>();
        };
        c.provided = flag("provided");
        c.by_data = flag("byData");
        c.file_ids = FileIds(d, field + ".fileIds", errors);
        if (auto it = staged.find(i); it != staged.end()) {
          c.staged = std::move(it->second);
          staged.erase(it);
        }
        in.documents.push_back(std::move(c));
      }
    }
  }
  // The agencies of the steps of other agencies (liên thông): [{ordinal, agencyId}].
  if (v.contains("stepAgencies") && !v["stepAgencies"].is_null()) {
    const json& steps = v["stepAgencies"];
    if (!steps.is_array() || steps.size() > 50) {
      errors.push_back(
          {"stepAgencies", "type", "Trường 'stepAgencies' phải là danh sách bước và cơ quan."});
    } else {
      for (std::size_t i = 0; i < steps.size(); ++i) {
        const std::string field = "stepAgencies[" + std::to_string(i) + "]";
        const json& s = steps[i];
        if (!s.is_object() || !s.contains("ordinal") || !s["ordinal"].is_number_integer() ||
            !s.contains("agencyId") || !s["agencyId"].is_number_integer()) {
          errors.push_back(
              {field, "type", "Trường '" + field + "' phải có ordinal và agencyId là số nguyên."});
          continue;
        }
        in.step_agencies.push_back(
            {s["ordinal"].get<int>(), AgencyId(s["agencyId"].get<std::int64_t>())});
      }
    }
  }
  for (const auto& [i, _] : staged) {  // files for a document the JSON does not list
    const std::string field = "documents[" + std::to_string(i) + "]";
    errors.push_back({field, "unknown",
                      "Phần tệp '" + field + "' không ứng với giấy tờ nào trong 'documents'."});
  }
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.Begin();
  auto d = ctx.dossiers->Receive(tx, ActorOf(p, req), p, in);
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return Answer(ctx, req, p, 201, *d);
}

http::Response Receive(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  return ReceiveFrom(ctx, req, p, JsonBody::Parse(req, kReceiveFields), {});
}

// The part name "documents[i]": i, or nullopt for any other name.
std::optional<std::size_t> DocumentIndex(const std::string& name) {
  if (name.size() < 12 || name.size() > 13 || name.rfind("documents[", 0) != 0 ||
      name.back() != ']') {
    return std::nullopt;
  }
  std::size_t i = 0;
  for (std::size_t k = 10; k + 1 < name.size(); ++k) {
    if (name[k] < '0' || name[k] > '9') {
      return std::nullopt;
    }
    i = i * 10 + static_cast<std::size_t>(name[k] - '0');
  }
  return i;
}

// The receipt and its scans in one multipart/form-data request: the part "dossier" is the JSON
// of POST /api/v1/dossiers, and each file part named "documents[i]" is a scan of the i-th entry
// of its "documents". One request, one transaction: what an integrating system or a kiosk sends,
// and the durable receipt the benchmark measures beside the counter page's two requests
// (bench/dossier-bench.sh).
http::Response ReceiveWithFiles(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  const std::string bytes = ReadUpload(req);
  auto parts =
      http::ParseFormData(req.headers.Get("Content-Type").value_or(""), bytes, {.max_parts = 51});
  if (!parts) {
    return Fail(parts.error(), req);
  }
  std::optional<std::string_view> dossier;
  std::vector<std::pair<std::size_t, const http::FormPart*>> files;
  std::vector<FieldError> errors;
  for (const http::FormPart& part : *parts) {
    if (part.name == "dossier" && !dossier) {
      dossier = part.body;
    } else if (auto index = DocumentIndex(part.name)) {
      files.emplace_back(*index, &part);
    } else {
      errors.push_back({part.name, "unknown",
                        "Phần '" + part.name +
                            "' không được hỗ trợ: chỉ có 'dossier' và các tệp 'documents[i]'."});
    }
  }
  if (!dossier) {
    errors.push_back({"dossier", "required", "Thiếu phần 'dossier' (JSON của hồ sơ)."});
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto body = JsonBody::ParseText(*dossier, kReceiveFields);
  if (!body) {
    return Fail(body.error(), req);
  }
  // The scans are checked and synced before the transaction, as an upload's are.
  std::map<std::size_t, std::vector<StagedFile>> staged;
  for (const auto& [index, part] : files) {
    auto s = ctx.dossiers->StageUpload(p, SafeUploadName(part->file_name, "ho-so"), part->body);
    if (!s) {
      // A scan the store refuses (not a PDF or an image, damaged, too large) is this part's
      // fault: 422 naming it, as the other fields of the form are named.
      const ErrorCode code = s.error().code();
      if (code != ErrorCode::kInvalidArgument && code != ErrorCode::kUnsupported &&
          code != ErrorCode::kTooLarge) {
        return Fail(s.error(), req);
      }
      return Fail(Error::InvalidField("documents[" + std::to_string(index) + "]", "file",
                                      s.error().message()),
                  req);
    }
    staged[index].push_back(std::move(*s));
  }
  return ReceiveFrom(ctx, req, p, std::move(body), std::move(staged));
}

http::Response List(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  std::vector<FieldError> errors;
  DossierFilter f;
  const std::string queue = req.Query("queue").value_or("agency");
  if (queue == "agency") {
    f.queue = DossierQueue::kAgency;
  } else if (queue == "mine") {
    f.queue = DossierQueue::kMine;
  } else if (queue == "counter") {
    f.queue = DossierQueue::kCounter;
  } else if (queue == "late") {
    f.queue = DossierQueue::kLate;
  } else {
    errors.push_back({"queue", "enum", "Tham số 'queue' phải là agency, mine, counter hoặc late."});
  }
  if (auto state = req.Query("state"); state && !state->empty()) {
    f.state = ParseDossierState(*state);
    if (!f.state) {
      errors.push_back({"state", "enum", "Tham số 'state' không phải trạng thái hồ sơ."});
    }
  }
  f.query = req.Query("q").value_or("");
  f.limit = QueryInt(req, "limit", 50, 1, 200, errors).value_or(50);
  f.offset = QueryInt(req, "offset", 0, 0, 1000000, errors).value_or(0);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto page = ctx.dossiers->List(tx, p, f);
  if (!page) {
    return Fail(page.error(), req);
  }
  json items = json::array();
  for (const auto& s : page->items) {
    items.push_back(DossierSummaryJson(s, req));
  }
  return JsonResponse(200, {{"items", std::move(items)}, {"total", page->total}});
}

http::Response Get(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  Result<Dossier> d = [&] {
    auto tx = ctx.db.BeginRead();  // closed before Answer reads the result document
    return ctx.dossiers->Get(tx, p, CodeOf(req));
  }();
  if (!d) {
    return Fail(d.error(), req);
  }
  return Answer(ctx, req, p, 200, *d);
}

http::Response Timeline(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto tx = ctx.db.BeginRead();
  auto events = ctx.dossiers->Timeline(tx, p, CodeOf(req));
  if (!events) {
    return Fail(events.error(), req);
  }
  json items = json::array();
  for (const auto& e : *events) {
    items.push_back(DossierEventJson(e, req));
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

http::Response Act(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"action", "reason", "assigneeId", "newAppointment", "fileIds",
                                    "resultNote", "returnedTo", "expectedUpdatedAt"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"action"});
  std::vector<FieldError> errors;
  ActionInput in;
  const std::string action = body->String("action").value_or("");
  if (auto a = ParseDossierAction(action)) {
    in.action = *a;
  } else if (body->Has("action")) {
    errors.push_back({"action", "enum", "Trường 'action' không phải thao tác với hồ sơ."});
  }
  in.reason = body->String("reason").value_or("");
  if (auto id = body->Int("assigneeId"); id && *id > 0) {
    in.assignee = UserId(*id);
  }
  in.new_appointment = body->String("newAppointment").value_or("");
  in.result_note = body->String("resultNote").value_or("");
  in.returned_to = body->String("returnedTo").value_or("");
  if (body->Has("expectedUpdatedAt") && !body->value()["expectedUpdatedAt"].is_null()) {
    in.expected_updated_at = body->Int("expectedUpdatedAt");
  }
  in.file_ids = FileIds(body->value(), "fileIds", errors);
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.Begin();
  auto d = ctx.dossiers->Act(tx, ActorOf(p, req), p, CodeOf(req), in);
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return Answer(ctx, req, p, 200, *d);
}

// The result as an outgoing document (onestop/dossier_result.hpp): open its draft, then attach
// the issued file.
http::Response DraftResult(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.dossier_results == nullptr) {
    return Fail(Error::Unavailable("Chức năng văn bản kết quả chưa sẵn sàng."), req);
  }
  auto body = JsonBody::Parse(req, {"typeOrdinal", "subject", "signerId", "expectedUpdatedAt"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"typeOrdinal"});
  ResultDraftInput in;
  in.type_ordinal = static_cast<int>(body->Int("typeOrdinal").value_or(0));
  in.subject = body->String("subject").value_or("");
  if (auto id = body->Int("signerId"); id && *id > 0) {
    in.signer_id = UserId(*id);
  }
  if (body->Has("expectedUpdatedAt") && !body->value()["expectedUpdatedAt"].is_null()) {
    in.expected_updated_at = body->Int("expectedUpdatedAt");
  }
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto d = ctx.dossier_results->DraftResult(tx, ActorOf(p, req), p, CodeOf(req), in);
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return Answer(ctx, req, p, 201, *d);
}

http::Response AttachResult(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.dossier_results == nullptr) {
    return Fail(Error::Unavailable("Chức năng văn bản kết quả chưa sẵn sàng."), req);
  }
  auto body = JsonBody::Parse(req, {"expectedUpdatedAt"});
  if (!body) {
    return Fail(body.error(), req);
  }
  std::optional<std::int64_t> expected;
  if (body->Has("expectedUpdatedAt") && !body->value()["expectedUpdatedAt"].is_null()) {
    expected = body->Int("expectedUpdatedAt");
  }
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto d = ctx.dossier_results->AttachIssued(tx, ActorOf(p, req), p, CodeOf(req), expected);
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return Answer(ctx, req, p, 200, *d);
}

http::Response Download(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req, "fileId");
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto content = ctx.dossiers->FileContent(tx, p, CodeOf(req), DossierFileId(*id));
  if (!content) {
    return Fail(content.error(), req);
  }
  http::Response res =
      http::Response::Text(200, std::move(content->second), content->first.content_type);
  res.headers.Set("Content-Disposition", AttachmentDisposition(content->first.name));
  res.headers.Set("X-Content-Type-Options", "nosniff");
  return res;
}

http::Response Form(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto form = ParseDossierForm(req.Param("form"));
  if (!form) {
    return Fail(Error::InvalidField("form", "enum",
                                    "Biểu mẫu phải là receipt, supplement, refusal, apology, "
                                    "control hoặc fee-receipt."),
                req);
  }
  auto tx = ctx.db.BeginRead();
  auto pdf = ctx.dossiers->FormPdf(tx, p, CodeOf(req), *form, ctx.options.public_url);
  if (!pdf) {
    return Fail(pdf.error(), req);
  }
  http::Response res = http::Response::Text(200, std::move(*pdf), "application/pdf");
  res.headers.Set(
      "Content-Disposition",
      "inline; filename=\"" + std::string(DossierFormName(*form)) + "-" + CodeOf(req) + ".pdf\"");
  res.headers.Set("X-Content-Type-Options", "nosniff");
  return res;
}

}  // namespace

void RegisterDossierRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("POST", "/api/v1/dossiers/files", Staff(ctx, Upload),
        {.body_limit = ctx.options.documents_max_file_bytes,
         .stream_body_to_disk = true,
         .in_memory_up_to = 1 << 20},
        {"Tải lên bản chụp giấy tờ của hồ sơ / Upload a dossier scan",
         "dossiers",
         "",
         "DossierFile",
         {"fileName"},
         false,
         "application/octet-stream",
         201});
  r.Add("POST", "/api/v1/dossiers/with-files", Staff(ctx, ReceiveWithFiles),
        {.body_limit = ctx.options.documents_max_file_bytes,
         .stream_body_to_disk = true,
         .in_memory_up_to = 4 << 20},
        {"Tiếp nhận hồ sơ kèm bản chụp trong một yêu cầu / Receive a dossier with its scans in "
         "one request",
         "dossiers",
         "DossierReceiveWithFiles",
         "Dossier",
         {},
         false,
         "multipart/form-data",
         201});
  r.Add("POST", "/api/v1/dossiers", Staff(ctx, Receive), {},
        {"Tiếp nhận hồ sơ tại Bộ phận Một cửa / Receive a dossier at the counter",
         "dossiers",
         "DossierReceiveInput",
         "Dossier",
         {},
         false,
         "application/json",
         201});
  r.Add("GET", "/api/v1/dossiers", Staff(ctx, List), {},
        {"Hồ sơ của cơ quan (hàng đợi) / The agency's dossiers (queues)",
         "dossiers",
         "",
         "DossierList",
         {"queue", "state", "q", "limit", "offset"}});
  r.Add("GET", "/api/v1/dossiers/{code}", Staff(ctx, Get), {},
        {"Một hồ sơ và các thao tác được phép / A dossier and the actions allowed", "dossiers", "",
         "Dossier"});
  r.Add("POST", "/api/v1/dossiers/{code}/actions", Staff(ctx, Act), {},
        {"Thao tác với hồ sơ (chuyển, bổ sung, trả kết quả…) / Act on a dossier", "dossiers",
         "DossierActionInput", "Dossier"});
  r.Add("POST", "/api/v1/dossiers/{code}/result-document", Staff(ctx, DraftResult), {},
        {"Soạn văn bản kết quả (dự thảo văn bản đi) / Draft the result as an outgoing document",
         "dossiers",
         "DossierResultDraftInput",
         "Dossier",
         {},
         false,
         "application/json",
         201});
  r.Add("POST", "/api/v1/dossiers/{code}/result-document/attach", Staff(ctx, AttachResult), {},
        {"Đính kèm văn bản kết quả đã ban hành / Attach the issued result document", "dossiers",
         "DossierResultAttachInput", "Dossier"});
  r.Add("GET", "/api/v1/dossiers/{code}/timeline", Staff(ctx, Timeline), {},
        {"Diễn biến hồ sơ / A dossier's timeline", "dossiers", "", "DossierTimeline"});
  r.Add("GET", "/api/v1/dossiers/{code}/forms/{form}", Staff(ctx, Form), {},
        {"Biểu mẫu của hồ sơ (PDF): giấy tiếp nhận, phiếu bổ sung, từ chối, xin lỗi, kiểm soát, "
         "biên lai phí / A dossier's form as PDF",
         "dossiers", "", ""});
  r.Add("GET", "/api/v1/dossiers/{code}/files/{fileId}", Staff(ctx, Download), {},
        {"Tải tệp của hồ sơ / Download a dossier's file", "dossiers", "", ""});
}

}  // namespace cqdt::api
