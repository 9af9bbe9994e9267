#include "internal.hpp"

namespace cqdt::api {

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
        [&ctx](http::Request&) {
          auto res = http::Response::Text(200, ctx.metrics.Render(),
                                          "text/plain; version=0.0.4; charset=utf-8");
          res.headers.Set("Cache-Control", "no-store");
          return res;
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
