// The Decision 766 service-quality index, estimated locally (issue 13, item 9;
// ../shared/reference/chi-so-766.md). The national portal's score is the official one; this is
// the same rules applied to the platform's own data, so that an agency sees what costs it points
// before the portal does (§6: choose a period and units, count numerators and denominators,
// apply each indicator's rule, round each score to 2 decimals for display, sum the unrounded
// scores and round the sum).
//
// The rules are data (rules/qd766-local.json, compiled in; an administrator may point
// [index766] rules_file at another): each indicator's maximum, rule (linear, or full marks at a
// threshold), what a zero denominator gives (0, the maximum, or "no data"), its scope (province
// only, or province and commune: a commune is given the maximum of a province-only row, §4) and
// whether the platform can count it ("local") or only the national portal holds the data
// ("external", shown as such and left out of the estimate's maximum).
//
// Thread safety: the functions are pure; ComputeIndex reads in the caller's transaction (and,
// given workers, in read transactions of its own on threads it starts and joins).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/text.hpp"
#include "db/database.hpp"
#include "feedback/feedback_counters.hpp"
#include "onestop/service_counters.hpp"
#include "org/agency_service.hpp"

namespace cqdt::quality {

enum class ScoreRule { kLinear, kThreshold };
enum class ZeroDenominator { kZero, kMax, kNoData };
enum class Scope { kProvince, kProvinceCommune };
enum class DataSource { kLocal, kExternal };

struct IndicatorRule {
  std::string code;  // the national portal's code ("PROGRESS_ON_TIME" is ours: the group's one)
  std::string name, name_en;
  double max = 0;
  ScoreRule rule = ScoreRule::kLinear;
  double threshold = 1;  // kThreshold: the ratio (0..1] that gives full marks
  ZeroDenominator zero = ZeroDenominator::kZero;
  Scope scope = Scope::kProvinceCommune;
  DataSource source = DataSource::kLocal;
};

struct GroupRule {
  std::string code;  // "transparency", "progress", "online", "payment", "satisfaction", ...
  std::string name, name_en;
  double max = 0;
  std::vector<IndicatorRule> indicators;
};

struct RuleSet {
  std::string version;
  std::string effective_from;  // YYYY-MM-DD
  std::vector<GroupRule> groups;
};

// Reads a rule set (the format of rules/qd766-local.json). kInvalidArgument naming the member
// ("groups[1].indicators[0].threshold") for anything missing, unknown or out of range.
Result<RuleSet> ParseRules(std::string_view json);
// The rules compiled in.
const RuleSet& DefaultRules();

struct Fraction {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
};

// A period's first and last days (YYYY-MM-DD, inclusive, at most 5 years apart), or
// kInvalidArgument naming "from" or "to".
Result<std::pair<Date, Date>> CheckPeriod(const std::string& from, const std::string& to);

// The first and last days of the quarter that holds `day` (the portal's default period).
std::pair<Date, Date> QuarterOf(const Date& day);

// One indicator's score by its rule (§3, §6 step 3), unrounded; nullopt for "no data" (a zero
// denominator under kNoData).
std::optional<double> Score(const IndicatorRule& rule, const Fraction& f);
// Half away from zero to 2 decimals, as the portal publishes scores.
double Round2(double v);

enum class IndicatorStatus { kScored, kNoData, kNotApplicable, kExternal };
const char* IndicatorStatusName(IndicatorStatus s);  // "scored", "no_data", ...

struct IndicatorScore {
  const IndicatorRule* rule = nullptr;
  Fraction fraction;
  std::optional<double> ratio;  // numerator / denominator, when the denominator is not 0
  std::optional<double> score;  // rounded to 2 decimals
  IndicatorStatus status = IndicatorStatus::kScored;
};

struct GroupScore {
  const GroupRule* rule = nullptr;
  std::optional<double> score;  // rounded; nullopt when no indicator of the group scored
  std::vector<IndicatorScore> indicators;
};

struct UnitScore {
  AgencyId agency;  // unset for a province without a provincial committee in the directory
  std::string agency_name;
  org::AgencyLevel level = org::AgencyLevel::kOther;
  int rank = 0;          // 1 = best, equal scores share one; 0 for the province
  double score = 0;      // the scored indicators, rounded
  double max_score = 0;  // their maxima (and those awarded as not applicable)
  std::vector<GroupScore> groups;
};

// The scores of one unit from its fractions by indicator code (an indicator missing from
// `fractions` is 0/0). `commune`: province-only rows are awarded their maximum.
UnitScore ScoreUnit(const RuleSet& rules, const std::map<std::string, Fraction>& fractions,
                    bool commune);

// The fractions of every local indicator, from the counters of one unit: its dossiers (the rows
// of its procedures, or every row for the province), the procedures it performs, and its
// ratings and PAKN (feedback's counts, summed over the agencies for the province).
std::map<std::string, Fraction> Fractions(
    const std::vector<const onestop::ProcedureCounters*>& rows,
    const std::vector<const onestop::ProcedureFacts*>& procedures,
    const feedback::FeedbackCounters& feedback = {});

struct Index766 {
  std::string from, to;  // YYYY-MM-DD, inclusive
  std::string rules_version;
  std::int64_t computed_at = 0;  // Unix seconds
  UnitScore province;
  std::vector<UnitScore> units;  // ranked: best first, then by name
};

// The index over [from, to] (YYYY-MM-DD, Vietnam time, inclusive; at most 5 years): every
// deciding agency with dossiers in the period or procedures to perform is a unit; the province
// counts them all. kInvalidArgument naming "from" or "to". `workers`: more readers for the
// dossiers' counts (onestop::CountWorkers).
Result<Index766> ComputeIndex(db::Transaction& tx, const org::AgencyService& agencies,
                              const RuleSet& rules, const std::string& from, const std::string& to,
                              std::int64_t now, const onestop::CountWorkers& workers = {});

}  // namespace cqdt::quality
