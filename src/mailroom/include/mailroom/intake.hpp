// Documents received by e-mail (issue 15 item 3; Decree 30/2020 art. 20-22): the official mailbox
// of an agency read over IMAP, each message a "received by e-mail" item in the clerk's reception
// queue, which the clerk registers as an incoming document (documents::IncomingService, the way
// the exchange registers a package from outside) or discards with a reason.
//
// Poll (the server's mail thread, per enabled account with an IMAP host, every [mail]
// poll_seconds): for each message of the account's folder, oldest UID first:
//   - already stored (the same mailbox, UIDVALIDITY and UID): only moved to the done folder;
//   - otherwise fetched (at most `max_message_bytes`; a larger message is stored from its header
//     alone, with the warning "message-too-large" and no files: never dropped, and the whole
//     message stays on the server in the done folder), read by mail::ParseMail within the same
//     bound, its DKIM signature verified (DkimKeyLookup for the key; "none" with the reason when
//     there is no lookup), the SPF result read from the receiving server's
//     Authentication-Results, each attachment checked (documents::DetectContent; signatures
//     verified through SignatureCheck); the message itself and every attachment put in the blob
//     store (durable first);
//   - then in ONE transaction: the item, its files and an audit entry; committed;
//   - THEN moved to the done folder.
// A crash between the commit and the move leaves a message the next poll recognises and only
// moves; a crash before the commit leaves nothing but unreferenced blobs (content-addressed,
// harmless): nothing is processed twice and nothing is lost. The same Message-ID from the same
// sender with the same content (a message delivered twice, or seen again after the server
// renumbered the folder) is recognised too; a Message-ID reused with other content is stored
// as a new item with the warning "message-id-reused" (a Message-ID is the sender's claim: it must
// not make a message disappear). Messages without a Message-ID are recognised by UID only.
// Nothing attached is ever unpacked: a ZIP (a zip bomb included) is kept as the bytes that came,
// shown as a file the register does not take.
//
// What an item holds is safe to show: every header value decoded to UTF-8 without control
// characters (mail::ParseMail), attachment names sanitised. `body_html` is the sender's HTML as
// received (bounded): never render it unsanitised; `body_text` is the text to show.
//
// Clerk's actions (in the caller's transaction; the agency is the principal's): the clerks and
// leaders of the agency read the queue, its clerks register and discard; another agency's item
// is kNotFound. Actions check the item's version (kConflict when stale) and its state
// (kFailedPrecondition when no longer waiting). Register builds documents::IncomingInput from
// Draft() and the clerk's overrides, uploads the chosen files (PDF and images only: the others
// are named in the description), and registers; a duplicate found by documents is returned with
// nothing saved (confirm_duplicate to go on). Both are audited ("mailroom.intake.register",
// "mailroom.intake.discard"; a received message: "mailroom.intake.receive").
//
// Thread safety: Poll from one thread per agency at a time (the server's mail thread); the
// clerk's methods from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document_files.hpp"
#include "documents/incoming_service.hpp"
#include "identity/principal.hpp"
#include "mailroom/accounts.hpp"
#include "mailroom/dkim_keys.hpp"
#include "mailroom/mailbox_client.hpp"

