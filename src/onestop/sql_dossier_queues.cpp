// The dossiers' queues and the escalation sweep's queries (sql_dossier_repository.hpp): the
// listing SQL built from constant pieces with every value bound, and the overdue steps and
// dossiers.
#include "db/statement.hpp"
#include "sql_dossier_repository.hpp"
#include "text/search.hpp"

namespace cqdt::onestop {

namespace {

// LIKE pattern of a folded word: '%word%' with the wildcards of the word escaped.
std::string Contains(const std::string& word) {
  std::string out = "%";
  for (char c : word) {
    if (c == '%' || c == '_' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "%";
}

}  // namespace

std::vector<DossierSummary> DossierRepository::List(const ListQuery& q, std::int64_t& total) {
  // Built from constant pieces only; every value is bound.
  std::string where;
  long long agency = q.agency.value(), user = q.user.value(), now = q.now;
  // The agency's dossiers: received or decided there, or with a step it performs.
  where =
      " WHERE (d.receiving_agency_id = :ag OR d.deciding_agency_id = :ag2 OR EXISTS (SELECT 1"
      " FROM onestop_dossier_step sa WHERE sa.agency_id = :ag3 AND sa.dossier_id = d.id))";
  switch (q.queue) {
    case 1:  // kMine
      where +=
          " AND EXISTS (SELECT 1 FROM onestop_dossier_step s WHERE s.dossier_id = d.id AND"
          " s.ordinal = d.current_step AND (s.assignee_user_id = :u OR (s.assignee_user_id IS"
          " NULL AND s.agency_id = :ag4 AND s.performer IN (:p1, :p2, :p3, :p4, :p5))))";
      break;
    case 2:  // kCounter
      where +=
          " AND d.state IN ('new', 'received', 'wait_supplement', 'withdraw_requested',"
          " 'done')";
      break;
    case 3:  // kLate
      where +=
          " AND d.state NOT IN ('rejected', 'stopped', 'returned', 'done') AND"
          " (d.late_flag = 1 OR d.due_at < :now)";
      break;
    default:
      break;
  }
  if (!q.state.empty()) {
    where += " AND d.state = :state";
  }
  for (std::size_t i = 0; i < q.words.size() && i < 8; ++i) {
    where += " AND d.search_key LIKE :w" + std::to_string(i) + " ESCAPE '\\'";
  }
  std::vector<std::string> patterns;
  for (std::size_t i = 0; i < q.words.size() && i < 8; ++i) {
    patterns.push_back(Contains(q.words[i]));
  }
  std::string p[5];
  for (std::size_t i = 0; i < 5 && i < q.performers.size(); ++i) {
    p[i] = q.performers[i];
  }
  // Bind by name: SOCI's named binding lets every query use the same variables.
  auto run = [&](const std::string& sql, auto&&... into) {
    soci::statement st(tx_.sql());
    st.exchange(soci::use(agency, "ag"));
    st.exchange(soci::use(agency, "ag2"));
    st.exchange(soci::use(agency, "ag3"));
    if (q.queue == 1) {
      st.exchange(soci::use(agency, "ag4"));
      st.exchange(soci::use(user, "u"));
      for (int i = 0; i < 5; ++i) {
        st.exchange(soci::use(p[i], "p" + std::to_string(i + 1)));
      }
    }
    if (q.queue == 3) {
      st.exchange(soci::use(now, "now"));
    }
    if (!q.state.empty()) {
      st.exchange(soci::use(q.state, "state"));
    }
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      st.exchange(soci::use(patterns[i], "w" + std::to_string(i)));
    }
    (st.exchange(soci::into(into)), ...);
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    return st;
  };
  long long count = 0;
  {
    soci::statement st = run("SELECT COUNT(*) FROM onestop_dossier d" + where, count);
    st.execute(true);
  }
  total = count;
  std::vector<DossierSummary> out;
  long long id = 0, received = 0, due = 0, new_app = 0;
  int channel = 1, late = 0, limit = q.limit, offset = q.offset;
  std::string code, pcode, pname, applicant, state, step_name, assignee_name;
  soci::statement st =
      run("SELECT d.id, d.code, d.procedure_code, d.procedure_name, d.applicant_name, d.state,"
          " d.channel, d.received_at, d.due_at, d.new_appointment_at, d.late_flag,"
          " COALESCE(s.name, ''), COALESCE(s.assignee_name, '') FROM onestop_dossier d LEFT JOIN "
          "onestop_dossier_step s ON"
          " s.dossier_id = d.id AND s.ordinal = d.current_step" +
              where + " ORDER BY d.received_at DESC, d.id DESC LIMIT " + std::to_string(limit) +
              " OFFSET " + std::to_string(offset),
          id, code, pcode, pname, applicant, state, channel, received, due, new_app, late,
          step_name, assignee_name);
  st.execute(false);
  while (st.fetch()) {
    DossierSummary s;
    s.id = DossierId(id);
    s.code = code;
    s.procedure_code = pcode;
    s.procedure_name = pname;
    s.applicant_name = applicant;
    s.state = ParseDossierState(state).value_or(DossierState::kReceived);
    s.channel = static_cast<Channel>(channel);
    s.received_at = received;
    s.due_at = due;
    s.new_appointment_at = new_app;
    s.late_flag = late != 0;
    s.current_step = step_name;
    s.assignee_name = assignee_name;
    out.push_back(s);
  }
  return out;
}

std::vector<DossierRepository::Overdue> DossierRepository::OverdueSteps(std::int64_t now) {
  long long at = now, id = 0, agency = 0;
  Overdue o;
  int late = 0;
  auto st = db::Prepare(tx_,
                        "SELECT d.id, d.code, d.procedure_name, COALESCE(s.agency_id,"
                        " d.deciding_agency_id), s.ordinal, s.name, d.late_flag FROM"
                        " onestop_dossier_step s JOIN onestop_dossier d"
                        " ON d.id = s.dossier_id WHERE s.started_at > 0 AND s.finished_at = 0 AND"
                        " s.planned_end < :now AND s.late_notified = 0 AND d.state = 'processing'"
                        " ORDER BY d.id, s.ordinal",
                        soci::use(at), soci::into(id), soci::into(o.code),
                        soci::into(o.procedure_name), soci::into(agency), soci::into(o.step),
                        soci::into(o.step_name), soci::into(late));
  st->execute(false);
  std::vector<Overdue> out;
  while (st->fetch()) {
    Overdue x = o;
    x.id = DossierId(id);
    x.agency = AgencyId(agency);
    x.flagged = late != 0;
    out.push_back(x);
  }
  return out;
}

std::vector<DossierRepository::Overdue> DossierRepository::OverdueDossiers(std::int64_t now) {
  long long at = now, id = 0, agency = 0;
  Overdue o;
  auto st = db::Prepare(tx_,
                        "SELECT id, code, procedure_name, deciding_agency_id FROM onestop_dossier"
                        " WHERE state IN ('received', 'processing', 'withdraw_requested') AND"
                        " due_at < :now AND late_flag = 0 ORDER BY id",
                        soci::use(at), soci::into(id), soci::into(o.code),
                        soci::into(o.procedure_name), soci::into(agency));
  st->execute(false);
  std::vector<Overdue> out;
  while (st->fetch()) {
    Overdue x = o;
    x.id = DossierId(id);
    x.agency = AgencyId(agency);
    out.push_back(x);
  }
  return out;
}

void DossierRepository::SetStepLateNotified(DossierId id, int step) {
  long long dossier = id.value();
  db::Run(tx_,
          "UPDATE onestop_dossier_step SET late_notified = 1 WHERE dossier_id = :id AND"
          " ordinal = :o",
          soci::use(dossier), soci::use(step));
}

void DossierRepository::SetLateFlag(DossierId id) {
  long long dossier = id.value();
  db::Run(tx_, "UPDATE onestop_dossier SET late_flag = 1 WHERE id = :id", soci::use(dossier));
}

}  // namespace cqdt::onestop
