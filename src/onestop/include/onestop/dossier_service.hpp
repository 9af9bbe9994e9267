// Dossiers from receipt to result (issue 12 item 2; mot-cua.md §4, §6, §7; decision 0017).
//
// Receipt at the counter: the counter officer chooses the procedure (its version in force today
// is kept by the dossier and marked used), the channel, the applicant, the checklist (which
// documents were handed in, which replaced by data, the scans uploaded before), the result
// delivery and the fee. In one transaction: the dossier code from `numbering` (gap-free per
// receiving agency and day), the appointment from the working calendar (cut-off, working hours),
// the steps of the procedure's internal process (a leading counter step is done by the receipt),
// the timeline's first line, the audit entry, and the applicant's notice when the dossier has a
// portal account. All or nothing.
//
// Actions (Act): the rule table of dossier_state.hpp decides what is allowed; this service adds
// who may do it and what it records:
//  - counter officers of the receiving or deciding agency: accept, reject, transfer, request a
//    supplement before processing, resubmit, confirm payment, record a withdrawal request, return
//    the result (returnedTo required);
//  - staff of the agency that performs the open step (the deciding agency's own steps, or another
//    agency's step of the inter-agency chain): complete it (its assignee, or anyone in the
//    step's role when it has none; the next step is handed over with its own planned end, to a
//    person of that step's agency, or to its leaders' attention when nobody is named), reassign
//    it (leaders of that agency, or the assignee);
//  - staff of the deciding agency: request a supplement or a payment, attach the result (result
//    files uploaded before, and/or resultNote), finish;
//  - leaders of the deciding agency: apologize (newAppointment after the current appointment;
//    the dossier still counts late), stop, approve or decline a withdrawal.
// A supplement or payment request opens a pause (the clock stops) and the answer closes it; the
// due time is recomputed from the pauses (dossier_clock.hpp). Finishing classifies the dossier
// early / on time / late against the due time (never the apology's date). Every action writes a
// timeline line (reason or note), an audit entry, and notices: the applicant's account for
// received, supplement needed, result ready, late with apology; the step's assignee when a step
// is handed to a person.
//
// Concurrency: Act takes `expected_updated_at` when the client sent it (kConflict when the
// dossier changed since it was read); the dossier row is updated with its state as a guard, so
// two officers acting at once never both succeed.
//
// Inter-agency dossiers (liên thông, issue 12 item 3): every step names the agency performing it
// (the desk's steps the receiving agency, the others the deciding agency, a step of another
// agency the one chosen at receipt in `step_agencies`); its allotted hours are that agency's
// share of the deadline, and the receiving desk returns the result.
// Permissions: staff of the receiving or deciding agency, or of an agency performing one of the
// steps, read a dossier; others get kNotFound.
// Errors: kInvalidArgument naming the client fields (procedureCode, channel, applicant.name
// (1..300), applicant.idNumber (..20), applicant.address (..500), applicant.phone (..20),
// applicant.email, applicant.representative (..300), documents[i].ordinal, documents[i].fileIds,
// stepAgencies (a step of another agency without one), stepAgencies[i].ordinal (not such a
// step), stepAgencies[i].agencyId (unknown),
// documents (a required document neither provided nor replaced by data), delivery, fee (0..10^12),
// note (..2000), decidingAgencyId, action, reason (1..2000 when the action needs it), assigneeId,
// newAppointment (YYYY-MM-DD), resultNote (..1000), returnedTo (1..300)); kConflict for a refused
// transition; kPermissionDenied for a role that may not act. Every method runs in the caller's
// transaction (writes: Database::Begin()). Thread safety: stateless beyond its collaborators.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/working_calendar.hpp"
#include "db/database.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "notify/outbox.hpp"
#include "numbering/counter_service.hpp"
#include "onestop/catalogue_service.hpp"
#include "onestop/dossier.hpp"
#include "onestop/dossier_forms.hpp"

