// The bench programs' durable write (bench/documents_bench.cpp, bench/storage_ceiling.cpp): the
// bytes to a new file, fsynced, and its directory fsynced — what a blob store must do at least.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace cqdt_bench {

inline void WriteDurably(const std::filesystem::path& dir, const std::string& name,
                         const std::string& bytes) {
  const std::string path = (dir / name).string();
  int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
  bool ok =
      fd >= 0 && ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  ok = ok && ::fsync(fd) == 0;
  if (fd >= 0) {
    ::close(fd);
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ok = ok && dfd >= 0 && ::fsync(dfd) == 0;
  if (dfd >= 0) {
    ::close(dfd);
  }
  if (!ok) {
    throw std::runtime_error("durable write of " + path + " failed");
  }
}

}  // namespace cqdt_bench
