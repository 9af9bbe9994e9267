// The public service portal (issue 13): what anyone may call without an account. Tracking of a
// dossier by its code and the last 4 digits of the applicant's phone or ID number (item 5; the
// receipt's QR code leads to the page that calls it), and the life events the catalogue is
// browsed by (item 1; administrators replace the list). The rules are onestop's; this file
// translates and limits the tracking attempts per client address.
#include <memory>

#include "dossier_json.hpp"
#include "internal.hpp"
#include "tracking_cache.hpp"

namespace cqdt::api {

namespace {

http::Response TrackingAnswer(std::string body) {
  auto r = http::Response::Json(200, std::move(body));
  // A citizen's dossier: not for shared caches.
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

http::Response Track(ApiContext& ctx, TrackingCache& cache, http::Request& req) {
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
  const std::string language = http::LanguageOf(req) == Language::kEnglish ? "en" : "vi";
  // The count first, then the data: an answer is never older than the count it is kept with.
  const std::uint64_t writes = ctx.db.CommittedWrites();
  if (auto kept = cache.Find(code, language, check, writes, TrackingCache::Clock::now())) {
    return TrackingAnswer(std::move(*kept));
  }
  auto tx = ctx.db.BeginRead();
  auto tracked = ctx.dossiers->Track(tx, code, check);
  if (!tracked) {
    return Fail(tracked.error(), req);
  }
  json body = TrackedDossierJson(*tracked, req);
  body["payment"] = DossierPaymentJson(ctx, tx, tracked->receiving_agency, tracked->code,
                                       tracked->fee, tracked->fee_paid);
  std::string text = body.dump(-1, ' ', false, json::error_handler_t::replace);
  cache.Store(code, language, tracked->check_values, writes, TrackingCache::Clock::now(), text);
  return TrackingAnswer(std::move(text));
}

json LifeEventJson(const onestop::LifeEvent& e, const http::Request& req) {
  json procedures = json::array();
  for (const auto& code : e.procedures) {
    procedures.push_back(code);
  }
  const bool english = http::LanguageOf(req) == Language::kEnglish && !e.name_en.empty();
  return {{"code", e.code},
          {"name", e.name},
          {"nameEn", e.name_en},
          {"label", english ? e.name_en : e.name},
          {"procedures", std::move(procedures)}};
}

http::Response LifeEvents(ApiContext& ctx, http::Request& req) {
  if (ctx.catalogue == nullptr) {
    return Fail(Error::Unavailable("Danh mục thủ tục hành chính chưa sẵn sàng."), req);
  }
  auto tx = ctx.db.BeginRead();
  auto events = ctx.catalogue->LifeEvents(tx);
  if (!events) {
    return Fail(events.error(), req);
  }
  json items = json::array();
  for (const auto& e : *events) {
    items.push_back(LifeEventJson(e, req));
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

// One string of a life event's JSON, or an error naming the path.
std::optional<FieldError> ReadString(const json& v, const char* key, const std::string& at,
                                     bool required, std::string& out) {
  if (!v.contains(key) || v[key].is_null()) {
    if (required) {
      return FieldError{at + "." + key, "required", "Trường '" + at + "." + key + "' là bắt buộc."};
    }
    return std::nullopt;
  }
  if (!v[key].is_string()) {
    return FieldError{at + "." + key, "type", "Trường '" + at + "." + key + "' phải là chuỗi."};
  }
  out = v[key].get<std::string>();
  return std::nullopt;
}

http::Response SetLifeEvents(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.catalogue == nullptr) {
    return Fail(Error::Unavailable("Danh mục thủ tục hành chính chưa sẵn sàng."), req);
  }
  auto body = JsonBody::Parse(req, {"lifeEvents"});
  if (!body) {
    return Fail(body.error(), req);
  }
  const json& v = body->value();
  if (!v.contains("lifeEvents") || !v["lifeEvents"].is_array()) {
    return Fail(Error::InvalidField("lifeEvents", "type",
                                    "Trường 'lifeEvents' phải là danh sách sự kiện đời sống."),
                req);
  }
  std::vector<onestop::LifeEvent> events;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < v["lifeEvents"].size(); ++i) {
    const json& e = v["lifeEvents"][i];
    const std::string at = "lifeEvents[" + std::to_string(i) + "]";
    if (!e.is_object()) {
      errors.push_back({at, "type", "Mỗi sự kiện đời sống phải là một đối tượng JSON."});
      continue;
    }
    for (const auto& [key, unused] : e.items()) {
      if (key != "code" && key != "name" && key != "nameEn" && key != "procedures") {
        errors.push_back(
            {at + "." + key, "unknown", "Trường '" + at + "." + key + "' không được hỗ trợ."});
      }
    }
    onestop::LifeEvent event;
    for (auto error :
         {ReadString(e, "code", at, true, event.code), ReadString(e, "name", at, true, event.name),
          ReadString(e, "nameEn", at, false, event.name_en)}) {
      if (error) {
        errors.push_back(std::move(*error));
      }
    }
    if (e.contains("procedures")) {
      const json& list = e["procedures"];
      if (!list.is_array()) {
        errors.push_back({at + ".procedures", "type",
                          "Trường '" + at + ".procedures' phải là danh sách mã thủ tục."});
      } else {
        for (std::size_t j = 0; j < list.size(); ++j) {
          if (!list[j].is_string()) {
            errors.push_back({at + ".procedures[" + std::to_string(j) + "]", "type",
                              "Mỗi mã thủ tục phải là chuỗi."});
          } else {
            event.procedures.push_back(list[j].get<std::string>());
          }
        }
      }
    }
    events.push_back(std::move(event));
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.Begin();
  if (auto st = ctx.catalogue->SetLifeEvents(tx, p, ActorOf(p, req), std::move(events)); !st) {
    return Fail(st.error(), req);
  }
  auto now = ctx.catalogue->LifeEvents(tx);
  if (!now) {
    return Fail(now.error(), req);
  }
  json items = json::array();
  for (const auto& e : *now) {
    items.push_back(LifeEventJson(e, req));
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

}  // namespace

void RegisterPortalRoutes(http::Router& r, ApiContext& ctx) {
  auto tracking_cache = std::make_shared<TrackingCache>(ctx.options.tracking_cache);
  r.Add("GET", "/api/v1/portal/tracking",
        [&ctx, tracking_cache](http::Request& req) { return Track(ctx, *tracking_cache, req); }, {},
        {"Tra cứu hồ sơ bằng mã và 4 chữ số cuối của số điện thoại hoặc số định danh / Track a "
         "dossier by its code and 4 check digits",
         "portal",
         "",
         "TrackedDossier",
         {"code", "check"},
         true});
  r.Add("GET", "/api/v1/portal/life-events",
        [&ctx](http::Request& req) { return LifeEvents(ctx, req); }, {},
        {"Các sự kiện đời sống và thủ tục của từng sự kiện / Life events and their procedures",
         "portal",
         "",
         "LifeEventList",
         {},
         true});
  r.Add("PUT", "/api/v1/portal/life-events",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return SetLifeEvents(ctx, req, p); }),
        {.body_limit = 1 << 20},
        {"Thay danh sách sự kiện đời sống / Replace the life events", "portal", "LifeEventInput",
         "LifeEventList"});
}

}  // namespace cqdt::api
