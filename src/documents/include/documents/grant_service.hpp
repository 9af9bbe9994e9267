// Confidentiality (decision 0009 "Access"; Law on Protection of State Secrets 2018): a
// confidential document (Mật, Tối mật, Tuyệt mật) is visible to its route and to the people
// granted access only. This service gives and revokes those grants and records every view of a
// confidential document in the audit trail.
//
// Grants (documents_grant): given and revoked by a leader of the document's agency who can see
// the document (for a confidential one: a leader on its route or granted), to an active staff
// member of the same agency, always with a reason (1..1000); each is an audit entry and a
// timeline event, and the grantee is notified. A revoked grant is deleted: its history is the
// audit trail and the timeline. Grants are the same for incoming and outgoing documents
// (confidential or not); an outgoing document's route, for the leader who manages them, is its
// creator, drafter, reviewers, signer and grantees. Errors: kNotFound when the caller may not see
// the document; kPermissionDenied when the caller is not a leader; kInvalidArgument "userId" (not
// staff of the agency), "reason"; kConflict when the user already holds a grant; kNotFound("quyền
// xem", user) on revoking a grant that does not exist.
//
// Views: RecordView writes one audit entry `documents.confidential.viewed` (the viewer is the
// actor, the document the entity, `what` the detail: "detail", "timeline", "files", "file 12",
// "file 12 stamped", "list") for a confidential document and nothing for an ordinary one. The
// api calls it before it answers: a view whose entry cannot be written is not served.
//
// Every method runs in the caller's transaction. Thread safety: stateless beyond its
// collaborators.
#pragma once

#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "notify/outbox.hpp"

namespace cqdt::documents {

struct Grant {
  DocumentId document_id;
  UserId user_id;
  std::string full_name;
  UserId granted_by;
  std::string granted_by_name;
  std::int64_t granted_at = 0;
  std::string reason;
};

class GrantService {
 public:
  GrantService(audit::AuditLog& audit, const identity::IdentityService& identity,
               const notify::Outbox& outbox, const Clock& clock)
      : audit_(audit), identity_(identity), outbox_(outbox), clock_(clock) {}

  // The grants of document `id` (incoming or outgoing), for a leader who may manage them.
  Result<std::vector<Grant>> List(db::Transaction& tx, const identity::Principal& p,
                                  DocumentId id) const;
  Result<Grant> Give(db::Transaction& tx, const audit::Actor& actor, const identity::Principal& p,
                     DocumentId id, UserId user, const std::string& reason);
  Status Revoke(db::Transaction& tx, const audit::Actor& actor, const identity::Principal& p,
                DocumentId id, UserId user, const std::string& reason);

  // The audit entry of a view of `d` by `actor` (nothing when `d` is not confidential).
  Status RecordView(db::Transaction& tx, const audit::Actor& actor, const Document& d,
                    const std::string& what) const;

 private:
  audit::AuditLog& audit_;
  const identity::IdentityService& identity_;
  const notify::Outbox& outbox_;
  const Clock& clock_;
};

}  // namespace cqdt::documents
