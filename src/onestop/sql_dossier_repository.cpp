#include "sql_dossier_repository.hpp"

#include "core/dossier_code.hpp"
#include "crypto/crypto.hpp"
#include "db/statement.hpp"
#include "sql_dossier_columns.hpp"

namespace cqdt::onestop {

using dossier_sql::FromHundredths;
using dossier_sql::OutcomeName;
using dossier_sql::SearchKeyOf;
using dossier_sql::ToHundredths;

namespace {

std::optional<Timeliness> ParseOutcome(const std::string& s) {
  for (Timeliness t : {Timeliness::kEarly, Timeliness::kOnTime, Timeliness::kLate}) {
    if (s == TimelinessName(t)) {
      return t;
    }
  }
  return std::nullopt;
}

DossierFileKind FileKindOf(const std::string& name) {
  for (DossierFileKind k :
       {DossierFileKind::kApplication, DossierFileKind::kSupplement, DossierFileKind::kResult}) {
    if (name == DossierFileKindName(k)) {
      return k;
    }
  }
  return DossierFileKind::kApplication;
}

}  // namespace

std::optional<Dossier> DossierRepository::Load(const std::string& code) {
  Dossier d;
  long long id = 0, version = 0, receiving = 0, deciding = 0, citizen = 0, submitted = 0,
            received = 0, deadline = 0, transfer = 0, appointment = 0, due = 0, new_app = 0,
            fee = 0, finished = 0, returned = 0, updated = 0;
  soci::indicator citizen_ind = soci::i_null;
  int channel = 1, restart = 0, paid = 0, late = 0, sets = 1, current = 0;
  std::string state, resume, unit, delivery, timeliness;
  auto st = db::Run(
      tx_,
      "SELECT id, code, version_id, procedure_code, procedure_name, receiving_agency_id,"
      " deciding_agency_id, channel, state, resume_to, applicant_name, applicant_id_number,"
      " applicant_address, applicant_phone, applicant_email, applicant_representative,"
      " citizen_id, sets, submitted_at, received_at, received_by, deadline_hundredths,"
      " deadline_unit, restart_on_supplement, transfer_due_at, appointment_at, due_at,"
      " new_appointment_at, fee, fee_paid, delivery, result_note, finished_at, returned_at,"
      " returned_to, timeliness, late_flag, current_step, note, updated_at"
      " FROM onestop_dossier WHERE code = :c",
      soci::use(code), soci::into(id), soci::into(d.code), soci::into(version),
      soci::into(d.procedure_code), soci::into(d.procedure_name), soci::into(receiving),
      soci::into(deciding), soci::into(channel), soci::into(state), soci::into(resume),
      soci::into(d.applicant.name), soci::into(d.applicant.id_number),
      soci::into(d.applicant.address), soci::into(d.applicant.phone), soci::into(d.applicant.email),
      soci::into(d.applicant.representative), soci::into(citizen, citizen_ind), soci::into(sets),
      soci::into(submitted), soci::into(received), soci::into(d.received_by), soci::into(deadline),
      soci::into(unit), soci::into(restart), soci::into(transfer), soci::into(appointment),
      soci::into(due), soci::into(new_app), soci::into(fee), soci::into(paid), soci::into(delivery),
      soci::into(d.result_note), soci::into(finished), soci::into(returned),
      soci::into(d.returned_to), soci::into(timeliness), soci::into(late), soci::into(current),
      soci::into(d.note), soci::into(updated));
  if (!st.got_data()) {
    return std::nullopt;
  }
  d.id = DossierId(id);
  d.version_id = ProcedureVersionId(version);
  d.receiving_agency = AgencyId(receiving);
  d.deciding_agency = AgencyId(deciding);
  d.channel = static_cast<Channel>(channel);
  d.state = ParseDossierState(state).value_or(DossierState::kReceived);
  d.resume_to = ParseDossierState(resume).value_or(DossierState::kProcessing);
  if (citizen_ind == soci::i_ok) {
    d.citizen = CitizenId(citizen);
  }
  d.sets = sets;
  d.submitted_at = submitted;
  d.received_at = received;
  d.deadline.amount = FromHundredths(deadline);
  d.deadline.unit = ParseDeadlineUnit(unit).value_or(DeadlineUnit::kWorkingDays);
  d.restart_on_supplement = restart != 0;
  d.transfer_due_at = transfer;
  d.appointment_at = appointment;
  d.due_at = due;
  d.new_appointment_at = new_app;
  d.fee = fee;
  d.fee_paid = paid != 0;
  d.delivery = ParseResultDelivery(delivery).value_or(ResultDelivery::kCounter);
  d.finished_at = finished;
  d.returned_at = returned;
  d.timeliness = ParseOutcome(timeliness);
  d.late_flag = late != 0;
  d.updated_at = updated;
  LoadChildren(d);
  return d;
}

void DossierRepository::LoadChildren(Dossier& d) {
  long long id = d.id.value();
  {
    ChecklistItem c;
    int required = 0, provided = 0, by_data = 0;
    std::string reused;
    auto st = db::Prepare(tx_,
                          "SELECT ordinal, name, originals, copies, required, provided, by_data,"
                          " reused_from FROM onestop_dossier_document WHERE dossier_id = :d"
                          " ORDER BY ordinal",
                          soci::use(id), soci::into(c.ordinal), soci::into(c.name),
                          soci::into(c.originals), soci::into(c.copies), soci::into(required),
                          soci::into(provided), soci::into(by_data), soci::into(reused));
    st->execute(false);
    while (st->fetch()) {
      c.required = required != 0;
      c.provided = provided != 0;
      c.by_data = by_data != 0;
      c.reused = !reused.empty();
      d.checklist.push_back(c);
    }
  }
  {
    DossierStep s;
    long long hours = 0, assignee = 0, started = 0, planned = 0, finished = 0, agency = 0;
    soci::indicator assignee_ind = soci::i_null, agency_ind = soci::i_null;
    std::string performer, outcome;
    auto st = db::Prepare(
        tx_,
        "SELECT ordinal, name, performer, hours_hundredths, assignee_user_id, assignee_name,"
        " started_at, planned_end, finished_at, finished_by, outcome, note, agency_id FROM"
        " onestop_dossier_step WHERE dossier_id = :d ORDER BY ordinal",
        soci::use(id), soci::into(s.ordinal), soci::into(s.name), soci::into(performer),
        soci::into(hours), soci::into(assignee, assignee_ind), soci::into(s.assignee_name),
        soci::into(started), soci::into(planned), soci::into(finished), soci::into(s.finished_by),
        soci::into(outcome), soci::into(s.note), soci::into(agency, agency_ind));
    st->execute(false);
    while (st->fetch()) {
      DossierStep out = s;
      out.performer = ParsePerformer(performer).value_or(Performer::kOfficer);
      out.hours = FromHundredths(hours);
      out.assignee = assignee_ind == soci::i_ok ? UserId(assignee) : UserId();
      out.started_at = started;
      out.planned_end = planned;
      out.finished_at = finished;
      out.outcome = ParseOutcome(outcome);
      out.agency = agency_ind == soci::i_ok ? AgencyId(agency) : AgencyId();
      d.steps.push_back(out);
    }
  }
  {
    DossierFile f;
    long long fid = 0, agency = 0, size = 0, by = 0, at = 0, citizen = 0;
    soci::indicator by_ind = soci::i_null, citizen_ind = soci::i_null;
    std::string kind, reused;
    auto st =
        db::Prepare(tx_,
                    "SELECT id, agency_id, kind, document_ordinal, name, content_type, size,"
                    " sha256, uploaded_by, uploaded_at, citizen_id, reused_from FROM"
                    " onestop_dossier_file WHERE dossier_id = :d ORDER BY id",
                    soci::use(id), soci::into(fid), soci::into(agency), soci::into(kind),
                    soci::into(f.document_ordinal), soci::into(f.name), soci::into(f.content_type),
                    soci::into(size), soci::into(f.sha256), soci::into(by, by_ind), soci::into(at),
                    soci::into(citizen, citizen_ind), soci::into(reused));
    st->execute(false);
    while (st->fetch()) {
      DossierFile out = f;
      out.id = DossierFileId(fid);
      out.dossier_id = d.id;
      out.agency_id = AgencyId(agency);
      out.kind = FileKindOf(kind);
      out.size = size;
      out.uploaded_by = by_ind == soci::i_ok ? UserId(by) : UserId();
      out.uploaded_at = at;
      out.citizen = citizen_ind == soci::i_ok ? CitizenId(citizen) : CitizenId();
      out.reused = !reused.empty();
      d.files.push_back(out);
    }
  }
  {
    long long document = 0;
    soci::indicator ind = soci::i_null;
    auto st = db::Prepare(
        tx_, "SELECT document_id FROM onestop_dossier_result_document WHERE dossier_id = :d",
        soci::use(id), soci::into(document, ind));
    st->execute(false);
    if (st->fetch() && ind == soci::i_ok) {
      d.result_document = documents::DocumentId(document);
    }
  }
}

bool DossierRepository::Update(const Dossier& d, DossierState expected_state) {
  long long id = d.id.value(), deciding = d.deciding_agency.value(), due = d.due_at,
            new_app = d.new_appointment_at, fee = d.fee, finished = d.finished_at,
            returned = d.returned_at, updated = d.updated_at;
  int paid = d.fee_paid ? 1 : 0, late = d.late_flag ? 1 : 0, current = 0;
  for (const DossierStep& s : d.steps) {
    if (s.started_at != 0 && s.finished_at == 0) {
      current = s.ordinal;
      break;
    }
  }
  const std::string state = DossierStateName(d.state), resume = DossierStateName(d.resume_to),
                    expected = DossierStateName(expected_state),
                    timeliness = OutcomeName(d.timeliness);
  soci::statement st =
      (tx_.sql().prepare << "UPDATE onestop_dossier SET state = :s, resume_to = :r,"
                            " deciding_agency_id = :da, due_at = :due, new_appointment_at = :na,"
                            " fee = :fee, fee_paid = :paid, result_note = :rn,"
                            " finished_at = :fin, returned_at = :ret, returned_to = :rto,"
                            " timeliness = :t, late_flag = :late, current_step = :cur,"
                            " updated_at = :up WHERE id = :id AND state = :expected",
       soci::use(state), soci::use(resume), soci::use(deciding), soci::use(due), soci::use(new_app),
       soci::use(fee), soci::use(paid), soci::use(d.result_note), soci::use(finished),
       soci::use(returned), soci::use(d.returned_to), soci::use(timeliness), soci::use(late),
       soci::use(current), soci::use(updated), soci::use(id), soci::use(expected));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void DossierRepository::SetReceipt(const Dossier& d) {
  long long id = d.id.value(), received = d.received_at, transfer = d.transfer_due_at,
            appointment = d.appointment_at;
  const std::string key = SearchKeyOf(d);
  db::Run(tx_,
          "UPDATE onestop_dossier SET code = :c, received_at = :r, received_by = :rb,"
          " transfer_due_at = :t, appointment_at = :a, search_key = :k WHERE id = :id",
          soci::use(d.code), soci::use(received), soci::use(d.received_by), soci::use(transfer),
          soci::use(appointment), soci::use(key), soci::use(id));
}

void DossierRepository::SetCode(const Dossier& d) {
  const auto code = ParseDossierCode(d.code);  // checked: it goes into the SQL text below
  if (tx_.engine() != db::Engine::kPostgres || !code) {
    long long id = d.id.value();
    const std::string key = SearchKeyOf(d);
    db::Run(tx_, "UPDATE onestop_dossier SET code = :c, search_key = :k WHERE id = :id",
            soci::use(d.code), soci::use(key), soci::use(id));
    return;
  }
  // Sent with the COMMIT: the desk's counter row, taken just before, is then held for one round
  // trip more, not two. The code is ours (parsed above); the search key holds the
  // applicant's name, so it goes base64-encoded (db::Transaction::SendWithCommit).
  tx_.SendWithCommit("UPDATE onestop_dossier SET code = '" + code->Text() +
                     "', search_key = convert_from(decode('" +
                     crypto::Base64Encode(SearchKeyOf(d)) +
                     "', 'base64'), 'UTF8') WHERE id = " + std::to_string(d.id.value()));
}

void DossierRepository::UpdateStep(DossierId id, const DossierStep& s) {
  long long dossier = id.value(), assignee = s.assignee.value(), started = s.started_at,
            planned = s.planned_end, finished = s.finished_at;
  soci::indicator assignee_ind = s.assignee.IsSet() ? soci::i_ok : soci::i_null;
  int ordinal = s.ordinal;
  const std::string outcome = OutcomeName(s.outcome);
  db::Run(tx_,
          "UPDATE onestop_dossier_step SET assignee_user_id = :a, assignee_name = :an,"
          " started_at = :s, planned_end = :p, finished_at = :f, finished_by = :fb,"
          " outcome = :o, note = :n WHERE dossier_id = :d AND ordinal = :ord",
          soci::use(assignee, assignee_ind), soci::use(s.assignee_name), soci::use(started),
          soci::use(planned), soci::use(finished), soci::use(s.finished_by), soci::use(outcome),
          soci::use(s.note), soci::use(dossier), soci::use(ordinal));
}

void DossierRepository::UpdateChecklistItem(DossierId id, const ChecklistItem& c) {
  long long dossier = id.value();
  int ordinal = c.ordinal, provided = c.provided ? 1 : 0, by_data = c.by_data ? 1 : 0;
  db::Run(tx_,
          "UPDATE onestop_dossier_document SET provided = :p, by_data = :b WHERE dossier_id = :d"
          " AND ordinal = :o",
          soci::use(provided), soci::use(by_data), soci::use(dossier), soci::use(ordinal));
  db::Run(tx_,
          "UPDATE onestop_dossier SET by_data = CASE WHEN EXISTS (SELECT 1 FROM"
          " onestop_dossier_document WHERE dossier_id = :d1 AND (by_data = 1 OR reused_from <> ''))"
          " THEN 1 ELSE 0 END"
          " WHERE id = :d2",
          soci::use(dossier), soci::use(dossier));
}

void DossierRepository::InsertEvent(DossierId id, const DossierEvent& e) {
  long long dossier = id.value(), at = e.at;
  const std::string from = DossierStateName(e.from), to = DossierStateName(e.to);
  static const std::string sql =
      std::string(dossier_sql::kEventInsert) + " VALUES (:d, :at, :an, :a, :f, :t, :n)";
  db::Run(tx_, sql, soci::use(dossier), soci::use(at), soci::use(e.actor_name), soci::use(e.action),
          soci::use(from), soci::use(to), soci::use(e.note));
}

std::vector<DossierEvent> DossierRepository::Events(DossierId id) {
  long long dossier = id.value(), at = 0;
  DossierEvent e;
  std::string from, to;
  auto st = db::Prepare(tx_,
                        "SELECT at, actor_name, action, from_state, to_state, note FROM"
                        " onestop_dossier_event WHERE dossier_id = :d ORDER BY id",
                        soci::use(dossier), soci::into(at), soci::into(e.actor_name),
                        soci::into(e.action), soci::into(from), soci::into(to), soci::into(e.note));
  st->execute(false);
  std::vector<DossierEvent> out;
  while (st->fetch()) {
    DossierEvent x = e;
    x.at = at;
    x.from = ParseDossierState(from).value_or(DossierState::kNew);
    x.to = ParseDossierState(to).value_or(DossierState::kNew);
    out.push_back(x);
  }
  return out;
}

std::vector<StoredPause> DossierRepository::Pauses(DossierId id) {
  long long dossier = id.value(), started = 0, ended = 0;
  soci::indicator ended_ind = soci::i_null;
  StoredPause p;
  auto st = db::Prepare(tx_,
                        "SELECT ordinal, kind, started_at, ended_at FROM onestop_dossier_pause"
                        " WHERE dossier_id = :d ORDER BY ordinal",
                        soci::use(dossier), soci::into(p.ordinal), soci::into(p.kind),
                        soci::into(started), soci::into(ended, ended_ind));
  st->execute(false);
  std::vector<StoredPause> out;
  while (st->fetch()) {
    StoredPause x = p;
    x.started_at = started;
    x.ended_at = ended_ind == soci::i_ok ? ended : 0;
    out.push_back(x);
  }
  return out;
}

void DossierRepository::OpenPause(DossierId id, const std::string& kind, std::int64_t at) {
  long long dossier = id.value(), started = at;
  int ordinal = static_cast<int>(Pauses(id).size()) + 1;
  db::Run(tx_,
          "INSERT INTO onestop_dossier_pause (dossier_id, ordinal, kind, started_at) VALUES"
          " (:d, :o, :k, :s)",
          soci::use(dossier), soci::use(ordinal), soci::use(kind), soci::use(started));
}

void DossierRepository::ClosePause(DossierId id, std::int64_t at) {
  long long dossier = id.value(), ended = at;
  db::Run(tx_,
          "UPDATE onestop_dossier_pause SET ended_at = :e WHERE dossier_id = :d AND ended_at"
          " IS NULL",
          soci::use(ended), soci::use(dossier));
}

void DossierRepository::MarkWithFiles(DossierId dossier, DossierFileKind kind) {
  if (!dossier.IsSet() || kind == DossierFileKind::kResult) {
    return;
  }
  long long d = dossier.value();
  db::Run(tx_, "UPDATE onestop_dossier SET with_files = 1 WHERE id = :d AND with_files = 0",
          soci::use(d));
}

DossierFileId DossierRepository::InsertFile(const DossierFile& f) {
  const DossierFileId id = InsertFileRow(f);
  MarkWithFiles(f.dossier_id, f.kind);
  return id;
}

bool DossierRepository::AttachFile(DossierFileId id, DossierId dossier, DossierFileKind kind,
                                   int ordinal) {
  if (!AttachFileRow(id, dossier, kind, ordinal)) {
    return false;
  }
  MarkWithFiles(dossier, kind);
  return true;
}

DossierFileId DossierRepository::InsertFileRow(const DossierFile& f) {
  long long id = 0, dossier = f.dossier_id.value(), agency = f.agency_id.value(), size = f.size,
            by = f.uploaded_by.value(), at = f.uploaded_at;
  soci::indicator dossier_ind = f.dossier_id.IsSet() ? soci::i_ok : soci::i_null;
  const std::string kind = DossierFileKindName(f.kind);
  int ordinal = f.document_ordinal;
  db::Run(tx_,
          "INSERT INTO onestop_dossier_file (dossier_id, agency_id, kind, document_ordinal, name,"
          " content_type, size, sha256, uploaded_by, uploaded_at) VALUES (:d, :a, :k, :o, :n,"
          " :ct, :s, :h, :b, :at) RETURNING id",
          soci::use(dossier, dossier_ind), soci::use(agency), soci::use(kind), soci::use(ordinal),
          soci::use(f.name), soci::use(f.content_type), soci::use(size), soci::use(f.sha256),
          soci::use(by), soci::use(at), soci::into(id));
  return DossierFileId(id);
}

std::optional<DossierFile> DossierRepository::File(DossierFileId id) {
  DossierFile f;
  long long fid = id.value(), dossier = 0, agency = 0, size = 0, by = 0, at = 0;
  soci::indicator dossier_ind = soci::i_null, by_ind = soci::i_null;
  std::string kind;
  auto st = db::Run(tx_,
                    "SELECT dossier_id, agency_id, kind, document_ordinal, name, content_type,"
                    " size, sha256, uploaded_by, uploaded_at FROM onestop_dossier_file WHERE"
                    " id = :id",
                    soci::use(fid), soci::into(dossier, dossier_ind), soci::into(agency),
                    soci::into(kind), soci::into(f.document_ordinal), soci::into(f.name),
                    soci::into(f.content_type), soci::into(size), soci::into(f.sha256),
                    soci::into(by, by_ind), soci::into(at));
  if (!st.got_data()) {
    return std::nullopt;
  }
  f.id = id;
  f.dossier_id = dossier_ind == soci::i_ok ? DossierId(dossier) : DossierId();
  f.agency_id = AgencyId(agency);
  f.kind = FileKindOf(kind);
  f.size = size;
  // A citizen's file has no uploader among the staff: never one a staff member may attach.
  f.uploaded_by = by_ind == soci::i_ok ? UserId(by) : UserId();
  f.uploaded_at = at;
  return f;
}

bool DossierRepository::AttachFileRow(DossierFileId id, DossierId dossier, DossierFileKind kind,
                                      int ordinal) {
  long long fid = id.value(), did = dossier.value();
  const std::string k = DossierFileKindName(kind);
  auto st = db::Run(tx_,
                    "UPDATE onestop_dossier_file SET dossier_id = :d, kind = :k,"
                    " document_ordinal = :o WHERE id = :id AND dossier_id IS NULL",
                    soci::use(did), soci::use(k), soci::use(ordinal), soci::use(fid));
  return st->get_affected_rows() == 1;
}

void DossierRepository::SetFeeMethod(DossierId id, FeeMethod method) {
  long long dossier = id.value();
  const std::string name = FeeMethodName(method);
  db::Run(tx_, "UPDATE onestop_dossier SET fee_method = :m WHERE id = :d", soci::use(name),
          soci::use(dossier));
}

FeeMethod DossierRepository::FeeMethodOf(DossierId id) {
  long long d = id.value();
  std::string name;
  soci::indicator ind = soci::i_null;
  db::Run(tx_, "SELECT fee_method FROM onestop_dossier WHERE id = :d", soci::use(d),
          soci::into(name, ind));
  if (ind != soci::i_ok) {
    return FeeMethod::kNone;
  }
  return name == "transfer"  ? FeeMethod::kTransfer
         : name == "counter" ? FeeMethod::kCounter
                             : FeeMethod::kNone;
}

void DossierRepository::LinkResultDocument(DossierId id, documents::DocumentId document, UserId by,
                                           std::int64_t at) {
  long long dossier = id.value(), doc = document.value(), user = by.value(), when = at;
  db::Run(tx_, "DELETE FROM onestop_dossier_result_document WHERE dossier_id = :d",
          soci::use(dossier));
  db::Run(tx_,
          "INSERT INTO onestop_dossier_result_document (dossier_id, document_id, linked_by,"
          " linked_at) VALUES (:d, :doc, :by, :at)",
          soci::use(dossier), soci::use(doc), soci::use(user), soci::use(when));
  db::Run(tx_, "UPDATE onestop_dossier SET with_result_document = 1 WHERE id = :d",
          soci::use(dossier));
}

std::vector<std::pair<std::string, std::int64_t>> DossierRepository::FeesDue(
    AgencyId agency, const std::vector<std::string>& states) {
  std::string in;
  for (std::size_t i = 0; i < states.size(); ++i) {
    in += (i == 0 ? "'" : ", '") + states[i] + "'";  // state names of the code, never input
  }
  long long a = agency.value(), fee = 0;
  std::string code;
  soci::statement st =
      (tx_.sql().prepare << "SELECT code, fee FROM onestop_dossier WHERE receiving_agency_id = :a"
                            " AND fee > 0 AND fee_paid = 0 AND state IN (" +
                                in + ") ORDER BY code",
       soci::use(a), soci::into(code), soci::into(fee));
  st.execute(false);
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (st.fetch()) {
    out.emplace_back(code, fee);
  }
  return out;
}

}  // namespace cqdt::onestop
