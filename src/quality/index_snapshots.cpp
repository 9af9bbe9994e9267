#include "quality/index_snapshots.hpp"

#include <cmath>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "core/working_calendar.hpp"
#include "db/statement.hpp"

namespace cqdt::quality {

namespace {

using json = nlohmann::json;

long long Hundredths(double v) { return std::llround(v * 100); }

}  // namespace

std::vector<db::Migration> Migrations() {
  return {{"quality", 1, "create_index_snapshots",
           "CREATE TABLE quality_index_snapshot ("
           " day TEXT NOT NULL,"
           " agency_id {{bigint}} NOT NULL,"  // 0: the province
           " period_from TEXT NOT NULL,"
           " period_to TEXT NOT NULL,"
           " rules_version TEXT NOT NULL,"
           " score_hundredths {{bigint}} NOT NULL,"
           " max_hundredths {{bigint}} NOT NULL,"
           " groups TEXT NOT NULL,"
           " taken_at {{bigint}} NOT NULL,"
           " PRIMARY KEY (agency_id, day))"}};
}

Result<std::vector<IndexSnapshot>> ComputeSnapshot(db::Transaction& tx,
                                                   const org::AgencyService& agencies,
                                                   const RuleSet& rules, std::int64_t now) {
  const Date today = ToVietnamLocal(FromUnixSeconds(now)).date;
  std::string day = FormatIsoDate(today);
  int taken = 0;
  db::Run(tx, "SELECT COUNT(*) FROM quality_index_snapshot WHERE agency_id = 0 AND day = :d",
          soci::use(day), soci::into(taken));
  if (taken > 0) {
    return std::vector<IndexSnapshot>{};
  }
  // The quarter so far: what the public page opens on.
  const std::string from = FormatIsoDate(QuarterOf(today).first), to = day;
  CQDT_ASSIGN_OR_RETURN(Index766 index, ComputeIndex(tx, agencies, rules, from, to, now));
  std::vector<IndexSnapshot> rows;
  auto add = [&](const UnitScore& u, AgencyId agency) {
    IndexSnapshot row{day, agency, from, to, index.rules_version, u.score, u.max_score, {}};
    for (const GroupScore& g : u.groups) {
      row.groups.emplace_back(g.rule->code, g.score);
    }
    rows.push_back(std::move(row));
  };
  add(index.province, AgencyId());
  for (const UnitScore& u : index.units) {
    add(u, u.agency);
  }
  return rows;
}

Result<int> StoreSnapshot(db::Transaction& tx, const std::vector<IndexSnapshot>& rows,
                          std::int64_t now) {
  int written = 0;
  for (const IndexSnapshot& r : rows) {
    long long agency = r.agency.IsSet() ? r.agency.value() : 0;
    long long score = Hundredths(r.score), max = Hundredths(r.max_score), at = now;
    std::string day = r.day, period_from = r.from, period_to = r.to, version = r.rules_version;
    json groups = json::object();
    for (const auto& [code, value] : r.groups) {
      groups[code] = value ? json(*value) : json(nullptr);
    }
    std::string groups_text = groups.dump();
    // Another instance may take the same day at the same time: its rows stay, ours are skipped.
    db::Run(tx,
            "INSERT INTO quality_index_snapshot (day, agency_id, period_from, period_to,"
            " rules_version, score_hundredths, max_hundredths, groups, taken_at) VALUES (:d, :a,"
            " :f, :t, :v, :s, :m, :g, :at) ON CONFLICT (agency_id, day) DO NOTHING",
            soci::use(day), soci::use(agency), soci::use(period_from), soci::use(period_to),
            soci::use(version), soci::use(score), soci::use(max), soci::use(groups_text),
            soci::use(at));
    ++written;
  }
  return written;
}

Result<std::vector<IndexSnapshot>> Snapshots(db::Transaction& tx, AgencyId agency,
                                             const std::string& from, const std::string& to) {
  if (auto period = CheckPeriod(from, to); !period) {
    return period.error();
  }
  long long a = agency.IsSet() ? agency.value() : 0;
  std::string f = from, t = to;
  IndexSnapshot s;
  long long score = 0, max = 0;
  std::string groups;
  auto st = db::Prepare(tx,
                        "SELECT day, period_from, period_to, rules_version, score_hundredths,"
                        " max_hundredths, groups FROM quality_index_snapshot WHERE agency_id = :a"
                        " AND day >= :f AND day <= :t ORDER BY day",
                        soci::use(a), soci::use(f), soci::use(t), soci::into(s.day),
                        soci::into(s.from), soci::into(s.to), soci::into(s.rules_version),
                        soci::into(score), soci::into(max), soci::into(groups));
  st->execute(false);
  std::vector<IndexSnapshot> out;
  while (st->fetch()) {
    IndexSnapshot row = s;
    row.agency = agency;
    row.score = static_cast<double>(score) / 100.0;
    row.max_score = static_cast<double>(max) / 100.0;
    json parsed = json::parse(groups, nullptr, false);
    if (parsed.is_object()) {
      for (const auto& [code, value] : parsed.items()) {
        row.groups.emplace_back(
            code, value.is_number() ? std::optional<double>(value.get<double>()) : std::nullopt);
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace cqdt::quality
