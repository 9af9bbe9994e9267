// Slow checks in flight, bounded per client address and in all (internal.hpp: AdmitInFlight).
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "internal.hpp"

namespace cqdt::api {

struct InFlightBucket {
  std::mutex mu;
  int total = 0;
  std::unordered_map<std::string, int> per_address;
};

namespace {

InFlightBucket& Bucket(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<InFlightBucket>> buckets;
  std::lock_guard lock(mu);
  auto& slot = buckets[name];
  if (!slot) {
    slot = std::make_unique<InFlightBucket>();
  }
  return *slot;
}

// Called with the bucket's lock held.
std::optional<http::Response> Refusal(InFlightBucket& b, const http::Request& req,
                                      const InFlightLimits& limits) {
  std::optional<Error> error;
  auto mine = b.per_address.find(req.client_address);
  if (mine != b.per_address.end() && mine->second >= limits.per_address) {
    error = Error::RateLimited(
        "Địa chỉ của bạn đang có yêu cầu kiểm tra chữ ký chưa xong. Vui lòng chờ kết quả rồi thử "
        "lại.");
  } else if (b.total >= limits.total) {
    error = Error::Unavailable(
        "Máy chủ đang kiểm tra nhiều tệp cùng lúc. Vui lòng thử lại sau ít giây.");
  }
  if (!error) {
    return std::nullopt;
  }
  auto r = Fail(*error, req);
  r.headers.Set("Retry-After", std::to_string(std::max(1, limits.retry_after_seconds)));
  return r;
}

}  // namespace

InFlightSlot::InFlightSlot(InFlightSlot&& other) noexcept
    : bucket_(std::exchange(other.bucket_, nullptr)), address_(std::move(other.address_)) {}

InFlightSlot& InFlightSlot::operator=(InFlightSlot&& other) noexcept {
  if (this != &other) {
    Release();
    bucket_ = std::exchange(other.bucket_, nullptr);
    address_ = std::move(other.address_);
  }
  return *this;
}

InFlightSlot::~InFlightSlot() { Release(); }

void InFlightSlot::Release() {
  if (bucket_ == nullptr) {
    return;
  }
  std::lock_guard lock(bucket_->mu);
  --bucket_->total;
  auto it = bucket_->per_address.find(address_);
  if (it != bucket_->per_address.end() && --it->second <= 0) {
    bucket_->per_address.erase(it);
  }
  bucket_ = nullptr;
}

std::optional<http::Response> AdmitInFlight(const http::Request& req, const std::string& bucket,
                                            const InFlightLimits& limits, InFlightSlot& slot) {
  InFlightBucket& b = Bucket(bucket);
  std::lock_guard lock(b.mu);
  if (auto refused = Refusal(b, req, limits)) {
    return refused;
  }
  ++b.total;
  ++b.per_address[req.client_address];
  slot.Release();
  slot.bucket_ = &b;
  slot.address_ = req.client_address;
  return std::nullopt;
}

std::optional<http::Response> RefuseInFlight(const http::Request& req, const std::string& bucket,
                                             const InFlightLimits& limits) {
  InFlightBucket& b = Bucket(bucket);
  std::lock_guard lock(b.mu);
  return Refusal(b, req, limits);
}

int InFlightCount(const std::string& bucket) {
  InFlightBucket& b = Bucket(bucket);
  std::lock_guard lock(b.mu);
  return b.total;
}

}  // namespace cqdt::api
