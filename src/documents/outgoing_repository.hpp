// Storage of the outgoing flow's tables (private to documents): documents_outgoing (the signer
// chosen for a draft), documents_recipient, documents_review and the outgoing roles of
// documents_file. Every method works inside the caller's transaction. Database faults are
// exceptions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/migrator.hpp"
#include "documents/outgoing.hpp"

namespace cqdt::documents {

class OutgoingRepository {
 public:
  explicit OutgoingRepository(db::Transaction& tx) : tx_(tx) {}

  void SetSigner(DocumentId document, AgencyId agency, UserId signer);
  UserId Signer(DocumentId document);

  // Replaces the recipients, keeping their order.
  void ReplaceRecipients(DocumentId document, AgencyId agency,
                         const std::vector<Recipient>& recipients);
  std::vector<Recipient> Recipients(DocumentId document);

  ReviewId AddReview(const Review& r, AgencyId agency);
  // Decides a pending review; false when it was no longer pending.
  bool DecideReview(ReviewId id, ReviewState state, const std::string& comment, std::int64_t at);
  std::vector<Review> Reviews(DocumentId document);  // oldest first

  // The next version of `role` for the document (1 for the first).
  int NextFileVersion(DocumentId document, OutgoingFileRole role);
  OutgoingFileId AddFile(const OutgoingFile& f, AgencyId agency);
  // Removes the row of an attachment of `document` (the blob stays: content-addressed, it may be
  // another file's too). False when there is no such attachment.
  bool RemoveAttachment(DocumentId document, OutgoingFileId file);
  std::vector<OutgoingFile> Files(DocumentId document);  // by role, then version

  // The number and date lines found on a signed file when it was signed (EncodeIssueLines,
  // issue_positions.hpp), by the file's SHA-256: the same bytes have the same lines, so a second
  // Keep of one file changes nothing. nullopt: not kept (signed elsewhere, or before this table).
  void KeepIssueLines(const std::string& sha256, const std::string& encoded);
  std::optional<std::string> IssueLines(const std::string& sha256);

 private:
  db::Transaction& tx_;
};

// The outgoing tables (module key "documents_outgoing", so that they version apart from the
// tables of the registers and the incoming flow); part of documents::Migrations().
std::vector<db::Migration> OutgoingMigrations();

}  // namespace cqdt::documents
