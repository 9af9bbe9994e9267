// The dossiers of citizens' accounts that have a result (issue 13 item 8, proactive services): a
// read for the proactive module's sweep, which looks for results that expire or obligations that
// come due from the dossiers already finished here (mot-cua.md §8, NĐ 224/2026 art. 16).
// Requires: any transaction. Thread safety: a free function.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "onestop/dossier.hpp"

namespace cqdt::onestop {

struct FinishedDossier {
  DossierId id;
  std::string code;
  std::string procedure_code;
  CitizenId citizen;
  AgencyId receiving_agency;
  std::int64_t finished_at = 0;  // Unix seconds: when the result was ready
};

// The dossiers of `procedure_code` filed by a citizen's account (citizen_id set), done or
// returned, finished in [from, to), the oldest first, at most `limit`.
std::vector<FinishedDossier> FinishedCitizenDossiers(db::Transaction& tx,
                                                     const std::string& procedure_code,
                                                     std::int64_t from, std::int64_t to, int limit);

}  // namespace cqdt::onestop
