#include "tracking_cache.hpp"

#include <algorithm>

namespace cqdt::api {

namespace {

std::string Key(const std::string& code, const std::string& language) {
  return language + '\n' + code;  // a code holds no line break
}

}  // namespace

std::optional<std::string> TrackingCache::Find(const std::string& code, const std::string& language,
                                               const std::string& check, std::uint64_t writes,
                                               Clock::time_point now) const {
  if (!enabled()) {
    return std::nullopt;
  }
  std::lock_guard lock(mu_);
  auto it = entries_.find(Key(code, language));
  if (it == entries_.end()) {
    return std::nullopt;
  }
  const Entry& e = it->second;
  if (e.writes != writes || now - e.read_at >= ttl_ ||
      std::find(e.check_values.begin(), e.check_values.end(), check) == e.check_values.end()) {
    return std::nullopt;
  }
  return e.body;
}

void TrackingCache::Store(const std::string& code, const std::string& language,
                          std::vector<std::string> check_values, std::uint64_t writes,
                          Clock::time_point now, std::string body) {
  if (!enabled()) {
    return;
  }
  std::string key = Key(code, language);
  std::lock_guard lock(mu_);
  auto [it, fresh] =
      entries_.insert_or_assign(key, Entry{std::move(body), std::move(check_values), writes, now});
  if (!fresh) {
    return;  // its place in `order_` stays
  }
  order_.push_back(std::move(key));
  while (entries_.size() > capacity_ && !order_.empty()) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
}

std::size_t TrackingCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace cqdt::api
