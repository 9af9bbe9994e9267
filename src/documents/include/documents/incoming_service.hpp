// Incoming documents (văn bản đến, Decree 30/2020 art. 20-24; Phụ lục VI §8.2): the clerk
// registers a document that arrived — paper (scanned) or electronic (a signed PDF, verified on
// arrival by the caller) — with its metadata, and it gets the next arrival number (số đến) of
// the agency's incoming register (the confidential register for a confidential document) in the
// same transaction. The later steps (submit, assign, accept, complete, return) are
// assignment_service.hpp.
//
// Duplicate warning: a document from the same sender with the same number/notation and issue
// date already registered in the agency is reported BEFORE anything is saved; the clerk
// registers it anyway by confirming (confirm_duplicate).
//
// Permissions: registering needs a clerk of the agency (or a writer of the register it goes
// to); reading follows document_access.hpp (outsiders: kNotFound).
// Validation errors name the client fields (camelCase): typeOrdinal (1..29), numberText (parsed
// with core/document_number.hpp), issuedDate, arrivalDate, dueDate (YYYY-MM-DD), subject
// (1..500), sender (senderAgencyId of an agency in the directory, or senderName 1..300),
// urgency, confidentiality, channel, pageCount (0..10000), signerName, signerPosition,
// description, toPlaces (..1000 each), fileIds (none for a confidential document unless
// IncomingOptions::confidential_files). Registration records the "ĐẾN" stamp
// (arrival_stamp.hpp).
// Every method runs in the caller's transaction (writes: Database::Begin()). Thread safety:
// stateless beyond its collaborators.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document.hpp"
#include "documents/document_access.hpp"
#include "documents/document_files.hpp"
#include "documents/register_service.hpp"
#include "identity/principal.hpp"
#include "org/agency_service.hpp"

namespace cqdt::documents {

struct IncomingInput {
  AgencyId agency_id;  // the receiving agency (the clerk's)
  int type_ordinal = 0;
  std::string number_text;  // "05/QĐ-UBND"
  std::string issued_date;
  AgencyId sender_agency_id;  // from the directory, or
  std::string sender_name;    // free text (required when no sender agency)
  std::string subject;
  std::string signer_name;
  std::string signer_position;
  std::string urgency = "normal";
  std::string confidentiality = "none";
  std::string channel = "paper";
  int page_count = 0;
  std::string arrival_date;  // "" = today in Vietnam
  std::string due_date;
  std::string description;
  std::string to_places;
  std::vector<FileId> file_ids;  // unattached files the caller uploaded
  bool confirm_duplicate = false;
};

struct RegisterOutcome {
  std::optional<Document> document;  // set when registered
  std::vector<Document> duplicates;  // set (and nothing saved) when a duplicate was found
};

struct DocumentEventView {
  std::int64_t at = 0;
  std::string actor_name;
  std::string action;
  std::string detail;
};

struct ListFilter {
  std::string state;  // "" = any
  int limit = 50;     // 1..200
  int offset = 0;
};

struct IncomingOptions {
  // Files of confidential documents (Mật and above) are kept only on an instance declared
  // isolated (`[documents] confidential_files = true`, decision 0009); otherwise a confidential
  // document is registered without files (kInvalidArgument "fileIds") and its paper is kept
  // under the secrecy rules outside the system.
  bool confidential_files = false;
};

class IncomingService {
 public:
  IncomingService(audit::AuditLog& audit, const org::AgencyService& agencies,
                  RegisterService& registers, FileService& files, const Clock& clock,
                  IncomingOptions options = {})
      : audit_(audit),
        agencies_(agencies),
        registers_(registers),
        files_(files),
        clock_(clock),
        options_(options) {}

  Result<RegisterOutcome> Register(db::Transaction& tx, const audit::Actor& actor,
                                   const identity::Principal& p, const IncomingInput& in);
  // kNotFound unless `p` may see it.
  Result<Document> Get(db::Transaction& tx, const identity::Principal& p, DocumentId id) const;
  // The state (IncomingStateName) of an incoming document, without an access check: for other
  // modules' background work that shows nothing to a person (the exchange reports an
  // externally received document's progress to its sender). kNotFound for no such document.
  Result<std::string> StateForSystem(db::Transaction& tx, DocumentId id) const;
  // The sender recalled an incoming document received from outside this instance and a clerk
  // of the agency accepted (the exchange's STATUS 15): the document stays (its arrival number
  // is never reused) but carries the sender's reason, on its record and its timeline. kNotFound
  // unless `p` may see it.
  Result<Document> MarkRecalledBySender(db::Transaction& tx, const audit::Actor& actor,
                                        const identity::Principal& p, DocumentId id,
                                        const std::string& reason);
  // The incoming documents of p's agency that p may see, newest arrival first.
  Result<std::vector<Document>> List(db::Transaction& tx, const identity::Principal& p,
                                     const ListFilter& filter) const;
  Result<std::vector<DocumentEventView>> Events(db::Transaction& tx, const identity::Principal& p,
                                                DocumentId id) const;
  Result<std::vector<DocumentFile>> Files(db::Transaction& tx, const identity::Principal& p,
                                          DocumentId id) const;
  // Events and Files of a document Get answered to the caller in this transaction (`seen`): the
  // access check Get made is not repeated (a route that loaded the document reads it once).
  std::vector<DocumentEventView> Events(db::Transaction& tx, const Document& seen) const;
  std::vector<DocumentFile> Files(db::Transaction& tx, const Document& seen) const;

  // The access facts of a stored document (route from its assignments and grants).
  static AccessFacts FactsOf(db::Transaction& tx, const Document& d);

 private:
  audit::AuditLog& audit_;
  const org::AgencyService& agencies_;
  RegisterService& registers_;
  FileService& files_;
  const Clock& clock_;
  IncomingOptions options_;
};

// Today's date in Vietnam (UTC+7), "YYYY-MM-DD".
std::string TodayInVietnam(TimePoint now);

}  // namespace cqdt::documents
