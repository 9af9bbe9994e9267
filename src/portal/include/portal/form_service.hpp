// The e-forms of the catalogue's procedures (issue 13 item 3; decision 0018): each procedure's
// form as versions of its own, beside the catalogue (portal_form), and what a citizen's form is
// pre-filled with.
//
// Versions: setting a form that differs from the latest stores it as the next version (1, 2, …)
// and leaves the earlier ones as they were, so a dossier keeps the form it was filled in under
// (portal_dossier_form names the version); setting an equal one changes nothing. A form is the
// portal's, not a field of the catalogue's procedure record: fixing a label or a check does not
// publish a new version of the legal record, and a new version of the record does not drop the
// form. A procedure without a form of its own is offered the default form (DefaultForm), stored
// as its version 1 by the first submission under it (Ensure).
//
// Permissions: reading is public (the portal shows the form before sign-in); setting is for
// administrators (kPermissionDenied). kNotFound for a code with no procedure in force. Setting
// checks the definition's `documents` against the procedure's documents in force
// (kInvalidArgument "documents[i]").
// Every method runs in the caller's transaction. Thread safety: stateless beyond collaborators.
#pragma once

#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "onestop/catalogue_service.hpp"
#include "portal/e_form.hpp"

namespace cqdt::portal {

// The portal module's tables, in order (forms, drafts, the citizens' files, dossiers' forms).
std::vector<db::Migration> Migrations();

using FormId = StrongId<struct FormIdTag>;

struct StoredForm {
  FormId id;  // unset: the default form, not stored yet
  std::string procedure_code;
  int number = 0;  // 1, 2, …; 0 for the default form not stored yet
  FormDefinition definition;
  std::int64_t created_at = 0;  // Unix seconds
  std::string created_by;
};

class FormService {
 public:
  FormService(audit::AuditLog& audit, onestop::CatalogueService& catalogue,
              identity::IdentityService& identity, const Clock& clock)
      : audit_(audit), catalogue_(catalogue), identity_(identity), clock_(clock) {}

  // The form a new dossier of `code` is filled in: its latest version, or the default form.
  Result<StoredForm> Current(db::Transaction& tx, const std::string& code) const;
  // One version, by id (kNotFound).
  Result<StoredForm> Get(db::Transaction& tx, FormId id) const;
  // Every stored version of `code`, newest first (empty when it has none).
  Result<std::vector<StoredForm>> Versions(db::Transaction& tx, const std::string& code) const;
  // Sets the form of `code`: the stored version, and whether it is new (false: equal to the
  // latest, nothing written). Audited ("portal.form_set").
  Result<std::pair<StoredForm, bool>> Set(db::Transaction& tx, const identity::Principal& p,
                                          const audit::Actor& actor, const std::string& code,
                                          FormDefinition definition);
  // `form` stored: itself when it has an id, else the default form as the procedure's version 1
  // (a submission under it names it).
  Result<StoredForm> Ensure(db::Transaction& tx, const StoredForm& form);

  // The first values of `form` for the citizen `p` (realm citizen; kPermissionDenied otherwise):
  // the account's name, ID number, phone and e-mail, the address and answers of their latest
  // online dossier of this procedure (or, for the address, of any procedure).
  Result<FormAnswers> PrefillFor(db::Transaction& tx, const identity::Principal& p,
                                 const StoredForm& form) const;
  // Today in Vietnam: the day answers are checked on ("today" in a date field's bounds).
  Date Today() const;

 private:
  audit::AuditLog& audit_;
  onestop::CatalogueService& catalogue_;
  identity::IdentityService& identity_;
  const Clock& clock_;
};

}  // namespace cqdt::portal
