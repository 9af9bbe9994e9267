// Work queues, the leader's view and reminders (issue 10, item 5; decision 0009).
#include "documents/queue_service.hpp"

#include <functional>
#include <map>

#include <soci/soci.h>

#include "core/message_catalog.hpp"
#include "core/text.hpp"
#include "document_repository.hpp"
#include "documents/delegation_service.hpp"
#include "documents/incoming_service.hpp"
#include "queue_sql.hpp"

namespace cqdt::documents {
namespace {

using identity::Role;

bool IsAgencyStaff(const identity::Principal& p) {
  return p.realm == identity::Realm::kStaff && p.user_id().IsSet() && p.agency_id.IsSet();
}

// Whether queue `q` can hold anything for the caller: the agency-wide queues are the leaders'
// (and their deputies') and the clerks'. A closed queue costs no statement.
bool QueueOpenTo(Queue q, const QueueCaller& c) {
  switch (q) {
    case Queue::kInstruct:
      return c.leader || c.assign_deputy;
    case Queue::kIssue:
    case Queue::kRegister:
      return c.clerk;
    default:
      return true;
  }
}

Status CheckPage(int limit, int offset) {
  if (limit < 1 || limit > 200) {
    return Error::InvalidField("limit", "range", "Trường 'limit' phải từ 1 đến 200.");
  }
  if (offset < 0) {
    return Error::InvalidField("offset", "range", "Trường 'offset' không được âm.");
  }
  return Ok();
}

Status CheckFlag(const std::string& flag) {
  if (!flag.empty() && flag != "due_soon" && flag != "overdue") {
    return Error::InvalidField("flag", "enum", "Trường 'flag' phải là due_soon hoặc overdue.");
  }
  return Ok();
}

// Runs "SELECT COUNT(*) FROM ..." built in `b`.
long long SelectCount(db::Transaction& tx, SqlBuilder& b) {
  long long n = 0;
  soci::statement st(tx.sql());
  st.exchange(soci::into(n));
  b.Bind(st);
  st.alloc();
  st.prepare(b.text());
  st.define_and_bind();
  st.execute(true);
  return n;
}

QueueItem ItemOf(Document d, const std::string& today, const std::string& soon) {
  QueueItem item;
  item.overdue = !d.due_date.empty() && d.due_date < today;
  item.due_soon = !d.due_date.empty() && d.due_date >= today && d.due_date <= soon;
  item.document = std::move(d);
  return item;
}

// One page of documents (`filters` appends " FROM documents_document d WHERE ..."): the total
// that match, then the page's rows with every column in one statement (not one Get per row:
// bench/queue-bench.sh, decision 0009). `order_by` ends in d.id, so the order is total. A window
// COUNT(*) OVER () in the page's statement was tried instead of the count: it cost more for the
// leader's agency-wide queue (every candidate row materialised for the window) than it saved.
QueuePage SelectPage(db::Transaction& tx, const std::function<void(SqlBuilder&)>& filters,
                     const char* order_by, int limit, int offset, const std::string& today,
                     const std::string& soon) {
  QueuePage page;
  SqlBuilder count;
  count.Text("SELECT COUNT(*)");
  filters(count);
  page.total = SelectCount(tx, count);
  if (page.total <= offset) {
    return page;  // nothing on this page: spare the second statement
  }
  SqlBuilder list;
  list.Text("SELECT d.id");
  filters(list);
  list.Text(" ORDER BY ").Text(order_by);
  list.Text(" LIMIT ").Int(limit).Text(" OFFSET ").Int(offset);
  for (Document& d : DocumentRepository(tx).ListPage(list, order_by)) {
    page.items.push_back(ItemOf(std::move(d), today, soon));
  }
  return page;
}

constexpr const char* kByDue =
    "CASE WHEN d.due_date = '' THEN 1 ELSE 0 END, d.due_date, d.updated_at DESC, d.id DESC";
constexpr const char* kNewest = "d.updated_at DESC, d.id DESC";

}  // namespace

const char* QueueName(Queue q) {
  switch (q) {
    case Queue::kProcess:
      return "process";
    case Queue::kCoordinate:
      return "coordinate";
    case Queue::kInfo:
      return "info";
    case Queue::kInstruct:
      return "instruct";
    case Queue::kReview:
      return "review";
    case Queue::kSign:
      return "sign";
    case Queue::kIssue:
      return "issue";
    case Queue::kRegister:
      return "register";
  }
  return "process";
}

std::optional<Queue> ParseQueue(std::string_view name) {
  for (Queue q : AllQueues()) {
    if (name == QueueName(q)) {
      return q;
    }
  }
  return std::nullopt;
}

const char* QueueLabel(Queue q) {
  switch (q) {
    case Queue::kProcess:
      return "Chờ xử lý (chủ trì)";
    case Queue::kCoordinate:
      return "Phối hợp xử lý";
    case Queue::kInfo:
      return "Để biết";
    case Queue::kInstruct:
      return "Chờ cho ý kiến chỉ đạo";
    case Queue::kReview:
      return "Dự thảo chờ duyệt";
    case Queue::kSign:
      return "Chờ ký";
    case Queue::kIssue:
      return "Chờ cấp số, phát hành";
    case Queue::kRegister:
      return "Chờ trình, bị trả lại";
  }
  return "";
}

const std::vector<Queue>& AllQueues() {
  static const std::vector<Queue> kAll = {Queue::kProcess,  Queue::kCoordinate, Queue::kInfo,
                                          Queue::kInstruct, Queue::kReview,     Queue::kSign,
                                          Queue::kIssue,    Queue::kRegister};
  return kAll;
}

std::pair<std::string, std::string> QueueService::Window() const {
  const std::string today = TodayInVietnam(clock_.Now());
  std::string soon = today;
  if (auto d = ParseIsoDate(today)) {
    if (auto next = calendar_.AddWorkingDays(*d, 1)) {
      soon = FormatIsoDate(*next);
    }
  }
  return {today, soon};
}

namespace {

QueueCaller CallerOf(db::Transaction& tx, const identity::IdentityService& identity,
                     const identity::Principal& p, const std::string& today) {
  QueueCaller c;
  c.me = p.user_id();
  c.agency = p.agency_id;
  c.leader = p.Has(Role::kLeader);
  c.clerk = p.Has(Role::kClerk);
  c.today = today;
  if (!c.leader) {
    c.assign_deputy =
        FindActiveDelegation(tx, identity, c.me, DelegatedRight::kAssign, UserId(), c.agency, today)
            .has_value();
  }
  return c;
}

}  // namespace

Result<QueuePage> QueueService::List(db::Transaction& tx, const identity::Principal& p,
                                     const QueueQuery& q) const {
  CQDT_RETURN_IF_ERROR(CheckPage(q.limit, q.offset));
  CQDT_RETURN_IF_ERROR(CheckFlag(q.flag));
  if (!q.urgency.empty() && !ParseUrgency(q.urgency)) {
    return Error::InvalidField(
        "urgency", "enum", "Trường 'urgency' phải là normal, urgent, very_urgent hoặc express.");
  }
  if (!q.sort.empty() && q.sort != "due" && q.sort != "newest") {
    return Error::InvalidField("sort", "enum", "Trường 'sort' phải là due hoặc newest.");
  }
  if (!IsAgencyStaff(p)) {
    return QueuePage{};
  }
  const auto window = Window();
  const std::string& today = window.first;
  const std::string& soon = window.second;
  const QueueCaller c = CallerOf(tx, identity_, p, today);
  if (!QueueOpenTo(q.queue, c)) {
    return QueuePage{};
  }
  auto filters = [&](SqlBuilder& b) {
    AppendFromQueue(b, q.queue, c);
    AppendFlag(b, q.flag, today, soon);
    if (!q.urgency.empty()) {
      b.Text(" AND d.urgency = ").Str(q.urgency);
    }
  };
  return SelectPage(tx, filters, q.sort == "newest" ? kNewest : kByDue, q.limit, q.offset, today,
                    soon);
}

Result<std::vector<QueueCount>> QueueService::Counts(db::Transaction& tx,
                                                     const identity::Principal& p) const {
  std::vector<QueueCount> out;
  for (Queue q : AllQueues()) {
    out.push_back({q, 0, 0, 0});
  }
  if (!IsAgencyStaff(p)) {
    return out;
  }
  const auto window = Window();
  const std::string& today = window.first;
  const std::string& soon = window.second;
  const QueueCaller c = CallerOf(tx, identity_, p, today);
  // Every open queue in one statement, a row (queue name, total, overdue, due soon) per queue
  // that has items: the menu badges of each page view (bench/queue-bench.sh, decision 0009).
  // The three assignment queues come from one pass over the caller's open assignments (a
  // document counted once per role, as the IN of AppendOpenAssignment does), not from three
  // walks of every document in process of the agency.
  SqlBuilder b;
  b.Text("SELECT CASE d.role WHEN 'lead' THEN 'process' ELSE d.role END, ");
  AppendCounts(b, today, soon);
  b.Text(
      " FROM (SELECT DISTINCT a.role, d.id, d.due_date FROM documents_assignment a JOIN"
      " documents_document d ON d.id = a.document_id WHERE ");
  AppendOpenAssignmentsOf(b, c, "('lead', 'coordinate', 'info')");
  b.Text(" AND d.agency_id = ").Int(c.agency.value()).Text(" AND ").Text(kIncomingInProcess);
  b.Text(") d GROUP BY d.role");
  for (Queue q : AllQueues()) {
    if (q == Queue::kProcess || q == Queue::kCoordinate || q == Queue::kInfo ||
        !QueueOpenTo(q, c)) {
      continue;
    }
    b.Text(" UNION ALL SELECT '").Text(QueueName(q)).Text("', ");
    AppendCounts(b, today, soon);
    AppendFromQueue(b, q, c);
  }
  std::string name;
  long long total = 0, overdue = 0, due_soon = 0;
  soci::statement st(tx.sql());
  st.exchange(soci::into(name));
  st.exchange(soci::into(total));
  st.exchange(soci::into(overdue));
  st.exchange(soci::into(due_soon));
  b.Bind(st);
  st.alloc();
  st.prepare(b.text());
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    if (auto q = ParseQueue(name)) {
      for (QueueCount& n : out) {
        if (n.queue == *q) {
          n.total = total;
          n.overdue = overdue;
          n.due_soon = due_soon;
        }
      }
    }
  }
  return out;
}

