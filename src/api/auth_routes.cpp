#include "internal.hpp"

namespace cqdt::api {

std::string SessionCookie(const ApiContext& ctx, const http::Request& req,
                          const std::string& token) {
  std::string c = std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax";
  if (ctx.options.cookie_secure || req.secure) {
    c += "; Secure";
  }
  return c;
}

namespace {

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

// The session answer: the user, the CSRF token, and what the pages must know of this instance.
json SessionJson(ApiContext& ctx, const identity::Principal& p, const std::string& agency_name) {
  return {{"user", MeJson(p, agency_name)},
          {"csrfToken", p.csrf_token},
          {"confidentialFiles", ctx.options.documents_confidential_files},
          {"mail", ctx.mail_worker != nullptr}};
}

json SessionJson(ApiContext& ctx, const identity::Principal& p) {
  return SessionJson(ctx, p, AgencyName(ctx, p.agency_id));
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
               },
               {.while_password_change_required = true}),
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
               },
               {.while_password_change_required = true}),
        {.body_limit = 1024},
        {"Đăng xuất khỏi mọi thiết bị / Log out everywhere", "auth", "", "", {}, false, "", 204});

  r.Add("GET", "/api/v1/auth/session",
        Authed(ctx,
               [&ctx](http::Request&, const identity::Principal& p) {
                 return JsonResponse(200, SessionJson(ctx, p));
               },
               {.while_password_change_required = true}),
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
               return JsonResponse(200, SessionJson(ctx, p, name));
             },
             {.while_password_change_required = true})},
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
                 identity::PasswordChange change{*current, *next,
                                                 req.Cookie(kSessionCookie).value_or("")};
                 auto st = ctx.identity.ChangePassword(p, ActorOf(p, req), change);
                 if (!st) {
                   auto res = Fail(st.error(), req);
                   if (st.error().code() == ErrorCode::kRateLimited) {
                     res.headers.Set("Retry-After",
                                     std::to_string(ctx.identity.PasswordRetryAfter(p).count()));
                   }
                   return res;
                 }
                 return http::Response::NoContent();
               },
               {.while_password_change_required = true}),
        {.body_limit = 16 * 1024},
        {"Đổi mật khẩu / Change password",
         "auth",
         "ChangePasswordInput",
         "",
         {},
         false,
         "application/json",
         204});

  // The password policy as a service, so that forms show the server's own verdict (zxcvbn and
  // its dictionaries live only here) before they are submitted. Anonymous, for the sign-up
  // form; it reveals nothing about any account and changes nothing.
  r.Add("POST", "/api/v1/password-checks",
        [&ctx](http::Request& req) {
          if (auto refused = LimitPerAddress(ctx, req, "password-check",
                                             ctx.options.password_checks_per_minute)) {
            return *refused;
          }
          auto body = JsonBody::Parse(req, {"password", "username", "realm"});
          if (!body) {
            return Fail(body.error(), req);
          }
          body->Require({"password"});
          auto password = body->String("password");
          auto username = body->String("username").value_or("");
          auto realm_name = body->String("realm").value_or("staff");
          if (auto st = body->Finish(); !st) {
            return Fail(st.error(), req);
          }
          if (realm_name != "staff" && realm_name != "citizen") {
            return Fail(Error::InvalidField("realm", "enum",
                                            "Trường 'realm' phải là 'staff' hoặc 'citizen'."),
                        req);
          }
          // Bounded before zxcvbn reads it (the body limit is 16 KiB; the policy allows 128
          // characters, so 4 KiB of UTF-8 is more than any acceptable password).
          if (password->size() > 4096 || username.size() > 256) {
            return Fail(
                Error::InvalidField("password", "too_long",
                                    "Mật khẩu không được dài quá " +
                                        std::to_string(identity::kPasswordMaxLength) + " ký tự."),
                req);
          }
          auto realm =
              realm_name == "citizen" ? identity::Realm::kCitizen : identity::Realm::kStaff;
          json errors = json::array();
          for (const auto& e :
               identity::CheckPasswordPolicy(*password, username, "password", realm)) {
            errors.push_back({{"field", e.field}, {"code", e.code}, {"message", e.message}});
          }
          return JsonResponse(200, {{"acceptable", errors.empty()},
                                    {"minLength", identity::kPasswordMinLength},
                                    {"maxLength", identity::kPasswordMaxLength},
                                    {"errors", errors}});
        },
        {.body_limit = 16 * 1024},
        {"Kiểm tra mật khẩu theo chính sách / Check a password against the policy",
         "auth",
         "PasswordCheckInput",
         "PasswordCheck",
         {},
         true});

  r.Add("POST", "/api/v1/citizens",
        [&ctx](http::Request& req) {
          if (auto refused = GuardAnonymous(ctx, req)) {
            return *refused;
          }
          // On top of the anonymous limit: each sign-up hashes a password and may create an
          // account, and without ownership checks (decision 0004) mass sign-ups are the abuse.
          if (auto refused = LimitPerAddress(ctx, req, "citizen-sign-up",
                                             ctx.options.sign_up_requests_per_minute)) {
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
          auto outcome = ctx.identity.SignUpCitizen(AnonymousActor(req), in);
          if (!outcome) {
            return Fail(outcome.error(), req);
          }
          // The same answer whether the number was free or already had an account: a different
          // one (the 409 of old) told anyone which citizen ID numbers are registered.
          return JsonResponse(
              202, {{"message",
                     http::Localized(
                         "Đã nhận yêu cầu đăng ký. Nếu số định danh cá nhân này chưa có tài khoản, "
                         "tài khoản đã được tạo: hãy đăng nhập bằng số định danh và mật khẩu vừa "
                         "đặt. Nếu không đăng nhập được, số này có thể đã được đăng ký trước: hãy "
                         "liên hệ bộ phận một cửa (mang theo thẻ căn cước).",
                         req)}});
        },
        {.body_limit = 16 * 1024},
        {"Công dân đăng ký tài khoản / Citizen sign-up",
         "citizens",
         "CitizenSignUpInput",
         "SignUpAccepted",
         {},
         true,
         "application/json",
         202});
}

}  // namespace cqdt::api
