// Sign-in to the public portal through an OpenID Connect provider (VNeID; issue 13, item 2;
// decision 0018): whether it is on, the start that sends the browser to the provider, and the
// callback the provider sends it back to. The flow and every check are oidc's; this file turns
// them into redirects and cookies.
//
// A browser navigating (Accept names text/html) is answered with redirects: to the provider, to
// the page it came from, or, when a sign-in is refused, to the citizen sign-in page with the
// refusal's code (`?loi=state`), which the page puts in words. Other callers get problem+json.
#include "internal.hpp"
#include "oidc/sign_in.hpp"

namespace cqdt::api {
namespace {

constexpr const char kBindingCookie[] = "cqdt_oidc";
constexpr const char kCookiePath[] = "/api/v1/auth/oidc";
constexpr const char kSignInPage[] = "/portal/sign-in";
constexpr const char kFlowBucket[] = "oidc";

bool IsNavigation(const http::Request& req) {
  return req.headers.Get("Accept").value_or("").find("text/html") != std::string::npos;
}

http::Response Redirect(const std::string& location) {
  http::Response r;
  r.status = 302;
  r.headers.Set("Location", location);
  return r;
}

std::string BindingCookie(const ApiContext& ctx, const http::Request& req, const std::string& value,
                          std::int64_t max_age) {
  // SameSite=Lax: the provider's redirect back is a cross-site top-level GET, which Lax allows.
  // The path keeps the cookie to these routes.
  std::string c = std::string(kBindingCookie) + "=" + value + "; Path=" + kCookiePath +
                  "; Max-Age=" + std::to_string(max_age) + "; HttpOnly; SameSite=Lax";
  if (ctx.options.cookie_secure || req.secure) {
    c += "; Secure";
  }
  return c;
}

// A refused start or callback: the sign-in page with the code, or problem+json. The binding
// cookie is cleared either way: a refused flow is over.
http::Response Refused(const ApiContext& ctx, const http::Request& req, const Error& error) {
  http::Response r = IsNavigation(req)
                         ? Redirect(std::string(kSignInPage) + "?loi=" + oidc::RefusalOf(error))
                         : Fail(error, req);
  r.headers.Add("Set-Cookie", BindingCookie(ctx, req, "", 0));
  return r;
}

// The per-address limit and the bound on sign-ins waiting for the provider: a slow provider must
// not hold every worker (logins and /readyz need one).
std::optional<http::Response> Admit(ApiContext& ctx, const http::Request& req, InFlightSlot& slot) {
  auto refused = LimitPerAddress(ctx, req, kFlowBucket, ctx.options.oidc_requests_per_minute);
  if (!refused) {
    refused = AdmitInFlight(
        req, kFlowBucket,
        {.per_address = 2, .total = ctx.options.oidc_concurrent, .retry_after_seconds = 5}, slot);
  }
  if (refused && IsNavigation(req)) {
    return Redirect(std::string(kSignInPage) + "?loi=rate");
  }
  return refused;
}

Error Disabled() {
  const std::string message = "Đăng nhập qua định danh điện tử chưa được bật.";
  return Error(ErrorCode::kNotFound, message, {{"oidc", oidc::refusal::kUnavailable, message}});
}

http::Response Status(ApiContext& ctx, http::Request& req) {
  if (auto refused =
          LimitPerAddress(ctx, req, "oidc.status", 4 * ctx.options.oidc_requests_per_minute)) {
    return *refused;
  }
  const bool on = ctx.oidc != nullptr;
  auto r = JsonResponse(200, {{"enabled", on},
                              {"providerName", on ? ctx.oidc->options().provider_name : ""},
                              {"startUrl", on ? "/api/v1/auth/oidc/start" : ""}});
  return r;
}

http::Response Start(ApiContext& ctx, http::Request& req) {
  InFlightSlot slot;
  if (auto refused = Admit(ctx, req, slot)) {
    return *refused;
  }
  if (ctx.oidc == nullptr) {
    return Refused(ctx, req, Disabled());
  }
  auto started = ctx.oidc->Start(req.Query("returnTo").value_or("/portal"));
  if (!started) {
    return Refused(ctx, req, started.error());
  }
  http::Response r = Redirect(started->authorization_url);
  r.headers.Add("Set-Cookie", BindingCookie(ctx, req, started->browser_binding,
                                            ctx.oidc->options().flow_ttl.count()));
  return r;
}

http::Response Callback(ApiContext& ctx, http::Request& req) {
  InFlightSlot slot;
  if (auto refused = Admit(ctx, req, slot)) {
    return *refused;
  }
  if (ctx.oidc == nullptr) {
    return Refused(ctx, req, Disabled());
  }
  oidc::Callback cb;
  cb.state = req.Query("state").value_or("");
  cb.code = req.Query("code").value_or("");
  cb.error = req.Query("error").value_or("");
  cb.issuer = req.Query("iss").value_or("");
  cb.browser_binding = req.Cookie(kBindingCookie).value_or("");
  cb.client_address = req.client_address;
  cb.user_agent = req.headers.Get("User-Agent").value_or("");
  cb.request_id = req.request_id;
  cb.client_request_id = req.client_request_id;
  cb.previous_session = req.Cookie(kSessionCookie).value_or("");
  auto finished = ctx.oidc->Finish(cb);
  if (!finished) {
    return Refused(ctx, req, finished.error());
  }
  http::Response r = Redirect(finished->return_to);
  r.headers.Add("Set-Cookie", SessionCookie(ctx, req, finished->session.login.token));
  r.headers.Add("Set-Cookie", BindingCookie(ctx, req, "", 0));
  return r;
}

}  // namespace

void RegisterOidcRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/auth/oidc", [&ctx](http::Request& req) { return Status(ctx, req); },
        {.blocking = false},
        {"Đăng nhập qua định danh điện tử: có bật không / Is sign-in with the electronic "
         "identity (VNeID) on",
         "auth",
         "",
         "OidcStatus",
         {},
         true});
  r.Add("GET", "/api/v1/auth/oidc/start", [&ctx](http::Request& req) { return Start(ctx, req); },
        {},
        {"Bắt đầu đăng nhập qua định danh điện tử (chuyển tới nhà cung cấp) / Start signing in "
         "with the electronic identity (redirect to the provider)",
         "auth",
         "",
         "",
         {"returnTo"},
         true,
         "application/json",
         302});
  r.Add("GET", "/api/v1/auth/oidc/callback",
        [&ctx](http::Request& req) { return Callback(ctx, req); }, {},
        {"Nhà cung cấp định danh chuyển về (mở phiên công dân) / The identity provider's "
         "redirect back (opens a citizen session)",
         "auth",
         "",
         "",
         {"code", "state", "error", "iss"},
         true,
         "application/json",
         302});
}

void AddOidcSchemas(json& schemas) {
  schemas["OidcStatus"] = {{"type", "object"},
                           {"properties",
                            {{"enabled", {{"type", "boolean"}}},
                             {"providerName", {{"type", "string"}}},
                             {"startUrl", {{"type", "string"}}}}},
                           {"required", {"enabled", "providerName", "startUrl"}}};
}

}  // namespace cqdt::api
