// The demo's e-forms (src/app/demo/e-forms.json, compiled in; issue 13 item 3): the declarations
// of the procedures the demo citizens file most online, written from the Ministries' forms
// (birth, death, marriage, marital status, civil status extracts, temporary residence, criminal
// record, household business). Every other procedure offered online gets the portal's default
// form (portal/e_form.hpp DefaultForm) until an administrator sets its own.
#include "demo_e_forms.hpp"

#include "portal/form_service.hpp"

namespace cqdt::app {

extern const char* const kDemoEFormsJson;

Status LoadDemoEForms(Services& s, const audit::Actor& actor) {
  CQDT_ASSIGN_OR_RETURN(auto forms, portal::ParseFormList(kDemoEFormsJson));
  identity::Principal operator_principal;
  operator_principal.realm = identity::Realm::kStaff;
  operator_principal.username = actor.name;
  operator_principal.roles = {identity::Role::kAdmin};
  portal::FormService service(*s.audit, *s.catalogue, *s.identity, s.clock);
  auto tx = s.db->Begin();
  for (auto& [code, form] : forms) {
    CQDT_RETURN_IF_ERROR(service.Set(tx, operator_principal, actor, code, std::move(form)));
  }
  return tx.Commit();
}

}  // namespace cqdt::app
