// The dossiers' tables (decision 0017), migration 2 of the module (catalogue_migrations.cpp
// lists it after the catalogue's).
#pragma once

#include "db/migrator.hpp"

namespace cqdt::onestop {

db::Migration DossierMigration();

}  // namespace cqdt::onestop
