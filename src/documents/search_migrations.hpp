// The tables of document search (issue 11, item 3), under the migration module key
// `documents_search` (private to documents).
#pragma once

#include <vector>

#include "db/migrator.hpp"

namespace cqdt::documents {

std::vector<db::Migration> SearchMigrations();

}  // namespace cqdt::documents
