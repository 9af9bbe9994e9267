// PKCS#11 keys (HSMs, USB tokens; SoftHSM in tests) through libp11's OpenSSL ENGINE.
//
// bookworm ships no PKCS#11 provider for OpenSSL 3, so this file uses the deprecated ENGINE API
// (compiled with -Wno-deprecated-declarations, see CMakeLists.txt). The engine hands back an
// EVP_PKEY whose operations run on the token; the rest of the module uses it like any key.
//
// libp11's engine is one process-wide object with one PIN slot and one login state per token, so
// every load goes through one mutex. Once a token is logged in, libp11 keeps the session (and the
// login) for the life of the process: that is what keeps the returned keys usable.
#include <mutex>
#include <string>
#include <string_view>

#include <openssl/engine.h>
#include <openssl/ui.h>
#include <sys/stat.h>

#include "crypto/x509.hpp"
#include "openssl_util.hpp"

namespace cqdt::crypto {
namespace {

// Debian's SoftHSM module, used only when the p11-kit proxy (libp11's default module, which finds
// every module registered with p11-kit, SoftHSM included) is missing.
constexpr const char* kP11KitProxy = "/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so";
constexpr const char* kSoftHsmModule = "/usr/lib/softhsm/libsofthsm2.so";

// PKCS#11 return values (pkcs11.h) that mean the PIN was refused.
constexpr unsigned long kCkrPinIncorrect = 0xA0;
constexpr unsigned long kCkrPinInvalid = 0xA1;
constexpr unsigned long kCkrPinLenRange = 0xA2;
constexpr unsigned long kCkrPinExpired = 0xA3;
constexpr unsigned long kCkrPinLocked = 0xA4;

bool FileExists(const char* path) {
  struct stat st {};
  return ::stat(path, &st) == 0;
}

struct EngineState {
  std::mutex mutex;          // one load at a time: the engine's PIN and login are global
  ENGINE* engine = nullptr;  // a structural and a functional reference, kept for the process
};

EngineState& State() {
  static EngineState state;
  return state;
}

// Loads and initialises the "pkcs11" engine once; null when it cannot be loaded.
ENGINE* Engine() {
  static std::once_flag once;
  std::call_once(once, [] {
    ENGINE_load_builtin_engines();
    // Found in OpenSSL's engines directory (Debian: libengine-pkcs11-openssl).
    ENGINE* e = ENGINE_by_id("pkcs11");
    if (e == nullptr) {
      ossl::ClearOpenSslErrors();
      return;
    }
    // Quiet: libp11 otherwise prints failed URIs to stderr, pin-value included.
    ENGINE_ctrl_cmd_string(e, "QUIET", nullptr, 0);
    if (!FileExists(kP11KitProxy) && FileExists(kSoftHsmModule)) {
      ENGINE_ctrl_cmd_string(e, "MODULE_PATH", kSoftHsmModule, 0);
    }
    if (ENGINE_init(e) != 1) {
      ENGINE_free(e);
      ossl::ClearOpenSslErrors();
      return;
    }
    State().engine = e;
  });
  return State().engine;
}

// True when the error queue holds a PKCS#11 PIN refusal (libp11 pushes the CK_RV as the reason).
// Empties the queue.
bool QueueHasPinError() {
  bool pin_error = false;
  unsigned long code = 0;
  while ((code = ERR_get_error()) != 0) {
    switch (static_cast<unsigned long>(ERR_GET_REASON(code))) {
      case kCkrPinIncorrect:
      case kCkrPinInvalid:
      case kCkrPinLenRange:
      case kCkrPinExpired:
      case kCkrPinLocked:
        pin_error = true;
        break;
      default:
        break;
    }
  }
  return pin_error;
}

// Splits `text` at `separator` and drops the parts named `attribute` ("name=value").
std::string FilterAttributes(std::string_view text, char separator, std::string_view attribute) {
  std::string out;
  while (!text.empty()) {
    std::size_t end = text.find(separator);
    std::string_view part = text.substr(0, end);
    if (part.substr(0, part.find('=')) != attribute) {
      if (!out.empty()) {
        out += separator;
      }
      out += part;
    }
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return out;
}

// Removes one attribute ("pin-value", "type") from both the path (';') and the query ('&') of a
// PKCS#11 URI (RFC 7512). `uri` starts with "pkcs11:".
std::string WithoutAttribute(std::string_view uri, std::string_view attribute) {
  std::string_view rest = uri.substr(7);
  std::size_t question = rest.find('?');
  std::string out = "pkcs11:" + FilterAttributes(rest.substr(0, question), ';', attribute);
  if (question != std::string_view::npos) {
    std::string query = FilterAttributes(rest.substr(question + 1), '&', attribute);
    if (!query.empty()) {
      out += '?' + query;
    }
  }
  return out;
}

}  // namespace

Result<SigningKey> LoadPkcs11(std::string_view uri, std::string_view pin,
                              std::string_view certificate_pem) {
  if (uri.rfind("pkcs11:", 0) != 0) {
    return Error::Malformed("Địa chỉ khoá PKCS#11 không hợp lệ (cần bắt đầu bằng \"pkcs11:\").");
  }
  // The URI as it may appear in messages: never with the PIN.
  const std::string shown = WithoutAttribute(uri, "pin-value");

  ENGINE* engine = Engine();
  if (engine == nullptr) {
    return Error::Unavailable("Không nạp được mô-đun PKCS#11 (thiết bị ký).");
  }

  std::lock_guard lock(State().mutex);
  ossl::ClearOpenSslErrors();
  const std::string key_uri(uri);
  // Always set the PIN, even empty, so that a previous caller's PIN is never reused.
  const std::string pin_text(pin);
  if (ENGINE_ctrl_cmd_string(engine, "PIN", pin_text.c_str(), 0) != 1) {
    ossl::ClearOpenSslErrors();
    return Error::Unavailable("Không nạp được mô-đun PKCS#11 (thiết bị ký).");
  }
  // UI_null(): the engine must never prompt on the server's terminal for a missing PIN.
  ossl::EvpPkeyPtr raw_key(
      ENGINE_load_private_key(engine, key_uri.c_str(), const_cast<UI_METHOD*>(UI_null()), nullptr));
  if (!raw_key) {
    if (QueueHasPinError()) {
      return Error::BadSignature("Sai mã PIN của thiết bị ký.");
    }
    return Error::NotFound("khoá trên thiết bị ký", shown);
  }
  PrivateKey key = PrivateKey::FromNative(raw_key.get());

  std::vector<Certificate> certs;
  if (!certificate_pem.empty()) {
    CQDT_ASSIGN_OR_RETURN(certs, Certificate::ParseAll(certificate_pem));
  } else {
    // The certificate sits on the token under the same label/id; the type attribute is ignored by
    // libp11, drop it for clarity.
    std::string cert_uri = WithoutAttribute(key_uri, "type");
    struct {
      const char* uri;
      X509* cert;
    } params{cert_uri.c_str(), nullptr};
    if (ENGINE_ctrl_cmd(engine, "LOAD_CERT_CTRL", 0, &params, nullptr, 1) != 1 ||
        params.cert == nullptr) {
      ossl::ClearOpenSslErrors();
      return Error::NotFound("chứng thư số trên thiết bị ký", shown);
    }
    ossl::X509Ptr owned(params.cert);
    certs.push_back(Certificate::FromNative(owned.get()));
  }
  ossl::ClearOpenSslErrors();

  Certificate leaf = certs.front();
  if (!key.Matches(leaf)) {
    return Error::FailedPrecondition("Chứng thư số không khớp với khoá trên thiết bị ký.");
  }
  certs.erase(certs.begin());
  return SigningKey{std::move(key), std::move(leaf), std::move(certs)};
}

}  // namespace cqdt::crypto
