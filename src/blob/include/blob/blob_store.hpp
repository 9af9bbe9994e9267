// Content-addressed blob storage: a blob's key is the lower-case hex SHA-256 of its bytes.
// Put* returns only after the bytes are durable (fsync'd and renamed into place), so a key handed
// to the database always names a complete file. Thread-safe: concurrent Puts of the same content
// are harmless (the rename is atomic and the content identical).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/result.hpp"

namespace cqdt::blob {

struct BlobInfo {
  std::string sha256;
  std::uint64_t size = 0;
};

// A blob whose bytes are written but perhaps not yet durable: PutAsync hands back its key at
// once while the store syncs and names it on another thread, so that the caller's own work (its
// database statements) overlaps the disk's. Durable() waits and says whether the blob is stored;
// a key must not be committed anywhere before Durable() returned Ok (the documents module passes
// it to db::Transaction::BeforeCommit). Copies share one write; destroying the last one waits
// for it. Get and Exists of the store wait for a pending blob of the key they are asked for.
class PendingBlob {
 public:
  PendingBlob(BlobInfo info, std::shared_future<Status> done)
      : info_(std::move(info)), done_(std::move(done)) {}
  const BlobInfo& info() const { return info_; }
  Status Durable() const { return done_.get(); }

 private:
  BlobInfo info_;
  std::shared_future<Status> done_;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual Result<BlobInfo> Put(std::string_view bytes) = 0;
  // As Put, but returns once the bytes are handed to the store (PendingBlob). `check`, when
  // given, runs on the calling thread while the store copies the bytes; its error is PutAsync's
  // and then nothing is stored (e.g. the caller's check of the content's type). This default
  // checks, then stores durably.
  virtual Result<PendingBlob> PutAsync(std::string_view bytes,
                                       const std::function<Status()>& check = {});
  // Moves (or copies) the file at `path` into the store; the file is consumed.
  virtual Result<BlobInfo> PutFile(const std::filesystem::path& path) = 0;
  // The stored bytes; kNotFound when absent; kInvalidArgument for a malformed key.
  virtual Result<std::string> Get(const std::string& sha256) const = 0;
  virtual bool Exists(const std::string& sha256) const = 0;
  // Where the blob's bytes can be read as a file, for callers that stream large blobs (the
  // archive package, issue 11) instead of holding them in memory; nullopt when the store keeps
  // no files (then use Get) or the blob is absent or the key malformed. The file must only be
  // read.
  virtual std::optional<std::filesystem::path> LocalFile(const std::string& sha256) const;
};

class SpareInodes;  // spare_inodes.hpp

class FileBlobStore final : public BlobStore {
 public:
  // Creates `root` if needed, and its 256 fan-out directories (root synced once).
  static Result<std::unique_ptr<FileBlobStore>> Open(std::filesystem::path root);
  ~FileBlobStore() override;  // waits for the pending writes
  Result<BlobInfo> Put(std::string_view bytes) override;
  // A thread of its own takes an unnamed inode, copies the bytes into it (the page cache) and
  // syncs it, while this one runs `check` and hashes them; then that thread names the inode
  // (linkat) and syncs the directory. Up to 256 KiB all of it happens on this thread, and the
  // PendingBlob returned is already durable. Until an unnamed inode has been named in this store
  // (or where the filesystem has no O_TMPFILE): check, Put, and an already durable PendingBlob.
  Result<PendingBlob> PutAsync(std::string_view bytes,
                               const std::function<Status()>& check = {}) override;
  Result<BlobInfo> PutFile(const std::filesystem::path& path) override;
  Result<std::string> Get(const std::string& sha256) const override;
  bool Exists(const std::string& sha256) const override;
  std::optional<std::filesystem::path> LocalFile(const std::string& sha256) const override;
  // root/ab/<sha256>: where a blob is written.
  std::filesystem::path PathOf(const std::string& sha256) const;
  // root/ab/cd/<sha256>: where stores before 2026-12 wrote it; still read (Get, Exists).
  std::filesystem::path LegacyPathOf(const std::string& sha256) const;

 private:
  explicit FileBlobStore(std::filesystem::path root);
  // Makes root/ab for `sha256` unless remembered (SyncDirectory).
  bool EnsureDirectory(const std::string& sha256);
  // After a blob is named: syncs root/ab, and also root (the entry of root/ab) for a directory
  // not remembered (made again after a removal behind the store's back), then remembers it.
  bool SyncDirectory(const std::string& sha256);
  void ForgetDirectory(const std::string& sha256);
  // Names the unnamed inode open as `fd` (when `synced`: its bytes written and synced) as the
  // blob `sha256`, closes it and syncs the directory: Ok once the blob is durable.
  Status NameSynced(int fd, bool synced, const std::string& sha256);
  // Waits for a PutAsync of `sha256` still under way (Get and Exists see a stored blob).
  void AwaitPending(const std::string& sha256) const;
  // Names the synced temporary `tmp` as the blob (rename), then syncs the leaf directory.
  Result<BlobInfo> Commit(const std::filesystem::path& tmp, const std::string& sha256,
                          std::uint64_t size);
  std::filesystem::path root_;
  std::mutex dirs_mu_;
  std::unordered_set<std::string> dirs_;  // fan-out directories "ab" known to exist durably
  // Set once an unnamed inode was named here (/proc/self/fd and linkat work): PutAsync writes
  // synchronously (Put) until then, since it could not fall back to a named temporary later.
  std::atomic<bool> unnamed_works_{false};
  // PutAsync's inodes, made ahead by a thread of their own (from the first PutAsync on).
  std::once_flag spares_once_;
  std::unique_ptr<SpareInodes> spares_;
  // PutAsync's writes by key, until a later call finds them done (the last copy of a write's
  // future waits for its thread: the destructor waits for all).
  mutable std::mutex pending_mu_;
  std::unordered_multimap<std::string, std::shared_future<Status>> pending_;
};

}  // namespace cqdt::blob
