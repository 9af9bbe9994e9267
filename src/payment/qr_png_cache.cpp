#include "payment/qr_png_cache.hpp"

#include "payment/vietqr.hpp"

namespace cqdt::payment {

Result<std::string> QrPngCache::Get(std::string_view text, int scale) {
  std::string key = std::to_string(scale);
  key.push_back(':');
  key.append(text);
  {
    std::lock_guard lock(mu_);
    if (auto it = images_.find(key); it != images_.end()) {
      return it->second;
    }
  }
  // Drawn outside the lock: two threads may draw the same image once each, never block others.
  auto png = QrPng(text, scale);
  if (!png) {
    return png;
  }
  std::lock_guard lock(mu_);
  if (images_.emplace(key, *png).second) {
    order_.push_back(std::move(key));
    while (order_.size() > capacity_) {
      images_.erase(order_.front());
      order_.pop_front();
    }
  }
  return png;
}

std::size_t QrPngCache::size() const {
  std::lock_guard lock(mu_);
  return images_.size();
}

}  // namespace cqdt::payment
