// Satisfaction ratings of finished dossiers (đánh giá mức độ hài lòng; issue 13, item 7;
// mot-cua.md §6.1 step 7; chi-so-766.md §3.5; decision 0018).
//
// A dossier whose result is ready (done or returned) is rated by its applicant on the overall
// level and, optionally, each criterion of the settings, with a comment. Three channels:
//   link     anyone holding the dossier code and its 4 check digits (the tracking page, the
//            receipt's QR code): the same check, the same one answer for every miss, as public
//            tracking (the API counts every attempt against the tracking limit);
//   portal   the signed-in citizen whose account the dossier belongs to;
//   counter  a counter officer (or leader) of the receiving or deciding agency records it at the
//            desk on the applicant's behalf, as a kiosk would.
// A dossier has one rating (rules.hpp CheckMayRate: within the rating window after its result,
// replaceable within the change window after the first rating, by any channel). Stored: the
// levels, the comment, the channel, rated_at (first) and updated_at, and the dossier's facts in
// feedback_dossier for the Decision 766 counts (feedback_counters.hpp).
//
// Errors: kInvalidArgument naming overall, criteria.<code>, comment, code, check; kNotFound
// (one sentence for an unknown code and a wrong check; a dossier that is not the citizen's, or
// not of the officer's agencies, is not found); kFailedPrecondition / kConflict (CheckMayRate);
// kPermissionDenied for staff whose role may not record ratings. Every write is audited
// ("feedback.rating") in the caller's transaction. Thread safety: stateless.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "feedback/dossier_directory.hpp"
#include "feedback/rules.hpp"
#include "feedback/settings.hpp"
#include "identity/principal.hpp"

namespace cqdt::feedback {

enum class RatingChannel { kLink, kPortal, kCounter };
const char* RatingChannelName(RatingChannel c);  // "link", "portal", "counter"

struct Rating {
  std::string dossier_code;
  std::string overall;
  bool unsatisfied = false;  // the overall level counts against satisfaction
  std::vector<std::pair<std::string, std::string>> criteria;  // in the settings' order
  std::string comment;
  RatingChannel channel = RatingChannel::kLink;  // of the latest write
  std::int64_t rated_at = 0;                     // the first rating
  std::int64_t updated_at = 0;
  int changes = 0;       // how many times it was replaced
  std::string rated_by;  // the actor's name (staff only)
};

// What the rating page shows: the dossier (no personal data), its rating, whether it may be
// rated now and, when not, why (Vietnamese).
struct RatingView {
  DossierFacts dossier;
  std::optional<Rating> rating;
  bool may_rate = false;
  std::string why_not;
  std::int64_t changeable_until = 0;  // 0 while not rated
};

struct RateOutcome {
  Rating rating;
  bool created = false;  // false: an earlier rating was replaced
};

struct LevelCount {
  std::string level;
  std::int64_t count = 0;
};

// The ratings given in [from, to) to dossiers an agency decided.
struct RatingSummary {
  AgencyId agency;
  std::int64_t total = 0;
  std::int64_t unsatisfied = 0;
  std::vector<LevelCount> overall;  // every level of the settings, in order
  struct CriterionCounts {
    std::string criterion;
    std::vector<LevelCount> levels;
  };
  std::vector<CriterionCounts> criteria;  // every criterion of the settings, in order
  std::vector<std::pair<std::string, std::int64_t>> channels;  // link, portal, counter
  std::vector<Rating> recent;  // the latest with a comment or unsatisfied, at most 20
};

class RatingService {
 public:
  RatingService(audit::AuditLog& audit, const DossierDirectory& dossiers, const Settings& settings,
                const Clock& clock)
      : audit_(audit), dossiers_(dossiers), settings_(settings), clock_(clock) {}

  Result<RatingView> ViewByCheck(db::Transaction& tx, const std::string& code,
                                 const std::string& check) const;
  Result<RateOutcome> RateByCheck(db::Transaction& tx, const audit::Actor& actor,
                                  const std::string& code, const std::string& check,
                                  RatingInput in) const;
  // The signed-in citizen's own dossier (realm citizen; others: kPermissionDenied).
  Result<RatingView> ViewOwn(db::Transaction& tx, const identity::Principal& p,
                             const std::string& code) const;
  Result<RateOutcome> RateOwn(db::Transaction& tx, const audit::Actor& actor,
                              const identity::Principal& p, const std::string& code,
                              RatingInput in) const;
  // At the desk (Authorizer::CanRecordRatingAt the receiving or deciding agency).
  Result<RatingView> ViewAtCounter(db::Transaction& tx, const identity::Principal& p,
                                   const std::string& code) const;
  Result<RateOutcome> RateAtCounter(db::Transaction& tx, const audit::Actor& actor,
                                    const identity::Principal& p, const std::string& code,
                                    RatingInput in) const;
  // Authorizer::CanReadFeedbackOf(agency); [from, to) in Unix seconds of rated_at.
  Result<RatingSummary> Summary(db::Transaction& tx, const identity::Principal& p, AgencyId agency,
                                std::int64_t from, std::int64_t to) const;

 private:
  RatingView ViewOf(db::Transaction& tx, DossierFacts facts) const;
  Result<RateOutcome> Write(db::Transaction& tx, const audit::Actor& actor,
                            const DossierFacts& facts, RatingChannel channel, RatingInput in) const;
  Result<DossierFacts> CounterDossier(db::Transaction& tx, const identity::Principal& p,
                                      const std::string& code) const;
  Result<DossierFacts> OwnDossier(db::Transaction& tx, const identity::Principal& p,
                                  const std::string& code) const;

  audit::AuditLog& audit_;
  const DossierDirectory& dossiers_;
  const Settings& settings_;
  const Clock& clock_;
};

}  // namespace cqdt::feedback
