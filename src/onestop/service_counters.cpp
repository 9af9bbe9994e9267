#include "onestop/service_counters.hpp"

#include <map>
#include <set>

#include "db/statement.hpp"
#include "sql_procedure_repository.hpp"

namespace cqdt::onestop {

namespace {

// One deciding agency's dossiers still open and received in the period, and those finished
// since it began and received before its end: two ranges of the statistics' covering index
// (migrations 7 and 9), as the statistics read them. `r` marks those received in the period.
constexpr const char* kPeriodDossiers =
    "SELECT id, deciding_agency_id, procedure_code, channel, state, timeliness, finished_at,"
    " due_at, fee, fee_paid, fee_method, received_at FROM onestop_dossier"
    " WHERE deciding_agency_id = :ag1 AND finished_at = 0 AND received_at >= :f1"
    " AND received_at < :t1"
    " UNION ALL "
    "SELECT id, deciding_agency_id, procedure_code, channel, state, timeliness, finished_at,"
    " due_at, fee, fee_paid, fee_method, received_at FROM onestop_dossier"
    " WHERE deciding_agency_id = :ag2 AND finished_at >= :f2 AND received_at < :t2";

// Refused at receipt, or stopped: counted neither for progress nor as finished.
constexpr const char* kLive = "d.state NOT IN ('rejected', 'stopped')";

}  // namespace

Result<ServiceCounters> CountService(db::Transaction& tx, const std::vector<AgencyId>& agencies,
                                     std::int64_t from, std::int64_t to, std::int64_t at,
                                     const std::string& last_day) {
  ServiceCounters out;
  long long f = from, t = to, a = at;
  const std::string live = kLive;
  const std::string finished_here = "d.finished_at >= p.f AND d.finished_at < p.t AND " + live;
  const std::string sql =
      "SELECT d.deciding_agency_id, d.procedure_code,"
      " SUM(d.r),"
      " SUM(CASE WHEN d.r = 1 AND d.channel = 2 THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN d.r = 1 AND " +
      live +
      " THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN d.r = 1 AND " +
      live +
      " AND ((d.finished_at > 0 AND d.finished_at < p.t AND d.timeliness IN ('early',"
      " 'on_time')) OR ((d.finished_at = 0 OR d.finished_at >= p.t) AND d.due_at >= p.a))"
      " THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN " +
      finished_here +
      " THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN " +
      finished_here +
      " AND d.timeliness = 'late' THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN " +
      finished_here +
      " AND EXISTS (SELECT 1 FROM onestop_dossier_result_document x WHERE x.dossier_id = d.id)"
      " THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN d.r = 1 AND d.fee > 0 THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN d.r = 1 AND d.fee > 0 AND d.fee_paid = 1 AND d.fee_method = 'transfer'"
      " THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN d.r = 1 AND EXISTS (SELECT 1 FROM onestop_dossier_file x"
      " WHERE x.dossier_id = d.id AND x.kind <> 'result') THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN d.r = 1 AND EXISTS (SELECT 1 FROM onestop_dossier_document x"
      " WHERE x.dossier_id = d.id AND x.by_data = 1) THEN 1 ELSE 0 END)"
      " FROM (SELECT CAST(:f AS BIGINT) AS f, CAST(:t AS BIGINT) AS t, CAST(:a AS BIGINT) AS a) p"
      " CROSS JOIN (SELECT x.*, CASE WHEN x.received_at >= :f3 AND x.state <> 'new' THEN 1"
      " ELSE 0 END AS r FROM (" +
      std::string(kPeriodDossiers) +
      ") x) d GROUP BY d.deciding_agency_id, d.procedure_code ORDER BY d.procedure_code";
  {
    soci::statement st(tx.sql());
    long long agency = 0;
    std::string code;
    long long c[11] = {};
    st.exchange(soci::into(agency));
    st.exchange(soci::into(code));
    for (long long& x : c) {
      st.exchange(soci::into(x));
    }
    st.exchange(soci::use(f, "f"));
    st.exchange(soci::use(t, "t"));
    st.exchange(soci::use(a, "a"));
    long long ag = 0;
    st.exchange(soci::use(f, "f3"));
    st.exchange(soci::use(ag, "ag1"));
    st.exchange(soci::use(f, "f1"));
    st.exchange(soci::use(t, "t1"));
    st.exchange(soci::use(ag, "ag2"));
    st.exchange(soci::use(f, "f2"));
    st.exchange(soci::use(t, "t2"));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    for (AgencyId id : agencies) {
      ag = id.value();
      st.execute(false);
      while (st.fetch()) {
        ProcedureCounters r;
        r.agency = AgencyId(agency);
        r.procedure_code = code;
        r.received = c[0];
        r.received_online = c[1];
        r.progress_total = c[2];
        r.progress_on_time = c[3];
        r.finished = c[4];
        r.finished_late = c[5];
        r.finished_with_result_document = c[6];
        r.fee_bearing = c[7];
        r.paid_online = c[8];
        r.with_files = c[9];
        r.by_data = c[10];
        out.dossiers.push_back(std::move(r));
      }
    }
  }
  // The catalogue: the versions in force on the last day, with their fees and documents.
  std::set<long long> with_fee, with_data;
  {
    long long v = 0;
    auto st =
        db::Prepare(tx, "SELECT DISTINCT version_id FROM onestop_procedure_fee WHERE amount > 0",
                    soci::into(v));
    st->execute(false);
    while (st->fetch()) {
      with_fee.insert(v);
    }
  }
  {
    long long v = 0;
    auto st = db::Prepare(tx,
                          "SELECT DISTINCT version_id FROM onestop_procedure_document"
                          " WHERE replaceable_by_data = 1",
                          soci::into(v));
    st->execute(false);
    while (st->fetch()) {
      with_data.insert(v);
    }
  }
  ProcedureRepository repo(tx);
  std::map<ProcedureId, std::vector<AgencyId>> agencies_of;
  for (const auto& [pid, aid] : repo.AgencyPairs()) {
    agencies_of[pid].push_back(aid);
  }
  for (auto& row : repo.InForce(last_day)) {
    ProcedureFacts facts;
    facts.code = row.summary.code;
    facts.online_level = row.summary.online_level;
    facts.fee_bearing = with_fee.count(row.version_id.value()) > 0;
    facts.replaceable_by_data = with_data.count(row.version_id.value()) > 0;
    if (auto it = agencies_of.find(row.summary.id); it != agencies_of.end()) {
      facts.agencies = it->second;
    }
    out.procedures.push_back(std::move(facts));
  }
  return out;
}

}  // namespace cqdt::onestop
