// Verifying signed files: PDF (PAdES / adbe.pkcs7.detached), XML (XML-DSig, edXML packages) and
// CMS (.p7s, attached or detached). Each signature gets a report in the terms of ETSI EN 319 102-1
// as the EU DSS library names them: an indication (TOTAL_PASSED, INDETERMINATE, TOTAL_FAILED)
// with a sub-indication, plus who signed, when, integrity, and the certificate path's status at
// the signing time.
//
// Rules (docs/decisions/0002-signature-verdicts.md):
// - Integrity first: a malformed byte range or signature container → TOTAL_FAILED/FORMAT_FAILURE;
//   a digest mismatch → TOTAL_FAILED/HASH_FAILURE; a bad signature value →
//   TOTAL_FAILED/SIG_CRYPTO_FAILURE.
// - The validation time is the signature timestamp's time when there is a valid one (a proof of
//   existence), else the claimed signing time, else now.
// - Path: no path to a trusted anchor → INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND; broken
//   constraints → INDETERMINATE/CHAIN_CONSTRAINTS_FAILURE; no revocation answer →
//   INDETERMINATE/TRY_LATER; not yet valid → TOTAL_FAILED/NOT_YET_VALID.
// - Expired at the validation time: with a timestamp TOTAL_FAILED/EXPIRED, without one
//   INDETERMINATE/OUT_OF_BOUNDS_NO_POE; expired only now (valid at the claimed time) without a
//   timestamp: INDETERMINATE/OUT_OF_BOUNDS_NO_POE too, since nothing proves the signing time.
// - Revoked at or before the validation time: TOTAL_FAILED/REVOKED; revoked later but with no
//   timestamp to prove the signature came first: INDETERMINATE/REVOKED_NO_POE.
// - Document level (PDF): bytes appended after the last signature that no later signature covers
//   make the document INDETERMINATE even when every signature passes.
//
// Bounded work (issue 8): one verification may use at most VerifierOptions::cpu_budget of its
// thread's CPU time (core/cpu_budget.hpp), checked while the file is parsed and before each
// signature; the formats' own limits apply too (pdf::kMaxSignatures, crypto::kMaxCmsSigners,
// xml::ParseLimits). Past a limit Verify() returns TooLarge and no report: never a partial verdict.
//
// Thread safety: Verifier is stateless apart from its collaborators (const references).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/trust.hpp"

namespace cqdt::signing {

enum class Indication { kTotalPassed, kIndeterminate, kTotalFailed };
std::string_view ToString(Indication i);  // "TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED"

enum class FileKind { kPdf, kXml, kCms };
std::string_view ToString(FileKind k);  // "pdf", "xml", "cms"

struct CertificateSummary {
  std::string subject;  // RFC 2253
  std::string common_name;
  std::string organization;
  std::string issuer;
  std::string serial;  // hex
  TimePoint not_before{};
  TimePoint not_after{};
  std::string fingerprint_sha256;
};

struct SignatureReport {
  int index = 0;           // 1-based, in file order
  std::string field_name;  // PDF field; XML placement; CMS "signer 1"
  std::string format;      // "PAdES-BASELINE-B", "PAdES-BASELINE-T", "PAdES document timestamp",
                       // "PKCS#7 (adbe.pkcs7.detached)", "CAdES-BASELINE-B/-T", "CMS", "XML-DSig"
  std::string sub_filter;  // PDF only
  std::optional<CertificateSummary> signer;
  std::optional<TimePoint> claimed_time;
  std::optional<TimePoint> timestamp_time;
  std::string timestamp_authority;  // the TSA certificate's subject CN
  TimePoint validation_time{};
  std::string validation_time_source;  // "timestamp", "claimed", "now"
  // Integrity.
  bool format_ok = false;  // container parsed, byte range well-formed (PDF)
  bool digest_matches = false;
  bool signature_valid = false;
  bool covers_whole_document = true;  // PDF: nothing appended after this signature's revision
  std::int64_t appended_bytes = 0;
  std::optional<int> certification_permissions;  // PDF DocMDP
  // Certificate path.
  std::string certificate_status;         // crypto::ToString(CertificateStatus)
  std::string certificate_detail;         // Vietnamese sentence
  std::vector<CertificateSummary> chain;  // leaf first
  std::string revocation_source;          // "crl", "ocsp", "none"
  std::optional<TimePoint> revoked_at;
  // Verdict.
  Indication indication = Indication::kIndeterminate;
  std::string sub_indication;         // "" when TOTAL_PASSED
  std::string conclusion;             // one Vietnamese sentence for people
  std::vector<std::string> warnings;  // Vietnamese
};

struct VerificationReport {
  FileKind kind = FileKind::kPdf;
  std::string file_name;
  std::string file_sha256;  // hex
  std::int64_t file_size = 0;
  TimePoint verified_at{};
  std::vector<SignatureReport> signatures;
  Indication indication = Indication::kIndeterminate;  // the document as a whole
  std::string conclusion;                              // Vietnamese
  std::vector<std::string> warnings;                   // document level, Vietnamese
  // PDF: bytes after the newest signed revision, signed by nobody (they make the document
  // INDETERMINATE even when every signature passes).
  std::int64_t unsigned_trailing_bytes = 0;
  bool AllPassed() const { return indication == Indication::kTotalPassed; }
};

// The trust a verification uses.
struct TrustContext {
  const crypto::TrustStore* documents = nullptr;   // anchors for signers
  const crypto::TrustStore* timestamps = nullptr;  // anchors for TSAs (may be the same store)
  crypto::RevocationFetcher* fetcher = nullptr;    // null: offline (stored CRLs only)
  // Filled with the CRLs / OCSP responses fetched while verifying (for the caller to cache).
  std::vector<std::string>* evidence = nullptr;
};

// Detects the kind from the content: "%PDF-" → PDF; '<' (after a BOM/whitespace) → XML; a DER
// SEQUENCE or a PEM PKCS7/CMS → CMS. Unsupported otherwise.
Result<FileKind> DetectKind(std::string_view bytes);

struct VerifierOptions {
  // CPU time one Verify() call may use (thread CPU time, not wall time: waiting for OCSP or a CRL
  // download costs nothing); nullopt: unbounded.
  std::optional<std::chrono::milliseconds> cpu_budget;
};

class Verifier {
 public:
  explicit Verifier(const Clock& clock, VerifierOptions options = {})
      : clock_(clock), options_(options) {}
  // Verifies every signature in `bytes`. `detached_content` is for a detached .p7s only; instead
  // of it, `detached_sha256` (32 raw bytes) lets a detached .p7s be checked against the SHA-256
  // of its content (crypto::VerifyCmsWithDigest).
  // Errors: Unsupported for an unknown kind, Malformed for a file that cannot be parsed at all
  // (an unreadable PDF, malformed XML), InvalidArgument when a detached CMS comes without its
  // content, TooLarge when the CPU budget is spent or a format limit is passed. A file with no
  // signature is a report with no signatures, INDETERMINATE, and the conclusion "Tệp không có chữ
  // ký số."
  Result<VerificationReport> Verify(std::string_view bytes, std::string file_name,
                                    const TrustContext& trust,
                                    std::optional<std::string_view> detached_content = {},
                                    std::optional<std::string_view> detached_sha256 = {}) const;

 private:
  const Clock& clock_;
  VerifierOptions options_;
};

// The report for people (text, PDF): signing/verification_report.hpp.

}  // namespace cqdt::signing
