// The quality module's own: feedback counters added up, counter by counter (index766.cpp sums the
// province's; index766_analysis.cpp a unit's agencies').
#pragma once

#include "feedback/feedback_counters.hpp"

namespace cqdt::quality {

// `to` += `from`, counter by counter (the agency stays `to`'s).
inline void Add(feedback::FeedbackCounters& to, const feedback::FeedbackCounters& from) {
  to.dossiers_rated += from.dossiers_rated;
  to.dossiers_rated_unsatisfied += from.dossiers_rated_unsatisfied;
  to.dossiers_with_petition += from.dossiers_with_petition;
  to.dossiers_against_not_late += from.dossiers_against_not_late;
  to.petitions += from.petitions;
  to.petitions_answered_on_time += from.petitions_answered_on_time;
  to.petitions_open_in_time += from.petitions_open_in_time;
  to.petitions_overdue += from.petitions_overdue;
  to.petitions_answered += from.petitions_answered;
  to.petitions_answered_against += from.petitions_answered_against;
  to.petitions_procedure += from.petitions_procedure;
  to.petitions_staff += from.petitions_staff;
}

}  // namespace cqdt::quality
