// The tables of work records and the file plan (issue 11, item 1), under the migration module
// key `documents_records` (private to documents).
#pragma once

#include <vector>

#include "db/migrator.hpp"

namespace cqdt::documents {

std::vector<db::Migration> RecordMigrations();

}  // namespace cqdt::documents
