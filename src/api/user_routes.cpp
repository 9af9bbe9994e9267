#include <map>

#include "internal.hpp"

namespace cqdt::api {
namespace {

using identity::Authorizer;

std::map<std::int64_t, std::string> AgencyNames(ApiContext& ctx, db::Transaction& tx) {
  std::map<std::int64_t, std::string> names;
  auto all = ctx.agencies.Search(tx, {"", "", true});
  if (all) {
    for (const auto& a : *all) {
      names[a.id.value()] = a.name;
    }
  }
  return names;
}

std::string AgencyName(ApiContext& ctx, db::Transaction& tx, AgencyId id) {
  auto a = ctx.agencies.Lookup(tx, id);
  return a ? a->name : "";
}

identity::UserInput ReadUserInput(JsonBody& body) {
  identity::UserInput in;
  in.username = body.String("username");
  in.full_name = body.String("fullName");
  in.email = body.String("email");
  in.phone = body.String("phone");
  if (auto id = body.Int("agencyId")) {
    in.agency_id = AgencyId(*id);
  }
  if (auto id = body.Int("unitId")) {
    in.unit_id = UnitId(*id);
  }
  in.position = body.String("position");
  in.roles = body.StringArray("roles");
  in.disabled = body.Bool("disabled");
  in.password = body.String("password");
  return in;
}

}  // namespace

void RegisterUserRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/users",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 AgencyId agency;
                 if (auto a = req.Query("agencyId"); a && !a->empty()) {
                   std::vector<FieldError> errors;
                   auto n = QueryInt(req, "agencyId", 0, 1, 2'000'000'000, errors);
                   if (!n) {
                     return Fail(Error::Invalid(errors), req);
                   }
                   agency = AgencyId(*n);
                 }
                 // Agency scope: everyone but admins sees only their own agency.
                 if (!Authorizer::IsAdmin(p)) {
                   if (agency.IsSet() && agency != p.agency_id) {
                     return Fail(Error::PermissionDenied(), req);
                   }
                   agency = p.agency_id;
                   if (!Authorizer::CanReadUsersOf(p, agency)) {
                     return Fail(Error::PermissionDenied(), req);
                   }
                 }
                 auto tx = ctx.db.BeginRead();
                 auto names = AgencyNames(ctx, tx);
                 json items = json::array();
                 for (const auto& u :
                      ctx.identity.ListUsers(tx, agency, req.Query("q").value_or(""))) {
                   items.push_back(UserJson(u, names[u.agency_id.value()]));
                 }
                 return JsonResponse(200, {{"items", items}});
               }),
        {}, {"Danh sách tài khoản / List users", "users", "", "UserList", {"q", "agencyId"}});

  r.Add("GET", "/api/v1/users/{id}",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 auto id = PathId(req);
                 if (!id) {
                   return Fail(id.error(), req);
                 }
                 auto tx = ctx.db.BeginRead();
                 auto u = ctx.identity.GetUser(tx, UserId(*id));
                 // Another agency's account is reported as absent, not as forbidden: its
                 // existence is not the caller's business.
                 if (!u || !Authorizer::CanReadUsersOf(p, u->agency_id)) {
                   return Fail(Error::NotFound("tài khoản", std::to_string(*id)), req);
                 }
                 return JsonResponse(200, UserJson(*u, AgencyName(ctx, tx, u->agency_id)));
               }),
        {}, {"Chi tiết tài khoản / Get a user", "users", "", "User"});

  r.Add("POST", "/api/v1/users",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (!Authorizer::CanManageUsers(p)) {
                   return Fail(Error::PermissionDenied(), req);
                 }
                 auto body =
                     JsonBody::Parse(req, {"username", "fullName", "email", "phone", "agencyId",
                                           "unitId", "position", "roles", "password"});
                 if (!body) {
                   return Fail(body.error(), req);
                 }
                 body->Require({"username", "fullName", "email", "agencyId", "roles", "password"});
                 auto in = ReadUserInput(*body);
                 if (auto st = body->Finish(); !st) {
                   return Fail(st.error(), req);
                 }
                 auto u = ctx.identity.CreateUser(ActorOf(p, req), in);
                 if (!u) {
                   return Fail(u.error(), req);
                 }
                 auto tx = ctx.db.BeginRead();
                 return JsonResponse(201, UserJson(*u, AgencyName(ctx, tx, u->agency_id)));
               }),
        {.body_limit = 16 * 1024},
        {"Tạo tài khoản / Create a user",
         "users",
         "UserInput",
         "User",
         {},
         false,
         "application/json",
         201});

  r.Add("PATCH", "/api/v1/users/{id}",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 auto id = PathId(req);
                 if (!id) {
                   return Fail(id.error(), req);
                 }
                 if (!Authorizer::CanManageUsers(p)) {
                   return Fail(Error::PermissionDenied(), req);
                 }
                 auto body = JsonBody::Parse(req, {"fullName", "email", "phone", "agencyId",
                                                   "unitId", "position", "roles", "disabled"});
                 if (!body) {
                   return Fail(body.error(), req);
                 }
                 auto in = ReadUserInput(*body);
                 if (auto st = body->Finish(); !st) {
                   return Fail(st.error(), req);
                 }
                 auto tx = ctx.db.Begin();
                 auto u = ctx.identity.UpdateUser(tx, ActorOf(p, req), UserId(*id), in);
                 if (!u) {
                   return Fail(u.error(), req);
                 }
                 auto name = AgencyName(ctx, tx, u->agency_id);
                 if (auto st = tx.Commit(); !st) {
                   return Fail(st.error(), req);
                 }
                 return JsonResponse(200, UserJson(*u, name));
               }),
        {.body_limit = 16 * 1024}, {"Sửa tài khoản / Update a user", "users", "UserPatch", "User"});

  r.Add("POST", "/api/v1/users/{id}/reset-password",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 auto id = PathId(req);
                 if (!id) {
                   return Fail(id.error(), req);
                 }
                 if (!Authorizer::CanManageUsers(p)) {
                   return Fail(Error::PermissionDenied(), req);
                 }
                 auto body = JsonBody::Parse(req, {"password"});
                 if (!body) {
                   return Fail(body.error(), req);
                 }
                 body->Require({"password"});
                 auto password = body->String("password");
                 if (auto st = body->Finish(); !st) {
                   return Fail(st.error(), req);
                 }
                 auto st = ctx.identity.ResetPassword(ActorOf(p, req), UserId(*id), *password);
                 return st ? http::Response::NoContent() : Fail(st.error(), req);
               }),
        {.body_limit = 16 * 1024},
        {"Đặt lại mật khẩu / Reset a password",
         "users",
         "PasswordInput",
         "",
         {},
         false,
         "application/json",
         204});

  r.Add("GET", "/api/v1/api-tokens",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (!Authorizer::CanManageApiTokens(p)) {
                   return Fail(Error::PermissionDenied(), req);
                 }
                 auto tx = ctx.db.BeginRead();
                 json items = json::array();
                 for (const auto& t : ctx.identity.ListApiTokens(tx)) {
                   items.push_back(
                       {{"id", t.id.value()},
                        {"name", t.name},
                        {"scopes", t.scopes},
                        {"agencyId", t.agency_id.value()},
                        {"createdAt", t.created_at},
                        {"revokedAt", t.revoked_at.empty() ? json(nullptr) : json(t.revoked_at)},
                        {"lastUsedAt",
                         t.last_used_at.empty() ? json(nullptr) : json(t.last_used_at)}});
                 }
                 return JsonResponse(200, {{"items", items}});
               }),
        {}, {"Danh sách mã truy cập / List API tokens", "api-tokens", "", "ApiTokenList"});

  r.Add("POST", "/api/v1/api-tokens",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (!Authorizer::CanManageApiTokens(p)) {
                   return Fail(Error::PermissionDenied(), req);
                 }
                 auto body = JsonBody::Parse(req, {"name", "scopes", "agencyId"});
                 if (!body) {
                   return Fail(body.error(), req);
                 }
                 body->Require({"name", "scopes", "agencyId"});
                 identity::ApiTokenInput in;
                 in.name = body->String("name");
                 in.scopes = body->StringArray("scopes");
                 if (auto id = body->Int("agencyId")) {
                   in.agency_id = AgencyId(*id);
                 }
                 if (auto st = body->Finish(); !st) {
                   return Fail(st.error(), req);
                 }
                 auto tx = ctx.db.Begin();
                 auto issued = ctx.identity.IssueApiToken(tx, ActorOf(p, req), in);
                 if (!issued) {
                   return Fail(issued.error(), req);
                 }
                 if (auto st = tx.Commit(); !st) {
                   return Fail(st.error(), req);
                 }
                 const auto& t = issued->token;
                 return JsonResponse(201, {{"id", t.id.value()},
                                           {"name", t.name},
                                           {"scopes", t.scopes},
                                           {"agencyId", t.agency_id.value()},
                                           {"createdAt", t.created_at},
                                           {"revokedAt", nullptr},
                                           {"lastUsedAt", nullptr},
                                           {"token", issued->secret}});
               }),
        {.body_limit = 16 * 1024},
        {"Cấp mã truy cập / Issue an API token",
         "api-tokens",
         "ApiTokenInput",
         "IssuedApiToken",
         {},
         false,
         "application/json",
         201});

  r.Add("DELETE", "/api/v1/api-tokens/{id}",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (!Authorizer::CanManageApiTokens(p)) {
                   return Fail(Error::PermissionDenied(), req);
                 }
                 auto id = PathId(req);
                 if (!id) {
                   return Fail(id.error(), req);
                 }
                 auto tx = ctx.db.Begin();
                 auto st = ctx.identity.RevokeApiToken(tx, ActorOf(p, req), ApiTokenId(*id));
                 if (!st) {
                   return Fail(st.error(), req);
                 }
                 if (auto c = tx.Commit(); !c) {
                   return Fail(c.error(), req);
                 }
                 return http::Response::NoContent();
               }),
        {.body_limit = 1024},
        {"Thu hồi mã truy cập / Revoke an API token", "api-tokens", "", "", {}, false, "", 204});
}

