// The Decision 766 index, estimated from the platform's own data (issue 13, item 9): public, no
// account, as the national portal publishes its own. The rules are quality/index766.hpp's; this
// file picks the period, limits the callers per address and writes the JSON.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "core/working_calendar.hpp"
#include "internal.hpp"
#include "quality/index766.hpp"
#include "quality/index_snapshots.hpp"

namespace cqdt::api {

namespace {

json IndicatorJson(const quality::IndicatorScore& s) {
  const quality::IndicatorRule& r = *s.rule;
  return {{"code", r.code},
          {"name", r.name},
          {"nameEn", r.name_en},
          {"max", r.max},
          {"numerator", s.fraction.numerator},
          {"denominator", s.fraction.denominator},
          {"ratio", s.ratio ? json(*s.ratio) : json(nullptr)},
          {"score", s.score ? json(*s.score) : json(nullptr)},
          {"status", quality::IndicatorStatusName(s.status)}};
}

}  // namespace

json Index766UnitJson(const quality::UnitScore& u, bool ranked) {
  json groups = json::array();
  for (const quality::GroupScore& g : u.groups) {
    json indicators = json::array();
    for (const auto& i : g.indicators) {
      indicators.push_back(IndicatorJson(i));
    }
    groups.push_back({{"code", g.rule->code},
                      {"name", g.rule->name},
                      {"nameEn", g.rule->name_en},
                      {"max", g.rule->max},
                      {"score", g.score ? json(*g.score) : json(nullptr)},
                      {"indicators", std::move(indicators)}});
  }
  return {{"agencyId", u.agency.IsSet() ? json(u.agency.value()) : json(nullptr)},
          {"agencyName", u.agency_name},
          {"level", org::LevelName(u.level)},
          {"rank", ranked ? json(u.rank) : json(nullptr)},
          {"score", u.score},
          {"maxScore", u.max_score},
          {"groups", std::move(groups)}};
}

namespace {

// One computation at a time reads on several threads (each thread holds a connection of the
// pool; two such computations waiting for each other's connections could starve the pool).
// Another that comes meanwhile reads on its own thread alone.
std::mutex parallel_index;

// The answers computed lately, by period and rules' version: the public page is read by many,
// and over a province's year one computation reads two million rows (seconds). Each answer says
// when it was computed. A few periods at most (the current quarter, the last ones asked).
struct CachedAnswer {
  std::string body;
  std::chrono::steady_clock::time_point expires;
};
std::mutex answers_mutex;
std::map<std::string, CachedAnswer> answers;
constexpr std::size_t kMaxCachedAnswers = 16;

std::optional<std::string> CachedIndex(const std::string& key) {
  std::lock_guard lock(answers_mutex);
  auto it = answers.find(key);
  if (it == answers.end() || it->second.expires <= std::chrono::steady_clock::now()) {
    return std::nullopt;
  }
  return it->second.body;
}

void KeepIndex(const std::string& key, const std::string& body, int seconds) {
  std::lock_guard lock(answers_mutex);
  const auto now = std::chrono::steady_clock::now();
  std::erase_if(answers, [&](const auto& entry) { return entry.second.expires <= now; });
  if (answers.size() >= kMaxCachedAnswers) {
    answers.erase(answers.begin());
  }
  answers[key] = {body, now + std::chrono::seconds(seconds)};
}

http::Response Index(ApiContext& ctx, http::Request& req) {
  if (ctx.catalogue == nullptr) {
    return Fail(Error::Unavailable("Chỉ số 766 chưa sẵn sàng."), req);
  }
  if (auto limited =
          LimitPerAddress(ctx, req, "portal.index766", ctx.options.index766_requests_per_minute)) {
    return *limited;
  }
  // The current quarter in Vietnam by default.
  const auto [first, last] = quality::QuarterOf(ToVietnamLocal(ctx.clock.Now()).date);
  const std::string from = req.Query("from").value_or(FormatIsoDate(first));
  const std::string to = req.Query("to").value_or(FormatIsoDate(last));
  const quality::RuleSet& rules =
      ctx.index766_rules != nullptr ? *ctx.index766_rules : quality::DefaultRules();
  const int cache_seconds = ctx.options.index766_cache_seconds;
  // By database too: a process may serve more than one (the API's own tests).
  const std::string key = std::to_string(reinterpret_cast<std::uintptr_t>(&ctx.db)) + "|" + from +
                          "|" + to + "|" + rules.version;
  if (cache_seconds > 0) {
    if (auto body = CachedIndex(key)) {
      return http::Response::Json(200, std::move(*body));
    }
  }
  std::unique_lock parallel(parallel_index, std::try_to_lock);
  onestop::CountWorkers workers;
  if (parallel.owns_lock()) {
    workers.db = &ctx.db;
    workers.threads = std::min<std::size_t>(
        {std::max(1U, std::thread::hardware_concurrency()), 4, ctx.db.pool_size() / 2});
  }
  auto tx = ctx.db.BeginRead();
  auto index = quality::ComputeIndex(tx, ctx.agencies, rules, from, to,
                                     ToUnixSeconds(ctx.clock.Now()), workers);
  if (!index) {
    return Fail(index.error(), req);
  }
  json units = json::array();
  for (const auto& u : index->units) {
    units.push_back(Index766UnitJson(u, true));
  }
  const json answer = {{"from", index->from},
                       {"to", index->to},
                       {"rulesVersion", index->rules_version},
                       {"computedAt", ToIsoVietnam(FromUnixSeconds(index->computed_at))},
                       {"province", Index766UnitJson(index->province, false)},
                       {"units", std::move(units)}};
  if (cache_seconds <= 0) {
    return JsonResponse(200, answer);
  }
  std::string body = answer.dump(-1, ' ', false, json::error_handler_t::replace);
  KeepIndex(key, body, cache_seconds);
  return http::Response::Json(200, std::move(body));
}

http::Response Snapshots(ApiContext& ctx, http::Request& req) {
  if (auto limited =
          LimitPerAddress(ctx, req, "portal.index766", ctx.options.index766_requests_per_minute)) {
    return *limited;
  }
  AgencyId agency;  // unset: the province
  if (auto id = req.Query("agencyId"); id && !id->empty()) {
    std::vector<FieldError> errors;
    agency = AgencyId(QueryInt(req, "agencyId", 0, 1, 2000000000, errors).value_or(0));
    if (!errors.empty()) {
      return Fail(Error::Invalid(std::move(errors)), req);
    }
  }
  const Date today = ToVietnamLocal(ctx.clock.Now()).date;
  const std::string from = req.Query("from").value_or(FormatIsoDate({today.year, 1, 1}));
  const std::string to = req.Query("to").value_or(FormatIsoDate(today));
  auto tx = ctx.db.BeginRead();
  auto rows = quality::Snapshots(tx, agency, from, to);
  if (!rows) {
    return Fail(rows.error(), req);
  }
  json items = json::array();
  for (const quality::IndexSnapshot& s : *rows) {
    json groups = json::object();
    for (const auto& [code, score] : s.groups) {
      groups[code] = score ? json(*score) : json(nullptr);
    }
    items.push_back({{"day", s.day},
                     {"from", s.from},
                     {"to", s.to},
                     {"rulesVersion", s.rules_version},
                     {"score", s.score},
                     {"maxScore", s.max_score},
                     {"groups", std::move(groups)}});
  }
  return JsonResponse(200, {{"agencyId", agency.IsSet() ? json(agency.value()) : json(nullptr)},
                            {"items", std::move(items)}});
}

}  // namespace

void RegisterIndex766Routes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/index766/snapshots",
        [&ctx](http::Request& req) { return Snapshots(ctx, req); }, {},
        {"Các ảnh chụp hằng đêm của chỉ số 766 / The Decision 766 index's nightly snapshots",
         "portal",
         "",
         "Index766Snapshots",
         {"agencyId", "from", "to"},
         true});
  r.Add("GET", "/api/v1/index766", [&ctx](http::Request& req) { return Index(ctx, req); }, {},
        {"Chỉ số 766 ước tính theo đơn vị và toàn tỉnh / The Decision 766 index, estimated per "
         "unit and for the province",
         "portal",
         "",
         "Index766",
         {"from", "to"},
         true});
}

