// Stores a file for a row this transaction writes: the bytes go to the blob store at once
// (blob::BlobStore::PutAsync, `check` run while they are copied; nothing stored when it fails),
// are synced while the transaction's statements run, and its commit waits for them
// (db::Transaction::BeforeCommit, kAwait): no row commits naming a file a crash could lose.
#pragma once

#include <functional>
#include <string_view>

#include "blob/blob_store.hpp"
#include "core/result.hpp"
#include "db/database.hpp"

namespace cqdt::documents {

inline Result<blob::BlobInfo> PutAtCommit(db::Transaction& tx, blob::BlobStore& blobs,
                                          std::string_view bytes,
                                          const std::function<Status()>& check = {}) {
  CQDT_ASSIGN_OR_RETURN(blob::PendingBlob pending, blobs.PutAsync(bytes, check));
  tx.BeforeCommit([pending](db::Transaction&) { return pending.Durable(); },
                  db::Transaction::CommitStep::kAwait);
  return pending.info();
}

}  // namespace cqdt::documents
