#include "feedback/feedback_counters.hpp"

#include <map>

#include "db/statement.hpp"

namespace cqdt::feedback {

namespace {

// The dossiers an agency decided that finished in the period, with their rating and PAKN.
constexpr const char* kDossierCounts =
    "SELECT d.deciding_agency_id,"
    " SUM(CASE WHEN r.id IS NOT NULL THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN r.unsatisfied = 1 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN EXISTS (SELECT 1 FROM feedback_petition p WHERE p.dossier_id = d.dossier_id)"
    " THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN d.late = 0 AND (r.unsatisfied = 1 OR EXISTS (SELECT 1 FROM feedback_petition"
    " p WHERE p.dossier_id = d.dossier_id)) THEN 1 ELSE 0 END)"
    " FROM feedback_dossier d LEFT JOIN feedback_rating r ON r.dossier_id = d.dossier_id"
    " WHERE d.finished_at >= :f AND d.finished_at < :t"
    " GROUP BY d.deciding_agency_id";

// The PAKN received at an agency in the period (the feedback_petition_period index).
constexpr const char* kPetitionCounts =
    "SELECT p.agency_id, COUNT(*),"
    " SUM(CASE WHEN p.answered_at > 0 AND p.answered_at < :t1 AND p.answered_at < p.due_at"
    " THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN (p.answered_at = 0 OR p.answered_at >= :t2) AND p.due_at > :a1"
    " THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN (p.answered_at = 0 OR p.answered_at >= :t3) AND p.due_at <= :a2"
    " THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN p.answered_at > 0 AND p.answered_at < :t4 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN p.answered_at > 0 AND p.answered_at < :t5 AND (p.answered_at >= p.due_at"
    " OR p.verdict = 'unsatisfied') THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN p.index_class = 'tthc' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN p.index_class = 'staff' THEN 1 ELSE 0 END)"
    " FROM feedback_petition p WHERE p.received_at >= :f AND p.received_at < :t"
    " GROUP BY p.agency_id";

}  // namespace

Result<std::vector<FeedbackCounters>> CountFeedback(db::Transaction& tx,
                                                    const std::vector<AgencyId>& agencies,
                                                    std::int64_t from, std::int64_t to,
                                                    std::int64_t at) {
  std::map<std::int64_t, FeedbackCounters> by_agency;
  long long f = from, t = to, a = at;
  {
    long long agency = 0, c[4] = {};
    soci::statement st(tx.sql());
    st.exchange(soci::into(agency));
    for (long long& x : c) {
      st.exchange(soci::into(x));
    }
    st.exchange(soci::use(f, "f"));
    st.exchange(soci::use(t, "t"));
    st.alloc();
    st.prepare(kDossierCounts);
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
      FeedbackCounters& out = by_agency[agency];
      out.dossiers_rated = c[0];
      out.dossiers_rated_unsatisfied = c[1];
      out.dossiers_with_petition = c[2];
      out.dossiers_against_not_late = c[3];
    }
  }
  {
    long long agency = 0, c[8] = {};
    soci::statement st(tx.sql());
    st.exchange(soci::into(agency));
    for (long long& x : c) {
      st.exchange(soci::into(x));
    }
    st.exchange(soci::use(t, "t1"));
    st.exchange(soci::use(t, "t2"));
    st.exchange(soci::use(a, "a1"));
    st.exchange(soci::use(t, "t3"));
    st.exchange(soci::use(a, "a2"));
    st.exchange(soci::use(t, "t4"));
    st.exchange(soci::use(t, "t5"));
    st.exchange(soci::use(f, "f"));
    st.exchange(soci::use(t, "t"));
    st.alloc();
    st.prepare(kPetitionCounts);
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
      FeedbackCounters& out = by_agency[agency];
      out.petitions = c[0];
      out.petitions_answered_on_time = c[1];
      out.petitions_open_in_time = c[2];
      out.petitions_overdue = c[3];
      out.petitions_answered = c[4];
      out.petitions_answered_against = c[5];
      out.petitions_procedure = c[6];
      out.petitions_staff = c[7];
    }
  }
  std::vector<FeedbackCounters> out;
  out.reserve(agencies.size());
  for (AgencyId id : agencies) {
    FeedbackCounters c;
    if (auto it = by_agency.find(id.value()); it != by_agency.end()) {
      c = it->second;
    }
    c.agency = id;
    out.push_back(c);
  }
  return out;
}

Result<std::vector<DossierMark>> ListDossierMarks(db::Transaction& tx, AgencyId agency,
                                                  std::int64_t from, std::int64_t to) {
  // One agency's through feedback_dossier_by_agency; the province's over the period's rows.
  const std::string sql = std::string(
                              "SELECT d.dossier_id, d.code, d.deciding_agency_id, d.late,"
                              " CASE WHEN r.unsatisfied = 1 THEN 1 ELSE 0 END,"
                              " CASE WHEN EXISTS (SELECT 1 FROM feedback_petition p"
                              " WHERE p.dossier_id = d.dossier_id) THEN 1 ELSE 0 END"
                              " FROM feedback_dossier d LEFT JOIN feedback_rating r"
                              " ON r.dossier_id = d.dossier_id"
                              " WHERE d.finished_at >= :f AND d.finished_at < :t"
                              " AND (r.unsatisfied = 1 OR EXISTS (SELECT 1 FROM"
                              " feedback_petition p WHERE p.dossier_id = d.dossier_id))") +
                          (agency.IsSet() ? " AND d.deciding_agency_id = :ag" : "");
  std::vector<DossierMark> out;
  DossierMark m;
  long long id = 0, ag = 0, f = from, t = to, wanted = agency.value();
  int late = 0, unsatisfied = 0, petition = 0;
  soci::statement st(tx.sql());
  st.exchange(soci::into(id));
  st.exchange(soci::into(m.code));
  st.exchange(soci::into(ag));
  st.exchange(soci::into(late));
  st.exchange(soci::into(unsatisfied));
  st.exchange(soci::into(petition));
  st.exchange(soci::use(f, "f"));
  st.exchange(soci::use(t, "t"));
  if (agency.IsSet()) {
    st.exchange(soci::use(wanted, "ag"));
  }
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    m.dossier_id = id;
    m.agency = AgencyId(ag);
    m.late = late != 0;
    m.unsatisfied = unsatisfied != 0;
    m.petition = petition != 0;
    out.push_back(m);
  }
  return out;
}

}  // namespace cqdt::feedback
