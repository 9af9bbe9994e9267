// DOCX drafts and attachments of outgoing documents; the seal on attachments at the issue
// (issue 10 item 3; decision 0009).
#include "documents/draft_file_service.hpp"

#include <chrono>

#include "attachments_internal.hpp"
#include "core/cpu_budget.hpp"
#include "core/text.hpp"
#include "outgoing_internal.hpp"
#include "outgoing_repository.hpp"
#include "pdf/pdf.hpp"

namespace cqdt::documents {
namespace {

namespace oi = outgoing_internal;
using identity::Principal;

constexpr std::chrono::milliseconds kPdfBudget{5000};

// The page count of a PDF (untrusted: an upload, or LibreOffice's output of an upload), under the
// untrusted limits and a CPU budget. kInvalidArgument "file" for what does not load.
Result<int> PdfPages(const std::string& bytes, const std::string& what) {
  if (bytes.size() > kMaxDraftFileBytes) {
    return Error::TooLarge(what + " vượt quá 50 MB.");
  }
  if (bytes.compare(0, 5, "%PDF-") != 0) {
    return Error::InvalidField("file", "type", what + " phải là tệp PDF.");
  }
  CpuBudget budget(kPdfBudget);
  auto pages = pdf::PageSizes(bytes, budget);
  if (!pages) {
    if (pages.error().code() == ErrorCode::kTooLarge) {
      return pages.error();
    }
    return Error::InvalidField(
        "file", "pdf", what + " không đọc được như một tệp PDF hợp lệ: " + pages.error().message());
  }
  return static_cast<int>(pages->size());
}

// "quyet-dinh.docx" -> "quyet-dinh.pdf".
std::string PdfName(const std::string& name) {
  const auto dot = name.rfind('.');
  return (dot == std::string::npos ? name : name.substr(0, dot)) + ".pdf";
}

}  // namespace

Result<OutgoingDocument> DraftFileService::LoadOwnDraft(db::Transaction& tx, const Principal& p,
                                                        DocumentId id,
                                                        std::int64_t expected_version,
                                                        const char* not_a_draft,
                                                        const char* not_the_drafter) const {
  const OutgoingService& o = outgoing_;
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, o.identity_, o.agencies_, id));
  CQDT_RETURN_IF_ERROR(
      CheckVisible(p, oi::Facts(tx, o.registers_, od), std::to_string(id.value())));
  if (od.document.state != OutgoingStateName(OutgoingState::kDraft)) {
    return Error::FailedPrecondition(not_a_draft);
  }
  if (od.document.drafter_id != p.user_id()) {
    return Error::PermissionDenied(not_the_drafter);
  }
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  return od;
}

Result<OutgoingDocument> DraftFileService::LoadForAdding(db::Transaction& tx, const Principal& p,
                                                         DocumentId id,
                                                         std::int64_t expected_version) const {
  CQDT_ASSIGN_OR_RETURN(
      OutgoingDocument od,
      LoadOwnDraft(tx, p, id, expected_version,
                   "Chỉ thêm được tệp khi văn bản đang là dự thảo; văn bản này đang ở bước khác.",
                   "Chỉ người soạn thảo mới thêm được tệp của dự thảo."));
  if (IsConfidential(od.document.confidentiality) && !outgoing_.options_.confidential_files) {
    return Error::FailedPrecondition(
        "Máy chủ này không lưu tệp của văn bản mật; văn bản mật được xử lý bằng bản giấy.");
  }
  return od;
}

Status DraftFileService::CheckCanAdd(db::Transaction& tx, const Principal& p, DocumentId id,
                                     std::int64_t expected_version) const {
  auto od = LoadForAdding(tx, p, id, expected_version);
  if (!od) {
    return od.error();
  }
  return Ok();
}

