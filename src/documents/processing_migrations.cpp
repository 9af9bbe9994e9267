// The tables of the processing branch (issue 10, items 2 and 6), migration key
// `documents_processing`. Times are Unix seconds UTC ({{bigint}}); dates "YYYY-MM-DD" text.
#include "processing_migrations.hpp"

namespace cqdt::documents {

std::vector<db::Migration> ProcessingMigrations() {
  return {{"documents_processing", 1, "create_documents_arrival_stamp_and_submission",
           // What the "ĐẾN" stamp says, as it was at registration (one per incoming document).
           "CREATE TABLE documents_arrival_stamp ("
           " document_id {{bigint}} PRIMARY KEY REFERENCES documents_document (id),"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " agency_name TEXT NOT NULL,"
           " arrival_number {{bigint}} NOT NULL,"
           " arrival_date TEXT NOT NULL,"
           " arrived_at {{bigint}} NOT NULL,"
           " register_id {{bigint}} NOT NULL REFERENCES documents_register (id),"
           " register_name TEXT NOT NULL);\n"
           // The leaders an incoming document was submitted to: on its route (a confidential
           // document must be visible to the leader who instructs it).
           "CREATE TABLE documents_submission ("
           " id {{pk}},"
           " document_id {{bigint}} NOT NULL REFERENCES documents_document (id),"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " leader_id {{bigint}} NOT NULL REFERENCES identity_user (id),"
           " submitted_by {{bigint}},"
           " submitted_at {{bigint}} NOT NULL);\n"
           "CREATE INDEX documents_submission_document ON documents_submission (document_id)"}};
}

}  // namespace cqdt::documents
