#include "crypto/test_pki.hpp"

#include <chrono>

namespace cqdt::crypto::testing {

TimePoint Day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
}

SigningKey IssueTestCertificate(CertificateKind kind, const std::string& common_name,
                                const SigningKey* issuer, const TestCertificateOptions& options) {
  CertificateProfile p;
  p.kind = kind;
  p.common_name = common_name;
  p.organization = options.organization;
  p.algorithm = options.algorithm;
  p.not_before = options.not_before;
  p.not_after = options.not_after;
  // No issuer for an end-entity kind: a self-signed certificate with CA:FALSE.
  p.self_signed = issuer == nullptr && kind != CertificateKind::kRootCa &&
                  kind != CertificateKind::kIntermediateCa;
  return IssueCertificate(p, issuer).value();
}

}  // namespace cqdt::crypto::testing
