// Hashing, randomness and password hashing. All functions are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cqdt::crypto {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Incremental SHA-256 (for files and streams).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view data);
  std::string FinishHex();  // may be called once

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `bytes` cryptographically random bytes, URL-safe base64 without padding.
std::string RandomToken(std::size_t bytes = 32);
// `bytes` cryptographically random bytes as lower-case hex.
std::string RandomHex(std::size_t bytes);

// Standard base64 (RFC 4648 §4, with padding), no line breaks.
std::string Base64Encode(std::string_view data);
// Decodes standard base64; whitespace is ignored. nullopt for invalid input.
std::optional<std::string> Base64Decode(std::string_view text);

// Constant-time equality (length is not secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// argon2id with libsodium's interactive limits; returns the self-describing encoded string
// ("$argon2id$v=19$m=...").
std::string HashPassword(std::string_view password);
// True when `password` matches `encoded`. False for a malformed `encoded`.
bool VerifyPassword(std::string_view password, const std::string& encoded);

}  // namespace cqdt::crypto
