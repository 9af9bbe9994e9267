// The signing keys a cqdt server may use, read from a TOML file that configuration points to
// (`[signing] keys_file`, default <data_dir>/pki/keys.toml). The file holds references only — a
// PKCS#11 URI or a PKCS#12 path — never key material; secrets come from the environment (or, for
// keys whose owner must type them, from each request).
//
//   [[key]]
//   id = "seal-h01"               # unique, [a-z0-9._-]
//   kind = "seal"                 # "seal" (an agency's) or "personal" (a person's)
//   owner = "000.00.01.H01"       # seal: the agency code; personal: the staff username
//   source = "seal-h01.p12"       # a PKCS#12 path (relative to the file) or "pkcs11:..." URI
//   secret_env = "CQDT_SEAL_PIN"  # optional: environment variable holding the password / PIN
//   ask_secret = false            # true: the signer types the PKCS#12 password on every use
//                                 # (PKCS#12 only: a token stays logged in once its PIN was
//                                 # accepted, so a per-use PIN would not be re-checked)
//   image = "seal-h01.png"        # optional PNG for the visible signature (seal red, signature
//   blue) demo = true                   # optional: a demo key (shown as such)
//
// Thread safety: Unlock() and the accessors are safe to call concurrently (a mutex guards the
// cache of unlocked server-held keys).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "crypto/x509.hpp"

namespace cqdt::signing {

enum class KeyKind { kSeal, kPersonal };
std::string_view ToString(KeyKind k);  // "seal", "personal"

struct KeyEntry {
  std::string id;
  KeyKind kind = KeyKind::kPersonal;
  std::string owner;
  std::string source;  // resolved: absolute path or pkcs11 URI
  std::string secret_env;
  bool ask_secret = false;
  std::string image_path;  // resolved, may be empty
  bool demo = false;
};

class KeyRing {
 public:
  KeyRing() = default;
  // Reads `path`. A missing file is an empty ring. Errors: InvalidArgument naming the key and
  // member ("key[2].kind") for a bad entry, Malformed for bad TOML.
  static Result<std::unique_ptr<KeyRing>> LoadFile(const std::string& path);

  const std::vector<KeyEntry>& entries() const { return entries_; }
  const KeyEntry* Find(const std::string& id) const;
  std::vector<const KeyEntry*> ForOwner(KeyKind kind, const std::string& owner) const;

  // The usable key. `typed_secret` is what the signer typed (required when ask_secret; ignored
  // otherwise). Server-held keys (not ask_secret) are cached once unlocked. Errors: NotFound,
  // BadSignature for a wrong password / PIN, Unavailable when the token cannot be reached.
  Result<crypto::SigningKey> Unlock(const KeyEntry& entry, const std::string& typed_secret) const;
  // The key's certificate: from the unlocked-key cache, else a "<source>.pem" next to a PKCS#12
  // file (the demo writes one), else — for server-held keys — by unlocking the key with its
  // configured secret. For ask_secret keys without a .pem it is unknown until first use:
  // nullopt.
  std::optional<crypto::Certificate> CertificateOf(const KeyEntry& entry) const;
  // The image bytes, "" when none or unreadable.
  std::string Image(const KeyEntry& entry) const;

 private:
  std::vector<KeyEntry> entries_;
  mutable std::mutex mu_;
  mutable std::map<std::string, crypto::SigningKey> unlocked_;
};

}  // namespace cqdt::signing
