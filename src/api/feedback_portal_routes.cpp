// Satisfaction ratings and feedback (PAKN) on the public portal (issue 13, item 7): what anyone
// may do without an account — rate a finished dossier with its code and check digits, file a
// PAKN, follow it with the contact given, say whether the answer satisfies, read the published
// answers — and what a signed-in citizen does with their own dossiers and PAKN. The rules are
// feedback's; this file translates and limits per client address.
//
// Limits (untrusted callers): every request that takes a dossier's check digits counts against
// the tracking limit's own bucket ("portal.tracking"), so that rating and filing add no guesses
// to what tracking allows; filing, following and the verdict count against
// `feedback.requests_per_minute`; the public list against its own bucket of the same size.
#include "crypto/crypto.hpp"
#include "feedback_json.hpp"

namespace cqdt::api {

namespace {

std::optional<http::Response> Unready(ApiContext& ctx, const http::Request& req) {
  if (ctx.ratings == nullptr || ctx.petitions == nullptr) {
    return Fail(Error::Unavailable("Dịch vụ đánh giá, phản ánh kiến nghị chưa sẵn sàng."), req);
  }
  return std::nullopt;
}

std::optional<http::Response> LimitChecks(ApiContext& ctx, const http::Request& req) {
  return LimitPerAddress(ctx, req, "portal.tracking", ctx.options.tracking_requests_per_minute);
}

std::optional<http::Response> LimitFeedback(ApiContext& ctx, const http::Request& req) {
  return LimitPerAddress(ctx, req, "portal.feedback", ctx.options.feedback_requests_per_minute);
}

http::Response NoStore(http::Response r) {
  r.headers.Set("Cache-Control", "no-store");  // a person's dossier or PAKN
  return r;
}

// The signed-in citizen behind the session cookie, when there is one; nullopt for anyone else
// (no cookie, a session that ended, a staff session): the request is then anonymous. A
// citizen's write needs the session's CSRF token, since the cookie rides along cross-site.
Result<std::optional<identity::Principal>> OptionalCitizen(ApiContext& ctx,
                                                           const http::Request& req) {
  auto cookie = req.Cookie(kSessionCookie);
  if (!cookie) {
    return std::optional<identity::Principal>();
  }
  auto p = ctx.identity.Authenticate(*cookie);
  if (!p || p->realm != identity::Realm::kCitizen) {
    return std::optional<identity::Principal>();
  }
  const std::string token = req.headers.Get("X-CSRF-Token").value_or("");
  if (token.empty() || !crypto::ConstantTimeEquals(token, p->csrf_token)) {
    return Error::PermissionDenied(
        "Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token). Vui lòng tải lại trang.");
  }
  return std::optional<identity::Principal>(std::move(*p));
}

http::Response Options(ApiContext& ctx, http::Request& req) {
  auto r = JsonResponse(200, FeedbackOptionsJson(FeedbackSettings(ctx), req));
  r.headers.Set("Cache-Control", "public, max-age=300");
  return r;
}

http::Response ViewRating(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  if (auto limited = LimitChecks(ctx, req)) {
    return *limited;
  }
  auto tx = ctx.db.BeginRead();
  auto view =
      ctx.ratings->ViewByCheck(tx, req.Query("code").value_or(""), req.Query("check").value_or(""));
  if (!view) {
    return Fail(view.error(), req);
  }
  return NoStore(JsonResponse(200, RatingViewJson(*view, FeedbackSettings(ctx), req)));
}

// The answer to a rating written: the dossier's view as it stands, 201 for a first rating.
template <typename ViewFn>
http::Response Rated(ApiContext& ctx, http::Request& req, db::Transaction& tx,
                     const Result<feedback::RateOutcome>& rated, ViewFn view) {
  if (!rated) {
    return Fail(rated.error(), req);
  }
  auto now = view();
  if (!now) {
    return Fail(now.error(), req);
  }
  json body = RatingViewJson(*now, FeedbackSettings(ctx), req);
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return NoStore(JsonResponse(rated->created ? 201 : 200, body));
}

http::Response Rate(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  if (auto refused = RefuseCrossSite(req)) {
    return *refused;
  }
  if (auto limited = LimitChecks(ctx, req)) {
    return *limited;
  }
  auto body = ReadRatingBody(req, true);
  if (!body) {
    return Fail(body.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto rated = ctx.ratings->RateByCheck(tx, AnonymousActor(req), body->code, body->check,
                                        std::move(body->input));
  return Rated(ctx, req, tx, rated,
               [&] { return ctx.ratings->ViewByCheck(tx, body->code, body->check); });
}

http::Response ViewOwnRating(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto tx = ctx.db.BeginRead();
  auto view = ctx.ratings->ViewOwn(tx, p, req.Query("code").value_or(""));
  if (!view) {
    return Fail(view.error(), req);
  }
  return NoStore(JsonResponse(200, RatingViewJson(*view, FeedbackSettings(ctx), req)));
}

http::Response RateOwn(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto body = ReadRatingBody(req, false);
  if (!body) {
    return Fail(body.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto rated = ctx.ratings->RateOwn(tx, ActorOf(p, req), p, body->code, std::move(body->input));
  return Rated(ctx, req, tx, rated, [&] { return ctx.ratings->ViewOwn(tx, p, body->code); });
}

http::Response FilePetition(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto citizen = OptionalCitizen(ctx, req);
  if (!citizen) {
    return Fail(citizen.error(), req);
  }
  if (!*citizen) {
    if (auto refused = RefuseCrossSite(req)) {
      return *refused;
    }
  }
  if (auto limited = LimitFeedback(ctx, req)) {
    return *limited;
  }
  auto body = JsonBody::Parse(req, {"dossierCode", "check", "agencyId", "category", "title",
                                    "content", "name", "phone", "email"});
  if (!body) {
    return Fail(body.error(), req);
  }
  feedback::PetitionInput in;
  in.dossier_code = body->String("dossierCode").value_or("");
  in.check = Trim(body->String("check").value_or(""));
  in.agency = AgencyId(body->Int("agencyId").value_or(0));
  in.category = body->String("category").value_or("");
  in.title = body->String("title").value_or("");
  in.content = body->String("content").value_or("");
  in.name = body->String("name").value_or("");
  in.phone = body->String("phone").value_or("");
  in.email = body->String("email").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  // Check digits are guesses like tracking's: they count there too.
  if (!Trim(in.dossier_code).empty() && !in.check.empty()) {
    if (auto limited = LimitChecks(ctx, req)) {
      return *limited;
    }
  }
  const identity::Principal* who = *citizen ? &**citizen : nullptr;
  const audit::Actor actor = who != nullptr ? ActorOf(*who, req) : AnonymousActor(req);
  auto tx = ctx.db.Begin();
  auto filed = ctx.petitions->File(tx, actor, who, std::move(in));
  if (!filed) {
    return Fail(filed.error(), req);
  }
  // The filer's own view, as following it shows.
  feedback::Petition shown = *filed;
  shown.assignee = UserId();
  shown.assignee_name.clear();
  for (auto& e : shown.events) {
    e.actor.clear();
  }
  json out = PetitionJson(shown, FeedbackSettings(ctx), req);
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return NoStore(JsonResponse(201, out));
}

// {code, contact} of following and of the verdict.
struct FollowBody {
  std::string code;
  std::string contact;
  std::optional<bool> satisfied;
  std::string comment;
};

Result<FollowBody> ReadFollow(const http::Request& req, bool verdict) {
  std::set<std::string> allowed = {"code", "contact"};
  if (verdict) {
    allowed = {"contact", "satisfied", "comment"};
  }
  CQDT_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(req, allowed));
  FollowBody out;
  out.code = verdict ? req.Param("code") : Trim(body.String("code").value_or(""));
  out.contact = body.String("contact").value_or("");
  if (verdict) {
    out.satisfied = body.Bool("satisfied");
    out.comment = body.String("comment").value_or("");
  }
  CQDT_RETURN_IF_ERROR(body.Finish());
  return out;
}

http::Response Follow(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  if (auto refused = RefuseCrossSite(req)) {
    return *refused;
  }
  if (auto limited = LimitFeedback(ctx, req)) {
    return *limited;
  }
  auto body = ReadFollow(req, false);
  if (!body) {
    return Fail(body.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto p = ctx.petitions->Follow(tx, body->code, body->contact);
  if (!p) {
    return Fail(p.error(), req);
  }
  return NoStore(JsonResponse(200, PetitionJson(*p, FeedbackSettings(ctx), req)));
}

http::Response Verdict(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  if (auto refused = RefuseCrossSite(req)) {
    return *refused;
  }
  if (auto limited = LimitFeedback(ctx, req)) {
    return *limited;
  }
  auto body = ReadFollow(req, true);
  if (!body) {
    return Fail(body.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto p = ctx.petitions->SetVerdict(tx, AnonymousActor(req), body->code, body->contact,
                                     body->satisfied, body->comment);
  if (!p) {
    return Fail(p.error(), req);
  }
  json out = PetitionJson(*p, FeedbackSettings(ctx), req);
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return NoStore(JsonResponse(200, out));
}

http::Response Published(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  if (auto limited = LimitPerAddress(ctx, req, "portal.feedback.published",
                                     ctx.options.feedback_requests_per_minute)) {
    return *limited;
  }
  std::vector<FieldError> errors;
  auto limit = QueryInt(req, "limit", 20, 1, 100, errors);
  auto offset = QueryInt(req, "offset", 0, 0, 1000000, errors);
  auto agency = QueryInt(req, "agencyId", 0, 0, 2000000000, errors);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto page = ctx.petitions->Published(tx, AgencyId(*agency), *limit, *offset);
  if (!page) {
    return Fail(page.error(), req);
  }
  const auto& s = FeedbackSettings(ctx);
  json items = json::array();
  for (const auto& p : page->items) {
    items.push_back({{"code", p.code},
                     {"agencyId", p.agency.value()},
                     {"agencyName", p.agency_name},
                     {"category", CategoryJson(s, p.category, req)},
                     {"publicQuestion", p.public_question},
                     {"answer", p.answer},
                     {"filedAt", FeedbackTime(p.filed_at)},
                     {"answeredAt", FeedbackTime(p.answered_at)}});
  }
  return JsonResponse(200, {{"items", std::move(items)}, {"total", page->total}});
}

http::Response OwnPetitions(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto tx = ctx.db.BeginRead();
  auto list = ctx.petitions->ListOwn(tx, p);
  if (!list) {
    return Fail(list.error(), req);
  }
  json items = json::array();
  for (const auto& x : *list) {
    items.push_back(PetitionJson(x, FeedbackSettings(ctx), req));
  }
  return NoStore(
      JsonResponse(200, {{"items", std::move(items)}, {"total", static_cast<int>(list->size())}}));
}

}  // namespace

void RegisterFeedbackPortalRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/portal/feedback/options",
        [&ctx](http::Request& req) { return Options(ctx, req); }, {},
        {"Mức hài lòng, tiêu chí đánh giá và nhóm phản ánh, kiến nghị / Rating levels, criteria "
         "and feedback categories",
         "feedback",
         "",
         "FeedbackOptions",
         {},
         true});
  r.Add("GET", "/api/v1/portal/ratings",
        [&ctx](http::Request& req) { return ViewRating(ctx, req); }, {},
        {"Đánh giá của hồ sơ theo mã và 4 chữ số kiểm tra / A dossier's rating by its code and "
         "check digits",
         "feedback",
         "",
         "RatingView",
         {"code", "check"},
         true});
  r.Add("POST", "/api/v1/portal/ratings", [&ctx](http::Request& req) { return Rate(ctx, req); }, {},
        {"Đánh giá mức độ hài lòng bằng mã hồ sơ và 4 chữ số kiểm tra / Rate a finished dossier "
         "with its code and check digits",
         "feedback",
         "RatingInput",
         "RatingView",
         {},
         true,
         "application/json",
         201});
  r.Add("GET", "/api/v1/portal/my/ratings",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return ViewOwnRating(ctx, req, p); }),
        {},
        {"Đánh giá hồ sơ của công dân đăng nhập / The signed-in citizen's rating of their dossier",
         "feedback",
         "",
         "RatingView",
         {"code"}});
  r.Add("POST", "/api/v1/portal/my/ratings",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return RateOwn(ctx, req, p); }),
        {},
        {"Công dân đăng nhập đánh giá hồ sơ của mình / The signed-in citizen rates their dossier",
         "feedback",
         "RatingInput",
         "RatingView",
         {},
         false,
         "application/json",
         201});
  r.Add("POST", "/api/v1/portal/feedback",
        [&ctx](http::Request& req) { return FilePetition(ctx, req); }, {.body_limit = 64 * 1024},
        {"Gửi phản ánh, kiến nghị / File feedback or a complaint",
         "feedback",
         "PetitionInput",
         "Petition",
         {},
         true,
         "application/json",
         201});
  r.Add("POST", "/api/v1/portal/feedback/follow",
        [&ctx](http::Request& req) { return Follow(ctx, req); }, {},
        {"Theo dõi phản ánh, kiến nghị bằng mã và số điện thoại hoặc thư điện tử / Follow feedback "
         "by its code and the contact given",
         "feedback",
         "PetitionFollowInput",
         "Petition",
         {},
         true});
  r.Add("POST", "/api/v1/portal/feedback/{code}/verdict",
        [&ctx](http::Request& req) { return Verdict(ctx, req); }, {},
        {"Người gửi cho biết có hài lòng với trả lời / The filer says whether the answer "
         "satisfies",
         "feedback",
         "PetitionVerdictInput",
         "Petition",
         {},
         true});
  r.Add("GET", "/api/v1/portal/feedback/published",
        [&ctx](http::Request& req) { return Published(ctx, req); }, {},
        {"Phản ánh, kiến nghị đã trả lời được công khai / Answered feedback made public",
         "feedback",
         "",
         "PublishedPetitionList",
         {"agencyId", "limit", "offset"},
         true});
  r.Add("GET", "/api/v1/portal/my/feedback",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return OwnPetitions(ctx, req, p); }),
        {},
        {"Phản ánh, kiến nghị của công dân đăng nhập / The signed-in citizen's feedback",
         "feedback", "", "PetitionList"});
}

}  // namespace cqdt::api
