// The tables of the import of past documents (issue 11, item 6), under the migration module key
// `documents_import` (private to documents).
#pragma once

#include <vector>

#include "db/migrator.hpp"

namespace cqdt::documents {

std::vector<db::Migration> ImportMigrations();

}  // namespace cqdt::documents
