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
  // Creates `root` if needed, and its 256 fan-out directories (root synced once).
  static Result<std::unique_ptr<FileBlobStore>> Open(std::filesystem::path root);
  Result<BlobInfo> Put(std::string_view bytes) override;
  Result<BlobInfo> PutFile(const std::filesystem::path& path) override;
  Result<std::string> Get(const std::string& sha256) const override;
  bool Exists(const std::string& sha256) const override;
  // root/ab/<sha256>: where a blob is written.
  std::filesystem::path PathOf(const std::string& sha256) const;
  // root/ab/cd/<sha256>: where stores before 2026-12 wrote it; still read (Get, Exists).
  std::filesystem::path LegacyPathOf(const std::string& sha256) const;

 private:
  explicit FileBlobStore(std::filesystem::path root) : root_(std::move(root)) {}
  // Makes root/ab for `sha256` unless remembered (SyncDirectory).
  bool EnsureDirectory(const std::string& sha256);
  // After a blob is named: syncs root/ab, and also root (the entry of root/ab) for a directory
  // not remembered (made again after a removal behind the store's back), then remembers it.
  bool SyncDirectory(const std::string& sha256);
  void ForgetDirectory(const std::string& sha256);
  // Names the synced temporary `tmp` as the blob (rename), then syncs the leaf directory.
  Result<BlobInfo> Commit(const std::filesystem::path& tmp, const std::string& sha256,
                          std::uint64_t size);
  std::filesystem::path root_;
  std::mutex dirs_mu_;
  std::unordered_set<std::string> dirs_;  // fan-out directories "ab" known to exist durably
};

}  // namespace cqdt::blob
