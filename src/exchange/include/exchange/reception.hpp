// Document packages from outside this instance, as the clerks of the recipient agency receive
// them (issue 14 item 2; Decree 30/2020 art. 21): the reception queue of packages the hub routed
// to their agency (hub.hpp made each one with its STATUS 01), the package's items and files, and
// the clerk's answer — register it as an incoming document (documents::IncomingService: arrival
// number, metadata pre-filled from the package, its PDF and image files attached, the signature
// verdicts the caller computed) and tell the sender STATUS 03, or refuse it with a reason and
// tell the sender STATUS 02. Once registered, the incoming document's progress goes back as 04 /
// 05 / 06 (ReportProgress, run by the server's exchange thread).
//
// Access: the clerks and leaders of the recipient agency read; its clerks act. Another agency's
// reception is kNotFound. Actions check the reception's version (kConflict when stale).
// Errors name the fields: reason (1..1000), numberText, typeOrdinal, arrivalDate, dueDate, ... as
// documents::IncomingService names them.
// Thread safety: stateless beyond its collaborators; methods run in the caller's transaction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document_files.hpp"
#include "documents/incoming_service.hpp"
#include "exchange/hub.hpp"
#include "identity/principal.hpp"

namespace cqdt::exchange {

using ReceptionId = StrongId<struct ExchangeReceptionIdTag>;

// received -> registered | refused; revoked: the sender revoked it before it was registered;
// superseded: an update or replacement arrived before it was registered.
enum class ReceptionState { kReceived, kRegistered, kRefused, kRevoked, kSuperseded };
// "received", "registered", "refused", "revoked", "superseded"
const char* ReceptionStateName(ReceptionState s);
ReceptionState ParseReceptionState(std::string_view name);  // kReceived when unknown
// "Chờ tiếp nhận", "Đã vào sổ", "Đã từ chối", "Đã thu hồi", "Đã được thay thế"
const char* ReceptionStateLabel(ReceptionState s);
// The recall (thu hồi) of a reception: "" none, "requested" (the clerk answers), "accepted"
// (15), "refused" (16).
const char* RecallStateLabel(std::string_view state);

struct ExternalReception {
  ReceptionId id;
  ExchangeDeliveryId delivery_id;
  MessageId message_id;
  AgencyId agency_id;
  std::string document_id;  // edXML DocumentId
  std::string sender_organ, sender_name, subject;
  BusinessType business = BusinessType::kNew;
  ReceptionState state = ReceptionState::kReceived;
  std::string status;  // the last STATUS sent back: "01", "02", "03".."06"
  documents::DocumentId incoming_document_id;
  std::string note;
  std::int64_t version = 1;
  std::int64_t received_at = 0, updated_at = 0;
  // The sender's revoke (a revoke package or a STATUS 13).
  std::string recall_state;  // "", "requested", "accepted", "refused"
  std::string recall_reason, recall_answer;
  std::int64_t recall_at = 0;
  // Update / replace: what this one replaces (with its reception here, when there is one), and
  // the reception that replaced this one.
  struct Link {
    std::string document_id;
    ReceptionId reception_id;  // unset when the target never reached this agency
  };
  std::vector<Link> replaces;
  ReceptionId replaced_by;
};

struct ReceptionFile {
  int index = 0;  // 1-based, in the package's order
  std::string name, content_type;
  std::int64_t size = 0;
  std::string sha256;
  bool registrable = false;  // PDF or image: becomes a file of the incoming document
};

struct ReceptionDetail {
  ExternalReception reception;
  DocumentHeader header;
  std::vector<ReceptionFile> files;
  std::vector<Warning> warnings;  // the deviations the package was accepted with
};

struct RegisterExternalInput {
  std::string arrival_date, due_date, description;
  // Overrides of what the package says, when the clerk corrects it.
  std::optional<std::string> number_text;
  std::optional<int> type_ordinal;
  bool confirm_duplicate = false;
  // The verification report (JSON) of each registrable file, by ReceptionFile::index, computed
  // by the caller before the transaction.
  std::map<int, std::string> signature_verdicts;
};

struct RegisterExternalOutcome {
  std::optional<ExternalReception> reception;  // set when registered
  std::optional<documents::Document> incoming;
  std::vector<documents::Document> duplicates;  // nothing saved
};

struct ReceptionFilter {
  // "received", "registered", "refused", "revoked", "superseded", "recall" (a recall waits for
  // the clerk's answer), "all"
  std::string state = "received";
  int limit = 50;
  int offset = 0;
};

class ReceptionService {
 public:
  ReceptionService(audit::AuditLog& audit, HubService& hub, documents::IncomingService& incoming,
                   documents::FileService& files, const Clock& clock)
      : audit_(audit), hub_(hub), incoming_(incoming), files_(files), clock_(clock) {}

