// Release and delivery between agencies, recall and replacement (issue 10 items 3-4; Decree
// 30/2020 art. 16, 18, 21; decision 0009; statuses in delivery.hpp).
//
// Sender side. The clerk releases (phát hành) a numbered document: numbered -> released; every
// recipient gets a delivery — an agency on this instance has it at once in its reception queue
// (status 01, its clerks notified through notify::Outbox in the same transaction); a recipient
// outside the instance waits for the exchange (`waiting`, issue 14 carries it), and the clerk
// may record that it went by e-mail or on paper (`sent`). The signer or a leader recalls a
// released document with a reason (released -> recalled; status 13 to every recipient that has
// not refused it). A draft may name the released document it replaces and the incoming document
// it answers; releasing a replacement marks the replaced document `replaced` and both are shown
// to the recipients, with which one stands.
//
// Recipient side. The clerks of the recipient agency see the queue (01, and 13 awaiting an
// answer), read the issued PDF, and register the delivery — an incoming document through
// IncomingService (arrival number, metadata from the outgoing document, channel electronic, the
// issued PDF as the main file with the signature verdict the caller computed) — or refuse it
// with a reason (02). They accept a recall (15: their incoming document carries the recall
// reason and a timeline line) or refuse it with a reason (16). Statuses 04/05/06 follow the
// incoming document as it is assigned, accepted and completed (TrackIncomingProgress).
//
// Every action runs in the caller's write transaction and changes nothing unless it succeeds.
// Document actions check the document's version (kConflict when stale); recipient actions check
// the delivery's version, in the UPDATE as well, so of two clerks registering one delivery
// exactly one wins (the other: kConflict). Errors: kNotFound for anything outside the caller's
// sight (another agency's delivery, a document it may not see); kPermissionDenied for a visible
// thing the caller may not act on; kFailedPrecondition for a wrong state (document or delivery);
// kInvalidArgument naming the client field: reason (1..1000 characters), channel
// (email|paper), date (YYYY-MM-DD), note (..1000), replacesId, replyToId, arrivalDate, dueDate.
// Thread safety: stateless beyond its collaborators; safe to share.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/delivery.hpp"
#include "documents/document_files.hpp"
#include "documents/incoming_service.hpp"
#include "documents/outgoing.hpp"
#include "documents/register_service.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "notify/outbox.hpp"
#include "org/agency_service.hpp"

namespace cqdt::documents {

// One delivery with its history, as the sender and the recipient read it.
struct DeliveryView {
  Delivery delivery;
  std::vector<DeliveryEvent> history;  // oldest first
};

// What a recipient clerk sees of a delivery: the outgoing document's items, its issued file,
// and the replacement links (which document stands).
struct Reception {
  Delivery delivery;
  Document document;  // the outgoing document (read-only for the recipient)
  std::string sender_agency_name;
  std::optional<OutgoingFile> issued_file;  // absent for a confidential document
  Document replaces;                        // the document this one replaces (id unset when none)
  Document replaced_by;  // the document that replaces this one (id unset when none)
  bool stands = true;    // false once replaced or recalled
  std::vector<DeliveryEvent> history;
};

struct ReceptionFilter {
  // "pending" (01 and 13: waiting for the clerk), "all", or one status code.
  std::string status = "pending";
  int limit = 50;  // 1..200
  int offset = 0;
};

struct ReceptionCounts {
  int received = 0;          // 01: to register or refuse
  int recall_requested = 0;  // 13: to answer
};

struct RegisterDeliveryInput {
  std::string arrival_date;  // "" = today in Vietnam
  std::string due_date;
  std::string description;
  bool confirm_duplicate = false;
  // The verification report of the issued PDF (JSON text), computed by the caller before the
  // transaction (revocation checks may take seconds); kept with the incoming file.
  std::string signature_verdict;
};

struct RegisterDeliveryOutcome {
  std::optional<Delivery> delivery;  // set when registered
  std::optional<Document> incoming;  // the incoming document made of it
  std::vector<Document> duplicates;  // set (nothing saved) when IncomingService found duplicates
};

struct ManualSendInput {
  std::string channel;  // ManualChannelName
  std::string date;     // "YYYY-MM-DD"
  std::string note;
};

struct DocumentLinks {
  std::optional<DocumentId> replaces_id;  // a released outgoing document of the agency; 0 clears
  std::optional<DocumentId> reply_to_id;  // an incoming document of the agency; 0 clears
};

// What the exchange (issue 14) sends for one external delivery: the released document, its
// sender agency, its issued PDF and attachments (name, bytes).
struct ExchangeDispatch {
  Delivery delivery;
  Document document;
  std::string sender_code, sender_name;
  std::vector<std::pair<std::string, std::string>> files;  // issued PDF first, then attachments
  std::vector<Recipient> recipients;                       // every recipient, for the package
};

class DeliveryService {
 public:
  DeliveryService(audit::AuditLog& audit, const org::AgencyService& agencies,
                  const identity::IdentityService& identity, const RegisterService& registers,
                  IncomingService& incoming, FileService& files, const notify::Outbox& outbox,
                  blob::BlobStore& blobs, const Clock& clock)
      : audit_(audit),
        agencies_(agencies),
        identity_(identity),
        registers_(registers),
        incoming_(incoming),
        files_(files),
        outbox_(outbox),
        blobs_(blobs),
        clock_(clock) {}

