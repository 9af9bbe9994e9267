// Outgoing documents (văn bản đi, issue 10 item 3; Decree 30/2020 art. 10-18; decision 0009):
// the draft (its items, recipients and signer), its file versions, the signer's signature and the
// issue — number, issue date, stamp and agency seal. The reviews between the draft and the
// signature are ReviewService's (review_service.hpp).
//
// Every method runs in the caller's write transaction (Database::Begin()) and changes nothing
// unless it succeeds: the caller commits on success and rolls back on any error. Each change
// checks the document's `version` against `expected_version` (the client's If-Match) and
// increments it, writes a timeline event (documents_event) and an audit entry (`documents.*`).
//
// Access: document_access.hpp. A document outside the caller's sight is kNotFound; an action the
// state machine (document_state.hpp) refuses is kFailedPrecondition (wrong state) or
// kPermissionDenied (not the caller's role); a stale version is kConflict with the message
// "văn bản đã được người khác thay đổi".
// Validation errors name the client field (camelCase): typeOrdinal (1..29), subject (1..500
// characters), urgency, confidentiality, signerId (an active leader of the agency),
// draftingUnitId (a unit of the agency), recipients (at most 100; each an agency on this
// instance or a name of 1..300 characters), description (at most 2000), file (a PDF that loads
// under the untrusted limits, at most kMaxDraftFileBytes), name (1..200 characters).
// Thread safety: stateless beyond its collaborators; safe to share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/audit_log.hpp"
#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/outgoing.hpp"
#include "documents/register_service.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "notify/outbox.hpp"
#include "org/agency_service.hpp"
#include "signing/signing_service.hpp"

namespace cqdt::documents {

constexpr std::size_t kMaxDraftFileBytes = 50u * 1024 * 1024;
constexpr std::size_t kMaxRecipients = 100;

// Create: type_ordinal and subject are required. Update: absent fields stay.
struct DraftInput {
  std::optional<int> type_ordinal;
  std::optional<std::string> subject;
  std::optional<std::string> urgency;          // UrgencyName
  std::optional<std::string> confidentiality;  // ConfidentialityName
  std::optional<std::string> description;
  std::optional<UserId> signer_id;
  std::optional<UnitId> drafting_unit_id;  // default on create: the drafter's unit
  std::optional<std::vector<Recipient>> recipients;
};

// What the clerk gives when issuing.
// A line's place on a page of the signed PDF, as the issue step's position picker holds it: PDF
// points from the page's bottom-left.
struct LineBox {
  int page = 1;  // 1-based
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
};

struct IssueInput {
  std::string seal_key_id;  // the agency seal in the server's key ring
  std::string secret;       // its password, for a seal kept with ask_secret
  // The place written before the date ("An Giang, ngày ..."); empty: the place already printed
  // on the date line of the signed PDF.
  std::string place;
  // Where the clerk put the "Số:" line and the date line (optional). A box that covers the line
  // found there by more than half of its own area means that line (the stamp then writes into
  // its blanks); otherwise the box is the place itself, covered and written on whole. Without a
  // box the line found is used; a line neither found nor placed (a scanned page) is a 422 naming
  // "numberBox" / "dateBox". A box must lie on an existing page, inside it, with finite
  // coordinates, 20 pt wide and 8-100 pt high at least / most ("numberBox.x", ...).
  std::optional<LineBox> number_box;
  std::optional<LineBox> date_box;
};

// Where the number and date lines are on the signed PDF, for the position picker to start from.
struct IssuePositions {
  std::vector<std::pair<double, double>> pages;  // each page's (width, height) in points
  std::optional<LineBox> number;                 // the "Số:" line found on page 1
  std::optional<LineBox> date;                   // the date line found on page 1
};

struct OutgoingOptions {
  // Files of confidential documents (Mật and above) are kept only on an instance declared
  // isolated (`[documents] confidential_files = true`, decision 0009); otherwise a confidential
  // document keeps its register entry and route, and its paper travels outside the system.
  bool confidential_files = false;
};

class OutgoingService {
 public:
  OutgoingService(audit::AuditLog& audit, const org::AgencyService& agencies,
                  const identity::IdentityService& identity, RegisterService& registers,
                  const notify::Outbox& outbox, blob::BlobStore& blobs,
                  const signing::SigningService& signing, const Clock& clock,
                  OutgoingOptions options = {})
      : options_(options),
        audit_(audit),
        agencies_(agencies),
        identity_(identity),
        registers_(registers),
        outbox_(outbox),
        blobs_(blobs),
        signing_(signing),
        clock_(clock) {}

