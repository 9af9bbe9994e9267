// The procedure catalogue's tables (decision 0017). A version's lists are child rows keyed by
// (version_id, ordinal); amounts of days and hours are stored in hundredths (integers, the same
// on both engines).
#include "dossier_migrations.hpp"
#include "onestop/catalogue_service.hpp"

namespace cqdt::onestop {

std::vector<db::Migration> Migrations() {
  return {
      {"onestop", 1, "create_procedure_catalogue",
       "CREATE TABLE onestop_procedure ("
       " id {{pk}},"
       " code TEXT NOT NULL UNIQUE,"
       " created_at {{bigint}} NOT NULL);\n"
       "CREATE TABLE onestop_procedure_version ("
       " id {{pk}},"
       " procedure_id {{bigint}} NOT NULL REFERENCES onestop_procedure (id),"
       " number INTEGER NOT NULL,"
       " effective_from TEXT NOT NULL,"
       " effective_to TEXT,"
       " used INTEGER NOT NULL DEFAULT 0,"
       " national_code TEXT NOT NULL,"
       " name TEXT NOT NULL,"
       " search_key TEXT NOT NULL,"
       " published_number TEXT NOT NULL,"
       " published_date TEXT NOT NULL,"
       " level TEXT NOT NULL,"
       " sector_code TEXT NOT NULL,"
       " sector_name TEXT NOT NULL,"
       " subjects TEXT NOT NULL,"
       " sets INTEGER NOT NULL,"
       " conditions TEXT NOT NULL,"
       " result_name TEXT NOT NULL,"
       " result_electronic INTEGER NOT NULL,"
       " online_level TEXT NOT NULL,"
       " restart_on_supplement INTEGER NOT NULL,"
       " created_at {{bigint}} NOT NULL,"
       " created_by TEXT NOT NULL,"
       " UNIQUE (procedure_id, number));\n"
       "CREATE INDEX onestop_procedure_version_on ON onestop_procedure_version"
       " (procedure_id, effective_from);\n"
       "CREATE TABLE onestop_procedure_channel ("
       " version_id {{bigint}} NOT NULL REFERENCES onestop_procedure_version (id),"
       " ordinal INTEGER NOT NULL,"
       " channel TEXT NOT NULL,"
       " deadline_hundredths {{bigint}} NOT NULL,"
       " deadline_unit TEXT NOT NULL,"
       " deadline_note TEXT NOT NULL,"
       " description TEXT NOT NULL,"
       " PRIMARY KEY (version_id, ordinal));\n"
       "CREATE TABLE onestop_procedure_fee ("
       " version_id {{bigint}} NOT NULL REFERENCES onestop_procedure_version (id),"
       " channel_ordinal INTEGER NOT NULL,"
       " ordinal INTEGER NOT NULL,"
       " name TEXT NOT NULL,"
       " amount {{bigint}} NOT NULL,"
       " note TEXT NOT NULL,"
       " PRIMARY KEY (version_id, channel_ordinal, ordinal));\n"
       "CREATE TABLE onestop_procedure_document ("
       " version_id {{bigint}} NOT NULL REFERENCES onestop_procedure_version (id),"
       " ordinal INTEGER NOT NULL,"
       " name TEXT NOT NULL,"
       " originals INTEGER NOT NULL,"
       " copies INTEGER NOT NULL,"
       " required INTEGER NOT NULL,"
       " replaceable_by_data INTEGER NOT NULL,"
       " template_name TEXT NOT NULL,"
       " template_sha256 TEXT NOT NULL,"
       " PRIMARY KEY (version_id, ordinal));\n"
       // The lists of plain texts: performer, legal_basis, unconfirmed, source.
       "CREATE TABLE onestop_procedure_text ("
       " version_id {{bigint}} NOT NULL REFERENCES onestop_procedure_version (id),"
       " kind TEXT NOT NULL,"
       " ordinal INTEGER NOT NULL,"
       " text TEXT NOT NULL,"
       " PRIMARY KEY (version_id, kind, ordinal));\n"
       "CREATE TABLE onestop_procedure_chain ("
       " version_id {{bigint}} NOT NULL REFERENCES onestop_procedure_version (id),"
       " ordinal INTEGER NOT NULL,"
       " name TEXT NOT NULL,"
       " agency TEXT NOT NULL,"
       " PRIMARY KEY (version_id, ordinal));\n"
       "CREATE TABLE onestop_procedure_step ("
       " version_id {{bigint}} NOT NULL REFERENCES onestop_procedure_version (id),"
       " ordinal INTEGER NOT NULL,"
       " name TEXT NOT NULL,"
       " performer TEXT NOT NULL,"
       " hours_hundredths {{bigint}} NOT NULL,"
       " PRIMARY KEY (version_id, ordinal));\n"
       // Which agencies perform which procedure (any version).
       "CREATE TABLE onestop_procedure_agency ("
       " procedure_id {{bigint}} NOT NULL REFERENCES onestop_procedure (id),"
       " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
       " PRIMARY KEY (procedure_id, agency_id));\n"
       "CREATE INDEX onestop_procedure_agency_by_agency ON onestop_procedure_agency"
       " (agency_id, procedure_id)"},
      DossierMigration(),
      CounterQueueMigration(),
      DossierResultDocumentMigration(),
      DossierStepAgencyMigration(),
      DossierStatisticsMigration(),
      DossierStatisticsCoveringMigration(),
      // The portal's life events (issue 13 item 1): data an administrator sets, naming
      // procedures by catalogue code (an event may name a code before its import).
      {"onestop", 8, "create_life_events",
       "CREATE TABLE onestop_life_event ("
       " code TEXT PRIMARY KEY,"
       " ordinal INTEGER NOT NULL,"
       " name TEXT NOT NULL,"
       " name_en TEXT NOT NULL);\n"
       "CREATE TABLE onestop_life_event_procedure ("
       " event_code TEXT NOT NULL REFERENCES onestop_life_event (code),"
       " ordinal INTEGER NOT NULL,"
       " procedure_code TEXT NOT NULL,"
       " PRIMARY KEY (event_code, ordinal))"},
      DossierFeeMethodMigration(),
      DossierEvidenceMigration(),
      DossierCitizenFilesMigration(),
      DossierEscalationMigration(),
  };
}

}  // namespace cqdt::onestop