namespace cqdt::mailroom {

using IntakeId = StrongId<struct MailroomIntakeIdTag>;

// received -> registered | discarded
enum class IntakeState { kReceived, kRegistered, kDiscarded };
const char* IntakeStateName(IntakeState s);  // "received", "registered", "discarded"
// "Chờ tiếp nhận", "Đã vào sổ", "Đã loại bỏ"
const char* IntakeStateLabel(IntakeState s);

struct IntakeWarning {
  std::string code;     // stable: mail::ParseMail's codes and the intake's own (below)
  std::string message;  // Vietnamese
};
// The intake's own codes: "message-too-large", "unreadable-message", "message-id-reused",
// "body-truncated"; on files: "name-sanitised", "not-registrable", "unreadable-file",
// "archive-not-unpacked", "signature-not-checked".

// The verdict on a signed attachment, from signing's Verifier.
struct SignatureSummary {
  std::string indication;  // "TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED"; "" = not checked
  std::string signer;      // the first signer's name (certificate CN)
  std::string detail;      // Vietnamese: the report's conclusion, or why it was not checked
  int signatures = 0;
};

// Checks the signatures of one attachment; nullopt when it carries none (or is of a kind that
// is not checked). Called by Poll outside any transaction (verification may take seconds).
class SignatureCheck {
 public:
  virtual ~SignatureCheck() = default;
  virtual std::optional<SignatureSummary> Check(const std::string& name,
                                                const std::string& bytes) = 0;
};

struct IntakeFile {
  int position = 0;           // 1-based, in the message's order
  std::string name;           // sanitised
  std::string original_name;  // as sent, decoded ("" when there was none)
  std::string content_type;   // as the message declared it (lower case)
  std::string detected_type;  // by content: application/pdf, image/png, image/jpeg, image/tiff; ""
  std::int64_t size = 0;
  std::string sha256;        // also the blob store's key
  bool registrable = false;  // detected_type set: may become a file of the incoming document
  SignatureSummary signature;
  std::vector<IntakeWarning> warnings;
};

struct IntakeItem {
  IntakeId id;
  AgencyId agency_id;
  std::string mailbox;  // "user@host:port/folder"
  std::uint32_t uidvalidity = 0, uid = 0;
  std::string message_id;  // without brackets; "" when the message had none
  std::string from_address, from_name, subject;
  std::optional<std::int64_t> sent_at;  // the Date header (Unix seconds), when readable
  std::int64_t received_at = 0;
  std::int64_t size = 0;  // the message's size on the server
  bool header_only = false;
  // DKIM as verified here: "pass", "fail", "none", "temperror", "permerror"; the signing domain;
  // the reason, a stable code (mail::DkimVerification's, or "no-key-lookup", "key-unavailable",
  // "no-key", "not-checked"); and a Vietnamese sentence.
  std::string dkim_result, dkim_domain, dkim_reason, dkim_detail;
  // SPF as the receiving mail server reported it ("" when it reported nothing).
  std::string spf_result, spf_detail;
  IntakeState state = IntakeState::kReceived;
  documents::DocumentId document_id;  // registered
  std::string discard_reason;
  std::string handled_by;  // username
  std::int64_t handled_at = 0;
  std::int64_t version = 1;
  int file_count = 0;
  int warning_count = 0;
};

struct IntakeDetail {
  IntakeItem item;
  std::string body_text;
  std::string body_html;  // untrusted HTML (see above)
  std::vector<IntakeWarning> warnings;
  std::vector<IntakeFile> files;
  bool has_raw = false;  // the whole message is kept (RawMessage)
};

struct IntakeFilter {
  std::string state = "received";  // "received", "registered", "discarded", "all"
  int limit = 50;                  // 1..200
  int offset = 0;
};

struct IntakePage {
  std::vector<IntakeItem> items;
  std::int64_t total = 0;
};

struct IntakeContent {
  std::string name;
  std::string content_type;  // detected type, else application/octet-stream (serve with nosniff)
  std::string bytes;
};

// What the registration form starts with (the clerk changes any of it).
struct RegistrationDraft {
  int type_ordinal = 0;             // from a number found in the subject, else công văn (18)
  std::string number_text;          // "12/STP-VP" when the subject names one, else ""
  std::string issued_date;          // the Date header's day in Vietnam, else the day received
  std::string arrival_date;         // the day received, in Vietnam
  std::string sender_name;          // "Name <address>", or the address
  std::string subject;              // → trích yếu
  std::vector<int> file_positions;  // the registrable files (at most 20)
};

struct RegisterIntakeInput {
  std::optional<int> type_ordinal;
  std::optional<std::string> number_text, issued_date, arrival_date, due_date, sender_name, subject,
      signer_name, signer_position, urgency, description;
  std::optional<std::vector<int>> file_positions;  // nullopt: the draft's
  bool confirm_duplicate = false;
  // The verification report (JSON, as the api renders it) of each signed file, by position,
  // computed by the caller before the transaction (as for the exchange's reception).
  std::map<int, std::string> signature_verdicts;
};

struct RegisterIntakeOutcome {
  std::optional<IntakeItem> item;  // set when registered
  std::optional<documents::Document> incoming;
  std::vector<documents::Document> duplicates;  // nothing saved
};

struct IntakeOptions {
  std::size_t max_message_bytes = 30u << 20;  // [mail] intake_max_bytes
  int max_new_per_poll = 50;                  // new messages fetched per pass
  std::size_t max_body_bytes = 1u << 20;      // each of text and HTML, kept
  // The authserv-id of the receiving mail server: only its Authentication-Results count. ""
  // takes the topmost field (the last one added), which is the receiving server's when it
  // removes forged ones, as RFC 8601 §5 asks.
  std::string trusted_authserv_id;
};

struct PollReport {
  int listed = 0;      // messages in the folder
  int stored = 0;      // new items
  int recognised = 0;  // already stored (UID or Message-ID): only moved
  int moved = 0;
  int deferred = 0;                   // left for the next pass (max_new_per_poll)
  int vanished = 0;                   // gone between the listing and the fetch
  std::vector<std::string> problems;  // Vietnamese, for the log (failed moves)
};

class IntakeService {
 public:
  // `dkim_keys` and `signatures` may be null (DKIM "none", signatures not checked).
  IntakeService(db::Database& db, audit::AuditLog& audit, const MailAccounts& accounts,
                MailboxConnector& connector, blob::BlobStore& blobs, DkimKeyLookup* dkim_keys,
                SignatureCheck* signatures, documents::IncomingService& incoming,
                documents::FileService& files, const Clock& clock, IntakeOptions options = {});

