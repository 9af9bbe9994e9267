// TokenModule over libp11's PKCS11_* API (see token.hpp).
#include "crypto/token.hpp"

#include <mutex>
#include <string>

#include <libp11.h>

#include "openssl_util.hpp"

namespace cqdt::crypto {
namespace {

// PKCS#11 return values (pkcs11.h) that libp11 pushes as the error reason.
constexpr unsigned long kCkrPinIncorrect = 0xA0;
constexpr unsigned long kCkrPinInvalid = 0xA1;
constexpr unsigned long kCkrPinLenRange = 0xA2;
constexpr unsigned long kCkrPinExpired = 0xA3;
constexpr unsigned long kCkrPinLocked = 0xA4;

// The PKCS#11 reason at the top of the error queue; empties the queue.
unsigned long TakeReason() {
  unsigned long reason = 0;
  unsigned long code = 0;
  while ((code = ERR_get_error()) != 0) {
    if (reason == 0) {
      reason = static_cast<unsigned long>(ERR_GET_REASON(code));
    }
  }
  return reason;
}

std::string Hex(const unsigned char* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out += kHex[data[i] >> 4];
    out += kHex[data[i] & 15];
  }
  return out;
}

// Fixed-width PKCS#11 strings are blank-padded; libp11 trims most, not all.
std::string Trim(const char* s) {
  std::string out = s == nullptr ? "" : s;
  while (!out.empty() && (out.back() == ' ' || out.back() == '\0')) {
    out.pop_back();
  }
  return out;
}

std::string TokenKey(const PKCS11_TOKEN* token) {
  std::string serial = Trim(token->serialnr);
  return serial.empty() ? Trim(token->label) : serial;
}

// The CA certificates among `all` that issued `leaf`, nearest first.
std::vector<Certificate> ChainOf(const Certificate& leaf, const std::vector<Certificate>& all) {
  std::vector<Certificate> chain;
  Certificate current = leaf;
  for (int depth = 0; depth < 8 && !current.IsSelfIssued(); ++depth) {
    bool found = false;
    for (const Certificate& c : all) {
      if (c.IsCa() && !(c == current) && current.IsIssuedBy(c)) {
        chain.push_back(c);
        current = c;
        found = true;
        break;
      }
    }
    if (!found) {
      break;
    }
  }
  return chain;
}

}  // namespace

struct TokenModule::Impl {
  std::mutex mu;
  PKCS11_CTX* ctx = nullptr;
  PKCS11_SLOT* slots = nullptr;
  unsigned int slot_count = 0;

  ~Impl() {
    if (slots != nullptr) {
      PKCS11_release_all_slots(ctx, slots, slot_count);
    }
    if (ctx != nullptr) {
      PKCS11_CTX_unload(ctx);
      PKCS11_CTX_free(ctx);
    }
  }

  // Refreshes the slot list (tokens plugged in or pulled out since the last call).
  bool Refresh() {
    if (slots != nullptr) {
      PKCS11_release_all_slots(ctx, slots, slot_count);
      slots = nullptr;
      slot_count = 0;
    }
    if (PKCS11_enumerate_slots(ctx, &slots, &slot_count) != 0) {
      ossl::ClearOpenSslErrors();
      slots = nullptr;
      slot_count = 0;
      return false;
    }
    return true;
  }

  struct Found {
    PKCS11_SLOT* slot = nullptr;
    PKCS11_CERT* cert = nullptr;
  };

  // Walks every certificate with a private key on every token present.
  template <typename Visit>
  void ForEachCertificate(Visit&& visit) {
    for (unsigned int i = 0; i < slot_count; ++i) {
      PKCS11_SLOT* slot = &slots[i];
      if (slot->token == nullptr || !slot->token->initialized) {
        continue;
      }
      PKCS11_CERT* certs = nullptr;
      unsigned int n = 0;
      if (PKCS11_enumerate_certs(slot->token, &certs, &n) != 0) {
        ossl::ClearOpenSslErrors();
        continue;
      }
      for (unsigned int j = 0; j < n; ++j) {
        visit(slot, &certs[j]);
      }
    }
  }
};

