#include "mailroom/blob_references.hpp"

namespace cqdt::mailroom {

blob::ReferenceSource BlobReferences() {
  blob::ReferenceSource source{"mailroom",
                               {
                                   "mailroom_intake.raw_sha256",
                                   "mailroom_intake.content_sha256",
                                   "mailroom_intake_file.sha256",
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

}  // namespace cqdt::mailroom
