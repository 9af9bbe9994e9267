// The manifest of a cqdt backup (manifest.json at the backup's root): what the backup holds and
// the SHA-256 of every file. It is written last and synced, so a backup without one is known
// to be incomplete. Example:
//
//   {"format": "cqdt-backup/1", "cqdtVersion": "0.16.0",
//    "createdAt": "2026-12-07T11:32:14+07:00", "timeZone": "UTC+7 (giờ Việt Nam)",
//    "database": {"engine": "sqlite", "file": "database/cqdt.db",
//                 "schema": {"audit": 3, "documents": 41, ...}},
//    "blobs": "files",
//    "files": [{"path": "data/blobs/ab/ab12...", "size": 1234, "sha256": "..."},
//              {"path": "external/cqdt.toml", "size": 88, "sha256": "...",
//               "origin": "/etc/cqdt/cqdt.toml"}]}
//
// Paths are relative, '/'-separated, without "." or ".." parts: a manifest read from a backup is
// untrusted input, and ParseManifest refuses a path that would leave the backup.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cqdt::backup {

inline constexpr const char* kManifestName = "manifest.json";
inline constexpr const char* kManifestFormat = "cqdt-backup/1";

struct ManifestFile {
  std::string path;  // relative to the backup's root
  std::uint64_t size = 0;
  std::string sha256;  // lower-case hex
  // Files from outside the data directory (the configuration file, a key ring kept elsewhere):
  // where they were. Restore leaves them to the operator.
  std::string origin;
};

struct Manifest {
  std::string cqdt_version;
  std::string created_at;             // ISO 8601, Vietnam time (+07:00)
  std::string engine;                 // "sqlite" | "postgresql"
  std::string database_file;          // the copy (SQLite file) or dump (pg_dump custom format)
  std::map<std::string, int> schema;  // module -> newest applied migration
  // Where the instance kept its uploaded files ([storage] blobs): "files" (under data/blobs/) or
  // "database" (in the dump's blob_object table). "files" when a manifest does not say.
  std::string blobs = "files";
  std::vector<ManifestFile> files;  // the database file included
};

std::string ManifestToJson(const Manifest& manifest);
// Errors: Malformed (Vietnamese / English) naming what is wrong: not JSON, another format, a
// missing member, a path that is absolute or has "." / ".." parts, a bad digest, a duplicate.
Result<Manifest> ParseManifest(std::string_view json);
// True for "a/b/c": relative, no empty, "." or ".." part, no backslash or NUL.
bool IsSafeRelativePath(std::string_view path);

}  // namespace cqdt::backup
