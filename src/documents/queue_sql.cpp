#include "queue_sql.hpp"

#include <soci/soci.h>

namespace cqdt::documents {

SqlBuilder& SqlBuilder::Text(std::string_view s) {
  text_ += s;
  return *this;
}

SqlBuilder& SqlBuilder::Int(long long v) {
  text_ += ":p" + std::to_string(order_.size());
  ints_.push_back(v);
  order_.emplace_back(false, ints_.size() - 1);
  return *this;
}

SqlBuilder& SqlBuilder::Str(std::string v) {
  text_ += ":p" + std::to_string(order_.size());
  strs_.push_back(std::move(v));
  order_.emplace_back(true, strs_.size() - 1);
  return *this;
}

void SqlBuilder::Bind(soci::statement& st) {
  for (const auto& [is_str, index] : order_) {
    if (is_str) {
      st.exchange(soci::use(strs_[index]));
    } else {
      st.exchange(soci::use(ints_[index]));
    }
  }
}

std::vector<db::SqlParam> SqlBuilder::Params() const {
  std::vector<db::SqlParam> out;
  out.reserve(order_.size());
  for (const auto& [is_str, index] : order_) {
    if (is_str) {
      out.emplace_back(strs_[index]);
    } else {
      out.emplace_back(static_cast<std::int64_t>(ints_[index]));
    }
  }
  return out;
}

void AppendVisible(SqlBuilder& b, const Viewer& v) {
  const long long me = v.user.value();
  b.Text("(");
  if (v.has_rank) {
    b.Text("d.confidentiality = 'none' OR ");
  }
  b.Text("d.created_by = ").Int(me);
  b.Text(" OR d.drafter_id = ").Int(me);
  b.Text(
       " OR EXISTS (SELECT 1 FROM documents_assignment va WHERE va.document_id = d.id"
       " AND va.assignee_user_id = ")
      .Int(me)
      .Text(")");
  b.Text(
       " OR EXISTS (SELECT 1 FROM documents_review vr WHERE vr.document_id = d.id"
       " AND vr.reviewer_id = ")
      .Int(me)
      .Text(")");
  b.Text(
       " OR EXISTS (SELECT 1 FROM documents_outgoing vo WHERE vo.document_id = d.id"
       " AND vo.signer_id = ")
      .Int(me)
      .Text(")");
  if (!v.sign_delegation_today.empty()) {
    b.Text(
         " OR EXISTS (SELECT 1 FROM documents_outgoing vs JOIN documents_delegation vd ON"
         " vd.from_user_id = vs.signer_id WHERE vs.document_id = d.id AND vd.to_user_id = ")
        .Int(me)
        .Text(" AND vd.revoked_at IS NULL AND vd.starts_on <= ")
        .Str(v.sign_delegation_today)
        .Text(" AND vd.ends_on >= ")
        .Str(v.sign_delegation_today)
        .Text(" AND (',' || vd.rights || ',') LIKE '%,sign,%')");
  }
  b.Text(
       " OR EXISTS (SELECT 1 FROM documents_grant vg WHERE vg.document_id = d.id"
       " AND vg.user_id = ")
      .Int(me)
      .Text("))");
}

namespace {

// Appends the predicate "the delegator whose id is the SQL expression `from` delegated the sign
// right to the caller, active today".
void AppendSignDelegated(SqlBuilder& b, const QueueCaller& c, const char* from) {
  b.Text("EXISTS (SELECT 1 FROM documents_delegation g WHERE g.from_user_id = ")
      .Text(from)
      .Text(" AND g.to_user_id = ")
      .Int(c.me.value())
      .Text(" AND g.revoked_at IS NULL AND g.starts_on <= ")
      .Str(c.today)
      .Text(" AND g.ends_on >= ")
      .Str(c.today)
      .Text(" AND (',' || g.rights || ',') LIKE '%,sign,%')");
}

// Written as "d.id IN (the caller's open assignments)" rather than a correlated EXISTS so that
// the planner starts from the caller's few hundred open assignments (documents_assignment_open)
// instead of every assigned document of the agency (bench/queue-bench.sh, 1,000,000 documents).
void AppendOpenAssignment(SqlBuilder& b, const QueueCaller& c, const char* roles) {
  b.Text(kIncomingInProcess)
      .Text(" AND d.id IN (SELECT a.document_id FROM documents_assignment a WHERE ");
  AppendOpenAssignmentsOf(b, c, roles);
  b.Text(")");
}

// The predicate of queue `q` for the caller (documents_document aliased `d`).
void AppendQueue(SqlBuilder& b, Queue q, const QueueCaller& c) {
  switch (q) {
    case Queue::kProcess:
      AppendOpenAssignment(b, c, "('lead')");
      return;
    case Queue::kCoordinate:
      AppendOpenAssignment(b, c, "('coordinate')");
      return;
    case Queue::kInfo:
      AppendOpenAssignment(b, c, "('info')");
      return;
    case Queue::kInstruct:
      b.Text(c.leader || c.assign_deputy ? "d.direction = 'incoming' AND d.state = 'submitted'"
                                         : "1 = 0");
      return;
    case Queue::kReview:
      // From the pending reviews of the caller and of those who delegated signing to them
      // (documents_review_reviewer), not from every draft in review; see AppendOpenAssignment.
      b.Text(
           "d.direction = 'outgoing' AND d.state = 'in_review' AND d.id IN (SELECT r.document_id"
           " FROM documents_review r WHERE r.state = 'pending' AND (r.reviewer_id = ")
          .Int(c.me.value())
          .Text(
              " OR (r.step = 'leader' AND r.reviewer_id IN (SELECT g.from_user_id FROM"
              " documents_delegation g WHERE g.to_user_id = ")
          .Int(c.me.value())
          .Text(" AND g.revoked_at IS NULL AND g.starts_on <= ")
          .Str(c.today)
          .Text(" AND g.ends_on >= ")
          .Str(c.today)
          .Text(" AND (',' || g.rights || ',') LIKE '%,sign,%'))))");
      return;
    case Queue::kSign:
      // Stays a correlated EXISTS: a head of agency is the signer of most outgoing documents,
      // so "the caller's documents_outgoing rows" can be tens of thousands, while the agency's
      // approved drafts (state = 'approved', an index range) are few.
      b.Text(
           "d.direction = 'outgoing' AND d.state = 'approved' AND EXISTS (SELECT 1 FROM"
           " documents_outgoing o WHERE o.document_id = d.id AND (o.signer_id = ")
          .Int(c.me.value())
          .Text(" OR ");
      AppendSignDelegated(b, c, "o.signer_id");
      b.Text("))");
      return;
    case Queue::kIssue:
      b.Text(c.clerk ? "d.direction = 'outgoing' AND d.state = 'signed'" : "1 = 0");
      return;
    case Queue::kRegister:
      b.Text(c.clerk ? "d.direction = 'incoming' AND d.state IN ('registered', 'returned')"
                     : "1 = 0");
      return;
  }
  b.Text("1 = 0");
}

// Whether being in queue `q` already puts the caller on the document's route, so that the
// visibility predicate could not remove a row: an open assignment makes the caller an assignee,
// the sign queue makes them the signer or the signer's deputy under an active delegation of the
// sign right (AppendVisible's own clauses, word for word). The review queue's delegated branch
// (a leader's review step taken by their deputy) and the agency-wide queues are not on the
// route, so they keep the predicate. Leaving it out matters: SQLite evaluates it for every
// candidate row of the state's index range before the queue's own IN-list, which was most of the
// officer's page at 1,000,000 documents (decision 0009, branch queue-fast).
bool QueueImpliesVisible(Queue q) {
  return q == Queue::kProcess || q == Queue::kCoordinate || q == Queue::kInfo || q == Queue::kSign;
}

}  // namespace

// The caller's open assignments (documents_assignment `a`) in role `roles`, a SQL list.
void AppendOpenAssignmentsOf(SqlBuilder& b, const QueueCaller& c, const char* roles) {
  b.Text("a.assignee_user_id = ")
      .Int(c.me.value())
      .Text(" AND a.role IN ")
      .Text(roles)
      .Text(" AND a.state IN ")
      .Text(kOpenAssignmentStates);
}

// The due-date expressions: overdue when today is after the due date; due soon from today to
// `soon` (the next working day) included.
void AppendOverdue(SqlBuilder& b, const std::string& today) {
  b.Text("(d.due_date <> '' AND d.due_date < ").Str(today).Text(")");
}

void AppendDueSoon(SqlBuilder& b, const std::string& today, const std::string& soon) {
  b.Text("(d.due_date >= ").Str(today).Text(" AND d.due_date <= ").Str(soon).Text(")");
}

// "COUNT(*), <overdue sum>, <due-soon sum>" over rows with a `d.due_date`.
void AppendCounts(SqlBuilder& b, const std::string& today, const std::string& soon) {
  b.Text("COUNT(*), COALESCE(SUM(CASE WHEN ");
  AppendOverdue(b, today);
  b.Text(" THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN ");
  AppendDueSoon(b, today, soon);
  b.Text(" THEN 1 ELSE 0 END), 0)");
}

// " AND <overdue>" / " AND <due soon>" for the flag filter ("" adds nothing).
void AppendFlag(SqlBuilder& b, const std::string& flag, const std::string& today,
                const std::string& soon) {
  if (flag == "overdue") {
    b.Text(" AND ");
    AppendOverdue(b, today);
  } else if (flag == "due_soon") {
    b.Text(" AND ");
    AppendDueSoon(b, today, soon);
  }
}

// "FROM documents_document d WHERE <agency> AND <queue> AND <visible>"
void AppendFromQueue(SqlBuilder& b, Queue q, const QueueCaller& c) {
  // The assignment queues start from the caller's open assignments (their IN list) and look each
  // document up by id: the unary + keeps SQLite, which has no statistics, from walking instead
  // every document in process of the agency through documents_document_queue_cover, which cost
  // twice as much at 1,000,000 documents (bench/queue-bench.sh). PostgreSQL plans from its
  // statistics either way.
  const bool by_assignment = q == Queue::kProcess || q == Queue::kCoordinate || q == Queue::kInfo;
  b.Text(by_assignment ? " FROM documents_document d WHERE +d.agency_id = "
                       : " FROM documents_document d WHERE d.agency_id = ")
      .Int(c.agency.value())
      .Text(" AND (");
  AppendQueue(b, q, c);
  b.Text(")");
  if (!QueueImpliesVisible(q)) {
    b.Text(" AND ");
    AppendVisible(b, {c.me, c.leader || c.clerk || c.assign_deputy, c.today});
  }
}

}  // namespace cqdt::documents
