// ReportService: the leaders' statistics (issue 11, item 5), counted in SQL on both engines.
#include <algorithm>
#include <map>
#include <tuple>

#include <soci/soci.h>

#include "documents/report_service.hpp"
#include "identity/principal.hpp"
#include "queue_sql.hpp"
#include "report/workbook.hpp"
#include "report_internal.hpp"

namespace cqdt::documents {
namespace {

using identity::Principal;
using identity::Role;

constexpr const char* kUnassigned = "Chưa giao xử lý";

// An incoming document not completed: still with the clerk, the leader or its assignees.
constexpr const char* kIncomingOpen =
    "d.state IN ('registered', 'returned', 'submitted', 'assigned', 'in_progress')";

// The day in Vietnam of the Unix time `expr`, as "YYYY-MM-DD", in the engine's dialect.
std::string DayExpression(db::Engine engine, const std::string& expr) {
  if (engine == db::Engine::kPostgres) {
    return "to_char(to_timestamp(" + expr + " + 25200) AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
  }
  return "date(" + expr + " + 25200, 'unixepoch')";
}

// The grouping columns (agency, unit, person) of a query over documents_document `d`.
struct Key {
  long long agency = 0, unit = 0, user = 0;
  friend bool operator<(const Key& a, const Key& b) {
    return std::tie(a.agency, a.unit, a.user) < std::tie(b.agency, b.unit, b.user);
  }
};

void AppendAgencies(SqlBuilder& b, const std::vector<AgencyId>& agencies) {
  if (agencies.empty()) {
    return;  // every agency (admins)
  }
  b.Text(" AND d.agency_id IN (");
  for (std::size_t i = 0; i < agencies.size(); ++i) {
    b.Text(i == 0 ? "" : ", ").Int(agencies[i].value());
  }
  b.Text(")");
}

// The last lead assignee of the incoming document (the person who handles it now or did), and
// the unit the lead was first given to; NULL when there is none.
constexpr const char* kLeadUser =
    "(SELECT a.assignee_user_id FROM documents_assignment a WHERE a.document_id = d.id AND"
    " a.role = 'lead' AND a.assignee_user_id IS NOT NULL AND a.state <> 'returned'"
    " ORDER BY a.id DESC LIMIT 1)";
constexpr const char* kLeadUnit =
    "(SELECT a.assignee_unit_id FROM documents_assignment a WHERE a.document_id = d.id AND"
    " a.role = 'lead' AND a.assignee_unit_id IS NOT NULL AND a.state <> 'returned'"
    " ORDER BY a.id LIMIT 1)";

void Fetch(db::Transaction& tx, SqlBuilder& b, int counts, std::map<Key, StatisticsCounts>& out) {
  long long agency = 0, unit = 0, user = 0;
  long long c[5] = {};
  soci::indicator unit_ind = soci::i_ok, user_ind = soci::i_ok;
  soci::statement st(tx.sql());
  st.exchange(soci::into(agency));
  st.exchange(soci::into(unit, unit_ind));
  st.exchange(soci::into(user, user_ind));
  for (int i = 0; i < counts; ++i) {
    st.exchange(soci::into(c[i]));
  }
  b.Bind(st);
  st.alloc();
  st.prepare(b.text());
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    Key k{agency, unit_ind == soci::i_ok ? unit : 0, user_ind == soci::i_ok ? user : 0};
    StatisticsCounts& s = out[k];
    if (counts == 1) {
      s.issued += c[0];
    } else {
      s.received += c[0];
      s.done_on_time += c[1];
      s.done_late += c[2];
      s.open_on_time += c[3];
      s.open_overdue += c[4];
    }
  }
}

void Add(StatisticsCounts& to, const StatisticsCounts& c) {
  to.received += c.received;
  to.issued += c.issued;
  to.done_on_time += c.done_on_time;
  to.done_late += c.done_late;
  to.open_on_time += c.open_on_time;
  to.open_overdue += c.open_overdue;
}

}  // namespace

Result<GroupBy> ParseGroupBy(const std::optional<std::string>& group_by) {
  if (!group_by || group_by->empty() || *group_by == "agency") {
    return GroupBy::kAgency;
  }
  if (*group_by == "unit") {
    return GroupBy::kUnit;
  }
  if (*group_by == "person") {
    return GroupBy::kPerson;
  }
  return Error::InvalidField("groupBy", "enum", "Nhóm theo phải là agency, unit hoặc person.");
}

const char* GroupByName(GroupBy g) {
  switch (g) {
    case GroupBy::kAgency:
      return "agency";
    case GroupBy::kUnit:
      return "unit";
    case GroupBy::kPerson:
      return "person";
  }
  return "agency";
}

