// feedback_dossier: the facts of a dossier a rating or a PAKN names (private to the module).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "feedback/dossier_directory.hpp"

namespace cqdt::feedback::internal {

// Inserts the dossier's row, or refreshes it with `f` (an agency change, a finish).
void SaveDossier(db::Transaction& tx, const DossierFacts& f, std::int64_t now);

// The codes of the dossiers whose row says neither finished nor closed: what the sweep asks
// onestop about again.
std::vector<std::string> PendingDossierCodes(db::Transaction& tx, int limit);

}  // namespace cqdt::feedback::internal
