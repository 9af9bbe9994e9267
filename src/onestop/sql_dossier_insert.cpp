// The dossier repository's inserts: the dossier with its checklist and steps, and on
// PostgreSQL the whole receipt in one statement (sql_dossier_repository.hpp).
#include <algorithm>
#include <optional>

#include "core/text.hpp"
#include "db/statement.hpp"
#include "sql_dossier_columns.hpp"
#include "sql_dossier_repository.hpp"
#include "text/search.hpp"

namespace cqdt::onestop {

using dossier_sql::OutcomeName;
using dossier_sql::SearchKeyOf;
using dossier_sql::ToHundredths;

namespace {

constexpr std::size_t kRowsPerInsert = 32;

// "HEAD VALUES (:p0, …), (…)": `rows` groups of `columns` placeholders (SOCI binds them in
// order).
std::string RowsText(const char* head, int columns, std::size_t rows) {
  std::string sql = std::string(head) + " VALUES ";
  int k = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (int c = 0; c < columns; ++c) {
      sql += (c == 0 ? ":p" : ", :p") + std::to_string(k++);
    }
    sql += ")";
  }
  return sql;
}

constexpr const char* kDossierInsert =
    "INSERT INTO onestop_dossier (code, version_id, procedure_code, procedure_name,"
    " receiving_agency_id, deciding_agency_id, channel, state, resume_to,"
    " applicant_name, applicant_id_number, applicant_address, applicant_phone,"
    " applicant_email, applicant_representative, citizen_id, sets, submitted_at,"
    " received_at, received_by, deadline_hundredths, deadline_unit,"
    " restart_on_supplement, transfer_due_at, appointment_at, due_at,"
    " new_appointment_at, fee, fee_paid, with_files, by_data, delivery, result_note,"
    " finished_at,"
    " returned_at, returned_to, timeliness, late_flag, current_step, note, search_key,"
    " updated_at) VALUES (:code, :v, :pc, :pn, :ra, :da, :ch, :st, :rt, :an, :ai, :aa,"
    " :ap, :ae, :ar, :ci, :sets, :sa, :ra2, :rb, :dl, :du, :rs, :td, :apt, :due, 0,"
    " :fee, :paid, :wf, :bd, :del, '', 0, 0, '', '', 0, 0, :note, :key, :up) RETURNING id";

// Whether a document of the checklist is replaced by the state's data (a Decision 766 count).
int AnyByData(const std::vector<ChecklistItem>& items) {
  return std::any_of(items.begin(), items.end(), [](const ChecklistItem& c) { return c.by_data; })
             ? 1
             : 0;
}

// Whether files of the dossier's documents (not its result) come with it.
int AnyDocumentFile(const std::vector<DossierFile>& files) {
  return std::any_of(files.begin(), files.end(),
                     [](const DossierFile& f) { return f.kind != DossierFileKind::kResult; })
             ? 1
             : 0;
}

// The values kDossierInsert binds, kept alive while the statement runs.
struct DossierRow {
  DossierRow(const Dossier& dossier, int files)
      : d(dossier),
        version(dossier.version_id.value()),
        receiving(dossier.receiving_agency.value()),
        deciding(dossier.deciding_agency.value()),
        citizen(dossier.citizen.value()),
        submitted(dossier.submitted_at),
        received(dossier.received_at),
        deadline(ToHundredths(dossier.deadline.amount)),
        transfer(dossier.transfer_due_at),
        appointment(dossier.appointment_at),
        due(dossier.due_at),
        fee(dossier.fee),
        updated(dossier.updated_at),
        citizen_ind(dossier.citizen.IsSet() ? soci::i_ok : soci::i_null),
        channel(static_cast<int>(dossier.channel)),
        restart(dossier.restart_on_supplement ? 1 : 0),
        paid(dossier.fee_paid ? 1 : 0),
        sets(dossier.sets),
        with_files(files),
        by_data(AnyByData(dossier.checklist)),
        state(DossierStateName(dossier.state)),
        resume(DossierStateName(dossier.resume_to)),
        unit(DeadlineUnitName(dossier.deadline.unit)),
        delivery(ResultDeliveryName(dossier.delivery)),
        key(SearchKeyOf(dossier)) {}

