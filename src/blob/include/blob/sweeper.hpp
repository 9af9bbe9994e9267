// The orphan sweeper (issue 16 item 5): removes blobs that no row of any module names.
//
// A blob is made durable before the transaction that names it commits (blob_store.hpp), so a
// crash, or a transaction rolled back, leaves blobs no row names (the crash campaign found 11-15
// per 20 kills: tests/reliability/README.md). The sweeper removes those older than a grace
// period (default 24 hours): a Put of content already stored refreshes its time, so a blob that
// a transaction under way is about to name is always younger than the grace period.
//
// The sweeper must know every key every module's rows name, and no module reads another's
// tables: each module that keeps blob keys gives one ReferenceSource (its `BlobReferences()`),
// which lists the columns it covers and collects their keys with its own SQL; the application
// registers them all where it builds the services (app/blob_references.cpp). A column named like
// a blob key (`*sha256*`, `*blob*`) that no source lists fails a test of the application, so a
// new table cannot be forgotten.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "blob/blob_store.hpp"
#include "db/database.hpp"

namespace cqdt::blob {

using KeySet = std::unordered_set<std::string>;

struct ReferenceSource {
  std::string module;                // "documents"
  std::vector<std::string> columns;  // "documents_file.sha256": every column it reads keys from
  // Adds every key those columns hold to `keys`, inside `tx` (a read transaction: one snapshot
  // for all sources). Throws or returns an error when it cannot: then nothing is swept.
  std::function<Status(db::Transaction& tx, KeySet& keys)> collect;
};

// The keys of `column` ("table.column", a constant of the calling module) that are not NULL:
// what most sources' collect runs, once per column, on their own tables.
Status CollectColumn(db::Transaction& tx, const std::string& column, KeySet& keys);

struct SweepOptions {
  std::chrono::hours grace{24};
  bool dry_run = false;
};

struct SweepReport {
  SweepCounts counts;
  std::uint64_t referenced = 0;  // distinct keys the rows name
};

// Collects the keys of every source (one read transaction), then has `store` remove the blobs
// stored or refreshed before now - grace that none of them names. An error of any source stops
// the sweep before anything is removed.
Result<SweepReport> Sweep(db::Database& db, BlobStore& store,
                          const std::vector<ReferenceSource>& sources, const SweepOptions& options,
                          std::chrono::system_clock::time_point now);

}  // namespace cqdt::blob
