// The SQL of a citizen's side of the dossiers (sql_dossier_repository.hpp; dossier_citizen.cpp):
// their files given online, their dossiers and the files of those.
#include "db/statement.hpp"
#include "sql_dossier_repository.hpp"

namespace cqdt::onestop {

DossierFileId DossierRepository::InsertCitizenFile(const DossierFile& f) {
  long long id = 0, dossier = f.dossier_id.value(), agency = f.agency_id.value(), size = f.size,
            citizen = f.citizen.value(), at = f.uploaded_at;
  const std::string kind = DossierFileKindName(f.kind), reused = f.reused ? "store" : "";
  int ordinal = f.document_ordinal;
  db::Run(tx_,
          "INSERT INTO onestop_dossier_file (dossier_id, agency_id, kind, document_ordinal, name,"
          " content_type, size, sha256, uploaded_by, uploaded_at, citizen_id, reused_from) VALUES"
          " (:d, :a, :k, :o, :n, :ct, :s, :h, NULL, :at, :c, :r) RETURNING id",
          soci::use(dossier), soci::use(agency), soci::use(kind), soci::use(ordinal),
          soci::use(f.name), soci::use(f.content_type), soci::use(size), soci::use(f.sha256),
          soci::use(at), soci::use(citizen), soci::use(reused), soci::into(id));
  MarkWithFiles(f.dossier_id, f.kind);
  return DossierFileId(id);
}

// A component reused from the citizen's store is data the state already holds: the dossier's
// by_data flag, which REUSED_DIGITIZED_DATA counts (chi-so-766.md §3.6), says so too.
void DossierRepository::SetChecklistReused(DossierId id, int ordinal) {
  long long dossier = id.value();
  db::Run(tx_,
          "UPDATE onestop_dossier_document SET reused_from = 'store' WHERE dossier_id = :d AND"
          " ordinal = :o",
          soci::use(dossier), soci::use(ordinal));
  db::Run(tx_, "UPDATE onestop_dossier SET by_data = 1 WHERE id = :d AND by_data = 0",
          soci::use(dossier));
}

std::vector<DossierSummary> DossierRepository::CitizenList(CitizenId citizen) {
  long long who = citizen.value(), id = 0, received = 0, due = 0, new_app = 0;
  int channel = 1, late = 0;
  std::string code, pcode, pname, applicant, state;
  auto st =
      db::Prepare(tx_,
                  "SELECT id, code, procedure_code, procedure_name, applicant_name, state,"
                  " channel, received_at, due_at, new_appointment_at, late_flag FROM"
                  " onestop_dossier WHERE citizen_id = :c ORDER BY submitted_at DESC,"
                  " id DESC LIMIT 500",
                  soci::use(who), soci::into(id), soci::into(code), soci::into(pcode),
                  soci::into(pname), soci::into(applicant), soci::into(state), soci::into(channel),
                  soci::into(received), soci::into(due), soci::into(new_app), soci::into(late));
  st->execute(false);
  std::vector<DossierSummary> out;
  while (st->fetch()) {
    DossierSummary s;
    s.id = DossierId(id);
    s.code = code;
    s.procedure_code = pcode;
    s.procedure_name = pname;
    s.applicant_name = applicant;
    s.state = ParseDossierState(state).value_or(DossierState::kNew);
    s.channel = static_cast<Channel>(channel);
    s.received_at = received;
    s.due_at = due;
    s.new_appointment_at = new_app;
    s.late_flag = late != 0;
    out.push_back(s);
  }
  return out;
}

std::vector<CitizenDossierFile> DossierRepository::CitizenFiles(CitizenId citizen,
                                                                DossierFileId only) {
  long long who = citizen.value(), file = only.value(), fid = 0, dossier = 0, agency = 0, size = 0,
            at = 0;
  soci::indicator doc_ind = soci::i_null;
  std::string kind, reused, state, document_name;
  CitizenDossierFile row;
  DossierFile& f = row.file;
  db::Statement st = tx_.Prepare(
      std::string("SELECT f.id, f.dossier_id, f.agency_id, f.kind, f.document_ordinal, f.name,"
                  " f.content_type, f.size, f.sha256, f.uploaded_at, f.reused_from, d.code,"
                  " d.procedure_code, d.procedure_name, d.state, c.name FROM onestop_dossier_file"
                  " f JOIN onestop_dossier d ON d.id = f.dossier_id LEFT JOIN"
                  " onestop_dossier_document c ON c.dossier_id = f.dossier_id AND c.ordinal ="
                  " f.document_ordinal WHERE d.citizen_id = :c") +
      (only.IsSet() ? " AND f.id = :f" : " ORDER BY f.id DESC LIMIT 1000"));
  st->exchange(soci::into(fid));
  st->exchange(soci::into(dossier));
  st->exchange(soci::into(agency));
  st->exchange(soci::into(kind));
  st->exchange(soci::into(f.document_ordinal));
  st->exchange(soci::into(f.name));
  st->exchange(soci::into(f.content_type));
  st->exchange(soci::into(size));
  st->exchange(soci::into(f.sha256));
  st->exchange(soci::into(at));
  st->exchange(soci::into(reused));
  st->exchange(soci::into(row.dossier_code));
  st->exchange(soci::into(row.procedure_code));
  st->exchange(soci::into(row.procedure_name));
  st->exchange(soci::into(state));
  st->exchange(soci::into(document_name, doc_ind));
  st->exchange(soci::use(who));
  if (only.IsSet()) {
    st->exchange(soci::use(file));
  }
  st->define_and_bind();
  st->execute(false);
  std::vector<CitizenDossierFile> out;
  while (st->fetch()) {
    CitizenDossierFile r = row;
    r.file.id = DossierFileId(fid);
    r.file.dossier_id = DossierId(dossier);
    r.file.agency_id = AgencyId(agency);
    r.file.kind = kind == "result"       ? DossierFileKind::kResult
                  : kind == "supplement" ? DossierFileKind::kSupplement
                                         : DossierFileKind::kApplication;
    r.file.size = size;
    r.file.uploaded_at = at;
    r.file.citizen = citizen;
    r.file.reused = !reused.empty();
    r.state = ParseDossierState(state).value_or(DossierState::kNew);
    r.document_name = doc_ind == soci::i_ok ? document_name : "";
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace cqdt::onestop
