// Limits against guessing and abuse that hold across every cqdt process on one database (issue
// 16: several instances behind a load balancer): the failures of password and key-secret checks
// (core::AttemptStore, for LoginThrottle and AttemptThrottle) and the per-address request rates
// of the public pages (core::RequestRateStore). Owns the tables identity_attempt,
// identity_attempt_refusal and identity_rate.
//
// Every call is one short write transaction of its own, on a connection of its own (so it must
// not be called while this thread holds an SQLite write transaction: on SQLite, where one process
// serves, the in-memory throttles are used instead; see app/services.cpp). Begin() takes a lock
// per key (PostgreSQL: a transaction-scoped advisory lock, in key order; SQLite: the write lock),
// then counts and decides, so N concurrent wrong guesses against a limit of 5 get exactly 5
// checks whichever instances they reach. Commits do not wait for the WAL flush (the counts may
// be lost in a crash, as the in-memory ones were at every restart). Rows older than a day are
// deleted now and then.
//
// Keys are namespaced by `scope` ("login", "signing", "rate"), so stores of different scopes can
// share the tables. Thread safety: safe to share; the database must outlive it. Each method
// throws (an exception IsUnavailable() recognises) when the database cannot be reached.
#pragma once

#include <atomic>
#include <string>

#include "core/attempt_throttle.hpp"
#include "db/database.hpp"

namespace cqdt::identity {

class SharedLimits : public AttemptStore, public RequestRateStore {
 public:
  SharedLimits(db::Database& db, std::string scope) : db_(db), scope_(std::move(scope)) {}

  Admission Begin(const std::vector<AttemptLimit>& limits, TimePoint now,
                  std::chrono::seconds window) override;
  std::chrono::seconds RetryAfter(const std::vector<AttemptLimit>& limits, TimePoint now,
                                  std::chrono::seconds window) override;
  void Settle(std::uint64_t id, const std::vector<std::string>& keys,
              Settlement settlement) override;
  void Reset(const std::string& key) override;

  bool Allow(const std::string& key, int per_minute, TimePoint now) override;

 private:
  std::string Key(const std::string& key) const { return scope_ + "|" + key; }
  void MaybePrune(db::Transaction& tx, TimePoint now);

  db::Database& db_;
  std::string scope_;
  std::atomic<std::uint64_t> calls_{0};
};

}  // namespace cqdt::identity
