#include "core/attempt_throttle.hpp"

#include <algorithm>

namespace cqdt {

AttemptThrottle::Attempt::Attempt(Attempt&& other) noexcept
    : owner_(other.owner_),
      id_(other.id_),
      keys_(std::move(other.keys_)),
      failures_(std::move(other.failures_)),
      retry_after_(other.retry_after_),
      first_refusal_(other.first_refusal_) {
  other.id_ = 0;
}

void AttemptThrottle::Attempt::Succeeded() {
  if (id_ != 0) {
    owner_->Withdraw(id_, keys_, /*clear=*/true);
    id_ = 0;
  }
}

void AttemptThrottle::Attempt::Abandoned() {
  if (id_ != 0) {
    owner_->Withdraw(id_, keys_, /*clear=*/false);
    id_ = 0;
  }
}

AttemptThrottle::KeyState& AttemptThrottle::Prune(const std::string& key, TimePoint now) {
  if (keys_.size() >= max_keys_ && keys_.find(key) == keys_.end()) {
    // Bound memory: drop the keys with nothing left in their window first, then everything.
    for (auto it = keys_.begin(); it != keys_.end();) {
      const auto& q = it->second.failures;
      it = q.empty() || q.back().at + window_ <= now ? keys_.erase(it) : std::next(it);
    }
    if (keys_.size() >= max_keys_) {
      keys_.clear();
    }
  }
  KeyState& state = keys_[key];
  while (!state.failures.empty() && state.failures.front().at + window_ <= now) {
    state.failures.pop_front();
  }
  return state;
}

std::chrono::seconds AttemptThrottle::WaitFor(const KeyState& state, int max, TimePoint now) const {
  if (static_cast<int>(state.failures.size()) < max) {
    return std::chrono::seconds(0);
  }
  // The oldest failure that must leave the window before there is room again.
  const Entry& blocking = state.failures[state.failures.size() - static_cast<std::size_t>(max)];
  auto wait = std::chrono::duration_cast<std::chrono::seconds>(blocking.at + window_ - now);
  return std::max(wait + std::chrono::seconds(1), std::chrono::seconds(1));
}

AttemptThrottle::Attempt AttemptThrottle::Begin(const std::vector<Limit>& limits) {
  std::vector<std::string> keys;
  keys.reserve(limits.size());
  for (const auto& l : limits) {
    keys.push_back(l.key);
  }
  if (store_ != nullptr) {
    auto admission = store_->Begin(limits, clock_.Now(), window_);
    Attempt attempt(this, admission.id, std::move(keys));
    attempt.retry_after_ = admission.retry_after;
    attempt.first_refusal_ = admission.first_refusal;
    attempt.failures_ = std::move(admission.failures);
    return attempt;
  }
  std::lock_guard lock(mu_);
  const TimePoint now = clock_.Now();
  // One pass to decide, under the lock, before anything is counted.
  std::chrono::seconds wait{0};
  bool first_refusal = false;
  for (const auto& l : limits) {
    KeyState& state = Prune(l.key, now);
    auto w = WaitFor(state, std::max(1, l.max_failures), now);
    if (w.count() > 0) {
      if (!state.refusal_noted) {
        state.refusal_noted = true;
        first_refusal = true;
      }
      wait = std::max(wait, w);
    } else {
      state.refusal_noted = false;
    }
  }
  if (wait.count() > 0) {
    Attempt refused(this, 0, std::move(keys));
    refused.retry_after_ = wait;
    refused.first_refusal_ = first_refusal;
    return refused;
  }
  const std::uint64_t id = next_id_++;
  Attempt admitted(this, id, std::move(keys));
  for (const auto& l : limits) {
    KeyState& state = keys_[l.key];
    state.failures.push_back({now, id});
    admitted.failures_.push_back(static_cast<int>(state.failures.size()));
  }
  return admitted;
}

std::chrono::seconds AttemptThrottle::RetryAfter(const std::vector<Limit>& limits) {
  if (store_ != nullptr) {
    return store_->RetryAfter(limits, clock_.Now(), window_);
  }
  std::lock_guard lock(mu_);
  const TimePoint now = clock_.Now();
  std::chrono::seconds wait{0};
  for (const auto& l : limits) {
    wait = std::max(wait, WaitFor(Prune(l.key, now), std::max(1, l.max_failures), now));
  }
  return wait;
}

void AttemptThrottle::Withdraw(std::uint64_t id, const std::vector<std::string>& keys, bool clear) {
  if (store_ != nullptr) {
    store_->Settle(
        id, keys,
        clear ? AttemptStore::Settlement::kSucceeded : AttemptStore::Settlement::kWithdrawn);
    return;
  }
  std::lock_guard lock(mu_);
  for (const auto& key : keys) {
    auto it = keys_.find(key);
    if (it == keys_.end()) {
      continue;
    }
    if (clear) {
      keys_.erase(it);
      continue;
    }
    auto& q = it->second.failures;
    q.erase(std::remove_if(q.begin(), q.end(), [id](const Entry& e) { return e.id == id; }),
            q.end());
  }
}

}  // namespace cqdt
