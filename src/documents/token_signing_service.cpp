// The signer's signature with their own USB token (issue 10 item 3; decisions 0008, 0009).
#include "documents/token_signing_service.hpp"

#include "outgoing_internal.hpp"
#include "outgoing_repository.hpp"
#include "token_repository.hpp"

namespace cqdt::documents {
namespace {

namespace oi = outgoing_internal;
using identity::Principal;

Status NotConfigured() { return Error::Unavailable("Máy chủ chưa cấu hình ký bằng USB token."); }

}  // namespace

Result<signing::Preparation> TokenSigningService::Prepare(
    db::Transaction& tx, const Principal& p, const audit::Actor& actor, DocumentId id,
    std::int64_t expected_version, const std::vector<crypto::Certificate>& certificates) {
  if (external_ == nullptr) {
    return NotConfigured().error();
  }
  const OutgoingService& o = outgoing_;
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, o.identity_, o.agencies_, id));
  const AccessFacts facts = oi::Facts(tx, o.registers_, od);
  auto state = ParseOutgoingState(od.document.state);
  if (!state) {
    return Error::Internal();
  }
  // Only the document's signer, on an approved document (the state machine's `sign`).
  CQDT_RETURN_IF_ERROR(
      CheckOutgoingAction(p, facts, *state, OutgoingAction::kSign, std::to_string(id.value())));
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  const OutgoingFile* draft = od.Latest(OutgoingFileRole::kDraft);
  if (draft == nullptr) {
    return Error::FailedPrecondition("Văn bản chưa có bản dự thảo (PDF) để ký.");
  }
  CQDT_ASSIGN_OR_RETURN(std::string content, o.blobs_.Get(draft->sha256));
  signing::ExternalPrepareRequest request;
  request.kind = signing::SignKind::kPdf;
  request.file_name = draft->name;
  request.content = std::move(content);
  // The certificate is checked by the external service against the caller's confirmed
  // bindings: a token that is not the signer's own cannot be used to sign for them.
  request.certificates = certificates;
  request.pdf.style = signing::AppearanceStyle::kSigner;
  request.pdf.display_name = od.document.signer_name;
  request.pdf.reason = "Ký ban hành";
  CQDT_ASSIGN_OR_RETURN(signing::Preparation prepared, external_->Prepare(tx, p, actor, request));
  TokenSignatureRow row;
  row.preparation_id = prepared.id;
  row.document_id = id;
  row.agency_id = od.document.agency_id;
  row.file_id = draft->id;
  row.user_id = p.user_id();
  row.created_at = ToUnixSeconds(o.clock_.Now());
  TokenSignatureRepository(tx).Insert(row);
  return prepared;
}

Result<OutgoingDocument> TokenSigningService::Complete(
    db::Transaction& tx, const Principal& p, const audit::Actor& actor, DocumentId id,
    std::int64_t expected_version, const signing::ExternalCompleteRequest& value) {
  if (external_ == nullptr) {
    return NotConfigured().error();
  }
  const OutgoingService& o = outgoing_;
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, o.identity_, o.agencies_, id));
  const AccessFacts facts = oi::Facts(tx, o.registers_, od);
  auto state = ParseOutgoingState(od.document.state);
  if (!state) {
    return Error::Internal();
  }
  CQDT_ASSIGN_OR_RETURN(
      OutgoingState next,
      CheckOutgoingAction(p, facts, *state, OutgoingAction::kSign, std::to_string(id.value())));
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  // Untrusted id: it must name a preparation of this document by this caller; anything else
  // looks the same as an unknown one.
  TokenSignatureRepository repo(tx);
  auto row = repo.Find(value.id);
  if (!row || row->document_id != id || row->user_id != p.user_id()) {
    return Error::NotFound("lần chuẩn bị ký", value.id);
  }
  if (row->completed_at != 0) {
    return Error::Conflict("Chữ ký này đã được hoàn tất trước đó.");
  }
  // The token signed the digest of one draft version: a newer version (a return and a new
  // upload in between) must be prepared again, or the signed file would not be the approved one.
  const OutgoingFile* draft = od.Latest(OutgoingFileRole::kDraft);
  if (draft == nullptr || draft->id != row->file_id) {
    return Error::FailedPrecondition(
        "Dự thảo đã thay đổi sau khi chuẩn bị ký; vui lòng ký lại bản mới.");
  }
  // The external service verifies the value with the declared certificate over the prepared
  // digest before it embeds anything.
  CQDT_ASSIGN_OR_RETURN(signing::SignResult signed_file, external_->Complete(tx, p, actor, value));
  const std::int64_t now = ToUnixSeconds(o.clock_.Now());
  if (!repo.MarkCompleted(value.id, now)) {
    return Error::Conflict("Chữ ký này đã được hoàn tất trước đó.");
  }
  return o.StoreSigned(tx, p, actor, od, *draft, next, signed_file.content,
                       "Người có thẩm quyền đã ký văn bản bằng chữ ký số cá nhân (USB token).");
}

}  // namespace cqdt::documents
