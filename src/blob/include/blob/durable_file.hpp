// Writing a whole file so that a reader (or a crash) never sees half of it: the bytes go to a
// temporary file beside `path`, are fsync'd, renamed over `path`, and the directory is fsync'd so
// the rename itself survives a power cut. Used for files outside the blob store (signed files the
// CLI writes, keys of the demo PKI, audit checkpoints).
// Thread safety: free function; concurrent writers of the same path leave one complete version.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.hpp"

namespace cqdt::blob {

// `mode`: the permission bits (0600 for keys); -1 → 0666 & ~umask. The parent directory must
// exist. Errors: Unavailable (a Vietnamese / English message naming the path).
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view bytes,
                           int mode = -1);

}  // namespace cqdt::blob
