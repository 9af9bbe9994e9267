// File copying and hashing for backup.cpp (private to the backup module): every copy hashes the
// bytes it writes, so a manifest's digest is of the copy itself, even when the source changes
// meanwhile (a key ring rewritten by `cqdt pki demo-ca --force`).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backup/manifest.hpp"
#include "core/result.hpp"

namespace cqdt::backup {

// Makes `dir` and its missing parents with mode 0700.
Status MakePrivateDirs(const std::filesystem::path& dir);

// Copies the regular file `from` to the new file `to` (mode 0600, O_EXCL; its directory must
// exist), hashing the bytes. nullopt when `from` vanished (or is not a regular file) before it
// could be opened. Errors: Unavailable naming the path.
Result<std::optional<ManifestFile>> CopyHashed(const std::filesystem::path& from,
                                               const std::filesystem::path& to,
                                               const std::string& relative);

// Size and SHA-256 of `path` (not following a final symbolic link). nullopt when absent.
// Errors: Unavailable when it exists but cannot be read as a regular file.
Result<std::optional<ManifestFile>> HashFile(const std::filesystem::path& path);

// Copies the tree under `from` into `to` (made 0700), listing each file as `prefix`/<relative
// path>. `skip(relative)` (relative to `from`, '/'-separated) leaves a file or a whole directory
// out. Symbolic links and special files are not followed nor copied: each is told to `note`.
// Files that vanish during the walk are left out. A missing `from` copies nothing.
Status CopyTree(const std::filesystem::path& from, const std::filesystem::path& to,
                const std::string& prefix, const std::function<bool(const std::string&)>& skip,
                std::vector<ManifestFile>& out,
                const std::function<void(const std::string&)>& note);

// True when `path` is `dir` or lies under it (both made absolute and normal, symlinks resolved
// where they exist).
bool IsInside(const std::filesystem::path& path, const std::filesystem::path& dir);

// Flushes the filesystem holding `path` (syncfs): one call for a tree of new files.
Status SyncFilesystem(const std::filesystem::path& path);

// Runs `argv` (found on PATH) with PGPASSWORD set to `password` when it is not empty (and unset
// otherwise), stdin from /dev/null, stdout to /dev/null when `quiet`, stderr inherited. Returns
// its exit status; Unavailable when it cannot be started.
Result<int> RunTool(const std::vector<std::string>& argv, const std::string& password, bool quiet);

}  // namespace cqdt::backup
