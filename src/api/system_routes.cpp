#include "crypto/crypto.hpp"
#include "internal.hpp"

namespace cqdt::api {
namespace {

// `address` is Request::client_address, as the server wrote it (Asio's canonical text).
bool IsLoopbackAddress(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address.rfind("::ffff:127.", 0) == 0;
}

// Untrusted input: who asks for /metrics. The counters reveal the routes in use and the load,
// so by default only a scraper on this machine may read them. A request that came through a
// reverse proxy also arrives from loopback, so any forwarding header disqualifies it.
std::optional<http::Response> RefuseMetrics(const ApiOptions& options, const http::Request& req) {
  switch (options.metrics_access) {
    case MetricsAccess::kPublic:
      return std::nullopt;
    case MetricsAccess::kLoopback: {
      const bool forwarded = req.headers.Has("X-Forwarded-For") || req.headers.Has("Forwarded") ||
                             req.headers.Has("X-Real-IP");
      if (IsLoopbackAddress(req.client_address) && !forwarded) {
        return std::nullopt;
      }
      return Fail(Error::PermissionDenied("Số liệu vận hành (/metrics) chỉ đọc được từ chính máy "
                                          "chủ, không qua proxy."),
                  req);
    }
    case MetricsAccess::kToken: {
      const std::string auth = req.headers.Get("Authorization").value_or("");
      if (!options.metrics_token.empty() && auth.rfind("Bearer ", 0) == 0 &&
          crypto::ConstantTimeEquals(auth.substr(7), options.metrics_token)) {
        return std::nullopt;
      }
      return Fail(Error::PermissionDenied("Cần mã truy cập số liệu hợp lệ (tiêu đề Authorization: "
                                          "Bearer <mã>) để đọc /metrics."),
                  req);
    }
  }
  return Fail(Error::PermissionDenied(), req);
}

}  // namespace

void RegisterSystemRoutes(http::Router& r, ApiContext& ctx) {
  // Liveness: no database access, answered on the I/O thread.
  r.Add("GET", "/healthz",
        [](http::Request&) { return http::Response::Json(200, R"({"status":"ok"})"); },
        {.blocking = false}, {"Kiểm tra sống / Liveness", "system", "", "Health", {}, true});
  r.Add("GET", "/readyz",
        [&ctx](http::Request&) {
          bool db_ok = ctx.db.Ping();
          bool migrations_ok = db_ok && ctx.migrations_current && ctx.migrations_current();
          json body = {{"status", db_ok && migrations_ok ? "ready" : "not-ready"},
                       {"database", db_ok},
                       {"migrations", migrations_ok}};
          return JsonResponse(db_ok && migrations_ok ? 200 : 503, body);
        },
        {}, {"Kiểm tra sẵn sàng / Readiness", "system", "", "Health", {}, true});
  r.Add("GET", "/metrics",
        [&ctx](http::Request& req) {
          if (auto refused = RefuseMetrics(ctx.options, req)) {
            return std::move(*refused);
          }
          return http::Response::Text(200, ctx.metrics.Render(),
                                      "text/plain; version=0.0.4; charset=utf-8");
        },
        {.blocking = false}, {"Số liệu Prometheus / Metrics", "system", "", "", {}, true});
  r.Add("GET", "/api/openapi.json",
        [&r, &ctx](http::Request&) {
          auto res = http::Response::Json(200, OpenApiDocument(r, ctx.options.version));
          res.headers.Set("Cache-Control", "no-cache");
          return res;
        },
        {.blocking = false}, {"Tài liệu OpenAPI / OpenAPI document", "system", "", "", {}, true});
}

}  // namespace cqdt::api
