// The schema of the documents module (decision 0009). Times are Unix seconds UTC ({{bigint}});
// dates are "YYYY-MM-DD" text; every table carries agency_id, directly or through its parent.
#include "db/migrator.hpp"
#include "delivery_repository.hpp"
#include "documents/register_service.hpp"
#include "import_migrations.hpp"
#include "outgoing_repository.hpp"
#include "processing_migrations.hpp"
#include "queues_migrations.hpp"
#include "records_migrations.hpp"
#include "search_migrations.hpp"
#include "token_repository.hpp"

namespace cqdt::documents {

namespace {

std::vector<db::Migration> FoundationMigrations() {
  return {{"documents", 1, "create_documents_registers_and_documents",
           // Registers (sổ). is_default marks the four made by EnsureDefaults; the partial unique
           // index makes that idempotent when two transactions race on PostgreSQL.
           "CREATE TABLE documents_register ("
           " id {{pk}},"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " direction TEXT NOT NULL,"
           " kind TEXT NOT NULL,"
           " name TEXT NOT NULL,"
           " document_types TEXT NOT NULL DEFAULT '',"
           " active INTEGER NOT NULL DEFAULT 1,"
           " is_default INTEGER NOT NULL DEFAULT 0,"
           " created_at {{bigint}} NOT NULL,"
           " updated_at {{bigint}} NOT NULL,"
           " version {{bigint}} NOT NULL DEFAULT 1);\n"
           "CREATE INDEX documents_register_agency ON documents_register (agency_id);\n"
           "CREATE UNIQUE INDEX documents_register_default"
           " ON documents_register (agency_id, direction, kind) WHERE is_default = 1;\n"
           "CREATE TABLE documents_register_writer ("
           " register_id {{bigint}} NOT NULL REFERENCES documents_register (id),"
           " user_id {{bigint}} NOT NULL REFERENCES identity_user (id),"
           " added_by {{bigint}},"
           " added_at {{bigint}} NOT NULL,"
           " PRIMARY KEY (register_id, user_id));\n"
           // The documents themselves: Phụ lục VI §8.1/8.2 items as columns.
           "CREATE TABLE documents_document ("
           " id {{pk}},"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " direction TEXT NOT NULL,"
           " state TEXT NOT NULL,"
           " file_organ_id TEXT NOT NULL DEFAULT '',"
           " file_catalog INTEGER NOT NULL DEFAULT 0,"
           " file_notation TEXT NOT NULL DEFAULT '',"
           " doc_ordinal INTEGER NOT NULL DEFAULT 0,"
           " type_ordinal INTEGER NOT NULL,"
           " number {{bigint}} NOT NULL DEFAULT 0,"
           " notation TEXT NOT NULL DEFAULT '',"
           " number_text TEXT NOT NULL DEFAULT '',"
           " issued_date TEXT NOT NULL DEFAULT '',"
           " sender_agency_id {{bigint}} REFERENCES org_agency (id),"
           " sender_name TEXT NOT NULL DEFAULT '',"
           " subject TEXT NOT NULL,"
           " language TEXT NOT NULL DEFAULT 'vi',"
           " page_count INTEGER NOT NULL DEFAULT 0,"
           " description TEXT NOT NULL DEFAULT '',"
           " signer_position TEXT NOT NULL DEFAULT '',"
           " signer_name TEXT NOT NULL DEFAULT '',"
           " urgency TEXT NOT NULL DEFAULT 'normal',"
           " confidentiality TEXT NOT NULL DEFAULT 'none',"
           " issued_amount INTEGER NOT NULL DEFAULT 0,"
           " due_date TEXT NOT NULL DEFAULT '',"
           " arrival_date TEXT NOT NULL DEFAULT '',"
           " arrival_number {{bigint}} NOT NULL DEFAULT 0,"
           " to_places TEXT NOT NULL DEFAULT '',"
           " channel TEXT NOT NULL DEFAULT 'paper',"
           " register_entry_id {{bigint}},"
           " reply_to_id {{bigint}} REFERENCES documents_document (id),"
           " replaces_id {{bigint}} REFERENCES documents_document (id),"
           " recall_reason TEXT NOT NULL DEFAULT '',"
           " drafting_unit_id {{bigint}} REFERENCES org_unit (id),"
           " drafter_id {{bigint}},"
           " created_by {{bigint}},"
           " created_at {{bigint}} NOT NULL,"
           " updated_at {{bigint}} NOT NULL,"
           " version {{bigint}} NOT NULL DEFAULT 1);\n"
           "CREATE INDEX documents_document_agency ON documents_document"
           " (agency_id, direction, state);\n"
           // Entries: (register, year, number) unique; never deleted, cancelled at most.
           "CREATE TABLE documents_register_entry ("
           " id {{pk}},"
           " register_id {{bigint}} NOT NULL REFERENCES documents_register (id),"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " year INTEGER NOT NULL,"
           " number {{bigint}} NOT NULL,"
           " document_id {{bigint}} NOT NULL REFERENCES documents_document (id),"
           " state TEXT NOT NULL,"
           " reason TEXT NOT NULL DEFAULT '',"
           " allocated_by {{bigint}},"
           " allocated_by_name TEXT NOT NULL,"
           " allocated_at {{bigint}} NOT NULL,"
           " cancelled_by {{bigint}},"
           " cancelled_by_name TEXT NOT NULL DEFAULT '',"
           " cancelled_at {{bigint}},"
           " UNIQUE (register_id, year, number));\n"
           "CREATE INDEX documents_register_entry_document ON documents_register_entry"
           " (document_id);\n"
           // The timeline users read.
           "CREATE TABLE documents_event ("
           " id {{pk}},"
           " document_id {{bigint}} NOT NULL REFERENCES documents_document (id),"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " at {{bigint}} NOT NULL,"
           " actor_id {{bigint}},"
           " actor_name TEXT NOT NULL,"
           " action TEXT NOT NULL,"
           " detail TEXT NOT NULL DEFAULT '',"
           " client_address TEXT NOT NULL DEFAULT '',"
           " request_id TEXT NOT NULL DEFAULT '');\n"
           "CREATE INDEX documents_event_document ON documents_event (document_id, at);\n"
           // Who may see a confidential document beyond its route.
           "CREATE TABLE documents_grant ("
           " document_id {{bigint}} NOT NULL REFERENCES documents_document (id),"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " user_id {{bigint}} NOT NULL REFERENCES identity_user (id),"
           " granted_by {{bigint}},"
           " granted_at {{bigint}} NOT NULL,"
           " reason TEXT NOT NULL DEFAULT '',"
           " PRIMARY KEY (document_id, user_id))"},
          // The incoming flow (issue 10, item 2) under a migration module of its own, so that
          // the outgoing branch's "documents" versions cannot collide with it.
          {"documents_incoming", 1, "create_documents_files_and_assignments",
           // Files: one row per upload; document_id is NULL until a use case attaches it.
           "CREATE TABLE documents_file ("
           " id {{pk}},"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " document_id {{bigint}} REFERENCES documents_document (id),"
           " role TEXT NOT NULL,"
           " version INTEGER NOT NULL DEFAULT 1,"
           " sha256 TEXT NOT NULL,"
           " name TEXT NOT NULL,"
           " content_type TEXT NOT NULL,"
           " size {{bigint}} NOT NULL,"
           " pages INTEGER NOT NULL DEFAULT 0,"
           " signature_verdict TEXT NOT NULL DEFAULT '',"
           " uploaded_by {{bigint}},"
           " uploaded_at {{bigint}} NOT NULL);\n"
           "CREATE INDEX documents_file_document ON documents_file (document_id);\n"
           // Assignments (giao xử lý): a person with a role, an instruction and a due date.
           "CREATE TABLE documents_assignment ("
           " id {{pk}},"
           " document_id {{bigint}} NOT NULL REFERENCES documents_document (id),"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " parent_id {{bigint}} REFERENCES documents_assignment (id),"
           " assignee_user_id {{bigint}} REFERENCES identity_user (id),"
           " assignee_unit_id {{bigint}} REFERENCES org_unit (id),"
           " role TEXT NOT NULL,"
           " instruction TEXT NOT NULL DEFAULT '',"
           " due_date TEXT NOT NULL DEFAULT '',"
           " state TEXT NOT NULL,"
           " result_note TEXT NOT NULL DEFAULT '',"
           " extension_reason TEXT NOT NULL DEFAULT '',"
           " extension_due_date TEXT NOT NULL DEFAULT '',"
           " answer_document_id {{bigint}} REFERENCES documents_document (id),"
           " assigned_by {{bigint}},"
           " assigned_at {{bigint}} NOT NULL,"
           " updated_at {{bigint}} NOT NULL);\n"
           "CREATE INDEX documents_assignment_document ON documents_assignment (document_id);\n"
           "CREATE INDEX documents_assignment_assignee ON documents_assignment"
           " (assignee_user_id, state)"}};
}

}  // namespace

std::vector<db::Migration> Migrations() {
  auto all = FoundationMigrations();
  for (auto ms : {OutgoingMigrations(), DeliveryMigrations(), ProcessingMigrations(),
                  QueueMigrations(), SigningMigrations(), QueueIndexMigrations(),
                  RecordMigrations(), SearchMigrations(), ImportMigrations()}) {
    all.insert(all.end(), ms.begin(), ms.end());
  }
  return all;
}

}  // namespace cqdt::documents
