// The processing of an incoming document beyond the first assignment (Decree 30/2020 art. 24;
// decision 0009 "As built (branch processing)"): forwarding inside a unit, completion with a
// result note or the outgoing document that answers it, and the decision on an extension.
//
// Units: the leader may assign a role (lead, coordinate, info) to an org unit of the agency as
// well as to a person (AssignmentService::Assign with AssigneeInput::unit). A unit's assignment
// is received by the unit's head — an active staff member of the unit holding the `leader`
// role (identity has no separate "head" role: a leader with a unit is that unit's head or
// deputy; the first by name receives it) — and is stored with both the unit and that head.
//
// Forward: the holder of an open assignment passes work on as child assignments (`parent`):
//  - the head of a unit's assignment forwards to officers of that unit, in roles no higher than
//    the unit's own (lead > coordinate > info; one open lead among an assignment's children);
//  - an officer forwards within their own unit only, to colleagues, for coordination or
//    information (never a lead: the lead stays with the officer who holds it).
// Forwarding accepts the parent assignment; the document's state does not change.
//
// Complete: the holder of an open lead assignment completes the document with a result note
// (1..2000) and/or the id of an outgoing document of the same agency that answers it (at least
// one of the two); the ancestors of that assignment (the unit's, when forwarded) complete with
// it.
//
// Extensions: an extension requested by an assignee (AssignmentService::RequestExtension) is
// approved — the assignment's due date becomes the requested one, and the document's when it is
// the lead's — or refused with a reason, by the person who made the assignment or by a leader
// of the agency on the document's route or able to see it. The assignee is notified either way.
//
// Every action: visibility through document_access.hpp (outsiders kNotFound), the version the
// caller read (kConflict when stale), a timeline event, an audit entry and the notices in the
// caller's transaction. Validation errors name the client fields: assignees,
// assignees[i].userId, assignees[i].role, instruction (..2000), dueDate, assignmentId, note,
// answerDocumentId, decision, reason (1..1000).
// Thread safety: stateless beyond its collaborators.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/assignment_service.hpp"
#include "documents/document.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "notify/outbox.hpp"

namespace cqdt::documents {

// The heads of `unit` of `agency`: its active staff holding the leader role, by name.
std::vector<identity::User> UnitHeads(db::Transaction& tx,
                                      const identity::IdentityService& identity, AgencyId agency,
                                      UnitId unit);

struct ForwardInput {
  AssignmentId parent;  // unset: the caller's own open assignment (the newest)
  std::string instruction;
  std::vector<AssigneeInput> assignees;  // people only; 1..50
  std::string due_date;                  // "" = the parent's due date
};

struct CompleteInput {
  std::string note;
  DocumentId answer_document_id;  // an outgoing document of the agency that answers it
};

struct ExtensionDecision {
  AssignmentId assignment;
  bool approve = false;
  std::string reason;  // required when refusing
};

class ProcessingService {
 public:
  ProcessingService(audit::AuditLog& audit, const identity::IdentityService& identity,
                    const notify::Outbox& outbox, const Clock& clock)
      : audit_(audit), identity_(identity), outbox_(outbox), clock_(clock) {}

  Result<Document> Forward(db::Transaction& tx, const audit::Actor& actor,
                           const identity::Principal& p, DocumentId id,
                           std::int64_t expected_version, const ForwardInput& in);
  Result<Document> Complete(db::Transaction& tx, const audit::Actor& actor,
                            const identity::Principal& p, DocumentId id,
                            std::int64_t expected_version, const CompleteInput& in);
  Result<Document> DecideExtension(db::Transaction& tx, const audit::Actor& actor,
                                   const identity::Principal& p, DocumentId id,
                                   std::int64_t expected_version, const ExtensionDecision& in);

 private:
  audit::AuditLog& audit_;
  const identity::IdentityService& identity_;
  const notify::Outbox& outbox_;
  const Clock& clock_;
};

}  // namespace cqdt::documents
