// What the Decision 766 index counts (issue 13, item 9; ../shared/reference/chi-so-766.md §3, §5):
// per deciding agency and procedure, over a period, the dossiers counted by each of the rules'
// numerators and denominators; and per procedure in force, the facts of the catalogue the index
// asks about (online level, fees, documents that data can replace, the agencies that perform it).
// The scoring is quality/index766.hpp's; this file only counts, in one statement per deciding
// agency over its dossiers (two ranges of the statistics' covering index, migrations 7, 9 and 10:
// the files, data and result document are flags on the dossier's row) and one over the
// catalogue.
//
// Definitions (chi-so-766.md §3.2–3.6; the period is [from, to) in Unix seconds, "at" is when
// "late" is judged: the period's end, or now when it has not ended):
//   received          received in the period (not new online submissions still waiting)
//   received_online   of those, submitted online (channel 2)
//   progress_total    received in the period, not refused at receipt nor stopped
//   progress_on_time  of those, finished by `to` early or on time, or open at `at` and not past due
//   finished          finished (result ready) in the period, not refused or stopped
//   finished_late     of those, late (an apology does not make it on time)
//   finished_with_result_document  of `finished`, with the result issued as a document here
//   fee_bearing       received with a fee to pay
//   paid_online       of those, paid by bank transfer matched from a statement
//   with_files        received with at least one file of its documents (digitised; a result
//                     file is not one)
//   by_data           received with at least one document replaced by the state's data, or
//                     reused from the citizen's document store (portal)
//
// The same period's dossiers one by one (VisitPeriodDossiers: the facts behind each counter, for
// the staff page that shows which dossiers cost points, quality/index766_analysis.hpp): the
// same two ranges, the same conditions, so that a dossier is outside a numerator here exactly
// when the counters leave it out; no applicant's data.
// Thread safety: stateless; CountService may run part of its reads on threads of its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "onestop/procedure.hpp"

namespace cqdt::onestop {

struct ProcedureCounters {
  AgencyId agency;  // the deciding agency
  std::string procedure_code;
  std::int64_t received = 0;
  std::int64_t received_online = 0;
  std::int64_t progress_total = 0;
  std::int64_t progress_on_time = 0;
  std::int64_t finished = 0;
  std::int64_t finished_late = 0;
  std::int64_t finished_with_result_document = 0;
  std::int64_t fee_bearing = 0;
  std::int64_t paid_online = 0;
  std::int64_t with_files = 0;
  std::int64_t by_data = 0;
};

struct ProcedureFacts {
  std::string code;
  OnlineLevel online_level = OnlineLevel::kPartial;
  bool fee_bearing = false;          // a channel names a fee above 0 đồng
  bool replaceable_by_data = false;  // a document may be replaced by the state's data
  std::vector<AgencyId> agencies;    // who performs it; empty when the catalogue names none
  std::string name;                  // in force on the period's last day
};

struct ServiceCounters {
  std::vector<ProcedureCounters> dossiers;  // by agency, then procedure code
  std::vector<ProcedureFacts> procedures;   // in force on the period's last day, by code
};

// More readers for CountService: with a database, the agencies are shared among `threads`
// readers (the caller's transaction and threads - 1 read transactions of their own, each opened
// on its own thread). Each agency's counts then come from one snapshot, the province's from
// several taken within moments of each other: an estimate's precision, at a fraction of the
// time (the count is per-row work; a year of a province is two million rows).
struct CountWorkers {
  db::Database* db = nullptr;
  std::size_t threads = 1;
};

// Counts for [from, to) (Unix seconds) of the dossiers `agencies` decide (each agency's two
// ranges of the statistics' covering index); `at` as above; `last_day` (YYYY-MM-DD) picks the
// catalogue's versions in force.
Result<ServiceCounters> CountService(db::Transaction& tx, const std::vector<AgencyId>& agencies,
                                     std::int64_t from, std::int64_t to, std::int64_t at,
                                     const std::string& last_day, const CountWorkers& workers = {});

// One dossier of the period with what each counter asks of it. A counter counts the dossier
// when all its conditions hold: received = received; received_online = received && online;
// progress_total = received && live; progress_on_time = that && on_time; finished =
// finished_here && live; finished_late = that && late; finished_with_result_document = that &&
// result_document; fee_bearing = received && fee; paid_online = that && paid_online; with_files
// = received && files; by_data = received && by_data.
struct PeriodDossier {
  std::int64_t id = 0;  // onestop_dossier.id (feedback's dossier_id)
  std::string code;
  std::string procedure_code;
  std::string procedure_name;                                 // as the dossier was received
  AgencyId agency;                                            // the deciding agency
  std::int64_t received_at = 0, due_at = 0, finished_at = 0;  // Unix seconds; 0: none
  bool received = false, online = false, live = false, on_time = false, finished_here = false,
       late = false, result_document = false, fee = false, paid_online = false, files = false,
       by_data = false;
};

// Calls `visit` for each dossier of [from, to) that `agencies` decide, as CountService counts
// them (in no particular order). Runs in the caller's transaction.
Status VisitPeriodDossiers(db::Transaction& tx, const std::vector<AgencyId>& agencies,
                           std::int64_t from, std::int64_t to, std::int64_t at,
                           const std::function<void(const PeriodDossier&)>& visit);

// The code and procedure of each dossier of `ids` (onestop_dossier.id) that exists, in no
// particular order: what a dossier another module names by id is about.
struct DossierBrief {
  std::int64_t id = 0;
  std::string code, procedure_code, procedure_name;
};
std::vector<DossierBrief> DossierBriefs(db::Transaction& tx, const std::vector<std::int64_t>& ids);

}  // namespace cqdt::onestop
