// Storage of the token signatures of outgoing documents (private to documents):
// documents_token_signature binds a preparation of signing::ExternalSigningService (the digest the
// leader's USB token signs) to the document and the draft file it was prepared from, so that a
// completion is accepted only for that document and that file. Every method works inside the
// caller's transaction. Database faults are exceptions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/migrator.hpp"
#include "documents/outgoing.hpp"

namespace cqdt::documents {

struct TokenSignatureRow {
  std::string preparation_id;
  DocumentId document_id;
  AgencyId agency_id;
  OutgoingFileId file_id;  // the draft version prepared
  UserId user_id;          // the signer who prepared it
  std::int64_t created_at = 0;
  std::int64_t completed_at = 0;  // 0 while open
};

class TokenSignatureRepository {
 public:
  explicit TokenSignatureRepository(db::Transaction& tx) : tx_(tx) {}

  void Insert(const TokenSignatureRow& row);
  std::optional<TokenSignatureRow> Find(const std::string& preparation_id);
  // Marks it completed; false when it was completed already (a replay or a race).
  bool MarkCompleted(const std::string& preparation_id, std::int64_t at);

 private:
  db::Transaction& tx_;
};

// Module key "documents_signing"; part of documents::Migrations().
std::vector<db::Migration> SigningMigrations();

}  // namespace cqdt::documents
