// The SQL of feedback_petition and feedback_petition_event (private to the module).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "feedback/petition_service.hpp"

namespace cqdt::feedback::internal {

std::optional<Petition> LoadPetition(db::Transaction& tx, const std::string& code);
std::vector<PetitionEvent> LoadEvents(db::Transaction& tx, std::int64_t petition_id);
// Inserts `p` (its id is set).
void InsertPetition(db::Transaction& tx, Petition& p, std::int64_t dossier_id,
                    const std::string& index_class, std::int64_t now);
// The queue of `agency`, due first; overdue_only: not answered and due before `now`.
Page<Petition> ListPetitions(db::Transaction& tx, AgencyId agency,
                             std::optional<PetitionState> state, bool overdue_only,
                             std::int64_t now, int limit, int offset);
std::vector<Petition> ListByCitizen(db::Transaction& tx, CitizenId citizen, int limit);
// Answered and published, newest answer first; `agency` unset: every agency.
Page<PublishedPetition> ListPublished(db::Transaction& tx, AgencyId agency, int limit, int offset);
// Not answered, due before `now`, the leaders not told yet (at most `limit`).
std::vector<Petition> NewlyOverdue(db::Transaction& tx, std::int64_t now, int limit);

}  // namespace cqdt::feedback::internal
