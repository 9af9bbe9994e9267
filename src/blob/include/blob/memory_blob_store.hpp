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

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> blobs_;
};

}  // namespace cqdt::blob
