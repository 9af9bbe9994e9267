// The dossiers' tables (decision 0017), migration 2 of the module (catalogue_migrations.cpp
// lists it after the catalogue's).
#pragma once

#include "db/migrator.hpp"

namespace cqdt::onestop {

db::Migration DossierMigration();
// The counter queue (migration 3).
db::Migration CounterQueueMigration();
// The result document of a dossier (migration 4).
db::Migration DossierResultDocumentMigration();
// The agency of each step (migration 5).
db::Migration DossierStepAgencyMigration();
// The statistics' indexes (migration 6).
db::Migration DossierStatisticsMigration();
// The statistics' covering index (migration 7).
db::Migration DossierStatisticsCoveringMigration();
// How each fee was paid, and the index over received dossiers the Decision 766 counts read
// (migration 9).
db::Migration DossierFeeMethodMigration();
// The flags on a dossier's row the Decision 766 counts read: files given, documents replaced by
// data, a result document (migration 10).
db::Migration DossierEvidenceMigration();
// The citizen's files of online dossiers and their reuse from the document store (issue 13 item 3).
db::Migration DossierCitizenFilesMigration();
// The escalation sweep's index of open dossiers by due time, and the step's mark that its late
// notice was written (migration 12).
db::Migration DossierEscalationMigration();

}  // namespace cqdt::onestop
