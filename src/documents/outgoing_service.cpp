// Outgoing documents: drafts, file versions and the signer's signature (Decree 30/2020 art.
// 10-14; decision 0009). Reviews are in review_service.cpp, the issue in outgoing_issue.cpp.
#include "documents/outgoing_service.hpp"

#include <chrono>

#include "core/agency_code.hpp"
#include "core/cpu_budget.hpp"
#include "core/document_number.hpp"
#include "core/text.hpp"
#include "document_repository.hpp"
#include "documents/delegation_service.hpp"
#include "issue_positions.hpp"
#include "outgoing_internal.hpp"
#include "outgoing_repository.hpp"
#include "pdf/pdf.hpp"
#include "pdf/stamp.hpp"

namespace cqdt::documents {
namespace {

namespace oi = outgoing_internal;
using identity::Principal;
using identity::Role;
using outgoing_internal::TodayInVietnam;

// Untrusted uploads are parsed under a CPU budget, as the public verifier does.
constexpr std::chrono::milliseconds kPdfBudget{5000};

bool IsAgencyStaff(const Principal& p) {
  return p.realm == identity::Realm::kStaff && p.user_id().IsSet() && p.agency_id.IsSet() &&
         !p.via_api_token;
}

// Checks `in` (untrusted: every field comes from the client) and applies it to `d`; the signer
// and recipients are returned apart (their own tables).
Status ApplyDraft(db::Transaction& tx, const identity::IdentityService& identity,
                  const org::AgencyService& agencies, const DraftInput& in, bool create,
                  Document& d, std::optional<UserId>& signer,
                  std::optional<std::vector<Recipient>>& recipients) {
  std::vector<FieldError> errors;
  if (create && !in.type_ordinal) {
    errors.push_back(
        {"typeOrdinal", "required", "Trường 'typeOrdinal' (loại văn bản) là bắt buộc."});
  }
  if (in.type_ordinal) {
    if (FindDocumentTypeByOrdinal(*in.type_ordinal) == nullptr) {
      errors.push_back({"typeOrdinal", "invalid",
                        "Trường 'typeOrdinal' phải là số thứ tự loại văn bản (1 đến 29)."});
    } else {
      d.type_ordinal = *in.type_ordinal;
    }
  }
  if (create && !in.subject) {
    errors.push_back({"subject", "required", "Trường 'subject' (trích yếu) là bắt buộc."});
  }
  if (auto s = CheckText(in.subject, "subject", "Trích yếu", 1, 500, errors)) {
    d.subject = *s;
  }
  if (in.description) {
    if (auto s = CheckText(in.description, "description", "Ghi chú", 0, 2000, errors)) {
      d.description = *s;
    }
  }
  if (in.urgency) {
    if (auto u = ParseUrgency(*in.urgency)) {
      d.urgency = *u;
    } else {
      errors.push_back({"urgency", "invalid",
                        "Trường 'urgency' (độ khẩn) phải là normal, urgent, very_urgent hoặc "
                        "express."});
    }
  }
  if (in.confidentiality) {
    if (auto c = ParseConfidentiality(*in.confidentiality)) {
      d.confidentiality = *c;
    } else {
      errors.push_back({"confidentiality", "invalid",
                        "Trường 'confidentiality' (độ mật) phải là none, confidential, secret "
                        "hoặc top_secret."});
    }
  }
  if (in.drafting_unit_id) {
    // A unit of another agency would put the draft on that agency's desk: refused.
    auto unit = agencies.GetUnit(tx, *in.drafting_unit_id);
    if (!unit || unit->agency_id != d.agency_id) {
      errors.push_back(
          {"draftingUnitId", "invalid", "Trường 'draftingUnitId' phải là một đơn vị của cơ quan."});
    } else {
      d.drafting_unit_id = unit->id;
    }
  }
  if (in.signer_id) {
    // The signer is the competent person (Decree 30/2020 art. 13): a leader of the agency,
    // active. Anyone else could be named to see the draft, so this is checked here.
    auto u = identity.GetUser(tx, *in.signer_id);
    if (!u || u->disabled || u->agency_id != d.agency_id || !u->roles.count(Role::kLeader)) {
      errors.push_back({"signerId", "invalid",
                        "Trường 'signerId' phải là một lãnh đạo của cơ quan (người ký)."});
    } else {
      signer = u->id;
      d.signer_name = u->full_name;
      d.signer_position = u->position;
    }
  }
  if (in.recipients) {
    if (in.recipients->size() > kMaxRecipients) {
      errors.push_back({"recipients", "too_many", "Trường 'recipients' có tối đa 100 nơi nhận."});
    } else {
      std::vector<Recipient> list;
      bool bad = false;
      for (const auto& r : *in.recipients) {
        if (r.agency_id.IsSet()) {
          if (!agencies.Get(tx, r.agency_id)) {
            bad = true;
            continue;
          }
          list.push_back({r.agency_id, ""});
        } else {
          std::vector<FieldError> name_errors;
          auto name = CheckText(r.name, "recipients", "Nơi nhận", 1, 300, name_errors);
          if (!name) {
            bad = true;
            continue;
          }
          if (!r.code.empty() && !ParseAgencyCode(r.code)) {
            bad = true;  // an external recipient's code must be an agency identification code
            continue;
          }
          list.push_back({AgencyId(), *name, r.code});
        }
      }
      if (bad) {
        errors.push_back({"recipients", "invalid",
                          "Trường 'recipients': mỗi nơi nhận phải là một cơ quan trên hệ thống "
                          "hoặc một tên từ 1 đến 300 ký tự."});
      } else {
        recipients = std::move(list);
      }
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return Ok();
}

}  // namespace

Result<OutgoingDocument> OutgoingService::CreateDraft(db::Transaction& tx, const Principal& p,
                                                      const audit::Actor& actor,
                                                      const DraftInput& in) {
  if (!IsAgencyStaff(p)) {
    return Error::PermissionDenied("Chỉ cán bộ của cơ quan mới soạn được văn bản đi.");
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  Document d;
  d.agency_id = p.agency_id;
  d.direction = Direction::kOutgoing;
  d.state = OutgoingStateName(OutgoingState::kDraft);
  d.channel = Channel::kInternal;
  d.drafter_id = p.user_id();
  d.created_by = p.user_id();
  d.created_at = d.updated_at = now;
  std::optional<UserId> signer;
  std::optional<std::vector<Recipient>> recipients;
  CQDT_RETURN_IF_ERROR(ApplyDraft(tx, identity_, agencies_, in, true, d, signer, recipients));
  if (!d.drafting_unit_id.IsSet()) {
    if (auto me = identity_.GetUser(tx, p.user_id())) {
      d.drafting_unit_id = me->unit_id;
    }
  }
  Document stored = DocumentRepository(tx).Insert(d);
  OutgoingRepository repo(tx);
  repo.SetSigner(stored.id, stored.agency_id, signer.value_or(UserId()));
  if (recipients) {
    repo.ReplaceRecipients(stored.id, stored.agency_id, *recipients);
  }
  CQDT_RETURN_IF_ERROR(oi::Record(tx, audit_, actor, stored, "documents.outgoing.drafted",
                                  "Tạo dự thảo văn bản đi.", now));
  return oi::Load(tx, identity_, agencies_, stored.id);
}

Result<OutgoingDocument> OutgoingService::UpdateDraft(db::Transaction& tx, const Principal& p,
                                                      const audit::Actor& actor, DocumentId id,
                                                      std::int64_t expected_version,
                                                      const DraftInput& patch) {
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, identity_, agencies_, id));
  const std::string key = std::to_string(id.value());
  const AccessFacts facts = oi::Facts(tx, registers_, od);
  CQDT_RETURN_IF_ERROR(CheckVisible(p, facts, key));
  if (od.document.state != OutgoingStateName(OutgoingState::kDraft)) {
    return Error::FailedPrecondition(
        "Chỉ sửa được văn bản đang là dự thảo; văn bản này đang ở bước khác.");
  }
  if (od.document.drafter_id != p.user_id()) {
    return Error::PermissionDenied("Chỉ người soạn thảo mới sửa được dự thảo.");
  }
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  Document d = od.document;
  std::optional<UserId> signer;
  std::optional<std::vector<Recipient>> recipients;
  CQDT_RETURN_IF_ERROR(ApplyDraft(tx, identity_, agencies_, patch, false, d, signer, recipients));
  if (IsConfidential(d.confidentiality) && !od.files.empty() && !options_.confidential_files) {
    return Error::InvalidField("confidentiality", "files_kept",
                               "Máy chủ này không lưu tệp của văn bản mật: dự thảo đã có tệp nên "
                               "không chuyển thành văn bản mật được.");
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  OutgoingRepository repo(tx);
  if (signer) {
    repo.SetSigner(id, d.agency_id, *signer);
  }
  if (recipients) {
    repo.ReplaceRecipients(id, d.agency_id, *recipients);
  }
  CQDT_RETURN_IF_ERROR(oi::Record(tx, audit_, actor, d, "documents.outgoing.updated",
                                  "Sửa dự thảo văn bản đi.", now));
  return oi::Save(tx, identity_, agencies_, d, now);
}

Result<OutgoingDocument> OutgoingService::AddDraftFile(db::Transaction& tx, const Principal& p,
                                                       const audit::Actor& actor, DocumentId id,
                                                       std::int64_t expected_version,
                                                       const std::string& name,
                                                       const std::string& bytes) {
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, identity_, agencies_, id));
  const AccessFacts facts = oi::Facts(tx, registers_, od);
  CQDT_RETURN_IF_ERROR(CheckVisible(p, facts, std::to_string(id.value())));
  if (od.document.state != OutgoingStateName(OutgoingState::kDraft)) {
    return Error::FailedPrecondition(
        "Chỉ thêm được bản dự thảo khi văn bản đang là dự thảo; văn bản này đang ở bước khác.");
  }
  if (od.document.drafter_id != p.user_id()) {
    return Error::PermissionDenied("Chỉ người soạn thảo mới thêm được bản dự thảo.");
  }
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  if (IsConfidential(od.document.confidentiality) && !options_.confidential_files) {
    return Error::FailedPrecondition(
        "Máy chủ này không lưu tệp của văn bản mật; văn bản mật được xử lý bằng bản giấy.");
  }
  std::vector<FieldError> errors;
  auto file_name = CheckText(name, "name", "Tên tệp", 1, 200, errors);
  if (!file_name) {
    return Error::Invalid(std::move(errors));
  }
  // Untrusted upload: a size bound, then the type decided by content: it must load as a PDF
  // under the untrusted limits (encrypted, truncated or hostile files are refused here).
  if (bytes.size() > kMaxDraftFileBytes) {
    return Error::TooLarge("Tệp dự thảo vượt quá 50 MB.");
  }
  if (bytes.compare(0, 5, "%PDF-") != 0) {
    return Error::InvalidField("file", "type", "Tệp dự thảo phải là tệp PDF.");
  }
  CpuBudget budget(kPdfBudget);
  auto pages = pdf::PageSizes(bytes, budget);
  if (!pages) {
    if (pages.error().code() == ErrorCode::kTooLarge) {
      return pages.error();
    }
    return Error::InvalidField(
        "file", "pdf",
        "Tệp dự thảo không đọc được như một tệp PDF hợp lệ: " + pages.error().message());
  }
  CQDT_ASSIGN_OR_RETURN(blob::BlobInfo blob, blobs_.Put(bytes));
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  OutgoingRepository repo(tx);
  OutgoingFile f;
  f.document_id = id;
  f.role = OutgoingFileRole::kDraft;
  f.version = repo.NextFileVersion(id, OutgoingFileRole::kDraft);
  f.sha256 = blob.sha256;
  f.name = *file_name;
  f.size = static_cast<std::int64_t>(blob.size);
  f.pages = static_cast<int>(pages->size());
  f.uploaded_by = p.user_id();
  f.uploaded_at = now;
  repo.AddFile(f, od.document.agency_id);
  Document d = od.document;
  d.page_count = f.pages;
  CQDT_RETURN_IF_ERROR(oi::Record(tx, audit_, actor, d, "documents.outgoing.file_added",
                                  "Thêm bản dự thảo số " + std::to_string(f.version) + ".", now));
  return oi::Save(tx, identity_, agencies_, d, now);
}

Result<OutgoingDocument> OutgoingService::Get(db::Transaction& tx, const Principal& p,
                                              DocumentId id) const {
  auto od = oi::Load(tx, identity_, agencies_, id);
  if (!od) {
    return Error::NotFound("văn bản", std::to_string(id.value()));
  }
  AccessFacts facts = oi::Facts(tx, registers_, *od);
  // Ủy quyền: the signer's deputy reads what they may approve and sign in the signer's place.
  if (SignerDelegation(tx, identity_, p, od->signer_id, od->document.agency_id,
                       FormatIsoDate(TodayInVietnam(clock_.Now())))) {
    facts.signer_deputies.insert(p.user_id());
  }
  CQDT_RETURN_IF_ERROR(CheckVisible(p, facts, std::to_string(id.value())));
  return od;
}

Result<std::pair<OutgoingFile, std::string>> OutgoingService::ReadFile(db::Transaction& tx,
                                                                       const Principal& p,
                                                                       DocumentId id,
                                                                       OutgoingFileId file) const {
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, Get(tx, p, id));
  return ReadFile(od, file);
}

