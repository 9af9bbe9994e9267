#include "import_migrations.hpp"

namespace cqdt::documents {

std::vector<db::Migration> ImportMigrations() {
  return {
      {"documents_import", 1, "create_documents_import_and_jobs",
       // One row per imported document: its stable key, unique per agency and direction, is what
       // makes an import idempotent (import_service.hpp). register_id is the register the row
       // named (or the default one): the original number is kept on the document, not as a
       // register entry.
       "CREATE TABLE documents_import ("
       " id {{pk}},"
       " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
       " direction TEXT NOT NULL,"
       " legacy_key TEXT NOT NULL,"
       " document_id {{bigint}} NOT NULL REFERENCES documents_document (id),"
       " register_id {{bigint}} REFERENCES documents_register (id),"
       " imported_by {{bigint}},"
       " imported_at {{bigint}} NOT NULL,"
       " UNIQUE (agency_id, direction, legacy_key));\n"
       // Imports started over HTTP: run on a background thread; a job found queued or running
       // at start-up was cut short by a restart and becomes `interrupted`.
       "CREATE TABLE documents_import_job ("
       " id {{pk}},"
       " file_name TEXT NOT NULL,"
       " dry_run INTEGER NOT NULL,"
       " state TEXT NOT NULL,"
       " phase TEXT NOT NULL DEFAULT '',"
       " total INTEGER NOT NULL DEFAULT 0,"
       " done INTEGER NOT NULL DEFAULT 0,"
       " imported INTEGER NOT NULL DEFAULT 0,"
       " skipped INTEGER NOT NULL DEFAULT 0,"
       " invalid INTEGER NOT NULL DEFAULT 0,"
       " refused INTEGER NOT NULL DEFAULT 0,"
       " message TEXT NOT NULL DEFAULT '',"
       " created_by {{bigint}},"
       " created_by_name TEXT NOT NULL,"
       " created_at {{bigint}} NOT NULL,"
       " updated_at {{bigint}} NOT NULL);\n"
       // The per-row report of a finished job: a line per row, and one per problem
       // (status 'problem', with the field).
       "CREATE TABLE documents_import_job_row ("
       " job_id {{bigint}} NOT NULL REFERENCES documents_import_job (id),"
       " seq INTEGER NOT NULL,"
       " row_number INTEGER NOT NULL,"
       " status TEXT NOT NULL,"
       " field TEXT NOT NULL DEFAULT '',"
       " message TEXT NOT NULL DEFAULT '',"
       " number_text TEXT NOT NULL DEFAULT '',"
       " subject TEXT NOT NULL DEFAULT '',"
       " document_id {{bigint}},"
       " PRIMARY KEY (job_id, seq))"},
      {"documents_import", 2, "add_documents_import_job_heartbeat",
       // Several instances (decision 0024): the instance running a job beats on it, so that
       // another one starting up leaves it alone and marks only a dead instance's jobs.
       "ALTER TABLE documents_import_job ADD COLUMN heartbeat_at {{bigint}} NOT NULL DEFAULT 0"},
  };
}

}  // namespace cqdt::documents