namespace {

// Open work of the agency (documents_document `d`): incoming being decided or processed,
// outgoing from draft to signed.
constexpr const char* kOpenWork =
    "((d.direction = 'incoming' AND d.state IN ('submitted', 'assigned', 'in_progress')) OR"
    " (d.direction = 'outgoing' AND d.state IN ('draft', 'in_review', 'approved', 'signed')))";

// Who holds an open item: the lead of an incoming document (unset while it waits for the
// leader's instruction), the drafter of an outgoing one.
constexpr const char* kHolder =
    "CASE WHEN d.direction = 'incoming' THEN (SELECT MIN(a.assignee_user_id) FROM"
    " documents_assignment a WHERE a.document_id = d.id AND a.role = 'lead' AND a.state IN"
    " ('assigned', 'accepted', 'extension_requested')) ELSE d.drafter_id END";

Status CheckLeader(const identity::Principal& p) {
  if (!IsAgencyStaff(p) || !p.Has(Role::kLeader)) {
    return Error::PermissionDenied("Chỉ lãnh đạo cơ quan mới xem được tình hình xử lý chung.");
  }
  return Ok();
}

}  // namespace

Result<std::vector<OverviewCount>> QueueService::Overview(db::Transaction& tx,
                                                          const identity::Principal& p) const {
  CQDT_RETURN_IF_ERROR(CheckLeader(p));
  const auto window = Window();
  const std::string& today = window.first;
  const std::string& soon = window.second;
  // Counted in SQL per holder; the holders' units come from identity (its table is its own).
  SqlBuilder b;
  b.Text(
       "SELECT h.holder, COUNT(*), COALESCE(SUM(h.overdue), 0), COALESCE(SUM(h.soon), 0) FROM"
       " (SELECT ")
      .Text(kHolder)
      .Text(" AS holder, CASE WHEN ");
  AppendOverdue(b, today);
  b.Text(" THEN 1 ELSE 0 END AS overdue, CASE WHEN ");
  AppendDueSoon(b, today, soon);
  b.Text(" THEN 1 ELSE 0 END AS soon FROM documents_document d WHERE d.agency_id = ")
      .Int(p.agency_id.value())
      .Text(" AND ")
      .Text(kOpenWork)
      .Text(" AND ");
  AppendVisible(b, {p.user_id(), true});
  b.Text(") h GROUP BY h.holder");
  long long holder = 0, total = 0, overdue = 0, due_soon = 0;
  soci::indicator holder_ind = soci::i_null;
  soci::statement st(tx.sql());
  st.exchange(soci::into(holder, holder_ind));
  st.exchange(soci::into(total));
  st.exchange(soci::into(overdue));
  st.exchange(soci::into(due_soon));
  b.Bind(st);
  st.alloc();
  st.prepare(b.text());
  st.define_and_bind();
  st.execute(false);
  OverviewCount agency;
  std::map<long long, OverviewCount> units;  // by unit id; 0 = no unit
  while (st.fetch()) {
    UnitId unit;
    if (holder_ind == soci::i_ok && holder > 0) {
      if (auto u = identity_.GetUser(tx, UserId(holder))) {
        unit = u->unit_id;
      }
    }
    for (OverviewCount* line : {&agency, &units[unit.value()]}) {
      line->open += total;
      line->overdue += overdue;
      line->due_soon += due_soon;
    }
    units[unit.value()].unit_id = unit;
  }
  std::vector<OverviewCount> out{agency};
  for (auto& [id, line] : units) {
    line.unit_name = "Chưa thuộc đơn vị";
    if (id > 0) {
      if (auto unit = agencies_.GetUnit(tx, UnitId(id))) {
        line.unit_name = unit->name;
      }
    }
    out.push_back(line);
  }
  return out;
}

