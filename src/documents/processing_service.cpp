#include "documents/processing_service.hpp"

#include <soci/soci.h>

#include "core/message_catalog.hpp"
#include "document_repository.hpp"
#include "documents/document_access.hpp"
#include "documents/incoming_service.hpp"
#include "incoming_steps.hpp"

namespace cqdt::documents {
namespace {

using identity::Role;
using incoming_steps::CheckText;
using incoming_steps::Notify;
using incoming_steps::Save;

// Roles in decreasing weight: a forwarded role is never heavier than the one it comes from.
int Weight(const std::string& role) { return role == "lead" ? 3 : role == "coordinate" ? 2 : 1; }

struct Loaded {
  Document document;
  AccessFacts facts;
};

// The incoming document, if `p` may see it, at the version the caller read.
Result<Loaded> Load(db::Transaction& tx, const identity::Principal& p, DocumentId id,
                    std::int64_t expected_version) {
  std::string key = std::to_string(id.value());
  auto d = DocumentRepository(tx).Get(id);
  if (!d || d->direction != Direction::kIncoming) {
    return Error::NotFound("văn bản", key);
  }
  AccessFacts facts = IncomingService::FactsOf(tx, *d);
  CQDT_RETURN_IF_ERROR(CheckVisible(p, facts, key));
  if (d->version != expected_version) {
    return Error::Conflict("Văn bản đã được người khác thay đổi; hãy tải lại.");
  }
  return Loaded{*d, facts};
}

struct Row {
  long long id = 0, parent = 0, user = 0, unit = 0, by = 0;
  std::string role, state, due_date, extension_due_date;
};

std::vector<Row> Rows(db::Transaction& tx, DocumentId document) {
  long long doc = document.value();
  Row r;
  soci::indicator parent_ind = soci::i_null, user_ind = soci::i_null, unit_ind = soci::i_null,
                  by_ind = soci::i_null;
  soci::statement st =
      (tx.sql().prepare << "SELECT id, parent_id, assignee_user_id, assignee_unit_id,"
                           " assigned_by, role, state, due_date, extension_due_date"
                           " FROM documents_assignment WHERE document_id = :d ORDER BY id",
       soci::use(doc), soci::into(r.id), soci::into(r.parent, parent_ind),
       soci::into(r.user, user_ind), soci::into(r.unit, unit_ind), soci::into(r.by, by_ind),
       soci::into(r.role), soci::into(r.state), soci::into(r.due_date),
       soci::into(r.extension_due_date));
  st.execute(false);
  std::vector<Row> out;
  while (st.fetch()) {
    Row row = r;
    row.parent = parent_ind == soci::i_ok ? r.parent : 0;
    row.user = user_ind == soci::i_ok ? r.user : 0;
    row.unit = unit_ind == soci::i_ok ? r.unit : 0;
    row.by = by_ind == soci::i_ok ? r.by : 0;
    out.push_back(row);
  }
  return out;
}

bool IsOpen(const Row& r) {
  return r.state == "assigned" || r.state == "accepted" || r.state == "extension_requested";
}

const Row* Find(const std::vector<Row>& rows, long long id) {
  for (const auto& r : rows) {
    if (r.id == id) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace

std::vector<identity::User> UnitHeads(db::Transaction& tx,
                                      const identity::IdentityService& identity, AgencyId agency,
                                      UnitId unit) {
  std::vector<identity::User> out;
  if (!agency.IsSet() || !unit.IsSet()) {
    return out;
  }
  for (auto& u : identity.ListUsers(tx, agency, "")) {
    if (!u.disabled && u.unit_id == unit && u.roles.count(Role::kLeader) > 0) {
      out.push_back(std::move(u));
    }
  }
  return out;
}

Result<Document> ProcessingService::Forward(db::Transaction& tx, const audit::Actor& actor,
                                            const identity::Principal& p, DocumentId id,
                                            std::int64_t expected_version, const ForwardInput& in) {
  CQDT_ASSIGN_OR_RETURN(Loaded l, Load(tx, p, id, expected_version));
  if (l.document.state != IncomingStateName(IncomingState::kAssigned) &&
      l.document.state != IncomingStateName(IncomingState::kInProgress)) {
    return Error::FailedPrecondition(
        "Chỉ chuyển tiếp được văn bản đang được giao hoặc đang xử lý.");
  }
  const std::vector<Row> rows = Rows(tx, id);
  // The parent: the caller's own open assignment (the one named, or the newest).
  const Row* parent = nullptr;
  for (const auto& r : rows) {
    if (r.user == p.user_id().value() && IsOpen(r) &&
        (!in.parent.IsSet() || r.id == in.parent.value())) {
      parent = &r;
    }
  }
  if (parent == nullptr) {
    if (in.parent.IsSet()) {
      return Error::InvalidField("assignmentId", "unknown",
                                 "Trường 'assignmentId' phải là phần việc đang mở của bạn.");
    }
    return Error::PermissionDenied("Bạn không được giao xử lý văn bản này.");
  }
  CQDT_RETURN_IF_ERROR(CheckText("instruction", in.instruction, 0, 2000));
  if (in.assignees.empty() || in.assignees.size() > 50) {
    return Error::InvalidField("assignees", "length",
                               "Trường 'assignees' phải có từ 1 đến 50 người được giao.");
  }
  if (!in.due_date.empty() && !ParseIsoDate(in.due_date)) {
    return Error::InvalidField("dueDate", "format",
                               "Trường 'dueDate' phải là ngày dạng YYYY-MM-DD.");
  }
  // The scope: a unit's head forwards inside the unit; an officer inside their own unit, for
  // coordination or information only (the lead stays with them).
  const bool as_head = parent->unit > 0;
  UnitId scope(parent->unit);
  if (!as_head) {
    auto me = identity_.GetUser(tx, p.user_id());
    scope = me ? me->unit_id : UnitId();
    if (!scope.IsSet()) {
      return Error::PermissionDenied(
          "Bạn không thuộc đơn vị nào nên không chuyển tiếp được văn bản.");
    }
  }
  int leads = 0;
  for (const auto& r : rows) {
    leads += r.role == "lead" && r.parent > 0 && IsOpen(r) && r.parent == parent->id;
  }
  std::vector<identity::User> users;
  for (std::size_t i = 0; i < in.assignees.size(); ++i) {
    const auto& a = in.assignees[i];
    std::string field = "assignees[" + std::to_string(i) + "]";
    if (a.role != "lead" && a.role != "coordinate" && a.role != "info") {
      return Error::InvalidField(field + ".role", "enum",
                                 "Trường '" + field + ".role' phải là lead, coordinate hoặc info.");
    }
    // Never a heavier role than the parent's; an officer passes on no lead.
    if (Weight(a.role) > Weight(parent->role) || (!as_head && a.role == "lead")) {
      return Error::InvalidField(
          field + ".role", "scope",
          "Trường '" + field + ".role' vượt quá vai trò của phần việc được chuyển tiếp.");
    }
    leads += a.role == "lead";
    // Untrusted ids: active staff of the same unit, not the caller.
    auto u = identity_.GetUser(tx, a.user);
    if (!u || u->disabled || u->agency_id != l.document.agency_id || u->unit_id != scope ||
        u->id == p.user_id()) {
      return Error::InvalidField(
          field + ".userId", "scope",
          "Trường '" + field + ".userId' phải là cán bộ khác trong cùng đơn vị.");
    }
    users.push_back(*u);
  }
  if (leads > 1) {
    return Error::InvalidField("assignees", "lead",
                               "Trường 'assignees' chỉ được có một người chủ trì (lead).");
  }
  std::int64_t now = ToUnixSeconds(clock_.Now());
  long long doc = id.value(), agency = l.document.agency_id.value(), by = p.user_id().value(),
            at = now, parent_id = parent->id;
  std::string due = in.due_date.empty() ? parent->due_date : in.due_date;
  std::string names;
  for (std::size_t i = 0; i < users.size(); ++i) {
    long long user = users[i].id.value();
    tx.sql() << "INSERT INTO documents_assignment (document_id, agency_id, parent_id,"
                " assignee_user_id, role, instruction, due_date, state, assigned_by, assigned_at,"
                " updated_at) VALUES (:d, :a, :p, :u, :role, :i, :due, 'assigned', :by, :at,"
                " :at2)",
        soci::use(doc), soci::use(agency), soci::use(parent_id), soci::use(user),
        soci::use(in.assignees[i].role), soci::use(in.instruction), soci::use(due), soci::use(by),
        soci::use(at), soci::use(at);
    names += (i ? ", " : "") + users[i].full_name;
  }
  // Forwarding is taking the work on.
  if (parent->state == "assigned") {
    tx.sql() << "UPDATE documents_assignment SET state = 'accepted', updated_at = :at"
                " WHERE id = :id",
        soci::use(at), soci::use(parent_id);
  }
  CQDT_ASSIGN_OR_RETURN(
      Document saved,
      Save(tx, audit_, actor, l.document, now, "documents.forwarded",
           "Chuyển tiếp cho " + names +
               (in.instruction.empty() ? std::string(".") : ": " + in.instruction)));
  for (const auto& u : users) {
    CQDT_RETURN_IF_ERROR(Notify(tx, outbox_, u.id, saved, "documents.assigned",
                                "Bạn được giao xử lý một văn bản đến.", now));
  }
  return saved;
}

Result<Document> ProcessingService::Complete(db::Transaction& tx, const audit::Actor& actor,
                                             const identity::Principal& p, DocumentId id,
                                             std::int64_t expected_version,
                                             const CompleteInput& in) {
  CQDT_ASSIGN_OR_RETURN(Loaded l, Load(tx, p, id, expected_version));
  const std::vector<Row> rows = Rows(tx, id);
  const Row* own = nullptr;
  for (const auto& r : rows) {
    if (r.user == p.user_id().value() && IsOpen(r) && r.role == "lead") {
      own = &r;
    }
  }
  if (own == nullptr) {
    return Error::PermissionDenied("Chỉ người chủ trì xử lý mới hoàn thành được văn bản.");
  }
  auto state = ParseIncomingState(l.document.state);
  if (!state) {
    return Error::Internal();
  }
  CQDT_ASSIGN_OR_RETURN(IncomingState next,
                        CheckIncomingAction(p, l.facts, *state, IncomingAction::kComplete,
                                            std::to_string(id.value())));
  CQDT_RETURN_IF_ERROR(CheckText("note", in.note, in.answer_document_id.IsSet() ? 0 : 1, 2000));
  std::string answer_text;
  if (in.answer_document_id.IsSet()) {
    // Untrusted id: an outgoing document of this agency; a confidential one only when the caller
    // drafted it (its existence is not revealed to others).
    auto answer = DocumentRepository(tx).Get(in.answer_document_id);
    if (!answer || answer->direction != Direction::kOutgoing ||
        answer->agency_id != l.document.agency_id ||
        (IsConfidential(answer->confidentiality) && answer->drafter_id != p.user_id() &&
         answer->created_by != p.user_id())) {
      return Error::InvalidField("answerDocumentId", "unknown",
                                 "Trường 'answerDocumentId' phải là một văn bản đi của cơ quan.");
    }
    answer_text = answer->number_text.empty() ? answer->subject : answer->number_text;
  }
  std::int64_t now = ToUnixSeconds(clock_.Now());
  long long at = now, answer = in.answer_document_id.value();
  soci::indicator answer_ind = in.answer_document_id.IsSet() ? soci::i_ok : soci::i_null;
  // The lead's assignment and its ancestors (the unit's, when its head forwarded it) complete.
  for (const Row* r = own; r != nullptr; r = r->parent > 0 ? Find(rows, r->parent) : nullptr) {
    if (!IsOpen(*r)) {
      continue;
    }
    long long aid = r->id;
    tx.sql() << "UPDATE documents_assignment SET state = 'completed', result_note = :n,"
                " answer_document_id = :ans, updated_at = :at WHERE id = :id",
        soci::use(in.note), soci::use(answer, answer_ind), soci::use(at), soci::use(aid);
  }
  Document d = l.document;
  d.state = IncomingStateName(next);
  std::string detail = "Hoàn thành";
  if (!in.note.empty()) {
    detail += ": " + in.note;
  }
  if (!answer_text.empty()) {
    detail += " (văn bản trả lời: " + answer_text + ")";
  }
  CQDT_ASSIGN_OR_RETURN(Document saved,
                        Save(tx, audit_, actor, d, now, "documents.completed", detail));
  // Whoever assigned the lead hears that it is done.
  if (own->by > 0 && own->by != p.user_id().value()) {
    CQDT_RETURN_IF_ERROR(Notify(tx, outbox_, UserId(own->by), saved, "documents.completed",
                                "Một văn bản đến bạn giao đã được xử lý xong.", now));
  }
  return saved;
}

Result<Document> ProcessingService::DecideExtension(db::Transaction& tx, const audit::Actor& actor,
                                                    const identity::Principal& p, DocumentId id,
                                                    std::int64_t expected_version,
                                                    const ExtensionDecision& in) {
  CQDT_ASSIGN_OR_RETURN(Loaded l, Load(tx, p, id, expected_version));
  const std::vector<Row> rows = Rows(tx, id);
  const Row* row = Find(rows, in.assignment.value());
  if (row == nullptr) {
    return Error::InvalidField("assignmentId", "unknown",
                               "Trường 'assignmentId' không phải phần việc của văn bản này.");
  }
  // The one who assigned it decides, or a leader of the agency (who can see the document).
  const bool assigner = row->by > 0 && row->by == p.user_id().value();
  const bool leader = p.Has(Role::kLeader) && p.agency_id == l.document.agency_id;
  if (!assigner && !leader) {
    return Error::PermissionDenied(
        "Chỉ người giao việc hoặc lãnh đạo cơ quan mới quyết định việc gia hạn.");
  }
  if (row->state != "extension_requested") {
    return Error::FailedPrecondition("Phần việc này không có đề nghị gia hạn đang chờ.");
  }
  if (!in.approve) {
    CQDT_RETURN_IF_ERROR(CheckText("reason", in.reason, 1, 1000));
  } else {
    CQDT_RETURN_IF_ERROR(CheckText("reason", in.reason, 0, 1000));
  }
  std::int64_t now = ToUnixSeconds(clock_.Now());
  long long at = now, aid = row->id;
  Document d = l.document;
  std::string detail;
  if (in.approve) {
    tx.sql() << "UPDATE documents_assignment SET state = 'accepted', due_date = :due,"
                " extension_reason = '', extension_due_date = '', updated_at = :at"
                " WHERE id = :id",
        soci::use(row->extension_due_date), soci::use(at), soci::use(aid);
    // The document's due date is the lead's.
    if (row->role == "lead") {
      d.due_date = row->extension_due_date;
    }
    detail = "Đồng ý gia hạn đến " + row->extension_due_date +
             (in.reason.empty() ? std::string(".") : ": " + in.reason);
  } else {
    tx.sql() << "UPDATE documents_assignment SET state = 'accepted', extension_reason = '',"
                " extension_due_date = '', updated_at = :at WHERE id = :id",
        soci::use(at), soci::use(aid);
    detail = "Không đồng ý gia hạn: " + in.reason;
  }
  const char* action = in.approve ? "documents.extension_approved" : "documents.extension_refused";
  CQDT_ASSIGN_OR_RETURN(Document saved, Save(tx, audit_, actor, d, now, action, detail));
  if (row->user > 0) {
    CQDT_RETURN_IF_ERROR(Notify(tx, outbox_, UserId(row->user), saved, action,
                                in.approve ? "Đề nghị gia hạn xử lý văn bản đến của bạn được "
                                             "đồng ý."
                                           : "Đề nghị gia hạn xử lý văn bản đến của bạn không "
                                             "được đồng ý.",
                                now));
  }
  return saved;
}

}  // namespace cqdt::documents