  // Without `with_code` the code is not a parameter (the numbered insert computes it).
  void Bind(soci::statement& st, bool with_code = true) {
    if (with_code) {
      st.exchange(soci::use(d.code));
    }
    st.exchange(soci::use(version));
    st.exchange(soci::use(d.procedure_code));
    st.exchange(soci::use(d.procedure_name));
    st.exchange(soci::use(receiving));
    st.exchange(soci::use(deciding));
    st.exchange(soci::use(channel));
    st.exchange(soci::use(state));
    st.exchange(soci::use(resume));
    st.exchange(soci::use(d.applicant.name));
    st.exchange(soci::use(d.applicant.id_number));
    st.exchange(soci::use(d.applicant.address));
    st.exchange(soci::use(d.applicant.phone));
    st.exchange(soci::use(d.applicant.email));
    st.exchange(soci::use(d.applicant.representative));
    st.exchange(soci::use(citizen, citizen_ind));
    st.exchange(soci::use(sets));
    st.exchange(soci::use(submitted));
    st.exchange(soci::use(received));
    st.exchange(soci::use(d.received_by));
    st.exchange(soci::use(deadline));
    st.exchange(soci::use(unit));
    st.exchange(soci::use(restart));
    st.exchange(soci::use(transfer));
    st.exchange(soci::use(appointment));
    st.exchange(soci::use(due));
    st.exchange(soci::use(fee));
    st.exchange(soci::use(paid));
    st.exchange(soci::use(with_files));
    st.exchange(soci::use(by_data));
    st.exchange(soci::use(delivery));
    st.exchange(soci::use(d.note));
    st.exchange(soci::use(key));
    st.exchange(soci::use(updated));
  }

  const Dossier& d;
  long long version, receiving, deciding, citizen, submitted, received, deadline, transfer,
      appointment, due, fee, updated;
  soci::indicator citizen_ind;
  int channel, restart, paid, sets, with_files, by_data;
  std::string state, resume, unit, delivery, key;
};

// One checklist item's values as bound (the statement keeps their addresses: a vector of rows
// is reserved before the first is bound).
struct DocRow {
  explicit DocRow(const ChecklistItem& item)
      : c(item),
        ordinal(item.ordinal),
        originals(item.originals),
        copies(item.copies),
        required(item.required ? 1 : 0),
        provided(item.provided ? 1 : 0),
        by_data(item.by_data ? 1 : 0) {}
  void Bind(soci::statement& st) {
    st.exchange(soci::use(ordinal));
    st.exchange(soci::use(c.name));
    st.exchange(soci::use(originals));
    st.exchange(soci::use(copies));
    st.exchange(soci::use(required));
    st.exchange(soci::use(provided));
    st.exchange(soci::use(by_data));
  }
  const ChecklistItem& c;
  long long ordinal, originals, copies, required, provided, by_data;
};

// One step's values as bound, in the order of the step table's columns after dossier_id.
struct StepRow {
  explicit StepRow(const DossierStep& step)
      : s(step),
        ordinal(step.ordinal),
        hours(ToHundredths(step.hours)),
        agency(step.agency.value()),
        assignee(step.assignee.value()),
        started(step.started_at),
        planned(step.planned_end),
        finished(step.finished_at),
        agency_ind(step.agency.IsSet() ? soci::i_ok : soci::i_null),
        assignee_ind(step.assignee.IsSet() ? soci::i_ok : soci::i_null),
        performer(PerformerName(step.performer)),
        outcome(OutcomeName(step.outcome)) {}
  void Bind(soci::statement& st) {
    st.exchange(soci::use(ordinal));
    st.exchange(soci::use(s.name));
    st.exchange(soci::use(performer));
    st.exchange(soci::use(hours));
    st.exchange(soci::use(agency, agency_ind));
    st.exchange(soci::use(assignee, assignee_ind));
    st.exchange(soci::use(s.assignee_name));
    st.exchange(soci::use(started));
    st.exchange(soci::use(planned));
    st.exchange(soci::use(finished));
    st.exchange(soci::use(s.finished_by));
    st.exchange(soci::use(outcome));
    st.exchange(soci::use(s.note));
  }
  const DossierStep& s;
  long long ordinal, hours, agency, assignee, started, planned, finished;
  soci::indicator agency_ind, assignee_ind;
  std::string performer, outcome;
};

}  // namespace

