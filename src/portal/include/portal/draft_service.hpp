// A citizen's drafts of online dossiers (issue 13 item 3): the e-form's answers, the agency chosen
// and the files chosen for each document, saved and resumed, deleted when the dossier is
// submitted (SubmissionService) or by their owner.
//
// A draft is its owner's only: another citizen, or staff, get kNotFound for its id, never
// kPermissionDenied (its existence is not told). Bounds: kMaxDrafts per citizen (kConflict past
// it), kMaxDraftBytes of answers and documents stored per draft (kTooLarge), the answers checked
// as a draft's (e_form.hpp CheckDraftAnswers: unknown fields and over-long texts refused, the rest
// kept as typed), documents[i].ordinal among the procedure's documents, at most
// kMaxFilesPerDocument files per document, each file named by the document store's id ("u12" an
// upload for this dossier, "s3" a file of the store, "d41" a file of an earlier dossier; checked
// for ownership when the dossier is submitted). Errors name procedureCode, agencyId, form.<name>,
// documents[i].ordinal, documents[i].files, note (..2000). Writes are audited.
// Every method runs in the caller's transaction. Thread safety: stateless beyond collaborators.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "identity/principal.hpp"
#include "portal/form_service.hpp"

namespace cqdt::portal {

using DraftId = StrongId<struct DraftIdTag>;

inline constexpr int kMaxDrafts = 20;
inline constexpr std::size_t kMaxDraftBytes = 64 * 1024;
inline constexpr std::size_t kMaxFilesPerDocument = 10;

// A file chosen for a document: the store's id and its name as shown.
struct ChosenFile {
  std::string id;  // "u12", "s3", "d41"
  std::string name;
  friend bool operator==(const ChosenFile&, const ChosenFile&) = default;
};

// What the citizen chose for one checklist item.
struct DocumentChoice {
  int ordinal = 0;  // 1-based, the procedure's document
  std::vector<ChosenFile> files;
  bool by_data = false;  // replaced by the state's data (where the catalogue allows it)
  friend bool operator==(const DocumentChoice&, const DocumentChoice&) = default;
};

struct DraftInput {
  std::string procedure_code;
  AgencyId agency;  // the receiving agency chosen, or unset
  FormAnswers answers;
  std::vector<DocumentChoice> documents;
  std::string note;
};

struct Draft {
  DraftId id;
  CitizenId citizen;
  std::string procedure_code;
  std::string procedure_name;
  AgencyId agency;
  FormId form_id;  // the form version its answers were saved under (unset: the default form)
  FormAnswers answers;
  std::vector<DocumentChoice> documents;
  std::string note;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

class DraftService {
 public:
  DraftService(audit::AuditLog& audit, FormService& forms, onestop::CatalogueService& catalogue,
               const Clock& clock)
      : audit_(audit), forms_(forms), catalogue_(catalogue), clock_(clock) {}

  // The caller's drafts, the latest saved first.
  Result<std::vector<Draft>> List(db::Transaction& tx, const identity::Principal& p) const;
  Result<Draft> Get(db::Transaction& tx, const identity::Principal& p, DraftId id) const;
  Result<Draft> Create(db::Transaction& tx, const audit::Actor& actor, const identity::Principal& p,
                       const DraftInput& in);
  // Replaces the draft's content (its procedure stays: procedureCode must be the same).
  Result<Draft> Save(db::Transaction& tx, const audit::Actor& actor, const identity::Principal& p,
                     DraftId id, const DraftInput& in);
  Status Delete(db::Transaction& tx, const audit::Actor& actor, const identity::Principal& p,
                DraftId id);

 private:
  Result<Draft> Check(db::Transaction& tx, const identity::Principal& p, const DraftInput& in,
                      std::string& answers_text, std::string& documents_text) const;
  audit::AuditLog& audit_;
  FormService& forms_;
  onestop::CatalogueService& catalogue_;
  const Clock& clock_;
};

// Is `id` a document store id ("u", "s" or "d" and a positive number)?
bool IsStoreFileId(const std::string& id);

}  // namespace cqdt::portal
