// Content-addressed blob storage: a blob's key is the lower-case hex SHA-256 of its bytes.
// Put* returns only after the bytes are durable (fsync'd and renamed into place), so a key handed
// to the database always names a complete file. Thread-safe: concurrent Puts of the same content
// are harmless (the rename is atomic and the content identical).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/result.hpp"

namespace cqdt::blob {

struct BlobInfo {
  std::string sha256;
  std::uint64_t size = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual Result<BlobInfo> Put(std::string_view bytes) = 0;
  // Moves (or copies) the file at `path` into the store; the file is consumed.
  virtual Result<BlobInfo> PutFile(const std::filesystem::path& path) = 0;
  // The stored bytes; kNotFound when absent; kInvalidArgument for a malformed key.
  virtual Result<std::string> Get(const std::string& sha256) const = 0;
  virtual bool Exists(const std::string& sha256) const = 0;
};

class FileBlobStore final : public BlobStore {
 public:
  // Creates `root` if needed.
  static Result<std::unique_ptr<FileBlobStore>> Open(std::filesystem::path root);
  Result<BlobInfo> Put(std::string_view bytes) override;
  Result<BlobInfo> PutFile(const std::filesystem::path& path) override;
  Result<std::string> Get(const std::string& sha256) const override;
  bool Exists(const std::string& sha256) const override;
  std::filesystem::path PathOf(const std::string& sha256) const;

 private:
  explicit FileBlobStore(std::filesystem::path root) : root_(std::move(root)) {}
  // Makes root/ab and root/ab/cd for `sha256` unless remembered (SyncDirectories).
  bool EnsureDirectories(const std::string& sha256);
  // After a blob is named: syncs root/ab/cd, and the first time in this process also root/ab
  // and root (their entries), then remembers both directories.
  bool SyncDirectories(const std::string& sha256);
  void ForgetDirectories(const std::string& sha256);
  // Names the synced temporary `tmp` as the blob (rename), then syncs the leaf directory.
  Result<BlobInfo> Commit(const std::filesystem::path& tmp, const std::string& sha256,
                          std::uint64_t size);
  std::filesystem::path root_;
  std::mutex dirs_mu_;
  std::unordered_set<std::string> dirs_;  // "ab" and "ab/cd" known to exist durably
};

}  // namespace cqdt::blob
