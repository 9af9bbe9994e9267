// An online dossier from the portal (issue 13 brings the citizen's pages): it waits, under a
// provisional code, for the desk to accept it (dossier_actions.cpp).
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
    if (ci.ordinal < 1 || ci.ordinal > static_cast<int>(d.checklist.size())) {
      const std::string field = "documents[" + std::to_string(i) + "]";
      errors.push_back({field + ".ordinal", "unknown",
                        "Trường '" + field + ".ordinal' không phải giấy tờ của thủ tục."});
      continue;
    }
    ChecklistItem& item = d.checklist[ci.ordinal - 1];
    item.provided = item.provided || ci.provided;
    item.by_data = item.by_data || ci.by_data;
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
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor, {"dossier.submit", "dossier", d.code, d.procedure_name}));
  auto stored = repo.Load(d.code);
  if (!stored) {
    return Error::Internal();
  }
  NameAgencies(tx, agencies_, *stored);
  return *stored;
}

}  // namespace cqdt::onestop
