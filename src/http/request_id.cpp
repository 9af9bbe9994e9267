#include "request_id.hpp"

#include <array>
#include <stdexcept>

#include <openssl/rand.h>

namespace cqdt::http {

std::string RandomHex16() {
  // One RAND_bytes call per 32 ids instead of one each.
  constexpr std::size_t kIdBytes = 16;
  thread_local std::array<unsigned char, kIdBytes * 32> pool;
  thread_local std::size_t used = pool.size();
  if (used + kIdBytes > pool.size()) {
    if (RAND_bytes(pool.data(), static_cast<int>(pool.size())) != 1) {
      throw std::runtime_error("RAND_bytes failed");
    }
    used = 0;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(kIdBytes * 2, '0');
  for (std::size_t i = 0; i < kIdBytes; ++i) {
    const unsigned char b = pool[used + i];
    out[2 * i] = kHex[b >> 4];
    out[2 * i + 1] = kHex[b & 0x0f];
  }
  used += kIdBytes;
  return out;
}

bool IsValidRequestId(std::string_view id) {
  if (id.size() < 8 || id.size() > 64) {
    return false;
  }
  for (const char c : id) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace cqdt::http