Result<ConvertedDraft> DraftFileService::Convert(const std::string& name,
                                                 const std::string& docx) const {
  std::vector<FieldError> errors;
  auto file_name = CheckText(name, "name", "Tên tệp", 1, 200, errors);
  if (!file_name) {
    return Error::Invalid(std::move(errors));
  }
  if (docx.size() > kMaxDraftFileBytes) {
    return Error::TooLarge("Tệp dự thảo vượt quá 50 MB.");
  }
  CQDT_RETURN_IF_ERROR(CheckDocx(docx));
  if (converter_ == nullptr) {
    return Error::Unavailable(
        "Máy chủ chưa cài LibreOffice nên chưa chuyển được tệp Word sang PDF.");
  }
  CQDT_ASSIGN_OR_RETURN(std::string pdf, converter_->ToPdf(docx));
  return ConvertedDraft{*file_name, docx, std::move(pdf)};
}

Result<OutgoingDocument> DraftFileService::AddConvertedDraft(
    db::Transaction& tx, const Principal& p, const audit::Actor& actor, DocumentId id,
    std::int64_t expected_version, const ConvertedDraft& draft) {
  const OutgoingService& o = outgoing_;
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, LoadForAdding(tx, p, id, expected_version));
  // LibreOffice's output of an untrusted file is itself checked like an upload.
  CQDT_ASSIGN_OR_RETURN(int pages, PdfPages(draft.pdf, "Bản PDF chuyển từ tệp Word"));
  CQDT_ASSIGN_OR_RETURN(blob::BlobInfo docx_blob, o.blobs_.Put(draft.docx));
  CQDT_ASSIGN_OR_RETURN(blob::BlobInfo pdf_blob, o.blobs_.Put(draft.pdf));
  const std::int64_t now = ToUnixSeconds(o.clock_.Now());
  OutgoingRepository repo(tx);
  // One version number for both files: source vN is the DOCX that draft vN was made from.
  const int version = repo.NextFileVersion(id, OutgoingFileRole::kDraft);
  OutgoingFile source;
  source.document_id = id;
  source.role = OutgoingFileRole::kSource;
  source.version = version;
  source.sha256 = docx_blob.sha256;
  source.name = draft.docx_name;
  source.content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  source.size = static_cast<std::int64_t>(docx_blob.size);
  source.pages = pages;
  source.uploaded_by = p.user_id();
  source.uploaded_at = now;
  repo.AddFile(source, od.document.agency_id);
  OutgoingFile pdf = source;
  pdf.role = OutgoingFileRole::kDraft;
  pdf.sha256 = pdf_blob.sha256;
  pdf.name = PdfName(draft.docx_name);
  pdf.content_type = "application/pdf";
  pdf.size = static_cast<std::int64_t>(pdf_blob.size);
  repo.AddFile(pdf, od.document.agency_id);
  Document d = od.document;
  d.page_count = pages;
  CQDT_RETURN_IF_ERROR(oi::Record(
      tx, o.audit_, actor, d, "documents.outgoing.file_added",
      "Thêm bản dự thảo số " + std::to_string(version) + " (tệp Word, đã chuyển sang PDF).", now));
  return oi::Save(tx, o.identity_, o.agencies_, d, now);
}

Result<OutgoingDocument> DraftFileService::AddAttachment(db::Transaction& tx, const Principal& p,
                                                         const audit::Actor& actor, DocumentId id,
                                                         std::int64_t expected_version,
                                                         const std::string& name,
                                                         const std::string& bytes) {
  const OutgoingService& o = outgoing_;
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, LoadForAdding(tx, p, id, expected_version));
  std::vector<FieldError> errors;
  auto file_name = CheckText(name, "name", "Tên tệp", 1, 200, errors);
  if (!file_name) {
    return Error::Invalid(std::move(errors));
  }
  int count = 0;
  for (const auto& f : od.files) {
    count += f.role == OutgoingFileRole::kAttachment ? 1 : 0;
  }
  if (count >= kMaxAttachments) {
    return Error::InvalidField("file", "too_many", "Văn bản có tối đa 20 phụ lục.");
  }
  CQDT_ASSIGN_OR_RETURN(int pages, PdfPages(bytes, "Tệp phụ lục"));
  CQDT_ASSIGN_OR_RETURN(blob::BlobInfo blob, o.blobs_.Put(bytes));
  const std::int64_t now = ToUnixSeconds(o.clock_.Now());
  OutgoingRepository repo(tx);
  OutgoingFile f;
  f.document_id = id;
  f.role = OutgoingFileRole::kAttachment;
  f.version = repo.NextFileVersion(id, OutgoingFileRole::kAttachment);
  f.sha256 = blob.sha256;
  f.name = *file_name;
  f.size = static_cast<std::int64_t>(blob.size);
  f.pages = pages;
  f.uploaded_by = p.user_id();
  f.uploaded_at = now;
  repo.AddFile(f, od.document.agency_id);
  CQDT_RETURN_IF_ERROR(
      oi::Record(tx, o.audit_, actor, od.document, "documents.outgoing.attachment_added",
                 "Thêm phụ lục số " + std::to_string(f.version) + ": " + f.name + ".", now));
  return oi::Save(tx, o.identity_, o.agencies_, od.document, now);
}

