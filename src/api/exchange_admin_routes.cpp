// The exchange hub for administrators (issue 14 items 3-5): member systems and peer hubs (a
// member's secret is shown once, when made or renewed), the packages the hub holds with their
// deliveries and trace, the queues per route and partner, and the dead letters replayed. Staff
// sessions with the admin role only.
#include <string>

#include "exchange_http.hpp"
#include "internal.hpp"

namespace cqdt::api {

namespace {

std::optional<http::Response> Guard(ApiContext& ctx, const http::Request& req,
                                    const identity::Principal& p) {
  if (ctx.hub == nullptr || ctx.exchange_partners == nullptr) {
    return Fail(Error::Unavailable("Trục liên thông văn bản chưa sẵn sàng."), req);
  }
  if (!p.Has(identity::Role::kAdmin)) {
    return Fail(Error::PermissionDenied(), req);
  }
  return std::nullopt;
}

json PartnerJson(const exchange::Partner& p) {
  return {{"id", p.id.value()},
          {"kind", exchange::PartnerKindName(p.kind)},
          {"code", p.code},
          {"name", p.name},
          {"baseUrl", p.base_url},
          {"certificate", p.certificate},
          {"signaturePolicy",
           p.signature_policy == exchange::SignaturePolicy::kWarn ? "warn" : "require"},
          {"enabled", p.enabled},
          {"agencies", p.agencies},
          {"createdAt", ToIsoVietnam(FromUnixSeconds(p.created_at))}};
}

Result<exchange::PartnerInput> ReadPartner(const http::Request& req, bool create) {
  auto body = JsonBody::Parse(req, {"kind", "code", "name", "baseUrl", "certificate",
                                    "signaturePolicy", "agencies", "enabled"});
  if (!body) {
    return body.error();
  }
  if (create) {
    body->Require({"kind", "code", "name"});
  } else {
    body->Require({"name"});
  }
  exchange::PartnerInput in;
  in.kind = body->String("kind").value_or("");
  in.code = body->String("code").value_or("");
  in.name = body->String("name").value_or("");
  in.base_url = body->String("baseUrl").value_or("");
  in.certificate = body->String("certificate").value_or("");
  in.signature_policy = body->String("signaturePolicy").value_or("require");
  in.agencies = body->StringArray("agencies").value_or(std::vector<std::string>{});
  in.enabled = body->Bool("enabled").value_or(true);
  CQDT_RETURN_IF_ERROR(body->Finish());
  return in;
}

http::Response ListPartners(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Guard(ctx, req, p)) {
    return *g;
  }
  auto tx = ctx.db.BeginRead();
  json items = json::array();
  for (const auto& partner : ctx.exchange_partners->List(tx)) {
    items.push_back(PartnerJson(partner));
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response CreatePartner(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Guard(ctx, req, p)) {
    return *g;
  }
  auto in = ReadPartner(req, true);
  if (!in) {
    return Fail(in.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto made = ctx.exchange_partners->Create(tx, ActorOf(p, req), *in);
  if (!made) {
    return Fail(made.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  json out = PartnerJson(made->partner);
  if (!made->secret.empty()) {
    out["secret"] = made->secret;  // shown once
  }
  http::Response res = JsonResponse(201, out);
  res.headers.Set("Cache-Control", "no-store");
  return res;
}

http::Response UpdatePartner(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Guard(ctx, req, p)) {
    return *g;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto in = ReadPartner(req, false);
  if (!in) {
    return Fail(in.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto saved = ctx.exchange_partners->Update(tx, ActorOf(p, req), exchange::PartnerId(*id), *in);
  if (!saved) {
    return Fail(saved.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, PartnerJson(*saved));
}

http::Response RotateSecret(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Guard(ctx, req, p)) {
    return *g;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto made = ctx.exchange_partners->RotateSecret(tx, ActorOf(p, req), exchange::PartnerId(*id));
  if (!made) {
    return Fail(made.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  json out = PartnerJson(made->partner);
  out["secret"] = made->secret;
  http::Response res = JsonResponse(200, out);
  res.headers.Set("Cache-Control", "no-store");
  return res;
}

http::Response ListMessages(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Guard(ctx, req, p)) {
    return *g;
  }
  std::vector<FieldError> errors;
  const auto limit = QueryInt(req, "limit", 50, 1, 200, errors);
  const auto offset = QueryInt(req, "offset", 0, 0, 1000000, errors);
  const std::string filter = req.Query("filter").value_or("");
  if (filter != "" && filter != "refused" && filter != "document" && filter != "status") {
    errors.push_back({"filter", "format", "Bộ lọc phải là refused, document hoặc status."});
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  json items = json::array();
  for (const auto& m : ctx.hub->ListMessages(tx, filter, *limit, *offset)) {
    items.push_back(MessageJson(m, req));
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response GetMessage(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Guard(ctx, req, p)) {
    return *g;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto m = ctx.hub->GetMessage(tx, exchange::MessageId(*id));
  if (!m) {
    return Fail(m.error(), req);
  }
  json out = MessageJson(*m, req);
  out["deliveries"] = json::array();
  for (const auto& d : ctx.hub->DeliveriesOf(tx, m->id)) {
    out["deliveries"].push_back(ExchangeDeliveryJson(d, req));
  }
  out["trace"] = HopsJson(ctx.hub->HopsOf(tx, m->id), req);
  return JsonResponse(200, out);
}

http::Response GetPackage(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Guard(ctx, req, p)) {
    return *g;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto bytes = ctx.hub->MessageBytes(tx, exchange::MessageId(*id));
  if (!bytes) {
    return Fail(bytes.error(), req);
  }
  http::Response res = http::Response::Text(200, std::move(*bytes), "application/xml");
  res.headers.Set("Content-Disposition",
                  "attachment; filename=\"goi-tin-" + std::to_string(*id) + ".edxml\"");
  return res;
}

http::Response ListDeliveries(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Guard(ctx, req, p)) {
    return *g;
  }
  auto state = exchange::ParseTransportState(req.Query("state").value_or("dead"));
  std::vector<FieldError> errors;
  const auto limit = QueryInt(req, "limit", 100, 1, 500, errors);
  if (!state) {
    errors.push_back({"state", "format",
                      "Trạng thái phải là pending, delivered, acknowledged, failed hoặc dead."});
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  json items = json::array();
  for (const auto& d : ctx.hub->ListDeliveries(tx, *state, *limit)) {
    json j = ExchangeDeliveryJson(d, req);
    j["messageId"] = d.message_id.value();
    items.push_back(std::move(j));
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response Replay(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Guard(ctx, req, p)) {
    return *g;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto d = ctx.hub->Replay(tx, ActorOf(p, req), exchange::ExchangeDeliveryId(*id));
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, ExchangeDeliveryJson(*d, req));
}

http::Response Queues(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Guard(ctx, req, p)) {
    return *g;
  }
  auto tx = ctx.db.BeginRead();
  json items = json::array();
  for (const auto& q : ctx.hub->Queues(tx)) {
    items.push_back({{"route", q.route},
                     {"partner", q.partner_code},
                     {"state", q.state},
                     {"stateLabel", http::Localized(
                                        [&] {
                                          auto st = exchange::ParseTransportState(q.state);
                                          return std::string(st ? exchange::TransportStateLabel(*st)
                                                                : "");
                                        }(),
                                        req)},
                     {"count", q.count},
                     {"oldest", ToIsoVietnam(FromUnixSeconds(q.oldest))}});
  }
  return JsonResponse(200, {{"items", items}});
}

}  // namespace

void RegisterExchangeAdminRoutes(http::Router& r, ApiContext& ctx) {
  using Fn = http::Response (*)(ApiContext&, http::Request&, const identity::Principal&);
  auto add = [&](const char* method, const char* path, Fn fn, http::RouteDoc doc) {
    r.Add(method, path,
          Authed(ctx, [&ctx, fn](http::Request& req,
                                 const identity::Principal& p) { return fn(ctx, req, p); }),
          {}, doc);
  };
  add("GET", "/api/v1/exchange/partners", ListPartners,
      {"Hệ thống thành viên và trục liên thông khác / Member systems and peer hubs", "exchange", "",
       "ExchangePartnerList"});
  add("POST", "/api/v1/exchange/partners", CreatePartner,
      {"Thêm hệ thống thành viên hoặc trục / Add a member system or a peer hub",
       "exchange",
       "ExchangePartnerInput",
       "ExchangePartner",
       {},
       false,
       "application/json",
       201});
  add("PUT", "/api/v1/exchange/partners/{id}", UpdatePartner,
      {"Sửa đối tác liên thông / Change a partner", "exchange", "ExchangePartnerInput",
       "ExchangePartner"});
  add("POST", "/api/v1/exchange/partners/{id}/secret", RotateSecret,
      {"Cấp lại khóa bí mật / Issue a new member secret", "exchange", "", "ExchangePartner"});
  add("GET", "/api/v1/exchange/messages", ListMessages,
      {"Gói tin trên trục / Packages the hub holds",
       "exchange",
       "",
       "ExchangeMessageList",
       {"filter", "limit", "offset"}});
  add("GET", "/api/v1/exchange/messages/{id}", GetMessage,
      {"Một gói tin, các lượt chuyển và vết chuyển / One package, its deliveries and trace",
       "exchange", "", "ExchangeMessage"});
  add("GET", "/api/v1/exchange/messages/{id}/package", GetPackage,
      {"Tệp gói tin edXML / The package file",
       "exchange",
       "",
       "",
       {},
       false,
       "application/json",
       200,
       "application/xml"});
  add("GET", "/api/v1/exchange/deliveries", ListDeliveries,
      {"Lượt chuyển theo trạng thái (mặc định: chuyển không được) / Deliveries by state",
       "exchange",
       "",
       "ExchangeDeliveryList",
       {"state", "limit"}});
  add("POST", "/api/v1/exchange/deliveries/{id}/replay", Replay,
      {"Chuyển lại một gói tin / Replay a delivery", "exchange", "", "ExchangeDelivery"});
  add("GET", "/api/v1/exchange/queues", Queues,
      {"Hàng đợi theo tuyến và đối tác / Queues per route and partner", "exchange", "",
       "ExchangeQueues"});
}

void AddExchangeSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json boolean = {{"type", "boolean"}};
  const json strings = {{"type", "array"}, {"items", str}};
  auto obj = [](json props, std::vector<std::string> required = {}) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  auto list = [&](const char* item) {
    return obj(
        {{"items",
          {{"type", "array"}, {"items", {{"$ref", std::string("#/components/schemas/") + item}}}}}},
        {"items"});
  };
  s["ExchangePartnerInput"] = obj({{"kind", str},
                                   {"code", str},
                                   {"name", str},
                                   {"baseUrl", str},
                                   {"certificate", str},
                                   {"signaturePolicy", str},
                                   {"agencies", strings},
                                   {"enabled", boolean}},
                                  {"name"});
  s["ExchangePartner"] = obj({{"id", integer},
                              {"kind", str},
                              {"code", str},
                              {"name", str},
                              {"baseUrl", str},
                              {"certificate", str},
                              {"signaturePolicy", str},
                              {"enabled", boolean},
                              {"agencies", strings},
                              {"createdAt", str},
                              {"secret", str}},
                             {"id", "kind", "code", "name"});
  s["ExchangePartnerList"] = list("ExchangePartner");
  s["ExchangeDelivery"] = obj({{"id", integer},
                               {"recipient", str},
                               {"route", str},
                               {"state", str},
                               {"stateLabel", str},
                               {"attempts", integer},
                               {"lastError", str},
                               {"deliveredAt", str},
                               {"messageId", integer}},
                              {"id", "recipient", "route", "state"});
  s["ExchangeDeliveryList"] = list("ExchangeDelivery");
  s["ExchangeHop"] =
      obj({{"at", str}, {"from", str}, {"to", str}, {"result", str}, {"detail", str}},
          {"at", "from", "to", "result"});
  s["ExchangeMessage"] = obj(
      {{"id", integer},
       {"kind", str},
       {"documentId", str},
       {"from", str},
       {"statusCode", str},
       {"statusLabel", str},
       {"subject", str},
       {"source", str},
       {"size", integer},
       {"sha256", str},
       {"accepted", boolean},
       {"refusalReason", str},
       {"refusalMessage", str},
       {"receivedAt", str},
       {"warnings", {{"type", "array"}, {"items", {{"type", "object"}}}}},
       {"deliveries",
        {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/ExchangeDelivery"}}}}},
       {"trace", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/ExchangeHop"}}}}}},
      {"id", "kind", "documentId", "accepted"});
  s["ExchangeMessageList"] = list("ExchangeMessage");
  s["ExchangeSentList"] = list("ExchangeMessage");
  s["ExchangeReceipt"] =
      obj({{"message", {{"$ref", "#/components/schemas/ExchangeMessage"}}},
           {"duplicate", boolean},
           {"deliveries",
            {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/ExchangeDelivery"}}}}}},
          {"message", "duplicate", "deliveries"});
  s["ExchangeAcknowledge"] = obj({{"status", str}}, {"status"});
  s["ExchangeInboxItem"] = obj({{"id", integer},
                                {"messageId", integer},
                                {"messageType", str},
                                {"documentId", str},
                                {"from", str},
                                {"to", str},
                                {"statusCode", str},
                                {"subject", str},
                                {"size", integer},
                                {"sha256", str},
                                {"receivedAt", str}},
                               {"id", "messageId", "messageType", "documentId"});
  s["ExchangeInbox"] = list("ExchangeInboxItem");
  s["ExchangeAgency"] =
      obj({{"code", str}, {"name", str}, {"servedBy", str}}, {"code", "name", "servedBy"});
  s["ExchangeAgencyList"] = list("ExchangeAgency");
  s["ExchangeQueue"] =
      obj({{"route", str}, {"partner", str}, {"state", str}, {"count", integer}, {"oldest", str}},
          {"route", "state", "count"});
  s["ExchangeQueues"] = list("ExchangeQueue");
  s["ExchangeReception"] = obj({{"id", integer},
                                {"documentId", str},
                                {"senderCode", str},
                                {"senderName", str},
                                {"subject", str},
                                {"business", str},
                                {"businessLabel", str},
                                {"recall", {{"type", {"object", "null"}}}},
                                {"replaces", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                                {"replacedBy", {{"type", {"integer", "null"}}}},
                                {"state", str},
                                {"stateLabel", str},
                                {"status", str},
                                {"statusLabel", str},
                                {"incomingDocumentId", integer},
                                {"note", str},
                                {"version", integer},
                                {"receivedAt", str},
                                {"updatedAt", str},
                                {"header", {{"type", "object"}}},
                                {"files", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                                {"warnings", {{"type", "array"}, {"items", {{"type", "object"}}}}}},
                               {"id", "documentId", "state", "status"});
  s["ExchangeReceptionList"] =
      obj({{"items",
            {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/ExchangeReception"}}}}},
           {"waiting", integer}},
          {"items", "waiting"});
  s["ExchangeDirectory"] = obj(
      {{"items",
        {{"type", "array"},
         {"items", obj({{"code", str}, {"name", str}, {"via", str}}, {"code", "name", "via"})}}}},
      {"items"});
  s["ExchangeRoute"] =
      obj({{"code", str}, {"route", str}, {"partnerName", str}}, {"code", "route", "partnerName"});
  s["ExchangeTrace"] =
      obj({{"documentId", str}, {"items", {{"type", "array"}, {"items", {{"type", "object"}}}}}},
          {"documentId", "items"});
  s["ExchangeRecallAnswer"] = obj({{"accept", boolean}, {"reason", str}}, {"accept"});
  s["ExchangeReceptionRegister"] = obj({{"arrivalDate", str},
                                        {"dueDate", str},
                                        {"description", str},
                                        {"confirmDuplicate", boolean},
                                        {"numberText", str},
                                        {"typeOrdinal", integer}});
}

}  // namespace cqdt::api
