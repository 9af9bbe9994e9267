// CMS (RFC 5652) detached signatures, CAdES signed attributes, and RFC 3161 timestamps.
//
// SignCms makes the SignedData used both for .p7s files and inside PAdES PDF signatures. For
// PAdES baseline (ETSI EN 319 142-1) the signed attributes are exactly content-type,
// message-digest and signing-certificate-v2 — no signingTime (the PDF's /M carries the claimed
// time). VerifyCms checks integrity only (digest, signature value, timestamp imprint); whether a
// certificate is trusted is the TrustStore's question (trust.hpp).
//
// Thread safety: free functions, no shared state (the timestamp client opens its own connection).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/x509.hpp"

namespace cqdt::crypto {

struct CmsSignOptions {
  // CAdES: add signing-certificate-v2 (ESSCertIDv2, SHA-256). Always on for PAdES.
  bool signing_certificate_v2 = true;
  // Add a signingTime attribute (`signing_time`). PAdES must not; a plain .p7s may.
  bool include_signing_time = false;
  TimePoint signing_time{};
  // Put the signer's chain (SigningKey::chain) into the SignedData's certificates.
  bool include_chain = true;
  // When set, an RFC 3161 signature timestamp from this TSA (http:// URL) is added as the
  // unsigned attribute id-aa-signatureTimeStampToken: PAdES B-T / CAdES-T.
  std::string timestamp_url;
  std::chrono::milliseconds timeout{10000};
};

// Signs `content` (detached: the content is not embedded) with SHA-256 and the key's algorithm
// (RSA PKCS#1 v1.5 or ECDSA). Returns the DER ContentInfo. Errors: Unavailable when the TSA cannot
// be reached or answers with a failure; Internal for a key that cannot sign.
Result<std::string> SignCms(std::string_view content, const SigningKey& key,
                            const CmsSignOptions& options);

// Two-step signing, for a key the server never holds (the signer's USB token behind the local
// signing agent). PrepareCms lays out exactly the SignedData SignCms would make for
// `certificate` (same signed attributes; the timestamp comes at completion) with an empty
// signature value, and returns the SHA-256 digest the key must sign (SignDigest's input).
// CompleteCms puts the value in after checking it against the certificate's public key and the
// prepared attributes, then adds the timestamp when `options.timestamp_url` is set.
struct PreparedCms {
  std::string partial_der;  // DER ContentInfo; its SignerInfo's signature value is empty
  std::string digest;       // SHA-256 of the DER signed attributes (32 bytes)
  KeyAlgorithm algorithm = KeyAlgorithm::kOther;
};
// Errors: Unsupported for a certificate whose key is neither RSA nor EC.
Result<PreparedCms> PrepareCms(std::string_view content, const Certificate& certificate,
                               const std::vector<Certificate>& chain,
                               const CmsSignOptions& options);
// `signature`: as SignDigest makes it (for EC keys a raw r||s is accepted too). Errors: Malformed
// for a `partial_der` PrepareCms did not make; BadSignature when the value does not verify with
// the certificate over the prepared attributes; Unavailable when the TSA fails.
Result<std::string> CompleteCms(std::string_view partial_der, std::string_view signature,
                                const CmsSignOptions& options);

// An RFC 3161 TimeStampToken, parsed and checked against the data it stamps.
struct TimestampInfo {
  TimePoint time{};                            // genTime
  std::optional<Certificate> tsa_certificate;  // the TSA's certificate, when carried in the token
  std::vector<Certificate> certificates;       // every certificate carried in the token
  bool imprint_matches = false;  // messageImprint equals the digest of the stamped data
  // The token's own CMS signature verifies with tsa_certificate, and its ESS signing-certificate
  // (v2) attribute names that certificate. Whether the TSA is trusted is the TrustStore's question.
  bool signature_valid = false;
  std::string policy_oid;
  std::string serial_hex;
};

// Asks the TSA at `url` (http://, POST application/timestamp-query, certReq=true, random nonce)
// for a token over SHA-256(`data`); returns the TimeStampToken DER (a CMS ContentInfo). Checks
// the status, the nonce and the imprint. Errors: Unavailable (unreachable, timeout, rejection,
// a reply that does not answer the request); InvalidArgument for a URL that is not http://.
// An unreachable TSA costs up to `timeout` (OpenSSL retries a refused connection until then);
// OpenSSL's HTTP client honours the http_proxy / no_proxy environment variables.
Result<std::string> RequestTimestamp(std::string_view url, std::string_view data,
                                     std::chrono::milliseconds timeout);
// Parses a TimeStampToken and checks it against `stamped_data` (the imprint may use SHA-1,
// SHA-224, SHA-256, SHA-384, SHA-512 or SHA-3; any other algorithm leaves imprint_matches false).
// Errors: Malformed when `token_der` is not a TimeStampToken.
Result<TimestampInfo> VerifyTimestampToken(std::string_view token_der,
                                           std::string_view stamped_data);

struct CmsSignerReport {
  std::optional<Certificate>
      certificate;                  // the signer's certificate, found by its SignerIdentifier
  std::string digest_algorithm;     // "SHA-256", "SHA-1", ...
  std::string signature_algorithm;  // "RSA", "RSA-PSS", "ECDSA"
  bool digest_matches = false;      // the message-digest attribute equals the content's digest
  bool signature_valid = false;     // the signature over the signed attributes verifies
  std::optional<TimePoint> signing_time;  // signingTime attribute, if present
  bool has_signing_certificate_v2 = false;
  bool has_signing_certificate_v1 = false;
  // signing-certificate(-v2) names `certificate` (false when neither attribute is present).
  bool signing_certificate_matches = false;
  std::optional<TimestampInfo> timestamp;  // from id-aa-signatureTimeStampToken, if present
  std::vector<std::string> warnings;  // Vietnamese sentences ("Thuật toán băm SHA-1 đã lỗi thời.")
};

struct CmsReport {
  std::vector<Certificate> certificates;  // every certificate carried in the SignedData
  std::vector<CmsSignerReport> signers;
  bool detached = true;  // false when the content was embedded (then it was used for the check)
};

// At most this many signers in one SignedData: each one hashes the whole content (untrusted
// input: a 20 MB .p7s can carry 15,000 SignerInfos over 15 MB of content). Real files have one to
// a few.
inline constexpr int kMaxCmsSigners = 16;
// At most this many certificates carried in one SignedData: each is parsed, copied into the
// report and offered to path building (a 20 MB .p7s can carry 75,000). A signer's chain is a
// handful.
inline constexpr int kMaxCmsCertificates = 256;

// Verifies a SignedData. `content` is the detached content; pass std::nullopt for an attached
// signature (the embedded content is then checked). Error only when `cms_der` is not a CMS
// SignedData (Malformed), is detached while no content was given (InvalidArgument), or has more
// than kMaxCmsSigners signers or kMaxCmsCertificates certificates (TooLarge); failed checks are
// reported in the CmsReport, not as errors. PEM ("-----BEGIN PKCS7-----" / CMS) is accepted too.
Result<CmsReport> VerifyCms(std::string_view cms_der, std::optional<std::string_view> content);

// Like VerifyCms for a detached signature whose content is not at hand, only its SHA-256
// (`sha256`, 32 raw bytes; e.g. computed by a browser so that a large file need not be uploaded).
// The message-digest attribute is compared with it; a signer that used another digest algorithm,
// or has no signed attributes, cannot be checked this way: digest_matches / signature_valid stay
// false with a warning saying the original file is needed. An attached signature is checked
// against its embedded content. Errors: as VerifyCms, InvalidArgument ("contentSha256") for a
// digest that is not 32 bytes.
Result<CmsReport> VerifyCmsWithDigest(std::string_view cms_der, std::string_view sha256);

// Digest helpers over OpenSSL's EVP (algorithm names as above).
std::string Sha256Digest(std::string_view data);  // raw 32 bytes

}  // namespace cqdt::crypto