bool ReportService::CanSeeStatistics(const Principal& p, AgencyId agency) {
  if (identity::Authorizer::IsAdmin(p)) {
    return true;
  }
  // No notion of a provincial leader over several agencies exists yet: a leader or clerk sees
  // their own agency's figures only.
  return p.realm == identity::Realm::kStaff && p.user_id().IsSet() && p.agency_id.IsSet() &&
         (!agency.IsSet() || agency == p.agency_id) &&
         (p.Has(Role::kLeader) || p.Has(Role::kClerk));
}

Result<Statistics> ReportService::Compute(db::Transaction& tx, const Principal& p,
                                          const StatisticsQuery& q) const {
  if (!CanSeeStatistics(p, q.agency)) {
    return Error::PermissionDenied("Chỉ lãnh đạo và văn thư của cơ quan mới xem được thống kê.");
  }
  Statistics s;
  s.period = q.period;
  s.group_by = q.group_by;
  s.today = Today();
  if (q.agency.IsSet()) {
    CQDT_RETURN_IF_ERROR(agencies_.Get(tx, q.agency));
    s.agencies.push_back(q.agency);
  } else if (!identity::Authorizer::IsAdmin(p)) {
    s.agencies.push_back(p.agency_id);
  }
  const bool by_unit = q.group_by == GroupBy::kUnit;
  const bool by_person = q.group_by != GroupBy::kAgency;
  const long long from_ts = internal::DayStart(q.period.from);
  const long long to_ts = internal::DayStart(q.period.to) + 86400;
  const std::string done_day = DayExpression(tx.engine(), "d.done_at");
  std::map<Key, StatisticsCounts> counts;

  // Incoming: received in the period; completed in the period, on time or late; still open
  // (received by the period's end), on time or overdue as of today (queue_sql.hpp's rule).
  // The inner query picks the agency's incoming documents that can count (received by the
  // period's end, and not completed before it: a completed document's updated_at is at or after
  // its completion) and reads for each the time of its completion: the last "completed" event,
  // through the (document_id, at) index (a reopened and completed again document counts once, at
  // its last completion). The outer query counts them by group.
  SqlBuilder in;
  in.Text("SELECT d.agency_id, d.unit_id, d.user_id");
  in.Text(", SUM(CASE WHEN d.arrival_date >= ").Str(q.period.from).Text(" THEN 1 ELSE 0 END)");
  in.Text(", SUM(CASE WHEN d.state = 'completed' AND d.done_at >= ")
      .Int(from_ts)
      .Text(" AND d.done_at < ")
      .Int(to_ts)
      .Text(" AND (d.due_date = '' OR ")
      .Text(done_day)
      .Text(" <= d.due_date) THEN 1 ELSE 0 END)");
  in.Text(", SUM(CASE WHEN d.state = 'completed' AND d.done_at >= ")
      .Int(from_ts)
      .Text(" AND d.done_at < ")
      .Int(to_ts)
      .Text(" AND d.due_date <> '' AND ")
      .Text(done_day)
      .Text(" > d.due_date THEN 1 ELSE 0 END)");
  in.Text(", SUM(CASE WHEN ").Text(kIncomingOpen).Text(" AND NOT ");
  AppendOverdue(in, s.today);
  in.Text(" THEN 1 ELSE 0 END)");
  in.Text(", SUM(CASE WHEN ").Text(kIncomingOpen).Text(" AND ");
  AppendOverdue(in, s.today);
  in.Text(" THEN 1 ELSE 0 END)");
  in.Text(" FROM (SELECT d.agency_id, d.state, d.arrival_date, d.due_date, ")
      .Text(by_unit ? kLeadUnit : "NULL")
      .Text(" AS unit_id, ")
      .Text(by_person ? kLeadUser : "NULL")
      .Text(
          " AS user_id, (SELECT MAX(e.at) FROM documents_event e WHERE e.document_id = d.id AND"
          " e.action = 'documents.completed') AS done_at FROM documents_document d WHERE"
          " d.direction = 'incoming'");
  AppendAgencies(in, s.agencies);
  in.Text(" AND d.arrival_date <= ")
      .Str(q.period.to)
      .Text(" AND (d.state <> 'completed' OR d.arrival_date >= ")
      .Str(q.period.from)
      .Text(" OR d.updated_at >= ")
      .Int(from_ts)
      .Text(")) d GROUP BY d.agency_id, d.unit_id, d.user_id");
  Fetch(tx, in, 5, counts);

  // Outgoing: issued (numbered, then released, recalled or replaced) with an issue date in the
  // period, per drafting unit and drafter.
  SqlBuilder out;
  out.Text("SELECT d.agency_id, ")
      .Text(by_unit ? "d.drafting_unit_id" : "NULL")
      .Text(", ")
      .Text(by_person ? "d.drafter_id" : "NULL")
      .Text(
          ", COUNT(*) FROM documents_document d WHERE d.direction = 'outgoing' AND d.state IN"
          " ('numbered', 'released', 'recalled', 'replaced') AND d.issued_date >= ")
      .Str(q.period.from)
      .Text(" AND d.issued_date <= ")
      .Str(q.period.to);
  AppendAgencies(out, s.agencies);
  out.Text(" GROUP BY 1, 2, 3");
  Fetch(tx, out, 1, counts);

  // Fold the (agency, unit, person) counts into the rows of the grouping asked for.
  std::map<long long, long long> unit_of_user;
  std::map<long long, StatisticsRow> rows;
  for (const auto& [k, c] : counts) {
    long long id = 0;
    switch (q.group_by) {
      case GroupBy::kAgency:
        id = k.agency;
        break;
      case GroupBy::kPerson:
        id = k.user;
        break;
      case GroupBy::kUnit:
        id = k.unit;
        if (id == 0 && k.user != 0) {
          auto it = unit_of_user.find(k.user);
          if (it == unit_of_user.end()) {
            auto u = identity_.GetUser(tx, UserId(k.user));
            it = unit_of_user.emplace(k.user, u ? u->unit_id.value() : 0).first;
          }
          id = it->second;
        }
        break;
    }
    StatisticsRow& row = rows[id];
    row.id = id;
    Add(row.counts, c);
    Add(s.total, c);
  }
  for (auto& [id, row] : rows) {
    if (id == 0) {
      row.label = kUnassigned;
    } else if (q.group_by == GroupBy::kAgency) {
      auto a = agencies_.Get(tx, AgencyId(id));
      row.label = a ? a->name : std::to_string(id);
    } else if (q.group_by == GroupBy::kUnit) {
      auto u = agencies_.GetUnit(tx, UnitId(id));
      row.label = u ? u->name : std::to_string(id);
    } else {
      auto u = identity_.GetUser(tx, UserId(id));
      row.label = u ? u->full_name : std::to_string(id);
    }
    s.rows.push_back(row);
  }
  // By name, "Chưa giao xử lý" last.
  std::sort(s.rows.begin(), s.rows.end(), [](const StatisticsRow& a, const StatisticsRow& b) {
    return std::make_tuple(a.id == 0, a.label) < std::make_tuple(b.id == 0, b.label);
  });
  return s;
}