namespace cqdt::onestop {

// An upload checked and stored durably before its transaction (StageUpload): the database's
// write lock is then held only for the row, not while the disk syncs the bytes. A staged file
// whose transaction fails stays in the content-addressed blob store unreferenced.
struct StagedFile {
  std::string name;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
};

struct ChecklistInput {
  int ordinal = 0;  // the procedure document, 1-based
  bool provided = false;
  bool by_data = false;
  std::vector<DossierFileId> file_ids;  // the scans of this document, uploaded before
  std::vector<StagedFile> staged;       // its scans sent with the receipt (StageUpload)
};

// The agency that performs a step of another agency (Performer::kOtherAgency), chosen at the
// receipt: the inter-agency chain (liên thông) on this instance.
struct StepAgencyInput {
  int ordinal = 0;  // the process step, 1-based
  AgencyId agency;
};

struct ReceiveInput {
  std::string procedure_code;
  Channel channel = Channel::kDirect;
  AgencyId deciding_agency;  // unset: the receiving agency decides
  Applicant applicant;
  std::vector<ChecklistInput> documents;
  std::vector<StepAgencyInput> step_agencies;  // one for every step of another agency
  ResultDelivery delivery = ResultDelivery::kCounter;
  std::optional<std::int64_t> fee;  // unset: the channel's published fees
  bool fee_paid = false;
  std::string note;
};

struct ActionInput {
  DossierAction action = DossierAction::kTransfer;
  std::string reason;
  UserId assignee;                      // transfer, complete_step, reassign: the next person
  std::string new_appointment;          // apologize: YYYY-MM-DD
  std::vector<DossierFileId> file_ids;  // resubmit (supplement), attach_result (result)
  std::string result_note;              // attach_result
  std::string returned_to;              // return
  std::optional<std::int64_t> expected_updated_at;
};

// How many last digits of the applicant's phone or ID number open a dossier's tracking page.
inline constexpr std::size_t kTrackingCheckDigits = 4;

// A dossier submitted online (the portal, issue 13): state `new` under a provisional key
// ("TT-" and 16 hex digits) until the desk accepts it — then it gets its code, numbered on the
// day of its deemed receipt (mot-cua.md M12: outside working hours, the next working day's
// start), and its appointment. Files come with the portal's uploads.
// A file of an online dossier, checked and stored durably by the portal before the transaction:
// uploaded for it, or reused from the citizen's document store (kho dữ liệu; Decree 45/2020:
// what the citizen gave once is not asked again).
struct OnlineFile {
  int ordinal = 0;  // the checklist item (1-based); 0 for a supplement not tied to one
  StagedFile file;
  bool reused = false;
};

struct OnlineSubmission {
  std::string procedure_code;
  AgencyId agency;  // the receiving agency the applicant chose
  Applicant applicant;
  // provided (the e-form stands for it) / byData (only where the catalogue allows it).
  std::vector<ChecklistInput> documents;
  std::vector<OnlineFile> files;  // each provides its checklist item
  ResultDelivery delivery = ResultDelivery::kElectronic;
  std::string note;
};

// A citizen's own dossier (the portal's "Hồ sơ của tôi"): the dossier without the files the
// citizen may not have yet (a result before it is ready), and its timeline.
struct CitizenDossier {
  Dossier dossier;
  std::vector<DossierEvent> timeline;
};

// A file of one of a citizen's dossiers, for their document store.
struct CitizenDossierFile {
  DossierFile file;
  std::string dossier_code;
  std::string procedure_code;
  std::string procedure_name;
  std::string document_name;  // the checklist item's, "" when none
  DossierState state = DossierState::kNew;
};

// The answer to a supplement request, given online by the dossier's citizen.
struct SupplementAnswer {
  std::string note;  // ..2000
  std::vector<OnlineFile> files;
  std::optional<std::int64_t> expected_updated_at;
};

enum class DossierQueue {
  kAgency,   // every dossier of the caller's agency (received or decided there)
  kMine,     // the open steps assigned to the caller, or to the caller's role with no assignee
  kCounter,  // what the desk must move: received, waiting for a supplement, done (to return)
  kLate,     // open dossiers past their due time or flagged
};

struct DossierFilter {
  DossierQueue queue = DossierQueue::kAgency;
  std::optional<DossierState> state;
  std::string query;  // words of the code, applicant or procedure (folded)
  int limit = 50;     // 1..200
  int offset = 0;
};

struct DossierPage {
  std::vector<DossierSummary> items;
  std::int64_t total = 0;
};

struct EscalationReport {
  int steps = 0;     // steps newly found overdue (their notices written, each step marked)
  int dossiers = 0;  // dossiers newly flagged late
};

struct DossierServiceOptions {
  // Largest upload, bytes (the api passes its configured limit).
  std::size_t max_file_bytes = 50 * 1024 * 1024;
};

class DossierService {
 public:
  DossierService(audit::AuditLog& audit, const org::AgencyService& agencies,
                 identity::IdentityService& identity, CatalogueService& catalogue,
                 const numbering::CounterService& counters, const notify::Outbox& outbox,
                 blob::BlobStore& blobs, const WorkingCalendar& calendar, const Clock& clock,
                 DossierServiceOptions options = {})
      : audit_(audit),
        agencies_(agencies),
        identity_(identity),
        catalogue_(catalogue),
        counters_(counters),
        outbox_(outbox),
        blobs_(blobs),
        calendar_(calendar),
        clock_(clock),
        options_(options) {}

