// A bounded memo of QrPng (issue 13, item 4). Every look at a fee-bearing dossier's tracking view
// shows the same transfer, and drawing and compressing its QR code cost more than the rest of the
// answer together; the image depends only on the text and the scale, so a copy is as good as a
// new one, in this process or any other (nothing to invalidate across instances).
//
// Thread-safe. At most `capacity` images are kept (about 1.5 KB each at scale 6); the oldest goes
// first when a new one needs room.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"

namespace cqdt::payment {

class QrPngCache {
 public:
  explicit QrPngCache(std::size_t capacity = 4096) : capacity_(capacity == 0 ? 1 : capacity) {}

  // QrPng(text, scale), drawn once per (text, scale) while it stays in the cache.
  Result<std::string> Get(std::string_view text, int scale);

  std::size_t size() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::string> images_;
  std::deque<std::string> order_;  // keys, oldest first
};

}  // namespace cqdt::payment