Result<std::pair<OutgoingFile, std::string>> OutgoingService::ReadFile(const OutgoingDocument& od,
                                                                       OutgoingFileId file) const {
  for (const auto& f : od.files) {
    if (f.id == file) {
      CQDT_ASSIGN_OR_RETURN(std::string bytes, blobs_.Get(f.sha256));
      return std::make_pair(f, std::move(bytes));
    }
  }
  return Error::NotFound("tệp", std::to_string(file.value()));
}

Result<std::vector<TimelineEvent>> OutgoingService::Timeline(db::Transaction& tx,
                                                             const Principal& p,
                                                             DocumentId id) const {
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, Get(tx, p, id));
  return Timeline(tx, od);
}

std::vector<TimelineEvent> OutgoingService::Timeline(db::Transaction& tx,
                                                     const OutgoingDocument& od) const {
  std::vector<TimelineEvent> out;
  for (const auto& e : DocumentRepository(tx).Events(od.document.id)) {
    out.push_back({e.at, e.actor_id, e.actor_name, e.action, e.detail});
  }
  return out;
}

Result<OutgoingDocument> OutgoingService::Sign(db::Transaction& tx, const Principal& p,
                                               const audit::Actor& actor, DocumentId id,
                                               std::int64_t expected_version,
                                               const std::string& key_id,
                                               const std::string& secret) {
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, identity_, agencies_, id));
  AccessFacts facts = oi::Facts(tx, registers_, od);
  // Ủy quyền (delegation_service.hpp): the signer's deputy signs in their place, with their own
  // key, and the action is recorded in the signer's name too.
  const std::optional<Delegation> acting =
      SignerDelegation(tx, identity_, p, od.signer_id, od.document.agency_id,
                       FormatIsoDate(TodayInVietnam(clock_.Now())));
  if (acting) {
    facts.signer_deputies.insert(p.user_id());
  }
  const audit::Actor who = acting ? ActingActor(actor, *acting) : actor;
  auto state = ParseOutgoingState(od.document.state);
  if (!state) {
    return Error::Internal();
  }
  CQDT_ASSIGN_OR_RETURN(
      OutgoingState next,
      CheckOutgoingAction(p, facts, *state, OutgoingAction::kSign, std::to_string(id.value())));
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  const OutgoingFile* draft = od.Latest(OutgoingFileRole::kDraft);
  if (draft == nullptr) {
    return Error::FailedPrecondition("Văn bản chưa có bản dự thảo (PDF) để ký.");
  }
  CQDT_ASSIGN_OR_RETURN(std::string content, blobs_.Get(draft->sha256));
  // The signature comes before any write of this use case, so that a wrong password leaves only
  // the signing service's audit entry in `tx` (its contract: the caller commits that).
  signing::SignRequest request;
  request.kind = signing::SignKind::kPdf;
  request.key_id = key_id;
  request.secret = secret;
  request.file_name = draft->name;
  request.content = std::move(content);
  request.pdf.style = signing::AppearanceStyle::kSigner;
  request.pdf.reason = "Ký ban hành";
  // The number and date lines the release will write into, found on the parse the signature is
  // written to and kept with the signed file: the signed file is what is issued and the signature
  // adds no page content, so the release need not search its text again (issue_positions.hpp).
  // A search that fails otherwise than "nothing found" keeps nothing and signs as before.
  CpuBudget budget(kPdfBudget);
  pdf::NumberStamper stamper(request.content, budget);
  std::optional<std::string> lines;
  bool searched = false;
  request.pdf_writer = [&](const pdf::SignatureRequest& req, const pdf::CmsMaker& make_cms) {
    if (!searched) {
      searched = true;
      auto found = stamper.Find();
      if (found) {
        lines = EncodeIssueLines(*found);
      } else if (found.error().code() == ErrorCode::kNotFound) {
        lines = EncodeIssueLines({});
      }
    }
    if (!lines) {
      return pdf::SignPdf(request.content, req, make_cms);
    }
    return stamper.Sign(req, make_cms);
  };
  CQDT_ASSIGN_OR_RETURN(signing::SignResult signed_file, signing_.Sign(tx, p, who, request));
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument saved,
                        StoreSigned(tx, p, who, od, *draft, next, signed_file.content,
                                    "Người có thẩm quyền đã ký văn bản."));
  if (lines) {
    if (const OutgoingFile* kept = saved.Latest(OutgoingFileRole::kSigned)) {
      OutgoingRepository(tx).KeepIssueLines(kept->sha256, *lines);
    }
  }
  return saved;
}