Result<QueuePage> QueueService::OverviewItems(db::Transaction& tx, const identity::Principal& p,
                                              const OverviewQuery& q) const {
  CQDT_RETURN_IF_ERROR(CheckLeader(p));
  CQDT_RETURN_IF_ERROR(CheckPage(q.limit, q.offset));
  CQDT_RETURN_IF_ERROR(CheckFlag(q.flag));
  const auto window = Window();
  const std::string& today = window.first;
  const std::string& soon = window.second;
  auto filters = [&](SqlBuilder& b) {
    b.Text(" FROM documents_document d WHERE d.agency_id = ")
        .Int(p.agency_id.value())
        .Text(" AND ")
        .Text(kOpenWork)
        .Text(" AND ");
    AppendVisible(b, {p.user_id(), true});
    if (q.unit_id) {
      // The people of the unit (identity's table is its own: their ids come through its API).
      b.Text(" AND ((").Text(kHolder).Text(") IN (0");
      for (const auto& u : identity_.ListUsers(tx, p.agency_id, "")) {
        if (u.unit_id == *q.unit_id) {
          b.Text(", ").Int(u.id.value());
        }
      }
      b.Text(")");
      if (!q.unit_id->IsSet()) {
        b.Text(" OR (").Text(kHolder).Text(") IS NULL");
      }
      b.Text(")");
    }
    AppendFlag(b, q.flag, today, soon);
  };
  return SelectPage(tx, filters,
                    "CASE WHEN d.due_date = '' THEN 1 ELSE 0 END, d.due_date, d.id DESC", q.limit,
                    q.offset, today, soon);
}

