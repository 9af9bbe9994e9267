#include "quality/index766.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "core/working_calendar.hpp"
#include "feedback_sum.hpp"

namespace cqdt::quality {

extern const char* const kDefaultRulesJson;  // rules_data.cpp, from rules/qd766-local.json

namespace {

using json = nlohmann::json;

// The error for member `path` of a rule set.
Error RuleError(const std::string& path) {
  return Error::InvalidField(path, "invalid",
                             "Tệp quy tắc chỉ số 766 không hợp lệ tại '" + path + "'.");
}

Result<std::string> Text(const json& o, const std::string& key, const std::string& path,
                         bool required = true) {
  auto it = o.find(key);
  if (it == o.end()) {
    if (!required) {
      return std::string();
    }
    return RuleError(path + key);
  }
  if (!it->is_string() || (required && it->get<std::string>().empty())) {
    return RuleError(path + key);
  }
  return it->get<std::string>();
}

Result<double> Number(const json& o, const std::string& key, const std::string& path, double lo,
                      double hi) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number() || it->get<double>() < lo || it->get<double>() > hi) {
    return RuleError(path + key);
  }
  return it->get<double>();
}

template <typename E>
Result<E> Choice(const json& o, const std::string& key, const std::string& path,
                 std::initializer_list<std::pair<const char*, E>> choices) {
  CQDT_ASSIGN_OR_RETURN(std::string s, Text(o, key, path));
  for (const auto& [name, value] : choices) {
    if (s == name) {
      return value;
    }
  }
  return RuleError(path + key);
}

Result<IndicatorRule> ParseIndicator(const json& o, const std::string& path) {
  if (!o.is_object()) {
    return RuleError(path);
  }
  static const std::set<std::string> kKnown = {
      "code", "name", "nameEn", "max", "rule", "threshold", "zeroDenominator", "scope", "source"};
  for (const auto& [key, value] : o.items()) {
    if (kKnown.count(key) == 0) {
      return RuleError(path + key);
    }
  }
  IndicatorRule r;
  CQDT_ASSIGN_OR_RETURN(r.code, Text(o, "code", path));
  CQDT_ASSIGN_OR_RETURN(r.name, Text(o, "name", path));
  CQDT_ASSIGN_OR_RETURN(r.name_en, Text(o, "nameEn", path, false));
  CQDT_ASSIGN_OR_RETURN(r.max, Number(o, "max", path, 0, 100));
  CQDT_ASSIGN_OR_RETURN(r.rule, Choice<ScoreRule>(o, "rule", path,
                                                  {{"linear", ScoreRule::kLinear},
                                                   {"threshold", ScoreRule::kThreshold}}));
  if (r.rule == ScoreRule::kThreshold) {
    CQDT_ASSIGN_OR_RETURN(r.threshold, Number(o, "threshold", path, 0.01, 1));
  } else if (o.contains("threshold") && !o["threshold"].is_null()) {
    return RuleError(path + "threshold");
  }
  CQDT_ASSIGN_OR_RETURN(r.zero, Choice<ZeroDenominator>(o, "zeroDenominator", path,
                                                        {{"zero", ZeroDenominator::kZero},
                                                         {"max", ZeroDenominator::kMax},
                                                         {"none", ZeroDenominator::kNoData}}));
  CQDT_ASSIGN_OR_RETURN(r.scope, Choice<Scope>(o, "scope", path,
                                               {{"province", Scope::kProvince},
                                                {"province_commune", Scope::kProvinceCommune}}));
  CQDT_ASSIGN_OR_RETURN(r.source, Choice<DataSource>(o, "source", path,
                                                     {{"local", DataSource::kLocal},
                                                      {"external", DataSource::kExternal}}));
  return r;
}

}  // namespace

