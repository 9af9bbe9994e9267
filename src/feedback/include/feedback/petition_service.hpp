// Feedback and complaints (phản ánh, kiến nghị — PAKN; issue 13, item 7; chi-so-766.md §3.5;
// decision 0018).
//
// Filing: anyone — a signed-in citizen, or a person giving a name and a phone number or e-mail
// address — files a PAKN about a dossier (its code and check digits, or the citizen's own
// dossier: it goes to the dossier's deciding agency) or about an agency, in a category of the
// settings, with a title and a text. It gets a code ("PA-YYMMDD-NNNN", gap-free per day through
// `numbering`) and a due day: settings.answer_working_days working days after the day it
// arrived (rules.hpp PetitionDue). The agency's leaders are notified (notify outbox).
//
// Handling: the agency's staff see its queue (Authorizer::CanReadFeedbackOf); leaders and
// counter officers assign a PAKN to a person of the agency (notified) or transfer it to the
// competent agency (a new due day from the transfer; that agency's leaders notified); the
// assignee, or a leader, answers — and may publish the question (as they rewrite it, with no
// personal data) with the answer on the portal's public list. An answered PAKN is final; the
// filer (a citizen with an account) is notified. Overdue: not answered by its due day
// (IsOverdue); the sweep notifies the leaders once.
//
// Following: the filer opens their PAKN by its code and the phone or e-mail they gave
// (ContactMatches; one answer for an unknown code and a wrong contact), or as the signed-in
// citizen who filed it; once answered, they may say whether the answer satisfies them
// (once): "unsatisfied" counts against PETITION_HANDLING_SATISFACTION.
//
// Errors: kInvalidArgument naming the fields (dossierCode, check, agencyId, category, title
// (1..300), content (1..5000), name (1..200), phone, email, contact, assigneeId, answer
// (1..5000), publicQuestion (1..2000 when publishing), reason (..1000), satisfied, comment
// (..1000)); kNotFound (also for a PAKN the caller may not see); kPermissionDenied;
// kConflict for an action the PAKN's state refuses (answered: no assignment, transfer or second
// answer; a verdict before the answer, or a second one). Every write is audited in the
// caller's transaction ("feedback.petition.*"). Thread safety: stateless.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/working_calendar.hpp"
#include "db/database.hpp"
#include "feedback/dossier_directory.hpp"
#include "feedback/settings.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "notify/outbox.hpp"
#include "numbering/counter_service.hpp"
#include "org/agency_service.hpp"

namespace cqdt::feedback {

enum class PetitionState { kReceived, kProcessing, kAnswered };
const char* PetitionStateName(PetitionState s);  // "received", "processing", "answered"
std::optional<PetitionState> ParsePetitionState(std::string_view s);
std::string PetitionStateLabel(PetitionState s);  // Vietnamese

enum class Verdict { kNone, kSatisfied, kUnsatisfied };
const char* VerdictName(Verdict v);  // "", "satisfied", "unsatisfied"

struct PetitionInput {
  std::string dossier_code;  // about a dossier: its code, and…
  std::string check;         // …its check digits (not needed for the citizen's own dossier)
  AgencyId agency;           // about an agency (no dossier)
  std::string category;
  std::string title;
  std::string content;
  std::string name;  // the filer (a signed-in citizen's account name when empty)
  std::string phone;
  std::string email;
};

struct PetitionEvent {
  std::int64_t at = 0;
  std::string action;  // "file", "assign", "transfer", "answer", "verdict"
  std::string actor;
  AgencyId agency;  // the agency it was at after the event
  std::string agency_name;
  std::string note;
};

struct Petition {
  std::int64_t id = 0;
  std::string code;
  AgencyId agency;  // competent now
  std::string agency_name;
  AgencyId first_agency;
  std::string dossier_code;  // "" when about an agency
  std::string category;
  std::string title;
  std::string content;
  std::string filer_name;
  std::string filer_phone;
  std::string filer_email;
  CitizenId citizen;
  PetitionState state = PetitionState::kReceived;
  UserId assignee;
  std::string assignee_name;
  std::int64_t filed_at = 0;
  std::int64_t received_at = 0;  // at the current agency
  std::string due_on;            // YYYY-MM-DD (Vietnam)
  std::int64_t due_at = 0;       // the first second after the due day
  std::string answer;
  std::int64_t answered_at = 0;
  std::string answered_by;
  bool published = false;
  std::string public_question;
  Verdict verdict = Verdict::kNone;
  std::string verdict_comment;
  std::int64_t verdict_at = 0;
  bool overdue = false;               // at the time of reading
  bool answered_late = false;         // answered after the due day
  std::vector<PetitionEvent> events;  // oldest first (Get only)
};

// A line of the public list: no name, contact, content or officer.
struct PublishedPetition {
  std::string code;
  AgencyId agency;
  std::string agency_name;
  std::string category;
  std::string public_question;
  std::string answer;
  std::int64_t filed_at = 0;
  std::int64_t answered_at = 0;
};

struct PetitionFilter {
  AgencyId agency;  // unset: the caller's agency (administrators must name one)
  std::optional<PetitionState> state;
  bool overdue_only = false;
  int limit = 50;  // 1..200
  int offset = 0;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

struct AnswerInput {
  std::string answer;
  bool publish = false;
  std::string public_question;
};

struct SweepReport {
  int dossiers_refreshed = 0;  // dossier facts that changed (a finish, a close)
  int overdue_notified = 0;    // PAKN newly overdue, their leaders notified
};

class PetitionService {
 public:
  PetitionService(audit::AuditLog& audit, const org::AgencyService& agencies,
                  identity::IdentityService& identity, const numbering::CounterService& counters,
                  const notify::Outbox& outbox, const DossierDirectory& dossiers,
                  const WorkingCalendar& calendar, const Settings& settings, const Clock& clock)
      : audit_(audit),
        agencies_(agencies),
        identity_(identity),
        counters_(counters),
        outbox_(outbox),
        dossiers_(dossiers),
        calendar_(calendar),
        settings_(settings),
        clock_(clock) {}

