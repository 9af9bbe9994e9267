// The JSON form of a signature verification report, shared by POST /api/v1/signatures/verify and
// `cqdt verify --json` so both answer the same shape (docs/api.md, "Signatures"):
//   VerificationReport {kind, fileName, fileSha256, fileSize, verifiedAt, indication, conclusion,
//                       warnings[], signatures: [SignatureReport]}
// Times are ISO 8601 UTC ("2026-11-27T02:15:00Z"). Pure; thread-safe.
#pragma once

#include <string>

#include "signing/verification.hpp"

namespace cqdt::api {

std::string VerificationReportJson(const signing::VerificationReport& report);

}  // namespace cqdt::api
