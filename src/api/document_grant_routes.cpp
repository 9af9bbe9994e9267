// Grants of access to an incoming or outgoing document (issue 10, item 6;
// documents/grant_service.hpp): a leader of the agency who sees the document lets a colleague see
// it (a confidential document is otherwise visible to its route only), or revokes that, always with
// a reason; both are in the audit trail and the timeline.
#include "documents/grant_service.hpp"
#include "internal.hpp"

namespace cqdt::api {

namespace {

using documents::DocumentId;

std::string Time(std::int64_t seconds) {
  return seconds > 0 ? ToIsoVietnam(FromUnixSeconds(seconds)) : "";
}

json GrantJson(const documents::Grant& g) {
  return {{"userId", g.user_id.value()},
          {"fullName", g.full_name},
          {"grantedBy", g.granted_by.IsSet() ? json(g.granted_by.value()) : json()},
          {"grantedByName", g.granted_by_name},
          {"grantedAt", Time(g.granted_at)},
          {"reason", g.reason}};
}

using Handler = std::function<http::Response(documents::GrantService&, http::Request&,
                                             const identity::Principal&, DocumentId)>;

http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (ctx.grants == nullptr) {
      return Fail(Error::Unavailable("Chức năng văn bản đến chưa sẵn sàng."), req);
    }
    auto id = PathId(req);
    if (!id) {
      return Fail(id.error(), req);
    }
    return handler(*ctx.grants, req, p, DocumentId(*id));
  });
}

}  // namespace

void AddDocumentGrantSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  s["DocumentGrant"] = obj({{"userId", integer},
                            {"fullName", str},
                            {"grantedBy", {{"type", json::array({"integer", "null"})}}},
                            {"grantedByName", str},
                            {"grantedAt", str},
                            {"reason", str}},
                           {"userId", "reason"});
  s["DocumentGrantList"] = obj(
      {{"items", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/DocumentGrant"}}}}}},
      {"items"});
  s["DocumentGrantInput"] = obj({{"userId", integer}, {"reason", str}}, {"userId", "reason"});
  s["DocumentGrantRevokeInput"] = obj({{"reason", str}}, {"reason"});
}

void RegisterDocumentGrantRoutes(http::Router& r, ApiContext& ctx) {
  // The same grants for both directions (GrantService is direction-neutral): an outgoing
  // document's route is its drafter, reviewers, signer and the clerks of its register.
  for (const std::string base :
       {"/api/v1/documents/incoming/{id}", "/api/v1/documents/outgoing/{id}"}) {
    r.Add("GET", base + "/grants",
          Guarded(ctx,
                  [&ctx](documents::GrantService& grants, http::Request& req,
                         const identity::Principal& p, DocumentId id) {
                    auto tx = ctx.db.BeginRead();
                    auto list = grants.List(tx, p, id);
                    if (!list) {
                      return Fail(list.error(), req);
                    }
                    json items = json::array();
                    for (const auto& g : *list) {
                      items.push_back(GrantJson(g));
                    }
                    return JsonResponse(200, {{"items", items}});
                  }),
          {},
          {"Người được cho phép xem văn bản / Who was granted access to a document", "documents",
           "", "DocumentGrantList"});
    r.Add("POST", base + "/grants",
          Guarded(ctx,
                  [&ctx](documents::GrantService& grants, http::Request& req,
                         const identity::Principal& p, DocumentId id) {
                    auto body = JsonBody::Parse(req, {"userId", "reason"});
                    if (!body) {
                      return Fail(body.error(), req);
                    }
                    body->Require({"userId", "reason"});
                    auto user = body->Int("userId");
                    auto reason = body->String("reason");
                    if (auto st = body->Finish(); !st) {
                      return Fail(st.error(), req);
                    }
                    auto tx = ctx.db.Begin();
                    auto g = grants.Give(tx, ActorOf(p, req), p, id, UserId(user.value_or(0)),
                                         reason.value_or(""));
                    if (!g) {
                      return Fail(g.error(), req);
                    }
                    if (auto st = tx.Commit(); !st) {
                      return Fail(st.error(), req);
                    }
                    return JsonResponse(201, GrantJson(*g));
                  }),
          {},
          {"Cho phép xem văn bản / Grant access to a document",
           "documents",
           "DocumentGrantInput",
           "DocumentGrant",
           {},
           false,
           "application/json",
           201});
    r.Add("POST", base + "/grants/{userId}/revoke",
          Guarded(ctx,
                  [&ctx](documents::GrantService& grants, http::Request& req,
                         const identity::Principal& p, DocumentId id) {
                    auto user = PathId(req, "userId");
                    if (!user) {
                      return Fail(user.error(), req);
                    }
                    auto reason = ReadReason(req, true);
                    if (!reason) {
                      return Fail(reason.error(), req);
                    }
                    auto tx = ctx.db.Begin();
                    if (auto st = grants.Revoke(tx, ActorOf(p, req), p, id, UserId(*user), *reason);
                        !st) {
                      return Fail(st.error(), req);
                    }
                    if (auto st = tx.Commit(); !st) {
                      return Fail(st.error(), req);
                    }
                    return http::Response::NoContent();
                  }),
          {},
          {"Thu hồi quyền xem văn bản / Revoke access to a document",
           "documents",
           "DocumentGrantRevokeInput",
           "",
           {},
           false,
           "application/json",
           204});
  }
}

}  // namespace cqdt::api