TokenModule::TokenModule(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TokenModule::~TokenModule() = default;

Result<std::unique_ptr<TokenModule>> TokenModule::Load(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->ctx = PKCS11_CTX_new();
  if (impl->ctx == nullptr || PKCS11_CTX_load(impl->ctx, path.c_str()) != 0) {
    ossl::ClearOpenSslErrors();
    if (impl->ctx != nullptr) {
      PKCS11_CTX_free(impl->ctx);
      impl->ctx = nullptr;
    }
    return Error::Unavailable("Không nạp được trình điều khiển thiết bị ký (PKCS#11): " + path);
  }
  return std::unique_ptr<TokenModule>(new TokenModule(std::move(impl)));
}

Result<std::vector<TokenCertificate>> TokenModule::Certificates() {
  std::lock_guard lock(impl_->mu);
  if (!impl_->Refresh()) {
    return Error::Unavailable("Không đọc được danh sách thiết bị ký.");
  }
  std::vector<TokenCertificate> out;
  std::vector<Certificate> all;
  impl_->ForEachCertificate([&](PKCS11_SLOT* slot, PKCS11_CERT* cert) {
    if (cert->x509 == nullptr) {
      return;
    }
    Certificate c = Certificate::FromNative(cert->x509);
    all.push_back(c);
    // CA certificates on the token are the chain, not signers. Whether the private key is there
    // cannot be known before a login (private objects are invisible until then); signing says so.
    if (c.IsCa()) {
      return;
    }
    TokenCertificate t{TokenKey(slot->token) + "/" + Hex(cert->id, cert->id_len),
                       Trim(slot->token->label),
                       Trim(cert->label),
                       slot->token->secureLogin != 0,
                       c,
                       {}};
    out.push_back(std::move(t));
  });
  for (auto& t : out) {
    t.chain = ChainOf(t.certificate, all);
  }
  return out;
}

Result<std::vector<std::string>> TokenModule::SignDigests(const std::string& id,
                                                          const std::string& pin,
                                                          const std::vector<std::string>& digests) {
  std::lock_guard lock(impl_->mu);
  if (!impl_->Refresh()) {
    return Error::Unavailable("Không đọc được danh sách thiết bị ký.");
  }
  Impl::Found found;
  impl_->ForEachCertificate([&](PKCS11_SLOT* slot, PKCS11_CERT* cert) {
    if (found.cert == nullptr && TokenKey(slot->token) + "/" + Hex(cert->id, cert->id_len) == id) {
      found = {slot, cert};
    }
  });
  if (found.cert == nullptr) {
    return Error::NotFound("chứng thư số trên thiết bị ký", id);
  }
  PKCS11_SLOT* slot = found.slot;
  const bool pin_pad = slot->token->secureLogin != 0;
  // Security: the PIN is handed to the token and nowhere else; a PIN-pad token takes it on its
  // own keypad (NULL here).
  if (PKCS11_login(slot, 0, pin_pad ? nullptr : pin.c_str()) != 0) {
    switch (TakeReason()) {
      case kCkrPinIncorrect:
      case kCkrPinInvalid:
      case kCkrPinLenRange:
        return Error::BadSignature("Sai mã PIN của thiết bị ký.");
      case kCkrPinLocked:
      case kCkrPinExpired:
        return Error::PermissionDenied(
            "Mã PIN của thiết bị ký đã bị khóa hoặc hết hạn; liên hệ đơn vị cấp chứng thư số.");
      default:
        return Error::Unavailable("Không đăng nhập được vào thiết bị ký.");
    }
  }
  // From here every path logs out, so the next signature asks for the PIN again.
  struct Logout {
    PKCS11_SLOT* slot;
    ~Logout() {
      PKCS11_logout(slot);
      ossl::ClearOpenSslErrors();
    }
  } logout{slot};

  PKCS11_KEY* key = PKCS11_find_key(found.cert);
  EVP_PKEY* pkey = key == nullptr ? nullptr : PKCS11_get_private_key(key);
  if (pkey == nullptr) {
    ossl::ClearOpenSslErrors();
    return Error::Unavailable("Không tìm thấy khóa bí mật của chứng thư số trên thiết bị ký.");
  }
  const PrivateKey private_key = PrivateKey::FromNative(pkey);
  EVP_PKEY_free(pkey);  // FromNative took its own reference
  std::vector<std::string> out;
  out.reserve(digests.size());
  for (const std::string& digest : digests) {
    CQDT_ASSIGN_OR_RETURN(std::string value, SignDigest(private_key, digest));
    out.push_back(std::move(value));
  }
  return out;
}

}  // namespace cqdt::crypto
