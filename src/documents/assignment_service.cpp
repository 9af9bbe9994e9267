#include "documents/assignment_service.hpp"

#include <soci/soci.h>

#include "core/message_catalog.hpp"
#include "core/text.hpp"
#include "document_repository.hpp"
#include "documents/delegation_service.hpp"
#include "documents/document_access.hpp"
#include "documents/incoming_service.hpp"
#include "documents/processing_service.hpp"
#include "incoming_steps.hpp"

namespace cqdt::documents {
namespace {

using identity::Role;
using incoming_steps::CheckText;
using incoming_steps::Notify;
using incoming_steps::Save;

struct Loaded {
  Document document;
  IncomingState state;
  AccessFacts facts;
};

// The document, if `p` may see it, with the version the caller read (the repository's UPDATE
// refuses it when someone changed the document since: kConflict).
Result<Loaded> Load(db::Transaction& tx, const identity::Principal& p, DocumentId id,
                    std::int64_t expected_version, const std::set<UserId>& leader_deputies = {}) {
  std::string key = std::to_string(id.value());
  auto d = DocumentRepository(tx).Get(id);
  if (!d || d->direction != Direction::kIncoming) {
    return Error::NotFound("văn bản", key);
  }
  AccessFacts facts = IncomingService::FactsOf(tx, *d);
  facts.leader_deputies = leader_deputies;
  CQDT_RETURN_IF_ERROR(CheckVisible(p, facts, key));
  if (d->version != expected_version) {
    return Error::Conflict("Văn bản đã được người khác thay đổi; hãy tải lại.");
  }
  auto state = ParseIncomingState(d->state);
  if (!state) {
    return Error::Internal();
  }
  return Loaded{*d, *state, facts};
}

// The caller's own assignment of the document that is still open, if any.
std::optional<std::pair<long long, std::string>> OwnAssignment(db::Transaction& tx, DocumentId id,
                                                               UserId user) {
  long long doc = id.value(), who = user.value(), assignment = 0;
  std::string role;
  tx.sql() << "SELECT id, role FROM documents_assignment WHERE document_id = :d"
              " AND assignee_user_id = :u AND state IN ('assigned', 'accepted',"
              " 'extension_requested') ORDER BY id DESC LIMIT 1",
      soci::use(doc), soci::use(who), soci::into(assignment), soci::into(role);
  if (!tx.sql().got_data()) {
    return std::nullopt;
  }
  return std::make_pair(assignment, role);
}

void SetAssignmentState(db::Transaction& tx, long long assignment, const std::string& state,
                        std::int64_t now) {
  long long at = now;
  tx.sql() << "UPDATE documents_assignment SET state = :s, updated_at = :at WHERE id = :id",
      soci::use(state), soci::use(at), soci::use(assignment);
}

}  // namespace

const char* AssignmentRoleName(AssignmentRole r) {
  switch (r) {
    case AssignmentRole::kLead:
      return "lead";
    case AssignmentRole::kCoordinate:
      return "coordinate";
    case AssignmentRole::kInfo:
      return "info";
  }
  return "info";
}

Result<Document> AssignmentService::Submit(db::Transaction& tx, const audit::Actor& actor,
                                           const identity::Principal& p, DocumentId id,
                                           std::int64_t expected_version, UserId leader) {
  CQDT_ASSIGN_OR_RETURN(Loaded l, Load(tx, p, id, expected_version));
  CQDT_ASSIGN_OR_RETURN(IncomingState next,
                        CheckIncomingAction(p, l.facts, l.state, IncomingAction::kSubmit,
                                            std::to_string(id.value())));
  // The leader must be an active leader of the document's agency (untrusted id).
  auto user = identity_.GetUser(tx, leader);
  if (!user || user->disabled || user->agency_id != l.document.agency_id ||
      user->roles.count(Role::kLeader) == 0) {
    return Error::InvalidField("leaderId", "unknown",
                               "Trường 'leaderId' phải là một lãnh đạo của cơ quan.");
  }
  std::int64_t now = ToUnixSeconds(clock_.Now());
  // The leader joins the route (document_access.hpp): a confidential document must be visible
  // to the one who instructs it.
  long long doc = id.value(), agency = l.document.agency_id.value(), to = leader.value(),
            by = actor.user_id.value(), at = now;
  tx.sql() << "INSERT INTO documents_submission (document_id, agency_id, leader_id, submitted_by,"
              " submitted_at) VALUES (:d, :a, :l, :b, :at)",
      soci::use(doc), soci::use(agency), soci::use(to), soci::use(by), soci::use(at);
  Document d = l.document;
  d.state = IncomingStateName(next);
  CQDT_ASSIGN_OR_RETURN(Document saved, Save(tx, audit_, actor, d, now, "documents.submitted",
                                             "Trình lãnh đạo: " + user->full_name + "."));
  CQDT_RETURN_IF_ERROR(Notify(tx, outbox_, leader, saved, "documents.submitted",
                              "Có văn bản đến trình bạn cho ý kiến chỉ đạo.", now));
  return saved;
}

Result<Document> AssignmentService::Assign(db::Transaction& tx, const audit::Actor& actor,
                                           const identity::Principal& p, DocumentId id,
                                           std::int64_t expected_version, const AssignInput& in) {
  // Ủy quyền (delegation_service.hpp): a deputy holding a leader's assign right acts as a leader
  // of the agency, and the action is recorded in the leader's name too.
  std::optional<Delegation> acting;
  std::set<UserId> deputies;
  if (!p.Has(Role::kLeader)) {
    acting = FindActiveDelegation(tx, identity_, p.user_id(), DelegatedRight::kAssign, UserId(),
                                  p.agency_id, TodayInVietnam(clock_.Now()));
    if (acting) {
      deputies.insert(p.user_id());
    }
  }
  const audit::Actor who = acting ? ActingActor(actor, *acting) : actor;
  CQDT_ASSIGN_OR_RETURN(Loaded l, Load(tx, p, id, expected_version, deputies));
  CQDT_ASSIGN_OR_RETURN(IncomingState next,
                        CheckIncomingAction(p, l.facts, l.state, IncomingAction::kAssign,
                                            std::to_string(id.value())));
  CQDT_RETURN_IF_ERROR(CheckText("instruction", in.instruction, 0, 2000));
  if (in.assignees.empty() || in.assignees.size() > 50) {
    return Error::InvalidField("assignees", "length",
                               "Trường 'assignees' phải có từ 1 đến 50 người được giao.");
  }
  int leads = 0;
  std::vector<identity::User> users;
  for (std::size_t i = 0; i < in.assignees.size(); ++i) {
    const auto& a = in.assignees[i];
    std::string field = "assignees[" + std::to_string(i) + "]";
    if (a.role != "lead" && a.role != "coordinate" && a.role != "info") {
      return Error::InvalidField(field + ".role", "enum",
                                 "Trường '" + field + ".role' phải là lead, coordinate hoặc info.");
    }
    leads += a.role == "lead";
    if (a.unit.IsSet()) {
      // A unit's assignment goes to its head (processing_service.hpp). Untrusted id: a unit of
      // another agency, or one without a head, has no head among this agency's staff.
      auto heads = UnitHeads(tx, identity_, l.document.agency_id, a.unit);
      if (heads.empty()) {
        return Error::InvalidField(
            field + ".unitId", "unknown",
            "Trường '" + field + ".unitId' phải là đơn vị của cơ quan có lãnh đạo đơn vị.");
      }
      users.push_back(heads.front());
      continue;
    }
    // Untrusted ids: only active staff of the document's agency can be given its work.
    auto u = identity_.GetUser(tx, a.user);
    if (!u || u->disabled || u->agency_id != l.document.agency_id) {
      return Error::InvalidField(field + ".userId", "unknown",
                                 "Trường '" + field + ".userId' phải là cán bộ của cơ quan.");
    }
    users.push_back(*u);
  }
  if (leads != 1) {
    return Error::InvalidField("assignees", "lead",
                               "Trường 'assignees' phải có đúng một người chủ trì (lead).");
  }
  std::string due = in.due_date;
  if (in.due_in_working_days != 0) {
    if (in.due_in_working_days < 1 || in.due_in_working_days > 365) {
      return Error::InvalidField("dueInWorkingDays", "range",
                                 "Trường 'dueInWorkingDays' phải từ 1 đến 365.");
    }
    auto today = ParseIsoDate(TodayInVietnam(clock_.Now()));
    CQDT_ASSIGN_OR_RETURN(Date end, calendar_.AddWorkingDays(*today, in.due_in_working_days));
    due = FormatIsoDate(end);
  } else if (!due.empty() && !ParseIsoDate(due)) {
    return Error::InvalidField("dueDate", "format",
                               "Trường 'dueDate' phải là ngày dạng YYYY-MM-DD.");
  }
  std::int64_t now = ToUnixSeconds(clock_.Now());
  long long doc = id.value(), agency = l.document.agency_id.value(), by = actor.user_id.value(),
            at = now;
  for (std::size_t i = 0; i < in.assignees.size(); ++i) {
    long long user = users[i].id.value();
    long long unit = in.assignees[i].unit.value();
    soci::indicator unit_ind = in.assignees[i].unit.IsSet() ? soci::i_ok : soci::i_null;
    tx.sql() << "INSERT INTO documents_assignment (document_id, agency_id, assignee_user_id,"
                " assignee_unit_id, role, instruction, due_date, state, assigned_by, assigned_at,"
                " updated_at) VALUES (:d, :a, :u, :unit, :role, :i, :due, 'assigned', :by, :at,"
                " :at2)",
        soci::use(doc), soci::use(agency), soci::use(user), soci::use(unit, unit_ind),
        soci::use(in.assignees[i].role), soci::use(in.instruction), soci::use(due), soci::use(by),
        soci::use(at), soci::use(at);
  }
  Document d = l.document;
  d.state = IncomingStateName(next);
  if (!due.empty()) {
    d.due_date = due;
  }
  std::string detail =
      "Giao xử lý" + (due.empty() ? std::string() : ", hạn " + due) + ": " + in.instruction;
  CQDT_ASSIGN_OR_RETURN(Document saved,
                        Save(tx, audit_, who, d, now, "documents.assigned", detail));
  for (const auto& u : users) {
    CQDT_RETURN_IF_ERROR(Notify(tx, outbox_, u.id, saved, "documents.assigned",
                                "Bạn được giao xử lý một văn bản đến.", now));
  }
  return saved;
}

Result<Document> AssignmentService::Accept(db::Transaction& tx, const audit::Actor& actor,
                                           const identity::Principal& p, DocumentId id,
                                           std::int64_t expected_version) {
  CQDT_ASSIGN_OR_RETURN(Loaded l, Load(tx, p, id, expected_version));
  auto own = OwnAssignment(tx, id, p.user_id());
  if (!own) {
    return Error::PermissionDenied("Bạn không được giao xử lý văn bản này.");
  }
  Document d = l.document;
  // The lead's acceptance starts the processing; the others only acknowledge theirs.
  if (own->second == "lead" || l.state == IncomingState::kAssigned) {
    if (l.state == IncomingState::kAssigned) {
      CQDT_ASSIGN_OR_RETURN(IncomingState next,
                            CheckIncomingAction(p, l.facts, l.state, IncomingAction::kAccept,
                                                std::to_string(id.value())));
      d.state = IncomingStateName(next);
    }
  }
  std::int64_t now = ToUnixSeconds(clock_.Now());
  SetAssignmentState(tx, own->first, "accepted", now);
  return Save(tx, audit_, actor, d, now, "documents.accepted", "Nhận xử lý.");
}

Result<Document> AssignmentService::Comment(db::Transaction& tx, const audit::Actor& actor,
                                            const identity::Principal& p, DocumentId id,
                                            std::int64_t expected_version,
                                            const std::string& text) {
  CQDT_ASSIGN_OR_RETURN(Loaded l, Load(tx, p, id, expected_version));
  CQDT_RETURN_IF_ERROR(CheckText("text", text, 1, 2000));
  return Save(tx, audit_, actor, l.document, ToUnixSeconds(clock_.Now()), "documents.commented",
              text);
}

Result<Document> AssignmentService::RequestExtension(db::Transaction& tx, const audit::Actor& actor,
                                                     const identity::Principal& p, DocumentId id,
                                                     std::int64_t expected_version,
                                                     const std::string& reason,
                                                     const std::string& new_due_date) {
  CQDT_ASSIGN_OR_RETURN(Loaded l, Load(tx, p, id, expected_version));
  auto own = OwnAssignment(tx, id, p.user_id());
  if (!own) {
    return Error::PermissionDenied("Bạn không được giao xử lý văn bản này.");
  }
  CQDT_RETURN_IF_ERROR(CheckText("reason", reason, 1, 1000));
  if (!ParseIsoDate(new_due_date)) {
    return Error::InvalidField("dueDate", "format",
                               "Trường 'dueDate' phải là ngày dạng YYYY-MM-DD.");
  }
  std::int64_t now = ToUnixSeconds(clock_.Now());
  long long assignment = own->first, at = now;
  tx.sql() << "UPDATE documents_assignment SET state = 'extension_requested',"
              " extension_reason = :r, extension_due_date = :d, updated_at = :at WHERE id = :id",
      soci::use(reason), soci::use(new_due_date), soci::use(at), soci::use(assignment);
  long long by = 0;
  soci::indicator ind = soci::i_null;
  tx.sql() << "SELECT assigned_by FROM documents_assignment WHERE id = :id", soci::use(assignment),
      soci::into(by, ind);
  CQDT_ASSIGN_OR_RETURN(Document saved,
                        Save(tx, audit_, actor, l.document, now, "documents.extension_requested",
                             "Xin gia hạn đến " + new_due_date + ": " + reason));
  if (ind == soci::i_ok && by > 0) {
    CQDT_RETURN_IF_ERROR(Notify(tx, outbox_, UserId(by), saved, "documents.extension_requested",
                                "Có đề nghị gia hạn xử lý văn bản đến.", now));
  }
  return saved;
}

Result<Document> AssignmentService::Complete(db::Transaction& tx, const audit::Actor& actor,
                                             const identity::Principal& p, DocumentId id,
                                             std::int64_t expected_version,
                                             const std::string& note) {
  CQDT_ASSIGN_OR_RETURN(Loaded l, Load(tx, p, id, expected_version));
  auto own = OwnAssignment(tx, id, p.user_id());
  if (!own || own->second != "lead") {
    return Error::PermissionDenied("Chỉ người chủ trì xử lý mới hoàn thành được văn bản.");
  }
  CQDT_ASSIGN_OR_RETURN(IncomingState next,
                        CheckIncomingAction(p, l.facts, l.state, IncomingAction::kComplete,
                                            std::to_string(id.value())));
  CQDT_RETURN_IF_ERROR(CheckText("note", note, 1, 2000));
  std::int64_t now = ToUnixSeconds(clock_.Now());
  long long assignment = own->first, at = now;
  tx.sql() << "UPDATE documents_assignment SET state = 'completed', result_note = :n,"
              " updated_at = :at WHERE id = :id",
      soci::use(note), soci::use(at), soci::use(assignment);
  Document d = l.document;
  d.state = IncomingStateName(next);
  return Save(tx, audit_, actor, d, now, "documents.completed", "Hoàn thành: " + note);
}

Result<Document> AssignmentService::Return(db::Transaction& tx, const audit::Actor& actor,
                                           const identity::Principal& p, DocumentId id,
                                           std::int64_t expected_version,
                                           const std::string& reason) {
  CQDT_ASSIGN_OR_RETURN(Loaded l, Load(tx, p, id, expected_version));
  CQDT_ASSIGN_OR_RETURN(IncomingState next,
                        CheckIncomingAction(p, l.facts, l.state, IncomingAction::kReturn,
                                            std::to_string(id.value())));
  CQDT_RETURN_IF_ERROR(CheckText("reason", reason, 1, 1000));
  std::int64_t now = ToUnixSeconds(clock_.Now());
  long long doc = id.value(), at = now;
  tx.sql()
      << "UPDATE documents_assignment SET state = 'returned', updated_at = :at"
         " WHERE document_id = :d AND state IN ('assigned', 'accepted', 'extension_requested')",
      soci::use(at), soci::use(doc);
  Document d = l.document;
  d.state = IncomingStateName(next);
  CQDT_ASSIGN_OR_RETURN(Document saved, Save(tx, audit_, actor, d, now, "documents.returned",
                                             "Trả lại văn thư: " + reason));
  if (saved.created_by.IsSet()) {
    CQDT_RETURN_IF_ERROR(Notify(tx, outbox_, saved.created_by, saved, "documents.returned",
                                "Một văn bản đến đã được trả lại văn thư.", now));
  }
  return saved;
}

std::vector<Assignment> AssignmentService::OfDocument(db::Transaction& tx, DocumentId id) const {
  long long doc = id.value();
  Assignment a;
  long long aid = 0, user = 0, by = 0, unit = 0, parent = 0, answer = 0;
  soci::indicator user_ind = soci::i_null, by_ind = soci::i_null, unit_ind = soci::i_null,
                  parent_ind = soci::i_null, answer_ind = soci::i_null;
  long long at = 0, updated = 0;
  soci::statement st =
      (tx.sql().prepare << "SELECT a.id, a.assignee_user_id, a.role,"
                           " a.state, a.instruction, a.due_date, a.result_note,"
                           " a.extension_reason, a.extension_due_date, a.assigned_by,"
                           " a.assigned_at, a.updated_at, a.assignee_unit_id, a.parent_id,"
                           " a.answer_document_id FROM documents_assignment a"
                           " WHERE a.document_id = :d ORDER BY a.id",
       soci::use(doc), soci::into(aid), soci::into(user, user_ind), soci::into(a.role),
       soci::into(a.state), soci::into(a.instruction), soci::into(a.due_date),
       soci::into(a.result_note), soci::into(a.extension_reason), soci::into(a.extension_due_date),
       soci::into(by, by_ind), soci::into(at), soci::into(updated), soci::into(unit, unit_ind),
       soci::into(parent, parent_ind), soci::into(answer, answer_ind));
  st.execute(false);
  std::vector<Assignment> out;
  while (st.fetch()) {
    Assignment row = a;
    row.id = AssignmentId(aid);
    row.document_id = id;
    row.assignee = UserId(user_ind == soci::i_ok ? user : 0);
    row.assigned_by = UserId(by_ind == soci::i_ok ? by : 0);
    row.assigned_at = at;
    row.updated_at = updated;
    row.unit = UnitId(unit_ind == soci::i_ok ? unit : 0);
    row.parent = AssignmentId(parent_ind == soci::i_ok ? parent : 0);
    row.answer_document_id = DocumentId(answer_ind == soci::i_ok ? answer : 0);
    out.push_back(row);
  }
  // Names through identity's API: its table is its own.
  for (auto& row : out) {
    if (auto u = identity_.GetUser(tx, row.assignee)) {
      row.assignee_name = u->full_name;
    }
  }
  return out;
}

}  // namespace cqdt::documents
