// The template files of a procedure's required documents (mẫu đơn, tờ khai; issue 12 item 1):
// an administrator uploads the form a citizen fills in, anyone downloads it from the procedure's
// page. The file lives in the blob store, named by its SHA-256 in the version's document
// (RequiredDocument::template_sha256), so a dossier received under a version keeps the form of
// that version; attaching a template publishes the procedure's newest version again
// (CatalogueService::Publish): a version scheduled for a later day is replaced on its day; the
// version in force is replaced while no dossier used it, otherwise a new version takes effect
// today (or the day after a version that took effect today and is used already). So while a
// later version is scheduled, a new template appears with it, not before. Imports keep templates
// of documents of the same name (the JSON and the workbook carry no files).
//
// Accepted: PDF, Word (.doc, .docx) and OpenDocument text (.odt), by content, up to 10 MB.
// Errors: kInvalidArgument naming "ordinal" (no such document), "file" (empty, too large, not one
// of those formats); kNotFound for an unknown procedure or a document without a template; the
// errors of Publish. Thread safety: stateless beyond its collaborators.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "audit/audit_log.hpp"
#include "blob/blob_store.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "identity/principal.hpp"
#include "onestop/catalogue_service.hpp"

namespace cqdt::onestop {

constexpr std::size_t kMaxTemplateBytes = 10u * 1024 * 1024;

struct TemplateFile {
  std::string file_name;  // the template's name with the format's extension ("Tờ khai….docx")
  std::string content_type;
  std::string bytes;
};

class ProcedureTemplateService {
 public:
  ProcedureTemplateService(CatalogueService& catalogue, blob::BlobStore& blobs)
      : catalogue_(catalogue), blobs_(blobs) {}

  // Stores `bytes` as the template of document `ordinal` (1-based) of `code` and publishes it;
  // `name` is the form's name when the document has none yet ("Mẫu tờ khai…").
  Result<Published> Attach(db::Transaction& tx, const identity::Principal& p,
                           const audit::Actor& actor, const std::string& code, int ordinal,
                           const std::string& name, std::string_view bytes);
  // The template of document `ordinal` of the version of `code` in force today (public).
  Result<TemplateFile> Get(db::Transaction& tx, const std::string& code, int ordinal) const;

 private:
  CatalogueService& catalogue_;
  blob::BlobStore& blobs_;
};

// The format of a template by its content: {extension, content type}, or nullopt.
std::optional<std::pair<std::string, std::string>> TemplateFormat(std::string_view bytes);

}  // namespace cqdt::onestop
