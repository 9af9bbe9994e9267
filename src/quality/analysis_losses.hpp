// The pure half of index766_analysis.hpp: the division of a unit's losses among its procedures,
// and the reasons one dossier lies outside the numerators, from counts and facts already read
// (index766_analysis.cpp reads them). Private to the module; its tests use it directly.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "feedback/feedback_counters.hpp"
#include "onestop/service_counters.hpp"
#include "quality/index766.hpp"
#include "quality/index766_analysis.hpp"

namespace cqdt::quality {

// What the losses of one unit are divided from.
struct LossInput {
  std::vector<const onestop::ProcedureCounters*> rows;     // the unit's dossiers' counts
  std::vector<const onestop::ProcedureFacts*> procedures;  // the procedures the unit performs
  std::map<std::string, std::string> names;  // procedure code -> name (the catalogue's)
  feedback::FeedbackCounters feedback;       // the unit's ratings and PAKN
  // Dossiers rated unsatisfied or complained about and not late, by procedure code: the part of
  // feedback.dossiers_against_not_late each procedure holds.
  std::map<std::string, std::int64_t> against;
  bool commune = false;
};

// The unit's score (ScoreUnit over Fractions, as the index), each indicator's loss, shortfall
// and per-item cost, and each procedure's loss (index766_analysis.hpp). Only `unit`, `lost`,
// `indicators` and `procedures` are set.
UnitAnalysis DivideLosses(const RuleSet& rules, const LossInput& in);

// How the dossiers of a unit are judged.
struct DossierJudge {
  std::int64_t end = 0;               // the period's end (Unix seconds, exclusive)
  std::set<std::string> replaceable;  // the unit's procedures whose documents data may replace
  std::map<std::int64_t, feedback::DossierMark> marks;  // by onestop's dossier id
};

// The (indicator code, reason) pairs that put `d` outside the dossier-level numerators, by the
// counters' own conditions (onestop/service_counters.hpp), in the rules' order; empty if none.
std::vector<std::pair<std::string, Reason>> DossierReasons(const DossierJudge& judge,
                                                           const onestop::PeriodDossier& d);

}  // namespace cqdt::quality
