// The tables and indexes of the work queues, delegation and comments (issue 10, item 5), under
// the migration module key "documents_queues" so that they version apart from the other parts of
// the documents module; part of documents::Migrations(). Private to documents.
#pragma once

#include <vector>

#include "db/migrator.hpp"

namespace cqdt::documents {

std::vector<db::Migration> QueueMigrations();

// The indexes the queue pages need at scale (module key "documents_queue_indexes"; measured with
// bench/queue-bench.sh); part of documents::Migrations().
std::vector<db::Migration> QueueIndexMigrations();

}  // namespace cqdt::documents
