// Ratings and feedback (PAKN) for the agencies' staff (issue 13, item 7): the agency's PAKN
// queue, one PAKN with its history, assignment, answer (optionally published), transfer to the
// competent agency; a rating recorded at the desk; the agency's ratings summary with its
// Decision 766 counts. The rules and permissions are feedback's (identity::Authorizer).
#include "feedback/feedback_counters.hpp"
#include "feedback_json.hpp"
#include "quality/index766.hpp"

namespace cqdt::api {

namespace {

std::optional<http::Response> Unready(ApiContext& ctx, const http::Request& req) {
  if (ctx.ratings == nullptr || ctx.petitions == nullptr) {
    return Fail(Error::Unavailable("Dịch vụ đánh giá, phản ánh kiến nghị chưa sẵn sàng."), req);
  }
  return std::nullopt;
}

http::Response Answer(ApiContext& ctx, http::Request& req, db::Transaction& tx,
                      const Result<feedback::Petition>& p, int status = 200) {
  if (!p) {
    return Fail(p.error(), req);
  }
  json out = PetitionJson(*p, FeedbackSettings(ctx), req);
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(status, out);
}

http::Response Queue(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  std::vector<FieldError> errors;
  feedback::PetitionFilter filter;
  filter.agency = AgencyId(QueryInt(req, "agencyId", 0, 0, 2000000000, errors).value_or(0));
  filter.limit = QueryInt(req, "limit", 50, 1, 200, errors).value_or(50);
  filter.offset = QueryInt(req, "offset", 0, 0, 1000000, errors).value_or(0);
  if (auto state = req.Query("state"); state && !state->empty()) {
    filter.state = feedback::ParsePetitionState(*state);
    if (!filter.state) {
      errors.push_back(
          {"state", "enum", "Tham số 'state' phải là received, processing hoặc answered."});
    }
  }
  filter.overdue_only = req.Query("overdue").value_or("") == "true";
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto page = ctx.petitions->Queue(tx, p, filter);
  if (!page) {
    return Fail(page.error(), req);
  }
  json items = json::array();
  for (const auto& x : page->items) {
    items.push_back(PetitionJson(x, FeedbackSettings(ctx), req));
  }
  return JsonResponse(200, {{"items", std::move(items)}, {"total", page->total}});
}

http::Response GetOne(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto tx = ctx.db.BeginRead();
  auto found = ctx.petitions->Get(tx, p, req.Param("code"));
  if (!found) {
    return Fail(found.error(), req);
  }
  return JsonResponse(200, PetitionJson(*found, FeedbackSettings(ctx), req));
}

http::Response Assign(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto body = JsonBody::Parse(req, {"assigneeId"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"assigneeId"});
  const UserId assignee(body->Int("assigneeId").value_or(0));
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  return Answer(ctx, req, tx,
                ctx.petitions->Assign(tx, ActorOf(p, req), p, req.Param("code"), assignee));
}

http::Response AnswerPetition(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto body = JsonBody::Parse(req, {"answer", "publish", "publicQuestion"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"answer"});
  feedback::AnswerInput in;
  in.answer = body->String("answer").value_or("");
  in.publish = body->Bool("publish").value_or(false);
  in.public_question = body->String("publicQuestion").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  return Answer(ctx, req, tx,
                ctx.petitions->Answer(tx, ActorOf(p, req), p, req.Param("code"), std::move(in)));
}

http::Response Transfer(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto body = JsonBody::Parse(req, {"agencyId", "reason"});
  if (!body) {
    return Fail(body.error(), req);
  }
  const AgencyId to(body->Int("agencyId").value_or(0));
  const std::string reason = body->String("reason").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  return Answer(ctx, req, tx,
                ctx.petitions->Transfer(tx, ActorOf(p, req), p, req.Param("code"), to, reason));
}

http::Response ViewAtCounter(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto tx = ctx.db.BeginRead();
  auto view = ctx.ratings->ViewAtCounter(tx, p, req.Query("code").value_or(""));
  if (!view) {
    return Fail(view.error(), req);
  }
  return JsonResponse(200, RatingViewJson(*view, FeedbackSettings(ctx), req));
}

http::Response RateAtCounter(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto body = ReadRatingBody(req, false);
  if (!body) {
    return Fail(body.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto rated =
      ctx.ratings->RateAtCounter(tx, ActorOf(p, req), p, body->code, std::move(body->input));
  if (!rated) {
    return Fail(rated.error(), req);
  }
  auto view = ctx.ratings->ViewAtCounter(tx, p, body->code);
  if (!view) {
    return Fail(view.error(), req);
  }
  json out = RatingViewJson(*view, FeedbackSettings(ctx), req);
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(rated->created ? 201 : 200, out);
}

// The period of the summary: `from`, `to` (YYYY-MM-DD, inclusive, Vietnam time), by default the
// current quarter, as the index's.
http::Response Summary(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  std::vector<FieldError> errors;
  AgencyId agency(QueryInt(req, "agencyId", 0, 0, 2000000000, errors).value_or(0));
  if (!agency.IsSet()) {
    agency = p.agency_id;
  }
  const auto quarter = quality::QuarterOf(ToVietnamLocal(ctx.clock.Now()).date);
  auto from_text = req.Query("from").value_or(FormatIsoDate(quarter.first));
  auto to_text = req.Query("to").value_or(FormatIsoDate(quarter.second));
  auto period = quality::CheckPeriod(from_text, to_text);
  if (!period) {
    for (const auto& e : period.error().fields()) {
      errors.push_back(e);
    }
  }
  if (!agency.IsSet()) {
    errors.push_back({"agencyId", "required", "Vui lòng chọn cơ quan."});
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  const std::int64_t from = ToUnixSeconds(FromVietnamLocal({period->first, 0, 0}));
  const std::int64_t to = ToUnixSeconds(FromVietnamLocal({period->second, 0, 0})) + 86400;
  auto tx = ctx.db.BeginRead();
  auto summary = ctx.ratings->Summary(tx, p, agency, from, to);
  if (!summary) {
    return Fail(summary.error(), req);
  }
  const std::int64_t now = ToUnixSeconds(ctx.clock.Now());
  auto counts = feedback::CountFeedback(tx, {agency}, from, to, std::min(now, to));
  if (!counts) {
    return Fail(counts.error(), req);
  }
  const auto& s = FeedbackSettings(ctx);
  auto levels = [&](const std::vector<feedback::LevelCount>& list) {
    json out = json::array();
    for (const auto& l : list) {
      json level = LevelJson(s, l.level, req);
      level["count"] = l.count;
      out.push_back(std::move(level));
    }
    return out;
  };
  json criteria = json::array();
  for (const auto& c : summary->criteria) {
    const auto* criterion = s.FindCriterion(c.criterion);
    const bool english = http::LanguageOf(req) == Language::kEnglish;
    criteria.push_back({{"code", c.criterion},
                        {"label", criterion == nullptr                     ? c.criterion
                                  : english && !criterion->name_en.empty() ? criterion->name_en
                                                                           : criterion->name},
                        {"levels", levels(c.levels)}});
  }
  json channels = json::object();
  for (const auto& [name, n] : summary->channels) {
    channels[name] = n;
  }
  json recent = json::array();
  for (const auto& r : summary->recent) {
    recent.push_back(RatingJson(r, s, req, true));
  }
  const feedback::FeedbackCounters& c = counts->front();
  json index766 = {{"dossiersRated", c.dossiers_rated},
                   {"dossiersRatedUnsatisfied", c.dossiers_rated_unsatisfied},
                   {"dossiersWithPetition", c.dossiers_with_petition},
                   {"dossiersAgainstNotLate", c.dossiers_against_not_late},
                   {"petitions", c.petitions},
                   {"petitionsAnsweredOnTime", c.petitions_answered_on_time},
                   {"petitionsOpenInTime", c.petitions_open_in_time},
                   {"petitionsOverdue", c.petitions_overdue},
                   {"petitionsAnswered", c.petitions_answered},
                   {"petitionsAnsweredAgainst", c.petitions_answered_against},
                   {"petitionsProcedure", c.petitions_procedure},
                   {"petitionsStaff", c.petitions_staff}};
  return JsonResponse(200, {{"agencyId", agency.value()},
                            {"from", FormatIsoDate(period->first)},
                            {"to", FormatIsoDate(period->second)},
                            {"ratings",
                             {{"total", summary->total},
                              {"unsatisfied", summary->unsatisfied},
                              {"overall", levels(summary->overall)},
                              {"criteria", std::move(criteria)},
                              {"channels", std::move(channels)},
                              {"recent", std::move(recent)}}},
                            {"index766", std::move(index766)}});
}

}  // namespace

void RegisterFeedbackStaffRoutes(http::Router& r, ApiContext& ctx) {
  auto authed =
      [&ctx](http::Response (*fn)(ApiContext&, http::Request&, const identity::Principal&)) {
        return Authed(ctx, [&ctx, fn](http::Request& req, const identity::Principal& p) {
          return fn(ctx, req, p);
        });
      };
  r.Add("GET", "/api/v1/feedback/petitions", authed(&Queue), {},
        {"Phản ánh, kiến nghị của cơ quan / The agency's feedback queue",
         "feedback",
         "",
         "PetitionList",
         {"agencyId", "state", "overdue", "limit", "offset"}});
  r.Add("GET", "/api/v1/feedback/petitions/{code}", authed(&GetOne), {},
        {"Một phản ánh, kiến nghị / One feedback item", "feedback", "", "Petition"});
  r.Add("POST", "/api/v1/feedback/petitions/{code}/assign", authed(&Assign), {},
        {"Giao xử lý phản ánh, kiến nghị / Assign feedback", "feedback", "PetitionAssignInput",
         "Petition"});
  r.Add("POST", "/api/v1/feedback/petitions/{code}/answer", authed(&AnswerPetition), {},
        {"Trả lời phản ánh, kiến nghị / Answer feedback", "feedback", "PetitionAnswerInput",
         "Petition"});
  r.Add("POST", "/api/v1/feedback/petitions/{code}/transfer", authed(&Transfer), {},
        {"Chuyển phản ánh, kiến nghị đến cơ quan có thẩm quyền / Transfer feedback to the "
         "competent agency",
         "feedback", "PetitionTransferInput", "Petition"});
  r.Add("GET", "/api/v1/feedback/ratings", authed(&ViewAtCounter), {},
        {"Đánh giá của hồ sơ (tại quầy) / A dossier's rating, at the desk",
         "feedback",
         "",
         "RatingView",
         {"code"}});
  r.Add("POST", "/api/v1/feedback/ratings", authed(&RateAtCounter), {},
        {"Ghi nhận đánh giá tại quầy / Record a rating at the desk",
         "feedback",
         "RatingInput",
         "RatingView",
         {},
         false,
         "application/json",
         201});
  r.Add("GET", "/api/v1/feedback/summary", authed(&Summary), {},
        {"Tổng hợp đánh giá và phản ánh, kiến nghị của cơ quan / The agency's ratings and "
         "feedback summary",
         "feedback",
         "",
         "FeedbackSummary",
         {"agencyId", "from", "to"}});
}

}  // namespace cqdt::api
