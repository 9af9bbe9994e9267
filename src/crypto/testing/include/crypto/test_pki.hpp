// Test fixtures for code that needs certificates: a calendar-day helper and a one-call issuer.
// Only for tests (cqdt_crypto_testing); keys are generated in memory and never written.
#pragma once

#include <string>

#include "core/clock.hpp"
#include "crypto/pki.hpp"
#include "crypto/x509.hpp"

namespace cqdt::crypto::testing {

// Midnight UTC of the calendar day y-m-d.
TimePoint Day(int y, unsigned m, unsigned d);

struct TestCertificateOptions {
  std::string organization = "cqdt test";
  KeyAlgorithm algorithm = KeyAlgorithm::kEc;  // EC keys are quick to make
  TimePoint not_before = Day(2020, 1, 1);
  TimePoint not_after = Day(2045, 1, 1);
};

// A certificate of `kind` for a new key, issued by `issuer` (null: self-signed; for an end-entity
// kind that is a self-signed CA:FALSE certificate). Aborts the
// test (value() on an error) if issuing fails: fixtures are not under test.
SigningKey IssueTestCertificate(CertificateKind kind, const std::string& common_name,
                                const SigningKey* issuer,
                                const TestCertificateOptions& options = {});

}  // namespace cqdt::crypto::testing
