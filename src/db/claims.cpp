#include "db/claims.hpp"

#include <soci/soci.h>

#include "db/statement.hpp"

namespace cqdt::db {

const char* SkipLocked(Engine engine) {
  return engine == Engine::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
}

bool TryJobLock(Transaction& tx, const std::string& job) {
  if (tx.engine() != Engine::kPostgres) {
    return true;
  }
  // The lock's key: FNV-1a of the job's name, in a space of its own (the Migrator's lock is a
  // small constant).
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : "cqdt.job:" + job) {
    h = (h ^ c) * 1099511628211ULL;
  }
  long long key = static_cast<long long>(h);
  int taken = 0;
  Run(tx, "SELECT CASE WHEN pg_try_advisory_xact_lock(:k) THEN 1 ELSE 0 END", soci::use(key),
      soci::into(taken));
  return taken == 1;
}

bool TakePeriod(Transaction& tx, const std::string& job, const std::string& period,
                std::int64_t now) {
  long long at = now;
  Run(tx,
      "INSERT INTO db_job_period (job, period, taken_at) VALUES (:j, '', 0)"
      " ON CONFLICT (job) DO NOTHING",
      soci::use(job));
  // PostgreSQL: a second instance's UPDATE waits for the first one's row lock, then reads the
  // row as committed (period no longer below): 0 rows.
  auto st = Run(tx,
                "UPDATE db_job_period SET period = :p, taken_at = :t WHERE job = :j"
                " AND period < :p2",
                soci::use(period), soci::use(at), soci::use(job), soci::use(period));
  return st->get_affected_rows() == 1;
}

}  // namespace cqdt::db
