// Comments on a document (ý kiến; issue 10, item 5; decision 0009, documents_comment): anyone on
// the document's route — or, for a document that is not confidential, a leader or clerk of its
// agency — writes a comment, optionally with one file uploaded first through
// FileService::Upload (POST /documents/files) and attached here with the role `attachment`. The
// comments are listed with the timeline (oldest first); each is also a timeline event
// (`documents.commented`) and an audit entry. Comments are never edited nor deleted.
//
// Confidential documents take comments but no files (decision 0009: their files are kept off
// an instance not declared isolated).
// Errors: kNotFound for a document the caller may not see (outsiders learn nothing);
// kPermissionDenied for a caller who sees it but plays no role on it; kInvalidArgument "text"
// (1..2000 characters), "fileId" (not the caller's own unattached upload of the agency, or the
// document is confidential). Every method runs in the caller's transaction. Thread safety:
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
#include "documents/document_files.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"

namespace cqdt::documents {

using CommentId = StrongId<struct CommentIdTag>;

struct DocumentComment {
  CommentId id;
  DocumentId document_id;
  UserId author_id;
  std::string author_name;  // the author's full name
  std::string text;
  std::optional<DocumentFile> file;
  std::int64_t created_at = 0;
};

class CommentService {
 public:
  CommentService(audit::AuditLog& audit, const identity::IdentityService& identity,
                 FileService& files, const Clock& clock)
      : audit_(audit), identity_(identity), files_(files), clock_(clock) {}

  Result<DocumentComment> Add(db::Transaction& tx, const audit::Actor& actor,
                              const identity::Principal& p, DocumentId id, const std::string& text,
                              std::optional<FileId> file);
  // The document's comments, oldest first (kNotFound unless `p` may see it).
  Result<std::vector<DocumentComment>> List(db::Transaction& tx, const identity::Principal& p,
                                            DocumentId id) const;
  // The file of one of the document's comments, with its bytes (kNotFound otherwise).
  Result<std::pair<DocumentFile, std::string>> ReadFile(db::Transaction& tx,
                                                        const identity::Principal& p, DocumentId id,
                                                        FileId file) const;

 private:
  audit::AuditLog& audit_;
  const identity::IdentityService& identity_;
  FileService& files_;
  const Clock& clock_;
};

}  // namespace cqdt::documents
