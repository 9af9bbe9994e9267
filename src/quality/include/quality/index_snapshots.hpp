// Nightly snapshots of the Decision 766 index (issue 13, item 9), so that trends can be drawn:
// each day, the index of the quarter so far (the period the public page opens on) for the
// province and every unit, one row per day and unit. A day already taken stays as it was (a
// restart, or a second instance, takes it again and writes nothing); the rules' version is kept
// with each row, since a change of rules changes the scale.
// Tables: quality_index_snapshot. Thread safety: stateless; runs in the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/text.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "org/agency_service.hpp"
#include "quality/index766.hpp"

namespace cqdt::quality {

std::vector<db::Migration> Migrations();

struct IndexSnapshot {
  std::string day;       // YYYY-MM-DD, Vietnam: when it was taken
  AgencyId agency;       // unset: the province
  std::string from, to;  // the period it measured
  std::string rules_version;
  double score = 0;
  double max_score = 0;
  std::vector<std::pair<std::string, std::optional<double>>> groups;  // code, score
};

// The snapshot of the day `now` falls on (Vietnam time): the province first, then the units;
// empty when that day was taken already. Reads only: run it in a read transaction, so that the
// computation holds no write lock.
Result<std::vector<IndexSnapshot>> ComputeSnapshot(db::Transaction& tx,
                                                   const org::AgencyService& agencies,
                                                   const RuleSet& rules, std::int64_t now);
// Writes the rows ComputeSnapshot gave, in a write transaction; rows of a day and unit already
// there (another instance's) are skipped. Returns how many it wrote.
Result<int> StoreSnapshot(db::Transaction& tx, const std::vector<IndexSnapshot>& rows,
                          std::int64_t now);

// The snapshots of one unit (unset: the province) taken from `from` to `to` (YYYY-MM-DD,
// inclusive, at most 5 years), oldest first. kInvalidArgument naming "from" or "to".
Result<std::vector<IndexSnapshot>> Snapshots(db::Transaction& tx, AgencyId agency,
                                             const std::string& from, const std::string& to);

}  // namespace cqdt::quality
