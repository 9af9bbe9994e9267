// Online backup, verification and restore of a cqdt instance (issue 16, `cqdt backup`,
// `cqdt backup verify`, `cqdt restore`; decision 0022).
//
// A backup is a directory:
//   manifest.json            written last (backup/manifest.hpp); no manifest = incomplete
//   database/cqdt.db         SQLite: a consistent copy through SQLite's online backup API
//   database/cqdt.pgdump     PostgreSQL: pg_dump's custom format (one snapshot)
//   data/...                 the data directory: blobs, pki (key ring, PKCS#12 files), audit
//                            checkpoints, secrets (the mail key), calendar files, ...
//   external/...             files named by the configuration outside the data directory (the
//                            configuration file itself, a key ring kept elsewhere)
// Files 0600, directories 0700: the backup holds keys.
//
// Consistency while the server keeps writing (the order is the point):
//   1. audit/ first: a signed checkpoint names an audit entry, which the database snapshot taken
//      after it holds; a checkpoint taken later would name an entry the snapshot lacks and fail
//      `cqdt audit verify` after a restore.
//   2. the database snapshot.
//   3. the rest of the data directory: blobs are content-addressed and immutable, and a row
//      commits only after its blob is durable (blob/blob_store.hpp), so every blob the snapshot
//      names is already there; blobs written after the snapshot are copied too, harmlessly.
//      Likewise the mail key and the key ring (files the database's rows rely on).
//   4. the manifest, synced after everything else (syncfs).
//
// Thread safety: free functions; one backup or restore at a time per target.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "backup/manifest.hpp"
#include "core/result.hpp"

namespace cqdt::backup {

// Lines for the operator (Vietnamese / English), e.g. what was copied.
using Progress = std::function<void(const std::string& line)>;

struct Instance {
  std::filesystem::path data_dir;
  std::string database_url;  // "sqlite://..." or "postgresql://..."
  // Files outside the data directory that the instance needs (the configuration file, a key
  // ring or mail key configured elsewhere); missing ones are skipped, ones inside the data
  // directory are already part of it.
  std::vector<std::filesystem::path> external_files;
  // [storage] blobs: "files", or "database" (the files are rows of blob_object, in the dump;
  // PostgreSQL only). Restore refuses a backup whose files were kept the other way.
  std::string blobs = "files";
  // [storage] blob_dir when the files live outside the data directory (a shared directory):
  // backed up as data/blobs/ like the default place, and restored into it (which must then be
  // empty or absent). Empty: <data_dir>/blobs.
  std::filesystem::path blob_dir = {};
};

struct BackupOptions {
  std::string cqdt_version;
  std::string created_at;  // ISO 8601 in Vietnam time (core::ToIsoVietnam)
  Progress progress;
};

// Takes an online backup of `instance` into `dest`, which must not exist or be an empty
// directory, and must not lie inside the data directory. Returns the manifest written.
// Errors: InvalidArgument (Vietnamese / English, naming the path) for an unusable `dest`;
// Unavailable when a file cannot be read or written, or pg_dump fails (its own messages go
// to stderr; the database password reaches it through PGPASSWORD only).
Result<Manifest> WriteBackup(const Instance& instance, const std::filesystem::path& dest,
                             const BackupOptions& options);

struct VerifyReport {
  bool has_manifest = false;
  std::string manifest_error;  // why manifest.json was unreadable ("" when read)
  Manifest manifest;
  std::vector<std::string> missing;   // listed, absent
  std::vector<std::string> changed;   // listed, another size or digest
  std::vector<std::string> extra;     // present, not listed (also links and other non-files)
  std::vector<std::string> database;  // the database copy's own check (integrity_check, pg_restore)
  bool ok() const {
    return has_manifest && manifest_error.empty() && missing.empty() && changed.empty() &&
           extra.empty() && database.empty();
  }
};

// Re-hashes every file of the backup at `src` against its manifest, and checks the database
// copy (SQLite: PRAGMA integrity_check; PostgreSQL: pg_restore --list reads the dump).
VerifyReport VerifyBackup(const std::filesystem::path& src);

// Restores the backup at `src` into `target`: the data directory must not exist or be empty
// (else FailedPrecondition naming it), the SQLite file must not exist, a PostgreSQL database must
// hold no table (pg_restore into it). Verifies the backup first (FailedPrecondition when it does
// not pass) and every file again as it is copied. Files from outside the data directory are not
// put back: they are reported through `progress` with where they were.
// Errors: FailedPrecondition as above or when the engines differ; Unavailable for I/O and
// pg_restore failures.
Status RestoreBackup(const std::filesystem::path& src, const Instance& target,
                     const Progress& progress);

}  // namespace cqdt::backup
