// Release and delivery between agencies, recall and replacement (issue 10 items 3-4). The rules
// are the documents module's (DeliveryService); this file translates JSON and HTTP. Sender
// actions act on the outgoing document (its ETag `"<id>-<version>"`); recipient actions act on
// one delivery (ETag `"delivery-<id>-<version>"`). Every action needs If-Match: 428 without it,
// 412 when it is not the current ETag, and nothing changes in either case.
#include "api/signing_json.hpp"
#include "core/document_number.hpp"
#include "documents/delivery_service.hpp"
#include "http/problem.hpp"
#include "internal.hpp"
#include "pdf/pdf.hpp"
#include "signing/verify_file.hpp"
#include "signing_http.hpp"

namespace cqdt::api {
namespace {

using documents::DeliveryId;
using documents::DocumentId;

std::string Time(std::int64_t seconds) {
  return seconds > 0 ? ToIsoVietnam(FromUnixSeconds(seconds)) : "";
}

json NullableId(std::int64_t id) { return id > 0 ? json(id) : json(nullptr); }

std::string DeliveryETag(const documents::Delivery& d) {
  return "\"delivery-" + std::to_string(d.id.value()) + "-" + std::to_string(d.version) + "\"";
}

json StatusJson(documents::DeliveryStatus s, const http::Request& req) {
  return {{"status", documents::DeliveryStatusCode(s)},
          {"statusLabel", http::Localized(documents::DeliveryStatusLabel(s), req)}};
}

json HistoryJson(const std::vector<documents::DeliveryEvent>& events, const http::Request& req) {
  json out = json::array();
  for (const auto& e : events) {
    json line = StatusJson(e.status, req);
    line["at"] = Time(e.at);
    line["actorName"] = e.actor_name;
    line["reason"] = e.reason;
    line["moved"] = e.moved;
    out.push_back(std::move(line));
  }
  return out;
}

json DeliveryJson(const documents::Delivery& d, const std::vector<documents::DeliveryEvent>& h,
                  const http::Request& req) {
  json out = StatusJson(d.status, req);
  out["id"] = d.id.value();
  out["documentId"] = d.document_id.value();
  out["ordinal"] = d.ordinal;
  out["recipientAgencyId"] = NullableId(d.recipient_agency_id.value());
  out["recipientName"] = d.recipient_name;
  out["external"] = !d.IsInternal();
  out["statusAt"] = Time(d.status_at);
  out["incomingDocumentId"] = NullableId(d.incoming_document_id.value());
  if (auto c = documents::ParseManualChannel(d.manual_channel)) {
    out["manualChannel"] = d.manual_channel;
    out["manualChannelLabel"] = http::Localized(documents::ManualChannelLabel(*c), req);
  } else {
    out["manualChannel"] = nullptr;
    out["manualChannelLabel"] = nullptr;
  }
  out["manualDate"] = d.manual_date.empty() ? json(nullptr) : json(d.manual_date);
  out["note"] = http::Localized(d.note, req);
  out["version"] = d.version;
  out["etag"] = DeliveryETag(d);
  out["history"] = HistoryJson(h, req);
  return out;
}

json DocumentBrief(const documents::Document& d, const http::Request& req) {
  if (!d.id.IsSet()) {
    return nullptr;
  }
  const auto state = documents::ParseOutgoingState(d.state);
  return {{"id", d.id.value()},
          {"numberText", d.number_text},
          {"issuedDate", d.issued_date},
          {"subject", d.subject},
          {"state", d.state},
          {"stateLabel", state ? http::Localized(documents::OutgoingStateLabel(*state), req) : ""}};
}

json ReceptionJson(const documents::Reception& r, const http::Request& req) {
  const documents::Document& d = r.document;
  const DocumentType* type = FindDocumentTypeByOrdinal(d.type_ordinal);
  json out = DeliveryJson(r.delivery, r.history, req);
  out["senderAgencyId"] = d.agency_id.value();
  out["senderName"] = r.sender_agency_name;
  out["document"] = {
      {"id", d.id.value()},
      {"typeOrdinal", d.type_ordinal},
      {"typeName", type ? type->name : ""},
      {"numberText", d.number_text},
      {"issuedDate", d.issued_date},
      {"subject", d.subject},
      {"signerName", d.signer_name},
      {"signerPosition", d.signer_position},
      {"urgency", documents::UrgencyName(d.urgency)},
      {"urgencyLabel", http::Localized(documents::UrgencyLabel(d.urgency), req)},
      {"confidentiality", documents::ConfidentialityName(d.confidentiality)},
      {"confidentialityLabel",
       http::Localized(documents::ConfidentialityLabel(d.confidentiality), req)},
      {"pageCount", d.page_count},
      {"recallReason", d.recall_reason.empty() ? json(nullptr) : json(d.recall_reason)}};
  if (r.issued_file) {
    out["file"] = {{"name", r.issued_file->name},
                   {"size", r.issued_file->size},
                   {"pages", r.issued_file->pages},
                   {"sha256", r.issued_file->sha256}};
  } else {
    out["file"] = nullptr;
  }
  out["replaces"] = DocumentBrief(r.replaces, req);
  out["replacedBy"] = DocumentBrief(r.replaced_by, req);
  out["stands"] = r.stands;
  return out;
}

http::Response ReceptionResponse(int status, const documents::Reception& r,
                                 const http::Request& req) {
  http::Response res = JsonResponse(status, ReceptionJson(r, req));
  res.headers.Set("ETag", DeliveryETag(r.delivery));
  return res;
}

// A recipient action on the delivery of the path: visible (else 404), If-Match current (else
// 428 / 412), then `action`, committed only when it succeeds.
template <typename Action>
http::Response ActOnReception(ApiContext& ctx, const http::Request& req,
                              const identity::Principal& p, Action action) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto current = ctx.deliveries->GetReception(tx, p, DeliveryId(*id));
  if (!current) {
    return Fail(current.error(), req);
  }
  if (auto refused = CheckIfMatch(req, DeliveryETag(current->delivery))) {
    return *refused;
  }
  auto done = action(tx, DeliveryId(*id), current->delivery.version);
  if (!done) {
    return Fail(done.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return ReceptionResponse(200, *done, req);
}

http::Response Release(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId id, std::int64_t v) {
    return ctx.deliveries->Release(tx, p, ActorOf(p, req), id, v);
  });
}

// {"reason": "..."} bodies.
Result<std::string> ReadReason(const http::Request& req, bool required) {
  CQDT_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(req, {"reason"}));
  if (required) {
    body.Require({"reason"});
  }
  std::string reason = body.String("reason").value_or("");
  CQDT_RETURN_IF_ERROR(body.Finish());
  return reason;
}

