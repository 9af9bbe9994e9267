// Online submission from the portal (issue 13 item 3; mot-cua.md §6.1 step 1, §8; NĐ 224/2026
// art. 15): a citizen's e-form and files become a dossier waiting for the one-stop desk's
// acceptance (onestop::DossierService::SubmitOnline), and the citizen follows it: the list of
// their dossiers, one with each decision (accepted with its code and appointment, a supplement
// asked with its reason, refused with its reason) and its e-form, and the supplement answered
// online.
//
// Submit, in the caller's one transaction: the e-form's answers checked against the procedure's
// current form (kConflict when the client filled in another version: the page reloads it; errors
// "form.<name>"), each file resolved among the citizen's own (document_store.hpp: an upload, or a
// file of the store reused — recorded as reused, Decision 766 — else "documents[i].files"), the
// e-form standing for the documents its definition names, the dossier submitted (its own errors:
// agencyId, documents, documents[i].byData …), the form and answers kept with the dossier
// (portal_dossier_form), the uploads consumed and the draft deleted. Nothing of it when anything
// fails. The applicant is what the form's `applicant` fields give, the account's details for the
// rest.
//
// A dossier is its citizen's only: others get kNotFound. The desk reads a dossier's e-form through
// FormOf, with the dossier's own read rule (staff of its agencies).
// Thread safety: stateless beyond its collaborators.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "onestop/dossier_service.hpp"
#include "portal/document_store.hpp"
#include "portal/draft_service.hpp"
#include "portal/form_service.hpp"

namespace cqdt::portal {

struct SubmissionInput {
  std::string procedure_code;
  AgencyId agency;                // the receiving agency
  std::optional<FormId> form_id;  // the version filled in; absent: the default form
  FormAnswers answers;
  std::vector<DocumentChoice> documents;  // files by id; names are ignored here
  onestop::ResultDelivery delivery = onestop::ResultDelivery::kElectronic;
  std::string note;
  DraftId draft;  // deleted with the submission when set (the caller's own)
};

// The e-form a dossier was submitted with.
struct DossierForm {
  StoredForm form;
  FormAnswers answers;
  std::int64_t submitted_at = 0;
};

struct Submitted {
  onestop::Dossier dossier;
  DossierForm form;
};

struct CitizenDossierView {
  onestop::CitizenDossier dossier;
  std::optional<DossierForm> form;  // none for a dossier received at the counter
};

struct SupplementInput {
  std::string note;
  std::vector<DocumentChoice> documents;  // ordinal 0: not tied to a checklist item
  std::optional<std::int64_t> expected_updated_at;
};

class SubmissionService {
 public:
  SubmissionService(audit::AuditLog& audit, FormService& forms, DraftService& drafts,
                    DocumentStore& store, onestop::DossierService& dossiers,
                    identity::IdentityService& identity)
      : audit_(audit),
        forms_(forms),
        drafts_(drafts),
        store_(store),
        dossiers_(dossiers),
        identity_(identity) {}

  Result<Submitted> Submit(db::Transaction& tx, const audit::Actor& actor,
                           const identity::Principal& p, const SubmissionInput& in);
  // The citizen's dossiers, the latest submitted first.
  Result<std::vector<onestop::DossierSummary>> Mine(db::Transaction& tx,
                                                    const identity::Principal& p) const;
  Result<CitizenDossierView> View(db::Transaction& tx, const identity::Principal& p,
                                  const std::string& code) const;
  // The answer to a supplement request (onestop::DossierService::AnswerSupplement): files resolved
  // as Submit's ("documents[i].files"), uploads consumed.
  Result<onestop::Dossier> AnswerSupplement(db::Transaction& tx, const audit::Actor& actor,
                                            const identity::Principal& p, const std::string& code,
                                            const SupplementInput& in);
  // The e-form of a dossier the staff member `p` may read (nullopt: submitted at the counter).
  Result<std::optional<DossierForm>> FormOf(db::Transaction& tx, const identity::Principal& p,
                                            const std::string& code) const;
  // The e-form answers a dossier was submitted with (empty: submitted at the counter): for the
  // platform's own sweeps (proactive services), which act for no one; no permission is checked.
  FormAnswers AnswersOf(db::Transaction& tx, onestop::DossierId id) const;

 private:
  // The files `choices` name, as the dossier takes them, with the uploads to consume.
  Result<std::vector<onestop::OnlineFile>> Resolve(db::Transaction& tx,
                                                   const identity::Principal& p,
                                                   const std::vector<DocumentChoice>& choices,
                                                   std::vector<std::string>& uploads) const;
  std::optional<DossierForm> Stored(db::Transaction& tx, onestop::DossierId id) const;

  audit::AuditLog& audit_;
  FormService& forms_;
  DraftService& drafts_;
  DocumentStore& store_;
  onestop::DossierService& dossiers_;
  identity::IdentityService& identity_;
};

}  // namespace cqdt::portal
