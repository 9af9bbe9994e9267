// The tables of transfers to the archive (issue 11, item 2), under the migration module key
// `documents_archive` (private to documents).
#pragma once

#include <vector>

#include "db/migrator.hpp"

namespace cqdt::documents {

std::vector<db::Migration> ArchiveMigrations();

}  // namespace cqdt::documents
