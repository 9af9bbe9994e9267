// Delegations (ủy quyền; issue 10, item 5): a leader delegates receiving, assigning or signing
// to a deputy of the same agency for a period, and revokes it. The rules are
// documents::DelegationService's; this file translates.
#include "documents/delegation_service.hpp"
#include "internal.hpp"

namespace cqdt::api {

namespace {

using documents::Delegation;

bool Ready(const ApiContext& ctx) { return ctx.delegations != nullptr; }

using Handler =
    std::function<http::Response(ApiContext&, http::Request&, const identity::Principal&)>;

http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (!Ready(ctx)) {
      return Fail(Error::Unavailable("Chức năng ủy quyền chưa sẵn sàng."), req);
    }
    return handler(ctx, req, p);
  });
}

json DelegationJson(const Delegation& d, const http::Request& req) {
  json rights = json::array();
  json labels = json::array();
  for (auto r : d.rights) {
    rights.push_back(documents::DelegatedRightName(r));
    labels.push_back(http::Localized(documents::DelegatedRightLabel(r), req));
  }
  return {
      {"id", d.id.value()},
      {"fromUserId", d.from_user.value()},
      {"fromName", d.from_name},
      {"toUserId", d.to_user.value()},
      {"toName", d.to_name},
      {"rights", rights},
      {"rightLabels", labels},
      {"startsOn", d.starts_on},
      {"endsOn", d.ends_on},
      {"reason", d.reason},
      {"createdAt", d.created_at > 0 ? ToIsoVietnam(FromUnixSeconds(d.created_at)) : ""},
      {"revokedAt", d.revoked_at > 0 ? json(ToIsoVietnam(FromUnixSeconds(d.revoked_at))) : json()},
      {"revokeReason", d.revoke_reason},
      {"active", d.active}};
}

http::Response List(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto tx = ctx.db.BeginRead();
  auto list = ctx.delegations->List(tx, p);
  if (!list) {
    return Fail(list.error(), req);
  }
  json items = json::array();
  for (const auto& d : *list) {
    items.push_back(DelegationJson(d, req));
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response Create(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"toUserId", "rights", "startsOn", "endsOn", "reason"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"toUserId", "rights", "endsOn", "reason"});
  documents::DelegationInput in;
  in.to_user = UserId(body->Int("toUserId").value_or(0));
  in.rights = body->StringArray("rights").value_or(std::vector<std::string>{});
  in.starts_on = body->String("startsOn").value_or("");
  in.ends_on = body->String("endsOn").value_or("");
  in.reason = body->String("reason").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto d = ctx.delegations->Create(tx, ActorOf(p, req), p, in);
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(201, DelegationJson(*d, req));
}

http::Response Revoke(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  std::string reason;
  if (!req.body.empty()) {
    auto read = ReadReason(req, false);
    if (!read) {
      return Fail(read.error(), req);
    }
    reason = std::move(*read);
  }
  auto tx = ctx.db.Begin();
  auto d = ctx.delegations->Revoke(tx, ActorOf(p, req), p, documents::DelegationId(*id), reason);
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, DelegationJson(*d, req));
}

}  // namespace

void AddDocumentDelegationSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json strings = {{"type", "array"}, {"items", str}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  json delegation = obj({{"id", integer},
                         {"fromUserId", integer},
                         {"fromName", str},
                         {"toUserId", integer},
                         {"toName", str},
                         {"rights", strings},
                         {"rightLabels", strings},
                         {"startsOn", str},
                         {"endsOn", str},
                         {"reason", str},
                         {"revokedAt", {{"type", json::array({"string", "null"})}}},
                         {"active", {{"type", "boolean"}}}},
                        {"id", "fromUserId", "toUserId", "rights", "startsOn", "endsOn", "active"});
  s["Delegation"] = delegation;
  s["DelegationList"] = obj({{"items", {{"type", "array"}, {"items", delegation}}}}, {"items"});
  s["DelegationInput"] = obj({{"toUserId", integer},
                              {"rights", strings},
                              {"startsOn", str},
                              {"endsOn", str},
                              {"reason", str}},
                             {"toUserId", "rights", "endsOn", "reason"});
  s["DelegationRevokeInput"] = obj({{"reason", str}}, {});
}

void RegisterDocumentDelegationRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/documents/delegations", Guarded(ctx, List), {},
        {"Ủy quyền đã giao và được nhận / Delegations given and received", "documents", "",
         "DelegationList"});
  r.Add("POST", "/api/v1/documents/delegations", Guarded(ctx, Create), {},
        {"Ủy quyền cho cấp phó / Delegate to a deputy",
         "documents",
         "DelegationInput",
         "Delegation",
         {},
         false,
         "application/json",
         201});
  r.Add("POST", "/api/v1/documents/delegations/{id}/revoke", Guarded(ctx, Revoke), {},
        {"Thu hồi ủy quyền / Revoke a delegation", "documents", "DelegationRevokeInput",
         "Delegation"});
}

}  // namespace cqdt::api
