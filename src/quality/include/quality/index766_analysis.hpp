// Which procedures and which dossiers cost a unit points in the Decision 766 index, and why
// (issue 13, item 9: the staff page; ../shared/reference/chi-so-766.md §3, §6). The unit's score
// is the index's own (ComputeIndex's counters, Fractions and ScoreUnit over the same unit); this
// file divides what the unit lost among the procedures and dossiers that caused it.
//
// Points lost. A scored indicator loses max - score (unrounded). Its shortfall is what lies in
// its denominator and not in its numerator: dossiers for PROGRESS_ON_TIME, ONLINE_DOSSIERS,
// ONLINE_PAYMENT_DOSSIERS, DOSSIER_RECEIVING_SATISFACTION, ORIGINAL_RESULT_AVAILABLE,
// SO_HOA_GIAY_TO_GIAI_QUYET and REUSED_DIGITIZED_DATA; procedures for ONLINE_PROVIDED,
// ONLINE_USED, ONLINE_PAYMENT_FORMALITIES and FEE_FORMALITIES_USED. The loss is shared equally
// among the items of the shortfall (per_item = lost / shortfall), and a procedure loses per_item
// times its own shortfall, so that the procedures' losses add up to the unit's loss exactly,
// whatever the rule:
// - linear rule: per_item = max / denominator, the exact cost of each item (one more in the
//   numerator gives that much back), and a procedure loses its share of the denominator
//   x (1 - its ratio) x max;
// - threshold rule (full marks at ratio T): below T the unit loses max x (1 - ratio / T), and
//   per_item is at most the marginal max / (T x denominator) (the threshold forgives part of the
//   shortfall); at or above T nothing is lost, and the items cost 0 (they are still listed: they
//   would cost points again below T).
// What no procedure causes is the unit's (`unattributed`): the PAKN indicators
// (PETITION_PROCESSING_ON_TIME, PETITION_HANDLING_SATISFACTION: feedback about the agency, not
// about a procedure), and an indicator scored 0 for a zero denominator (no fee-bearing
// procedure, say). Dossier-level indicators count the dossiers a unit decides (the index's
// units are deciding agencies); DOSSIER_RECEIVING_SATISFACTION's rated-unsatisfied and
// complained-about dossiers come from feedback (feedback_counters.hpp, ListDossierMarks).
//
// Errors: kInvalidArgument naming "from" or "to" (CheckPeriod), "indicator" (not a dossier-level
// indicator of the rules); kNotFound for an unknown agency. Permissions are the caller's
// (identity::Authorizer::CanAnalyseIndex766). Runs in the caller's (read) transaction.
// Thread safety: stateless.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "org/agency_service.hpp"
#include "quality/index766.hpp"

