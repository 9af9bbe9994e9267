#include "quality/index766_analysis.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "analysis_losses.hpp"
#include "core/clock.hpp"
#include "core/working_calendar.hpp"
#include "feedback/feedback_counters.hpp"
#include "feedback_sum.hpp"
#include "onestop/service_counters.hpp"

namespace cqdt::quality {

namespace {

// What both answers need: the unit's analysis, and how its dossiers are judged.
struct Context {
  UnitAnalysis analysis;
  std::vector<AgencyId> agencies;  // whose dossiers count
  std::int64_t start = 0, at = 0;
  DossierJudge judge;
};

// Reads the unit's counts as ComputeIndex does (the same counters, over the same agencies) and
// divides its losses.
Result<Context> Analyse(db::Transaction& tx, const org::AgencyService& agencies,
                        const RuleSet& rules, AgencyId unit, const std::string& from,
                        const std::string& to, std::int64_t now) {
  CQDT_ASSIGN_OR_RETURN(auto period, CheckPeriod(from, to));
  Context c;
  c.start = ToUnixSeconds(FromVietnamLocal({period.first, 0, 0}));
  c.judge.end = ToUnixSeconds(FromVietnamLocal({period.second, 0, 0})) + 24 * 3600;
  c.at = std::min(c.judge.end, now);

  LossInput in;
  std::string name;
  org::AgencyLevel level = org::AgencyLevel::kProvince;
  AgencyId named = unit;
  if (unit.IsSet()) {
    CQDT_ASSIGN_OR_RETURN(org::Agency a, agencies.Get(tx, unit));
    in.commune = a.level() == org::AgencyLevel::kCommune;
    name = a.name;
    level = a.level();
    c.agencies = {unit};
  } else {
    // The province: every agency of the directory, those since merged or dissolved too.
    org::AgencyQuery everyone;
    everyone.include_inactive = true;
    CQDT_ASSIGN_OR_RETURN(std::vector<org::Agency> directory, agencies.List(tx, everyone));
    for (const org::Agency& a : directory) {
      c.agencies.push_back(a.id);
      if (!named.IsSet() && a.kind == org::AgencyKind::kProvincialCommittee && a.IsActiveOn(to)) {
        named = a.id;
        name = a.name;
      }
    }
  }
  CQDT_ASSIGN_OR_RETURN(onestop::ServiceCounters counters,
                        onestop::CountService(tx, c.agencies, c.start, c.judge.end, c.at, to));
  CQDT_ASSIGN_OR_RETURN(std::vector<feedback::FeedbackCounters> opinions,
                        feedback::CountFeedback(tx, c.agencies, c.start, c.judge.end, c.at));
  for (const auto& o : opinions) {
    Add(in.feedback, o);
  }
  CQDT_ASSIGN_OR_RETURN(std::vector<feedback::DossierMark> marks,
                        feedback::ListDossierMarks(tx, unit, c.start, c.judge.end));

  for (const auto& r : counters.dossiers) {
    in.rows.push_back(&r);
  }
  for (const auto& p : counters.procedures) {
    in.names[p.code] = p.name;
    if (!unit.IsSet() ||
        std::find(p.agencies.begin(), p.agencies.end(), unit) != p.agencies.end()) {
      in.procedures.push_back(&p);
      if (p.replaceable_by_data) {
        c.judge.replaceable.insert(p.code);
      }
    }
  }
  // The dossiers rated unsatisfied or complained about, not late: by procedure.
  std::vector<std::int64_t> against;
  for (const auto& m : marks) {
    c.judge.marks[m.dossier_id] = m;
    if (!m.late) {
      against.push_back(m.dossier_id);
    }
  }
  for (const auto& b : onestop::DossierBriefs(tx, against)) {
    ++in.against[b.procedure_code];
  }

  c.analysis = DivideLosses(rules, in);
  UnitAnalysis& out = c.analysis;
  out.from = from;
  out.to = to;
  out.rules_version = rules.version;
  out.computed_at = now;
  out.unit.agency = named;
  out.unit.agency_name = name;
  out.unit.level = level;
  return c;
}

// Most points lost first, then by code.
bool Before(const CostlyDossier& a, const CostlyDossier& b) {
  return a.lost != b.lost ? a.lost > b.lost : a.code < b.code;
}

Error BadIndicator() {
  return Error::InvalidField("indicator", "enum",
                             "Trường 'indicator' phải là mã một chỉ tiêu tính theo hồ sơ.");
}

}  // namespace

Result<UnitAnalysis> AnalyseUnit(db::Transaction& tx, const org::AgencyService& agencies,
                                 const RuleSet& rules, AgencyId unit, const std::string& from,
                                 const std::string& to, std::int64_t now) {
  CQDT_ASSIGN_OR_RETURN(Context c, Analyse(tx, agencies, rules, unit, from, to, now));
  return std::move(c.analysis);
}

Result<DossierPage> CostlyDossiers(db::Transaction& tx, const org::AgencyService& agencies,
                                   const RuleSet& rules, AgencyId unit, const std::string& from,
                                   const std::string& to, std::int64_t now,
                                   const DossierQuery& query) {
  if (!query.indicator.empty() && !IsDossierIndicator(query.indicator)) {
    return BadIndicator();
  }
  CQDT_ASSIGN_OR_RETURN(Context c, Analyse(tx, agencies, rules, unit, from, to, now));
  std::map<std::string, const IndicatorLoss*> losses;  // the rules' indicators, by code
  for (const IndicatorLoss& l : c.analysis.indicators) {
    losses[l.rule->code] = &l;
  }
  if (!query.indicator.empty() && losses.count(query.indicator) == 0) {
    return BadIndicator();  // a rule set without it
  }
  // The best `keep` so far in a heap whose top is the last of them: a page's worth of memory,
  // whatever the number of dossiers.
  const auto keep = static_cast<std::size_t>(std::max<std::int64_t>(0, query.offset) +
                                             std::max<std::int64_t>(0, query.limit));
  DossierPage page;
  std::vector<CostlyDossier> best;
  CQDT_RETURN_IF_ERROR(onestop::VisitPeriodDossiers(
      tx, c.agencies, c.start, c.judge.end, c.at, [&](const onestop::PeriodDossier& d) {
        CostlyDossier item;
        bool wanted = query.indicator.empty();
        std::set<std::string> counted;
        for (const auto& [code, reason] : DossierReasons(c.judge, d)) {
          auto l = losses.find(code);
          if (l == losses.end()) {
            continue;
          }
          wanted = wanted || code == query.indicator;
          if (counted.insert(code).second) {
            item.lost += l->second->per_item;
          }
          item.reasons.push_back({l->second->rule, reason});
        }
        if (!wanted || item.reasons.empty()) {
          return;
        }
        ++page.total;
        item.code = d.code;
        if (keep == 0 || (best.size() == keep && !Before(item, best.front()))) {
          return;
        }
        item.procedure_code = d.procedure_code;
        item.procedure_name = d.procedure_name;
        item.received_at = d.received_at;
        item.due_at = d.due_at;
        item.finished_at = d.finished_at;
        best.push_back(std::move(item));
        std::push_heap(best.begin(), best.end(), Before);
        if (best.size() > keep) {
          std::pop_heap(best.begin(), best.end(), Before);
          best.pop_back();
        }
      }));
  std::sort_heap(best.begin(), best.end(), Before);
  const auto skip = static_cast<std::size_t>(std::max<std::int64_t>(0, query.offset));
  for (std::size_t i = skip; i < best.size(); ++i) {
    page.items.push_back(std::move(best[i]));
  }
  return page;
}

}  // namespace cqdt::quality
