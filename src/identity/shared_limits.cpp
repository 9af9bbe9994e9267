#include "identity/shared_limits.hpp"

#include <algorithm>
#include <mutex>
#include <random>

#include <soci/soci.h>

#include "core/unavailable.hpp"
#include "db/statement.hpp"

namespace cqdt::identity {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::int64_t Millis(TimePoint t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

// An attempt's id, unique across processes without a round trip: 63 random bits.
std::uint64_t NewAttemptId() {
  static std::mutex mu;
  static std::mt19937_64 random{std::random_device{}()};
  std::lock_guard lock(mu);
  std::uint64_t id = 0;
  while (id == 0) {
    id = random() >> 1;
  }
  return id;
}

// PostgreSQL: the commit is not waited for on disk (lost counts in a crash are acceptable, and
// every login and public request would otherwise wait for a WAL flush).
void NoSyncCommit(db::Transaction& tx) {
  if (tx.engine() == db::Engine::kPostgres) {
    tx.sql() << "SET LOCAL synchronous_commit TO off";
  }
}

// Serialises the deciders of `keys` across processes until the transaction ends. PostgreSQL:
// advisory locks in key order (no deadlock between two multi-key attempts); SQLite: the write
// transaction already holds the database's one write lock.
void LockKeys(db::Transaction& tx, std::vector<std::string> keys) {
  if (tx.engine() != db::Engine::kPostgres) {
    return;
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (const std::string& key : keys) {
    int locked = 0;
    db::Run(tx, "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(7341, hashtext(:k))) AS held",
            soci::use(key), soci::into(locked));
  }
}

struct KeyCount {
  int count = 0;
  seconds wait{0};
};

// The attempts of `key` in the window, and the wait until it has room under `max`.
KeyCount Count(db::Transaction& tx, const std::string& key, int max, std::int64_t now_ms,
               seconds window) {
  KeyCount out;
  const std::int64_t horizon = now_ms - window.count() * 1000;
  long long horizon_ll = horizon;
  long long n = 0;
  db::Run(tx, "SELECT count(*) FROM identity_attempt WHERE key = :k AND at_ms > :h", soci::use(key),
          soci::use(horizon_ll), soci::into(n));
  out.count = static_cast<int>(n);
  if (out.count >= max) {
    // The oldest attempt that must leave the window before there is room again: the max-th
    // newest.
    long long blocking = now_ms;
    long long offset = max - 1;
    db::Run(tx,
            "SELECT at_ms FROM identity_attempt WHERE key = :k AND at_ms > :h"
            " ORDER BY at_ms DESC LIMIT 1 OFFSET :o",
            soci::use(key), soci::use(horizon_ll), soci::use(offset), soci::into(blocking));
    const auto left = milliseconds(blocking + window.count() * 1000 - now_ms);
    out.wait = std::max(std::chrono::duration_cast<seconds>(left) + seconds(1), seconds(1));
  }
  return out;
}

}  // namespace

void SharedLimits::MaybePrune(db::Transaction& tx, TimePoint now) {
  // Now and then, rows no window reaches any more (a day: the longest window is 24 hours).
  if (calls_.fetch_add(1, std::memory_order_relaxed) % 512 != 0) {
    return;
  }
  long long horizon = Millis(now) - 25LL * 3600 * 1000;
  long long minute = Millis(now) / 60000 - 2;
  db::Run(tx, "DELETE FROM identity_attempt WHERE at_ms <= :h", soci::use(horizon));
  db::Run(tx, "DELETE FROM identity_rate WHERE minute < :m", soci::use(minute));
}

AttemptStore::Admission SharedLimits::Begin(const std::vector<AttemptLimit>& limits, TimePoint now,
                                            seconds window) {
  std::vector<std::string> keys;
  for (const auto& l : limits) {
    keys.push_back(Key(l.key));
  }
  const std::int64_t now_ms = Millis(now);
  auto tx = db_.Begin();
  NoSyncCommit(tx);
  LockKeys(tx, keys);
  MaybePrune(tx, now);
  Admission out;
  std::vector<int> counts;
  std::vector<bool> blocking(limits.size(), false);
  for (std::size_t i = 0; i < limits.size(); ++i) {
    auto c = Count(tx, keys[i], std::max(1, limits[i].max_failures), now_ms, window);
    counts.push_back(c.count);
    if (c.wait.count() > 0) {
      blocking[i] = true;
      out.retry_after = std::max(out.retry_after, c.wait);
    }
  }
  for (std::size_t i = 0; i < limits.size(); ++i) {
    if (blocking[i]) {
      // The first refusal since the key filled up inserts the mark; later ones find it.
      auto st = db::Run(tx,
                        "INSERT INTO identity_attempt_refusal (key) VALUES (:k)"
                        " ON CONFLICT (key) DO NOTHING",
                        soci::use(keys[i]));
      out.first_refusal = out.first_refusal || st->get_affected_rows() > 0;
    } else {
      db::Run(tx, "DELETE FROM identity_attempt_refusal WHERE key = :k", soci::use(keys[i]));
    }
  }
  if (out.retry_after.count() == 0) {
    out.id = NewAttemptId();
    long long attempt = static_cast<long long>(out.id);
    long long at = now_ms;
    for (std::size_t i = 0; i < limits.size(); ++i) {
      db::Run(tx,
              "INSERT INTO identity_attempt (attempt, key, at_ms, in_flight)"
              " VALUES (:a, :k, :t, 1)",
              soci::use(attempt), soci::use(keys[i]), soci::use(at));
      out.failures.push_back(counts[i] + 1);
    }
  }
  if (auto st = tx.Commit(); !st) {
    throw UnavailableError("identity: counting an attempt failed: " + st.error().message());
  }
  return out;
}

seconds SharedLimits::RetryAfter(const std::vector<AttemptLimit>& limits, TimePoint now,
                                 seconds window) {
  const std::int64_t now_ms = Millis(now);
  auto tx = db_.BeginRead();
  seconds wait{0};
  for (const auto& l : limits) {
    const std::string key = Key(l.key);
    wait = std::max(wait, Count(tx, key, std::max(1, l.max_failures), now_ms, window).wait);
  }
  return wait;
}

void SharedLimits::Settle(std::uint64_t id, const std::vector<std::string>& keys,
                          Settlement settlement) {
  long long attempt = static_cast<long long>(id);
  auto tx = db_.Begin();
  NoSyncCommit(tx);
  switch (settlement) {
    case Settlement::kFailed:
      db::Run(tx, "UPDATE identity_attempt SET in_flight = 0 WHERE attempt = :a",
              soci::use(attempt));
      break;
    case Settlement::kWithdrawn:
      db::Run(tx, "DELETE FROM identity_attempt WHERE attempt = :a", soci::use(attempt));
      break;
    case Settlement::kSucceeded:
      db::Run(tx, "DELETE FROM identity_attempt WHERE attempt = :a", soci::use(attempt));
      for (const auto& k : keys) {
        const std::string key = Key(k);
        db::Run(tx, "DELETE FROM identity_attempt WHERE key = :k", soci::use(key));
      }
      break;
  }
  if (auto st = tx.Commit(); !st) {
    throw UnavailableError("identity: settling an attempt failed: " + st.error().message());
  }
}

void SharedLimits::Reset(const std::string& k) {
  const std::string key = Key(k);
  auto tx = db_.Begin();
  NoSyncCommit(tx);
  db::Run(tx, "DELETE FROM identity_attempt WHERE key = :k AND in_flight = 0", soci::use(key));
  if (auto st = tx.Commit(); !st) {
    throw UnavailableError("identity: resetting attempts failed: " + st.error().message());
  }
}

// A sliding minute estimated from two fixed ones (the current minute's count plus the share of
// the previous minute's that the sliding window still covers): one row per key and minute,
// counted with one upsert. Refused requests count too, so a client that keeps hammering stays
// refused.
bool SharedLimits::Allow(const std::string& k, int per_minute, TimePoint now) {
  const std::string key = Key(k);
  const std::int64_t now_ms = Millis(now);
  long long minute = now_ms / 60000;
  long long previous_minute = minute - 1;
  const double elapsed = static_cast<double>(now_ms % 60000) / 60000.0;
  long long current = 0;
  long long previous = 0;
  auto tx = db_.Begin();
  NoSyncCommit(tx);
  MaybePrune(tx, now);
  db::Run(tx,
          "INSERT INTO identity_rate (key, minute, n) VALUES (:k, :m, 1)"
          " ON CONFLICT (key, minute) DO UPDATE SET n = identity_rate.n + 1",
          soci::use(key), soci::use(minute));
  db::Run(tx, "SELECT n FROM identity_rate WHERE key = :k AND minute = :m", soci::use(key),
          soci::use(minute), soci::into(current));
  db::Run(tx, "SELECT n FROM identity_rate WHERE key = :k AND minute = :m", soci::use(key),
          soci::use(previous_minute), soci::into(previous));
  if (auto st = tx.Commit(); !st) {
    throw UnavailableError("identity: counting a request failed: " + st.error().message());
  }
  const double estimate =
      static_cast<double>(current) + static_cast<double>(previous) * (1.0 - elapsed);
  return estimate <= static_cast<double>(per_minute);
}

}  // namespace cqdt::identity
