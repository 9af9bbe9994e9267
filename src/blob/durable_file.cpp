#include "blob/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <sys/stat.h>

namespace cqdt::blob {

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view bytes, int mode) {
  if (mode < 0) {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = static_cast<int>(0666 & ~mask);
  }
  const std::filesystem::path dir =
      path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  auto fail = [&] {
    return Error::Unavailable("Không ghi được tệp " + path.string() + " / cannot write the file.");
  };
  std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    return fail();
  }
  bool ok = ::fchmod(fd, static_cast<mode_t>(mode)) == 0;
  for (std::size_t done = 0; ok && done < bytes.size();) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    ok = n > 0;
    done += ok ? static_cast<std::size_t>(n) : 0;
  }
  ok = ok && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmpl.c_str(), path.c_str()) != 0) {
    ::unlink(tmpl.c_str());
    return fail();
  }
  // The rename must survive a crash too.
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) {
    return fail();
  }
  ok = ::fsync(dir_fd) == 0;
  ::close(dir_fd);
  return ok ? Ok() : fail();
}

}  // namespace cqdt::blob
