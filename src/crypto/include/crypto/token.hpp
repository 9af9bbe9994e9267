// A PKCS#11 module (the driver of a USB token, an HSM, or SoftHSM in tests) as the local signing
// agent uses it: list the certificates on every token, and sign digests after a login with a PIN
// the user typed, logging out afterwards so that the next use asks for the PIN again.
//
// Unlike LoadPkcs11 (x509.hpp: the server's own keys through libp11's process-wide ENGINE, logged
// in once), this goes through libp11's PKCS11_* API with its own context per module, so that the
// login state is ours to end. Tokens with a PIN pad ("protected authentication path") are logged in
// without a PIN: the token asks for it on its own keypad.
//
// Thread safety: one TokenModule serialises its calls (a token does one thing at a time).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "crypto/x509.hpp"

namespace cqdt::crypto {

struct TokenCertificate {
  std::string id;           // "<token serial>/<hex object id>": stable while the token is in
  std::string token_label;  // as printed on the token's management tool
  std::string label;        // the certificate object's label
  bool pin_pad = false;     // the token asks for the PIN itself
  Certificate certificate;
  std::vector<Certificate> chain;  // CA certificates on the same token that issued it, in order
};

class TokenModule {
 public:
  // Loads the module at `path` (e.g. /usr/lib/softhsm/libsofthsm2.so, a vendor's .so, or the
  // p11-kit proxy that reaches every registered module). Errors: Unavailable (Vietnamese).
  static Result<std::unique_ptr<TokenModule>> Load(const std::string& path);
  ~TokenModule();
  TokenModule(const TokenModule&) = delete;
  TokenModule& operator=(const TokenModule&) = delete;

  // Every end-entity certificate on every token present now (tokens plugged in after Load() are
  // found: the slot list is refreshed on each call). Private keys are invisible before a login,
  // so a certificate without its key shows here and fails at SignDigests.
  Result<std::vector<TokenCertificate>> Certificates();

  // Logs in to the token holding certificate `id` with `pin` (ignored for PIN-pad tokens), signs
  // each SHA-256 digest with its private key (SignDigest's format), and logs out. Errors:
  // NotFound (no such certificate now), BadSignature ("Sai mã PIN...") for a wrong PIN,
  // PermissionDenied for a locked PIN, Unavailable when the token fails.
  Result<std::vector<std::string>> SignDigests(const std::string& id, const std::string& pin,
                                               const std::vector<std::string>& digests);

 private:
  struct Impl;
  explicit TokenModule(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cqdt::crypto
