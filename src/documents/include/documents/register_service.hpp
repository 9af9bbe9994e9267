// Document registers (sổ đăng ký văn bản, Decree 30/2020 art. 15, 16, 22; Phụ lục IV) and their
// entries: which registers an agency keeps, who may write them, and the numbers they give.
//
// A register numbers either incoming documents (arrival numbers, số đến) or outgoing ones (số
// văn bản). Kinds: `general` (every type), `per_type` (only the document types it lists: the
// head may decide a book per type, art. 15.3) and `confidential` (the separate series of
// confidential documents, art. 15.4). Every agency has four default registers — general and
// confidential, incoming and outgoing — created on demand by EnsureDefaults.
//
// Numbers: Allocate takes the next number of (register, year) from numbering::CounterService in
// the caller's write transaction and records it as an entry, so a number is consumed only when
// the use case commits: never skipped, never duplicated, from 1 each year, on both databases. A
// withdrawn number stays in the register as `cancelled`, with its reason, and is never given
// again (Cancel).
//
// Every method runs inside the caller's transaction (writes need Database::Begin()); mutations
// write an audit entry (`documents.register.*`) in it. Permission checks: the Can* predicates
// below; the caller checks them (an api route, a use case) before calling a mutation.
// Validation errors name the client field (camelCase): name 1-200 characters, direction, kind,
// documentTypes (ordinals 1..29, required and only for per_type), reason 1-500 characters.
// Thread safety: stateless beyond its collaborators; safe to share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "documents/document.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "numbering/counter_service.hpp"
#include "org/agency_service.hpp"

namespace cqdt::documents {

enum class RegisterKind { kGeneral, kPerType, kConfidential };
const char* RegisterKindName(RegisterKind k);  // "general", "per_type", "confidential"
std::optional<RegisterKind> ParseRegisterKind(std::string_view name);
const char* RegisterKindLabel(RegisterKind k);  // "Chung", "Theo loại văn bản", "Mật"

struct Register {
  RegisterId id;
  AgencyId agency_id;
  Direction direction = Direction::kIncoming;
  RegisterKind kind = RegisterKind::kGeneral;
  std::string name;
  std::vector<int> document_types;  // per_type: the ordinals it numbers; otherwise empty
  bool active = true;
  bool is_default = false;  // one of the four made by EnsureDefaults
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t version = 1;

  // The numbering::CounterService key: "register:<id>" (its own series, whatever its kind).
  std::string CounterKey() const;
};

// Create: every field but document_types is required. Update: absent fields stay; direction
// and kind cannot change once a register exists (its numbers would change meaning).
struct RegisterInput {
  std::optional<std::string> direction;
  std::optional<std::string> kind;
  std::optional<std::string> name;
  std::optional<std::vector<int>> document_types;
  std::optional<bool> active;
};

enum class EntryState { kAllocated, kCancelled };
const char* EntryStateName(EntryState s);   // "allocated", "cancelled"
const char* EntryStateLabel(EntryState s);  // "Đã cấp", "Đã hủy"

struct RegisterEntry {
  RegisterEntryId id;
  RegisterId register_id;
  int year = 0;
  std::int64_t number = 0;
  DocumentId document_id;
  EntryState state = EntryState::kAllocated;
  std::string reason;  // why it was cancelled
  UserId allocated_by;
  std::string allocated_by_name;
  std::int64_t allocated_at = 0;
  UserId cancelled_by;
  std::string cancelled_by_name;
  std::int64_t cancelled_at = 0;
};

struct RegisterWriter {
  RegisterId register_id;
  UserId user_id;
  std::string username;
  std::string full_name;
  std::int64_t added_at = 0;
};

class RegisterService {
 public:
  RegisterService(audit::AuditLog& audit, const org::AgencyService& agencies,
                  const identity::IdentityService& identity,
                  const numbering::CounterService& counters, const Clock& clock)
      : audit_(audit),
        agencies_(agencies),
        identity_(identity),
        counters_(counters),
        clock_(clock) {}

  // --- Permissions (pure) ---
  // Configure the registers of `agency` (create, update, deactivate, writers): admins (any
  // agency), and the leaders of that agency (the head decides the numbering scheme, art. 15.3).
  static bool CanManage(const identity::Principal& p, AgencyId agency);
  // See the registers of `agency` (not their entries): admins and the agency's staff.
  static bool CanRead(const identity::Principal& p, AgencyId agency);
  // Write the register (take and cancel numbers, read its entries): the agency's clerks, and
  // the register's writers. Confidential registers: their writers only, when they have any.
  static bool CanWrite(const identity::Principal& p, const Register& r,
                       const std::vector<RegisterWriter>& writers);
  // Read a register's entries: those who may write it, and the agency's leaders (general and
  // per-type registers only).
  static bool CanReadEntries(const identity::Principal& p, const Register& r,
                             const std::vector<RegisterWriter>& writers);

