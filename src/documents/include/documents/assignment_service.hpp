// Processing an incoming document (Decree 30/2020 art. 24; decision 0009 "States"): the clerk
// submits it to a leader, the leader gives the instruction (ý kiến chỉ đạo) and assigns it —
// one lead, any coordinating and informed people, a due date from N working days — and the
// assignees accept it, comment, ask for more time and complete it with a result note; the
// leader (or an assignee) returns a wrongly addressed document to the clerk
// with a reason.
//
// Every action: checks visibility and the state machine through document_access.hpp (outsiders
// kNotFound, kPermissionDenied / kFailedPrecondition otherwise), takes the version the caller
// read (`expected_version`, the api's If-Match) and writes the change only if it is still
// current (kConflict otherwise: someone acted first), adds a timeline event and an audit entry,
// and enqueues the notices (notify::Outbox) in the same transaction.
// Validation errors name the client fields: leaderId, assignees, assignees[i].userId,
// assignees[i].unitId (a unit of the agency that has a head), assignees[i].role, instruction
// (..2000), dueInWorkingDays (1..365), dueDate, reason (1..1000), note (1..2000), text (1..2000).
// Thread safety: stateless beyond its collaborators.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/working_calendar.hpp"
#include "db/database.hpp"
#include "documents/document.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "notify/outbox.hpp"

namespace cqdt::documents {

using AssignmentId = StrongId<struct AssignmentIdTag>;

enum class AssignmentRole { kLead, kCoordinate, kInfo };
const char* AssignmentRoleName(AssignmentRole r);  // "lead", "coordinate", "info"

struct Assignment {
  AssignmentId id;
  DocumentId document_id;
  UserId assignee;  // the person; for a unit's assignment, the unit head who received it
  std::string assignee_name;
  UnitId unit;          // set when the assignment is to an org unit (processing_service.hpp)
  AssignmentId parent;  // set when forwarded from another assignment
  DocumentId answer_document_id;  // the outgoing document that answered it, if any
  std::string role;               // lead | coordinate | info
  std::string state;  // assigned | accepted | extension_requested | completed | returned
  std::string instruction;
  std::string due_date;
  std::string result_note;
  std::string extension_reason;
  std::string extension_due_date;
  UserId assigned_by;
  std::int64_t assigned_at = 0;
  std::int64_t updated_at = 0;
};

struct AssigneeInput {
  UserId user;
  std::string role;  // lead | coordinate | info
  // Instead of `user`: an org unit of the agency, received by its head (processing_service.hpp).
  UnitId unit = UnitId();
};

struct AssignInput {
  std::string instruction;
  std::vector<AssigneeInput> assignees;  // exactly one lead
  int due_in_working_days = 0;           // 0: no due date unless due_date
  std::string due_date;                  // YYYY-MM-DD, used when due_in_working_days is 0
};

class AssignmentService {
 public:
  AssignmentService(audit::AuditLog& audit, const identity::IdentityService& identity,
                    const notify::Outbox& outbox, const WorkingCalendar& calendar,
                    const Clock& clock)
      : audit_(audit), identity_(identity), outbox_(outbox), calendar_(calendar), clock_(clock) {}

  // The clerk submits to `leader` (a leader of the document's agency); the leader is notified.
  Result<Document> Submit(db::Transaction& tx, const audit::Actor& actor,
                          const identity::Principal& p, DocumentId id,
                          std::int64_t expected_version, UserId leader);
  // The leader's instruction and assignments; every assignee is notified.
  Result<Document> Assign(db::Transaction& tx, const audit::Actor& actor,
                          const identity::Principal& p, DocumentId id,
                          std::int64_t expected_version, const AssignInput& in);
  // The caller accepts their assignment (the lead's acceptance starts the processing).
  Result<Document> Accept(db::Transaction& tx, const audit::Actor& actor,
                          const identity::Principal& p, DocumentId id,
                          std::int64_t expected_version);
  Result<Document> Comment(db::Transaction& tx, const audit::Actor& actor,
                           const identity::Principal& p, DocumentId id,
                           std::int64_t expected_version, const std::string& text);
  Result<Document> RequestExtension(db::Transaction& tx, const audit::Actor& actor,
                                    const identity::Principal& p, DocumentId id,
                                    std::int64_t expected_version, const std::string& reason,
                                    const std::string& new_due_date);
  // The lead completes it with a result note.
  Result<Document> Complete(db::Transaction& tx, const audit::Actor& actor,
                            const identity::Principal& p, DocumentId id,
                            std::int64_t expected_version, const std::string& note);
  // Back to the clerk (wrongly addressed), with a reason; the clerk is notified.
  Result<Document> Return(db::Transaction& tx, const audit::Actor& actor,
                          const identity::Principal& p, DocumentId id,
                          std::int64_t expected_version, const std::string& reason);

  std::vector<Assignment> OfDocument(db::Transaction& tx, DocumentId id) const;

 private:
  audit::AuditLog& audit_;
  const identity::IdentityService& identity_;
  const notify::Outbox& outbox_;
  const WorkingCalendar& calendar_;
  const Clock& clock_;
};

}  // namespace cqdt::documents