  // Sender side.
  Result<OutgoingDocument> Release(db::Transaction& tx, const identity::Principal& p,
                                   const audit::Actor& actor, DocumentId id,
                                   std::int64_t expected_version);
  Result<std::vector<DeliveryView>> Deliveries(db::Transaction& tx, const identity::Principal& p,
                                               DocumentId id) const;
  // An external recipient reached by hand: the sender's clerk; status `sent`.
  Result<DeliveryView> RecordManualSend(db::Transaction& tx, const identity::Principal& p,
                                        const audit::Actor& actor, DeliveryId id,
                                        std::int64_t expected_version, const ManualSendInput& in);
  Result<OutgoingDocument> Recall(db::Transaction& tx, const identity::Principal& p,
                                  const audit::Actor& actor, DocumentId id,
                                  std::int64_t expected_version, const std::string& reason);
  // The drafter links a draft to the document it replaces and the incoming one it answers.
  Result<OutgoingDocument> SetLinks(db::Transaction& tx, const identity::Principal& p,
                                    const audit::Actor& actor, DocumentId id,
                                    std::int64_t expected_version, const DocumentLinks& links);

  // Recipient side (the clerks of the recipient agency; its leaders read too).
  Result<std::vector<Reception>> ReceptionQueue(db::Transaction& tx, const identity::Principal& p,
                                                const ReceptionFilter& filter) const;
  Result<ReceptionCounts> CountReceptions(db::Transaction& tx, const identity::Principal& p) const;
  Result<Reception> GetReception(db::Transaction& tx, const identity::Principal& p,
                                 DeliveryId id) const;
  // The issued PDF (name, bytes); kNotFound when the document has none.
  Result<std::pair<std::string, std::string>> ReceptionFile(db::Transaction& tx,
                                                            const identity::Principal& p,
                                                            DeliveryId id) const;
  Result<RegisterDeliveryOutcome> Register(db::Transaction& tx, const identity::Principal& p,
                                           const audit::Actor& actor, DeliveryId id,
                                           std::int64_t expected_version,
                                           const RegisterDeliveryInput& in);
  Result<Reception> Refuse(db::Transaction& tx, const identity::Principal& p,
                           const audit::Actor& actor, DeliveryId id, std::int64_t expected_version,
                           const std::string& reason);
  // accept: 15 (reason optional); otherwise 16 (reason required).
  Result<Reception> AnswerRecall(db::Transaction& tx, const identity::Principal& p,
                                 const audit::Actor& actor, DeliveryId id,
                                 std::int64_t expected_version, bool accept,
                                 const std::string& reason);

  // The exchange's side (issue 14; system work, no person's access applies). External
  // deliveries with an OrganId that wait for the exchange, oldest first, with what to send;
  // marking one taken (it stays `waiting` until the recipient's STATUS 01); and a status the
  // recipient reported through the exchange, by (document, recipient code), applied with the
  // monotonic rule of delivery.hpp (a stale one kept in history; a contradiction is
  // kFailedPrecondition and records nothing; kNotFound for no such delivery).
  Result<std::vector<ExchangeDispatch>> WaitingForExchange(db::Transaction& tx, int limit) const;
  Status MarkTakenByExchange(db::Transaction& tx, DeliveryId id) const;
  // Deliveries the exchange took whose document was recalled since (13), so that a revoke
  // package goes to each (without files: `files` stays empty); and the mark that it went.
  Result<std::vector<ExchangeDispatch>> RecalledForExchange(db::Transaction& tx, int limit) const;
  Status MarkRecallSentByExchange(db::Transaction& tx, DeliveryId id) const;
  Result<Delivery> ReportExchangeStatus(db::Transaction& tx, const audit::Actor& actor,
                                        DocumentId document, const std::string& recipient_code,
                                        DeliveryStatus status, const std::string& reason);

 private:
  Result<Reception> LoadReception(db::Transaction& tx, const identity::Principal& p,
                                  DeliveryId id) const;
  Result<ExchangeDispatch> DispatchOf(db::Transaction& tx, Delivery d, bool with_files) const;
  Status NotifyClerks(db::Transaction& tx, AgencyId agency, UserId actor, const std::string& kind,
                      const std::string& text_vi, const std::string& link,
                      const std::string& key) const;

  audit::AuditLog& audit_;
  const org::AgencyService& agencies_;
  const identity::IdentityService& identity_;
  const RegisterService& registers_;
  IncomingService& incoming_;
  FileService& files_;
  const notify::Outbox& outbox_;
  blob::BlobStore& blobs_;
  const Clock& clock_;
};

// Called by the incoming flow (assignment_service) whenever an incoming document changes state:
// when it was made from a delivery, reports 04 / 05 / 06 for assigned / in_progress / completed
// (other states report nothing). A stale or contradicting report changes nothing but the
// history. In the caller's transaction; kConflict when a clerk changed the delivery meanwhile.
Status TrackIncomingProgress(db::Transaction& tx, const Document& incoming,
                             const audit::Actor& actor, std::int64_t now);

}  // namespace cqdt::documents
