#include "records_migrations.hpp"

namespace cqdt::documents {

std::vector<db::Migration> RecordMigrations() {
  return {
      {"documents_records", 1, "create_documents_file_plan_and_work_records",
       // Danh mục hồ sơ: one line per expected record of an agency's year (Phụ lục V), its
       // notation unique in that year. retention_years NULL = permanent (vĩnh viễn).
       "CREATE TABLE documents_plan_item ("
       " id {{pk}},"
       " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
       " year INTEGER NOT NULL,"
       " code TEXT NOT NULL,"
       " title TEXT NOT NULL,"
       " unit_id {{bigint}} REFERENCES org_unit (id),"
       " retention_years INTEGER,"
       " responsible_id {{bigint}} REFERENCES identity_user (id),"
       " note TEXT NOT NULL DEFAULT '',"
       " created_by {{bigint}},"
       " created_at {{bigint}} NOT NULL,"
       " updated_at {{bigint}} NOT NULL,"
       " version {{bigint}} NOT NULL DEFAULT 1,"
       " UNIQUE (agency_id, year, code));\n"
       // Hồ sơ công việc (Phụ lục VI §8.3): one per plan item. organ_id, file_catalog and
       // notation are the FileCode as it was at opening; retention is copied from the plan.
       "CREATE TABLE documents_record ("
       " id {{pk}},"
       " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
       " plan_item_id {{bigint}} NOT NULL UNIQUE REFERENCES documents_plan_item (id),"
       " organ_id TEXT NOT NULL,"
       " file_catalog INTEGER NOT NULL,"
       " notation TEXT NOT NULL,"
       " title TEXT NOT NULL,"
       " retention_years INTEGER,"
       " rights TEXT NOT NULL,"
       " creator_id {{bigint}} NOT NULL REFERENCES identity_user (id),"
       " language TEXT NOT NULL,"
       " start_date TEXT NOT NULL DEFAULT '',"
       " end_date TEXT NOT NULL DEFAULT '',"
       " doc_total INTEGER NOT NULL DEFAULT 0,"
       " page_total INTEGER NOT NULL DEFAULT 0,"
       " description TEXT NOT NULL DEFAULT '',"
       " state TEXT NOT NULL,"
       " opened_at {{bigint}} NOT NULL,"
       " closed_at {{bigint}},"
       " version {{bigint}} NOT NULL DEFAULT 1);\n"
       "CREATE INDEX documents_record_agency ON documents_record (agency_id, file_catalog, id);\n"
       // A document is in at most one record (Phụ lục VI: DocOrdinal is its place there).
       "CREATE TABLE documents_record_document ("
       " record_id {{bigint}} NOT NULL REFERENCES documents_record (id),"
       " document_id {{bigint}} NOT NULL UNIQUE REFERENCES documents_document (id),"
       " ordinal INTEGER NOT NULL,"
       " attached_by {{bigint}},"
       " attached_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX documents_record_document_record ON documents_record_document"
       " (record_id, ordinal);\n"
       // Other files of the record (notes, minutes, photos): uploads of documents_file that
       // belong to no document.
       "CREATE TABLE documents_record_file ("
       " record_id {{bigint}} NOT NULL REFERENCES documents_record (id),"
       " file_id {{bigint}} NOT NULL UNIQUE REFERENCES documents_file (id),"
       " attached_by {{bigint}},"
       " attached_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX documents_record_file_record ON documents_record_file (record_id);\n"
       // Appraisal decisions on records past their retention: never deleted.
       "CREATE TABLE documents_record_appraisal ("
       " id {{pk}},"
       " record_id {{bigint}} NOT NULL REFERENCES documents_record (id),"
       " decision TEXT NOT NULL,"
       " decision_number TEXT NOT NULL,"
       " decision_date TEXT NOT NULL,"
       " reason TEXT NOT NULL,"
       " extend_years INTEGER,"
       " decided_by {{bigint}},"
       " decided_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX documents_record_appraisal_record ON documents_record_appraisal"
       " (record_id, id)"}};
}

}  // namespace cqdt::documents