Result<RuleSet> ParseRules(std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Error::Malformed("Tệp quy tắc chỉ số 766 không phải JSON hợp lệ.");
  }
  RuleSet rules;
  CQDT_ASSIGN_OR_RETURN(rules.version, Text(doc, "version", ""));
  CQDT_ASSIGN_OR_RETURN(rules.effective_from, Text(doc, "effectiveFrom", ""));
  if (!ParseIsoDate(rules.effective_from)) {
    return RuleError("effectiveFrom");
  }
  auto groups = doc.find("groups");
  if (groups == doc.end() || !groups->is_array() || groups->empty()) {
    return RuleError("groups");
  }
  std::set<std::string> codes;
  for (std::size_t g = 0; g < groups->size(); ++g) {
    const json& o = (*groups)[g];
    const std::string path = "groups[" + std::to_string(g) + "].";
    if (!o.is_object()) {
      return RuleError(path.substr(0, path.size() - 1));
    }
    GroupRule group;
    CQDT_ASSIGN_OR_RETURN(group.code, Text(o, "code", path));
    CQDT_ASSIGN_OR_RETURN(group.name, Text(o, "name", path));
    CQDT_ASSIGN_OR_RETURN(group.name_en, Text(o, "nameEn", path, false));
    CQDT_ASSIGN_OR_RETURN(group.max, Number(o, "max", path, 0, 100));
    auto list = o.find("indicators");
    if (list == o.end() || !list->is_array() || list->empty()) {
      return RuleError(path + "indicators");
    }
    double sum = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string ipath = path + "indicators[" + std::to_string(i) + "].";
      CQDT_ASSIGN_OR_RETURN(IndicatorRule r, ParseIndicator((*list)[i], ipath));
      if (!codes.insert(r.code).second) {
        return RuleError(ipath + "code");
      }
      sum += r.max;
      group.indicators.push_back(std::move(r));
    }
    if (std::abs(sum - group.max) > 1e-9) {  // the group's maximum is its indicators' sum
      return RuleError(path + "max");
    }
    rules.groups.push_back(std::move(group));
  }
  return rules;
}

const RuleSet& DefaultRules() {
  static const RuleSet rules = [] {
    auto parsed = ParseRules(kDefaultRulesJson);
    return parsed ? std::move(*parsed) : RuleSet{};  // a unit test parses the file
  }();
  return rules;
}

