// Documents received by e-mail (issue 15 item 3): the clerk's "received by e-mail" queue, read
// from the agency's official mailbox by the server's mail thread (mailroom/intake.hpp). The
// clerks and leaders of the agency see it; its clerks register an item as an incoming document
// (pre-filled, If-Match on the item's ETag) or discard it with a reason. The sender's HTML is never
// served for rendering: `bodyText` is the text to show; files and the original message are
// downloads (attachment, nosniff).
#include <string>

#include "api/signing_json.hpp"
#include "internal.hpp"
#include "mailroom/intake.hpp"
#include "pdf/pdf.hpp"
#include "signing/verify_file.hpp"
#include "signing_http.hpp"

namespace cqdt::api {

namespace {

using mailroom::IntakeId;

std::optional<http::Response> Off(ApiContext& ctx, const http::Request& req) {
  if (ctx.mail_intake == nullptr) {
    return Fail(Error::Unavailable("Chức năng thư điện tử chưa được bật ([mail] enabled)."), req);
  }
  return std::nullopt;
}

std::string Prefix(const mailroom::IntakeItem& i) {
  return "mi-" + std::to_string(i.id.value()) + "-";
}

json Warnings(const std::vector<mailroom::IntakeWarning>& warnings, const http::Request& req) {
  json out = json::array();
  for (const auto& w : warnings) {
    out.push_back({{"code", w.code}, {"message", http::Localized(w.message, req)}});
  }
  return out;
}

json ItemJson(const mailroom::IntakeItem& i, const http::Request& req) {
  auto time = [](std::int64_t t) { return ToIsoVietnam(FromUnixSeconds(t)); };
  return {{"id", i.id.value()},
          {"state", mailroom::IntakeStateName(i.state)},
          {"stateLabel", http::Localized(mailroom::IntakeStateLabel(i.state), req)},
          {"messageId", i.message_id},
          {"fromAddress", i.from_address},
          {"fromName", i.from_name},
          {"subject", i.subject},
          {"sentAt", i.sent_at ? json(time(*i.sent_at)) : json(nullptr)},
          {"receivedAt", time(i.received_at)},
          {"size", i.size},
          {"headerOnly", i.header_only},
          {"dkim",
           {{"result", i.dkim_result},
            {"domain", i.dkim_domain},
            {"reason", i.dkim_reason},
            {"detail", http::Localized(i.dkim_detail, req)}}},
          {"spf", {{"result", i.spf_result}, {"detail", i.spf_detail}}},
          {"documentId", i.document_id.IsSet() ? json(i.document_id.value()) : json(nullptr)},
          {"discardReason", i.discard_reason},
          {"handledBy", i.handled_by},
          {"handledAt", i.handled_at == 0 ? json(nullptr) : json(time(i.handled_at))},
          {"fileCount", i.file_count},
          {"warningCount", i.warning_count},
          {"version", i.version}};
}

http::Response DetailResponse(int status, const mailroom::IntakeDetail& d,
                              const http::Request& req) {
  json out = ItemJson(d.item, req);
  out["bodyText"] = d.body_text;
  out["hasMessage"] = d.has_raw;
  out["warnings"] = Warnings(d.warnings, req);
  json files = json::array();
  for (const auto& f : d.files) {
    files.push_back({{"position", f.position},
                     {"name", f.name},
                     {"originalName", f.original_name},
                     {"contentType", f.content_type},
                     {"detectedType", f.detected_type},
                     {"size", f.size},
                     {"sha256", f.sha256},
                     {"registrable", f.registrable},
                     {"signature",
                      {{"indication", f.signature.indication},
                       {"signer", f.signature.signer},
                       {"detail", http::Localized(f.signature.detail, req)},
                       {"signatures", f.signature.signatures}}},
                     {"warnings", Warnings(f.warnings, req)}});
  }
  out["files"] = files;
  const mailroom::RegistrationDraft draft = mailroom::IntakeService::Draft(d);
  out["draft"] = {{"typeOrdinal", draft.type_ordinal}, {"numberText", draft.number_text},
                  {"issuedDate", draft.issued_date},   {"arrivalDate", draft.arrival_date},
                  {"senderName", draft.sender_name},   {"subject", draft.subject},
                  {"files", draft.file_positions}};
  http::Response res = JsonResponse(status, out);
  res.headers.Set("ETag", "\"" + Prefix(d.item) + std::to_string(d.item.version) + "\"");
  return res;
}

http::Response List(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto off = Off(ctx, req)) {
    return *off;
  }
  std::vector<FieldError> errors;
  mailroom::IntakeFilter f;
  f.state = req.Query("state").value_or("received");
  if (f.state != "received" && f.state != "registered" && f.state != "discarded" &&
      f.state != "all") {
    errors.push_back(
        {"state", "enum", "Trạng thái phải là received, registered, discarded hoặc all."});
  }
  f.limit = QueryInt(req, "limit", 50, 1, 200, errors).value_or(50);
  f.offset = QueryInt(req, "offset", 0, 0, 1000000, errors).value_or(0);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto page = ctx.mail_intake->List(tx, p, f);
  if (!page) {
    return Fail(page.error(), req);
  }
  json items = json::array();
  for (const auto& i : page->items) {
    items.push_back(ItemJson(i, req));
  }
  auto waiting = ctx.mail_intake->CountWaiting(tx, p);
  return JsonResponse(
      200, {{"items", items}, {"total", page->total}, {"waiting", waiting ? *waiting : 0}});
}

http::Response Get(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto off = Off(ctx, req)) {
    return *off;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto d = ctx.mail_intake->Get(tx, p, IntakeId(*id));
  if (!d) {
    return Fail(d.error(), req);
  }
  return DetailResponse(200, *d, req);
}

http::Response Download(const mailroom::IntakeContent& c) {
  http::Response res = http::Response::Text(200, c.bytes, c.content_type);
  res.headers.Set("Content-Disposition", AttachmentDisposition(c.name));
  res.headers.Set("X-Content-Type-Options", "nosniff");
  res.headers.Set("Content-Security-Policy", "default-src 'none'; sandbox");
  return res;
}

http::Response File(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto off = Off(ctx, req)) {
    return *off;
  }
  auto id = PathId(req);
  auto position = PathId(req, "position");
  if (!id || !position) {
    return Fail(!id ? id.error() : position.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto f = ctx.mail_intake->File(tx, p, IntakeId(*id), static_cast<int>(*position));
  if (!f) {
    return Fail(f.error(), req);
  }
  return Download(*f);
}

http::Response Message(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto off = Off(ctx, req)) {
    return *off;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto m = ctx.mail_intake->RawMessage(tx, p, IntakeId(*id));
  if (!m) {
    return Fail(m.error(), req);
  }
  return Download(*m);
}

http::Response Register(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto off = Off(ctx, req)) {
    return *off;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto body =
      JsonBody::Parse(req, {"typeOrdinal", "numberText", "issuedDate", "arrivalDate", "dueDate",
                            "senderName", "subject", "signerName", "signerPosition", "urgency",
                            "description", "files", "confirmDuplicate"});
  if (!body) {
    return Fail(body.error(), req);
  }
  mailroom::RegisterIntakeInput in;
  if (auto t = body->Int("typeOrdinal")) {
    in.type_ordinal = static_cast<int>(*t);
  }
  in.number_text = body->String("numberText");
  in.issued_date = body->String("issuedDate");
  in.arrival_date = body->String("arrivalDate");
  in.due_date = body->String("dueDate");
  in.sender_name = body->String("senderName");
  in.subject = body->String("subject");
  in.signer_name = body->String("signerName");
  in.signer_position = body->String("signerPosition");
  in.urgency = body->String("urgency");
  in.description = body->String("description");
  in.confirm_duplicate = body->Bool("confirmDuplicate").value_or(false);
  if (body->Has("files")) {
    const json& files = body->value()["files"];
    std::vector<int> positions;
    bool ok = files.is_array() && files.size() <= 20;
    for (const json& f : ok ? files : json::array()) {
      ok = ok && f.is_number_integer() && f.get<std::int64_t>() >= 1 &&
           f.get<std::int64_t>() <= 1000;
      if (ok) {
        positions.push_back(f.get<int>());
      }
    }
    if (!ok) {
      return Fail(
          Error::InvalidField("files", "format",
                              "Tệp vào sổ là danh sách số thứ tự tệp đính kèm (tối đa 20)."),
          req);
    }
    in.file_positions = std::move(positions);
  }
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  std::int64_t version = -1;
  // Each signed PDF is verified before the transaction (revocation may take seconds), as for
  // the exchange's reception.
  {
    auto tx = ctx.db.BeginRead();
    auto d = ctx.mail_intake->Get(tx, p, IntakeId(*id));
    if (!d) {
      return Fail(d.error(), req);
    }
    if (auto missing = ReadIfMatchVersion(req, Prefix(d->item), version)) {
      return *missing;
    }
    for (const auto& f : d->files) {
      if (f.detected_type != "application/pdf" || f.signature.signatures == 0 ||
          ctx.verifier == nullptr || ctx.trust == nullptr) {
        continue;
      }
      auto bytes = ctx.mail_intake->File(tx, p, IntakeId(*id), f.position);
      if (!bytes) {
        continue;
      }
      auto report = signing::VerifyFile(ctx.db, *ctx.trust, *ctx.verifier,
                                        {.bytes = bytes->bytes,
                                         .file_name = f.name,
                                         .detached_content = std::nullopt,
                                         .detached_sha256 = std::nullopt,
                                         .extra_anchors = {},
                                         .fetcher = ctx.revocation_fetcher});
      if (report) {
        in.signature_verdicts[f.position] = VerificationReportJson(*report, Language::kVietnamese);
      }
    }
  }
  auto tx = ctx.db.Begin();
  auto out = ctx.mail_intake->Register(tx, p, ActorOf(p, req), IntakeId(*id), version, in);
  if (!out) {
    if (out.error().code() == ErrorCode::kConflict) {
      return StaleVersion(req);
    }
    return Fail(out.error(), req);
  }
  if (!out->item) {
    return DuplicateDocumentResponse(req, out->duplicates);
  }
  auto d = ctx.mail_intake->Get(tx, p, IntakeId(*id));
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  http::Response res = DetailResponse(201, *d, req);
  res.headers.Set("Location",
                  "/api/v1/documents/incoming/" + std::to_string(out->incoming->id.value()));
  return res;
}

http::Response Discard(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto off = Off(ctx, req)) {
    return *off;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto reason = ReadReason(req, true);
  if (!reason) {
    return Fail(reason.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto current = ctx.mail_intake->Get(tx, p, IntakeId(*id));
  if (!current) {
    return Fail(current.error(), req);
  }
  std::int64_t version = -1;
  if (auto missing = ReadIfMatchVersion(req, Prefix(current->item), version)) {
    return *missing;
  }
  auto r = ctx.mail_intake->Discard(tx, p, ActorOf(p, req), IntakeId(*id), version, *reason);
  if (!r) {
    if (r.error().code() == ErrorCode::kConflict) {
      return StaleVersion(req);
    }
    return Fail(r.error(), req);
  }
  auto d = ctx.mail_intake->Get(tx, p, IntakeId(*id));
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return DetailResponse(200, *d, req);
}

}  // namespace

void RegisterMailIntakeRoutes(http::Router& r, ApiContext& ctx) {
  using Fn = http::Response (*)(ApiContext&, http::Request&, const identity::Principal&);
  auto add = [&](const char* method, const char* path, Fn fn, http::RouteDoc doc) {
    r.Add(method, path,
          Authed(ctx, [&ctx, fn](http::Request& req,
                                 const identity::Principal& p) { return fn(ctx, req, p); }),
          {.body_limit = 64 * 1024}, doc);
  };
  add("GET", "/api/v1/mail/intake", List,
      {"Văn bản nhận qua thư điện tử / Documents received by e-mail",
       "mail",
       "",
       "MailIntakePage",
       {"state", "limit", "offset"}});
  add("GET", "/api/v1/mail/intake/{id}", Get,
      {"Một thư nhận được, các tệp và gợi ý vào sổ / One received message", "mail", "",
       "MailIntakeDetail"});
  add("GET", "/api/v1/mail/intake/{id}/files/{position}", File,
      {"Tải tệp đính kèm / Download an attachment",
       "mail",
       "",
       "",
       {},
       false,
       "application/json",
       200,
       "application/octet-stream"});
  add("GET", "/api/v1/mail/intake/{id}/message", Message,
      {"Tải thư gốc / Download the message as received",
       "mail",
       "",
       "",
       {},
       false,
       "application/json",
       200,
       "message/rfc822"});
  add("POST", "/api/v1/mail/intake/{id}/register", Register,
      {"Vào sổ văn bản đến từ thư điện tử / Register as an incoming document",
       "mail",
       "MailIntakeRegisterInput",
       "MailIntakeDetail",
       {},
       false,
       "application/json",
       201});
  add("POST", "/api/v1/mail/intake/{id}/discard", Discard,
      {"Loại bỏ thư nhận được / Discard a received message", "mail", "DeliveryReason",
       "MailIntakeDetail"});
}

void AddMailIntakeSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json boolean = {{"type", "boolean"}};
  auto obj = [](json props, std::vector<std::string> required = {}) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  json item = {{"id", integer},
               {"state", str},
               {"stateLabel", str},
               {"messageId", str},
               {"fromAddress", str},
               {"fromName", str},
               {"subject", str},
               {"sentAt", str},
               {"receivedAt", str},
               {"size", integer},
               {"headerOnly", boolean},
               {"dkim", {{"type", "object"}}},
               {"spf", {{"type", "object"}}},
               {"documentId", integer},
               {"discardReason", str},
               {"handledBy", str},
               {"handledAt", str},
               {"fileCount", integer},
               {"warningCount", integer},
               {"version", integer}};
  s["MailIntakeItem"] = obj(item, {"id", "state", "fromAddress", "subject", "version"});
  s["MailIntakePage"] = obj(
      {{"items", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/MailIntakeItem"}}}}},
       {"total", integer},
       {"waiting", integer}},
      {"items", "total"});
  json detail = item;
  detail["bodyText"] = str;
  detail["hasMessage"] = boolean;
  detail["warnings"] = {{"type", "array"}, {"items", {{"type", "object"}}}};
  detail["files"] = {{"type", "array"}, {"items", {{"type", "object"}}}};
  detail["draft"] = {{"type", "object"}};
  s["MailIntakeDetail"] = obj(detail, {"id", "state", "files", "draft"});
  s["MailIntakeRegisterInput"] = obj({{"typeOrdinal", integer},
                                      {"numberText", str},
                                      {"issuedDate", str},
                                      {"arrivalDate", str},
                                      {"dueDate", str},
                                      {"senderName", str},
                                      {"subject", str},
                                      {"signerName", str},
                                      {"signerPosition", str},
                                      {"urgency", str},
                                      {"description", str},
                                      {"files", {{"type", "array"}, {"items", integer}}},
                                      {"confirmDuplicate", boolean}});
}

}  // namespace cqdt::api
