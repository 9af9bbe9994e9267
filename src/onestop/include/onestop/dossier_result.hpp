// The result of a dossier as an official document (issue 12 item 2; decision 0017 "As built
// (result documents)"): when the result is a decision, a licence or a letter of the deciding
// agency, it goes through the documents module like any outgoing document — drafted, reviewed,
// signed by the leader with their own key, numbered and sealed by the clerk — and the issued PDF
// (signatures intact) becomes the dossier's result file.
//
//  - DraftResult: a processing officer or leader of the deciding agency opens the outgoing draft
//    from the dossier (type, subject, signer; the applicant and "Lưu: VT, Bộ phận Một cửa" as
//    recipients, the dossier code in its description). The dossier remembers the document; a new
//    draft replaces the link only when the earlier document was recalled or replaced.
//  - AttachIssued: once the document is numbered (or released), its issued file is stored as the
//    dossier's result and the result note reads "Quyết định số 15/QĐ-UBND ngày 04/12/2026"
//    (DossierService::Act attach_result: same rules, timeline, audit).
// The documents' own pages do everything in between; nothing here signs or numbers.
//
// Errors: those of DossierService::Get and Act and of documents::OutgoingService::CreateDraft
// (typeOrdinal, subject, signerId named as the client sends them); kPermissionDenied for staff
// who are not officers or leaders of the deciding agency; kConflict when the dossier is not being
// processed, changed since it was read (expectedUpdatedAt), already has a live result document,
// or has this document's file attached already; kFailedPrecondition when there is no result
// document or it is not issued yet. Every method runs in the caller's write transaction
// (Database::Begin()). Thread safety: stateless beyond its collaborators.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/outgoing_service.hpp"
#include "identity/principal.hpp"
#include "onestop/dossier_service.hpp"

namespace cqdt::onestop {

struct ResultDraftInput {
  int type_ordinal = 0;  // Decree 30/2020 art. 7 type (1..29)
  std::string subject;  // trích yếu; empty: "Kết quả giải quyết hồ sơ CODE: procedure (applicant)"
  UserId signer_id;  // a leader of the deciding agency
  std::optional<std::int64_t> expected_updated_at;
};

class DossierResultService {
 public:
  DossierResultService(audit::AuditLog& audit, DossierService& dossiers,
                       documents::OutgoingService& outgoing, const Clock& clock)
      : audit_(audit), dossiers_(dossiers), outgoing_(outgoing), clock_(clock) {}

  // Opens the outgoing draft of the result; returns the dossier (result_document set).
  Result<Dossier> DraftResult(db::Transaction& tx, const audit::Actor& actor,
                              const identity::Principal& p, const std::string& code,
                              const ResultDraftInput& in);
  // Records the issued result document as the dossier's result file and note.
  Result<Dossier> AttachIssued(db::Transaction& tx, const audit::Actor& actor,
                               const identity::Principal& p, const std::string& code,
                               std::optional<std::int64_t> expected_updated_at);

 private:
  audit::AuditLog& audit_;
  DossierService& dossiers_;
  documents::OutgoingService& outgoing_;
  const Clock& clock_;
};

}  // namespace cqdt::onestop
