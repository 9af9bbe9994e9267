// The files of documents (documents_file, decision 0009 "Files"): scans, signed PDFs and
// attachments, stored in the blob store by their SHA-256, one row per upload (nothing is
// overwritten). A file is uploaded first, unattached (document unset), by a member of an agency,
// and attached to a document by the use case that creates or changes that document (incoming
// registration today).
//
// Untrusted input: the type is decided by the content, never by the name or the declared type.
// A PDF must load through pdf:: with its untrusted limits (its pages are counted by walking the
// page tree); PNG, JPEG and TIFF are recognised by their magic bytes; anything else is
// kUnsupported (415) naming the field "file". An unreadable PDF (truncated, encrypted, refused
// structure) is kMalformed (422). The size limit is the caller's (the api reads it from config).
//
// Every method runs in the caller's transaction. Thread safety: stateless beyond its
// collaborators; safe to share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document.hpp"

namespace cqdt::documents {

using FileId = StrongId<struct FileIdTag>;

// main: the document itself; scan: a paper document scanned on arrival; draft, signed, issued:
// the versions of an outgoing document (versioned per role); attachment.
enum class FileRole { kMain, kDraft, kAttachment, kScan, kSigned, kIssued };
const char* FileRoleName(FileRole r);  // "main", "draft", "attachment", "scan", "signed", "issued"
std::optional<FileRole> ParseFileRole(std::string_view name);

struct DocumentFile {
  FileId id;
  AgencyId agency_id;
  DocumentId document_id;  // unset until attached
  FileRole role = FileRole::kMain;
  int version = 1;
  std::string sha256;
  std::string name;
  std::string content_type;  // application/pdf, image/png, image/jpeg, image/tiff
  std::int64_t size = 0;
  int pages = 0;  // PDFs; 1 for images
  // The signature verification report (JSON text, as the api renders it) of a signed PDF that
  // arrived electronically; "" when the file carries no signature.
  std::string signature_verdict;
  UserId uploaded_by;
  std::int64_t uploaded_at = 0;
};

// What the content is: (content type, pages), or the refusal described above.
struct DetectedContent {
  std::string content_type;
  int pages = 0;
};
Result<DetectedContent> DetectContent(std::string_view bytes);

class FileService {
 public:
  FileService(audit::AuditLog& audit, blob::BlobStore& blobs, const Clock& clock)
      : audit_(audit), blobs_(blobs), clock_(clock) {}

  // Checks the content, stores the bytes and records an unattached file of `agency` uploaded by
  // `actor.user_id`. `name` is the client's file name (already made safe by the caller).
  Result<DocumentFile> Upload(db::Transaction& tx, const audit::Actor& actor, AgencyId agency,
                              const std::string& name, std::string_view bytes,
                              const std::string& signature_verdict);
  // kNotFound("tệp", id).
  Result<DocumentFile> Get(db::Transaction& tx, FileId id) const;
  // The files of a document, oldest first.
  std::vector<DocumentFile> OfDocument(db::Transaction& tx, DocumentId document) const;
  // Attaches unattached file `id` to `document` with `role`: it must belong to the document's
  // agency and have been uploaded by `uploader` (kInvalidArgument "fileIds" otherwise: someone
  // else's or an already attached file is not the caller's to use).
  Status Attach(db::Transaction& tx, FileId id, const Document& document, FileRole role,
                UserId uploader) const;
  // The stored bytes.
  Result<std::string> Content(const DocumentFile& f) const;

 private:
  audit::AuditLog& audit_;
  blob::BlobStore& blobs_;
  const Clock& clock_;
};

}  // namespace cqdt::documents
