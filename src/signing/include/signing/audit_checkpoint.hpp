// Signed checkpoints of the audit trail. The hash chain (audit module) shows an altered or removed
// entry in the middle, but not the removal of the newest entries: the chain simply ends earlier.
// A checkpoint is the chain's head (sequence number and hash) at a moment, signed with an agency
// key (CMS, detached) and kept outside the database (a directory the database administrator
// cannot rewrite, ideally copied off the machine). Verifying checkpoints then proves that every
// entry up to the newest checkpoint is still there, unchanged.
//
// A checkpoint is two files, `<seq>-<YYYYMMDDTHHMMSSZ>.txt` and its detached signature `….p7s`
// (so `openssl cms -verify -content ….txt` checks it too). The text:
//   cqdt-audit-checkpoint 1
//   seq: 1234
//   hash: <hex SHA-256 of entry 1234>
//   at: 2026-11-27T08:50:00Z
//
// Thread safety: free functions; they read through the caller's transaction.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/trust.hpp"
#include "crypto/x509.hpp"
#include "db/database.hpp"

namespace cqdt::signing {

struct AuditCheckpoint {
  std::int64_t seq = 0;
  std::string hash;
  std::string at;      // ISO 8601 UTC
  std::string signer;  // the signing certificate's subject
  std::filesystem::path file;
};

// Checks the chain, then signs its head with `key` and writes the checkpoint into `dir` (created
// when missing; the file is written to a temporary name, synced, then renamed). Errors:
// FailedPrecondition for an empty or broken chain (a checkpoint must not bless damage),
// Unavailable when the file cannot be written.
Result<AuditCheckpoint> WriteAuditCheckpoint(db::Transaction& tx, const audit::AuditLog& audit,
                                             const crypto::SigningKey& key,
                                             const std::filesystem::path& dir, const Clock& clock);

struct CheckpointReport {
  bool ok = true;
  int checked = 0;                        // checkpoint files read
  std::optional<AuditCheckpoint> latest;  // the newest valid checkpoint
  std::vector<std::string> problems;      // Vietnamese, one per bad checkpoint
};

// Verifies every checkpoint in `dir` (a missing directory is zero checkpoints): the CMS signature
// is intact, its signer's certificate chains to `trust` at the checkpoint's time when `trust` is
// given, the content parses, and the audit entry at its sequence number exists with its hash. A
// checkpoint past the chain's end means entries were deleted.
CheckpointReport VerifyAuditCheckpoints(db::Transaction& tx, const audit::AuditLog& audit,
                                        const std::filesystem::path& dir,
                                        const crypto::TrustStore* trust);

}  // namespace cqdt::signing
