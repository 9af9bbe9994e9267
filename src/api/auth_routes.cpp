#include "internal.hpp"

namespace cqdt::api {
namespace {

std::string SessionCookie(const ApiContext& ctx, const http::Request& req,
                          const std::string& token) {
  std::string c = std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax";
  if (ctx.options.cookie_secure || req.secure) {
    c += "; Secure";
  }
  return c;
}

std::string ClearCookie() {
  return std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax";
}

std::string AgencyName(ApiContext& ctx, AgencyId id) {
  if (!id.IsSet()) {
    return "";
  }
  auto tx = ctx.db.BeginRead();
  auto a = ctx.agencies.Lookup(tx, id);
  return a ? a->name : "";
}

json SessionJson(ApiContext& ctx, const identity::Principal& p) {
  return {{"user", MeJson(p, AgencyName(ctx, p.agency_id))}, {"csrfToken", p.csrf_token}};
}

}  // namespace

void RegisterAuthRoutes(http::Router& r, ApiContext& ctx) {
  r.Add(
      "POST", "/api/v1/auth/login",
      [&ctx](http::Request& req) {
        if (auto refused = GuardAnonymous(ctx, req)) {
          return *refused;
        }
        auto body = JsonBody::Parse(req, {"username", "password", "realm"});
        if (!body) {
          return Fail(body.error(), req);
        }
        body->Require({"username", "password"});
        auto username = body->String("username");
        auto password = body->String("password");
        auto realm_name = body->String("realm").value_or("staff");
        if (auto st = body->Finish(); !st) {
          return Fail(st.error(), req);
        }
        identity::LoginRequest login;
        if (realm_name == "staff") {
          login.realm = identity::Realm::kStaff;
        } else if (realm_name == "citizen") {
          login.realm = identity::Realm::kCitizen;
        } else {
          return Fail(Error::InvalidField("realm", "enum",
                                          "Trường 'realm' phải là 'staff' hoặc 'citizen'."),
                      req);
        }
        login.username = *username;
        login.password = *password;
        login.client_address = req.client_address;
        login.user_agent = req.headers.Get("User-Agent").value_or("");
        login.request_id = req.request_id;
        login.client_request_id = req.client_request_id;
        login.previous_token = req.Cookie(kSessionCookie).value_or("");
        auto result = ctx.identity.Login(login);
        if (!result) {
          auto res = Fail(result.error(), req);
          if (result.error().code() == ErrorCode::kRateLimited) {
            res.headers.Set("Retry-After", std::to_string(ctx.identity.RetryAfter(login).count()));
          }
          return res;
        }
        auto res = JsonResponse(200, SessionJson(ctx, result->principal));
        res.headers.Add("Set-Cookie", SessionCookie(ctx, req, result->token));
        return res;
      },
      {.body_limit = 16 * 1024}, {"Đăng nhập / Log in", "auth", "LoginInput", "Session", {}, true});

  r.Add("POST", "/api/v1/auth/logout",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (p.via_api_token) {
                   return Fail(
                       Error::FailedPrecondition("Mã truy cập không có phiên để đăng xuất."), req);
                 }
                 auto st =
                     ctx.identity.Logout(req.Cookie(kSessionCookie).value_or(""), ActorOf(p, req));
                 if (!st) {
                   return Fail(st.error(), req);
                 }
                 auto res = http::Response::NoContent();
                 res.headers.Add("Set-Cookie", ClearCookie());
                 return res;
               }),
        {.body_limit = 1024}, {"Đăng xuất / Log out", "auth", "", "", {}, false, "", 204});

  r.Add("POST", "/api/v1/auth/logout-all",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (p.via_api_token) {
                   return Fail(
                       Error::FailedPrecondition("Mã truy cập không có phiên để đăng xuất."), req);
                 }
                 auto st = ctx.identity.LogoutEverywhere(p, ActorOf(p, req));
                 if (!st) {
                   return Fail(st.error(), req);
                 }
                 auto res = http::Response::NoContent();
                 res.headers.Add("Set-Cookie", ClearCookie());
                 return res;
               }),
        {.body_limit = 1024},
        {"Đăng xuất khỏi mọi thiết bị / Log out everywhere", "auth", "", "", {}, false, "", 204});

  r.Add("GET", "/api/v1/auth/session",
        Authed(ctx,
               [&ctx](http::Request&, const identity::Principal& p) {
                 return JsonResponse(200, SessionJson(ctx, p));
               }),
        {.fast_path = AuthedFast(
             ctx,
             [&ctx](http::Request&, const identity::Principal& p) -> std::optional<http::Response> {
               std::string name;
               if (p.agency_id.IsSet()) {
                 auto a = ctx.agencies.TryLookupCached(p.agency_id);
                 if (!a) {
                   return std::nullopt;
                 }
                 name = a->name;
               }
               return JsonResponse(200, {{"user", MeJson(p, name)}, {"csrfToken", p.csrf_token}});
             })},
        {"Phiên hiện tại / Current session", "auth", "", "Session"});

  r.Add("POST", "/api/v1/auth/change-password",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 auto body = JsonBody::Parse(req, {"currentPassword", "newPassword"});
                 if (!body) {
                   return Fail(body.error(), req);
                 }
                 body->Require({"currentPassword", "newPassword"});
                 auto current = body->String("currentPassword");
                 auto next = body->String("newPassword");
                 if (auto st = body->Finish(); !st) {
                   return Fail(st.error(), req);
                 }
                 auto st = ctx.identity.ChangePassword(p, ActorOf(p, req), *current, *next);
                 return st ? http::Response::NoContent() : Fail(st.error(), req);
               }),
        {.body_limit = 16 * 1024},
        {"Đổi mật khẩu / Change password",
         "auth",
         "ChangePasswordInput",
         "",
         {},
         false,
         "application/json",
         204});

  r.Add("POST", "/api/v1/citizens",
        [&ctx](http::Request& req) {
          if (auto refused = GuardAnonymous(ctx, req)) {
            return *refused;
          }
          auto body =
              JsonBody::Parse(req, {"fullName", "citizenIdNumber", "phone", "email", "password"});
          if (!body) {
            return Fail(body.error(), req);
          }
          identity::CitizenInput in;
          in.full_name = body->String("fullName");
          in.citizen_id_number = body->String("citizenIdNumber");
          in.phone = body->String("phone");
          in.email = body->String("email");
          in.password = body->String("password");
          if (auto st = body->Finish(); !st) {
            return Fail(st.error(), req);
          }
          auto c = ctx.identity.SignUpCitizen(AnonymousActor(req), in);
          if (!c) {
            return Fail(c.error(), req);
          }
          identity::Principal p;
          p.realm = identity::Realm::kCitizen;
          p.subject_id = c->id.value();
          p.username = c->citizen_id_number;
          p.full_name = c->full_name;
          p.roles = {identity::Role::kCitizen};
          return JsonResponse(201, MeJson(p, ""));
        },
        {.body_limit = 16 * 1024},
        {"Công dân đăng ký tài khoản / Citizen sign-up",
         "citizens",
         "CitizenSignUpInput",
         "Me",
         {},
         true,
         "application/json",
         201});
}

}  // namespace cqdt::api
