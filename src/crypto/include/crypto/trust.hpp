// Certificate path validation, CRLs and OCSP.
//
// A TrustStore is a plain value: anchors (trusted CA certificates), known intermediates and CRLs.
// The signing module fills one from its tables for each verification; nothing here touches the
// database. Validation happens at a given time (the signing time proven by a timestamp, or the
// claimed one), so a certificate that has expired since is still judged as it was then.
//
// Network access (CRL download, OCSP) happens only through a RevocationFetcher the caller passes,
// and only for certificates whose path already reaches an anchor, so an attacker's certificate
// cannot make the server fetch arbitrary URLs.
//
// Thread safety: TrustStore is immutable once built (const methods are safe concurrently);
// HttpRevocationFetcher is stateless.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/x509.hpp"

struct X509_crl_st;

namespace cqdt::crypto {

class Crl {
 public:
  // PEM or DER.
  static Result<Crl> Parse(std::string_view bytes);
  std::string Der() const;
  std::string IssuerDn() const;
  TimePoint ThisUpdate() const;
  std::optional<TimePoint> NextUpdate() const;
  // True when `issuer` signed this CRL (name and signature).
  bool IsSignedBy(const Certificate& issuer) const;
  // The revocation time when `certificate`'s serial is listed.
  std::optional<TimePoint> RevocationTime(const Certificate& certificate) const;
  // How many certificates the CRL lists.
  std::size_t RevokedCount() const;
  X509_crl_st* native() const { return crl_.get(); }

 private:
  explicit Crl(std::shared_ptr<X509_crl_st> crl) : crl_(std::move(crl)) {}
  std::shared_ptr<X509_crl_st> crl_;
};

enum class OcspCertStatus { kGood, kRevoked, kUnknown };

struct OcspAnswer {
  OcspCertStatus status = OcspCertStatus::kUnknown;
  std::optional<TimePoint> revoked_at;
  TimePoint produced_at{};
  TimePoint this_update{};
  std::optional<TimePoint> next_update;
  std::string der;  // the whole OCSPResponse, for keeping as evidence
};

// Where revocation information comes from beyond the CRLs already in the store.
class RevocationFetcher {
 public:
  virtual ~RevocationFetcher() = default;
  // Downloads the CRL at `url`.
  virtual Result<Crl> FetchCrl(const std::string& url) = 0;
  // Asks the responder at `url` about `certificate`; the answer's signature has been checked
  // (signed by `issuer` or by a responder certificate it issued with id-kp-OCSPSigning).
  virtual Result<OcspAnswer> QueryOcsp(const Certificate& certificate, const Certificate& issuer,
                                       const std::string& url) = 0;
};

// HTTP (http:// only) with OpenSSL's HTTP client; `timeout` per request. Errors: Unavailable.
class HttpRevocationFetcher final : public RevocationFetcher {
 public:
  explicit HttpRevocationFetcher(std::chrono::milliseconds timeout = std::chrono::seconds(5))
      : timeout_(timeout) {}
  Result<Crl> FetchCrl(const std::string& url) override;
  Result<OcspAnswer> QueryOcsp(const Certificate& certificate, const Certificate& issuer,
                               const std::string& url) override;

 private:
  std::chrono::milliseconds timeout_;
};

enum class KeyPurpose {
  kAny,
  kDocumentSigning,  // keyUsage digitalSignature or nonRepudiation, when the extension is present
  kTimestamping,     // extendedKeyUsage id-kp-timeStamping
};

enum class CertificateStatus {
  kValid,
  kExpired,            // not after < validation time (some certificate of the path)
  kNotYetValid,        // not before > validation time
  kRevoked,            // revoked at or before the validation time
  kUnknownIssuer,      // no path to an anchor
  kRevocationUnknown,  // path found, but no CRL/OCSP answer could be had
  kInvalid,            // bad signature on a certificate, wrong key usage, CA constraints broken
};

enum class RevocationSource { kNone, kCrl, kOcsp };

struct PathValidation {
  CertificateStatus status = CertificateStatus::kUnknownIssuer;
  std::vector<Certificate> chain;  // leaf first, anchor last (as far as it was built)
  RevocationSource revocation_source = RevocationSource::kNone;
  std::optional<TimePoint> revoked_at;  // when status is kRevoked, or revoked after `at`
  std::string detail;                   // Vietnamese sentence explaining the status
};

struct PathValidationOptions {
  KeyPurpose purpose = KeyPurpose::kDocumentSigning;
  // Check revocation of every non-anchor certificate of the path (CRLs in the store first, then
  // the fetcher: OCSP when the certificate names a responder, else its CRL distribution point).
  bool check_revocation = true;
};

class TrustStore {
 public:
  void AddAnchor(Certificate certificate);
  void AddIntermediate(Certificate certificate);
  void AddCrl(Crl crl);
  const std::vector<Certificate>& anchors() const { return anchors_; }
  bool empty() const { return anchors_.empty(); }

  // Builds a path from `certificate` through `untrusted` (e.g. the certificates carried in a
  // signature) and the store's intermediates to an anchor, and checks it at time `at`: validity
  // periods, signatures, basicConstraints / pathLen, key usage for `options.purpose`, and
  // revocation. `fetcher` may be null (offline: only the store's CRLs count). Fetched CRLs and
  // OCSP answers are appended to `evidence` when it is not null.
  PathValidation Validate(const Certificate& certificate, const std::vector<Certificate>& untrusted,
                          TimePoint at, const PathValidationOptions& options,
                          RevocationFetcher* fetcher,
                          std::vector<std::string>* evidence = nullptr) const;

 private:
  std::vector<Certificate> anchors_;
  std::vector<Certificate> intermediates_;
  std::vector<Crl> crls_;
};

std::string_view ToString(CertificateStatus status);  // "valid", "expired", ... (stable, for JSON)

}  // namespace cqdt::crypto