  // A new draft of the caller's agency, drafted by the caller (any staff member: officers draft,
  // so do leaders and clerks). State `draft`.
  Result<OutgoingDocument> CreateDraft(db::Transaction& tx, const identity::Principal& p,
                                       const audit::Actor& actor, const DraftInput& in);
  // Changes a draft: its drafter, in state `draft` only.
  Result<OutgoingDocument> UpdateDraft(db::Transaction& tx, const identity::Principal& p,
                                       const audit::Actor& actor, DocumentId id,
                                       std::int64_t expected_version, const DraftInput& patch);
  // Adds a new draft version (a PDF): the drafter, in state `draft`. kFailedPrecondition for a
  // confidential document unless OutgoingOptions::confidential_files (nor may a draft with files
  // become confidential then).
  Result<OutgoingDocument> AddDraftFile(db::Transaction& tx, const identity::Principal& p,
                                        const audit::Actor& actor, DocumentId id,
                                        std::int64_t expected_version, const std::string& name,
                                        const std::string& bytes);

  // The document, if the caller may see it (kNotFound otherwise).
  Result<OutgoingDocument> Get(db::Transaction& tx, const identity::Principal& p,
                               DocumentId id) const;
  // A file of the document and its bytes (kNotFound for a file of another document).
  Result<std::pair<OutgoingFile, std::string>> ReadFile(db::Transaction& tx,
                                                        const identity::Principal& p, DocumentId id,
                                                        OutgoingFileId file) const;
  // The same for a document this caller already got from Get (no second load).
  Result<std::pair<OutgoingFile, std::string>> ReadFile(const OutgoingDocument& od,
                                                        OutgoingFileId file) const;
  // The timeline, oldest first.
  Result<std::vector<TimelineEvent>> Timeline(db::Transaction& tx, const identity::Principal& p,
                                              DocumentId id) const;
  // The same for a document this caller already got from Get in `tx` (no second load).
  std::vector<TimelineEvent> Timeline(db::Transaction& tx, const OutgoingDocument& od) const;

  // The signer signs the newest draft version with their own server-held key (`key_id`,
  // `secret` when it asks one): state approved -> signed, the result stored as the `signed`
  // file. The number and date stay blank for the clerk.
  Result<OutgoingDocument> Sign(db::Transaction& tx, const identity::Principal& p,
                                const audit::Actor& actor, DocumentId id,
                                std::int64_t expected_version, const std::string& key_id,
                                const std::string& secret);

  // The clerk issues the signed document: allocates the number from the outgoing register that
  // numbers it (the confidential series for a confidential document) and the issue date (today
  // in Vietnam), writes them into the signed PDF (pdf::StampNumberAndDate, an incremental update
  // that keeps the signer's signature valid), seals it with the agency seal, and stores the
  // result as the `issued` file: state signed -> numbered. All in `tx`: any failure (no number
  // or date line found, a wrong seal password, a seal the clerk may not use) leaves the number
  // unconsumed once the caller rolls back.
  // Errors besides the above: kFailedPrecondition when the signed PDF has no "Số:" or date line,
  // kNotFound when the agency has no outgoing register for the document.
  Result<OutgoingDocument> Issue(db::Transaction& tx, const identity::Principal& p,
                                 const audit::Actor& actor, DocumentId id,
                                 std::int64_t expected_version, const IssueInput& in);
  // The same for `current`, what Get() returned for the document in this same transaction `tx`
  // (the caller checked its version): the document is not read again. Every check of Issue
  // above is made on it.
  Result<OutgoingDocument> Issue(db::Transaction& tx, const identity::Principal& p,
                                 const audit::Actor& actor, OutgoingDocument current,
                                 const IssueInput& in);
  // The lines Issue would use without boxes, and the page sizes, read from the latest signed
  // file of a document visible to `p` (else kNotFound). FailedPrecondition without a signed
  // file; nothing found is not an error (both lines nullopt).
  Result<IssuePositions> FindIssuePositions(db::Transaction& tx, const identity::Principal& p,
                                            DocumentId id) const;

 private:
  // The end of a signature however it was made (server-held key here, USB token in
  // TokenSigningService): `signed_pdf` stored as the next signed version of `draft`, the document
  // moved to `next`, the timeline/audit entry `detail` in `who`'s name, and the drafter's notice.
  Result<OutgoingDocument> StoreSigned(db::Transaction& tx, const identity::Principal& p,
                                       const audit::Actor& who, const OutgoingDocument& od,
                                       const OutgoingFile& draft, OutgoingState next,
                                       const std::string& signed_pdf,
                                       const std::string& detail) const;

  // Issue on a loaded document; the access checks come before the version check.
  Result<OutgoingDocument> IssueLoaded(db::Transaction& tx, const identity::Principal& p,
                                       const audit::Actor& actor, OutgoingDocument od,
                                       std::int64_t expected_version, const IssueInput& in);

  friend class ReviewService;
  friend class TokenSigningService;
  friend class DraftFileService;
  friend class ConsultationService;
  OutgoingOptions options_;
  audit::AuditLog& audit_;
  const org::AgencyService& agencies_;
  const identity::IdentityService& identity_;
  RegisterService& registers_;
  const notify::Outbox& outbox_;
  blob::BlobStore& blobs_;
  const signing::SigningService& signing_;
  const Clock& clock_;
};

}  // namespace cqdt::documents
