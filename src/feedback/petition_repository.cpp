#include "petition_repository.hpp"

#include "db/statement.hpp"

namespace cqdt::feedback::internal {

namespace {

constexpr const char* kColumns =
    "p.id, p.code, p.agency_id, p.first_agency_id, p.dossier_code, p.category, p.title,"
    " p.content, p.filer_name, p.filer_phone, p.filer_email, p.citizen_id, p.state,"
    " p.assignee_id, p.assignee_name, p.filed_at, p.received_at, p.due_on, p.due_at, p.answer,"
    " p.answered_at, p.answered_by, p.published, p.public_question, p.verdict,"
    " p.verdict_comment, p.verdict_at";

// One row of kColumns, bound to a statement's into() in order.
struct Row {
  long long id = 0, agency = 0, first_agency = 0, citizen = 0, assignee = 0, filed_at = 0,
            received_at = 0, due_at = 0, answered_at = 0, verdict_at = 0;
  int published = 0;
  soci::indicator citizen_ind = soci::i_null, assignee_ind = soci::i_null;
  std::string code, dossier_code, category, title, content, name, phone, email, state,
      assignee_name, due_on, answer, answered_by, public_question, verdict, verdict_comment;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(code));
    st.exchange(soci::into(agency));
    st.exchange(soci::into(first_agency));
    st.exchange(soci::into(dossier_code));
    st.exchange(soci::into(category));
    st.exchange(soci::into(title));
    st.exchange(soci::into(content));
    st.exchange(soci::into(name));
    st.exchange(soci::into(phone));
    st.exchange(soci::into(email));
    st.exchange(soci::into(citizen, citizen_ind));
    st.exchange(soci::into(state));
    st.exchange(soci::into(assignee, assignee_ind));
    st.exchange(soci::into(assignee_name));
    st.exchange(soci::into(filed_at));
    st.exchange(soci::into(received_at));
    st.exchange(soci::into(due_on));
    st.exchange(soci::into(due_at));
    st.exchange(soci::into(answer));
    st.exchange(soci::into(answered_at));
    st.exchange(soci::into(answered_by));
    st.exchange(soci::into(published));
    st.exchange(soci::into(public_question));
    st.exchange(soci::into(verdict));
    st.exchange(soci::into(verdict_comment));
    st.exchange(soci::into(verdict_at));
  }

  Petition Take() const {
    Petition p;
    p.id = id;
    p.code = code;
    p.agency = AgencyId(agency);
    p.first_agency = AgencyId(first_agency);
    p.dossier_code = dossier_code;
    p.category = category;
    p.title = title;
    p.content = content;
    p.filer_name = name;
    p.filer_phone = phone;
    p.filer_email = email;
    p.citizen = citizen_ind == soci::i_ok ? CitizenId(citizen) : CitizenId();
    p.state = ParsePetitionState(state).value_or(PetitionState::kReceived);
    p.assignee = assignee_ind == soci::i_ok ? UserId(assignee) : UserId();
    p.assignee_name = assignee_name;
    p.filed_at = filed_at;
    p.received_at = received_at;
    p.due_on = due_on;
    p.due_at = due_at;
    p.answer = answer;
    p.answered_at = answered_at;
    p.answered_by = answered_by;
    p.published = published != 0;
    p.public_question = public_question;
    p.verdict = verdict == "satisfied"     ? Verdict::kSatisfied
                : verdict == "unsatisfied" ? Verdict::kUnsatisfied
                                           : Verdict::kNone;
    p.verdict_comment = verdict_comment;
    p.verdict_at = verdict_at;
    return p;
  }
};

// Runs `where` (with its parameters bound by `bind`) over kColumns and collects the rows.
template <typename BindParams>
std::vector<Petition> Select(db::Transaction& tx, const std::string& tail, BindParams bind) {
  Row row;
  soci::statement st(tx.sql());
  row.Bind(st);
  bind(st);
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns + " FROM feedback_petition p " + tail);
  st.define_and_bind();
  st.execute(false);
  std::vector<Petition> out;
  while (st.fetch()) {
    out.push_back(row.Take());
  }
  return out;
}

}  // namespace

std::optional<Petition> LoadPetition(db::Transaction& tx, const std::string& code) {
  auto found = Select(tx, "WHERE p.code = :c",
                      [&](soci::statement& st) { st.exchange(soci::use(code, "c")); });
  if (found.empty()) {
    return std::nullopt;
  }
  return std::move(found.front());
}

std::vector<PetitionEvent> LoadEvents(db::Transaction& tx, std::int64_t petition_id) {
  long long id = petition_id, at = 0, agency = 0;
  std::string action, actor, note;
  auto st = db::Prepare(tx,
                        "SELECT at, action, actor, agency_id, note FROM feedback_petition_event"
                        " WHERE petition_id = :p ORDER BY id",
                        soci::use(id), soci::into(at), soci::into(action), soci::into(actor),
                        soci::into(agency), soci::into(note));
  st->execute(false);
  std::vector<PetitionEvent> out;
  while (st->fetch()) {
    out.push_back({at, action, actor, AgencyId(agency), "", note});
  }
  return out;
}

