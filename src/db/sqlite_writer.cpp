#include "sqlite_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <spdlog/spdlog.h>
#include <sys/stat.h>

namespace cqdt::db {

bool WalSync::Durable(std::uint64_t ticket) {
  std::unique_lock lock(mu_);
  while (synced_ < ticket) {
    if (syncing_) {
      cv_.wait(lock);
      continue;
    }
    syncing_ = true;
    const std::uint64_t target = committed_;
    lock.unlock();
    const bool ok = SyncWal();
    lock.lock();
    syncing_ = false;
    if (ok) {
      synced_ = std::max(synced_, target);
      ++syncs_;
    }
    cv_.notify_all();
    if (!ok) {
      return false;
    }
  }
  return true;
}

WalSync::~WalSync() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

bool WalSync::SyncWal() {
  if (path_.empty()) {
    return true;  // an in-memory database
  }
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) {
    spdlog::error("db: cannot find the WAL file {}: {}", path_, std::strerror(errno));
    return false;
  }
  if (fd_ < 0 || st.st_ino != ino_) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    ino_ = st.st_ino;
    if (fd_ < 0) {
      spdlog::error("db: cannot open the WAL file {}: {}", path_, std::strerror(errno));
      return false;
    }
  }
  if (::fdatasync(fd_) != 0) {
    spdlog::error("db: syncing the WAL file {} failed: {}", path_, std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace cqdt::db