Result<OutgoingDocument> DraftFileService::RemoveAttachment(db::Transaction& tx, const Principal& p,
                                                            const audit::Actor& actor,
                                                            DocumentId id,
                                                            std::int64_t expected_version,
                                                            OutgoingFileId file) {
  const OutgoingService& o = outgoing_;
  CQDT_ASSIGN_OR_RETURN(
      OutgoingDocument od,
      LoadOwnDraft(tx, p, id, expected_version,
                   "Chỉ bỏ được phụ lục khi văn bản đang là dự thảo; văn bản này đang ở bước khác.",
                   "Chỉ người soạn thảo mới bỏ được phụ lục của dự thảo."));
  const OutgoingFile* found = nullptr;
  for (const auto& f : od.files) {
    if (f.id == file && f.role == OutgoingFileRole::kAttachment) {
      found = &f;
    }
  }
  if (found == nullptr || !OutgoingRepository(tx).RemoveAttachment(id, file)) {
    return Error::NotFound("phụ lục", std::to_string(file.value()));
  }
  const std::int64_t now = ToUnixSeconds(o.clock_.Now());
  CQDT_RETURN_IF_ERROR(oi::Record(
      tx, o.audit_, actor, od.document, "documents.outgoing.attachment_removed",
      "Bỏ phụ lục số " + std::to_string(found->version) + ": " + found->name + ".", now));
  return oi::Save(tx, o.identity_, o.agencies_, od.document, now);
}

Result<std::vector<OutgoingFile>> SealAttachments(db::Transaction& tx, blob::BlobStore& blobs,
                                                  const signing::SigningService& signing,
                                                  const Principal& p, const audit::Actor& actor,
                                                  const OutgoingDocument& od,
                                                  const std::string& agency_name,
                                                  const std::string& number_text,
                                                  const IssueInput& in, std::int64_t now) {
  OutgoingRepository repo(tx);
  std::vector<OutgoingFile> stored;
  for (const auto& a : od.files) {
    if (a.role != OutgoingFileRole::kAttachment) {
      continue;
    }
    CQDT_ASSIGN_OR_RETURN(std::string content, blobs.Get(a.sha256));
    signing::SignRequest request;
    request.kind = signing::SignKind::kPdf;
    request.key_id = in.seal_key_id;
    request.secret = in.secret;
    request.file_name = a.name;
    request.content = std::move(content);
    // Phụ lục I: the attachment's seal shows the number and notation of the document, top right
    // of its first page.
    request.pdf.style = signing::AppearanceStyle::kAttachment;
    request.pdf.display_name = agency_name;
    request.pdf.document_number = number_text;
    request.pdf.reason = "Phụ lục kèm theo văn bản " + number_text;
    CQDT_ASSIGN_OR_RETURN(signing::SignResult sealed, signing.Sign(tx, p, actor, request));
    CQDT_ASSIGN_OR_RETURN(blob::BlobInfo blob, blobs.Put(sealed.content));
    OutgoingFile f = a;
    f.role = OutgoingFileRole::kIssuedAttachment;
    f.sha256 = blob.sha256;
    f.name = signing::SignedFileName(a.name, signing::SignKind::kPdf);
    f.size = static_cast<std::int64_t>(blob.size);
    f.uploaded_by = p.user_id();
    f.uploaded_by_name = p.full_name;
    f.uploaded_at = now;
    f.id = repo.AddFile(f, od.document.agency_id);
    stored.push_back(std::move(f));
  }
  return stored;
}

}  // namespace cqdt::documents
