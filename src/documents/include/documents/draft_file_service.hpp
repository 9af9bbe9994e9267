// Files of an outgoing draft beyond its PDF versions (issue 10 item 3; decision 0009):
//
//   DOCX drafts — a DOCX upload is checked by content (docx.hpp), converted to PDF, and stored as
//                 two files of one version: the DOCX as `source` and the PDF as `draft` (the one
//                 previewed and signed).
//   Attachments — phụ lục, PDF files of role `attachment`. At the issue, OutgoingService::Issue
//                 seals each of them too with the agency seal, the document's number written in
//                 the seal's appearance (Decree 30/2020 Phụ lục I: the seal on an attachment
//                 carries the number and notation of the document), in the transaction;
//                 the sealed copies are `issued_attachment` files.
//
// Both are the drafter's, in state `draft`, with `expected_version` (If-Match) checked, a timeline
// event and an audit entry, like OutgoingService::AddDraftFile, whose rules they share: a
// confidential document keeps no files unless OutgoingOptions::confidential_files.
// Errors: as AddDraftFile; kInvalidArgument "file" for a file that is not a DOCX (resp. PDF) or
// that LibreOffice cannot convert; kTooLarge; kUnavailable when no converter is configured.
// Thread safety: stateless beyond its collaborators; safe to share.
#pragma once

#include <cstdint>
#include <string>

#include "documents/docx.hpp"
#include "documents/outgoing_service.hpp"

namespace cqdt::documents {

constexpr int kMaxAttachments = 20;

// A DOCX and the PDF made from it (DraftFileService::Convert), before they are stored.
struct ConvertedDraft {
  std::string docx_name;
  std::string docx;
  std::string pdf;
};

class DraftFileService {
 public:
  // Shares the collaborators of `outgoing`; `converter` may be null (no DOCX on this instance).
  DraftFileService(const OutgoingService& outgoing, const DocxConverter* converter)
      : outgoing_(outgoing), converter_(converter) {}

  // Whether the caller may add a file to the draft now (the checks of the methods below, without
  // writing): run before a slow conversion so that nobody else makes the server convert.
  Status CheckCanAdd(db::Transaction& tx, const identity::Principal& p, DocumentId id,
                     std::int64_t expected_version) const;
  // Checks and converts a DOCX (no database). Slow (seconds): call it outside a transaction.
  Result<ConvertedDraft> Convert(const std::string& name, const std::string& docx) const;
  // Stores a converted DOCX draft as a new version (`source` + `draft`).
  Result<OutgoingDocument> AddConvertedDraft(db::Transaction& tx, const identity::Principal& p,
                                             const audit::Actor& actor, DocumentId id,
                                             std::int64_t expected_version,
                                             const ConvertedDraft& draft);
  // Adds an attachment (a PDF).
  Result<OutgoingDocument> AddAttachment(db::Transaction& tx, const identity::Principal& p,
                                         const audit::Actor& actor, DocumentId id,
                                         std::int64_t expected_version, const std::string& name,
                                         const std::string& bytes);
  // Removes an attachment added by mistake (the drafter, in `draft`, If-Match checked); the
  // timeline and the audit trail keep its name. kNotFound "phụ lục" for a file that is not an
  // attachment of this document. The other attachments keep their numbers.
  Result<OutgoingDocument> RemoveAttachment(db::Transaction& tx, const identity::Principal& p,
                                            const audit::Actor& actor, DocumentId id,
                                            std::int64_t expected_version, OutgoingFileId file);

 private:
  // The draft `id` as its drafter may change it: visible to `p` (else kNotFound), in `draft`
  // (else kFailedPrecondition `not_a_draft`), `p` its drafter (else kPermissionDenied
  // `not_the_drafter`), `expected_version` current.
  Result<OutgoingDocument> LoadOwnDraft(db::Transaction& tx, const identity::Principal& p,
                                        DocumentId id, std::int64_t expected_version,
                                        const char* not_a_draft, const char* not_the_drafter) const;
  // LoadOwnDraft for adding a file, and the confidential-files rule.
  Result<OutgoingDocument> LoadForAdding(db::Transaction& tx, const identity::Principal& p,
                                         DocumentId id, std::int64_t expected_version) const;
  const OutgoingService& outgoing_;
  const DocxConverter* converter_;
};

}  // namespace cqdt::documents