  // `citizen`: the signed-in citizen filing, or null for a person without an account.
  Result<Petition> File(db::Transaction& tx, const audit::Actor& actor,
                        const identity::Principal* citizen, PetitionInput in) const;
  // The filer's view (no assignee name, no events' actors).
  Result<Petition> Follow(db::Transaction& tx, const std::string& code,
                          const std::string& contact) const;
  Result<Petition> SetVerdict(db::Transaction& tx, const audit::Actor& actor,
                              const std::string& code, const std::string& contact,
                              std::optional<bool> satisfied, const std::string& comment) const;
  // The signed-in citizen's own PAKN, newest first.
  Result<std::vector<Petition>> ListOwn(db::Transaction& tx, const identity::Principal& p) const;
  Result<Page<PublishedPetition>> Published(db::Transaction& tx, AgencyId agency, int limit,
                                            int offset) const;

  // Staff.
  Result<Page<Petition>> Queue(db::Transaction& tx, const identity::Principal& p,
                               const PetitionFilter& filter) const;
  Result<Petition> Get(db::Transaction& tx, const identity::Principal& p,
                       const std::string& code) const;
  Result<Petition> Assign(db::Transaction& tx, const audit::Actor& actor,
                          const identity::Principal& p, const std::string& code,
                          UserId assignee) const;
  Result<Petition> Answer(db::Transaction& tx, const audit::Actor& actor,
                          const identity::Principal& p, const std::string& code,
                          AnswerInput in) const;
  Result<Petition> Transfer(db::Transaction& tx, const audit::Actor& actor,
                            const identity::Principal& p, const std::string& code, AgencyId to,
                            const std::string& reason) const;

  // Every few minutes (app's escalation timer): the facts of dossiers not yet finished, asked
  // of onestop again (at most `batch`), and the leaders of agencies with PAKN newly overdue
  // notified once each. Writes in `tx`.
  Result<SweepReport> Sweep(db::Transaction& tx, int batch = 200) const;

 private:
  Result<Petition> Load(db::Transaction& tx, const std::string& code) const;
  Result<Petition> Visible(db::Transaction& tx, const identity::Principal& p,
                           const std::string& code) const;
  Result<Petition> FollowLoad(db::Transaction& tx, const std::string& code,
                              const std::string& contact) const;
  void AddEvent(db::Transaction& tx, const Petition& p, const std::string& action,
                const std::string& actor, AgencyId agency, const std::string& note) const;
  Status NotifyLeaders(db::Transaction& tx, AgencyId agency, const Petition& p,
                       const std::string& kind, const std::string& vi, const std::string& en) const;
  void Finish(db::Transaction& tx, Petition& p, bool with_events) const;

  audit::AuditLog& audit_;
  const org::AgencyService& agencies_;
  identity::IdentityService& identity_;
  const numbering::CounterService& counters_;
  const notify::Outbox& outbox_;
  const DossierDirectory& dossiers_;
  const WorkingCalendar& calendar_;
  const Settings& settings_;
  const Clock& clock_;
};

}  // namespace cqdt::feedback
