// What a citizen does with their own dossiers on the portal (issue 13 item 3; dossier_service.hpp):
// the list and one dossier with its timeline, the files of their dossiers for their document
// store (kho dữ liệu), and the answer to a supplement request, given online.
#include <algorithm>

#include "core/text.hpp"
#include "dossier_internal.hpp"
#include "onestop/dossier_service.hpp"
#include "sql_dossier_repository.hpp"

namespace cqdt::onestop {

namespace {

using identity::Principal;
using identity::Role;
using namespace internal;

bool IsCitizen(const Principal& p) {
  return p.realm == identity::Realm::kCitizen && p.subject_id > 0;
}

bool Owns(const Principal& p, const Dossier& d) {
  return IsCitizen(p) && d.citizen.IsSet() && d.citizen.value() == p.subject_id;
}

// A result is the citizen's once it is ready; before, it is the agency's work in progress.
bool Visible(const DossierFile& f, DossierState state) {
  return f.kind != DossierFileKind::kResult || state == DossierState::kDone ||
         state == DossierState::kReturned;
}

}  // namespace

Status internal::NotifyDesk(db::Transaction& tx, identity::IdentityService& identity,
                            const notify::Outbox& outbox, const Dossier& d, const std::string& kind,
                            const std::string& vi, const std::string& en, const std::string& key) {
  for (const identity::User& u : identity.ListUsers(tx, d.receiving_agency, "")) {
    if (u.disabled || !u.roles.contains(Role::kCounterOfficer)) {
      continue;
    }
    auto sent =
        outbox.Enqueue(tx, {notify::Recipient::User(u.id), kind, vi, en, "/mot-cua/ho-so/" + d.code,
                            "onestop.dossier", d.code, key + "|" + std::to_string(u.id.value())});
    if (!sent) {
      return sent.error();
    }
  }
  return Ok();
}

Result<std::vector<DossierSummary>> DossierService::CitizenDossiers(db::Transaction& tx,
                                                                    const Principal& p) const {
  if (!IsCitizen(p)) {
    return Error::PermissionDenied("Chỉ công dân, tổ chức đã đăng nhập mới xem hồ sơ của mình.");
  }
  return DossierRepository(tx).CitizenList(CitizenId(p.subject_id));
}

Result<CitizenDossier> DossierService::CitizenView(db::Transaction& tx, const Principal& p,
                                                   const std::string& code) const {
  DossierRepository repo(tx);
  auto d = repo.Load(code);
  if (!d || !Owns(p, *d)) {
    return Error::NotFound("hồ sơ", code);
  }
  NameAgencies(tx, agencies_, *d);
  const DossierState state = d->state;
  std::erase_if(d->files, [state](const DossierFile& f) { return !Visible(f, state); });
  CitizenDossier out;
  out.timeline = repo.Events(d->id);
  out.dossier = std::move(*d);
  return out;
}

Result<std::vector<CitizenDossierFile>> DossierService::CitizenFiles(db::Transaction& tx,
                                                                     const Principal& p) const {
  if (!IsCitizen(p)) {
    return Error::PermissionDenied("Chỉ công dân, tổ chức đã đăng nhập mới xem kho dữ liệu.");
  }
  std::vector<CitizenDossierFile> files =
      DossierRepository(tx).CitizenFiles(CitizenId(p.subject_id));
  std::erase_if(files, [](const CitizenDossierFile& f) { return !Visible(f.file, f.state); });
  return files;
}

Result<CitizenDossierFile> DossierService::CitizenFile(db::Transaction& tx, const Principal& p,
                                                       DossierFileId id) const {
  if (IsCitizen(p)) {
    for (CitizenDossierFile& f : DossierRepository(tx).CitizenFiles(CitizenId(p.subject_id), id)) {
      if (Visible(f.file, f.state)) {
        return std::move(f);
      }
    }
  }
  return Error::NotFound("tệp", std::to_string(id.value()));
}

Result<std::string> DossierService::FileBytes(const DossierFile& f) const {
  return blob::NameCorruptFile(blobs_.Get(f.sha256), f.name);
}

Result<Dossier> DossierService::AnswerSupplement(db::Transaction& tx, const audit::Actor& actor,
                                                 const Principal& p, const std::string& code,
                                                 const SupplementAnswer& in) {
  DossierRepository repo(tx);
  auto loaded = repo.Load(code);
  if (!loaded || !Owns(p, *loaded)) {
    return Error::NotFound("hồ sơ", code);
  }
  Dossier d = std::move(*loaded);
  if (in.expected_updated_at && *in.expected_updated_at != d.updated_at) {
    return Error::Conflict("Hồ sơ vừa được cập nhật; hãy tải lại trang.");
  }
  DossierFacts facts;
  facts.resume_to = d.resume_to;
  CQDT_ASSIGN_OR_RETURN(DossierState next, Transition(d.state, DossierAction::kResubmit, facts));
  std::vector<FieldError> errors;
  std::string note;
  CheckField(in.note, "note", "Nội dung bổ sung", 0, 2000, errors, note);
  if (in.files.empty() && note.empty()) {
    errors.push_back({"files", "required", "Hãy gửi giấy tờ bổ sung hoặc ghi nội dung bổ sung."});
  }
  for (std::size_t i = 0; i < in.files.size(); ++i) {
    const int ordinal = in.files[i].ordinal;
    if (ordinal < 0 || ordinal > static_cast<int>(d.checklist.size())) {
      errors.push_back(
          {"files[" + std::to_string(i) + "].ordinal", "unknown",
           "Trường 'files[" + std::to_string(i) + "].ordinal' không phải giấy tờ của thủ tục."});
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  const DossierState before = d.state;
  repo.ClosePause(d.id, now);
  for (const OnlineFile& of : in.files) {
    DossierFile f;
    f.dossier_id = d.id;
    f.agency_id = d.receiving_agency;
    f.kind = DossierFileKind::kSupplement;
    f.document_ordinal = of.ordinal;
    f.name = of.file.name;
    f.content_type = of.file.content_type;
    f.size = of.file.size;
    f.sha256 = of.file.sha256;
    f.citizen = d.citizen;
    f.reused = of.reused;
    f.uploaded_at = now;
    repo.InsertCitizenFile(f);
    if (of.ordinal > 0) {
      ChecklistItem& item = d.checklist[of.ordinal - 1];
      item.provided = true;
      repo.UpdateChecklistItem(d.id, item);
      if (of.reused) {
        repo.SetChecklistReused(d.id, of.ordinal);
      }
    }
  }
  // A received dossier's due time follows its pauses (as the desk's resubmit recomputes it); one
  // still waiting for acceptance has no clock yet.
  if (d.received_at != 0) {
    std::vector<Pause> pauses;
    for (const StoredPause& sp : repo.Pauses(d.id)) {
      Pause x{Local(sp.started_at), std::nullopt};
      if (sp.ended_at != 0) {
        x.to = Local(sp.ended_at);
      }
      pauses.push_back(x);
    }
    CQDT_ASSIGN_OR_RETURN(LocalDateTime due,
                          DueAfterPauses(calendar_, d.deadline, Local(d.received_at), pauses,
                                         d.restart_on_supplement, Local(now)));
    d.due_at = Unix(due);
    if (ClockRuns(next) && now > d.due_at) {
      d.late_flag = true;
    }
  }
  d.state = next;
  d.updated_at = std::max(now, d.updated_at + 1);
  if (!repo.Update(d, before)) {
    return Error::Conflict("Hồ sơ vừa được cập nhật; hãy tải lại trang.");
  }
  const std::string event_note =
      "Bổ sung trực tuyến" + (note.empty() ? std::string() : ": " + note) +
      (in.files.empty() ? std::string() : " (" + std::to_string(in.files.size()) + " tệp)");
  repo.InsertEvent(d.id, {now, d.applicant.name, DossierActionName(DossierAction::kResubmit),
                          before, d.state, event_note});
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"dossier.resubmit_online", "dossier", d.code,
                     DossierStateLabel(before) + " → " + DossierStateLabel(d.state)}));
  CQDT_RETURN_IF_ERROR(
      NotifyDesk(tx, identity_, outbox_, d, "onestop.supplement_answered",
                 "Hồ sơ " + d.code + " (" + d.procedure_name + ") đã được bổ sung trực tuyến.",
                 "Dossier " + d.code + " (" + d.procedure_name + ") was supplemented online.",
                 "onestop.supplement_answered|" + d.code + "|" + std::to_string(now)));
  auto stored = repo.Load(d.code);
  if (!stored) {
    return Error::Internal();
  }
  NameAgencies(tx, agencies_, *stored);
  return *stored;
}

}  // namespace cqdt::onestop