  // --- Registers ---
  // kNotFound for an agency that does not exist (EnsureDefaults and Create).
  // Creates the default registers of `agency` that it lacks (general and confidential, incoming
  // and outgoing); returns how many were created. Idempotent, also when two callers race.
  Result<int> EnsureDefaults(db::Transaction& tx, const audit::Actor& actor, AgencyId agency);
  Result<Register> Create(db::Transaction& tx, const audit::Actor& actor, AgencyId agency,
                          const RegisterInput& in);
  Result<Register> Update(db::Transaction& tx, const audit::Actor& actor, RegisterId id,
                          const RegisterInput& patch);
  Result<Register> Get(db::Transaction& tx, RegisterId id) const;
  // The agency's registers: incoming before outgoing, defaults first, then by name.
  Result<std::vector<Register>> List(db::Transaction& tx, AgencyId agency) const;
  // The active register of `agency` that numbers a document of this direction, type and
  // confidentiality: the confidential default for a confidential document, else a per-type
  // register listing the type, else the general default. kNotFound when there is none.
  Result<Register> RegisterFor(db::Transaction& tx, AgencyId agency, Direction direction,
                               int type_ordinal, Confidentiality confidentiality) const;
  // EnsureDefaults then RegisterFor, from one reading of the agency's registers (twice only
  // when a default was missing): what registering a document does every time. For a caller
  // that has already loaded `agency` in this transaction (and so knows it exists).
  Result<Register> EnsureRegisterFor(db::Transaction& tx, const audit::Actor& actor,
                                     AgencyId agency, Direction direction, int type_ordinal,
                                     Confidentiality confidentiality);

  // --- Writers ---
  // The user must be an active staff account of the register's agency (kInvalidArgument
  // "userId" otherwise); adding a writer twice is kConflict.
  Result<RegisterWriter> AddWriter(db::Transaction& tx, const audit::Actor& actor, RegisterId id,
                                   UserId user);
  Status RemoveWriter(db::Transaction& tx, const audit::Actor& actor, RegisterId id, UserId user);
  Result<std::vector<RegisterWriter>> Writers(db::Transaction& tx, RegisterId id) const;
  // The writers without their names (user id and date only): for a permission check (CanWrite,
  // the access facts of a document), which looks up no user.
  Result<std::vector<RegisterWriter>> WriterIds(db::Transaction& tx, RegisterId id) const;

  // --- Entries ---
  // The next number of `register_id` for `year`, recorded for `document` in the same
  // transaction. Requires an active register of the document's agency and direction, and, for
  // a confidential document, a confidential register (and for a per-type register, one of its
  // types). A document holds at most one allocated entry per register (kConflict).
  Result<RegisterEntry> Allocate(db::Transaction& tx, const audit::Actor& actor,
                                 RegisterId register_id, int year, DocumentId document);
  // Allocate, for a register and a document the caller has just read or written in this
  // transaction (as they are there: nothing is read again). `known_unnumbered`: the caller
  // knows the document holds no entry, so that is not looked up: it inserted the document in
  // this transaction, or (the issue) its state says it was never numbered and the caller's
  // version-checked update of the document row in this transaction lets one numbering commit.
  Result<RegisterEntry> AllocateFor(db::Transaction& tx, const audit::Actor& actor,
                                    const Register& r, int year, const Document& document,
                                    bool known_unnumbered);
  // Withdraws a number: it stays in the register as cancelled, with `reason` (1-500 characters),
  // and is never given again. Cancelling twice is kFailedPrecondition.
  Result<RegisterEntry> Cancel(db::Transaction& tx, const audit::Actor& actor,
                               RegisterEntryId entry, const std::string& reason);
  Result<RegisterEntry> GetEntry(db::Transaction& tx, RegisterEntryId entry) const;
  // The entries of one register and year, by number (cancelled ones included).
  Result<std::vector<RegisterEntry>> Entries(db::Transaction& tx, RegisterId id, int year) const;

 private:
  // EnsureDefaults over `existing` (the agency's registers as listed): how many were created.
  Result<int> CreateMissingDefaults(db::Transaction& tx, const audit::Actor& actor, AgencyId agency,
                                    const std::vector<Register>& existing);

  audit::AuditLog& audit_;
  const org::AgencyService& agencies_;
  const identity::IdentityService& identity_;
  const numbering::CounterService& counters_;
  const Clock& clock_;
};

// The module's schema: documents_register, documents_register_writer, documents_register_entry,
// documents_document, documents_event, documents_grant.
std::vector<db::Migration> Migrations();

// The year of `t` in Vietnam (UTC+7): the year a number belongs to (art. 15.1, 22.2).
int YearInVietnam(TimePoint t);

}  // namespace cqdt::documents
