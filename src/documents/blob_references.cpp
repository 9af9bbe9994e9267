#include "documents/blob_references.hpp"

namespace cqdt::documents {

blob::ReferenceSource BlobReferences() {
  blob::ReferenceSource source{"documents",
                               {
                                   "documents_file.sha256",
                                   "documents_issue_lines.sha256",
                                   "documents_archive_transfer.package_sha256",
                               },
                               {}};
  source.collect = [columns = source.columns](db::Transaction& tx, blob::KeySet& keys) -> Status {
    for (const std::string& column : columns) {
      CQDT_RETURN_IF_ERROR(blob::CollectColumn(tx, column, keys));
    }
    return Ok();
  };
  return source;
}

}  // namespace cqdt::documents
