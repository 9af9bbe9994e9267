// The file store's side of the orphan sweeper (blob/sweeper.hpp): FileBlobStore::RemoveUnreferenced
// walks the fan-out directories and removes the blobs no row names that are older than the
// grace period, and the leftover temporaries of interrupted writes.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <vector>

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include "blob/blob_store.hpp"

namespace cqdt::blob {
namespace {

// The mtime of `path` as a time point; nullopt when it cannot be read (gone).
std::optional<std::chrono::system_clock::time_point> ModifiedAt(const std::filesystem::path& path,
                                                                std::uint64_t* size = nullptr) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return std::nullopt;
  }
  if (size != nullptr) {
    *size = static_cast<std::uint64_t>(st.st_size);
  }
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec)));
}

}  // namespace

Result<SweepCounts> FileBlobStore::RemoveUnreferenced(
    const std::function<bool(const std::string&)>& referenced,
    std::chrono::system_clock::time_point older_than, bool dry_run) {
  SweepCounts counts;
  std::error_code ec;
  // Leftover named temporaries (a Put without O_TMPFILE, or PutFile, stopped by a crash). A
  // write under way is younger than the grace period.
  for (const auto& entry : std::filesystem::directory_iterator(root_ / "tmp", ec)) {
    auto at = ModifiedAt(entry.path());
    if (at && *at < older_than && entry.is_regular_file(ec) && !dry_run &&
        ::unlink(entry.path().c_str()) == 0) {
      ++counts.temporaries;
    }
  }
  std::vector<std::filesystem::path> blobs;
  for (int i = 0; i < 256; ++i) {
    static constexpr char kHex[] = "0123456789abcdef";
    const auto fan = root_ / std::string{kHex[i >> 4], kHex[i & 15]};
    for (const auto& entry : std::filesystem::directory_iterator(fan, ec)) {
      if (entry.is_directory(ec)) {  // root/ab/cd/: stores before 2026-12
        for (const auto& legacy : std::filesystem::directory_iterator(entry.path(), ec)) {
          blobs.push_back(legacy.path());
        }
      } else {
        blobs.push_back(entry.path());
      }
    }
  }
  for (const auto& path : blobs) {
    const std::string key = path.filename().string();
    if (!IsBlobKey(key)) {
      continue;  // not a blob: never touched
    }
    ++counts.scanned;
    std::uint64_t size = 0;
    auto at = ModifiedAt(path, &size);
    if (!at || *at >= older_than || referenced(key)) {
      continue;
    }
    ++counts.orphans;
    counts.orphan_bytes += size;
    if (dry_run) {
      continue;
    }
    // Taken out of its name first, then its time read again: a Put that found the blob before
    // the rename refreshed its mtime (and is about to commit a row naming it), so it is named
    // again; a Put after the rename finds no blob and names its own copy.
    const auto taken = root_ / "tmp" / ("sweep-" + key);
    if (::rename(path.c_str(), taken.c_str()) != 0) {
      continue;
    }
    auto again = ModifiedAt(taken);
    if (again && *again >= older_than) {
      if (::link(taken.c_str(), PathOf(key).c_str()) != 0 && errno != EEXIST) {
        spdlog::error("không trả lại được tệp {} / could not put blob {} back", key, key);
        continue;  // left in tmp/ under its key: found there by hand, never lost silently
      }
      ::unlink(taken.c_str());
      continue;
    }
    if (::unlink(taken.c_str()) == 0) {
      ++counts.removed;
      counts.removed_bytes += size;
    }
  }
  // The removals are not synced: one a crash undoes is found again by the next sweep.
  return counts;
}

}  // namespace cqdt::blob