namespace cqdt::quality {

// Why a dossier or a procedure lies outside an indicator's numerator.
enum class Reason {
  kFinishedLate,        // finished after its due time (PROGRESS_ON_TIME, and satisfaction)
  kOpenLate,            // still open past its due time (PROGRESS_ON_TIME)
  kNotOnline,           // not submitted online (ONLINE_DOSSIERS)
  kFeeNotPaidOnline,    // a fee not paid online (ONLINE_PAYMENT_DOSSIERS)
  kNotDigitized,        // no document scanned (SO_HOA_GIAY_TO_GIAI_QUYET)
  kNoDataReuse,         // no document replaced by data or reused (REUSED_DIGITIZED_DATA)
  kNoElectronicResult,  // the result not issued as a document here (ORIGINAL_RESULT_AVAILABLE)
  kRatedUnsatisfied,    // rated unsatisfied (DOSSIER_RECEIVING_SATISFACTION)
  kPetition,            // a PAKN about it (DOSSIER_RECEIVING_SATISFACTION)
  kNotOfferedOnline,    // procedure: information only (ONLINE_PROVIDED)
  kNoOnlineDossier,     // procedure: offered online, no online dossier (ONLINE_USED)
  kNoOnlinePayment,     // procedure: fee-bearing, no fee paid online (ONLINE_PAYMENT_FORMALITIES)
  kNoFeeDossier,        // procedure: fee-bearing, no dossier (FEE_FORMALITIES_USED)
};
const char* ReasonCode(Reason r);   // "finished_late", "open_late", ...
const char* ReasonLabel(Reason r);  // Vietnamese (English through the message catalog)

// The dossier-level indicators' codes, in the default rules' order.
const std::vector<std::string>& DossierIndicators();
bool IsDossierIndicator(const std::string& code);
// Where an indicator's loss is traced: "dossier", "procedure", or "unit" (PAKN, external).
const char* IndicatorLevel(const std::string& code);

struct IndicatorLoss {
  const GroupRule* group = nullptr;
  const IndicatorRule* rule = nullptr;
  IndicatorStatus status = IndicatorStatus::kScored;
  Fraction fraction;
  std::optional<double> score;  // unrounded; nullopt unless scored or not applicable
  double lost = 0;              // max - score when scored; else 0
  std::int64_t shortfall = 0;   // items outside the numerator, summed over the procedures
  double per_item = 0;          // lost / shortfall
  double unattributed = 0;      // lost that no procedure causes
};

struct ProcedureIndicatorLoss {
  const IndicatorRule* rule = nullptr;
  Fraction fraction;  // this procedure's part of the unit's fraction
  double lost = 0;    // per_item x (denominator - numerator)
};

struct ProcedureLoss {
  std::string code;
  std::string name;  // the catalogue's (in force on the period's last day); else the code
  double lost = 0;
  std::vector<ProcedureIndicatorLoss> indicators;  // where it has a denominator, rules' order
  std::vector<Reason> reasons;                     // procedure-level shortfalls
};

struct UnitAnalysis {
  std::string from, to;  // YYYY-MM-DD, inclusive
  std::string rules_version;
  std::int64_t computed_at = 0;           // Unix seconds
  UnitScore unit;                         // as the index scores it (rank 0)
  double lost = 0;                        // the sum of the indicators' losses (unrounded)
  std::vector<IndicatorLoss> indicators;  // every indicator, in the rules' order
  // Those with a shortfall or dossiers in the period, most points lost first, then by code.
  std::vector<ProcedureLoss> procedures;
};

// `unit`: a deciding agency; unset: the province (every agency, as ComputeIndex's province).
Result<UnitAnalysis> AnalyseUnit(db::Transaction& tx, const org::AgencyService& agencies,
                                 const RuleSet& rules, AgencyId unit, const std::string& from,
                                 const std::string& to, std::int64_t now);

inline constexpr std::int64_t kMaxDossiersPerPage = 100;
inline constexpr std::int64_t kMaxDossierOffset = 10000;

struct DossierQuery {
  std::string indicator;  // "": every dossier-level indicator
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};

struct DossierReason {
  const IndicatorRule* rule = nullptr;
  Reason reason = Reason::kNotOnline;
};

// A dossier outside one numerator at least: no applicant's data.
struct CostlyDossier {
  std::string code;
  std::string procedure_code, procedure_name;
  std::int64_t received_at = 0, due_at = 0, finished_at = 0;  // Unix seconds; 0: none
  double lost = 0;                     // the sum of per_item over the indicators it falls short of
  std::vector<DossierReason> reasons;  // in the rules' order
};

struct DossierPage {
  std::int64_t total = 0;  // the dossiers that match, over every page
  std::vector<CostlyDossier> items;
};

// The unit's dossiers outside a dossier-level indicator's numerator (the query's, or any), most
// points lost first, then by code; `limit` (1..kMaxDossiersPerPage) from `offset`
// (0..kMaxDossierOffset) - the caller checks those bounds. A dossier that feedback marks but that
// is not one of the period's dossiers here (its finish not yet refreshed) is left out.
Result<DossierPage> CostlyDossiers(db::Transaction& tx, const org::AgencyService& agencies,
                                   const RuleSet& rules, AgencyId unit, const std::string& from,
                                   const std::string& to, std::int64_t now,
                                   const DossierQuery& query);

}  // namespace cqdt::quality
