// The portal module's tables (form_service.hpp): the e-forms' versions, the forms and answers of
// the dossiers submitted online, the citizens' drafts and their files (uploads for a dossier being
// prepared, and the document store's own files).
#include "portal/form_service.hpp"

namespace cqdt::portal {

std::vector<db::Migration> Migrations() {
  return {
      // One row per version of a procedure's e-form; the latest is the form in use.
      {"portal", 1, "create_portal_form",
       "CREATE TABLE portal_form ("
       " id {{pk}},"
       " procedure_code TEXT NOT NULL,"
       " number INTEGER NOT NULL,"
       " definition TEXT NOT NULL,"
       " created_at {{bigint}} NOT NULL,"
       " created_by TEXT NOT NULL,"
       " UNIQUE (procedure_code, number))"},
      // The form a dossier was submitted under and its answers (the e-form's JSON of this module);
      // the citizen and the applicant's address for the next form's pre-filled values.
      {"portal", 2, "create_portal_dossier_form",
       "CREATE TABLE portal_dossier_form ("
       " dossier_id {{bigint}} PRIMARY KEY REFERENCES onestop_dossier (id),"
       " form_id {{bigint}} NOT NULL REFERENCES portal_form (id),"
       " citizen_id {{bigint}} NOT NULL,"
       " procedure_code TEXT NOT NULL,"
       " answers TEXT NOT NULL,"
       " applicant_address TEXT NOT NULL,"
       " submitted_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX portal_dossier_form_by_citizen ON portal_dossier_form"
       " (citizen_id, procedure_code, submitted_at)"},
      // A citizen's drafts (draft_service.hpp): the answers and the files chosen, as this
      // module's JSON.
      {"portal", 3, "create_portal_draft",
       "CREATE TABLE portal_draft ("
       " id {{pk}},"
       " citizen_id {{bigint}} NOT NULL,"
       " procedure_code TEXT NOT NULL,"
       " agency_id {{bigint}} REFERENCES org_agency (id),"
       " form_id {{bigint}} REFERENCES portal_form (id),"
       " answers TEXT NOT NULL,"
       " documents TEXT NOT NULL,"
       " note TEXT NOT NULL,"
       " created_at {{bigint}} NOT NULL,"
       " updated_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX portal_draft_by_citizen ON portal_draft (citizen_id, updated_at)"},
      // The citizens' own files (document_store.hpp): uploads for a dossier being prepared
      // (in_store 0) and the files they added to their document store (in_store 1); the bytes are
      // in the blob store by their SHA-256.
      {"portal", 4, "create_portal_file",
       "CREATE TABLE portal_file ("
       " id {{pk}},"
       " citizen_id {{bigint}} NOT NULL,"
       " in_store INTEGER NOT NULL,"
       " name TEXT NOT NULL,"
       " content_type TEXT NOT NULL,"
       " size {{bigint}} NOT NULL,"
       " sha256 TEXT NOT NULL,"
       " created_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX portal_file_by_citizen ON portal_file (citizen_id, in_store, id)"},
  };
}

}  // namespace cqdt::portal
