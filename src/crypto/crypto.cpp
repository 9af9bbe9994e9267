#include "crypto/crypto.hpp"

#include <sodium.h>

#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace cqdt::crypto {
namespace {

std::string ToHex(const unsigned char* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[p[i] >> 4];
    out[2 * i + 1] = kDigits[p[i] & 0xF];
  }
  return out;
}

void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) {
    throw std::runtime_error("libsodium initialisation failed");
  }
}

std::string RandomBytes(std::size_t n) {
  std::string buf(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(buf.data()), static_cast<int>(n)) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return buf;
}

// SHA-256 fetched from the default provider once. EVP_sha256() makes every EVP_DigestInit_ex
// look the implementation up again (a locked method-store search); sessions are hashed on every
// authenticated request. Never freed: it lives as long as the process.
const EVP_MD* Sha256Md() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) {
      throw std::runtime_error("EVP_MD_fetch(SHA256) failed");
    }
    return fetched;
  }();
  return md;
}

}  // namespace

struct Sha256::Impl {
  EVP_MD_CTX* ctx = nullptr;
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
  impl_->ctx = EVP_MD_CTX_new();
  if (impl_->ctx == nullptr || EVP_DigestInit_ex(impl_->ctx, Sha256Md(), nullptr) != 1) {
    throw std::runtime_error("EVP_DigestInit_ex failed");
  }
}
Sha256::~Sha256() { EVP_MD_CTX_free(impl_->ctx); }
void Sha256::Update(std::string_view data) {
  if (EVP_DigestUpdate(impl_->ctx, data.data(), data.size()) != 1) {
    throw std::runtime_error("EVP_DigestUpdate failed");
  }
}
std::string Sha256::FinishHex() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(impl_->ctx, md, &len) != 1) {
    throw std::runtime_error("EVP_DigestFinal_ex failed");
  }
  return ToHex(md, len);
}

std::string Sha256Hex(std::string_view data) {
  // One context per thread, initialised again for each digest: no allocation per call.
  struct Context {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Context context;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (context.ctx == nullptr || EVP_DigestInit_ex2(context.ctx, Sha256Md(), nullptr) != 1 ||
      EVP_DigestUpdate(context.ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(context.ctx, md, &len) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return ToHex(md, len);
}

std::string RandomToken(std::size_t bytes) {
  std::string raw = RandomBytes(bytes);
  EnsureSodium();
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string RandomHex(std::size_t bytes) {
  std::string raw = RandomBytes(bytes);
  return ToHex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string HashPassword(std::string_view password) {
  EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("crypto_pwhash_str_alg: out of memory");
  }
  return out;
}

bool VerifyPassword(std::string_view password, const std::string& encoded) {
  EnsureSodium();
  if (encoded.rfind("$argon2id$", 0) != 0) {
    return false;
  }
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

std::string Base64Encode(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()),
                          static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      clean.push_back(c);
    }
  }
  if (clean.size() % 4 != 0) {
    return std::nullopt;
  }
  std::string out(clean.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(clean.data()),
                          static_cast<int>(clean.size()));
  if (n < 0) {
    return std::nullopt;
  }
  // EVP_DecodeBlock counts the padding as zero bytes; drop them.
  std::size_t pad = 0;
  if (!clean.empty() && clean.back() == '=') {
    pad = clean.size() >= 2 && clean[clean.size() - 2] == '=' ? 2 : 1;
  }
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

}  // namespace cqdt::crypto
