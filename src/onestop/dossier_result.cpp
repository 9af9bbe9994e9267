// DossierResultService (dossier_result.hpp): the result document of a dossier through the
// documents module.
#include "onestop/dossier_result.hpp"

#include <algorithm>

#include "core/document_number.hpp"
#include "dossier_internal.hpp"
#include "sql_dossier_repository.hpp"

namespace cqdt::onestop {

namespace {

using documents::OutgoingState;
using identity::Principal;
using identity::Role;
using namespace internal;

// The first `max` code points of UTF-8 `s`.
std::string Prefix(const std::string& s, std::size_t max) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && count++ == max) {
      return s.substr(0, i);
    }
  }
  return s;
}

Status MayDraft(const Principal& p, const Dossier& d) {
  if (!IsStaffOf(p, d.deciding_agency) || !(p.Has(Role::kOfficer) || p.Has(Role::kLeader))) {
    return Error::PermissionDenied(
        "Chỉ cán bộ xử lý hoặc lãnh đạo của cơ quan giải quyết được soạn và đính kèm văn bản "
        "kết quả.");
  }
  return Ok();
}

Status CheckFresh(const Dossier& d, std::optional<std::int64_t> expected) {
  if (expected && *expected != d.updated_at) {
    return Error::Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại trang.");
  }
  return Ok();
}

// "04/12/2026" from "2026-12-04".
std::string DayMonthYear(const std::string& iso) {
  if (iso.size() != 10) {
    return iso;
  }
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// i18n: Vietnamese only (the text of an official Vietnamese document and of its record).
std::string DefaultSubject(const Dossier& d) {
  return Prefix("Kết quả giải quyết hồ sơ " + d.code + ": " + d.procedure_name + " (" +
                    d.applicant.name + ")",
                500);
}
std::string Description(const Dossier& d) {
  return "Văn bản kết quả của hồ sơ thủ tục hành chính " + d.code + ".";
}
constexpr char kFiling[] = "Lưu: VT, Bộ phận Một cửa.";
std::string DraftDetail(const documents::OutgoingDocument& od) {
  return "Văn bản kết quả (dự thảo) " + std::to_string(od.document.id.value());
}
// "Quyết định số 15/QĐ-UBND ngày 04/12/2026".
std::string ResultNote(const documents::Document& doc) {
  const DocumentType* type = FindDocumentTypeByOrdinal(doc.type_ordinal);
  return Prefix((type != nullptr ? type->name + " số " : std::string("Số ")) + doc.number_text +
                    " ngày " + DayMonthYear(doc.issued_date),
                1000);
}
// i18n: end

}  // namespace

Result<Dossier> DossierResultService::DraftResult(db::Transaction& tx, const audit::Actor& actor,
                                                  const Principal& p, const std::string& code,
                                                  const ResultDraftInput& in) {
  CQDT_ASSIGN_OR_RETURN(Dossier d, dossiers_.Get(tx, p, code));
  CQDT_RETURN_IF_ERROR(MayDraft(p, d));
  if (d.state != DossierState::kProcessing) {
    return Error::Conflict(
        "Chỉ soạn văn bản kết quả khi hồ sơ đang xử lý (hồ sơ đang ở trạng "
        "thái «" +
        DossierStateLabel(d.state) + "»).");
  }
  CQDT_RETURN_IF_ERROR(CheckFresh(d, in.expected_updated_at));
  if (d.result_document.IsSet()) {
    // A live earlier draft stays the result document; a recalled or replaced one may be redone.
    auto earlier = outgoing_.Get(tx, p, d.result_document);
    const auto state = earlier ? documents::ParseOutgoingState(earlier->document.state)
                               : std::optional<OutgoingState>();
    if (!state || (*state != OutgoingState::kRecalled && *state != OutgoingState::kReplaced)) {
      return Error::Conflict("Hồ sơ đã có văn bản kết quả (văn bản số hiệu nội bộ " +
                             std::to_string(d.result_document.value()) + ").");
    }
  }

  documents::DraftInput di;
  di.type_ordinal = in.type_ordinal;
  di.subject = in.subject.empty() ? DefaultSubject(d) : in.subject;
  if (in.signer_id.IsSet()) {
    di.signer_id = in.signer_id;
  }
  di.description = Description(d);
  di.recipients = std::vector<documents::Recipient>{{AgencyId(), Prefix(d.applicant.name, 300)},
                                                    {AgencyId(), kFiling}};
  CQDT_ASSIGN_OR_RETURN(documents::OutgoingDocument od, outgoing_.CreateDraft(tx, p, actor, di));

  const std::int64_t now = ToUnixSeconds(clock_.Now());
  DossierRepository repo(tx);
  repo.LinkResultDocument(d.id, od.document.id, UserId(p.subject_id), now);
  const DossierState state = d.state;
  d.updated_at = std::max(now, d.updated_at + 1);
  if (!repo.Update(d, state)) {
    return Error::Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại trang.");
  }
  repo.InsertEvent(d.id, {now, NameOf(p), "draft_result", state, state, od.document.subject});
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor, {"dossier.draft_result", "dossier", d.code, DraftDetail(od)}));
  return dossiers_.Get(tx, p, code);
}

Result<Dossier> DossierResultService::AttachIssued(
    db::Transaction& tx, const audit::Actor& actor, const Principal& p, const std::string& code,
    std::optional<std::int64_t> expected_updated_at) {
  CQDT_ASSIGN_OR_RETURN(Dossier d, dossiers_.Get(tx, p, code));
  CQDT_RETURN_IF_ERROR(MayDraft(p, d));
  CQDT_RETURN_IF_ERROR(CheckFresh(d, expected_updated_at));
  if (!d.result_document.IsSet()) {
    return Error::FailedPrecondition("Hồ sơ chưa có văn bản kết quả.");
  }
  CQDT_ASSIGN_OR_RETURN(documents::OutgoingDocument od, outgoing_.Get(tx, p, d.result_document));
  const auto state = documents::ParseOutgoingState(od.document.state);
  const documents::OutgoingFile* issued = od.Latest(documents::OutgoingFileRole::kIssued);
  if (!state || (*state != OutgoingState::kNumbered && *state != OutgoingState::kReleased) ||
      issued == nullptr) {
    return Error::FailedPrecondition(
        std::string("Văn bản kết quả chưa được ban hành (đang ở trạng thái «") +
        (state ? documents::OutgoingStateLabel(*state) : od.document.state.c_str()) + "»).");
  }
  if (std::any_of(d.files.begin(), d.files.end(), [&](const DossierFile& f) {
        return f.kind == DossierFileKind::kResult && f.sha256 == issued->sha256;
      })) {
    return Error::Conflict("Văn bản kết quả này đã được đính kèm vào hồ sơ.");
  }
  CQDT_ASSIGN_OR_RETURN(auto file, outgoing_.ReadFile(od, issued->id));

  std::string name = od.document.number_text;
  std::replace(name.begin(), name.end(), '/', '-');
  CQDT_ASSIGN_OR_RETURN(
      DossierFile stored,
      dossiers_.Upload(tx, actor, p, "van-ban-ket-qua-" + name + ".pdf", file.second));
  ActionInput act;
  act.action = DossierAction::kAttachResult;
  act.file_ids = {stored.id};
  act.result_note = ResultNote(od.document);
  act.expected_updated_at = d.updated_at;
  return dossiers_.Act(tx, actor, p, code, act);
}

}  // namespace cqdt::onestop
