#include "portal/submission_service.hpp"

#include "db/statement.hpp"
#include "json_text.hpp"

namespace cqdt::portal {

namespace {

bool IsCitizen(const identity::Principal& p) {
  return p.realm == identity::Realm::kCitizen && p.subject_id > 0;
}

}  // namespace

Result<std::vector<onestop::OnlineFile>> SubmissionService::Resolve(
    db::Transaction& tx, const identity::Principal& p, const std::vector<DocumentChoice>& choices,
    std::vector<std::string>& uploads) const {
  std::vector<FieldError> errors;
  std::vector<onestop::OnlineFile> out;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const std::string at = "documents[" + std::to_string(i) + "].files";
    if (choices[i].files.size() > kMaxFilesPerDocument) {
      errors.push_back(
          {at, "range", "Mỗi giấy tờ có tối đa " + std::to_string(kMaxFilesPerDocument) + " tệp."});
      continue;
    }
    for (const ChosenFile& chosen : choices[i].files) {
      // Untrusted ids: only the caller's own files resolve (an upload, the store's, a file of
      // one of their dossiers); anything else is the same error.
      auto f = store_.Find(tx, p, chosen.id);
      if (!f) {
        errors.push_back(
            {at, "unknown", "Trường '" + at + "' phải là tệp trong kho dữ liệu của bạn."});
        break;
      }
      onestop::OnlineFile of;
      of.ordinal = choices[i].ordinal;
      of.file = {f->name, f->content_type, f->size, f->sha256};
      of.reused = f->source != StoreSource::kUpload;
      if (!of.reused) {
        uploads.push_back(f->id);
      }
      out.push_back(std::move(of));
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return out;
}

Result<Submitted> SubmissionService::Submit(db::Transaction& tx, const audit::Actor& actor,
                                            const identity::Principal& p,
                                            const SubmissionInput& in) {
  if (!IsCitizen(p)) {
    return Error::PermissionDenied("Chỉ công dân, tổ chức nộp hồ sơ trực tuyến.");
  }
  auto current = forms_.Current(tx, in.procedure_code);
  if (!current) {
    if (current.error().code() == ErrorCode::kNotFound) {
      return Error::InvalidField("procedureCode", "unknown",
                                 "Không có thủ tục với mã này đang có hiệu lực.");
    }
    return current.error();
  }
  if (in.form_id.value_or(FormId()) != current->id) {
    return Error::Conflict(
        "Tờ khai của thủ tục vừa được cập nhật: hãy tải lại trang và kiểm "
        "tra lại nội dung đã khai.");
  }
  std::vector<FieldError> errors;
  FormAnswers answers;
  if (auto checked = CheckAnswers(current->definition, in.answers, forms_.Today())) {
    answers = std::move(*checked);
  } else {
    errors = checked.error().fields();
  }
  std::vector<std::string> uploads;
  std::vector<onestop::OnlineFile> files;
  if (auto resolved = Resolve(tx, p, in.documents, uploads)) {
    files = std::move(*resolved);
  } else {
    errors.insert(errors.end(), resolved.error().fields().begin(), resolved.error().fields().end());
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  CQDT_ASSIGN_OR_RETURN(identity::Citizen citizen,
                        identity_.GetCitizen(tx, CitizenId(p.subject_id)));
  onestop::OnlineSubmission s;
  s.procedure_code = in.procedure_code;
  s.agency = in.agency;
  const auto parts = ApplicantParts(current->definition, answers);
  auto part = [&parts](ApplicantPart k, const std::string& fallback) {
    auto it = parts.find(k);
    return it != parts.end() ? it->second : fallback;
  };
  s.applicant.name = part(ApplicantPart::kName, citizen.full_name);
  s.applicant.id_number = part(ApplicantPart::kIdNumber, citizen.citizen_id_number);
  s.applicant.phone = part(ApplicantPart::kPhone, citizen.phone);
  s.applicant.email = part(ApplicantPart::kEmail, citizen.email);
  s.applicant.address = part(ApplicantPart::kAddress, "");
  s.applicant.representative = part(ApplicantPart::kRepresentative, "");
  // The client's documents keep their indexes (the desk's errors name documents[i]); the items
  // the e-form stands for follow.
  for (const DocumentChoice& c : in.documents) {
    onestop::ChecklistInput item;
    item.ordinal = c.ordinal;
    item.by_data = c.by_data;
    s.documents.push_back(std::move(item));
  }
  for (int ordinal : current->definition.documents) {
    onestop::ChecklistInput item;
    item.ordinal = ordinal;
    item.provided = true;
    s.documents.push_back(std::move(item));
  }
  s.files = std::move(files);
  s.delivery = in.delivery;
  s.note = in.note;
  CQDT_ASSIGN_OR_RETURN(onestop::Dossier d, dossiers_.SubmitOnline(tx, actor, p, s));
  CQDT_ASSIGN_OR_RETURN(StoredForm form, forms_.Ensure(tx, *current));
  long long dossier = d.id.value(), form_id = form.id.value(), who = p.subject_id,
            at = d.submitted_at;
  const std::string text = AnswersText(answers);
  db::Run(tx,
          "INSERT INTO portal_dossier_form (dossier_id, form_id, citizen_id, procedure_code,"
          " answers, applicant_address, submitted_at) VALUES (:d, :f, :c, :p, :a, :ad, :at)",
          soci::use(dossier), soci::use(form_id), soci::use(who), soci::use(d.procedure_code),
          soci::use(text), soci::use(d.applicant.address), soci::use(at));
  for (const std::string& id : uploads) {
    store_.ConsumeUpload(tx, CitizenId(p.subject_id), id);
  }
  if (in.draft.IsSet()) {
    CQDT_RETURN_IF_ERROR(drafts_.Delete(tx, actor, p, in.draft));
  }
  return Submitted{std::move(d), {std::move(form), std::move(answers), at}};
}

Result<std::vector<onestop::DossierSummary>> SubmissionService::Mine(
    db::Transaction& tx, const identity::Principal& p) const {
  return dossiers_.CitizenDossiers(tx, p);
}

std::optional<DossierForm> SubmissionService::Stored(db::Transaction& tx,
                                                     onestop::DossierId id) const {
  long long dossier = id.value(), form_id = 0, at = 0;
  std::string answers;
  if (!db::Run(tx,
               "SELECT form_id, answers, submitted_at FROM portal_dossier_form WHERE"
               " dossier_id = :d",
               soci::use(dossier), soci::into(form_id), soci::into(answers), soci::into(at))
           .got_data()) {
    return std::nullopt;
  }
  auto form = forms_.Get(tx, FormId(form_id));
  if (!form) {
    return std::nullopt;
  }
  return DossierForm{std::move(*form), ParseAnswersText(answers), at};
}

Result<CitizenDossierView> SubmissionService::View(db::Transaction& tx,
                                                   const identity::Principal& p,
                                                   const std::string& code) const {
  CQDT_ASSIGN_OR_RETURN(onestop::CitizenDossier d, dossiers_.CitizenView(tx, p, code));
  CitizenDossierView out;
  out.form = Stored(tx, d.dossier.id);
  out.dossier = std::move(d);
  return out;
}

FormAnswers SubmissionService::AnswersOf(db::Transaction& tx, onestop::DossierId id) const {
  long long dossier = id.value();
  std::string answers;
  if (!db::Run(tx, "SELECT answers FROM portal_dossier_form WHERE dossier_id = :d",
               soci::use(dossier), soci::into(answers))
           .got_data()) {
    return {};
  }
  return ParseAnswersText(answers);
}

Result<onestop::Dossier> SubmissionService::AnswerSupplement(db::Transaction& tx,
                                                             const audit::Actor& actor,
                                                             const identity::Principal& p,
                                                             const std::string& code,
                                                             const SupplementInput& in) {
  // The dossier first: another citizen's code is "not found", before any file is looked at.
  CQDT_RETURN_IF_ERROR(dossiers_.CitizenView(tx, p, code));
  std::vector<std::string> uploads;
  CQDT_ASSIGN_OR_RETURN(std::vector<onestop::OnlineFile> files,
                        Resolve(tx, p, in.documents, uploads));
  onestop::SupplementAnswer answer;
  answer.note = in.note;
  answer.files = std::move(files);
  answer.expected_updated_at = in.expected_updated_at;
  CQDT_ASSIGN_OR_RETURN(onestop::Dossier d, dossiers_.AnswerSupplement(tx, actor, p, code, answer));
  for (const std::string& id : uploads) {
    store_.ConsumeUpload(tx, CitizenId(p.subject_id), id);
  }
  return d;
}

Result<std::optional<DossierForm>> SubmissionService::FormOf(db::Transaction& tx,
                                                             const identity::Principal& p,
                                                             const std::string& code) const {
  CQDT_ASSIGN_OR_RETURN(onestop::Dossier d, dossiers_.Get(tx, p, code));
  return Stored(tx, d.id);
}

}  // namespace cqdt::portal