void AddIndex766Schemas(json& s) {
  const json str = {{"type", "string"}};
  const json num = {{"type", "number"}};
  const json integer = {{"type", "integer"}};
  const json nullable_num = {{"type", {"number", "null"}}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  const json indicator =
      obj({{"code", str},
           {"name", str},
           {"nameEn", str},
           {"max", num},
           {"numerator", integer},
           {"denominator", integer},
           {"ratio", nullable_num},
           {"score", nullable_num},
           {"status",
            {{"type", "string"}, {"enum", {"scored", "no_data", "not_applicable", "external"}}}}},
          {"code", "name", "max", "numerator", "denominator", "status"});
  const json group = obj({{"code", str},
                          {"name", str},
                          {"nameEn", str},
                          {"max", num},
                          {"score", nullable_num},
                          {"indicators", {{"type", "array"}, {"items", indicator}}}},
                         {"code", "name", "max", "indicators"});
  s["Index766Unit"] = obj({{"agencyId", {{"type", {"integer", "null"}}}},
                           {"agencyName", str},
                           {"level", str},
                           {"rank", {{"type", {"integer", "null"}}}},
                           {"score", num},
                           {"maxScore", num},
                           {"groups", {{"type", "array"}, {"items", group}}}},
                          {"agencyName", "score", "maxScore", "groups"});
  s["Index766Snapshots"] = obj(
      {{"agencyId", {{"type", {"integer", "null"}}}},
       {"items",
        {{"type", "array"},
         {"items", obj({{"day", str},
                        {"from", str},
                        {"to", str},
                        {"rulesVersion", str},
                        {"score", num},
                        {"maxScore", num},
                        {"groups", {{"type", "object"}, {"additionalProperties", nullable_num}}}},
                       {"day", "from", "to", "score", "maxScore", "groups"})}}}},
      {"items"});
  s["Index766"] = obj(
      {{"from", str},
       {"to", str},
       {"rulesVersion", str},
       {"computedAt", str},
       {"province", {{"$ref", "#/components/schemas/Index766Unit"}}},
       {"units", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Index766Unit"}}}}}},
      {"from", "to", "rulesVersion", "province", "units"});
}

}  // namespace cqdt::api
