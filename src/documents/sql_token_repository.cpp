#include <soci/soci.h>

#include "token_repository.hpp"

namespace cqdt::documents {

std::vector<db::Migration> SigningMigrations() {
  return {{"documents_signing", 1, "create_documents_token_signature",
           // One row per preparation of a token signature (decision 0008's two steps), bound to
           // the document and the draft version whose digest the token signs.
           "CREATE TABLE documents_token_signature ("
           " preparation_id TEXT PRIMARY KEY,"
           " document_id {{bigint}} NOT NULL REFERENCES documents_document (id),"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " file_id {{bigint}} NOT NULL REFERENCES documents_file (id),"
           " user_id {{bigint}} NOT NULL REFERENCES identity_user (id),"
           " created_at {{bigint}} NOT NULL,"
           " completed_at {{bigint}} NOT NULL DEFAULT 0);\n"
           "CREATE INDEX documents_token_signature_document ON documents_token_signature"
           " (document_id)"}};
}

void TokenSignatureRepository::Insert(const TokenSignatureRow& row) {
  long long doc = row.document_id.value();
  long long ag = row.agency_id.value();
  long long file = row.file_id.value();
  long long user = row.user_id.value();
  long long at = row.created_at;
  tx_.sql() << "INSERT INTO documents_token_signature (preparation_id, document_id, agency_id,"
               " file_id, user_id, created_at) VALUES (:p, :d, :a, :f, :u, :at)",
      soci::use(row.preparation_id), soci::use(doc), soci::use(ag), soci::use(file),
      soci::use(user), soci::use(at);
}

std::optional<TokenSignatureRow> TokenSignatureRepository::Find(const std::string& preparation_id) {
  long long doc = 0, ag = 0, file = 0, user = 0, created = 0, completed = 0;
  soci::indicator ind = soci::i_null;
  tx_.sql() << "SELECT document_id, agency_id, file_id, user_id, created_at, completed_at"
               " FROM documents_token_signature WHERE preparation_id = :p",
      soci::use(preparation_id), soci::into(doc, ind), soci::into(ag), soci::into(file),
      soci::into(user), soci::into(created), soci::into(completed);
  if (!tx_.sql().got_data() || ind != soci::i_ok) {
    return std::nullopt;
  }
  TokenSignatureRow row;
  row.preparation_id = preparation_id;
  row.document_id = DocumentId(doc);
  row.agency_id = AgencyId(ag);
  row.file_id = OutgoingFileId(file);
  row.user_id = UserId(user);
  row.created_at = created;
  row.completed_at = completed;
  return row;
}

bool TokenSignatureRepository::MarkCompleted(const std::string& preparation_id, std::int64_t at) {
  long long when = at;
  soci::statement st = (tx_.sql().prepare << "UPDATE documents_token_signature SET"
                                             " completed_at = :at WHERE preparation_id = :p"
                                             " AND completed_at = 0",
                        soci::use(when), soci::use(preparation_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace cqdt::documents
