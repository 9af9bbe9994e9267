// The feedback module's schema: feedback_dossier (the dossiers rated or complained about, with
// the facts Decision 766 counts them by), feedback_rating and feedback_rating_score,
// feedback_petition (PAKN) and feedback_petition_event. Needs org's tables.
#pragma once

#include <vector>

#include "db/migrator.hpp"

namespace cqdt::feedback {

std::vector<db::Migration> Migrations();

}  // namespace cqdt::feedback
