// Delegation (ủy quyền; issue 10, item 5; decision 0009): a leader lets a deputy of the same
// agency act in their place for some rights — receiving documents, assigning incoming documents,
// signing outgoing ones — for a period (from and to, dates in Vietnam, both included), with a
// reason. It can be revoked at any time; nothing is deleted. Creation and revocation are in the
// audit trail (`documents.delegation.created` / `.revoked`) and the deputy is notified.
//
// While a delegation is active (today in Vietnam within its period, not revoked), the use cases
// that honour it let the deputy act in the delegator's place, and record the action as
// "X, được ủy quyền bởi Y" (ActingActor):
//  - sign: OutgoingService::Sign and the signer's step of ReviewService (approve / return) for
//    documents whose signer is the delegator;
//  - assign: AssignmentService::Assign (the deputy acts as a leader of the agency);
//  - receive: recorded and queryable (FindActive) for the delivery part (reception of documents
//    sent between agencies), which does not exist on this branch.
//
// Errors (Vietnamese messages naming the client field): kInvalidArgument toUserId (an active
// staff member of the caller's agency, not the caller), rights (non-empty subset of receive,
// assign, sign), startsOn / endsOn (YYYY-MM-DD, startsOn <= endsOn, endsOn not in the past, at
// most 366 days), reason (1..1000 characters; 0..1000 to revoke); kPermissionDenied when the
// caller is not a leader (create) or not the delegator (revoke); kNotFound for a delegation of
// another agency; kFailedPrecondition to revoke one already revoked.
// Every method runs in the caller's transaction (writes: Database::Begin()). Thread safety:
// stateless beyond its collaborators.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "notify/outbox.hpp"

namespace cqdt::documents {

using DelegationId = StrongId<struct DelegationIdTag>;

enum class DelegatedRight { kReceive, kAssign, kSign };
const char* DelegatedRightName(DelegatedRight r);  // "receive", "assign", "sign"
std::optional<DelegatedRight> ParseDelegatedRight(std::string_view name);
const char* DelegatedRightLabel(DelegatedRight r);  // "Tiếp nhận văn bản", ...

struct Delegation {
  DelegationId id;
  AgencyId agency_id;
  UserId from_user;
  std::string from_name;  // full names, for people
  std::string from_username;
  UserId to_user;
  std::string to_name;
  std::string to_username;
  std::set<DelegatedRight> rights;
  std::string starts_on;  // YYYY-MM-DD, Vietnam
  std::string ends_on;
  std::string reason;
  std::int64_t created_at = 0;
  std::int64_t revoked_at = 0;  // 0: not revoked
  std::string revoke_reason;
  bool active = false;  // today (Vietnam) within the period and not revoked
};

struct DelegationInput {
  UserId to_user;
  std::vector<std::string> rights;
  std::string starts_on;  // "" = today in Vietnam
  std::string ends_on;
  std::string reason;
};

class DelegationService {
 public:
  DelegationService(audit::AuditLog& audit, const identity::IdentityService& identity,
                    const notify::Outbox& outbox, const Clock& clock)
      : audit_(audit), identity_(identity), outbox_(outbox), clock_(clock) {}

  // The caller (a leader) delegates to a deputy of their agency.
  Result<Delegation> Create(db::Transaction& tx, const audit::Actor& actor,
                            const identity::Principal& p, const DelegationInput& in) const;
  // The delegator ends it now.
  Result<Delegation> Revoke(db::Transaction& tx, const audit::Actor& actor,
                            const identity::Principal& p, DelegationId id,
                            const std::string& reason) const;
  // The delegations the caller gave or received, newest first; a leader sees the agency's.
  Result<std::vector<Delegation>> List(db::Transaction& tx, const identity::Principal& p) const;

 private:
  audit::AuditLog& audit_;
  const identity::IdentityService& identity_;
  const notify::Outbox& outbox_;
  const Clock& clock_;
};

// The delegation under which `deputy` holds `right` of `from` on `today` (YYYY-MM-DD, Vietnam),
// if any; an unset `from` means any leader of `agency`. The delegator must still be an active
// leader of `agency`. The names are filled.
std::optional<Delegation> FindActiveDelegation(db::Transaction& tx,
                                               const identity::IdentityService& identity,
                                               UserId deputy, DelegatedRight right, UserId from,
                                               AgencyId agency, const std::string& today);

// True when `deputy` holds `right` of `from` (unset: of anyone in `agency`) on `today`, without
// checking that the giver is still a leader: for reading only (FindActiveDelegation to act).
bool HoldsActiveDelegation(db::Transaction& tx, UserId deputy, DelegatedRight right, UserId from,
                           AgencyId agency, const std::string& today);

// The delegation under which `p` acts for `signer` (sign right) on `today`; nullopt when `p` is
// the signer, the signer is unset, or no delegation is active.
std::optional<Delegation> SignerDelegation(db::Transaction& tx,
                                           const identity::IdentityService& identity,
                                           const identity::Principal& p, UserId signer,
                                           AgencyId agency, const std::string& today);

// `actor` acting under `d`: the same actor, named "X, được ủy quyền bởi Y" (usernames), so the
// timeline and the audit trail say in whose place the action was taken.
audit::Actor ActingActor(const audit::Actor& actor, const Delegation& d);

}  // namespace cqdt::documents
