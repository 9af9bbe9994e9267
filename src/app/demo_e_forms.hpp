// The demo's e-forms (private to app; demo_e_forms.cpp).
#pragma once

#include "audit/audit_log.hpp"
#include "core/result.hpp"
#include "services.hpp"

namespace cqdt::app {

// Sets the e-forms of src/app/demo/e-forms.json (after the catalogue: each names a procedure).
Status LoadDemoEForms(Services& s, const audit::Actor& actor);

}  // namespace cqdt::app
