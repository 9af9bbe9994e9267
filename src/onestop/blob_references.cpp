#include "onestop/blob_references.hpp"

namespace cqdt::onestop {

blob::ReferenceSource BlobReferences() {
  blob::ReferenceSource source{"onestop",
                               {
                                   "onestop_dossier_file.sha256",
                                   "onestop_procedure_document.template_sha256",
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

}  // namespace cqdt::onestop
