#include "spare_inodes.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace cqdt::blob {

SpareInodes::SpareInodes(std::filesystem::path dir, std::size_t count)
    : dir_(std::move(dir)), count_(count), thread_([this] { Refill(); }) {}

SpareInodes::~SpareInodes() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wanted_.notify_all();
  thread_.join();
  for (int fd : ready_) {
    ::close(fd);
  }
}

int SpareInodes::Make() const {
#ifdef O_TMPFILE
  return ::open(dir_.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
#else
  errno = EOPNOTSUPP;
  return -1;
#endif
}

int SpareInodes::Take() {
  {
    std::lock_guard lock(mu_);
    ++takes_;
    if (!ready_.empty()) {
      const int fd = ready_.back();
      ready_.pop_back();
      wanted_.notify_one();
      return fd;
    }
  }
  wanted_.notify_one();
  return Make();
}

void SpareInodes::Refill() {
  std::unique_lock lock(mu_);
  while (true) {
    wanted_.wait(lock, [this] { return stopping_ || ready_.size() < count_; });
    if (stopping_) {
      return;
    }
    lock.unlock();
    const int fd = Make();
    lock.lock();
    if (fd < 0) {
      // A full or read-only disk: no retry until a write asks again (and makes its own).
      const std::size_t seen = takes_;
      wanted_.wait(lock, [this, seen] { return stopping_ || takes_ != seen; });
      continue;
    }
    ready_.push_back(fd);
  }
}

}  // namespace cqdt::blob
