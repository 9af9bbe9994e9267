// The archive package (gói nộp lưu; issue 11, item 2; layout in docs/archive-package.md): one ZIP
// holding work records as the agency hands them to its archive — each file exactly as stored
// (signatures intact), the Phụ lục VI metadata of every record and document as XML and JSON,
// `manifest.txt` (one line per file: SHA-256 hex, size, path) and `manifest.p7s`, a detached CMS
// signature of the manifest by the agency seal.
//
// This header is the part that needs no database: writing a package from entries already
// decided (PackageWriter, used by ArchiveService) and checking one offline (VerifyPackage, used by
// `cqdt doc archive verify`). Blobs are streamed from the blob store's files into the ZIP, never
// held in memory together.
//
// Thread safety: free functions and a writer used by one thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/x509.hpp"

namespace cqdt::documents {

inline constexpr const char* kManifestName = "manifest.txt";
inline constexpr const char* kManifestSignatureName = "manifest.p7s";

// One file of a package: either bytes made here (metadata) or a blob of the store (its key is
// its SHA-256).
struct PackageEntry {
  std::string path;   // inside the ZIP, "/"-separated, made by PackagePathSegment
  std::string bytes;  // when blob_sha256 is empty
  std::string blob_sha256;
  std::uint64_t blob_size = 0;

  static PackageEntry Bytes(std::string path, std::string bytes) {
    return {std::move(path), std::move(bytes), "", 0};
  }
  static PackageEntry Blob(std::string path, std::string sha256, std::uint64_t size) {
    return {std::move(path), "", std::move(sha256), size};
  }
  std::string Sha256Hex() const;
  std::uint64_t Size() const { return blob_sha256.empty() ? bytes.size() : blob_size; }
};

// A path segment from a name a user chose (a file name, a notation): "/", "\", control characters
// and a leading "." become "_", so that no segment climbs out of its folder; empty becomes "_".
std::string PackagePathSegment(const std::string& name);

// The manifest of `entries`, in their order: "<sha256 hex> <size> <path>\n" per entry.
std::string ManifestText(const std::vector<PackageEntry>& entries);

// Writes the ZIP at `path` (created; it must not exist): the entries, then manifest.txt and
// manifest.p7s. Blob entries are read from blobs.LocalFile when the store has files (streamed by
// libzip at close), else with Get one at a time. Errors: Internal (I/O), NotFound for a missing
// blob.
Status WritePackage(const std::filesystem::path& path, const std::vector<PackageEntry>& entries,
                    const std::string& manifest, const std::string& manifest_signature,
                    const blob::BlobStore& blobs);

// What is wrong with a package, one line per file: the path and a Vietnamese sentence.
struct PackageProblem {
  std::string path;
  std::string kind;  // "missing", "extra", "changed", "malformed", "signature", "trust"
  std::string message;
};

struct VerifyPackageOptions {
  // When not empty: the manifest signer's certificate must chain to one of these (at the signing
  // time, no revocation check: offline). Empty: the chain is not checked (reported as such).
  std::vector<crypto::Certificate> trust_anchors;
  TimePoint now{};  // the validation time when the signature carries no signing time
};

struct PackageVerification {
  bool valid = false;  // no problem
  int files = 0;       // entries of the manifest
  std::vector<PackageProblem> problems;
  std::string signer_subject;  // the manifest signer's certificate, when it could be read
  std::string signer_serial;
  std::optional<TimePoint> signing_time;
  bool signature_valid = false;  // the CMS verifies over manifest.txt
  // "valid", "expired", ... (crypto::ToString) when trust anchors were given; "not_checked"
  // otherwise.
  std::string trust_status = "not_checked";
};

// Checks the ZIP at `path` offline: every file against the manifest (missing, extra, changed
// size or digest), every .xml well-formed (hardened parser), the CMS signature over manifest.txt
// and, with trust anchors, the signer's chain. Errors (bad input, not a verdict): NotFound when
// the file cannot be opened, Malformed when it is not a ZIP.
Result<PackageVerification> VerifyPackage(const std::filesystem::path& path,
                                          const VerifyPackageOptions& options);

}  // namespace cqdt::documents
