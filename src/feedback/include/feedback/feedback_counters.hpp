// What Decision 766's satisfaction group counts from ratings and PAKN (chi-so-766.md §3.5), per
// agency over a period, for the quality module's index beside onestop's dossier counts
// (onestop/service_counters.hpp). One SQL statement over feedback's own tables per part; no
// scoring here.
//
// The period is [from, to) in Unix seconds; `at` is when "overdue" is judged (the period's end,
// or now when it has not ended). Ratings and PAKN count as they stand when counted.
//
// Dossiers (by the deciding agency, finished in the period, as feedback_dossier knows them: a
// dossier is there once rated or complained about, its finish refreshed by the sweep):
//   dossiers_rated                rated
//   dossiers_rated_unsatisfied    rated on a level that counts as unsatisfied
//   dossiers_with_petition        with a PAKN about them (filed at any time)
//   dossiers_against_not_late     not late, and rated unsatisfied or with a PAKN: what
//                                 DOSSIER_RECEIVING_SATISFACTION subtracts beyond onestop's
//                                 finished_late, so that a late dossier is not counted twice:
//                                 satisfied = finished - finished_late - dossiers_against_not_late
// PAKN (in the competence of the agency they are at now, received there in the period; a PAKN
// transferred away counts for the agency it went to):
//   petitions                     PETITION_PROCESSING_ON_TIME's denominator
//   petitions_answered_on_time    answered before `to`, by the due day
//   petitions_open_in_time        not answered before `to`, and not past due at `at`
//                                 (numerator = on_time + open_in_time)
//   petitions_overdue             not answered before `to`, past due at `at`
//   petitions_answered            answered before `to`: PETITION_HANDLING_SATISFACTION's
//                                 denominator
//   petitions_answered_against    of those, answered late, or the filer said unsatisfied
//                                 (numerator = answered - answered_against)
//   petitions_procedure           in a category of class "tthc" (PETITION_CLASSIFICATION_TTHC)
//   petitions_staff               in a category of class "staff" (PETITION_CLASSIFICATION_STAFF)
// Thread safety: stateless.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"

namespace cqdt::feedback {

struct FeedbackCounters {
  AgencyId agency;
  std::int64_t dossiers_rated = 0;
  std::int64_t dossiers_rated_unsatisfied = 0;
  std::int64_t dossiers_with_petition = 0;
  std::int64_t dossiers_against_not_late = 0;
  std::int64_t petitions = 0;
  std::int64_t petitions_answered_on_time = 0;
  std::int64_t petitions_open_in_time = 0;
  std::int64_t petitions_overdue = 0;
  std::int64_t petitions_answered = 0;
  std::int64_t petitions_answered_against = 0;
  std::int64_t petitions_procedure = 0;
  std::int64_t petitions_staff = 0;
  friend bool operator==(const FeedbackCounters&, const FeedbackCounters&) = default;
};

// One entry per agency of `agencies`, in that order (zeros where nothing was counted).
Result<std::vector<FeedbackCounters>> CountFeedback(db::Transaction& tx,
                                                    const std::vector<AgencyId>& agencies,
                                                    std::int64_t from, std::int64_t to,
                                                    std::int64_t at);

// The dossiers behind dossiers_rated_unsatisfied and dossiers_with_petition, for the staff page
// that names the dossiers costing points (quality/index766_analysis.hpp): finished in [from, to)
// as feedback_dossier knows them, decided by `agency` (unset: every agency), rated unsatisfied
// or with a PAKN about them. `late` as feedback_dossier copied it: a dossier not late is one of
// dossiers_against_not_late.
struct DossierMark {
  std::int64_t dossier_id = 0;  // onestop's id
  std::string code;
  AgencyId agency;  // the deciding agency
  bool late = false;
  bool unsatisfied = false;
  bool petition = false;
};
Result<std::vector<DossierMark>> ListDossierMarks(db::Transaction& tx, AgencyId agency,
                                                  std::int64_t from, std::int64_t to);

}  // namespace cqdt::feedback
