// X.509 certificates, private keys and signing keys (a key with its certificate and chain).
//
// Certificate and PrivateKey are cheap-to-copy handles over immutable OpenSSL objects (shared
// ownership); they are safe to share between threads. native() exposes the OpenSSL object to the
// adapters of rank 11 (xml, pdf) that must hand it to another library; everyone else uses the
// accessors.
//
// Keys come from PKCS#12 files, PEM files or PKCS#11 tokens (HSMs; SoftHSM in tests) and are never
// written to the database: configuration holds only a reference (a path or a PKCS#11 URI).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

struct x509_st;
struct evp_pkey_st;

namespace cqdt::crypto {

enum class KeyAlgorithm { kRsa, kEc, kOther };

// Key usage bits (RFC 5280 §4.2.1.3). `present` is false when the extension is absent (then every
// usage is allowed).
struct KeyUsage {
  bool present = false;
  bool digital_signature = false;
  bool non_repudiation = false;
  bool key_cert_sign = false;
  bool crl_sign = false;
};

class Certificate {
 public:
  // Parses one certificate, PEM or DER (detected). Malformed when it is neither.
  static Result<Certificate> Parse(std::string_view bytes);
  // Parses every certificate of a PEM bundle, or a single DER certificate. Malformed when none.
  static Result<std::vector<Certificate>> ParseAll(std::string_view bytes);
  // Takes one reference on `cert` (the caller keeps its own).
  static Certificate FromNative(x509_st* cert);

  std::string Der() const;
  std::string Pem() const;

  // Distinguished names, RFC 2253 order and escaping, UTF-8 ("CN=Nguyễn Văn A,O=Sở Nội vụ,C=VN").
  std::string SubjectDn() const;
  std::string IssuerDn() const;
  // The subject's CN (empty when absent); O likewise.
  std::string SubjectCommonName() const;
  std::string SubjectOrganization() const;
  std::string IssuerCommonName() const;
  // Serial number, upper-case hex without separators ("1A2B").
  std::string SerialHex() const;
  TimePoint NotBefore() const;
  TimePoint NotAfter() const;
  // Lower-case hex SHA-256 of the DER encoding.
  std::string FingerprintSha256() const;

  bool IsCa() const;          // basicConstraints cA=TRUE
  bool IsSelfIssued() const;  // subject == issuer
  KeyUsage key_usage() const;
  // Extended key usage OIDs in dotted form; empty when the extension is absent.
  std::vector<std::string> ExtendedKeyUsages() const;
  // URIs from the CRL distribution points and the AIA OCSP entries.
  std::vector<std::string> CrlUrls() const;
  std::vector<std::string> OcspUrls() const;
  KeyAlgorithm key_algorithm() const;
  int key_bits() const;

  // True when `issuer`'s subject is this certificate's issuer and its key verifies this
  // certificate's signature.
  bool IsIssuedBy(const Certificate& issuer) const;

  x509_st* native() const { return cert_.get(); }
  bool operator==(const Certificate& other) const;

 private:
  explicit Certificate(std::shared_ptr<x509_st> cert) : cert_(std::move(cert)) {}
  std::shared_ptr<x509_st> cert_;
};

class PrivateKey {
 public:
  // PEM (PKCS#8 or traditional), optionally encrypted with `password`.
  static Result<PrivateKey> ParsePem(std::string_view pem, std::string_view password = {});
  // Takes one reference on `key`.
  static PrivateKey FromNative(evp_pkey_st* key);
  // A new key: RSA with `bits` (2048, 3072, 4096) or EC P-256 (bits ignored).
  static PrivateKey Generate(KeyAlgorithm algorithm, int bits = 2048);

  KeyAlgorithm algorithm() const;
  int bits() const;
  // True when this key is the private half of `certificate`'s public key.
  bool Matches(const Certificate& certificate) const;
  // Unencrypted PKCS#8 PEM; for tests and the demo PKI only. Fails for token-held keys.
  Result<std::string> Pem() const;

  evp_pkey_st* native() const { return key_.get(); }

 private:
  explicit PrivateKey(std::shared_ptr<evp_pkey_st> key) : key_(std::move(key)) {}
  std::shared_ptr<evp_pkey_st> key_;
};

// A private key, its certificate, and the certificates that issued it (leaf's issuer first; may
// be empty). Invariant (checked by the loaders): key.Matches(certificate).
struct SigningKey {
  PrivateKey key;
  Certificate certificate;
  std::vector<Certificate> chain;
};

// Loads a PKCS#12 (.p12/.pfx) file's bytes. An empty password is accepted (and tried as the
// "no password" encoding too). Errors: BadSignature("Sai mật khẩu …") for a wrong password,
// Malformed for a file that is not PKCS#12 or holds no key with a matching certificate.
Result<SigningKey> LoadPkcs12(std::string_view der, std::string_view password);
// Writes a PKCS#12 with AES-256-CBC and PBKDF2 (modern OpenSSL 3 defaults), holding the key, the
// certificate and the chain.
Result<std::string> MakePkcs12(const SigningKey& key, std::string_view password,
                               std::string_view friendly_name);

// Loads a key from a PKCS#11 token by RFC 7512 URI ("pkcs11:token=cqdt;object=seal;type=private")
// through libp11's engine; the certificate is read from the token (same object label or id) unless
// `certificate_pem` is given. `pin` may also be in the URI as pin-value. The token session stays
// open for the life of the returned key. Errors: NotFound for an unknown token/object,
// BadSignature for a wrong PIN, Unavailable when the PKCS#11 engine cannot be loaded.
// Note: libp11 keeps a token logged in for the rest of the process once a PIN was accepted, so
// later loads from that token do not re-check the PIN; treat the PIN as configuration, not as a
// per-request credential.
Result<SigningKey> LoadPkcs11(std::string_view uri, std::string_view pin,
                              std::string_view certificate_pem = {});

// Signatures over a SHA-256 digest (32 raw bytes), as CMS and XML-DSig need them and as a token
// makes them in two-step signing. RSA: PKCS#1 v1.5 over the SHA-256 DigestInfo; ECDSA: the DER
// Ecdsa-Sig-Value. Uses EVP_PKEY_sign only, so token keys (PKCS#11) work like software keys.
// Errors: InvalidArgument ("digest") for a digest that is not 32 bytes; Unavailable when the key
// refuses (a token that is locked or removed, an unsupported key type).
Result<std::string> SignDigest(const PrivateKey& key, std::string_view sha256);
// True when `signature` (as SignDigest makes it) verifies with `certificate`'s public key over the
// digest. Never throws; false for anything malformed.
bool VerifyDigestSignature(const Certificate& certificate, std::string_view sha256,
                           std::string_view signature);
// ECDSA signature encodings. EcdsaToDer: a DER value is returned as is, a raw r||s of 2 * `half`
// bytes (PKCS#11 CKM_ECDSA output; `half` = 32 for P-256) is converted; nullopt otherwise.
// EcdsaToRaw: DER to r||s (XML-DSig 1.1 §6.4.3); nullopt when `der` is not DER.
std::optional<std::string> EcdsaToDer(std::string_view signature, int half);
std::optional<std::string> EcdsaToRaw(std::string_view der, int half);

// One entry point for the CLI and configuration: `spec` is a PKCS#11 URI, or a path to a PKCS#12
// file, or a path to a PEM private key (then `certificate_path` is required; it may hold the
// chain after the leaf). `secret` is the PIN or password.
Result<SigningKey> LoadSigningKey(std::string_view spec, std::string_view secret,
                                  std::string_view certificate_path = {});

}  // namespace cqdt::crypto