// i18n: Vietnamese only (the printed statistics table)
Result<ExportedFile> ReportService::StatisticsWorkbook(const Statistics& s) const {
  const char* group = s.group_by == GroupBy::kAgency ? "Cơ quan"
                      : s.group_by == GroupBy::kUnit ? "Phòng, ban"
                                                     : "Cán bộ";
  report::Sheet sheet;
  sheet.name = "Thống kê";
  auto printed = [](const std::string& iso) {
    return iso.size() == 10 ? iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4)
                            : iso;
  };
  sheet.heading = {"THỐNG KÊ TÌNH HÌNH XỬ LÝ VĂN BẢN",
                   "Từ ngày " + printed(s.period.from) + " đến ngày " + printed(s.period.to),
                   "Quá hạn tính đến ngày " + printed(s.today) + " (giờ Việt Nam, UTC+7)"};
  using report::CellKind;
  sheet.columns = {{group, 36, CellKind::kText},
                   {"Văn bản đến", 12, CellKind::kNumber},
                   {"Văn bản đi", 12, CellKind::kNumber},
                   {"Đã xử lý đúng hạn", 14, CellKind::kNumber},
                   {"Đã xử lý trễ hạn", 14, CellKind::kNumber},
                   {"Đang xử lý trong hạn", 14, CellKind::kNumber},
                   {"Đang xử lý quá hạn", 14, CellKind::kNumber}};
  auto cells = [](const std::string& label, const StatisticsCounts& c) {
    return std::vector<std::string>{label,
                                    std::to_string(c.received),
                                    std::to_string(c.issued),
                                    std::to_string(c.done_on_time),
                                    std::to_string(c.done_late),
                                    std::to_string(c.open_on_time),
                                    std::to_string(c.open_overdue)};
  };
  for (const auto& row : s.rows) {
    sheet.rows.push_back(cells(row.label, row.counts));
  }
  sheet.rows.push_back(cells("Tổng cộng", s.total));
  sheet.bold_last_rows = 1;
  report::Workbook book;
  book.title = "Thống kê tình hình xử lý văn bản";
  book.sheets.push_back(std::move(sheet));
  ExportedFile out;
  CQDT_ASSIGN_OR_RETURN(out.bytes, report::WriteWorkbook(tmp_dir_, book));
  out.content_type = report::kXlsxContentType;
  out.filename = "Thống kê văn bản " + s.period.from + "_" + s.period.to + ".xlsx";
  out.rows = s.rows.size();
  return out;
}

// i18n: end

}  // namespace cqdt::documents
