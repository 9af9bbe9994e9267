// The proactive services' offers (issue 13 item 8; rules.hpp): the daily sweep finds, for each
// rule, the citizens' finished dossiers whose result expires or whose obligation comes due within
// the rule's lead time (a fixed term from the finish; or the term the citizen registered in the
// e-form, read once per dossier as it finishes and kept with its due date), and records one offer
// per (rule, source dossier) — a sweep run twice, or by two processes at once, creates nothing
// twice (a unique key, ON CONFLICT DO NOTHING) — with a notice to the citizen through notify
// (Vietnamese and English from the rule, linking to the portal). For a level-2 rule the offer
// carries a draft of the follow-up dossier (portal's DraftService): the citizen's account details
// and the earlier dossier's answers named by the rule, the receiving agency of the earlier dossier,
// and its result reused from the document store as the document the rule names; when the draft
// cannot be made (the citizen has kMaxDrafts) the offer stays a reminder until the citizen opens
// it.
//
// The citizen reads their offers (another's are kNotFound), dismisses one, or opens a level-2 one:
// its draft, made again when the citizen deleted it. An offer whose procedure the citizen has
// submitted since is shown as submitted. Every method runs in the caller's transaction; Sweep
// needs a write transaction. Thread safety: stateless beyond collaborators.
#pragma once

#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "identity/principal.hpp"
#include "notify/outbox.hpp"
#include "onestop/finished_dossiers.hpp"
#include "portal/document_store.hpp"
#include "portal/draft_service.hpp"
#include "portal/form_service.hpp"
#include "portal/submission_service.hpp"
#include "proactive/rules.hpp"

namespace cqdt::proactive {

std::vector<db::Migration> Migrations();

using OfferId = StrongId<struct OfferIdTag>;

enum class OfferState { kOpen, kDismissed, kSubmitted };
const char* OfferStateName(OfferState s);  // "open", "dismissed", "submitted"

struct Offer {
  OfferId id;
  std::string rule_code;
  int level = 1;
  EventKind kind = EventKind::kResultExpires;
  std::string title, title_en, notice, notice_en;  // filled in (rules.hpp Fill)
  std::string source_dossier_code;
  std::string source_procedure;
  std::string procedure_code;  // offered
  std::string due_date;        // YYYY-MM-DD (Vietnam)
  OfferState state = OfferState::kOpen;
  portal::DraftId draft;        // level 2, while the draft exists
  std::string submitted_code;   // kSubmitted: the dossier submitted since
  std::int64_t created_at = 0;  // Unix seconds
};

struct SweepReport {
  int offers = 0;   // offers made by this sweep
  int drafts = 0;   // of which with their draft prepared
  int notices = 0;  // notices written
};

class OfferService {
 public:
  OfferService(audit::AuditLog& audit, notify::Outbox& outbox, portal::FormService& forms,
               portal::DraftService& drafts, portal::DocumentStore& store,
               portal::SubmissionService& submissions, const RuleSet& rules, const Clock& clock)
      : audit_(audit),
        outbox_(outbox),
        forms_(forms),
        drafts_(drafts),
        store_(store),
        submissions_(submissions),
        rules_(rules),
        clock_(clock) {}

  const RuleSet& rules() const { return rules_; }

  // Today's offers for every rule (at most kSweepBatch source dossiers per rule and run).
  Result<SweepReport> Sweep(db::Transaction& tx, const audit::Actor& actor);
  // The citizen's offers, the newest first (realm citizen; kPermissionDenied otherwise).
  Result<std::vector<Offer>> Mine(db::Transaction& tx, const identity::Principal& p) const;
  Status Dismiss(db::Transaction& tx, const audit::Actor& actor, const identity::Principal& p,
                 OfferId id);
  // A level-2 offer's draft, made again when gone (kConflict for a level-1 offer).
  Result<Offer> Open(db::Transaction& tx, const audit::Actor& actor, const identity::Principal& p,
                     OfferId id);

  static constexpr int kSweepBatch = 1000;
  // A rule whose term is in the answers reads at most this many batches of newly finished
  // dossiers per run (a backlog drains over the following runs), from an hour before where the
  // last run stopped.
  static constexpr int kTermBatches = 20;
  static constexpr std::int64_t kLateCommitSeconds = 3600;

 private:
  struct Row;
  Result<Row> Load(db::Transaction& tx, const identity::Principal& p, OfferId id) const;
  // The draft of `row`'s follow-up dossier for its citizen.
  Result<portal::DraftId> BuildDraft(db::Transaction& tx, const audit::Actor& actor,
                                     const Rule& rule, const Row& row);
  Offer ToOffer(const Row& row) const;
  // A rule whose term is in the e-form: records the due date of each dossier finished since the
  // last run (proactive_term), then offers those whose window holds today.
  Status SweepTerms(db::Transaction& tx, const audit::Actor& actor, const Rule& rule,
                    std::int64_t now, SweepReport& report);
  // One offer for `d` due on `due`, with its notice and, at level 2, its draft; nothing when the
  // offer exists already.
  Status MakeOffer(db::Transaction& tx, const audit::Actor& actor, const Rule& rule,
                   const onestop::FinishedDossier& d, const Date& due, std::int64_t now,
                   SweepReport& report);

  audit::AuditLog& audit_;
  notify::Outbox& outbox_;
  portal::FormService& forms_;
  portal::DraftService& drafts_;
  portal::DocumentStore& store_;
  portal::SubmissionService& submissions_;
  const RuleSet& rules_;
  const Clock& clock_;
};

}  // namespace cqdt::proactive
