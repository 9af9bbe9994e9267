// Throttling of secret-guessing attempts (passwords, PINs): failures per key within a sliding
// window, checked and counted in one step.
//
// Begin() admits an attempt only when every key it names has fewer than its limit of failures in
// the window, and counts the attempt as a failure at once, before the secret is even checked. So
// N concurrent wrong guesses against a limit of 5 get exactly 5 checks: a check-then-record
// design (ask "blocked?", check the secret, then record the failure) lets every request that
// asked before the first one recorded through. The caller then settles the attempt: Succeeded()
// withdraws it and clears its keys, Abandoned() withdraws it (no verdict on the secret, e.g. a
// token that could not be reached); an attempt left alone stays counted as a failure.
//
// Kept in process memory by default: a restart forgets the counts, and several processes count
// separately. Memory is bounded: past `max_keys` keys the oldest state is dropped (a spray of
// keys cannot grow it without bound). Constructed over an AttemptStore (below), the counts live
// in that store instead, e.g. a database table every instance shares (identity::SharedLimits):
// the same contract then holds across processes (issue 16; decision 0025).
//
// Thread safety: all methods are safe to call concurrently. The throttle must outlive its
// attempts.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"

namespace cqdt {

struct AttemptLimit {
  std::string key;   // e.g. "user:lanhdao", "key:lanhdao-ca-nhan"
  int max_failures;  // failures allowed within the window (>= 1)
};

// Where the failures of a throttle are counted when they must hold across processes. Each
// method is atomic over all the keys it names, across every process sharing the store; it may
// throw when the store cannot be reached (an infrastructure fault: the caller's request fails).
class AttemptStore {
 public:
  struct Admission {
    std::uint64_t id = 0;                 // 0: refused
    std::chrono::seconds retry_after{0};  // refused: the wait, at least 1 s
    bool first_refusal = false;           // refused: the first since the blocking key filled up
    std::vector<int> failures;            // admitted: per limit, this attempt included
  };
  enum class Settlement {
    kFailed,     // the attempt stays counted (and is no longer in flight)
    kWithdrawn,  // the attempt is removed
    kSucceeded,  // the attempt and every failure of its keys are removed
  };
  virtual ~AttemptStore() = default;
  // Admits and counts an attempt (in flight) when every key has fewer than its max_failures
  // attempts in the `window` ending at `now`; otherwise counts nothing.
  virtual Admission Begin(const std::vector<AttemptLimit>& limits, TimePoint now,
                          std::chrono::seconds window) = 0;
  // How long until every key allows an attempt again; 0 when one would be admitted.
  virtual std::chrono::seconds RetryAfter(const std::vector<AttemptLimit>& limits, TimePoint now,
                                          std::chrono::seconds window) = 0;
  virtual void Settle(std::uint64_t id, const std::vector<std::string>& keys,
                      Settlement settlement) = 0;
  // Forgets the settled failures of `key`; attempts still in flight keep counting.
  virtual void Reset(const std::string& key) = 0;
};

// Requests per key in a sliding minute, counted where every process sees them (a database
// table: identity::SharedLimits). For limits against guessing and abuse that must hold across
// instances (decision 0025).
class RequestRateStore {
 public:
  virtual ~RequestRateStore() = default;
  // Counts a request of `key` at `now` and returns whether the key stays within `per_minute`
  // requests in the last 60 seconds. May throw when the store cannot be reached.
  virtual bool Allow(const std::string& key, int per_minute, TimePoint now) = 0;
};

class AttemptThrottle {
 public:
  using Limit = AttemptLimit;

  // The outcome of Begin(). Move-only; settle it with Succeeded() or Abandoned(), or let it go
  // (the attempt then stays counted as a failure).
  class Attempt {
   public:
    Attempt(Attempt&& other) noexcept;
    Attempt& operator=(Attempt&&) = delete;
    Attempt(const Attempt&) = delete;
    ~Attempt() = default;

    bool admitted() const { return id_ != 0; }
    // When refused: how long until the first key allows an attempt again (at least 1 s).
    std::chrono::seconds retry_after() const { return retry_after_; }
    // When refused: true for the first refusal since the key that blocks reached its limit (so
    // a caller can record the lock-out once instead of once per refused request).
    bool first_refusal() const { return first_refusal_; }
    // When admitted: the failures counted for each key, this attempt included, in the order of
    // the limits ("the 3rd wrong password in 15 minutes").
    const std::vector<int>& failures() const { return failures_; }

    // The secret was right: withdraw this attempt and forget the keys' earlier failures.
    void Succeeded();
    // No verdict on the secret: withdraw this attempt only.
    void Abandoned();

   private:
    friend class AttemptThrottle;
    Attempt(AttemptThrottle* owner, std::uint64_t id, std::vector<std::string> keys)
        : owner_(owner), id_(id), keys_(std::move(keys)) {}
    AttemptThrottle* owner_ = nullptr;
    std::uint64_t id_ = 0;  // 0: refused, or already settled
    std::vector<std::string> keys_;
    std::vector<int> failures_;
    std::chrono::seconds retry_after_{0};
    bool first_refusal_ = false;
  };

  AttemptThrottle(const Clock& clock, std::chrono::seconds window, std::size_t max_keys = 100'000)
      : clock_(clock), window_(window), max_keys_(max_keys) {}
  // Counts in `store` (which must outlive the throttle) instead of process memory, from now on;
  // null: process memory again. Call before the throttle is shared between threads.
  void UseStore(AttemptStore* store) { store_ = store; }

  // Admits and counts an attempt, or refuses it, atomically over all `limits`.
  Attempt Begin(const std::vector<Limit>& limits);
  // How long until every key of `limits` allows an attempt again; 0 when one would be admitted.
  std::chrono::seconds RetryAfter(const std::vector<Limit>& limits);

 private:
  struct Entry {
    TimePoint at;
    std::uint64_t id;
  };
  struct KeyState {
    std::deque<Entry> failures;
    bool refusal_noted = false;  // a refusal was reported since the key last had room
  };
  KeyState& Prune(const std::string& key, TimePoint now);  // requires mu_
  std::chrono::seconds WaitFor(const KeyState& state, int max, TimePoint now) const;
  void Withdraw(std::uint64_t id, const std::vector<std::string>& keys, bool clear);

  const Clock& clock_;
  std::chrono::seconds window_;
  std::size_t max_keys_;
  AttemptStore* store_ = nullptr;
  std::mutex mu_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::string, KeyState> keys_;
};

}  // namespace cqdt
