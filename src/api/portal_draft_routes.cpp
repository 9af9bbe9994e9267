// A citizen's drafts of online dossiers (issue 13, item 3; portal/draft_service.hpp): listed,
// created, read, saved and deleted by their owner only.
#include "portal_online_http.hpp"

namespace cqdt::api {

namespace {

std::optional<http::Response> Unready(ApiContext& ctx, const http::Request& req) {
  if (ctx.drafts == nullptr) {
    return Fail(Error::Unavailable("Chức năng nộp hồ sơ trực tuyến chưa sẵn sàng."), req);
  }
  return std::nullopt;
}

std::string Time(std::int64_t seconds) {
  return seconds == 0 ? "" : ToIsoVietnam(FromUnixSeconds(seconds));
}

json DraftJson(const portal::Draft& d) {
  return {{"id", d.id.value()},
          {"procedureCode", d.procedure_code},
          {"procedureName", d.procedure_name},
          {"agencyId", d.agency.IsSet() ? json(d.agency.value()) : json(nullptr)},
          {"formId", d.form_id.IsSet() ? json(d.form_id.value()) : json(nullptr)},
          {"answers", AnswersJson(d.answers)},
          {"documents", DocumentsJson(d.documents)},
          {"note", d.note},
          {"createdAt", Time(d.created_at)},
          {"updatedAt", Time(d.updated_at)}};
}

Result<portal::DraftInput> ReadDraft(const http::Request& req) {
  auto body = JsonBody::Parse(req, {"procedureCode", "agencyId", "answers", "documents", "note"});
  if (!body) {
    return body.error();
  }
  body->Require({"procedureCode"});
  std::vector<FieldError> errors;
  portal::DraftInput in;
  in.procedure_code = body->String("procedureCode").value_or("");
  if (auto id = body->Int("agencyId"); id && *id > 0) {
    in.agency = AgencyId(*id);
  }
  in.note = body->String("note").value_or("");
  in.answers = AnswersFrom(body->value(), "answers", errors);
  in.documents = DocumentsFrom(body->value(), "documents", errors);
  if (auto st = body->Finish(); !st) {
    return st.error();
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return in;
}

http::Response List(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto tx = ctx.db.BeginRead();
  auto drafts = ctx.drafts->List(tx, p);
  if (!drafts) {
    return Fail(drafts.error(), req);
  }
  json items = json::array();
  for (const auto& d : *drafts) {
    items.push_back(DraftJson(d));
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

http::Response Get(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto d = ctx.drafts->Get(tx, p, portal::DraftId(*id));
  if (!d) {
    return Fail(d.error(), req);
  }
  return JsonResponse(200, DraftJson(*d));
}

http::Response Create(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto in = ReadDraft(req);
  if (!in) {
    return Fail(in.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto d = ctx.drafts->Create(tx, ActorOf(p, req), p, *in);
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(201, DraftJson(*d));
}

http::Response Save(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto in = ReadDraft(req);
  if (!in) {
    return Fail(in.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto d = ctx.drafts->Save(tx, ActorOf(p, req), p, portal::DraftId(*id), *in);
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, DraftJson(*d));
}

http::Response Delete(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  if (auto st = ctx.drafts->Delete(tx, ActorOf(p, req), p, portal::DraftId(*id)); !st) {
    return Fail(st.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return http::Response::NoContent();
}

}  // namespace

void RegisterPortalDraftRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/portal/drafts", CitizenOnly(ctx, List), {},
        {"Hồ sơ nháp của công dân / The citizen's drafts", "portal", "", "PortalDraftList"});
  r.Add("POST", "/api/v1/portal/drafts", CitizenOnly(ctx, Create), {.body_limit = 256 * 1024},
        {"Lưu nháp hồ sơ trực tuyến / Save a draft of an online dossier",
         "portal",
         "PortalDraftInput",
         "PortalDraft",
         {},
         false,
         "application/json",
         201});
  r.Add("GET", "/api/v1/portal/drafts/{id}", CitizenOnly(ctx, Get), {},
        {"Một hồ sơ nháp / A draft", "portal", "", "PortalDraft"});
  r.Add("PUT", "/api/v1/portal/drafts/{id}", CitizenOnly(ctx, Save), {.body_limit = 256 * 1024},
        {"Lưu lại hồ sơ nháp / Save a draft again", "portal", "PortalDraftInput", "PortalDraft"});
  r.Add("DELETE", "/api/v1/portal/drafts/{id}", CitizenOnly(ctx, Delete), {},
        {"Xóa hồ sơ nháp / Delete a draft", "portal", "", "", {}, false, "application/json", 204});
}

}  // namespace cqdt::api