http::Response Recall(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto reason = ReadReason(req, true);
  if (!reason) {
    return Fail(reason.error(), req);
  }
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId id, std::int64_t v) {
    return ctx.deliveries->Recall(tx, p, ActorOf(p, req), id, v, *reason);
  });
}

http::Response SetLinks(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"replacesId", "replyToId"});
  if (!body) {
    return Fail(body.error(), req);
  }
  documents::DocumentLinks links;
  // null (read as 0) clears a link.
  if (auto r = body->Int("replacesId")) {
    links.replaces_id = DocumentId(*r > 0 ? *r : 0);
  }
  if (auto r = body->Int("replyToId")) {
    links.reply_to_id = DocumentId(*r > 0 ? *r : 0);
  }
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId id, std::int64_t v) {
    return ctx.deliveries->SetLinks(tx, p, ActorOf(p, req), id, v, links);
  });
}

http::Response ListDeliveries(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto views = ctx.deliveries->Deliveries(tx, p, DocumentId(*id));
  if (!views) {
    return Fail(views.error(), req);
  }
  json items = json::array();
  for (const auto& v : *views) {
    items.push_back(DeliveryJson(v.delivery, v.history, req));
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response ManualSend(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto body = JsonBody::Parse(req, {"channel", "date", "note"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"channel", "date"});
  documents::ManualSendInput in;
  in.channel = body->String("channel").value_or("");
  in.date = body->String("date").value_or("");
  in.note = body->String("note").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto header = req.headers.Get("If-Match");
  auto tx = ctx.db.Begin();
  // The version the client read is in its If-Match: "delivery-<id>-<version>".
  const std::string prefix = "\"delivery-" + std::to_string(*id) + "-";
  if (!header || header->empty()) {
    return http::Problem(428,
                         "Cần tiêu đề If-Match với ETag của văn bản (tải lại văn bản để lấy) "
                         "để tránh ghi đè thay đổi của người khác.",
                         req);
  }
  std::int64_t version = -1;
  if (header->starts_with(prefix) && header->ends_with("\"")) {
    const std::string digits = header->substr(prefix.size(), header->size() - prefix.size() - 1);
    if (!digits.empty() && digits.size() < 18 &&
        digits.find_first_not_of("0123456789") == std::string::npos) {
      version = std::stoll(digits);
    }
  }
  auto done =
      ctx.deliveries->RecordManualSend(tx, p, ActorOf(p, req), DeliveryId(*id), version, in);
  if (!done) {
    if (done.error().code() == ErrorCode::kConflict) {
      return http::Problem(412,
                           "Văn bản đã được người khác thay đổi kể từ khi bạn mở. Vui lòng tải "
                           "lại văn bản rồi thực hiện lại.",
                           req);
    }
    return Fail(done.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  http::Response res = JsonResponse(200, DeliveryJson(done->delivery, done->history, req));
  res.headers.Set("ETag", DeliveryETag(done->delivery));
  return res;
}

http::Response ListReceptions(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  documents::ReceptionFilter filter;
  filter.status = req.Query("status").value_or("pending");
  std::vector<FieldError> errors;
  auto limit = QueryInt(req, "limit", 50, 1, 200, errors);
  auto offset = QueryInt(req, "offset", 0, 0, 1000000, errors);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  filter.limit = *limit;
  filter.offset = *offset;
  auto tx = ctx.db.BeginRead();
  auto list = ctx.deliveries->ReceptionQueue(tx, p, filter);
  if (!list) {
    return Fail(list.error(), req);
  }
  json items = json::array();
  for (const auto& r : *list) {
    items.push_back(ReceptionJson(r, req));
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response CountReceptions(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto tx = ctx.db.BeginRead();
  auto c = ctx.deliveries->CountReceptions(tx, p);
  if (!c) {
    return Fail(c.error(), req);
  }
  return JsonResponse(200, {{"received", c->received}, {"recallRequested", c->recall_requested}});
}

http::Response GetReception(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto r = ctx.deliveries->GetReception(tx, p, DeliveryId(*id));
  return r ? ReceptionResponse(200, *r, req) : Fail(r.error(), req);
}

http::Response ReceptionFile(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto f = ctx.deliveries->ReceptionFile(tx, p, DeliveryId(*id));
  if (!f) {
    return Fail(f.error(), req);
  }
  http::Response res = http::Response::Text(200, std::move(f->second), "application/pdf");
  res.headers.Set("Content-Disposition", AttachmentDisposition(f->first));
  res.headers.Set("Cache-Control", "private, no-store");
  return res;
}

http::Response RegisterReception(ApiContext& ctx, http::Request& req,
                                 const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto body = JsonBody::Parse(req, {"arrivalDate", "dueDate", "description", "confirmDuplicate"});
  if (!body) {
    return Fail(body.error(), req);
  }
  documents::RegisterDeliveryInput in;
  in.arrival_date = body->String("arrivalDate").value_or("");
  in.due_date = body->String("dueDate").value_or("");
  in.description = body->String("description").value_or("");
  in.confirm_duplicate = body->Bool("confirmDuplicate").value_or(false);
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  // The issued PDF is verified before the transaction (revocation checks may take seconds), as
  // for an electronic document uploaded by hand; the verdict is kept with the incoming file.
  {
    auto tx = ctx.db.BeginRead();
    auto file = ctx.deliveries->ReceptionFile(tx, p, DeliveryId(*id));
    if (file && ctx.verifier != nullptr && ctx.trust != nullptr) {
      auto signatures = pdf::ReadSignatures(file->second);
      if (signatures && !signatures->empty()) {
        auto report = signing::VerifyFile(ctx.db, *ctx.trust, *ctx.verifier,
                                          {.bytes = file->second,
                                           .file_name = file->first,
                                           .detached_content = std::nullopt,
                                           .detached_sha256 = std::nullopt,
                                           .extra_anchors = {},
                                           .fetcher = ctx.revocation_fetcher});
        if (report) {
          in.signature_verdict = VerificationReportJson(*report, Language::kVietnamese);
        }
      }
    }
  }
  auto tx = ctx.db.Begin();
  auto current = ctx.deliveries->GetReception(tx, p, DeliveryId(*id));
  if (!current) {
    return Fail(current.error(), req);
  }
  if (auto refused = CheckIfMatch(req, DeliveryETag(current->delivery))) {
    return *refused;
  }
  auto out = ctx.deliveries->Register(tx, p, ActorOf(p, req), DeliveryId(*id),
                                      current->delivery.version, in);
  if (!out) {
    return Fail(out.error(), req);
  }
  if (!out->delivery) {
    json dups = json::array();
    for (const auto& d : out->duplicates) {
      dups.push_back({{"id", d.id.value()},
                      {"arrivalNumber", d.arrival_number},
                      {"arrivalDate", d.arrival_date},
                      {"numberText", d.number_text},
                      {"subject", d.subject}});
    }
    // The duplicate warning, as for a document registered by hand: nothing was saved.
    const std::string message =
        "Văn bản này có thể đã được vào sổ: trùng cơ quan gửi, số, ký hiệu và ngày ban hành. Gửi "
        "lại với confirmDuplicate để vẫn vào sổ.";
    http::Response res =
        http::Problem(Error::FailedPrecondition(message), req, "duplicate-document", message);
    auto problem = json::parse(res.body);
    problem["status"] = 409;
    problem["duplicates"] = dups;
    res.status = 409;
    res.body = problem.dump();
    return res;
  }
  auto r = ctx.deliveries->GetReception(tx, p, DeliveryId(*id));
  if (!r) {
    return Fail(r.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  http::Response res = ReceptionResponse(201, *r, req);
  res.headers.Set("Location",
                  "/api/v1/documents/incoming/" + std::to_string(out->incoming->id.value()));
  return res;
}

http::Response Refuse(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto reason = ReadReason(req, true);
  if (!reason) {
    return Fail(reason.error(), req);
  }
  return ActOnReception(ctx, req, p, [&](db::Transaction& tx, DeliveryId id, std::int64_t v) {
    return ctx.deliveries->Refuse(tx, p, ActorOf(p, req), id, v, *reason);
  });
}

http::Response AnswerRecall(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                            bool accept) {
  auto reason = ReadReason(req, !accept);
  if (!reason) {
    return Fail(reason.error(), req);
  }
  return ActOnReception(ctx, req, p, [&](db::Transaction& tx, DeliveryId id, std::int64_t v) {
    return ctx.deliveries->AnswerRecall(tx, p, ActorOf(p, req), id, v, accept, *reason);
  });
}

// Wraps a handler so that it answers 503 while the services are not wired.
template <typename Handler>
http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (ctx.deliveries == nullptr || ctx.outgoing == nullptr) {
      return Fail(Error::Unavailable("Chức năng gửi nhận văn bản chưa sẵn sàng."), req);
    }
    return handler(ctx, req, p);
  });
}

}  // namespace

void AddDocumentDeliverySchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json boolean = {{"type", "boolean"}};
  const json nullable_str = {{"type", json::array({"string", "null"})}};
  const json nullable_int = {{"type", json::array({"integer", "null"})}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  json codes = json::array();
  for (auto st : documents::AllDeliveryStatuses()) {
    codes.push_back(documents::DeliveryStatusCode(st));
  }
  const json status = {{"type", "string"}, {"enum", codes}};
  const json history = obj({{"status", status},
                            {"statusLabel", str},
                            {"at", str},
                            {"actorName", str},
                            {"reason", str},
                            {"moved", boolean}},
                           {"status", "at", "moved"});
  json delivery = obj({{"id", integer},
                       {"documentId", integer},
                       {"ordinal", integer},
                       {"recipientAgencyId", nullable_int},
                       {"recipientName", str},
                       {"external", boolean},
                       {"status", status},
                       {"statusLabel", str},
                       {"statusAt", str},
                       {"incomingDocumentId", nullable_int},
                       {"manualChannel", nullable_str},
                       {"manualChannelLabel", nullable_str},
                       {"manualDate", nullable_str},
                       {"note", str},
                       {"version", integer},
                       {"etag", str},
                       {"history", {{"type", "array"}, {"items", history}}}},
                      {"id", "documentId", "recipientName", "status", "statusLabel", "version"});
  s["Delivery"] = delivery;
  s["DeliveryList"] =
      obj({{"items", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Delivery"}}}}}},
          {"items"});
  const json brief = {{"type", json::array({"object", "null"})},
                      {"properties",
                       {{"id", integer},
                        {"numberText", str},
                        {"issuedDate", str},
                        {"subject", str},
                        {"state", str},
                        {"stateLabel", str}}}};
  json reception = delivery;
  reception["properties"]["senderAgencyId"] = integer;
  reception["properties"]["senderName"] = str;
  reception["properties"]["document"] = obj({{"id", integer},
                                             {"typeOrdinal", integer},
                                             {"typeName", str},
                                             {"numberText", str},
                                             {"issuedDate", str},
                                             {"subject", str},
                                             {"signerName", str},
                                             {"signerPosition", str},
                                             {"urgency", str},
                                             {"urgencyLabel", str},
                                             {"confidentiality", str},
                                             {"confidentialityLabel", str},
                                             {"pageCount", integer},
                                             {"recallReason", nullable_str}},
                                            {"id", "subject"});
  reception["properties"]["file"] = {
      {"type", json::array({"object", "null"})},
      {"properties", {{"name", str}, {"size", integer}, {"pages", integer}, {"sha256", str}}}};
  reception["properties"]["replaces"] = brief;
  reception["properties"]["replacedBy"] = brief;
  reception["properties"]["stands"] = boolean;
  s["Reception"] = reception;
  s["ReceptionList"] =
      obj({{"items", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Reception"}}}}}},
          {"items"});
  s["ReceptionCounts"] =
      obj({{"received", integer}, {"recallRequested", integer}}, {"received", "recallRequested"});
  s["DeliveryReason"] = obj({{"reason", str}}, {});
  s["DeliveryManualSend"] = obj({{"channel", {{"type", "string"}, {"enum", {"email", "paper"}}}},
                                 {"date", str},
                                 {"note", str}},
                                {"channel", "date"});
  s["OutgoingLinks"] = obj({{"replacesId", nullable_int}, {"replyToId", nullable_int}}, {});
  s["ReceptionRegister"] = obj(
      {{"arrivalDate", str}, {"dueDate", str}, {"description", str}, {"confirmDuplicate", boolean}},
      {});
}

void RegisterDocumentDeliveryRoutes(http::Router& r, ApiContext& ctx) {
  const http::RouteOptions small{.body_limit = 64 * 1024};
  r.Add("POST", "/api/v1/documents/outgoing/{id}/release", Guarded(ctx, Release), small,
        {"Phát hành văn bản đến các nơi nhận (cần If-Match) / Release to the recipients "
         "(If-Match required)",
         "documents", "", "OutgoingDocument"});
  r.Add("POST", "/api/v1/documents/outgoing/{id}/recall", Guarded(ctx, Recall), small,
        {"Thu hồi văn bản đã phát hành, kèm lý do (cần If-Match) / Recall a released document "
         "with a reason (If-Match required)",
         "documents", "DeliveryReason", "OutgoingDocument"});
  r.Add("POST", "/api/v1/documents/outgoing/{id}/links", Guarded(ctx, SetLinks), small,
        {"Văn bản được thay thế, văn bản được trả lời (cần If-Match) / The document replaced and "
         "the incoming document answered (If-Match required)",
         "documents", "OutgoingLinks", "OutgoingDocument"});
  r.Add("GET", "/api/v1/documents/outgoing/{id}/deliveries", Guarded(ctx, ListDeliveries), {},
        {"Tình trạng gửi nhận theo từng nơi nhận / The delivery status of each recipient",
         "documents", "", "DeliveryList"});
  r.Add("POST", "/api/v1/documents/deliveries/{id}/manual-send", Guarded(ctx, ManualSend), small,
        {"Ghi nhận đã gửi ngoài hệ thống (thư điện tử, bản giấy; cần If-Match) / Record a send "
         "by e-mail or on paper (If-Match required)",
         "documents", "DeliveryManualSend", "Delivery"});
  r.Add("GET", "/api/v1/documents/receptions", Guarded(ctx, ListReceptions), {},
        {"Văn bản chờ tiếp nhận của cơ quan / The agency's reception queue",
         "documents",
         "",
         "ReceptionList",
         {"status", "limit", "offset"}});
  r.Add("GET", "/api/v1/documents/receptions/count", Guarded(ctx, CountReceptions), {},
        {"Số văn bản chờ tiếp nhận / Counts of the reception queue", "documents", "",
         "ReceptionCounts"});
  r.Add("GET", "/api/v1/documents/receptions/{id}", Guarded(ctx, GetReception), {},
        {"Một văn bản được gửi đến / One delivery to the agency", "documents", "", "Reception"});
  r.Add("GET", "/api/v1/documents/receptions/{id}/file", Guarded(ctx, ReceptionFile), {},
        {"Tải bản phát hành (PDF) / Download the issued PDF", "documents"});
  r.Add("POST", "/api/v1/documents/receptions/{id}/register", Guarded(ctx, RegisterReception),
        small,
        {"Tiếp nhận và vào sổ văn bản đến (cần If-Match) / Register as an incoming document "
         "(If-Match required)",
         "documents",
         "ReceptionRegister",
         "Reception",
         {},
         false,
         "application/json",
         201});
  r.Add("POST", "/api/v1/documents/receptions/{id}/refuse", Guarded(ctx, Refuse), small,
        {"Từ chối tiếp nhận, kèm lý do (cần If-Match) / Refuse with a reason (If-Match required)",
         "documents", "DeliveryReason", "Reception"});
  r.Add("POST", "/api/v1/documents/receptions/{id}/recall-accept",
        Guarded(ctx, [](ApiContext& c, http::Request& req,
                        const identity::Principal& p) { return AnswerRecall(c, req, p, true); }),
        small,
        {"Đồng ý thu hồi (cần If-Match) / Accept the recall (If-Match required)", "documents",
         "DeliveryReason", "Reception"});
  r.Add("POST", "/api/v1/documents/receptions/{id}/recall-refuse",
        Guarded(ctx, [](ApiContext& c, http::Request& req,
                        const identity::Principal& p) { return AnswerRecall(c, req, p, false); }),
        small,
        {"Từ chối thu hồi, kèm lý do (cần If-Match) / Refuse the recall with a reason (If-Match "
         "required)",
         "documents", "DeliveryReason", "Reception"});
}

}  // namespace cqdt::api
