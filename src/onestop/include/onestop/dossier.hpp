// A dossier (hồ sơ thủ tục hành chính; ../shared/reference/mot-cua.md §4.2; decision 0017): what
// was asked under which procedure version, by whom, at which agency, with which documents, its
// state and clocks, its internal steps (the process control slip, Mẫu 05/06) and its result.
// Plain data; times are Unix seconds (UTC), shown in Vietnam time by the callers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "documents/document.hpp"
#include "onestop/dossier_clock.hpp"
#include "onestop/dossier_state.hpp"
#include "onestop/procedure.hpp"

namespace cqdt::onestop {

using DossierId = StrongId<struct DossierIdTag>;
using DossierFileId = StrongId<struct DossierFileIdTag>;

// How the applicant receives the result (hình thức nhận kết quả, §6.1 step 6).
enum class ResultDelivery { kCounter, kPostal, kElectronic };
const char* ResultDeliveryName(ResultDelivery d);  // "counter", "postal", "electronic"
std::optional<ResultDelivery> ParseResultDelivery(std::string_view s);
std::string ResultDeliveryLabel(ResultDelivery d);

// What a file of a dossier is: a document of the application (scan or electronic), one supplied
// later, the result, or a form the desk printed and had signed.
enum class DossierFileKind { kApplication, kSupplement, kResult };
const char* DossierFileKindName(DossierFileKind k);  // "application", "supplement", "result"

struct Applicant {
  std::string name;       // họ tên, or the organisation's name
  std::string id_number;  // số định danh cá nhân (12 digits) or mã số thuế; may be empty
  std::string address;
  std::string phone;
  std::string email;
  std::string representative;  // who filed on the applicant's behalf (người nộp thay), or empty
  friend bool operator==(const Applicant&, const Applicant&) = default;
};

struct DossierFile {
  DossierFileId id;
  DossierId dossier_id;  // unset until the receipt or action that attaches it
  AgencyId agency_id;    // the uploader's agency
  DossierFileKind kind = DossierFileKind::kApplication;
  int document_ordinal = 0;  // the checklist item (1-based) it belongs to; 0 for none
  std::string name;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
  UserId uploaded_by;  // unset for a citizen's file
  std::int64_t uploaded_at = 0;
  CitizenId citizen;    // the citizen who gave it online (portal), unset for staff uploads
  bool reused = false;  // taken from the citizen's document store (kho dữ liệu), not uploaded
};

// One line of the checklist of required documents (thành phần hồ sơ) as received.
// How a dossier's fee was paid, as Decision 766 counts it (chi-so-766.md §3.4, §5): at the desk,
// or by bank transfer matched from the agency's statement (an online payment). A fee paid at the
// receipt keeps kNone: it was paid at the desk.
enum class FeeMethod { kNone, kCounter, kTransfer };
const char* FeeMethodName(FeeMethod m);  // "", "counter", "transfer"

struct ChecklistItem {
  int ordinal = 0;  // the procedure version's document, 1-based
  std::string name;
  int originals = 0;
  int copies = 0;
  bool required = true;
  bool provided = false;  // handed in (paper or file)
  bool by_data = false;   // replaced by data the state holds (no paper asked)
  // A file of it was reused from the citizen's document store (Decision 766 counts dossiers with
  // a component reused: onestop_dossier_document.reused_from = 'store').
  bool reused = false;
};

// One internal step of the dossier (a row of the process control slip).
struct DossierStep {
  int ordinal = 0;  // 1-based, the procedure version's process order
  std::string name;
  Performer performer = Performer::kOfficer;
  double hours = 0;  // allotted working hours: this step's (and its agency's) share
  // The agency that performs it: the receiving agency for the desk's steps, the deciding agency
  // for its own, the agency chosen at receipt for a step of another agency (liên thông).
  AgencyId agency;
  std::string agency_name;  // filled on read
  UserId assignee;          // unset: anyone of the step's agency in the performer's role
  std::string assignee_name;
  std::int64_t started_at = 0;  // 0 until handed over
  std::int64_t planned_end = 0;
  std::int64_t finished_at = 0;  // 0 while open
  std::string finished_by;
  std::optional<Timeliness> outcome;
  std::string note;
};

// One line of the timeline: every receipt, transition and hand-over.
struct DossierEvent {
  std::int64_t at = 0;
  std::string actor_name;
  std::string action;  // "receive", or a DossierActionName
  DossierState from = DossierState::kNew;
  DossierState to = DossierState::kNew;
  std::string note;
};

struct Dossier {
  DossierId id;
  std::string code;  // mã hồ sơ (core/dossier_code.hpp)
  ProcedureVersionId version_id;
  std::string procedure_code;
  std::string procedure_name;
  AgencyId receiving_agency;
  AgencyId deciding_agency;
  Channel channel = Channel::kDirect;
  DossierState state = DossierState::kReceived;
  DossierState resume_to = DossierState::kProcessing;
  Applicant applicant;
  CitizenId citizen;  // the portal account it belongs to, when any (notices go there)
  int sets = 1;
  std::int64_t submitted_at = 0;
  std::int64_t received_at = 0;
  std::string received_by;
  Deadline deadline;
  bool restart_on_supplement = false;
  std::int64_t transfer_due_at = 0;
  std::int64_t appointment_at = 0;      // ngày hẹn trả at receipt
  std::int64_t due_at = 0;              // the appointment moved by pauses (the legal due time)
  std::int64_t new_appointment_at = 0;  // the apology's new date (Mẫu 04), 0 when none
  std::int64_t fee = 0;                 // đồng
  bool fee_paid = false;
  ResultDelivery delivery = ResultDelivery::kCounter;
  std::string result_note;  // what the result is (số, ngày of the decision…)
  // The outgoing document drafted as the result (dossier_result.hpp); unset when none.
  documents::DocumentId result_document;
  std::int64_t finished_at = 0;  // the result was ready
  std::int64_t returned_at = 0;
  std::string returned_to;               // who took the result, or the postal tracking number
  std::optional<Timeliness> timeliness;  // set when finished
  bool late_flag = false;                // a step or the dossier passed its deadline
  std::string note;
  std::int64_t updated_at = 0;
  std::vector<ChecklistItem> checklist;
  std::vector<DossierStep> steps;
  std::vector<DossierFile> files;
};

// A dossier as anyone holding its code and the check digits may see it (the portal's tracking
// page, the receipt's QR code; DossierService::Track): where it is and when it is due, with no
// name, address, contact, note, file or officer of it.
struct TrackedDossier {
  std::string code;
  std::string procedure_code;
  std::string procedure_name;
  AgencyId receiving_agency;  // whose account a fee is paid to (payment/payment_account.hpp)
  std::string receiving_agency_name;
  std::int64_t fee = 0;  // đồng, as on the receipt slip
  bool fee_paid = false;
  Channel channel = Channel::kDirect;
  DossierState state = DossierState::kReceived;
  std::int64_t received_at = 0;
  std::int64_t appointment_at = 0;
  std::int64_t due_at = 0;
  std::int64_t new_appointment_at = 0;
  std::int64_t finished_at = 0;
  std::int64_t returned_at = 0;
  std::optional<Timeliness> timeliness;
  // The steps with their agencies and times (no assignee).
  struct Step {
    int ordinal = 0;
    std::string name;
    std::string agency_name;
    std::int64_t started_at = 0;
    std::int64_t finished_at = 0;
  };
  std::vector<Step> steps;
  // The timeline with actor names and notes left out.
  std::vector<DossierEvent> timeline;
  // The check values that open this view (the last 4 digits of the applicant's phone and of the
  // ID number, where longer than 4): for a cache of the answer to compare a later request's
  // check with. Never shown.
  std::vector<std::string> check_values;
};

// One line of a queue.
struct DossierSummary {
  DossierId id;
  std::string code;
  std::string procedure_code;
  std::string procedure_name;
  std::string applicant_name;
  DossierState state = DossierState::kReceived;
  Channel channel = Channel::kDirect;
  std::int64_t received_at = 0;
  std::int64_t due_at = 0;
  std::int64_t new_appointment_at = 0;
  bool late_flag = false;
  std::string current_step;  // the open step's name, or empty
  std::string assignee_name;
};

}  // namespace cqdt::onestop