Result<OutgoingDocument> OutgoingService::StoreSigned(db::Transaction& tx, const Principal& p,
                                                      const audit::Actor& who,
                                                      const OutgoingDocument& od,
                                                      const OutgoingFile& draft, OutgoingState next,
                                                      const std::string& signed_pdf,
                                                      const std::string& detail) const {
  CQDT_ASSIGN_OR_RETURN(blob::BlobInfo blob, blobs_.Put(signed_pdf));
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  OutgoingRepository repo(tx);
  OutgoingFile f = draft;
  f.role = OutgoingFileRole::kSigned;
  f.version = repo.NextFileVersion(od.document.id, OutgoingFileRole::kSigned);
  f.sha256 = blob.sha256;
  f.name = signing::SignedFileName(draft.name, signing::SignKind::kPdf);
  f.size = static_cast<std::int64_t>(blob.size);
  f.uploaded_by = p.user_id();
  f.uploaded_at = now;
  repo.AddFile(f, od.document.agency_id);
  Document d = od.document;
  d.state = OutgoingStateName(next);
  CQDT_RETURN_IF_ERROR(oi::Record(tx, audit_, who, d, "documents.outgoing.signed", detail, now));
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument saved, oi::Save(tx, identity_, agencies_, d, now));
  CQDT_RETURN_IF_ERROR(
      oi::Notify(tx, outbox_, d.drafter_id, p.user_id(), "documents.outgoing_signed",
                 "Văn bản “" + oi::Title(d) + "” đã được ký, chờ văn thư cấp số.", saved.document));
  return saved;
}

}  // namespace cqdt::documents
