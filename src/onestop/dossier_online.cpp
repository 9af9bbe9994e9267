// An online dossier from the portal (issue 13 item 3): it waits, under a provisional code, for the
// desk to accept it (dossier_actions.cpp); the citizen's files come with it, uploaded for it or
// reused from their document store.
#include "crypto/crypto.hpp"
#include "dossier_internal.hpp"
#include "onestop/dossier_service.hpp"
#include "sql_dossier_repository.hpp"

namespace cqdt::onestop {

using identity::Principal;
using namespace internal;

Result<Dossier> DossierService::SubmitOnline(db::Transaction& tx, const audit::Actor& actor,
                                             const Principal& p, const OnlineSubmission& in) {
  if (p.realm != identity::Realm::kCitizen || p.subject_id <= 0) {
    return Error::PermissionDenied("Chỉ công dân, tổ chức nộp hồ sơ trực tuyến.");
  }
  std::vector<FieldError> errors;
  const Applicant a = CheckApplicant(in.applicant, errors);
  std::string note;
  CheckField(in.note, "note", "Ghi chú", 0, 2000, errors, note);
  auto version = catalogue_.Current(tx, in.procedure_code);
  if (!version) {
    errors.push_back({"procedureCode", "unknown", "Không có thủ tục với mã này đang có hiệu lực."});
    return Error::Invalid(std::move(errors));
  }
  const ProcedureContent& c = version->content;
  const bool known = in.agency.IsSet() && agencies_.Get(tx, in.agency).has_value();
  const std::vector<AgencyId>& performers = version->agencies;
  if (!known || (!performers.empty() &&
                 std::find(performers.begin(), performers.end(), in.agency) == performers.end())) {
    errors.push_back({"agencyId", "unknown", "Cơ quan này không tiếp nhận thủ tục."});
  }
  const ChannelOffer* offer = OfferOf(c, Channel::kOnline);
  if (offer == nullptr) {
    errors.push_back({"procedureCode", "online", "Thủ tục không nhận hồ sơ trực tuyến."});
  }
  Dossier d;
  d.checklist = ChecklistOf(c);
  for (std::size_t i = 0; i < in.documents.size(); ++i) {
    const ChecklistInput& ci = in.documents[i];
    const std::string field = "documents[" + std::to_string(i) + "]";
    if (ci.ordinal < 1 || ci.ordinal > static_cast<int>(d.checklist.size())) {
      errors.push_back({field + ".ordinal", "unknown",
                        "Trường '" + field + ".ordinal' không phải giấy tờ của thủ tục."});
      continue;
    }
    // Only what the catalogue says the state's data replaces may be left out (Decree 45/2020:
    // the agency looks it up); everything else is a file or the e-form.
    if (ci.by_data && !c.documents[ci.ordinal - 1].replaceable_by_data) {
      errors.push_back({field + ".byData", "data",
                        "Giấy tờ này không thay được bằng dữ liệu sẵn có: hãy tải tệp lên."});
      continue;
    }
    ChecklistItem& item = d.checklist[ci.ordinal - 1];
    item.provided = item.provided || ci.provided;
    item.by_data = item.by_data || ci.by_data;
  }
  for (std::size_t i = 0; i < in.files.size(); ++i) {
    const OnlineFile& f = in.files[i];
    if (f.ordinal < 1 || f.ordinal > static_cast<int>(d.checklist.size())) {
      errors.push_back(
          {"files[" + std::to_string(i) + "].ordinal", "unknown",
           "Trường 'files[" + std::to_string(i) + "].ordinal' không phải giấy tờ của thủ tục."});
      continue;
    }
    ChecklistItem& item = d.checklist[f.ordinal - 1];
    item.provided = true;
    item.reused = item.reused || f.reused;
  }
  std::string missing;
  for (const ChecklistItem& item : d.checklist) {
    if (item.required && !item.provided && !item.by_data) {
      missing += (missing.empty() ? "" : "; ") + item.name;
    }
  }
  if (!missing.empty()) {
    errors.push_back({"documents", "missing", "Hồ sơ còn thiếu giấy tờ bắt buộc: " + missing});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  d.code = "TT-" + crypto::RandomHex(8);
  d.version_id = version->id;
  d.procedure_code = c.code;
  d.procedure_name = c.name;
  d.receiving_agency = in.agency;
  d.deciding_agency = in.agency;
  d.channel = Channel::kOnline;
  d.state = DossierState::kNew;
  d.resume_to = DossierState::kProcessing;
  d.applicant = a;
  d.citizen = CitizenId(p.subject_id);
  d.sets = c.sets;
  d.submitted_at = now;
  d.deadline = offer->deadline;
  d.restart_on_supplement = c.restart_on_supplement;
  d.fee = FeesOf(*offer);
  d.delivery = in.delivery;
  d.note = note;
  d.updated_at = now;
  d.steps = StepsOf(c, *offer);
  for (DossierStep& s : d.steps) {
    // Another agency's step gets its agency when the desk hands the dossier on (not yet chosen).
    if (s.performer != Performer::kOtherAgency) {
      s.agency = in.agency;
    }
  }
  DossierRepository repo(tx);
  std::vector<DossierFile> no_files;
  repo.InsertNew(d, no_files, {now, a.name, "submit", DossierState::kNew, DossierState::kNew, ""});
  for (const OnlineFile& of : in.files) {
    DossierFile f;
    f.dossier_id = d.id;
    f.agency_id = in.agency;
    f.kind = DossierFileKind::kApplication;
    f.document_ordinal = of.ordinal;
    f.name = of.file.name;
    f.content_type = of.file.content_type;
    f.size = of.file.size;
    f.sha256 = of.file.sha256;
    f.citizen = d.citizen;
    f.reused = of.reused;
    f.uploaded_at = now;
    repo.InsertCitizenFile(f);
  }
  for (const ChecklistItem& item : d.checklist) {
    if (item.reused) {
      repo.SetChecklistReused(d.id, item.ordinal);
    }
  }
  if (!version->used) {  // a dossier was filed under it: its content is final
    CQDT_RETURN_IF_ERROR(catalogue_.MarkUsed(tx, version->id));
  }
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor, {"dossier.submit", "dossier", d.code, d.procedure_name}));
  CQDT_RETURN_IF_ERROR(NotifyDesk(tx, identity_, outbox_, d, "onestop.online_submitted",
                                  "Hồ sơ trực tuyến " + d.code + " (" + d.procedure_name +
                                      ") của " + a.name + " chờ tiếp nhận.",
                                  "Online dossier " + d.code + " (" + d.procedure_name + ") from " +
                                      a.name + " is waiting for acceptance.",
                                  "onestop.online_submitted|" + d.code));
  auto stored = repo.Load(d.code);
  if (!stored) {
    return Error::Internal();
  }
  NameAgencies(tx, agencies_, *stored);
  return *stored;
}

}  // namespace cqdt::onestop
