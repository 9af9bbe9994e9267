// SQLite's single writer, for db/database.cpp: the in-process write gate taken before BEGIN
// IMMEDIATE, and the group commit that makes a commit durable after the write lock is gone.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include <sys/types.h>

namespace cqdt::db {

// SQLite's one writer, taken in this process before BEGIN IMMEDIATE: the threads of one
// process wait their turn here and wake the moment it is free, where SQLite's own busy handler
// would sleep them in steps of up to 100 ms (bench/dossier-bench.sh: with eight writers most of
// the tail was that sleep). Other processes (the CLI beside a server) still meet the busy
// timeout. A gate, not a std::mutex: a transaction may end on another thread than it began.
class WriteGate {
 public:
  // True when taken within `timeout`; false lets the caller go on to SQLite's own wait.
  bool Acquire(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, timeout, [this] { return !held_; })) {
      return false;
    }
    held_ = true;
    return true;
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      held_ = false;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool held_ = false;
};

// Group commit for SQLite. The connections run WAL with synchronous=NORMAL, so COMMIT only
// writes its frames to the WAL; Durable() then syncs the WAL file, once for every commit made
// before the sync began: the writer that committed while another's sync was under way does not
// pay its own. Together that is what synchronous=FULL promises (every acknowledged commit is on
// disk) without a sync inside the write lock (bench/dossier-bench.sh). NORMAL alone is safe
// from corruption: SQLite syncs the WAL before each checkpoint, the database after it, and the
// WAL header when the WAL is reused. The WAL is synced through its own descriptor, opened again
// if the file was replaced; while the committing connection is open the WAL cannot be deleted.
class WalSync {
 public:
  void SetPath(std::string wal_path) {
    std::lock_guard lock(mu_);
    if (path_.empty()) {
      path_ = std::move(wal_path);
    }
  }

  // The ticket of a commit whose frames the WAL holds (called right after COMMIT returned).
  std::uint64_t Committed() {
    std::lock_guard lock(mu_);
    return ++committed_;
  }

  // Waits until the WAL is synced up to `ticket` (syncing it if nobody is): false if it failed.
  bool Durable(std::uint64_t ticket);
  // The WAL syncs made so far (for the tests: fewer than the commits when they were grouped).
  std::uint64_t syncs() {
    std::lock_guard lock(mu_);
    return syncs_;
  }

  ~WalSync();

 private:
  // Only the one thread marked syncing_ runs this: fd_ and ino_ are its own.
  bool SyncWal();

  std::mutex mu_;
  std::condition_variable cv_;
  std::string path_;
  std::uint64_t committed_ = 0;
  std::uint64_t synced_ = 0;
  std::uint64_t syncs_ = 0;
  bool syncing_ = false;
  int fd_ = -1;
  ino_t ino_ = 0;
};

}  // namespace cqdt::db
