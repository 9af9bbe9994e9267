#include "search_migrations.hpp"

namespace cqdt::documents {

namespace {

// The columns whose change makes a document's indexed text change (search_service.cpp reads the
// same ones); a change of state or version alone does not re-index it.
constexpr const char* kIndexedChangedSqlite =
    "OLD.number_text IS NOT NEW.number_text OR OLD.notation IS NOT NEW.notation"
    " OR OLD.subject IS NOT NEW.subject OR OLD.sender_name IS NOT NEW.sender_name"
    " OR OLD.signer_name IS NOT NEW.signer_name OR OLD.signer_position IS NOT NEW.signer_position"
    " OR OLD.description IS NOT NEW.description OR OLD.to_places IS NOT NEW.to_places"
    " OR OLD.file_notation IS NOT NEW.file_notation";
constexpr const char* kIndexedChangedPostgres =
    "OLD.number_text IS DISTINCT FROM NEW.number_text OR OLD.notation IS DISTINCT FROM"
    " NEW.notation OR OLD.subject IS DISTINCT FROM NEW.subject OR OLD.sender_name IS DISTINCT"
    " FROM NEW.sender_name OR OLD.signer_name IS DISTINCT FROM NEW.signer_name OR"
    " OLD.signer_position IS DISTINCT FROM NEW.signer_position OR OLD.description IS DISTINCT"
    " FROM NEW.description OR OLD.to_places IS DISTINCT FROM NEW.to_places OR"
    " OLD.file_notation IS DISTINCT FROM NEW.file_notation";

constexpr const char* kDatesChangedSqlite =
    " OR OLD.issued_date IS NOT NEW.issued_date OR OLD.arrival_date IS NOT NEW.arrival_date"
    " OR OLD.type_ordinal IS NOT NEW.type_ordinal";
constexpr const char* kDatesChangedPostgres =
    " OR OLD.issued_date IS DISTINCT FROM NEW.issued_date OR OLD.arrival_date IS DISTINCT FROM"
    " NEW.arrival_date OR OLD.type_ordinal IS DISTINCT FROM NEW.type_ordinal";

// The files whose text is searched with their document: the incoming document and its scan
// and attachments, the issued outgoing document and its attachments (not the drafts, which
// the issued version replaces).
constexpr const char* kExtractedRoles =
    "('main', 'scan', 'attachment', 'issued', 'issued_attachment')";

// documents_search_facet's columns from a documents_document row (the day as the search reads
// it: the issue date, or the arrival date when there is none).
constexpr const char* kFacetColumns =
    "id, agency_id, direction, type_ordinal, state, urgency,"
    " COALESCE(NULLIF(issued_date, ''), arrival_date), confidentiality";
constexpr const char* kFacetNewColumns =
    "NEW.id, NEW.agency_id, NEW.direction, NEW.type_ordinal, NEW.state, NEW.urgency,"
    " COALESCE(NULLIF(NEW.issued_date, ''), NEW.arrival_date), NEW.confidentiality";

}  // namespace

std::vector<db::Migration> SearchMigrations() {
  const std::string sqlite_update = kIndexedChangedSqlite;
  const std::string postgres_update = kIndexedChangedPostgres;
  return {
      {"documents_search", 1, "create_documents_search_index_and_job_queue",
       // The durable job queue of search (and, with kind 'extract', of text extraction): a row
       // per change, written by the triggers below in the writer's own transaction; drained by
       // SearchIndexer. attempts / not_before / last_error / failed_at serve retries.
       "CREATE TABLE documents_index_job ("
       " id {{pk}},"
       " kind TEXT NOT NULL,"
       " document_id {{bigint}} NOT NULL,"
       " file_id {{bigint}},"
       " attempts INTEGER NOT NULL DEFAULT 0,"
       " not_before {{bigint}} NOT NULL DEFAULT 0,"
       " last_error TEXT NOT NULL DEFAULT '',"
       " failed_at {{bigint}},"
       " created_at {{bigint}} NOT NULL DEFAULT 0);\n"
       "CREATE INDEX documents_index_job_kind ON documents_index_job (kind, id);\n"
       // SQLite: FTS5 over the folded text, rowid = the document's id.
       "{{sqlite}}CREATE VIRTUAL TABLE documents_search_fts USING fts5(body,"
       " tokenize = 'unicode61');\n"
       "{{sqlite}}CREATE TRIGGER documents_index_on_insert AFTER INSERT ON documents_document"
       " BEGIN INSERT INTO documents_index_job (kind, document_id) VALUES ('index', NEW.id); END;\n"
       "{{sqlite}}CREATE TRIGGER documents_index_on_update AFTER UPDATE ON documents_document"
       " WHEN " +
           sqlite_update +
           " BEGIN INSERT INTO documents_index_job (kind, document_id) VALUES ('index', NEW.id);"
           " END;\n"
           "{{sqlite}}CREATE TRIGGER documents_index_on_comment AFTER INSERT ON documents_comment"
           " BEGIN INSERT INTO documents_index_job (kind, document_id)"
           " VALUES ('index', NEW.document_id); END;\n"
           // PostgreSQL: the folded text and its tsvector ('simple': the words as they are).
           "{{postgresql}}CREATE TABLE documents_search ("
           " document_id BIGINT PRIMARY KEY REFERENCES documents_document (id),"
           " body TEXT NOT NULL,"
           " tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED);\n"
           "{{postgresql}}CREATE INDEX documents_search_tsv ON documents_search USING GIN (tsv);\n"
           "{{postgresql}}CREATE FUNCTION documents_enqueue_index() RETURNS trigger"
           " LANGUAGE plpgsql AS $$ BEGIN INSERT INTO documents_index_job (kind, document_id)"
           " VALUES ('index', NEW.id); RETURN NULL; END $$;\n"
           "{{postgresql}}CREATE FUNCTION documents_enqueue_comment_index() RETURNS trigger"
           " LANGUAGE plpgsql AS $$ BEGIN INSERT INTO documents_index_job (kind, document_id)"
           " VALUES ('index', NEW.document_id); RETURN NULL; END $$;\n"
           "{{postgresql}}CREATE TRIGGER documents_index_on_insert AFTER INSERT ON"
           " documents_document FOR EACH ROW EXECUTE FUNCTION documents_enqueue_index();\n"
           "{{postgresql}}CREATE TRIGGER documents_index_on_update AFTER UPDATE ON"
           " documents_document FOR EACH ROW WHEN (" +
           postgres_update +
           ") EXECUTE FUNCTION documents_enqueue_index();\n"
           "{{postgresql}}CREATE TRIGGER documents_index_on_comment AFTER INSERT ON"
           " documents_comment FOR EACH ROW EXECUTE FUNCTION documents_enqueue_comment_index();\n"
           // What was there before the index: every document once.
           "INSERT INTO documents_index_job (kind, document_id) SELECT 'index', id FROM"
           " documents_document"},
      {"documents_search", 2, "create_documents_text",
       // The text of a document's files as extracted (pdf, docx), read by OCR (ocr) or brought
       // by an import (import): searched with the document, one row per file and method.
       "CREATE TABLE documents_text ("
       " id {{pk}},"
       " document_id {{bigint}} NOT NULL REFERENCES documents_document (id),"
       " file_id {{bigint}} REFERENCES documents_file (id),"
       " method TEXT NOT NULL,"
       " text TEXT NOT NULL,"
       " extracted_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX documents_text_document ON documents_text (document_id, id);\n"
       "{{sqlite}}CREATE TRIGGER documents_index_on_text AFTER INSERT ON documents_text"
       " BEGIN INSERT INTO documents_index_job (kind, document_id)"
       " VALUES ('index', NEW.document_id); END;\n"
       "{{postgresql}}CREATE TRIGGER documents_index_on_text AFTER INSERT ON documents_text"
       " FOR EACH ROW EXECUTE FUNCTION documents_enqueue_comment_index()"},
      {"documents_search", 3, "split_documents_search_metadata",
       // The metadata (number, abstract, sender, signer, notes, places, the record's notation)
       // apart from the rest (comments, files' text): a document whose metadata holds every
       // word of a query ranks first (search_service.cpp). SQLite: two columns of one FTS5
       // table; PostgreSQL: a second tsvector beside the one of everything.
       "{{sqlite}}DROP TABLE documents_search_fts;\n"
       "{{sqlite}}CREATE VIRTUAL TABLE documents_search_fts USING fts5(meta, body,"
       " tokenize = 'unicode61');\n"
       "{{postgresql}}ALTER TABLE documents_search ADD COLUMN meta TEXT NOT NULL DEFAULT '';\n"
       "{{postgresql}}ALTER TABLE documents_search ADD COLUMN meta_tsv tsvector GENERATED"
       " ALWAYS AS (to_tsvector('simple', meta)) STORED;\n"
       "{{postgresql}}CREATE INDEX documents_search_meta_tsv ON documents_search"
       " USING GIN (meta_tsv);\n"
       "INSERT INTO documents_index_job (kind, document_id) SELECT 'index', id FROM"
       " documents_document"},
      {"documents_search", 4, "index_documents_filter_words",
       // The index also holds each document's direction, type and year (FilterWords): a change
       // of its type or dates re-indexes it too.
       "{{sqlite}}DROP TRIGGER documents_index_on_update;\n"
       "{{sqlite}}CREATE TRIGGER documents_index_on_update AFTER UPDATE ON documents_document"
       " WHEN " +
           sqlite_update + kDatesChangedSqlite +
           " BEGIN INSERT INTO documents_index_job (kind, document_id) VALUES ('index', NEW.id);"
           " END;\n"
           "{{postgresql}}DROP TRIGGER documents_index_on_update ON documents_document;\n"
           "{{postgresql}}CREATE TRIGGER documents_index_on_update AFTER UPDATE ON"
           " documents_document FOR EACH ROW WHEN (" +
           postgres_update + kDatesChangedPostgres +
           ") EXECUTE FUNCTION documents_enqueue_index();\n"
           "INSERT INTO documents_index_job (kind, document_id) SELECT 'index', id FROM"
           " documents_document"},
      {"documents_search", 5, "index_documents_month_words",
       // The index also holds each document's month (FilterWords "zzym202503"): short date
       // ranges narrow by it. Every document once more.
       "INSERT INTO documents_index_job (kind, document_id) SELECT 'index', id FROM"
       " documents_document"},
      {"documents_search", 6, "index_documents_agency_date_words",
       // The year and month words carry the agency ("zzay12y2025", "zzam12m202503"): a date
       // range narrows to the agency's documents of its years or months in one doclist each.
       "INSERT INTO documents_index_job (kind, document_id) SELECT 'index', id FROM"
       " documents_document"},
      {"documents_search", 7, "create_documents_search_facet",
       // SQLite: what the search window reads of each match besides its text — the columns of
       // the filters and facets, and whether any holder of rank may see it — in a narrow table
       // kept by triggers in the writer's own statement (never stale), so that the window
       // joins its 2,001 matches to ~40-byte rows rather than to documents_document's wide
       // ones (a third of a search's time at 100,000 documents). PostgreSQL joins only the
       // matches it keeps (search_service.cpp) and has no need of it.
       "{{sqlite}}CREATE TABLE documents_search_facet ("
       " id INTEGER PRIMARY KEY,"
       " agency_id INTEGER,"
       " direction TEXT,"
       " type_ordinal INTEGER,"
       " state TEXT,"
       " urgency TEXT,"
       " day TEXT,"
       " confidentiality TEXT);\n"
       "{{sqlite}}INSERT INTO documents_search_facet SELECT " +
           std::string(kFacetColumns) +
           " FROM documents_document;\n"
           "{{sqlite}}CREATE TRIGGER documents_facet_on_insert AFTER INSERT ON"
           " documents_document BEGIN INSERT INTO documents_search_facet SELECT " +
           kFacetNewColumns +
           "; END;\n"
           "{{sqlite}}CREATE TRIGGER documents_facet_on_update AFTER UPDATE OF agency_id,"
           " direction, type_ordinal, state, urgency, issued_date, arrival_date,"
           " confidentiality ON documents_document BEGIN INSERT OR REPLACE INTO"
           " documents_search_facet SELECT " +
           kFacetNewColumns +
           "; END;\n"
           "{{sqlite}}CREATE TRIGGER documents_facet_on_delete AFTER DELETE ON"
           " documents_document BEGIN DELETE FROM documents_search_facet WHERE id = OLD.id;"
           " END"},
      {"documents_extraction", 1, "create_text_extraction_jobs_and_proposals",
       // Text extraction (issue 11, item 4; extraction_service.hpp): a file that joins a
       // document queues an 'extract' job in the same transaction; the registration form's
       // proposals, one per file, with the text read for them.
       "CREATE TABLE documents_file_proposal ("
       " file_id {{bigint}} PRIMARY KEY REFERENCES documents_file (id),"
       " requested_by {{bigint}} NOT NULL,"
       " state TEXT NOT NULL,"
       " method TEXT NOT NULL DEFAULT '',"
       " number_text TEXT NOT NULL DEFAULT '',"
       " issued_date TEXT NOT NULL DEFAULT '',"
       " sender_name TEXT NOT NULL DEFAULT '',"
       " subject TEXT NOT NULL DEFAULT '',"
       " type_ordinal INTEGER NOT NULL DEFAULT 0,"
       " text TEXT NOT NULL DEFAULT '',"
       " error TEXT NOT NULL DEFAULT '',"
       " updated_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX documents_text_file ON documents_text (file_id);\n"
       "{{sqlite}}CREATE TRIGGER documents_extract_on_insert AFTER INSERT ON documents_file"
       " WHEN NEW.document_id IS NOT NULL AND NEW.role IN " +
           std::string(kExtractedRoles) +
           " BEGIN INSERT INTO documents_index_job (kind, document_id, file_id, created_at)"
           " VALUES ('extract', NEW.document_id, NEW.id, CAST(strftime('%s', 'now') AS"
           " INTEGER)); END;\n"
           "{{sqlite}}CREATE TRIGGER documents_extract_on_attach AFTER UPDATE OF document_id ON"
           " documents_file WHEN OLD.document_id IS NULL AND NEW.document_id IS NOT NULL AND"
           " NEW.role IN " +
           kExtractedRoles +
           " BEGIN INSERT INTO documents_index_job (kind, document_id, file_id, created_at)"
           " VALUES ('extract', NEW.document_id, NEW.id, CAST(strftime('%s', 'now') AS"
           " INTEGER)); END;\n"
           "{{postgresql}}CREATE FUNCTION documents_enqueue_extract() RETURNS trigger"
           " LANGUAGE plpgsql AS $$ BEGIN INSERT INTO documents_index_job (kind, document_id,"
           " file_id, created_at) VALUES ('extract', NEW.document_id, NEW.id,"
           " EXTRACT(EPOCH FROM now())::bigint); RETURN NULL; END $$;\n"
           "{{postgresql}}CREATE TRIGGER documents_extract_on_insert AFTER INSERT ON"
           " documents_file FOR EACH ROW WHEN (NEW.document_id IS NOT NULL AND NEW.role IN " +
           kExtractedRoles +
           ") EXECUTE FUNCTION documents_enqueue_extract();\n"
           "{{postgresql}}CREATE TRIGGER documents_extract_on_attach AFTER UPDATE OF document_id"
           " ON documents_file FOR EACH ROW WHEN (OLD.document_id IS NULL AND NEW.document_id IS"
           " NOT NULL AND NEW.role IN " +
           kExtractedRoles +
           ") EXECUTE FUNCTION documents_enqueue_extract();\n"
           // The files there before: each read once.
           "INSERT INTO documents_index_job (kind, document_id, file_id) SELECT 'extract',"
           " document_id, id FROM documents_file WHERE document_id IS NOT NULL AND role IN " +
           kExtractedRoles}};
}

}  // namespace cqdt::documents
