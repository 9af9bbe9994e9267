// Work queues (issue 10, item 5; decision 0009): what waits for the caller, queue by queue, and
// the counts of every queue in one call (the menu badges); the leader's view of the agency's open
// work; the reminders job. Filtering, sorting and paging happen in SQL.
//
// Queues (Queue), for the caller `p`:
//  - process / coordinate / info: incoming documents with an open assignment (assigned,
//    accepted, extension requested) of `p` as lead / coordinating / informed;
//  - instruct: incoming documents submitted to the leaders (a leader of the agency, or a deputy
//    holding a leader's assign right through an active delegation);
//  - review: outgoing drafts whose pending review step is `p`'s (or the signer's step of a
//    signer who delegated the sign right to `p`);
//  - sign: approved outgoing documents whose signer is `p` (or delegated it to `p`);
//  - issue (clerks): signed outgoing documents waiting for a number and the seal;
//  - register (clerks): incoming documents registered and not submitted yet, or returned.
//  The delivery part adds "waiting for reception" (chờ tiếp nhận): a new Queue value and its
//  predicate in queue_service.cpp (QueueSql) are the whole change.
// Visibility: the SQL applies the rule of document_access.hpp (confidential documents only on
// the route or with a grant; the agency's leaders and clerks see the others); the db test checks
// it against CanSee.
//
// Deadlines (decision 0009, "Deadlines"): an item's due date is the document's (the leader's
// assignment sets it). Overdue: today in Vietnam is after the due date. Due soon: not overdue
// and due by the next working day (core::WorkingCalendar).
// Errors: kInvalidArgument naming queue, flag, urgency, sort, limit (1..200), offset (>= 0),
// unitId. Every method runs in the caller's transaction. Thread safety: stateless beyond its
// collaborators.
#pragma once

#include <optional>
#include <string>
#include <string_view>
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
#include "org/agency_service.hpp"

namespace cqdt::documents {

enum class Queue { kProcess, kCoordinate, kInfo, kInstruct, kReview, kSign, kIssue, kRegister };
const char* QueueName(Queue q);  // "process", "coordinate", "info", "instruct", "review", ...
std::optional<Queue> ParseQueue(std::string_view name);
const char* QueueLabel(Queue q);  // "Chờ xử lý (chủ trì)", ...
// Every queue, in menu order.
const std::vector<Queue>& AllQueues();

struct QueueQuery {
  Queue queue = Queue::kProcess;
  std::string flag;     // "" | "due_soon" | "overdue"
  std::string urgency;  // "" or an UrgencyName
  std::string sort;     // "due" (default: earliest due first, none last) | "newest"
  int limit = 50;       // 1..200
  int offset = 0;
};

struct QueueItem {
  Document document;
  bool due_soon = false;
  bool overdue = false;
};

struct QueuePage {
  std::vector<QueueItem> items;
  std::int64_t total = 0;  // all that match, beyond this page
};

struct QueueCount {
  Queue queue = Queue::kProcess;
  std::int64_t total = 0;
  std::int64_t due_soon = 0;
  std::int64_t overdue = 0;
};

// The leader's view: open items (incoming documents not completed nor returned, with a lead
// assignment for the unit's people; outgoing documents from draft to signed) of the agency and
// of each unit.
struct OverviewCount {
  UnitId unit_id;         // unset: the whole agency; or the unit of the lead / the drafter
  std::string unit_name;  // "" for the agency line; "Chưa thuộc đơn vị" for no unit
  std::int64_t open = 0;
  std::int64_t due_soon = 0;
  std::int64_t overdue = 0;
};

struct OverviewQuery {
  std::optional<UnitId> unit_id;  // unset: the whole agency; UnitId() (0): people with no unit
  std::string flag;               // "" (open) | "due_soon" | "overdue"
  int limit = 50;
  int offset = 0;
};

// The counts of one reminder run.
struct ReminderReport {
  int due_tomorrow = 0;  // notices written (not counting those already written today)
  int overdue = 0;
};

class QueueService {
 public:
  QueueService(const identity::IdentityService& identity, const org::AgencyService& agencies,
               const notify::Outbox& outbox, const WorkingCalendar& calendar, const Clock& clock)
      : identity_(identity),
        agencies_(agencies),
        outbox_(outbox),
        calendar_(calendar),
        clock_(clock) {}

  Result<QueuePage> List(db::Transaction& tx, const identity::Principal& p,
                         const QueueQuery& q) const;
  // Every queue's counts (empty queues included), in AllQueues() order.
  Result<std::vector<QueueCount>> Counts(db::Transaction& tx, const identity::Principal& p) const;

  // The leader's view (leaders of the agency only: kPermissionDenied otherwise): the agency's
  // line first, then one line per unit with open items.
  Result<std::vector<OverviewCount>> Overview(db::Transaction& tx,
                                              const identity::Principal& p) const;
  // The items behind one of the overview's counts, earliest due first.
  Result<QueuePage> OverviewItems(db::Transaction& tx, const identity::Principal& p,
                                  const OverviewQuery& q) const;

  // The reminders job: for every open lead/coordinate assignment and every pending review or
  // signature of every agency, a "due tomorrow" notice when it is due soon and an "overdue" one
  // when overdue, to the person who holds it, once a day (dedup key: kind, document, day in
  // Vietnam). Writes in `tx` (Database::Begin()).
  Result<ReminderReport> Remind(db::Transaction& tx) const;

 private:
  // Today in Vietnam and the last date that is still "due soon".
  std::pair<std::string, std::string> Window() const;

  const identity::IdentityService& identity_;
  const org::AgencyService& agencies_;
  const notify::Outbox& outbox_;
  const WorkingCalendar& calendar_;
  const Clock& clock_;
};

}  // namespace cqdt::documents
