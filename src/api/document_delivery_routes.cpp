// Release and delivery between agencies, recall and replacement (issue 10 items 3-4). The rules
// are the documents module's (DeliveryService); this file translates JSON and HTTP. Sender
// actions act on the outgoing document (its ETag `"<id>-<version>"`); recipient actions act on
// one delivery (ETag `"delivery-<id>-<version>"`). Every action needs If-Match: 428 without it,
// 412 when it is not the current ETag, and nothing changes in either case. This file has the
// sender's side; document_reception_routes.cpp the recipient's.
#include "document_delivery_http.hpp"
#include "documents/delivery_service.hpp"
#include "documents/replacement.hpp"
#include "http/problem.hpp"
#include "internal.hpp"

namespace cqdt::api {
namespace {

using namespace delivery_http;
using documents::DeliveryId;
using documents::DocumentId;

http::Response Release(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId id, std::int64_t v) {
    return ctx.deliveries->Release(tx, p, ActorOf(p, req), id, v);
  });
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

// POST /documents/outgoing/{id}/replacement {"subject"}: a new draft that replaces the released
// document {id}, with its type, urgency, confidentiality, description, signer and recipients,
// made and linked in ONE transaction: when the link is refused, no draft is left behind (as
// there was when the client made the draft and linked it in two requests). 201 with the draft.
// The use case is documents::CreateReplacement (documents/replacement.hpp).
http::Response CreateReplacement(ApiContext& ctx, http::Request& req,
                                 const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto body = JsonBody::Parse(req, {"subject"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"subject"});
  auto subject = body->String("subject");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto linked = documents::CreateReplacement(tx, *ctx.outgoing, *ctx.deliveries, p, ActorOf(p, req),
                                             DocumentId(*id), subject.value_or(""));
  if (!linked) {
    return Fail(linked.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  http::Response res = OutgoingDocumentResponse(201, *linked, req);
  res.headers.Set("Location",
                  "/api/v1/documents/outgoing/" + std::to_string(linked->document.id.value()));
  return res;
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
  // The version the client read is in its If-Match: "delivery-<id>-<version>" (DeliveryETag).
  std::int64_t version = -1;
  if (auto problem = ReadIfMatchVersion(req, "delivery-" + std::to_string(*id) + "-", version)) {
    return *problem;
  }
  auto tx = ctx.db.Begin();
  auto done =
      ctx.deliveries->RecordManualSend(tx, p, ActorOf(p, req), DeliveryId(*id), version, in);
  if (!done) {
    if (done.error().code() == ErrorCode::kConflict) {
      return StaleVersion(req);
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
  s["OutgoingReplacement"] = obj({{"subject", str}}, {"subject"});
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
  r.Add("POST", "/api/v1/documents/outgoing/{id}/replacement", Guarded(ctx, CreateReplacement),
        small,
        {"Soạn văn bản thay thế văn bản đã phát hành (dự thảo mới, đã gắn liên kết) / A new "
         "draft replacing a released document, linked in the same step",
         "documents", "OutgoingReplacement", "OutgoingDocument"});
  r.Add("GET", "/api/v1/documents/outgoing/{id}/deliveries", Guarded(ctx, ListDeliveries), {},
        {"Tình trạng gửi nhận theo từng nơi nhận / The delivery status of each recipient",
         "documents", "", "DeliveryList"});
  r.Add("POST", "/api/v1/documents/deliveries/{id}/manual-send", Guarded(ctx, ManualSend), small,
        {"Ghi nhận đã gửi ngoài hệ thống (thư điện tử, bản giấy; cần If-Match) / Record a send "
         "by e-mail or on paper (If-Match required)",
         "documents", "DeliveryManualSend", "Delivery"});
  delivery_http::RegisterDocumentReceptionRoutes(r, ctx);
}

}  // namespace cqdt::api
