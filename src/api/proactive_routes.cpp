// Proactive services on the portal (issue 13, item 8; proactive/offer_service.hpp): the signed-in
// citizen's offers, one dismissed, a level-2 one's prepared draft opened; for administrators the
// rules in force and a sweep run now (the server also runs it daily).
#include "portal_online_http.hpp"

namespace cqdt::api {

namespace {

std::optional<http::Response> Unready(ApiContext& ctx, const http::Request& req) {
  if (ctx.offers == nullptr) {
    return Fail(Error::Unavailable("Chức năng dịch vụ công chủ động chưa sẵn sàng."), req);
  }
  return std::nullopt;
}

json OfferJson(const proactive::Offer& o) {
  return {{"id", o.id.value()},
          {"rule", o.rule_code},
          {"level", o.level},
          {"kind", proactive::EventKindName(o.kind)},
          {"title", o.title},
          {"titleEn", o.title_en},
          {"notice", o.notice},
          {"noticeEn", o.notice_en},
          {"sourceDossierCode", o.source_dossier_code},
          {"sourceProcedureCode", o.source_procedure},
          {"procedureCode", o.procedure_code},
          {"dueDate", o.due_date},
          {"state", proactive::OfferStateName(o.state)},
          {"draftId", o.draft.IsSet() ? json(o.draft.value()) : json(nullptr)},
          {"submittedCode", o.submitted_code.empty() ? json(nullptr) : json(o.submitted_code)},
          {"createdAt", ToIsoVietnam(FromUnixSeconds(o.created_at))}};
}

json RuleJson(const proactive::Rule& r) {
  return {{"code", r.code},
          {"kind", proactive::EventKindName(r.kind)},
          {"level", r.level},
          {"sourceProcedure", r.source_procedure},
          {"validMonths", r.valid_months},
          {"leadDays", r.lead_days},
          {"offerDaysAfter", r.offer_days_after},
          {"offerProcedure", r.offer_procedure},
          {"reuseResultAs", r.reuse_result_as},
          {"copyFields", r.copy_fields},
          {"title", r.title},
          {"titleEn", r.title_en},
          {"notice", r.notice},
          {"noticeEn", r.notice_en},
          {"basis", r.basis},
          {"unconfirmed", r.unconfirmed}};
}

http::Response Mine(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto tx = ctx.db.BeginRead();
  auto offers = ctx.offers->Mine(tx, p);
  if (!offers) {
    return Fail(offers.error(), req);
  }
  json items = json::array();
  for (const auto& o : *offers) {
    items.push_back(OfferJson(o));
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

http::Response Dismiss(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  if (auto st = ctx.offers->Dismiss(tx, ActorOf(p, req), p, proactive::OfferId(*id)); !st) {
    return Fail(st.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return http::Response::NoContent();
}

http::Response Open(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto offer = ctx.offers->Open(tx, ActorOf(p, req), p, proactive::OfferId(*id));
  if (!offer) {
    return Fail(offer.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, OfferJson(*offer));
}

http::Response Rules(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  if (!identity::Authorizer::IsAdmin(p)) {
    return Fail(Error::PermissionDenied(
                    "Chỉ quản trị hệ thống mới xem được quy tắc dịch vụ công chủ động."),
                req);
  }
  json items = json::array();
  for (const auto& r : ctx.offers->rules().rules) {
    items.push_back(RuleJson(r));
  }
  return JsonResponse(200, {{"version", ctx.offers->rules().version}, {"items", std::move(items)}});
}

http::Response Sweep(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  if (!identity::Authorizer::IsAdmin(p)) {
    return Fail(Error::PermissionDenied(
                    "Chỉ quản trị hệ thống mới chạy được việc rà soát dịch vụ công chủ động."),
                req);
  }
  auto tx = ctx.db.Begin();
  auto report = ctx.offers->Sweep(tx, ActorOf(p, req));
  if (!report) {
    return Fail(report.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(
      200, {{"offers", report->offers}, {"drafts", report->drafts}, {"notices", report->notices}});
}

http::Handler Staff(ApiContext& ctx, CitizenHandler handler) {
  return Authed(
      ctx, [&ctx, handler = std::move(handler)](http::Request& req, const identity::Principal& p) {
        return handler(ctx, req, p);
      });
}

}  // namespace

void RegisterProactiveRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/portal/my/offers", CitizenOnly(ctx, Mine), {},
        {"Dịch vụ công chủ động dành cho công dân / The citizen's proactive-service offers",
         "portal", "", "ProactiveOfferList"});
  r.Add("POST", "/api/v1/portal/my/offers/{id}/dismiss", CitizenOnly(ctx, Dismiss), {},
        {"Bỏ qua một đề xuất dịch vụ công chủ động / Dismiss a proactive-service offer",
         "portal",
         "",
         "",
         {},
         false,
         "application/json",
         204});
  r.Add("POST", "/api/v1/portal/my/offers/{id}/draft", CitizenOnly(ctx, Open), {},
        {"Mở hồ sơ chuẩn bị sẵn của đề xuất / Open the offer's prepared draft", "portal", "",
         "ProactiveOffer"});
  r.Add("GET", "/api/v1/admin/proactive/rules", Staff(ctx, Rules), {},
        {"Quy tắc dịch vụ công chủ động / The proactive-service rules", "portal", "",
         "ProactiveRuleList"});
  r.Add("POST", "/api/v1/admin/proactive/sweep", Staff(ctx, Sweep), {},
        {"Rà soát dịch vụ công chủ động ngay / Run the proactive-service sweep now", "portal", "",
         "ProactiveSweepReport"});
}

void AddProactiveSchemas(json& s) {
  const json text = {{"type", "string"}}, integer = {{"type", "integer"}};
  const json nullable_int = {{"type", json::array({"integer", "null"})}};
  const json nullable_text = {{"type", json::array({"string", "null"})}};
  const json kind = {{"type", "string"}, {"enum", {"resultExpires", "obligationDue"}}};
  s["ProactiveOffer"] = {
      {"type", "object"},
      {"properties",
       {{"id", integer},
        {"rule", text},
        {"level", {{"type", "integer"}, {"enum", {1, 2}}}},
        {"kind", kind},
        {"title", text},
        {"titleEn", text},
        {"notice", text},
        {"noticeEn", text},
        {"sourceDossierCode", text},
        {"sourceProcedureCode", text},
        {"procedureCode", text},
        {"dueDate", {{"type", "string"}, {"format", "date"}}},
        {"state", {{"type", "string"}, {"enum", {"open", "dismissed", "submitted"}}}},
        {"draftId", nullable_int},
        {"submittedCode", nullable_text},
        {"createdAt", text}}}};
  s["ProactiveOfferList"] = {
      {"type", "object"},
      {"properties",
       {{"items",
         {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/ProactiveOffer"}}}}}}}};
  const json texts = {{"type", "array"}, {"items", text}};
  const json rule = {{"type", "object"},
                     {"properties",
                      {{"code", text},
                       {"kind", kind},
                       {"level", integer},
                       {"sourceProcedure", text},
                       {"validMonths", integer},
                       {"leadDays", integer},
                       {"offerDaysAfter", integer},
                       {"offerProcedure", text},
                       {"reuseResultAs", integer},
                       {"copyFields", texts},
                       {"title", text},
                       {"titleEn", text},
                       {"notice", text},
                       {"noticeEn", text},
                       {"basis", text},
                       {"unconfirmed", texts}}}};
  s["ProactiveRuleList"] = {
      {"type", "object"},
      {"properties", {{"version", text}, {"items", {{"type", "array"}, {"items", rule}}}}}};
  s["ProactiveSweepReport"] = {
      {"type", "object"},
      {"properties", {{"offers", integer}, {"drafts", integer}, {"notices", integer}}}};
}

}  // namespace cqdt::api