void InsertPetition(db::Transaction& tx, Petition& p, std::int64_t dossier_id,
                    const std::string& index_class, std::int64_t now) {
  long long agency = p.agency.value(), dossier = dossier_id, citizen = p.citizen.value(),
            filed = p.filed_at, received = p.received_at, due = p.due_at, at = now;
  soci::indicator dossier_ind = dossier_id > 0 ? soci::i_ok : soci::i_null;
  soci::indicator citizen_ind = p.citizen.IsSet() ? soci::i_ok : soci::i_null;
  const std::string state = PetitionStateName(p.state);
  db::Run(tx,
          "INSERT INTO feedback_petition (code, agency_id, first_agency_id, dossier_id,"
          " dossier_code, category, index_class, title, content, filer_name, filer_phone,"
          " filer_email, citizen_id, state, assignee_name, filed_at, received_at, due_on, due_at,"
          " answer, answered_by, public_question, verdict, verdict_comment, updated_at)"
          " VALUES (:code, :a, :a1, :d, :dc, :cat, :cls, :t, :c, :n, :ph, :em, :z, :s, '', :f,"
          " :r, :don, :dat, '', '', '', '', '', :u)",
          soci::use(p.code), soci::use(agency), soci::use(agency), soci::use(dossier, dossier_ind),
          soci::use(p.dossier_code), soci::use(p.category), soci::use(index_class),
          soci::use(p.title), soci::use(p.content), soci::use(p.filer_name),
          soci::use(p.filer_phone), soci::use(p.filer_email), soci::use(citizen, citizen_ind),
          soci::use(state), soci::use(filed), soci::use(received), soci::use(p.due_on),
          soci::use(due), soci::use(at));
  long long id = 0;
  db::Run(tx, "SELECT id FROM feedback_petition WHERE code = :c", soci::use(p.code),
          soci::into(id));
  p.id = id;
}

Page<Petition> ListPetitions(db::Transaction& tx, AgencyId agency,
                             std::optional<PetitionState> state, bool overdue_only,
                             std::int64_t now, int limit, int offset) {
  long long a = agency.value(), at = now;
  int n = limit, skip = offset;
  const std::string state_name = state ? PetitionStateName(*state) : "";
  std::string where = "WHERE p.agency_id = :a";
  if (state) {
    where += " AND p.state = :s";
  }
  if (overdue_only) {
    where += " AND p.answered_at = 0 AND p.due_at <= :now";
  }
  Page<Petition> page;
  {
    long long total = 0;
    soci::statement st(tx.sql());
    st.exchange(soci::into(total));
    st.exchange(soci::use(a, "a"));
    if (state) {
      st.exchange(soci::use(state_name, "s"));
    }
    if (overdue_only) {
      st.exchange(soci::use(at, "now"));
    }
    st.alloc();
    st.prepare("SELECT COUNT(*) FROM feedback_petition p " + where);
    st.define_and_bind();
    st.execute(true);
    page.total = total;
  }
  // Open ones first, by due day; then the answered, newest answer first.
  page.items = Select(
      tx,
      where +
          " ORDER BY CASE WHEN p.answered_at = 0 THEN 0 ELSE 1 END, CASE WHEN p.answered_at = 0"
          " THEN p.due_at ELSE -p.answered_at END, p.id LIMIT :n OFFSET :o",
      [&](soci::statement& st) {
        st.exchange(soci::use(a, "a"));
        if (state) {
          st.exchange(soci::use(state_name, "s"));
        }
        if (overdue_only) {
          st.exchange(soci::use(at, "now"));
        }
        st.exchange(soci::use(n, "n"));
        st.exchange(soci::use(skip, "o"));
      });
  return page;
}

std::vector<Petition> ListByCitizen(db::Transaction& tx, CitizenId citizen, int limit) {
  long long c = citizen.value();
  int n = limit;
  return Select(tx, "WHERE p.citizen_id = :z ORDER BY p.filed_at DESC, p.id DESC LIMIT :n",
                [&](soci::statement& st) {
                  st.exchange(soci::use(c, "z"));
                  st.exchange(soci::use(n, "n"));
                });
}

Page<PublishedPetition> ListPublished(db::Transaction& tx, AgencyId agency, int limit, int offset) {
  long long a = agency.value();
  int n = limit, skip = offset;
  const std::string where = std::string("WHERE p.published = 1 AND p.answered_at > 0") +
                            (agency.IsSet() ? " AND p.agency_id = :a" : "");
  Page<PublishedPetition> page;
  {
    long long total = 0;
    soci::statement st(tx.sql());
    st.exchange(soci::into(total));
    if (agency.IsSet()) {
      st.exchange(soci::use(a, "a"));
    }
    st.alloc();
    st.prepare("SELECT COUNT(*) FROM feedback_petition p " + where);
    st.define_and_bind();
    st.execute(true);
    page.total = total;
  }
  for (Petition& p :
       Select(tx, where + " ORDER BY p.answered_at DESC, p.id DESC LIMIT :n OFFSET :o",
              [&](soci::statement& st) {
                if (agency.IsSet()) {
                  st.exchange(soci::use(a, "a"));
                }
                st.exchange(soci::use(n, "n"));
                st.exchange(soci::use(skip, "o"));
              })) {
    PublishedPetition out;
    out.code = p.code;
    out.agency = p.agency;
    out.category = p.category;
    out.public_question = p.public_question;
    out.answer = p.answer;
    out.filed_at = p.filed_at;
    out.answered_at = p.answered_at;
    page.items.push_back(std::move(out));
  }
  return page;
}

std::vector<Petition> NewlyOverdue(db::Transaction& tx, std::int64_t now, int limit) {
  long long at = now;
  int n = limit;
  return Select(tx,
                "WHERE p.answered_at = 0 AND p.overdue_notified = 0 AND p.due_at <= :now"
                " ORDER BY p.due_at, p.id LIMIT :n",
                [&](soci::statement& st) {
                  st.exchange(soci::use(at, "now"));
                  st.exchange(soci::use(n, "n"));
                });
}

}  // namespace cqdt::feedback::internal
