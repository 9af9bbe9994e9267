// The JSON form of a signature verification report, shared by POST /api/v1/signatures/verify and
// `cqdt verify --json` so both answer the same shape (docs/api.md, "Signatures"):
//   VerificationReport {kind, fileName, fileSha256, fileSize, verifiedAt, indication, conclusion,
//                       warnings[], signatures: [SignatureReport]}
//   TrustAnchor {id, purpose, name, subject, issuer, serial, fingerprintSha256, notBefore,
//                notAfter, isRoot, addedBy, addedAt}
//   Crl         {id, issuer, thisUpdate, nextUpdate|null, source, storedAt, revokedCount}
// (the last two shared by /api/v1/trust/... and `cqdt pki trust|crl list --json`).
// Times are ISO 8601 UTC ("2026-11-27T02:15:00Z"). The report's sentences (conclusions, notes,
// certificate details) are in `language` (core/message_catalog.hpp). Pure; thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/message_catalog.hpp"
#include "signing/trust_service.hpp"
#include "signing/verification.hpp"

namespace cqdt::api {

std::string VerificationReportJson(const signing::VerificationReport& report,
                                   Language language = Language::kVietnamese);
nlohmann::json TrustAnchorJson(const signing::TrustAnchor& anchor);
nlohmann::json CrlJson(const signing::StoredCrl& crl);

}  // namespace cqdt::api
