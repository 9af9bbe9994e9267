// The verification use case shared by POST /api/v1/signatures/verify and `cqdt verify`: read the
// trust stores (the service's cache), release the database connection, verify (CRL downloads and
// OCSP queries may take seconds), then keep the downloaded CRLs for next time.
// Thread safety: safe to call concurrently (the collaborators are).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "crypto/trust.hpp"
#include "crypto/x509.hpp"
#include "db/database.hpp"
#include "signing/trust_service.hpp"
#include "signing/verification.hpp"

namespace cqdt::signing {

struct VerifyFileRequest {
  std::string_view bytes;
  std::string file_name;
  std::optional<std::string_view> detached_content;  // a detached .p7s's content, or
  std::optional<std::string_view> detached_sha256;   // its SHA-256 (32 raw bytes)
  // Extra anchors for signers, for this verification only (`cqdt verify --trust`).
  std::vector<crypto::Certificate> extra_anchors;
  crypto::RevocationFetcher* fetcher = nullptr;  // null: offline (stored CRLs only)
};

// Verifies with the document anchors for signers and the timestamp anchors for TSAs (the
// document anchors when none is configured for timestamps). Errors: Verifier::Verify's, and the
// database's while reading the stores. A failure to cache downloaded CRLs is only logged.
Result<VerificationReport> VerifyFile(db::Database& db, TrustService& trust,
                                      const Verifier& verifier, const VerifyFileRequest& request);

}  // namespace cqdt::signing