Result<std::pair<Date, Date>> CheckPeriod(const std::string& from, const std::string& to) {
  std::vector<FieldError> errors;
  auto first = ParseIsoDate(from);
  auto last = ParseIsoDate(to);
  if (!first) {
    errors.push_back({"from", "format", "Trường 'from' phải là ngày dạng YYYY-MM-DD."});
  }
  if (!last) {
    errors.push_back({"to", "format", "Trường 'to' phải là ngày dạng YYYY-MM-DD."});
  }
  if (first && last && (*last < *first || last->year - first->year > 5)) {
    errors.push_back({"to", "range", "Kỳ thống kê phải từ 1 ngày đến 5 năm."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return std::pair{*first, *last};
}

std::pair<Date, Date> QuarterOf(const Date& day) {
  const int first_month = (day.month - 1) / 3 * 3 + 1;
  static constexpr int kLastDay[] = {31, 30, 30, 31};  // of March, June, September, December
  return {{day.year, first_month, 1}, {day.year, first_month + 2, kLastDay[(first_month - 1) / 3]}};
}

std::optional<double> Score(const IndicatorRule& rule, const Fraction& f) {
  if (f.denominator <= 0) {
    switch (rule.zero) {
      case ZeroDenominator::kZero:
        return 0.0;
      case ZeroDenominator::kMax:
        return rule.max;
      case ZeroDenominator::kNoData:
        return std::nullopt;
    }
  }
  const double ratio =
      std::clamp(static_cast<double>(f.numerator) / static_cast<double>(f.denominator), 0.0, 1.0);
  if (rule.rule == ScoreRule::kThreshold) {
    return std::min(rule.max, rule.max * ratio / rule.threshold);
  }
  return rule.max * ratio;
}

double Round2(double v) { return std::round(v * 100.0 + (v >= 0 ? 1e-9 : -1e-9)) / 100.0; }

const char* IndicatorStatusName(IndicatorStatus s) {
  switch (s) {
    case IndicatorStatus::kScored:
      return "scored";
    case IndicatorStatus::kNoData:
      return "no_data";
    case IndicatorStatus::kNotApplicable:
      return "not_applicable";
    case IndicatorStatus::kExternal:
      return "external";
  }
  return "scored";
}

UnitScore ScoreUnit(const RuleSet& rules, const std::map<std::string, Fraction>& fractions,
                    bool commune) {
  UnitScore unit;
  double total = 0;
  for (const GroupRule& g : rules.groups) {
    GroupScore group;
    group.rule = &g;
    double sum = 0;
    bool any = false;
    for (const IndicatorRule& r : g.indicators) {
      IndicatorScore s;
      s.rule = &r;
      if (auto it = fractions.find(r.code); it != fractions.end()) {
        s.fraction = it->second;
      }
      if (s.fraction.denominator > 0) {
        s.ratio =
            static_cast<double>(s.fraction.numerator) / static_cast<double>(s.fraction.denominator);
      }
      std::optional<double> raw;
      if (commune && r.scope == Scope::kProvince) {
        s.status = IndicatorStatus::kNotApplicable;  // §4: the declared maximum
        raw = r.max;
      } else if (r.source == DataSource::kExternal) {
        s.status = IndicatorStatus::kExternal;
      } else {
        raw = Score(r, s.fraction);
        s.status = raw ? IndicatorStatus::kScored : IndicatorStatus::kNoData;
      }
      if (raw) {
        s.score = Round2(*raw);
        sum += *raw;
        unit.max_score += r.max;
        any = true;
      }
      group.indicators.push_back(std::move(s));
    }
    if (any) {
      group.score = Round2(sum);
      total += sum;
    }
    unit.groups.push_back(std::move(group));
  }
  unit.score = Round2(total);
  unit.max_score = Round2(unit.max_score);
  return unit;
}

std::map<std::string, Fraction> Fractions(
    const std::vector<const onestop::ProcedureCounters*>& rows,
    const std::vector<const onestop::ProcedureFacts*>& procedures,
    const feedback::FeedbackCounters& feedback) {
  std::map<std::string, const onestop::ProcedureFacts*> facts;
  for (const auto* p : procedures) {
    facts[p->code] = p;
  }
  std::map<std::string, onestop::ProcedureCounters> by_procedure;  // this unit's, summed
  onestop::ProcedureCounters all;
  std::int64_t reusable_received = 0, reusable_by_data = 0;
  for (const auto* r : rows) {
    onestop::ProcedureCounters& p = by_procedure[r->procedure_code];
    for (auto [to, from] : {std::pair{&p, r}, std::pair{&all, r}}) {
      to->received += from->received;
      to->received_online += from->received_online;
      to->progress_total += from->progress_total;
      to->progress_on_time += from->progress_on_time;
      to->finished += from->finished;
      to->finished_late += from->finished_late;
      to->finished_with_result_document += from->finished_with_result_document;
      to->fee_bearing += from->fee_bearing;
      to->paid_online += from->paid_online;
      to->with_files += from->with_files;
      to->by_data += from->by_data;
    }
    auto f = facts.find(r->procedure_code);
    if (f != facts.end() && f->second->replaceable_by_data) {
      reusable_received += r->received;
      reusable_by_data += r->by_data;
    }
  }
  // The procedures the unit performs, by what the catalogue says of them.
  Fraction provided, used, fee_paid_online, fee_used;
  for (const auto* p : procedures) {
    const bool online = p->online_level != onestop::OnlineLevel::kInformation;
    auto it = by_procedure.find(p->code);
    const onestop::ProcedureCounters* c = it == by_procedure.end() ? nullptr : &it->second;
    ++provided.denominator;
    if (online) {
      ++provided.numerator;
      ++used.denominator;
      used.numerator += (c != nullptr && c->received_online > 0) ? 1 : 0;
    }
    if (p->fee_bearing) {
      ++fee_paid_online.denominator;
      ++fee_used.denominator;
      fee_paid_online.numerator += (c != nullptr && c->paid_online > 0) ? 1 : 0;
      fee_used.numerator += (c != nullptr && c->received > 0) ? 1 : 0;
    }
  }
  std::map<std::string, Fraction> out;
  out["PROGRESS_ON_TIME"] = {all.progress_on_time, all.progress_total};
  out["ONLINE_PROVIDED"] = provided;
  out["ONLINE_USED"] = used;
  out["ONLINE_DOSSIERS"] = {all.received_online, all.received};
  out["ONLINE_PAYMENT_DOSSIERS"] = {all.paid_online, all.fee_bearing};
  out["ONLINE_PAYMENT_FORMALITIES"] = fee_paid_online;
  out["FEE_FORMALITIES_USED"] = fee_used;
  // A finished dossier satisfies unless it was late, rated unsatisfied or complained about
  // (feedback counts those not late, so that a late one is not subtracted twice).
  out["DOSSIER_RECEIVING_SATISFACTION"] = {
      std::max<std::int64_t>(0,
                             all.finished - all.finished_late - feedback.dossiers_against_not_late),
      all.finished};
  out["PETITION_PROCESSING_ON_TIME"] = {
      feedback.petitions_answered_on_time + feedback.petitions_open_in_time, feedback.petitions};
  out["PETITION_HANDLING_SATISFACTION"] = {
      feedback.petitions_answered - feedback.petitions_answered_against,
      feedback.petitions_answered};
  out["ORIGINAL_RESULT_AVAILABLE"] = {all.finished_with_result_document, all.finished};
  out["SO_HOA_GIAY_TO_GIAI_QUYET"] = {all.with_files, all.received};
  out["REUSED_DIGITIZED_DATA"] = {reusable_by_data, reusable_received};
  return out;
}

Result<Index766> ComputeIndex(db::Transaction& tx, const org::AgencyService& agencies,
                              const RuleSet& rules, const std::string& from, const std::string& to,
                              std::int64_t now, const onestop::CountWorkers& workers) {
  CQDT_ASSIGN_OR_RETURN(auto period, CheckPeriod(from, to));
  const auto& [first, last] = period;
  const std::int64_t start = ToUnixSeconds(FromVietnamLocal({first, 0, 0}));
  const std::int64_t end = ToUnixSeconds(FromVietnamLocal({last, 0, 0})) + 24 * 3600;
  // Every agency of the directory, those since merged or dissolved too (their dossiers count).
  org::AgencyQuery everyone;
  everyone.include_inactive = true;
  CQDT_ASSIGN_OR_RETURN(std::vector<org::Agency> directory, agencies.List(tx, everyone));
  std::vector<AgencyId> ids;
  std::map<std::int64_t, const org::Agency*> by_id;
  for (const org::Agency& a : directory) {
    ids.push_back(a.id);
    by_id[a.id.value()] = &a;
  }
  CQDT_ASSIGN_OR_RETURN(
      onestop::ServiceCounters counters,
      onestop::CountService(tx, ids, start, end, std::min(end, now), to, workers));

  CQDT_ASSIGN_OR_RETURN(std::vector<feedback::FeedbackCounters> opinions,
                        feedback::CountFeedback(tx, ids, start, end, std::min(end, now)));
  std::map<std::int64_t, const feedback::FeedbackCounters*> opinions_of;
  feedback::FeedbackCounters all_opinions;
  for (const feedback::FeedbackCounters& f : opinions) {
    opinions_of[f.agency.value()] = &f;
    Add(all_opinions, f);
  }

  std::map<std::int64_t, std::vector<const onestop::ProcedureCounters*>> rows_of;
  std::map<std::int64_t, std::vector<const onestop::ProcedureFacts*>> procedures_of;
  std::vector<const onestop::ProcedureCounters*> all_rows;
  std::vector<const onestop::ProcedureFacts*> all_procedures;
  for (const auto& r : counters.dossiers) {
    rows_of[r.agency.value()].push_back(&r);
    all_rows.push_back(&r);
  }
  for (const auto& p : counters.procedures) {
    all_procedures.push_back(&p);
    for (AgencyId a : p.agencies) {
      procedures_of[a.value()].push_back(&p);
    }
  }
  std::set<std::int64_t> units;
  for (const auto& [id, _] : rows_of) {
    units.insert(id);
  }
  for (const auto& [id, _] : procedures_of) {
    units.insert(id);
  }
  for (const feedback::FeedbackCounters& f : opinions) {
    if (f.dossiers_against_not_late > 0 || f.petitions > 0) {
      units.insert(f.agency.value());  // an agency asked about, with no dossier of its own
    }
  }
  static const std::vector<const onestop::ProcedureCounters*> kNoRows;
  static const std::vector<const onestop::ProcedureFacts*> kNoProcedures;
  Index766 out;
  out.from = from;
  out.to = to;
  out.rules_version = rules.version;
  out.computed_at = now;
  for (std::int64_t id : units) {
    auto found = by_id.find(id);
    const org::Agency* agency = found == by_id.end() ? nullptr : found->second;
    const bool commune = agency != nullptr && agency->level() == org::AgencyLevel::kCommune;
    auto r = rows_of.find(id);
    auto p = procedures_of.find(id);
    auto o = opinions_of.find(id);
    UnitScore unit =
        ScoreUnit(rules,
                  Fractions(r == rows_of.end() ? kNoRows : r->second,
                            p == procedures_of.end() ? kNoProcedures : p->second,
                            o == opinions_of.end() ? feedback::FeedbackCounters{} : *o->second),
                  commune);
    unit.agency = AgencyId(id);
    if (agency != nullptr) {
      unit.agency_name = agency->name;
      unit.level = agency->level();
    }
    out.units.push_back(std::move(unit));
  }
  std::sort(out.units.begin(), out.units.end(), [](const UnitScore& a, const UnitScore& b) {
    return a.score != b.score ? a.score > b.score : a.agency_name < b.agency_name;
  });
  // Equal scores share a rank, and the next rank counts the units above it ("1, 2, 2, 4").
  for (std::size_t i = 0; i < out.units.size(); ++i) {
    out.units[i].rank = i > 0 && out.units[i].score == out.units[i - 1].score
                            ? out.units[i - 1].rank
                            : static_cast<int>(i) + 1;
  }
  out.province = ScoreUnit(rules, Fractions(all_rows, all_procedures, all_opinions), false);
  out.province.level = org::AgencyLevel::kProvince;
  for (const org::Agency& a : directory) {
    if (a.kind == org::AgencyKind::kProvincialCommittee && a.IsActiveOn(to)) {
      out.province.agency = a.id;
      out.province.agency_name = a.name;
      break;
    }
  }
  return out;
}

}  // namespace cqdt::quality
