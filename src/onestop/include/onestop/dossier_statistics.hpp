// The one-stop desk's statistics (issue 12 item 6; the periodic report of the desks, TT 01/2018):
// per deciding agency and period, one row per procedure or sector — dossiers carried over from
// before the period, received in it (online; in person or by post), resolved in it early / on
// time / late (never made on time by an apology), still in progress at its end on time / late,
// refused or stopped, supplements asked — with the total, the average time each internal step
// took, and the counter queue's average waiting and serving times.
//
// Counted in SQL over the dossier rows (indexes on the deciding agency and the receipt time),
// so the page stays fast over millions of dossiers. "Late in progress" is judged at the end of
// the period, or now when the period has not ended.
// Permissions: the agency's leaders and counter officers; administrators for any agency
// (kPermissionDenied). Errors: kInvalidArgument naming from, to (YYYY-MM-DD, from ≤ to, at most
// 5 years apart), groupBy.
// Runs in the caller's (read) transaction. Thread safety: stateless beyond the clock.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "identity/principal.hpp"
#include "org/agency_service.hpp"

namespace cqdt::onestop {

enum class StatisticsGroup { kProcedure, kSector };

struct DossierStatisticsQuery {
  std::string from;  // YYYY-MM-DD, Vietnam, inclusive
  std::string to;    // YYYY-MM-DD, inclusive
  StatisticsGroup group = StatisticsGroup::kProcedure;
  AgencyId agency;  // unset: the caller's
};

struct DossierCounts {
  std::int64_t carried = 0;
  std::int64_t received_online = 0;
  std::int64_t received_other = 0;  // in person or by public post
  std::int64_t resolved_early = 0;
  std::int64_t resolved_on_time = 0;
  std::int64_t resolved_late = 0;
  std::int64_t open_on_time = 0;
  std::int64_t open_late = 0;
  std::int64_t refused = 0;  // rejected at receipt, or stopped (withdrawn, refused later)
  std::int64_t supplements = 0;
  DossierCounts& operator+=(const DossierCounts& o);
};

struct DossierStatisticsRow {
  std::string key;    // procedure or sector code
  std::string label;  // its name
  DossierCounts counts;
};

struct StepTime {
  std::string name;
  std::int64_t count = 0;
  double average_hours = 0;  // elapsed hours from hand-over to completion
};

struct DossierStatistics {
  std::string from, to;
  AgencyId agency;
  std::string agency_name;
  std::vector<DossierStatisticsRow> rows;  // by label
  DossierCounts total;
  std::vector<StepTime> steps;
  std::int64_t tickets = 0;
  double average_wait_minutes = 0;   // ticket issued → called
  double average_serve_minutes = 0;  // called → served
};

class DossierStatisticsService {
 public:
  DossierStatisticsService(const org::AgencyService& agencies, const Clock& clock)
      : agencies_(agencies), clock_(clock) {}

  Result<DossierStatistics> Compute(db::Transaction& tx, const identity::Principal& p,
                                    const DossierStatisticsQuery& q) const;

 private:
  const org::AgencyService& agencies_;
  const Clock& clock_;
};

}  // namespace cqdt::onestop
