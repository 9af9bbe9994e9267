// Building the queue queries (private to documents): SQL text with positional parameters bound
// in the order they were appended, the visibility rule of document_access.hpp as a SQL
// predicate, and each queue of queue_service.hpp as a SQL predicate, so that lists filter, sort
// and page in the database. The rules (who has which queue, paging limits) stay in
// queue_service.cpp.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "db/rows.hpp"
#include "documents/queue_service.hpp"

namespace soci {
class statement;
}  // namespace soci

namespace cqdt::documents {

// SQL text and its parameters. Values are never spliced into the text: every Int/Str appends a
// placeholder and keeps the value (in deques, whose elements do not move) for Bind.
class SqlBuilder {
 public:
  SqlBuilder& Text(std::string_view s);
  SqlBuilder& Int(long long v);
  SqlBuilder& Str(std::string v);
  const std::string& text() const { return text_; }
  // Binds every parameter to `st`, in order (call before prepare).
  void Bind(soci::statement& st);
  // The parameters in order, for db::ForEachRow (whose :pN they are).
  std::vector<db::SqlParam> Params() const;

 private:
  std::string text_;
  std::deque<long long> ints_;
  std::deque<std::string> strs_;
  std::vector<std::pair<bool, std::size_t>> order_;  // (is string, index)
};

// Who is looking, for AppendVisible.
struct Viewer {
  UserId user;
  // Leader or clerk of the agency, or a leader's deputy (delegation): sees the agency's
  // documents that are not confidential.
  bool has_rank = false;
  // When set (today in Vietnam, YYYY-MM-DD): the signer's deputies under an active delegation of
  // the sign right are on the route too (AccessFacts::signer_deputies).
  std::string sign_delegation_today = {};
};

// Appends the predicate "the viewer may see document d" (alias `d` for documents_document),
// mirroring documents::CanSee for staff of d's agency (the caller filters the agency): not
// confidential with rank, or on the route (created by, drafter, signer, assignee, reviewer) or
// granted. The writers of a confidential register are not covered (their queue items come from the
// route).
void AppendVisible(SqlBuilder& b, const Viewer& v);

// An open assignment state (assigned, accepted, extension_requested), as a SQL list.
inline constexpr const char* kOpenAssignmentStates =
    "('assigned', 'accepted', 'extension_requested')";

// The queues of queue_service.hpp as SQL (documents_document aliased `d`).

// What a queue needs to know about the caller beyond the principal.
struct QueueCaller {
  UserId me;
  AgencyId agency;
  bool leader = false;
  bool clerk = false;
  bool assign_deputy = false;  // holds a leader's assign right today
  std::string today;
};

// An incoming document being processed: where the process, coordinate and info queues look.
inline constexpr const char* kIncomingInProcess =
    "d.direction = 'incoming' AND d.state IN ('assigned', 'in_progress')";

// The caller's open assignments (documents_assignment `a`) in role `roles`, a SQL list.
void AppendOpenAssignmentsOf(SqlBuilder& b, const QueueCaller& c, const char* roles);

// The due-date expressions: overdue when today is after the due date; due soon from today to
// `soon` (the next working day) included.
void AppendOverdue(SqlBuilder& b, const std::string& today);
void AppendDueSoon(SqlBuilder& b, const std::string& today, const std::string& soon);

// "COUNT(*), <overdue sum>, <due-soon sum>" over rows with a `d.due_date`.
void AppendCounts(SqlBuilder& b, const std::string& today, const std::string& soon);

// " AND <overdue>" / " AND <due soon>" for the flag filter ("" adds nothing).
void AppendFlag(SqlBuilder& b, const std::string& flag, const std::string& today,
                const std::string& soon);

// The FROM and WHERE of queue `q` for the caller: "FROM documents_document d WHERE <agency> AND
// <queue> AND <visible>", the visibility left out where the queue implies it.
void AppendFromQueue(SqlBuilder& b, Queue q, const QueueCaller& c);

}  // namespace cqdt::documents
