// A blob store in the database (issue 16 item 4): the bytes of each blob in a row of
// `blob_object`, a table of this module (Migrations()), so that several `cqdt serve` processes
// on one PostgreSQL share the files and the files replicate and are backed up with the database
// (`pg_dump`; decision 0022). Selected by `[storage] blobs = "database"`.
//
// The contract of BlobStore: the key is the SHA-256 of the bytes; Put returns once the row is
// committed (durable as every commit of the database); identical content is stored once, and
// concurrent Puts of the same content, in any process, are harmless (INSERT ... ON CONFLICT);
// a Put of content already stored refreshes the row's `touched_at` (the orphan sweeper's grace);
// Get checks the bytes against the key. LocalFile answers nullopt: streaming callers read Get.
//
// Each Put commits in a transaction of its own, on `db`, which should be a pool of its own
// (services open one): a caller's transaction holding a connection while it stores a file must
// not wait for a connection of the same pool. On SQLite a second writer waits for the caller's
// write transaction to end, so the server accepts this store only on PostgreSQL; the unit tests
// run it on both.
// Thread safety: safe to share, as the Database is.
#pragma once

#include <vector>

#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"

namespace cqdt::blob {

// The blob module's tables (blob_object), applied before every other module's.
std::vector<db::Migration> Migrations();

class DatabaseBlobStore final : public BlobStore {
 public:
  DatabaseBlobStore(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  Result<BlobInfo> Put(std::string_view bytes) override;
  // Reads the file whole (the row holds the bytes), stores it, then removes the file.
  Result<BlobInfo> PutFile(const std::filesystem::path& path) override;
  Result<std::string> Get(const std::string& sha256) const override;
  bool Exists(const std::string& sha256) const override;
  // Deletes rows whose touched_at is older than `older_than` and whose key is not referenced,
  // each with that condition in its own DELETE, so a Put refreshing the row meanwhile keeps it.
  Result<SweepCounts> RemoveUnreferenced(const std::function<bool(const std::string&)>& referenced,
                                         std::chrono::system_clock::time_point older_than,
                                         bool dry_run) override;

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace cqdt::blob
