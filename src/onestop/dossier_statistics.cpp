#include "onestop/dossier_statistics.hpp"

#include <algorithm>
#include <map>

#include "core/working_calendar.hpp"
#include "db/statement.hpp"

namespace cqdt::onestop {

namespace {

using identity::Role;

std::int64_t StartOfDay(const Date& d) { return ToUnixSeconds(FromVietnamLocal({d, 0, 0})); }

// The SUM(CASE …) of each count over onestop_dossier d, with :from, :to (exclusive), :at (when
// "late" is judged) bound by name.
constexpr const char* kCounts =
    " SUM(CASE WHEN d.received_at < :from1 AND (d.finished_at = 0 OR d.finished_at >= :from2)"
    " AND NOT (d.state IN ('rejected', 'stopped') AND d.updated_at < :from3) THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN d.received_at >= :from4 AND d.channel = 2 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN d.received_at >= :from5 AND d.channel <> 2 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN d.finished_at >= :from6 AND d.finished_at < :to1 AND d.timeliness = 'early'"
    " THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN d.finished_at >= :from7 AND d.finished_at < :to2 AND d.timeliness ="
    " 'on_time' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN d.finished_at >= :from8 AND d.finished_at < :to3 AND d.timeliness = 'late'"
    " THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN (d.finished_at = 0 OR d.finished_at >= :to4) AND d.state NOT IN ('rejected',"
    " 'stopped') AND d.due_at >= :at1 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN (d.finished_at = 0 OR d.finished_at >= :to5) AND d.state NOT IN ('rejected',"
    " 'stopped') AND d.due_at < :at2 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN d.state IN ('rejected', 'stopped') AND d.updated_at >= :from9 AND"
    " d.updated_at < :to6 THEN 1 ELSE 0 END)";

}  // namespace

DossierCounts& DossierCounts::operator+=(const DossierCounts& o) {
  carried += o.carried;
  received_online += o.received_online;
  received_other += o.received_other;
  resolved_early += o.resolved_early;
  resolved_on_time += o.resolved_on_time;
  resolved_late += o.resolved_late;
  open_on_time += o.open_on_time;
  open_late += o.open_late;
  refused += o.refused;
  supplements += o.supplements;
  return *this;
}

Result<DossierStatistics> DossierStatisticsService::Compute(db::Transaction& tx,
                                                            const identity::Principal& p,
                                                            const DossierStatisticsQuery& q) const {
  const AgencyId agency = q.agency.IsSet() ? q.agency : p.agency_id;
  const bool allowed =
      p.realm == identity::Realm::kStaff &&
      (p.Has(Role::kAdmin) || (p.agency_id == agency && agency.IsSet() &&
                               (p.Has(Role::kLeader) || p.Has(Role::kCounterOfficer))));
  if (!allowed) {
    return Error::PermissionDenied();
  }
  std::vector<FieldError> errors;
  auto from = ParseIsoDate(q.from);
  auto to = ParseIsoDate(q.to);
  if (!from) {
    errors.push_back({"from", "format", "Trường 'from' phải là ngày dạng YYYY-MM-DD."});
  }
  if (!to) {
    errors.push_back({"to", "format", "Trường 'to' phải là ngày dạng YYYY-MM-DD."});
  }
  if (from && to && (*to < *from || to->year - from->year > 5)) {
    errors.push_back({"to", "range", "Kỳ thống kê phải từ 1 ngày đến 5 năm."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  CQDT_ASSIGN_OR_RETURN(org::Agency a, agencies_.Get(tx, agency));
  long long ag = agency.value(), start = StartOfDay(*from);
  long long end = StartOfDay(*to) + 24 * 3600;
  long long at = std::min<long long>(end, ToUnixSeconds(clock_.Now()));

  DossierStatistics out;
  out.from = q.from;
  out.to = q.to;
  out.agency = agency;
  out.agency_name = a.name;
  const bool by_sector = q.group == StatisticsGroup::kSector;
  // Sector and procedure names come from the version the dossier was received under (the
  // dossier's own copy of the name is not in the covering index of migration 7).
  const std::string key = by_sector ? "v.sector_code" : "d.procedure_code";
  const std::string label = by_sector ? "MAX(v.sector_name)" : "MAX(v.name)";
  // Only the dossiers still open, or finished since the period began, count for anything (a
  // refused one has no finished_at): two ranges of one covering index (migration 7), not the
  // agency's years.
  const std::string columns =
      "SELECT version_id, procedure_code, channel, state, timeliness, received_at, finished_at,"
      " due_at, updated_at FROM onestop_dossier WHERE deciding_agency_id = ";
  std::string sql = "SELECT " + key + ", " + label + "," + kCounts + " FROM (" + columns +
                    ":ag AND finished_at = 0 AND received_at < :to7 UNION ALL " + columns +
                    ":ag2 AND finished_at >= :from10 AND received_at < :to8) d" +
                    " JOIN onestop_procedure_version v ON v.id = d.version_id GROUP BY " + key;
  std::map<std::string, DossierStatisticsRow> rows;
  {
    soci::statement st(tx.sql());
    std::string k, l;
    long long c[9] = {};
    st.exchange(soci::into(k));
    st.exchange(soci::into(l));
    for (long long& x : c) {
      st.exchange(soci::into(x));
    }
    for (const char* name : {"from1", "from2", "from3", "from4", "from5", "from6", "from7", "from8",
                             "from9", "from10"}) {
      st.exchange(soci::use(start, name));
    }
    for (const char* name : {"to1", "to2", "to3", "to4", "to5", "to6", "to7", "to8"}) {
      st.exchange(soci::use(end, name));
    }
    st.exchange(soci::use(at, "at1"));
    st.exchange(soci::use(at, "at2"));
    st.exchange(soci::use(ag, "ag"));
    st.exchange(soci::use(ag, "ag2"));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
      DossierStatisticsRow& r = rows[k];
      r.key = k;
      r.label = l;
      r.counts.carried = c[0];
      r.counts.received_online = c[1];
      r.counts.received_other = c[2];
      r.counts.resolved_early = c[3];
      r.counts.resolved_on_time = c[4];
      r.counts.resolved_late = c[5];
      r.counts.open_on_time = c[6];
      r.counts.open_late = c[7];
      r.counts.refused = c[8];
    }
  }
  {
    // Supplements asked in the period.
    std::string k;
    long long n = 0;
    const std::string pause_sql =
        "SELECT " + key +
        // From the period's pauses to their dossiers: CROSS JOIN keeps SQLite from starting
        // at the agency's dossiers of every year (PostgreSQL plans it as any inner join).
        ", COUNT(*) FROM onestop_dossier_pause pa CROSS JOIN onestop_dossier d" +
        (by_sector ? " JOIN onestop_procedure_version v ON v.id = d.version_id" : "") +
        " WHERE d.id = pa.dossier_id AND d.deciding_agency_id = :ag AND"
        " pa.kind = 'supplement' AND pa.started_at >= :f"
        " AND pa.started_at < :t GROUP BY " +
        key;
    auto st = db::Prepare(tx, pause_sql, soci::use(ag), soci::use(start), soci::use(end),
                          soci::into(k), soci::into(n));
    st->execute(false);
    while (st->fetch()) {
      auto it = rows.find(k);
      if (it != rows.end()) {
        it->second.counts.supplements = n;
      }
    }
  }
  for (auto& [k, r] : rows) {
    out.total += r.counts;
    out.rows.push_back(r);
  }
  std::sort(out.rows.begin(), out.rows.end(),
            [](const auto& x, const auto& y) { return x.label < y.label; });
  {
    std::string name;
    long long n = 0;
    double seconds = 0;
    auto st = db::Prepare(
        tx,
        // The steps this agency performed (its own share of inter-agency dossiers too).
        "SELECT s.name, COUNT(*), AVG(s.finished_at - s.started_at) FROM onestop_dossier_step s"
        " WHERE s.agency_id = :ag AND s.finished_at >= :f AND s.finished_at < :t AND"
        " s.started_at > 0 GROUP BY s.name ORDER BY s.name",
        soci::use(ag), soci::use(start), soci::use(end), soci::into(name), soci::into(n),
        soci::into(seconds));
    st->execute(false);
    while (st->fetch()) {
      out.steps.push_back({name, n, seconds / 3600.0});
    }
  }
  {
    const std::string from_day = q.from, to_day = q.to;
    long long n = 0;
    double wait = 0, serve = 0;
    soci::indicator wait_ind = soci::i_null, serve_ind = soci::i_null;
    db::Run(tx,
            "SELECT COUNT(*), AVG(CASE WHEN called_at > 0 THEN called_at - issued_at END),"
            " AVG(CASE WHEN finished_at > 0 AND state = 'served' THEN finished_at - called_at"
            " END) FROM onestop_ticket WHERE agency_id = :ag AND day >= :f AND day <= :t",
            soci::use(ag), soci::use(from_day), soci::use(to_day), soci::into(n),
            soci::into(wait, wait_ind), soci::into(serve, serve_ind));
    out.tickets = n;
    out.average_wait_minutes = wait_ind == soci::i_ok ? wait / 60.0 : 0;
    out.average_serve_minutes = serve_ind == soci::i_ok ? serve / 60.0 : 0;
  }
  return out;
}

}  // namespace cqdt::onestop
