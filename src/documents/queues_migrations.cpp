#include "queues_migrations.hpp"

namespace cqdt::documents {

std::vector<db::Migration> QueueMigrations() {
  return {
      {"documents_queues", 1, "create_documents_delegation_comment_and_queue_indexes",
       // Ủy quyền: a leader lets a deputy of the same agency act in their place for some
       // rights ("receive", "assign", "sign", comma-separated) from starts_on to ends_on
       // (dates in Vietnam, both included), until revoked. Never deleted: the audit trail
       // and the timeline name it.
       "CREATE TABLE documents_delegation ("
       " id {{pk}},"
       " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
       " from_user_id {{bigint}} NOT NULL REFERENCES identity_user (id),"
       " to_user_id {{bigint}} NOT NULL REFERENCES identity_user (id),"
       " rights TEXT NOT NULL,"
       " starts_on TEXT NOT NULL,"
       " ends_on TEXT NOT NULL,"
       " reason TEXT NOT NULL,"
       " created_by {{bigint}},"
       " created_at {{bigint}} NOT NULL,"
       " revoked_by {{bigint}},"
       " revoked_at {{bigint}},"
       " revoke_reason TEXT NOT NULL DEFAULT '');\n"
       "CREATE INDEX documents_delegation_to ON documents_delegation (to_user_id, ends_on);\n"
       "CREATE INDEX documents_delegation_from ON documents_delegation (from_user_id, ends_on);\n"
       "CREATE INDEX documents_delegation_agency ON documents_delegation (agency_id, id);\n"
       // Comments on a document's route, optionally with one file of documents_file.
       "CREATE TABLE documents_comment ("
       " id {{pk}},"
       " document_id {{bigint}} NOT NULL REFERENCES documents_document (id),"
       " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
       " author_id {{bigint}},"
       " author_name TEXT NOT NULL,"
       " text TEXT NOT NULL,"
       " file_id {{bigint}} REFERENCES documents_file (id),"
       " created_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX documents_comment_document ON documents_comment (document_id, id);\n"
       // The queues filter by agency, direction and state and sort by due date or by the
       // last change; the incoming list sorts by arrival date.
       "CREATE INDEX documents_document_queue_due ON documents_document"
       " (agency_id, direction, state, due_date);\n"
       "CREATE INDEX documents_document_queue_updated ON documents_document"
       " (agency_id, direction, state, updated_at);\n"
       "CREATE INDEX documents_document_arrival ON documents_document"
       " (agency_id, direction, arrival_date, id);\n"
       "CREATE INDEX documents_outgoing_signer ON documents_outgoing (signer_id);\n"
       "CREATE INDEX documents_assignment_open ON documents_assignment"
       " (assignee_user_id, role, state, document_id)"}};
}

std::vector<db::Migration> QueueIndexMigrations() {
  // Found with bench/queue-bench.sh at 1,000,000 documents: the visibility predicate
  // (queue_sql.cpp) asks "is the caller an assignee / a reviewer of this document?" once per
  // candidate row; with only (document_id) or (assignee_user_id, ...) to choose from, SQLite took
  // the covering (assignee_user_id, ...) index and walked all of the caller's assignments for
  // every row. Both columns in one index make each probe a single seek.
  return {{"documents_queue_indexes", 1, "create_documents_queue_visibility_indexes",
           "CREATE INDEX documents_assignment_document_assignee ON documents_assignment"
           " (document_id, assignee_user_id);\n"
           "CREATE INDEX documents_review_document_reviewer ON documents_review"
           " (document_id, reviewer_id);\n"
           // The agency-wide queues (instruct, issue, register, sign) walk every document of a
           // state: with the sort keys and the columns of the visibility predicate in the index,
           // count and page read no table row (2,365 submitted documents: 10 ms -> 1 ms). It
           // has documents_document_queue_due as its prefix, which it replaces.
           "CREATE INDEX documents_document_queue_cover ON documents_document"
           " (agency_id, direction, state, due_date, updated_at, confidentiality, created_by,"
           " drafter_id);\n"
           "DROP INDEX documents_document_queue_due"},
          // Found with bench/soak.sh: the duplicate check of a registration (Decree 30/2020 art.
          // 22; incoming_service.cpp) asks for the agency's incoming documents with a number and
          // an issue date; with only (agency_id, direction, ...) indexes it read every incoming
          // document of the agency inside the registration's write transaction (17,000 of them:
          // ~75 ms a registration on SQLite, every other write waiting; 3 ms with this index).
          {"documents_queue_indexes", 2, "create_documents_document_duplicate_index",
           "CREATE INDEX documents_document_duplicate ON documents_document"
           " (agency_id, direction, number_text, issued_date)"}};
}

}  // namespace cqdt::documents
