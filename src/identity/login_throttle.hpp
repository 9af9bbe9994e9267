// In-memory throttling of password checks: attempts per key within a sliding window. Private to
// identity.
//
// The check "may this key try?" and the count "this key tried" are one atomic step: TryAcquire
// reserves a slot on every key before the caller checks the password (~60 ms of argon2id), and
// the slot counts as a failure unless the caller releases it after a success. So N concurrent
// wrong passwords for one account get at most `max` password checks; counting after the check
// would let every request that arrived during the first checks through as well.
//
// Kept in process memory by default: a restart forgets the counts, and several processes count
// separately. Over an AttemptStore (SharedLimits, the identity_attempt table), the same contract
// holds across every process sharing the database (issue 16, decision 0025). Thread-safe.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/attempt_throttle.hpp"
#include "core/clock.hpp"

namespace cqdt::identity {

class LoginThrottle {
 public:
  struct Limit {
    std::string key;
    int max = 0;  // attempts (failures and attempts in flight) allowed within the window
  };

  // One reserved attempt. Until Release(), it counts against each of its keys; when the ticket is
  // destroyed without Release() (a wrong password, or an error on the way), it stays counted as a
  // failure. Must not outlive the throttle. Move-only.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept
        : owner_(std::exchange(other.owner_, nullptr)),
          id_(other.id_),
          keys_(std::move(other.keys_)) {}
    Ticket& operator=(Ticket&&) = delete;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket() {
      if (owner_ != nullptr) {
        owner_->Settle(id_, keys_, /*counts=*/true);
      }
    }
    // The attempt succeeded (or must not count): its slots are freed.
    void Release() {
      if (owner_ != nullptr) {
        std::exchange(owner_, nullptr)->Settle(id_, keys_, /*counts=*/false);
      }
    }

   private:
    friend class LoginThrottle;
    Ticket(LoginThrottle* owner, std::uint64_t id, std::vector<std::string> keys)
        : owner_(owner), id_(id), keys_(std::move(keys)) {}
    LoginThrottle* owner_;
    std::uint64_t id_;
    std::vector<std::string> keys_;
  };

  LoginThrottle(const Clock& clock, std::chrono::seconds window) : clock_(clock), window_(window) {}
  // Counts in `store` (which must outlive the throttle) from now on instead of process memory.
  void UseStore(AttemptStore* store) { store_ = store; }

  // Atomically: when any key already has `max` attempts in the window, reserves nothing and
  // returns nullopt with `retry_after` set to the wait; otherwise reserves one slot on every key.
  std::optional<Ticket> TryAcquire(const std::vector<Limit>& limits,
                                   std::chrono::seconds* retry_after = nullptr) {
    if (store_ != nullptr) {
      std::vector<AttemptLimit> shared;
      std::vector<std::string> keys;
      for (const auto& limit : limits) {
        shared.push_back({limit.key, limit.max});
        keys.push_back(limit.key);
      }
      auto admission = store_->Begin(shared, clock_.Now(), window_);
      if (retry_after != nullptr) {
        *retry_after = admission.retry_after;
      }
      if (admission.id == 0) {
        return std::nullopt;
      }
      return Ticket(this, admission.id, std::move(keys));
    }
    std::lock_guard lock(mu_);
    std::chrono::seconds wait(0);
    for (const auto& limit : limits) {
      wait = std::max(wait, WaitLocked(limit.key, limit.max));
    }
    if (retry_after != nullptr) {
      *retry_after = wait;
    }
    if (wait.count() > 0) {
      return std::nullopt;
    }
    const auto id = ++last_id_;
    const auto now = clock_.Now();
    std::vector<std::string> keys;
    for (const auto& limit : limits) {
      Prune(limit.key).push_back({now, id});
      keys.push_back(limit.key);
    }
    in_flight_.insert(id);
    return Ticket(this, id, std::move(keys));
  }

  // Seconds until `key` may try again when it has `max` attempts in the window; 0 = allowed.
  std::chrono::seconds Blocked(const std::string& key, int max) {
    if (store_ != nullptr) {
      return store_->RetryAfter({{key, max}}, clock_.Now(), window_);
    }
    std::lock_guard lock(mu_);
    return WaitLocked(key, max);
  }

  // Forgets the failures of `key` (after a successful login), but not the attempts still in
  // flight: those may yet fail, and must keep counting until they are settled.
  void Reset(const std::string& key) {
    if (store_ != nullptr) {
      store_->Reset(key);
      return;
    }
    std::lock_guard lock(mu_);
    auto it = attempts_.find(key);
    if (it == attempts_.end()) {
      return;
    }
    auto& q = it->second;
    q.erase(std::remove_if(q.begin(), q.end(),
                           [this](const Attempt& a) { return in_flight_.count(a.id) == 0; }),
            q.end());
    if (q.empty()) {
      attempts_.erase(it);
    }
  }

 private:
  struct Attempt {
    TimePoint at;
    std::uint64_t id;
  };

  void Settle(std::uint64_t id, const std::vector<std::string>& keys, bool counts) {
    if (store_ != nullptr) {
      try {
        store_->Settle(
            id, keys,
            counts ? AttemptStore::Settlement::kFailed : AttemptStore::Settlement::kWithdrawn);
      } catch (const std::exception& e) {
        // Runs from a destructor: the attempt stays counted (as a failure in flight).
        spdlog::warn("identity: settling a login attempt failed: {}", e.what());
      }
      return;
    }
    std::lock_guard lock(mu_);
    in_flight_.erase(id);
    if (counts) {
      return;
    }
    for (const auto& key : keys) {
      auto it = attempts_.find(key);
      if (it != attempts_.end()) {
        auto& q = it->second;
        q.erase(std::remove_if(q.begin(), q.end(), [id](const Attempt& a) { return a.id == id; }),
                q.end());
      }
    }
  }

  std::chrono::seconds WaitLocked(const std::string& key, int max) {
    if (max <= 0) {
      return window_;
    }
    auto& q = Prune(key);
    if (static_cast<int>(q.size()) < max) {
      return std::chrono::seconds(0);
    }
    // The oldest attempts leave the window first; with `max` or more, the attempt that brings the
    // count below `max` is the (size - max)-th.
    auto until = q[q.size() - static_cast<std::size_t>(max)].at + window_;
    return std::chrono::duration_cast<std::chrono::seconds>(until - clock_.Now()) +
           std::chrono::seconds(1);
  }

  std::deque<Attempt>& Prune(const std::string& key) {
    if (attempts_.size() > 100'000 && !attempts_.count(key)) {
      attempts_.clear();  // bound memory under a spray of usernames
    }
    auto& q = attempts_[key];
    auto now = clock_.Now();
    while (!q.empty() && q.front().at + window_ <= now) {
      q.pop_front();
    }
    return q;
  }

  const Clock& clock_;
  std::chrono::seconds window_;
  AttemptStore* store_ = nullptr;
  std::mutex mu_;
  std::uint64_t last_id_ = 0;
  std::unordered_set<std::uint64_t> in_flight_;
  std::unordered_map<std::string, std::deque<Attempt>> attempts_;
};

}  // namespace cqdt::identity
