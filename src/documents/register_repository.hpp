// Storage of documents_register, documents_register_writer and documents_register_entry
// (private to documents). Every method works inside the caller's transaction; database faults
// are exceptions.
//
// ListByAgency and Writers remember their answers for the rest of the transaction
// (db::Transaction::Local), until a register or a writer is written through this class in it:
// a use case that checks access (the register's writers) and then numbers a document in that
// register reads them once, not twice (the route's Get, then the use case). Every write of
// these two tables goes through this class, so what is remembered is what the transaction
// would read, but for a concurrent commit in between, which a read a moment earlier would have
// missed too.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "documents/register_service.hpp"

namespace cqdt::documents {

class RegisterRepository {
 public:
  explicit RegisterRepository(db::Transaction& tx) : tx_(tx) {}

  // Returns the new id; for a default register that exists already (a concurrent
  // EnsureDefaults), nullopt and nothing is written.
  std::optional<RegisterId> Insert(const Register& r);
  // Writes name, document types and active; increments version.
  void Update(const Register& r);
  std::optional<Register> Get(RegisterId id);
  // The agency's registers by id; their writers are read by the same statement (a join) and
  // remembered for Writers.
  std::vector<Register> ListByAgency(AgencyId agency);

  // False when the user is a writer already.
  bool AddWriter(RegisterId id, UserId user, UserId added_by, std::int64_t at);
  // False when the user was not a writer.
  bool RemoveWriter(RegisterId id, UserId user);
  // user_id and added_at only (the service fills in the names).
  std::vector<RegisterWriter> Writers(RegisterId id);

  RegisterEntryId InsertEntry(const RegisterEntry& e, AgencyId agency);
  void CancelEntry(const RegisterEntry& e);
  std::optional<RegisterEntry> GetEntry(RegisterEntryId id);
  std::vector<RegisterEntry> Entries(RegisterId id, int year);
  // The allocated (not cancelled) entry of `document` in `register_id`, if any.
  std::optional<RegisterEntry> AllocatedEntryOf(RegisterId register_id, DocumentId document);

 private:
  // Forgets what ListByAgency and Writers remembered in this transaction (after a write).
  void Forget();

  db::Transaction& tx_;
};

// "2,18" <-> {2, 18}.
std::string JoinTypes(const std::vector<int>& types);
std::vector<int> SplitTypes(const std::string& text);

}  // namespace cqdt::documents
