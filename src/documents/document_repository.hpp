// Storage of documents_document, documents_event and documents_grant (private to documents).
// Every method works inside the caller's transaction. Database faults are exceptions.
//
// Invariants: Update changes a row only when its stored version is the one the caller read,
// and increments it in the same statement (`... SET ..., version = version + 1 WHERE id = ? AND
// version = ?`), so of two writers that read the same version exactly one wins; the other gets
// kConflict and must read again.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document.hpp"

namespace cqdt::documents {

class SqlBuilder;

// One line of a document's timeline (what users read; the audit trail holds the same actions).
struct DocumentEvent {
  std::int64_t id = 0;
  DocumentId document_id;
  AgencyId agency_id;
  std::int64_t at = 0;
  UserId actor_id;
  std::string actor_name;
  std::string action;  // "documents.registered", "documents.assigned", ...
  std::string detail;  // Vietnamese, for people
  std::string client_address;
  std::string request_id;
};

struct DocumentGrant {
  DocumentId document_id;
  UserId user_id;
  UserId granted_by;
  std::int64_t granted_at = 0;
  std::string reason;
};

class DocumentRepository {
 public:
  explicit DocumentRepository(db::Transaction& tx) : tx_(tx) {}

  // Stores a new document (its id is ignored; version starts at 1) and returns it stored.
  Document Insert(Document d);
  // kNotFound("văn bản", id) when there is none.
  Result<Document> Get(DocumentId id);
  // The documents of one list page in one statement. `page` selects the page's ids:
  // "SELECT d.id FROM documents_document d WHERE ... ORDER BY ... LIMIT ... OFFSET ..." (its
  // parameters are bound by this call); `order_by` is that ORDER BY over columns of `d`, which
  // must end in a unique one (d.id) so that the page comes back in the same order. The columns
  // are read for the page's rows only: a sort that carries every column reads every candidate
  // row, not only the page's (bench/queue-bench.sh).
  std::vector<Document> ListPage(SqlBuilder& page, const std::string& order_by);
  // Writes every mutable field of `d` if the stored version is still `d.version`; returns the
  // document with the new version and `updated_at`. kConflict when another writer changed it
  // first (or kNotFound when it is gone). The agency, direction and creation never change.
  Result<Document> Update(const Document& d, std::int64_t updated_at);

  void AddEvent(const DocumentEvent& e);
  std::vector<DocumentEvent> Events(DocumentId id);

  // kConflict when the user holds a grant already.
  Status AddGrant(const DocumentGrant& g);
  std::vector<DocumentGrant> Grants(DocumentId id);

 private:
  db::Transaction& tx_;
};

}  // namespace cqdt::documents
