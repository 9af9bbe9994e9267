// A blob store in memory, for tests of the modules that store files: the same contract as
// FileBlobStore (the key is the lower-case hex SHA-256 of the bytes; Get of an absent key is
// kNotFound) without a disk. Not durable, so never for a server.
// Thread safety: guarded by a mutex; safe to share.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "blob/blob_store.hpp"
#include "crypto/crypto.hpp"

namespace cqdt::blob {

class MemoryBlobStore final : public BlobStore {
 public:
  Result<BlobInfo> Put(std::string_view bytes) override {
    std::string key = crypto::Sha256Hex(bytes);
    std::lock_guard lock(mutex_);
    blobs_[key] = std::string(bytes);
    return BlobInfo{key, bytes.size()};
  }
  Result<BlobInfo> PutFile(const std::filesystem::path&) override { return Error::Internal(); }
  Result<std::string> Get(const std::string& key) const override {
    std::lock_guard lock(mutex_);
    auto it = blobs_.find(key);
    if (it == blobs_.end()) {
      return Error::NotFound("blob", key);
    }
    return it->second;
  }
  bool Exists(const std::string& key) const override {
    std::lock_guard lock(mutex_);
    return blobs_.count(key) > 0;
  }
  // Keeps no times: every blob counts as old.
  Result<SweepCounts> RemoveUnreferenced(const std::function<bool(const std::string&)>& referenced,
                                         std::chrono::system_clock::time_point,
                                         bool dry_run) override {
    std::lock_guard lock(mutex_);
    SweepCounts counts;
    for (auto it = blobs_.begin(); it != blobs_.end();) {
      ++counts.scanned;
      if (referenced(it->first)) {
        ++it;
        continue;
      }
      ++counts.orphans;
      counts.orphan_bytes += it->second.size();
      if (dry_run) {
        ++it;
        continue;
      }
      ++counts.removed;
      counts.removed_bytes += it->second.size();
      it = blobs_.erase(it);
    }
    return counts;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> blobs_;
};

}  // namespace cqdt::blob