  // Stores an unattached file of the caller's agency (PDF, PNG, JPEG or TIFF, by content).
  Result<DossierFile> Upload(db::Transaction& tx, const audit::Actor& actor,
                             const identity::Principal& p, const std::string& name,
                             std::string_view bytes);
  // The same in two halves: the check and the durable bytes outside any transaction, then the
  // row in `tx` (the HTTP upload, so that receipts do not queue behind a disk sync).
  Result<StagedFile> StageUpload(const identity::Principal& p, const std::string& name,
                                 std::string_view bytes) const;
  Result<DossierFile> Upload(db::Transaction& tx, const audit::Actor& actor,
                             const identity::Principal& p, const StagedFile& staged);
  Result<Dossier> Receive(db::Transaction& tx, const audit::Actor& actor,
                          const identity::Principal& p, const ReceiveInput& in);
  // A citizen's online submission (realm citizen): checked as a receipt is (procedure in force
  // and offered online, the agency performs it, every required document provided by a file or
  // the e-form, or replaced by data where the catalogue allows it — documents[i].byData), stored
  // `new` with its files (the reused ones marked on the file and its checklist item), the
  // version marked used, the receiving desk's counter officers told ("onestop.online_submitted").
  Result<Dossier> SubmitOnline(db::Transaction& tx, const audit::Actor& actor,
                               const identity::Principal& p, const OnlineSubmission& in);

  // The citizen's side (dossier_citizen.cpp): realm citizen, their own dossiers only — another's
  // code or file id is kNotFound. A result file shows once the dossier is done.
  Result<std::vector<DossierSummary>> CitizenDossiers(db::Transaction& tx,
                                                      const identity::Principal& p) const;
  Result<CitizenDossier> CitizenView(db::Transaction& tx, const identity::Principal& p,
                                     const std::string& code) const;
  Result<std::vector<CitizenDossierFile>> CitizenFiles(db::Transaction& tx,
                                                       const identity::Principal& p) const;
  Result<CitizenDossierFile> CitizenFile(db::Transaction& tx, const identity::Principal& p,
                                         DossierFileId id) const;
  // The bytes of a file already read through an access check.
  Result<std::string> FileBytes(const DossierFile& f) const;
  // The citizen answers a supplement request online: the files (kind supplement) and the note,
  // the pause closed, the dossier back where it was asked (`new`: the desk's acceptance; a
  // received one: its processing, the due time moved by the pause), the desk told
  // ("onestop.supplement_answered"). kConflict when no supplement is asked (or the dossier changed
  // since `expected_updated_at`); kInvalidArgument "files" when neither a file nor a note is given.
  Result<Dossier> AnswerSupplement(db::Transaction& tx, const audit::Actor& actor,
                                   const identity::Principal& p, const std::string& code,
                                   const SupplementAnswer& in);
  Result<Dossier> Get(db::Transaction& tx, const identity::Principal& p,
                      const std::string& code) const;
  Result<DossierPage> List(db::Transaction& tx, const identity::Principal& p,
                           const DossierFilter& filter) const;
  // For the operator's command line (`cqdt dossier show`), who holds the database anyway: the
  // dossier and its timeline without an access check. kNotFound for an unknown code.
  Result<std::pair<Dossier, std::vector<DossierEvent>>> Lookup(db::Transaction& tx,
                                                               const std::string& code) const;
  // Public tracking (issue 13, item 5): the dossier `code` as TrackedDossier, when `check` is
  // the last kTrackingCheckDigits digits of its applicant's phone number or ID number.
  // kNotFound otherwise — the same answer, word for word, for an unknown code, a wrong check and
  // a dossier with neither number — so that a code alone tells nothing (the API also limits the
  // attempts per address). kInvalidArgument for a malformed code or check, naming `code` /
  // `check`.
  Result<TrackedDossier> Track(db::Transaction& tx, const std::string& code,
                               const std::string& check) const;
  Result<std::vector<DossierEvent>> Timeline(db::Transaction& tx, const identity::Principal& p,
                                             const std::string& code) const;
  Result<Dossier> Act(db::Transaction& tx, const audit::Actor& actor, const identity::Principal& p,
                      const std::string& code, const ActionInput& in);

