// The search indexer (documents/search_service.hpp, SearchIndexer): drains documents_index_job,
// writing each changed document's words into the engine's full-text index (search_migrations.cpp),
// and rebuilds or optimises that index on demand. The query is in search_service.cpp.
#include <soci/soci.h>

#include "core/text.hpp"
#include "db/claims.hpp"
#include "db/rows.hpp"
#include "db/statement.hpp"
#include "document_repository.hpp"
#include "documents/search_service.hpp"
#include "search_fields.hpp"

namespace cqdt::documents {

using internal::SearchFields;

Result<int> SearchIndexer::RunOnce(int max_documents) {
  auto tx = db_.Begin();
  // The oldest pending documents (a document changed many times is served once). Several
  // instances (decision 0024): the jobs are claimed by their row locks, held until this
  // transaction ends, and another instance's pass skips them (PostgreSQL; SQLite's writer is
  // alone). One that dies mid-pass rolls back: its jobs are pending again at once.
  std::vector<long long> documents;
  std::vector<long long> jobs;
  {
    long long id = 0, document = 0;
    const int n = max_documents * 4;
    soci::statement st =
        (tx.sql().prepare << std::string("SELECT id, document_id FROM documents_index_job WHERE"
                                         " kind = 'index' ORDER BY id LIMIT :n") +
                                 db::SkipLocked(tx.engine()),
         soci::into(id), soci::into(document), soci::use(n));
    st.execute(false);
    std::set<long long> seen;
    while (st.fetch()) {
      if (seen.count(document) == 0) {
        if (static_cast<int>(seen.size()) >= max_documents) {
          break;
        }
        seen.insert(document);
        documents.push_back(document);
      }
      jobs.push_back(id);
    }
  }
  if (documents.empty()) {
    return 0;
  }
  // Two instances may hold jobs of the same document (written by two changes): each rewrites its
  // index row, in the order of the documents' ids, so that neither waits on the other in a cycle.
  std::sort(documents.begin(), documents.end());
  DocumentRepository repository(tx);
  const bool postgres = tx.engine() == db::Engine::kPostgres;
  for (long long id : documents) {
    auto d = repository.Get(DocumentId(id));
    if (postgres) {
      tx.sql() << "DELETE FROM documents_search WHERE document_id = :d", soci::use(id);
    } else {
      tx.sql() << "DELETE FROM documents_search_fts WHERE rowid = :d", soci::use(id);
    }
    if (!d) {
      continue;  // gone: nothing to find
    }
    std::vector<std::string> fields;
    for (auto& [field, text] : SearchFields(*d)) {
      fields.push_back(std::move(text));
    }
    std::string meta = SearchBody(std::vector<std::string_view>(fields.begin(), fields.end())) +
                       " " + AgencySearchToken(d->agency_id);
    for (const auto& w : FilterWords(*d)) {
      meta += " " + w;
    }
    std::vector<std::string> texts;
    soci::rowset<std::string> comments =
        (tx.sql().prepare << "SELECT text FROM documents_comment WHERE document_id = :d"
                             " ORDER BY id",
         soci::use(id));
    for (const auto& c : comments) {
      texts.push_back(c);
    }
    soci::rowset<std::string> extracted =
        (tx.sql().prepare << "SELECT text FROM documents_text WHERE document_id = :d ORDER BY id",
         soci::use(id));
    for (const auto& t : extracted) {
      texts.push_back(t);
    }
    const std::string rest = SearchBody(std::vector<std::string_view>(texts.begin(), texts.end()));
    if (postgres) {
      // body: everything (the tsvector every query matches); meta: the metadata alone.
      const std::string body = meta + " " + rest;
      // ON CONFLICT: another instance indexed the document since this one's DELETE.
      tx.sql() << "INSERT INTO documents_search (document_id, body, meta) VALUES (:d, :b, :m)"
                  " ON CONFLICT (document_id) DO UPDATE SET body = EXCLUDED.body,"
                  " meta = EXCLUDED.meta",
          soci::use(id), soci::use(body), soci::use(meta);
    } else {
      // A query's words may fall in either column; a phrase stays within one.
      tx.sql() << "INSERT INTO documents_search_fts (rowid, meta, body) VALUES (:d, :m, :b)",
          soci::use(id), soci::use(meta), soci::use(rest);
    }
  }
  // The jobs served: exactly those read, by their keys (a job written since, or committed late
  // with a smaller id, is left for the next pass, so a change committed meanwhile is indexed
  // again). A few statements a batch: one per document scanned the queue on PostgreSQL.
  constexpr std::size_t kIdsPerDelete = 500;
  for (std::size_t from = 0; from < jobs.size(); from += kIdsPerDelete) {
    std::string ids;
    for (std::size_t k = from; k < std::min(jobs.size(), from + kIdsPerDelete); ++k) {
      ids += (k > from ? "," : "") + std::to_string(jobs[k]);
    }
    tx.sql() << "DELETE FROM documents_index_job WHERE id IN (" + ids + ")";
  }
  CQDT_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int>(documents.size());
}

Result<std::int64_t> SearchIndexer::Pending() {
  auto tx = db_.BeginRead();
  long long n = 0;
  tx.sql() << "SELECT COUNT(*) FROM documents_index_job WHERE kind = 'index'", soci::into(n);
  return static_cast<std::int64_t>(n);
}

Status SearchIndexer::Optimize() {
  auto tx = db_.Begin();
  if (tx.engine() == db::Engine::kPostgres) {
    tx.sql() << "ANALYZE documents_search";
  } else {
    tx.sql() << "INSERT INTO documents_search_fts (documents_search_fts) VALUES ('optimize')";
  }
  return tx.Commit();
}

Result<std::int64_t> SearchIndexer::EnqueueAll() {
  auto tx = db_.Begin();
  tx.sql() << "INSERT INTO documents_index_job (kind, document_id) SELECT 'index', id FROM"
              " documents_document";
  long long n = 0;
  tx.sql() << "SELECT COUNT(*) FROM documents_index_job WHERE kind = 'index'", soci::into(n);
  CQDT_RETURN_IF_ERROR(tx.Commit());
  return static_cast<std::int64_t>(n);
}

}  // namespace cqdt::documents
