// A citizen's files on the portal (issue 13 item 3): the document store (kho dữ liệu: the files of
// their earlier dossiers — the documents they gave and the results returned — and the files they
// added to it), and the files uploaded for a dossier being prepared. Decree 45/2020 and Decision
// 766: what the citizen gave once is reused without uploading it again; a dossier records the
// reuse (onestop_dossier_document.reused_from).
//
// Ids: "u12" a file uploaded for a dossier being prepared (portal_file, not in the store list),
// "s3" a file added to the store (portal_file), "d41" a file of one of the citizen's dossiers
// (onestop_dossier_file, read through onestop). A file is its owner's only: another citizen, or
// staff, get kNotFound for its id.
//
// Uploads: PDF, JPEG or PNG by content (documents::DetectContent, the staff uploads' check, less
// TIFF), the name's extension and the declared type agreeing with the content when they name one
// of the three (a file that is not what it claims is refused, "file"), non-empty, at most
// max_file_bytes (kTooLarge). The bytes are checked and synced into the content-addressed blob
// store before any transaction (Stage); the row is written in the caller's (Add). Bounds:
// max_store_files in the store and max_pending_uploads waiting per citizen (kConflict past them).
// Thread safety: stateless beyond its collaborators.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "identity/principal.hpp"
#include "onestop/dossier_service.hpp"

namespace cqdt::portal {

enum class StoreSource {
  kUpload,    // "u": uploaded for a dossier being prepared
  kStore,     // "s": added to the store by the citizen
  kDocument,  // "d": a document given with one of their dossiers
  kResult,    // "d": the result of one of their dossiers
};
const char* StoreSourceName(StoreSource s);  // "upload", "store", "document", "result"

struct CitizenFile {
  std::string id;  // "u12", "s3", "d41"
  StoreSource source = StoreSource::kStore;
  std::string name;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
  std::int64_t added_at = 0;  // Unix seconds
  // A dossier's file: which dossier, procedure and document it was.
  std::string dossier_code;
  std::string procedure_code;
  std::string procedure_name;
  int document_ordinal = 0;
  std::string document_name;
};

struct DocumentStoreOptions {
  std::size_t max_file_bytes = 10 * 1024 * 1024;
  int max_store_files = 200;
  int max_pending_uploads = 50;
};

class DocumentStore {
 public:
  DocumentStore(audit::AuditLog& audit, onestop::DossierService& dossiers, blob::BlobStore& blobs,
                const Clock& clock, DocumentStoreOptions options = {})
      : audit_(audit), dossiers_(dossiers), blobs_(blobs), clock_(clock), options_(options) {}

  const DocumentStoreOptions& options() const { return options_; }

  // Checks an upload (`name` the client's file name, made safe by the caller; `declared_type`
  // the client's Content-Type or "") and stores its bytes durably. No transaction.
  Result<onestop::StagedFile> Stage(const identity::Principal& p, const std::string& name,
                                    const std::string& declared_type, std::string_view bytes) const;
  // Records a staged file as the citizen's: in the store, or an upload for a dossier.
  Result<CitizenFile> Add(db::Transaction& tx, const audit::Actor& actor,
                          const identity::Principal& p, const onestop::StagedFile& staged,
                          bool in_store);
  // The store: the files added to it, then those of the citizen's dossiers, newest first; a file
  // whose bytes are already listed (the same SHA-256) is listed once.
  Result<std::vector<CitizenFile>> List(db::Transaction& tx, const identity::Principal& p) const;
  // One of the citizen's files by id (an upload, the store's, a dossier's).
  Result<CitizenFile> Find(db::Transaction& tx, const identity::Principal& p,
                           const std::string& id) const;
  Result<std::pair<CitizenFile, std::string>> Content(db::Transaction& tx,
                                                      const identity::Principal& p,
                                                      const std::string& id) const;
  // Removes an upload or a file the citizen added to the store (a dossier's files stay: they are
  // the dossier's record). kNotFound otherwise.
  Status Remove(db::Transaction& tx, const audit::Actor& actor, const identity::Principal& p,
                const std::string& id);
  // An upload that became a dossier's file (SubmissionService): its row goes.
  void ConsumeUpload(db::Transaction& tx, CitizenId citizen, const std::string& id);

 private:
  audit::AuditLog& audit_;
  onestop::DossierService& dossiers_;
  blob::BlobStore& blobs_;
  const Clock& clock_;
  DocumentStoreOptions options_;
};

// Why `detected` (the content's type) is not what `name` and `declared_type` claim, or "" when
// they agree (names and types other than PDF, JPEG and PNG claim nothing). Pure.
std::string ClaimMismatch(const std::string& name, const std::string& declared_type,
                          const std::string& detected);

}  // namespace cqdt::portal
