// Issuing certificates and CRLs: the demo PKI (`cqdt pki demo-ca`) and test fixtures.
//
// Not a CA product: there is no serial registry or policy engine. Everything it makes for the
// demo is marked as such in the subject (O / OU "DEMO - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ").
//
// Thread safety: free functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/trust.hpp"
#include "crypto/x509.hpp"

namespace cqdt::crypto {

enum class CertificateKind {
  kRootCa,
  kIntermediateCa,
  kPersonal,       // a person's signing certificate: digitalSignature + nonRepudiation
  kSeal,           // an agency's seal certificate: digitalSignature + nonRepudiation
  kTimestamping,   // a TSA: digitalSignature, critical EKU id-kp-timeStamping
  kOcspResponder,  // id-kp-OCSPSigning
  kTls,            // serverAuth, for loopback test servers
};

struct CertificateProfile {
  CertificateKind kind = CertificateKind::kPersonal;
  // Subject attributes; empty ones are left out. UTF-8.
  std::string common_name;
  std::string organization;
  std::string organizational_unit;
  std::string locality;
  std::string province;  // ST
  std::string country = "VN";
  std::string email;
  std::string uid;  // e.g. "CCCD:001090000123" or "MST:..." (Vietnamese CA practice)
  KeyAlgorithm algorithm = KeyAlgorithm::kRsa;
  int bits = 2048;
  TimePoint not_before{};
  TimePoint not_after{};
  std::vector<std::string> crl_urls;   // CRL distribution points to write
  std::vector<std::string> ocsp_urls;  // AIA OCSP to write
  std::optional<int> path_length;      // CA certificates only
  std::vector<std::string> dns_names;  // kTls only
  // An end-entity certificate signed with its own key (CA:FALSE), as a partner's home-made seal
  // is: `issuer` must then be null. Without it only kRootCa may be self-signed.
  bool self_signed = false;
};

// Issues a certificate for a new key. `issuer` null → self-signed (kRootCa, or any kind with
// profile.self_signed). The serial is 16
// random bytes. The returned SigningKey's chain is the issuer's certificate followed by the
// issuer's chain.
Result<SigningKey> IssueCertificate(const CertificateProfile& profile, const SigningKey* issuer);

struct RevokedEntry {
  Certificate certificate;
  TimePoint revoked_at{};
};

// A v2 CRL signed by `issuer` with a CRL number.
Result<Crl> IssueCrl(const SigningKey& issuer, const std::vector<RevokedEntry>& revoked,
                     TimePoint this_update, TimePoint next_update, long crl_number = 1);

}  // namespace cqdt::crypto