Result<ReminderReport> QueueService::Remind(db::Transaction& tx) const {
  const auto window = Window();
  const std::string& today = window.first;
  const std::string& soon = window.second;
  // Who holds each item that is due soon or overdue: the lead and coordinating assignees of an
  // incoming document, the pending reviewer of a draft, the signer of an approved document.
  SqlBuilder b;
  b.Text(
       "SELECT a.assignee_user_id, d.id, d.direction, d.due_date FROM documents_assignment a"
       " JOIN documents_document d ON d.id = a.document_id WHERE a.role IN ('lead', 'coordinate')"
       " AND a.state IN ")
      .Text(kOpenAssignmentStates)
      .Text(" AND d.state IN ('assigned', 'in_progress') AND d.due_date <> '' AND d.due_date <= ")
      .Str(soon)
      .Text(
          " UNION ALL SELECT r.reviewer_id, d.id, d.direction, d.due_date FROM documents_review r"
          " JOIN documents_document d ON d.id = r.document_id WHERE r.state = 'pending' AND"
          " d.state = 'in_review' AND d.due_date <> '' AND d.due_date <= ")
      .Str(soon)
      .Text(
          " UNION ALL SELECT o.signer_id, d.id, d.direction, d.due_date FROM documents_outgoing o"
          " JOIN documents_document d ON d.id = o.document_id WHERE o.signer_id IS NOT NULL AND"
          " d.state = 'approved' AND d.due_date <> '' AND d.due_date <= ")
      .Str(soon);
  struct Due {
    long long user, document;
    std::string direction, due;
  };
  std::vector<Due> rows;
  {
    long long user = 0, document = 0;
    std::string direction, due;
    soci::statement st(tx.sql());
    st.exchange(soci::into(user));
    st.exchange(soci::into(document));
    st.exchange(soci::into(direction));
    st.exchange(soci::into(due));
    b.Bind(st);
    st.alloc();
    st.prepare(b.text());
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
      rows.push_back({user, document, direction, due});
    }
  }
  ReminderReport report;
  for (const Due& r : rows) {
    const bool overdue = r.due < today;
    notify::Notice n;
    n.recipient = notify::Recipient::User(UserId(r.user));
    n.kind = overdue ? "documents.overdue" : "documents.due_soon";
    n.text_vi = overdue ? "Văn bản đã quá hạn xử lý (hạn " + r.due + ")."
                        : "Văn bản sắp đến hạn xử lý (hạn " + r.due + ").";
    n.text_en = Localize(n.text_vi, Language::kEnglish);
    n.link = std::string(r.direction == "outgoing" ? "/van-ban/di/" : "/van-ban/den/") +
             std::to_string(r.document);
    n.entity_type = "documents.document";
    n.entity_id = std::to_string(r.document);
    // Once a day per person, kind and document: a second run the same day writes nothing.
    n.dedup_key = n.kind + "|" + n.entity_id + "|" + today;
    CQDT_ASSIGN_OR_RETURN(notify::Enqueued e, outbox_.Enqueue(tx, n));
    if (e.created) {
      (overdue ? report.overdue : report.due_tomorrow) += 1;
    }
  }
  return report;
}

}  // namespace cqdt::documents
