// The public service portal (issue 13): what anyone may call without an account. Tracking of a
// dossier by its code and the last 4 digits of the applicant's phone or ID number (item 5; the
// receipt's QR code leads to the page that calls it). The rules are onestop::DossierService's;
// this file translates and limits the attempts per client address.
#include "dossier_json.hpp"
#include "internal.hpp"

namespace cqdt::api {

namespace {

http::Response Track(ApiContext& ctx, http::Request& req) {
  if (ctx.dossiers == nullptr) {
    return Fail(Error::Unavailable("Dịch vụ tra cứu hồ sơ chưa sẵn sàng."), req);
  }
  // Every attempt counts, found or not: a code and four digits cannot be guessed fast.
  if (auto limited =
          LimitPerAddress(ctx, req, "portal.tracking", ctx.options.tracking_requests_per_minute)) {
    return *limited;
  }
  const std::string code = req.Query("code").value_or("");
  const std::string check = req.Query("check").value_or("");
  auto tx = ctx.db.BeginRead();
  auto tracked = ctx.dossiers->Track(tx, code, check);
  if (!tracked) {
    return Fail(tracked.error(), req);
  }
  auto r = JsonResponse(200, TrackedDossierJson(*tracked, req));
  // A citizen's dossier: not for shared caches.
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

}  // namespace

void RegisterPortalRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/portal/tracking", [&ctx](http::Request& req) { return Track(ctx, req); },
        {},
        {"Tra cứu hồ sơ bằng mã và 4 chữ số cuối của số điện thoại hoặc số định danh / Track a "
         "dossier by its code and 4 check digits",
         "portal",
         "",
         "TrackedDossier",
         {"code", "check"},
         true});
}

}  // namespace cqdt::api
