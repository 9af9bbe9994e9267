// The demo procedure catalogue (private to app; demo_catalogue.cpp).
#pragma once

#include "audit/audit_log.hpp"
#include "core/result.hpp"
#include "services.hpp"

namespace cqdt::app {

// Imports src/app/demo/procedures.json and assigns the procedures to the demo agencies.
Status LoadDemoCatalogue(Services& s, const audit::Actor& actor);

}  // namespace cqdt::app
