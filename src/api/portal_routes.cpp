// The public service portal (issue 13): what anyone may call without an account. Tracking of a
// dossier by its code and the last 4 digits of the applicant's phone or ID number (item 5; the
// receipt's QR code leads to the page that calls it). The rules are onestop::DossierService's;
// this file translates and limits the attempts per client address.
#include "dossier_json.hpp"
#include "internal.hpp"

namespace cqdt::api {

namespace {

std::string Time(std::int64_t seconds) {
  return seconds == 0 ? "" : ToIsoVietnam(FromUnixSeconds(seconds));
}

json TrackedJson(const onestop::TrackedDossier& t, const http::Request& req) {
  json steps = json::array();
  for (const auto& s : t.steps) {
    steps.push_back({{"ordinal", s.ordinal},
                     {"name", s.name},
                     {"agencyName", s.agency_name},
                     {"startedAt", Time(s.started_at)},
                     {"finishedAt", Time(s.finished_at)}});
  }
  json timeline = json::array();
  for (const auto& e : t.timeline) {
    json line = DossierEventJson(e, req);
    line.erase("actor");
    line.erase("note");
    timeline.push_back(std::move(line));
  }
  json timeliness = nullptr;
  if (t.timeliness) {
    timeliness = {{"name", onestop::TimelinessName(*t.timeliness)},
                  {"label", http::Localized(onestop::TimelinessLabel(*t.timeliness), req)}};
  }
  return {{"code", t.code},
          {"procedure", {{"code", t.procedure_code}, {"name", t.procedure_name}}},
          {"receivingAgencyName", t.receiving_agency_name},
          {"channel", onestop::ChannelName(t.channel)},
          {"state",
           {{"name", onestop::DossierStateName(t.state)},
            {"label", http::Localized(onestop::DossierStateLabel(t.state), req)},
            {"syncCode", onestop::SyncCode(t.state)}}},
          {"receivedAt", Time(t.received_at)},
          {"appointmentAt", Time(t.appointment_at)},
          {"dueAt", Time(t.due_at)},
          {"newAppointmentAt", Time(t.new_appointment_at)},
          {"finishedAt", Time(t.finished_at)},
          {"returnedAt", Time(t.returned_at)},
          {"timeliness", timeliness},
          {"steps", steps},
          {"timeline", timeline}};
}

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
  auto r = JsonResponse(200, TrackedJson(*tracked, req));
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
