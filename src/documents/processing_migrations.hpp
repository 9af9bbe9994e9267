// The tables of the processing branch (decision 0009, "As built (branch processing)"), under
// the migration module key `documents_processing` (private to documents).
#pragma once

#include <vector>

#include "db/migrator.hpp"

namespace cqdt::documents {

std::vector<db::Migration> ProcessingMigrations();

}  // namespace cqdt::documents
