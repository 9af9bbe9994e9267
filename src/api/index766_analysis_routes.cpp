// Which procedures and which dossiers cost a unit points in the Decision 766 index, and why
// (issue 13, item 9: the staff page). Staff only, scoped as the one-stop statistics are
// (identity::Authorizer::CanAnalyseIndex766): a leader or counter officer sees their own agency,
// an administrator any agency or the province. The dividing of the losses is
// quality/index766_analysis.hpp's; this file reads the query and writes the JSON.
#include <cmath>

#include "core/working_calendar.hpp"
#include "internal.hpp"
#include "quality/index766_analysis.hpp"

namespace cqdt::api {

namespace {

// Losses to 4 decimals: a dossier's share of an indicator is often below 0.01 point.
double Round4(double v) { return std::round(v * 1e4) / 1e4; }

std::string VietnamTime(std::int64_t t) {
  return t > 0 ? ToIsoVietnam(FromUnixSeconds(t)) : std::string();
}

json Nullable(std::int64_t t) { return t > 0 ? json(VietnamTime(t)) : json(nullptr); }

json ReasonJson(quality::Reason r, Language language) {
  return {{"code", quality::ReasonCode(r)}, {"label", Localize(quality::ReasonLabel(r), language)}};
}

// The unit and period of the query, once the caller may see them: the unit is `agencyId`, the
// caller's own agency by default, or the province with scope=province.
struct Scope {
  AgencyId unit;  // unset: the province
  std::string from, to;
};

Result<Scope> ReadScope(ApiContext& ctx, const http::Request& req, const identity::Principal& p,
                        std::vector<FieldError>& errors) {
  if (!identity::Authorizer::IsStaff(p)) {
    return Error::PermissionDenied();  // citizens and API tokens, whatever they ask
  }
  Scope s;
  const std::string scope = req.Query("scope").value_or("agency");
  if (scope != "agency" && scope != "province") {
    errors.push_back({"scope", "enum", "Tham số 'scope' phải là agency hoặc province."});
  }
  if (auto a = req.Query("agencyId"); a && !a->empty()) {
    s.unit = AgencyId(QueryInt(req, "agencyId", 0, 1, 2000000000, errors).value_or(0));
  } else if (scope != "province") {
    s.unit = p.agency_id;
  }
  if (scope == "province" && s.unit.IsSet()) {
    errors.push_back(
        {"agencyId", "conflict", "Không chọn cơ quan khi xem toàn tỉnh (scope=province)."});
  }
  // The current quarter in Vietnam by default, as the public index.
  const auto [first, last] = quality::QuarterOf(ToVietnamLocal(ctx.clock.Now()).date);
  s.from = req.Query("from").value_or(FormatIsoDate(first));
  s.to = req.Query("to").value_or(FormatIsoDate(last));
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  if (!identity::Authorizer::CanAnalyseIndex766(p, s.unit)) {
    return Error::PermissionDenied();
  }
  return s;
}

const quality::RuleSet& Rules(const ApiContext& ctx) {
  return ctx.index766_rules != nullptr ? *ctx.index766_rules : quality::DefaultRules();
}

http::Response Procedures(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  std::vector<FieldError> errors;
  auto scope = ReadScope(ctx, req, p, errors);
  if (!scope) {
    return Fail(scope.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto a = quality::AnalyseUnit(tx, ctx.agencies, Rules(ctx), scope->unit, scope->from, scope->to,
                                ToUnixSeconds(ctx.clock.Now()));
  if (!a) {
    return Fail(a.error(), req);
  }
  const Language language = http::LanguageOf(req);
  json indicators = json::array();
  for (const quality::IndicatorLoss& l : a->indicators) {
    const quality::Fraction& f = l.fraction;
    indicators.push_back({{"code", l.rule->code},
                          {"name", l.rule->name},
                          {"nameEn", l.rule->name_en},
                          {"group", l.group->code},
                          {"max", l.rule->max},
                          {"status", quality::IndicatorStatusName(l.status)},
                          {"level", quality::IndicatorLevel(l.rule->code)},
                          {"numerator", f.numerator},
                          {"denominator", f.denominator},
                          {"score", l.score ? json(quality::Round2(*l.score)) : json(nullptr)},
                          {"lost", Round4(l.lost)},
                          {"shortfall", l.shortfall},
                          {"perItem", Round4(l.per_item)},
                          {"unattributed", Round4(l.unattributed)}});
  }
  json procedures = json::array();
  for (const quality::ProcedureLoss& pl : a->procedures) {
    json parts = json::array();
    for (const quality::ProcedureIndicatorLoss& i : pl.indicators) {
      parts.push_back(
          {{"code", i.rule->code},
           {"numerator", i.fraction.numerator},
           {"denominator", i.fraction.denominator},
           {"ratio", i.fraction.denominator > 0 ? json(static_cast<double>(i.fraction.numerator) /
                                                       static_cast<double>(i.fraction.denominator))
                                                : json(nullptr)},
           {"lost", Round4(i.lost)}});
    }
    json reasons = json::array();
    for (quality::Reason r : pl.reasons) {
      reasons.push_back(ReasonJson(r, language));
    }
    procedures.push_back({{"code", pl.code},
                          {"name", pl.name},
                          {"lost", Round4(pl.lost)},
                          {"reasons", std::move(reasons)},
                          {"indicators", std::move(parts)}});
  }
  return JsonResponse(200, {{"from", a->from},
                            {"to", a->to},
                            {"scope", scope->unit.IsSet() ? "agency" : "province"},
                            {"rulesVersion", a->rules_version},
                            {"computedAt", VietnamTime(a->computed_at)},
                            {"unit", Index766UnitJson(a->unit, false)},
                            {"lost", Round4(a->lost)},
                            {"indicators", std::move(indicators)},
                            {"procedures", std::move(procedures)}});
}

http::Response Dossiers(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  std::vector<FieldError> errors;
  quality::DossierQuery q;
  q.limit = QueryInt(req, "limit", 20, 1, static_cast<int>(quality::kMaxDossiersPerPage), errors)
                .value_or(20);
  q.offset = QueryInt(req, "offset", 0, 0, static_cast<int>(quality::kMaxDossierOffset), errors)
                 .value_or(0);
  q.indicator = req.Query("indicator").value_or("");
  auto scope = ReadScope(ctx, req, p, errors);
  if (!scope) {
    return Fail(scope.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto page = quality::CostlyDossiers(tx, ctx.agencies, Rules(ctx), scope->unit, scope->from,
                                      scope->to, ToUnixSeconds(ctx.clock.Now()), q);
  if (!page) {
    return Fail(page.error(), req);
  }
  const Language language = http::LanguageOf(req);
  json items = json::array();
  for (const quality::CostlyDossier& d : page->items) {
    json reasons = json::array();
    for (const quality::DossierReason& r : d.reasons) {
      json reason = ReasonJson(r.reason, language);
      reason["indicator"] = r.rule->code;
      reasons.push_back(std::move(reason));
    }
    items.push_back({{"code", d.code},
                     {"procedureCode", d.procedure_code},
                     {"procedureName", d.procedure_name},
                     {"receivedAt", Nullable(d.received_at)},
                     {"dueAt", Nullable(d.due_at)},
                     {"finishedAt", Nullable(d.finished_at)},
                     {"lost", Round4(d.lost)},
                     {"reasons", std::move(reasons)}});
  }
  return JsonResponse(
      200, {{"from", scope->from},
            {"to", scope->to},
            {"scope", scope->unit.IsSet() ? "agency" : "province"},
            {"agencyId", scope->unit.IsSet() ? json(scope->unit.value()) : json(nullptr)},
            {"indicator", q.indicator.empty() ? json(nullptr) : json(q.indicator)},
            {"total", page->total},
            {"limit", q.limit},
            {"offset", q.offset},
            {"items", std::move(items)}});
}

}  // namespace

void RegisterIndex766AnalysisRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/index766/analysis/procedures",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return Procedures(ctx, req, p); }),
        {},
        {"Chỉ số 766: thủ tục làm mất điểm của đơn vị / The Decision 766 index: the procedures "
         "that cost a unit points",
         "index766",
         "",
         "Index766ProcedureAnalysis",
         {"agencyId", "scope", "from", "to"}});
  r.Add("GET", "/api/v1/index766/analysis/dossiers",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return Dossiers(ctx, req, p); }),
        {},
        {"Chỉ số 766: hồ sơ làm mất điểm của đơn vị và lý do / The Decision 766 index: the "
         "dossiers that cost a unit points, and why",
         "index766",
         "",
         "Index766DossierAnalysis",
         {"agencyId", "scope", "from", "to", "indicator", "limit", "offset"}});
}

void AddIndex766AnalysisSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json num = {{"type", "number"}};
  const json integer = {{"type", "integer"}};
  const json nullable_num = {{"type", {"number", "null"}}};
  const json nullable_str = {{"type", {"string", "null"}}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  auto array = [](json items) { return json{{"type", "array"}, {"items", std::move(items)}}; };
  const json reason = obj({{"code", str}, {"label", str}}, {"code", "label"});
  const json scope = {{"type", "string"}, {"enum", {"agency", "province"}}};
  s["Index766ProcedureAnalysis"] =
      obj({{"from", str},
           {"to", str},
           {"scope", scope},
           {"rulesVersion", str},
           {"computedAt", str},
           {"unit", {{"$ref", "#/components/schemas/Index766Unit"}}},
           {"lost", num},
           {"indicators",
            array(obj({{"code", str},
                       {"name", str},
                       {"nameEn", str},
                       {"group", str},
                       {"max", num},
                       {"status", str},
                       {"level", {{"type", "string"}, {"enum", {"dossier", "procedure", "unit"}}}},
                       {"numerator", integer},
                       {"denominator", integer},
                       {"score", nullable_num},
                       {"lost", num},
                       {"shortfall", integer},
                       {"perItem", num},
                       {"unattributed", num}},
                      {"code", "group", "max", "status", "level", "lost"}))},
           {"procedures", array(obj({{"code", str},
                                     {"name", str},
                                     {"lost", num},
                                     {"reasons", array(reason)},
                                     {"indicators", array(obj({{"code", str},
                                                               {"numerator", integer},
                                                               {"denominator", integer},
                                                               {"ratio", nullable_num},
                                                               {"lost", num}},
                                                              {"code", "lost"}))}},
                                    {"code", "name", "lost", "indicators"}))}},
          {"from", "to", "unit", "lost", "indicators", "procedures"});
  s["Index766DossierAnalysis"] =
      obj({{"from", str},
           {"to", str},
           {"scope", scope},
           {"agencyId", {{"type", {"integer", "null"}}}},
           {"indicator", nullable_str},
           {"total", integer},
           {"limit", integer},
           {"offset", integer},
           {"items",
            array(obj({{"code", str},
                       {"procedureCode", str},
                       {"procedureName", str},
                       {"receivedAt", nullable_str},
                       {"dueAt", nullable_str},
                       {"finishedAt", nullable_str},
                       {"lost", num},
                       {"reasons", array(obj({{"code", str}, {"label", str}, {"indicator", str}},
                                             {"code", "label", "indicator"}))}},
                      {"code", "procedureCode", "lost", "reasons"}))}},
          {"total", "limit", "offset", "items"});
}

}  // namespace cqdt::api