  // One pass over the agency's mailbox (see above). Errors: kFailedPrecondition when the agency
  // has no enabled account with an IMAP host (agency 0, the default account for sending, has no
  // mailbox to read); the mailbox's errors (mailbox_client.hpp) when the pass cannot go on (what
  // was stored before stays). A message the server cannot serve (kMalformed, kTooLarge) is
  // skipped with a problem in the report and tried again next pass. Database faults throw
  // (SOCI), as everywhere.
  Result<PollReport> Poll(AgencyId agency);

  Result<IntakePage> List(db::Transaction& tx, const identity::Principal& p,
                          const IntakeFilter& filter) const;
  Result<int> CountWaiting(db::Transaction& tx, const identity::Principal& p) const;
  Result<IntakeDetail> Get(db::Transaction& tx, const identity::Principal& p, IntakeId id) const;
  // An attachment's bytes (kNotFound for no such position).
  Result<IntakeContent> File(db::Transaction& tx, const identity::Principal& p, IntakeId id,
                             int position) const;
  // The message as received (message/rfc822); kNotFound when only its header was read.
  Result<IntakeContent> RawMessage(db::Transaction& tx, const identity::Principal& p,
                                   IntakeId id) const;
  Result<RegisterIntakeOutcome> Register(db::Transaction& tx, const identity::Principal& p,
                                         const audit::Actor& actor, IntakeId id,
                                         std::int64_t expected_version,
                                         const RegisterIntakeInput& in);
  // `reason`: 1..1000 characters (kInvalidArgument "reason").
  Result<IntakeItem> Discard(db::Transaction& tx, const identity::Principal& p,
                             const audit::Actor& actor, IntakeId id, std::int64_t expected_version,
                             const std::string& reason);

  // The registration form's starting values. Pure.
  static RegistrationDraft Draft(const IntakeDetail& detail);

 private:
  Result<IntakeDetail> Load(db::Transaction& tx, const identity::Principal& p, IntakeId id) const;

  db::Database& db_;
  audit::AuditLog& audit_;
  const MailAccounts& accounts_;
  MailboxConnector& connector_;
  blob::BlobStore& blobs_;
  DkimKeyLookup* dkim_keys_;
  SignatureCheck* signatures_;
  documents::IncomingService& incoming_;
  documents::FileService& files_;
  const Clock& clock_;
  IntakeOptions options_;
};

}  // namespace cqdt::mailroom
