// Content-addressed blob storage: a blob's key is the lower-case hex SHA-256 of its bytes.
// Put* returns only after the bytes are durable (fsync'd and renamed into place), so a key handed
// to the database always names a complete file. Thread-safe: concurrent Puts of the same content
// are harmless (the rename is atomic and the content identical). A Put of content already stored
// refreshes its time (the file's mtime, the row's touched_at), so that the orphan sweeper
// (sweeper.hpp), which spares blobs younger than its grace period, never removes a blob that a
// transaction under way is about to name.
// Get checks the bytes against the key: a blob whose bytes changed on disk is an error
// (IsCorrupt), logged once per key, never returned as its bytes.
#pragma once

#include <atomic>
#include <chrono>
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

// The error of a Get whose stored bytes do not match their key (kInternal: the server's data is
// damaged, not the request), its Vietnamese message naming the file as `file_name` says ("Tệp
// "a.pdf" bị hỏng, không đọc được."). The store logs the key once; callers that know the file's
// name pass Get's result through NameCorruptFile for their clients.
Error CorruptBlob(std::string_view file_name);
bool IsCorrupt(const Error& error);
// `got` unchanged, unless it is a corrupt blob's error: then that error naming `file_name`.
Result<std::string> NameCorruptFile(Result<std::string> got, std::string_view file_name);
// The error of a write refused because the disk (or the database) is full: kUnavailable (503),
// a Vietnamese message that says so; nothing was stored.
Error StorageFull();

// What a sweep of blobs no row names found (sweeper.hpp).
struct SweepCounts {
  std::uint64_t scanned = 0;       // blobs looked at (older than the grace period or not)
  std::uint64_t orphans = 0;       // older than the grace period and named by no row
  std::uint64_t orphan_bytes = 0;  // their size
  std::uint64_t removed = 0;       // orphans removed (0 on a dry run)
  std::uint64_t removed_bytes = 0;
  std::uint64_t temporaries = 0;  // leftover temporary files of interrupted writes removed
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
  // Removes every blob last stored (or refreshed) before `older_than` for which `referenced`
  // answers false; with `dry_run` only counts them. A blob stored or refreshed by a Put while
  // the sweep runs is kept. The sweeper (sweeper.hpp) calls it with the keys every module's rows
  // name; nothing else should.
  virtual Result<SweepCounts> RemoveUnreferenced(
      const std::function<bool(const std::string&)>& referenced,
      std::chrono::system_clock::time_point older_than, bool dry_run) = 0;
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
  // Walks root/ab/ (and the legacy root/ab/cd/): a blob whose mtime is older than `older_than`
  // and not referenced is first renamed into tmp/, then its mtime read again (a Put that found
  // it meanwhile refreshed it, or finds it gone and names its own copy): still old, it is
  // removed, else named again. Named temporaries in tmp/ older than `older_than` (a write
  // interrupted by a crash) are removed too.
  Result<SweepCounts> RemoveUnreferenced(const std::function<bool(const std::string&)>& referenced,
                                         std::chrono::system_clock::time_point older_than,
                                         bool dry_run) override;
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
  // `err`: the errno of the write or sync that failed (a full disk is told apart).
  Status NameSynced(int fd, bool synced, const std::string& sha256, int err);
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

// Does the bytes of the key: kInvalidArgument for a malformed key; else the corrupt-blob error
// when `bytes` do not hash to it (logged once per key and process), or Ok.
Status CheckBlobBytes(const std::string& sha256, std::string_view bytes);
// True for a lower-case hex SHA-256 (64 characters): keys from outside are checked with it
// before they become a path or a statement's value.
bool IsBlobKey(std::string_view key);

}  // namespace cqdt::blob