  // Fees (issue 13, item 4; dossier_fees.cpp). The dossiers received at `agency` whose fee is
  // not paid and that are not new, refused or stopped, by code: what a bank statement is
  // matched against. The desk's staff of that agency (counter officers, leaders) and
  // administrators; kPermissionDenied otherwise.
  Result<std::vector<std::pair<std::string, std::int64_t>>> FeesDue(db::Transaction& tx,
                                                                    const identity::Principal& p,
                                                                    AgencyId agency) const;
  // Records the fee of `code` as paid (`note`: how, e.g. the bank reference): a dossier waiting
  // for its payment resumes (confirm_payment); another keeps its state and gets a "fee_paid"
  // event. The same staff as FeesDue, of the receiving agency. kConflict when nothing is due.
  // `method` is recorded for Decision 766 (a transfer matched from a statement is an online
  // payment).
  Result<Dossier> RecordFeePaid(db::Transaction& tx, const audit::Actor& actor,
                                const identity::Principal& p, const std::string& code,
                                const std::string& note, FeeMethod method);
  // The escalation sweep (every few minutes): a step past its planned end, or a dossier whose
  // clock runs past its due time, flags the dossier late and notifies the deciding agency's
  // leaders once (a step is marked when told; dedup key per step, per dossier). Writes in `tx`
  // (Database::Begin()).
  Result<EscalationReport> Escalate(db::Transaction& tx) const;
  // Whether Escalate would find anything now (a late step whose leaders were not told, an open
  // dossier past its due time not yet flagged); reads only, in any transaction.
  Result<bool> EscalationDue(db::Transaction& tx) const;

  // The actions `p` may take on `d` now (the rule table, the roles and the open step's
  // assignee), for the pages to offer only those.
  std::vector<DossierAction> AllowedActions(const identity::Principal& p, const Dossier& d) const;
  // A form of the dossier as PDF (dossier_forms.hpp), headed with the receiving agency (the
  // deciding agency for the apology) and its parent; the receipt's QR code links to
  // `tracking_base` + "/tra-cuu-ho-so?ma=" + code.
  Result<std::string> FormPdf(db::Transaction& tx, const identity::Principal& p,
                              const std::string& code, DossierForm form,
                              const std::string& tracking_base) const;
  // The bytes of a file of a dossier the caller may read (kNotFound otherwise).
  Result<std::pair<DossierFile, std::string>> FileContent(db::Transaction& tx,
                                                          const identity::Principal& p,
                                                          const std::string& code,
                                                          DossierFileId id) const;

 private:
  audit::AuditLog& audit_;
  const org::AgencyService& agencies_;
  identity::IdentityService& identity_;
  CatalogueService& catalogue_;
  const numbering::CounterService& counters_;
  const notify::Outbox& outbox_;
  blob::BlobStore& blobs_;
  const WorkingCalendar& calendar_;
  const Clock& clock_;
  DossierServiceOptions options_;
};

}  // namespace cqdt::onestop
