// In-memory login throttling: failures per key within a sliding window. Private to identity.
// Kept in process memory: a restart forgets the counts, and several processes count
// separately (noted in the module README). Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace cqdt::identity {

class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, std::chrono::seconds window) : clock_(clock), window_(window) {}

  // Seconds until `key` may try again when it has `max` failures in the window; 0 = allowed.
  std::chrono::seconds Blocked(const std::string& key, int max) {
    std::lock_guard lock(mu_);
    auto& q = Prune(key);
    if (static_cast<int>(q.size()) < max) {
      return std::chrono::seconds(0);
    }
    auto until = q.front() + window_;
    return std::chrono::duration_cast<std::chrono::seconds>(until - clock_.Now()) +
           std::chrono::seconds(1);
  }
  void Fail(const std::string& key) {
    std::lock_guard lock(mu_);
    Prune(key).push_back(clock_.Now());
  }
  void Reset(const std::string& key) {
    std::lock_guard lock(mu_);
    failures_.erase(key);
  }

 private:
  std::deque<TimePoint>& Prune(const std::string& key) {
    auto& q = failures_[key];
    auto now = clock_.Now();
    while (!q.empty() && q.front() + window_ <= now) {
      q.pop_front();
    }
    if (failures_.size() > 100'000) {  // bound memory under a spray of usernames
      failures_.clear();
      return failures_[key];
    }
    return q;
  }
  const Clock& clock_;
  std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<TimePoint>> failures_;
};

}  // namespace cqdt::identity
