#include "internal.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "core/text.hpp"
#include "crypto/crypto.hpp"

namespace cqdt::api {

http::Response JsonResponse(int status, const json& body) {
  // No Cache-Control here: the server sends no-store on every response that sets none.
  return http::Response::Json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

http::Response Fail(const Error& error, const http::Request& req) {
  return http::Problem(error, req);
}

audit::Actor ActorOf(const identity::Principal& p, const http::Request& req) {
  return {p.user_id(),        p.username,     p.agency_id,
          req.client_address, req.request_id, req.client_request_id};
}

audit::Actor AnonymousActor(const http::Request& req, const std::string& name) {
  return {UserId(), name, AgencyId(), req.client_address, req.request_id, req.client_request_id};
}

namespace {

bool IsUnsafe(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// At most `per_minute` requests per client address in any 60 seconds (a sliding window). A
// window fixed to the clock's minutes let a client make twice the limit across a minute's end,
// and reset a count in the middle of a burst.
class AddressLimiter {
 public:
  bool Allow(const std::string& address, int per_minute, TimePoint now) {
    std::lock_guard lock(mu_);
    const TimePoint horizon = now - std::chrono::seconds(60);
    // Addresses gone quiet are forgotten now and then, so the map does not grow without end.
    if (++calls_ % 4096 == 0) {
      std::erase_if(recent_, [&](const auto& entry) {
        return entry.second.empty() || entry.second.back() <= horizon;
      });
    }
    std::deque<TimePoint>& times = recent_[address];
    while (!times.empty() && times.front() <= horizon) {
      times.pop_front();
    }
    if (std::cmp_greater_equal(times.size(), per_minute)) {
      return false;
    }
    times.push_back(now);
    return true;
  }

 private:
  std::mutex mu_;
  std::uint64_t calls_ = 0;
  std::unordered_map<std::string, std::deque<TimePoint>> recent_;
};

AddressLimiter& Limiter() {
  static AddressLimiter limiter;
  return limiter;
}

// The per-address limits that stay per instance when several instances share a database
// (ctx.shared_rates): they protect this process's own CPU (a password-strength check, a
// verification, a Decision 766 computation) or answer on an I/O thread (oidc.status), so N
// instances may serve N times the limit, as N times the capacity. Every other bucket is against
// guessing or abuse (tracking codes, sign-ups, feedback, the sign-in flow, e-forms, anonymous
// requests) and counts in the shared store. Decision 0025.
bool IsPerInstance(const std::string& bucket) {
  return bucket == "password-check" || bucket == "signatures.verify" ||
         bucket == "portal.index766" || bucket == "oidc.status";
}

// True when `address` may make one more request of `bucket`; counts it.
bool AllowRequest(ApiContext& ctx, AddressLimiter& local, const std::string& bucket,
                  const std::string& address, int per_minute) {
  if (ctx.shared_rates != nullptr && !IsPerInstance(bucket)) {
    return ctx.shared_rates->Allow(bucket + "@" + address, per_minute, ctx.clock.Now());
  }
  return local.Allow(address, per_minute, ctx.clock.Now());
}

}  // namespace

http::Response PasswordChangeRequired(const http::Request& req) {
  return http::Problem(Error::PermissionDenied("Mật khẩu của bạn do quản trị viên đặt. Vui lòng "
                                               "đổi mật khẩu trước khi tiếp tục."),
                       req, "password-change-required", "Cần đổi mật khẩu");
}

http::Handler Authed(ApiContext& ctx, AuthedHandler handler, AuthedOptions options) {
  return [&ctx, handler = std::move(handler), options](http::Request& req) -> http::Response {
    Result<identity::Principal> principal = Error::Unauthenticated();
    bool via_cookie = false;
    if (auto auth = req.headers.Get("Authorization")) {
      if (auth->rfind("Bearer ", 0) != 0) {
        return Fail(Error::Unauthenticated("Tiêu đề Authorization phải có dạng 'Bearer <mã>'."),
                    req);
      }
      principal = ctx.identity.AuthenticateApiToken(auth->substr(7));
    } else if (auto cookie = req.Cookie(kSessionCookie)) {
      principal = ctx.identity.Authenticate(*cookie);
      via_cookie = true;
    }
    if (!principal) {
      auto r = Fail(principal.error(), req);
      if (via_cookie) {  // the browser should forget a dead session
        r.headers.Add("Set-Cookie",
                      std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
      }
      return r;
    }
    // CSRF: a cookie rides along on cross-site requests, a custom header cannot be set by
    // another origin without CORS, which cqdt never grants.
    if (via_cookie && IsUnsafe(req.method)) {
      auto token = req.headers.Get("X-CSRF-Token").value_or("");
      if (token.empty() || !crypto::ConstantTimeEquals(token, principal->csrf_token)) {
        return Fail(Error::PermissionDenied(
                        "Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token). Vui lòng tải lại "
                        "trang."),
                    req);
      }
    }
    // Enforced here, for every route, not only by the web app's redirect: a session opened with
    // a password an administrator chose may not act until its holder has chosen their own.
    if (principal->password_change_required && !options.while_password_change_required) {
      return PasswordChangeRequired(req);
    }
    return handler(req, *principal);
  };
}

http::FastPath AuthedFast(ApiContext& ctx, AuthedFastHandler handler, AuthedOptions options) {
  return [&ctx, handler = std::move(handler),
          options](http::Request& req) -> std::optional<http::Response> {
    if (IsUnsafe(req.method) || req.headers.Has("Authorization")) {
      return std::nullopt;
    }
    auto cookie = req.Cookie(kSessionCookie);
    if (!cookie) {
      return std::nullopt;
    }
    auto principal = ctx.identity.AuthenticateCached(*cookie);
    if (!principal) {
      return std::nullopt;
    }
    if (principal->password_change_required && !options.while_password_change_required) {
      return PasswordChangeRequired(req);
    }
    return handler(req, *principal);
  };
}

std::optional<http::Response> RefuseCrossSite(const http::Request& req) {
  if (auto site = req.headers.Get("Sec-Fetch-Site"); site && *site == "cross-site") {
    return Fail(Error::PermissionDenied("Yêu cầu từ trang web khác bị từ chối."), req);
  }
  // "Origin: null" (sandboxed frames, file: pages) is foreign too.
  if (auto origin = req.headers.Get("Origin")) {
    auto host = req.headers.Get("Host").value_or("");
    std::string expected_http = "http://" + host;
    std::string expected_https = "https://" + host;
    if (*origin != expected_http && *origin != expected_https) {
      return Fail(Error::PermissionDenied("Yêu cầu từ trang web khác bị từ chối."), req);
    }
  }
  return std::nullopt;
}

std::optional<http::Response> GuardAnonymous(ApiContext& ctx, const http::Request& req) {
  if (auto refused = RefuseCrossSite(req)) {
    return refused;
  }
  if (!AllowRequest(ctx, Limiter(), "anonymous", req.client_address,
                    ctx.options.anonymous_requests_per_minute)) {
    auto r = Fail(Error::RateLimited("Quá nhiều yêu cầu từ địa chỉ của bạn. Vui lòng thử lại sau "
                                     "một phút."),
                  req);
    r.headers.Set("Retry-After", "60");
    return r;
  }
  return std::nullopt;
}

std::optional<http::Response> LimitPerAddress(ApiContext& ctx, const http::Request& req,
                                              const std::string& bucket, int per_minute) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<AddressLimiter>> limiters;
  AddressLimiter* limiter = nullptr;
  {
    std::lock_guard lock(mu);
    auto& slot = limiters[bucket];
    if (!slot) {
      slot = std::make_unique<AddressLimiter>();
    }
    limiter = slot.get();
  }
  if (AllowRequest(ctx, *limiter, bucket, req.client_address, per_minute)) {
    return std::nullopt;
  }
  auto r = Fail(Error::RateLimited("Quá nhiều yêu cầu từ địa chỉ của bạn. Vui lòng thử lại sau "
                                   "một phút."),
                req);
  r.headers.Set("Retry-After", "60");
  return r;
}

std::string ReadUpload(const http::Request& req) {
  if (req.body_file.empty()) {
    return req.body;
  }
  std::ifstream in(req.body_file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string& Today(ApiContext& ctx) {
  struct Cached {
    const ApiContext* ctx = nullptr;
    std::int64_t minute = -1;
    std::string today;
  };
  thread_local Cached cached;
  const std::int64_t minute = ToUnixSeconds(ctx.clock.Now()) / 60;
  if (cached.ctx != &ctx || cached.minute != minute) {
    cached = {&ctx, minute, ctx.agencies.Today()};
  }
  return cached.today;
}

}  // namespace cqdt::api