void RegisterAuditRoutes(http::Router& r, ApiContext& ctx) {
  r.Add(
      "GET", "/api/v1/audit",
      Authed(ctx,
             [&ctx](http::Request& req, const identity::Principal& p) {
               if (!Authorizer::CanReadAudit(p)) {
                 return Fail(Error::PermissionDenied(), req);
               }
               std::vector<FieldError> errors;
               audit::Filter f;
               f.actor = req.Query("actor").value_or("");
               f.action = req.Query("action").value_or("");
               f.entity = req.Query("entity").value_or("");
               f.entity_id = req.Query("entityId").value_or("");
               f.from = req.Query("from").value_or("");
               f.to = req.Query("to").value_or("");
               auto agency = QueryInt(req, "agencyId", 0, 0, 2'000'000'000, errors);
               auto limit = QueryInt(req, "limit", 50, 1, 500, errors);
               auto offset = QueryInt(req, "offset", 0, 0, 2'000'000'000, errors);
               if (!errors.empty()) {
                 return Fail(Error::Invalid(errors), req);
               }
               f.agency_id = AgencyId(*agency);
               f.limit = *limit;
               f.offset = *offset;
               auto tx = ctx.db.BeginRead();
               auto page = ctx.audit.List(tx, f);
               if (!page) {
                 return Fail(page.error(), req);
               }
               json items = json::array();
               for (const auto& e : page->items) {
                 items.push_back(
                     {{"id", e.id.value()},
                      {"seq", e.seq},
                      {"at", e.at},
                      {"actor", e.actor},
                      {"actorId", e.actor_id.IsSet() ? json(e.actor_id.value()) : json(nullptr)},
                      {"agencyId", e.agency_id.IsSet() ? json(e.agency_id.value()) : json(nullptr)},
                      {"action", e.action},
                      {"entity", e.entity},
                      {"entityId", e.entity_id},
                      {"clientAddress", e.client_address},
                      {"requestId", e.request_id},
                      {"clientRequestId",
                       e.client_request_id.empty() ? json(nullptr) : json(e.client_request_id)},
                      {"summary", e.summary},
                      {"hash", e.hash},
                      {"prevHash", e.prev_hash}});
               }
               return JsonResponse(200, {{"items", items}, {"total", page->total}});
             }),
      {},
      {"Nhật ký hệ thống / Audit trail",
       "audit",
       "",
       "AuditPage",
       {"actor", "agencyId", "action", "entity", "entityId", "from", "to", "limit", "offset"}});

  r.Add("GET", "/api/v1/audit/verify",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (!Authorizer::CanReadAudit(p)) {
                   return Fail(Error::PermissionDenied(), req);
                 }
                 auto tx = ctx.db.BeginRead();
                 auto report = ctx.audit.Verify(tx);
                 json body = {{"ok", report.ok}, {"checked", report.checked}};
                 if (!report.ok) {
                   body["firstBrokenId"] = *report.first_broken_id;
                   body["reason"] = report.reason;
                 }
                 return JsonResponse(200, body);
               }),
        {}, {"Kiểm tra chuỗi băm nhật ký / Verify the audit chain", "audit", "", "AuditVerify"});
}

}  // namespace cqdt::api
