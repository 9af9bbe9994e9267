#include "exchange/blob_references.hpp"

namespace cqdt::exchange {

blob::ReferenceSource BlobReferences() {
  blob::ReferenceSource source{"exchange",
                               {
                                   "exchange_message.sha256",
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

}  // namespace cqdt::exchange
