// Work shared by several cqdt processes on one PostgreSQL (issue 16 item 4; decision 0024): the
// few SQL pieces with which each module's queue and timer claims its work, so that a job runs
// once however many instances serve. SQLite runs one instance, whose write transactions already
// exclude every other writer: there these cost nothing (an empty clause, no lock).
//
// Thread safety: as the Transaction they are given.
#pragma once

#include <cstdint>
#include <string>

#include "db/database.hpp"

namespace cqdt::db {

// " FOR UPDATE SKIP LOCKED" on PostgreSQL, "" on SQLite: appended to the SELECT that picks a
// batch of a queue inside the write transaction that claims it (and marks it claimed, or does
// the work and deletes it), so that a second instance passes over the rows the first one holds
// instead of waiting for them or taking them too. Not for a SELECT with aggregates or DISTINCT.
const char* SkipLocked(Engine engine);

// Serializes one job across instances for the rest of this write transaction. PostgreSQL: a
// transaction-level advisory lock named by `job` (a constant of the caller), taken without
// waiting: false when another instance holds it now (it is doing the same work: skip this
// pass). Released at commit or rollback. SQLite: always true.
bool TryJobLock(Transaction& tx, const std::string& job);

// Once per period: true when this transaction is the first to take `period` of `job`
// (constants of the caller; periods of a job compare as text, so give them one fixed-width
// form, e.g. "2026-12-07"), false when a committed transaction took it or a later one. The
// mark commits (or rolls back) with the transaction: take it in the transaction that does the
// period's work, and a run that fails leaves the period to the next attempt. On PostgreSQL a
// second instance taking the same period waits for the first one's transaction to end, then
// gets false (or true, when the first rolled back). Table db_job_period, made by the Migrator.
bool TakePeriod(Transaction& tx, const std::string& job, const std::string& period,
                std::int64_t now);

}  // namespace cqdt::db