  Result<std::vector<ExternalReception>> List(db::Transaction& tx, const identity::Principal& p,
                                              const ReceptionFilter& filter) const;
  Result<int> CountWaiting(db::Transaction& tx, const identity::Principal& p) const;
  Result<ReceptionDetail> Get(db::Transaction& tx, const identity::Principal& p,
                              ReceptionId id) const;
  // The file's name, content type and bytes (after the package's unzip rule).
  Result<Attachment> File(db::Transaction& tx, const identity::Principal& p, ReceptionId id,
                          int index) const;
  // Every file, in the package's order (one read of the package).
  Result<std::vector<Attachment>> Files(db::Transaction& tx, const identity::Principal& p,
                                        ReceptionId id) const;
  Result<RegisterExternalOutcome> Register(db::Transaction& tx, const identity::Principal& p,
                                           const audit::Actor& actor, ReceptionId id,
                                           std::int64_t expected_version,
                                           const RegisterExternalInput& in);
  Result<ExternalReception> Refuse(db::Transaction& tx, const identity::Principal& p,
                                   const audit::Actor& actor, ReceptionId id,
                                   std::int64_t expected_version, const std::string& reason);

  // The clerk answers the sender's recall of a registered document: accept (STATUS 15; the
  // incoming document carries the sender's reason) or refuse with a reason (16).
  // kFailedPrecondition when no recall waits.
  Result<ExternalReception> AnswerRecall(db::Transaction& tx, const identity::Principal& p,
                                         const audit::Actor& actor, ReceptionId id,
                                         std::int64_t expected_version, bool accept,
                                         const std::string& reason);

  // The hub's LocalBusinessSink: the sender's revoke (a revoke package, a STATUS 13) or its
  // update / replacement of a document `agency` received. A revoke of a document not yet
  // registered is accepted at once (15); of a registered one, it waits for the clerk; of one
  // this agency never had, it is refused (16). An update or replacement links the new reception
  // to what it replaces, which leaves the queue if not registered yet.
  Status OnBusiness(db::Transaction& tx, const audit::Actor& actor, const LocalAgency& agency,
                    const Message& message, const Delivery& delivery, const Inspection& in);

  // For the registered receptions whose incoming document moved (assigned 04, in progress 05,
  // completed 06) since the last STATUS sent, sends the new STATUS. Returns how many were sent.
  // `dry_run`: only counts what would be sent (a read transaction is enough; the thread opens a
  // write only when there is something).
  Result<int> ReportProgress(db::Transaction& tx, const audit::Actor& actor, int limit = 200,
                             bool dry_run = false);

 private:
  Result<ExternalReception> Load(db::Transaction& tx, const identity::Principal& p,
                                 ReceptionId id) const;
  Result<Inspection> Package(db::Transaction& tx, const ExternalReception& r) const;
  // Builds, signs and routes a STATUS from the recipient agency about the reception's document.
  Status SendFromAgency(db::Transaction& tx, const audit::Actor& actor, const ExternalReception& r,
                        const DocumentHeader& h, const std::string& code,
                        const std::string& description);
  Status ApplyRecall(db::Transaction& tx, const audit::Actor& actor, const LocalAgency& agency,
                     const Organization& sender, const std::string& document_id,
                     const std::string& reason);

  audit::AuditLog& audit_;
  HubService& hub_;
  documents::IncomingService& incoming_;
  documents::FileService& files_;
  const Clock& clock_;
};

}  // namespace cqdt::exchange