void DossierRepository::Insert(Dossier& d, bool with_files) {
  long long id = 0;
  DossierRow row(d, with_files ? 1 : 0);
  // Prepared once per connection: parsing this text was a twentieth of a receipt's CPU.
  db::Statement st = tx_.Prepare(kDossierInsert);
  row.Bind(*st);
  st->exchange(soci::into(id));
  st->define_and_bind();
  st->execute(true);
  d.id = DossierId(id);
  InsertChecklist(id, d.checklist);
  InsertSteps(id, d.steps);
}

namespace {

// The search key of `d` numbered with a code of `prefix` as its folded code (which the numbered
// insert computes as lower(code)) and the rest; nullopt when folding the code is not lowering it.
std::optional<std::string> SearchKeyRest(Dossier d, const std::string& prefix) {
  d.code = prefix + "0000";
  const std::string head = text::SearchKey(d.code), full = SearchKeyOf(d);
  if (head != AsciiLower(d.code) || full.rfind(head, 0) != 0) {
    return std::nullopt;
  }
  return full.substr(head.size());
}

}  // namespace

DossierRepository::InsertOutcome DossierRepository::InsertNew(
    Dossier& d, std::vector<DossierFile>& files, const DossierEvent& e,
    const numbering::DossierCodeClause* code) {
  std::optional<std::string> key_rest;
  if (code != nullptr && tx_.engine() == db::Engine::kPostgres) {
    key_rest = SearchKeyRest(d, code->prefix);
  }
  if (code != nullptr && !key_rest) {
    // SQLite (or a code whose folding is not lowering): the counter's statement first.
    numbering::CounterClause c = code->counter;
    long long value = 0;
    soci::indicator ind = soci::i_null;
    if (!db::Run(tx_, c.sql, soci::use(c.scope), soci::use(c.period), soci::use(c.bound),
                 soci::into(value, ind))
             .got_data() ||
        ind != soci::i_ok) {
      return InsertOutcome::kNoCode;
    }
    d.code = code->Code(value);
    code = nullptr;
  }
  if (tx_.engine() != db::Engine::kPostgres) {
    Insert(d, AnyDocumentFile(files) == 1);  // the row's with_files: not set file by file
    for (DossierFile& f : files) {
      if (!f.id.IsSet()) {
        f.dossier_id = d.id;
        f.id = InsertFileRow(f);
      } else if (!AttachFileRow(f.id, d.id, f.kind, f.document_ordinal)) {
        return InsertOutcome::kFileTaken;
      }
    }
    InsertEvent(d.id, e);
    return InsertOutcome::kInserted;
  }
  // PostgreSQL: one statement, one round trip — the dossier, its checklist, its steps, its
  // first event and its files attached, in data-modifying WITH clauses (each runs once, to
  // completion). Values inside VALUES lists have no column to take their type from: numbers
  // are cast to BIGINT (assigned to INTEGER columns as usual).
  struct File {
    long long id, ordinal;
    std::string kind;
  };
  // A file sent with the dossier, inserted with it.
  struct NewFile {
    explicit NewFile(const DossierFile& f)
        : ordinal(f.document_ordinal),
          size(f.size),
          by(f.uploaded_by.value()),
          at(f.uploaded_at),
          agency(f.agency_id.value()),
          kind(DossierFileKindName(f.kind)),
          name(f.name),
          content_type(f.content_type),
          sha256(f.sha256) {}
    long long ordinal, size, by, at, agency;
    std::string kind, name, content_type, sha256;
  };
  std::vector<DocRow> docs;  // reserved: the statement keeps their addresses
  docs.reserve(d.checklist.size());
  std::vector<StepRow> steps;
  steps.reserve(d.steps.size());
  std::vector<File> attached;
  attached.reserve(files.size());
  std::vector<NewFile> fresh;
  fresh.reserve(files.size());
  std::size_t to_attach = 0;
  for (const DossierFile& f : files) {
    to_attach += f.id.IsSet() ? 1 : 0;
  }
  std::string sql;
  if (code != nullptr) {
    // The code taken here: numbering's clause, then the dossier inserted from its row (none when
    // the day's codes are used up, and then nothing else is written either). The search key is
    // the folded code (lower) and the rest, folded here.
    std::string insert = kDossierInsert;
    const std::string values = " VALUES (:code, ", tail = ":key, :up) RETURNING id";
    insert.replace(insert.find(values), values.size(), " SELECT k.code, ");
    insert.replace(insert.find(tail), tail.size(),
                   "lower(k.code) || CAST(:key AS TEXT), :up FROM k RETURNING id, code");
    sql = "WITH n0 AS (" + code->counter.sql + "), k AS (SELECT " +
          numbering::DossierCodeClause::kCodeSql + " AS code FROM n0), d AS (" + insert + ")";
  } else {
    std::string insert = kDossierInsert;
    insert += ", code";  // RETURNING id, code
    sql = "WITH d AS (" + insert + ")";
  }
  int k = 0;
  auto params = [&k](std::initializer_list<const char*> casts) {
    std::string out = "(";
    for (const char* c : casts) {
      const std::string p = ":p" + std::to_string(k++);
      out += (out.size() > 1 ? ", " : "") + (*c ? std::string("CAST(") + p + " AS " + c + ")" : p);
    }
    return out + ")";
  };
  if (!d.checklist.empty()) {
    sql += std::string(", c AS (") + dossier_sql::kChecklistInsert +
           " SELECT d.id, v.* FROM d, (VALUES ";
    for (std::size_t i = 0; i < d.checklist.size(); ++i) {
      sql += (i ? ", " : "") +
             params({"BIGINT", "", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT"});
    }
    sql += ") AS v)";
  }
  if (!d.steps.empty()) {
    sql +=
        std::string(", s AS (") + dossier_sql::kStepInsert + " SELECT d.id, v.* FROM d, (VALUES ";
    for (std::size_t i = 0; i < d.steps.size(); ++i) {
      sql += (i ? ", " : "") + params({"BIGINT", "", "", "BIGINT", "BIGINT", "BIGINT", "", "BIGINT",
                                       "BIGINT", "BIGINT", "", "", ""});
    }
    sql += ") AS v)";
  }
  sql += std::string(", e AS (") + dossier_sql::kEventInsert +
         " SELECT d.id, v.* FROM d, (VALUES " + params({"BIGINT", "", "", "", "", ""}) + ") AS v)";
  if (to_attach > 0) {
    sql +=
        ", f AS (UPDATE onestop_dossier_file AS f SET dossier_id = d.id, kind = v.kind,"
        " document_ordinal = v.ordinal FROM d, (VALUES ";
    for (std::size_t i = 0; i < to_attach; ++i) {
      sql += (i ? ", " : "") + params({"BIGINT", "", "BIGINT"});
    }
    sql += ") AS v (id, kind, ordinal) WHERE f.id = v.id AND f.dossier_id IS NULL RETURNING f.id)";
  }
  if (to_attach < files.size()) {
    // Inserted in the order of the VALUES list, so their ids ascend in that order.
    sql +=
        ", n AS (INSERT INTO onestop_dossier_file (dossier_id, agency_id, kind, document_ordinal,"
        " name, content_type, size, sha256, uploaded_by, uploaded_at) SELECT d.id, v.* FROM d,"
        " (VALUES ";
    for (std::size_t i = 0; i < files.size() - to_attach; ++i) {
      sql += (i ? ", " : "") +
             params({"BIGINT", "", "BIGINT", "", "", "BIGINT", "", "BIGINT", "BIGINT"});
    }
    sql += ") AS v RETURNING id)";
  }
  sql += std::string(" SELECT d.id, ") + (to_attach > 0 ? "(SELECT COUNT(*) FROM f)" : "0") + ", " +
         (to_attach < files.size() ? "(SELECT string_agg(CAST(id AS TEXT), ',' ORDER BY id) FROM n)"
                                   : "CAST(NULL AS TEXT)") +
         ", d.code FROM d";

  DossierRow row(d, AnyDocumentFile(files));
  db::Statement st = tx_.Prepare(sql);
  numbering::CounterClause counter;
  std::string prefix;
  if (code != nullptr) {
    counter = code->counter;
    prefix = code->prefix;
    row.key = *key_rest;
    st->exchange(soci::use(counter.scope));
    st->exchange(soci::use(counter.period));
    st->exchange(soci::use(counter.bound));
    st->exchange(soci::use(prefix));
  }
  row.Bind(*st, code == nullptr);
  for (const ChecklistItem& c : d.checklist) {
    docs.emplace_back(c).Bind(*st);
  }
  for (const DossierStep& step : d.steps) {
    steps.emplace_back(step).Bind(*st);
  }
  long long at = e.at;
  const std::string from = DossierStateName(e.from), to = DossierStateName(e.to);
  st->exchange(soci::use(at));
  st->exchange(soci::use(e.actor_name));
  st->exchange(soci::use(e.action));
  st->exchange(soci::use(from));
  st->exchange(soci::use(to));
  st->exchange(soci::use(e.note));
  for (const DossierFile& f : files) {
    if (!f.id.IsSet()) {
      continue;
    }
    attached.push_back({f.id.value(), f.document_ordinal, DossierFileKindName(f.kind)});
    File& r = attached.back();
    st->exchange(soci::use(r.id));
    st->exchange(soci::use(r.kind));
    st->exchange(soci::use(r.ordinal));
  }
  for (const DossierFile& f : files) {
    if (f.id.IsSet()) {
      continue;
    }
    NewFile& r = fresh.emplace_back(f);
    st->exchange(soci::use(r.agency));
    st->exchange(soci::use(r.kind));
    st->exchange(soci::use(r.ordinal));
    st->exchange(soci::use(r.name));
    st->exchange(soci::use(r.content_type));
    st->exchange(soci::use(r.size));
    st->exchange(soci::use(r.sha256));
    st->exchange(soci::use(r.by));
    st->exchange(soci::use(r.at));
  }
  long long id = 0, count = 0;
  std::string new_ids, stored_code;
  soci::indicator new_ids_ind = soci::i_null;
  st->exchange(soci::into(id));
  st->exchange(soci::into(count));
  st->exchange(soci::into(new_ids, new_ids_ind));
  st->exchange(soci::into(stored_code));
  st->define_and_bind();
  if (!st->execute(true)) {
    return InsertOutcome::kNoCode;  // the counter yielded no row: nothing was inserted
  }
  d.id = DossierId(id);
  d.code = stored_code;
  const std::vector<long long> ids =
      dossier_sql::IdList(new_ids_ind == soci::i_ok ? std::string_view(new_ids) : "");
  std::size_t next = 0;
  for (DossierFile& f : files) {
    if (!f.id.IsSet()) {
      f.id = DossierFileId(ids.at(next++));
      f.dossier_id = d.id;
    }
  }
  return count == static_cast<long long>(to_attach) ? InsertOutcome::kInserted
                                                    : InsertOutcome::kFileTaken;
}

// The checklist and the steps go in as one statement each (kRowsPerInsert rows at most): on
// PostgreSQL every statement is a round trip, and a receipt has about ten of these rows.
void DossierRepository::InsertChecklist(long long dossier,
                                        const std::vector<ChecklistItem>& items) {
  for (std::size_t first = 0; first < items.size(); first += kRowsPerInsert) {
    const std::size_t n = std::min(kRowsPerInsert, items.size() - first);
    std::vector<DocRow> rows;
    rows.reserve(n);
    db::Statement st = tx_.Prepare(RowsText(dossier_sql::kChecklistInsert, 8, n));
    for (std::size_t i = 0; i < n; ++i) {
      st->exchange(soci::use(dossier));
      rows.emplace_back(items[first + i]).Bind(*st);
    }
    st->define_and_bind();
    st->execute(true);
  }
}

void DossierRepository::InsertSteps(long long dossier, const std::vector<DossierStep>& steps) {
  for (std::size_t first = 0; first < steps.size(); first += kRowsPerInsert) {
    const std::size_t n = std::min(kRowsPerInsert, steps.size() - first);
    std::vector<StepRow> rows;
    rows.reserve(n);
    db::Statement st = tx_.Prepare(RowsText(dossier_sql::kStepInsert, 14, n));
    for (std::size_t i = 0; i < n; ++i) {
      st->exchange(soci::use(dossier));
      rows.emplace_back(steps[first + i]).Bind(*st);
    }
    st->define_and_bind();
    st->execute(true);
  }
}

}  // namespace cqdt::onestop
