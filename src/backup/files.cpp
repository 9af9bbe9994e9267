#include "files.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <sys/stat.h>
#include <sys/wait.h>

#include "crypto/crypto.hpp"

extern char** environ;

namespace cqdt::backup {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kChunk = 1 << 20;

Error CannotRead(const fs::path& p) {
  return Error::Unavailable("Không đọc được / cannot read: " + p.string());
}
Error CannotWrite(const fs::path& p) {
  return Error::Unavailable("Không ghi được / cannot write: " + p.string());
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
};

bool WriteAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Reads `in` to its end into the hash, and into `out_fd` when >= 0. False on a read/write error.
bool Pump(int in, int out_fd, crypto::Sha256& hash, std::uint64_t& size) {
  std::string buffer(kChunk, '\0');
  for (;;) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return false;
    }
    if (n == 0) {
      return true;
    }
    hash.Update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    size += static_cast<std::uint64_t>(n);
    if (out_fd >= 0 && !WriteAll(out_fd, buffer.data(), static_cast<std::size_t>(n))) {
      return false;
    }
  }
}

// Opens a regular file without following a final link. -1 with errno ENOENT when it is absent
// or not a regular file (a link, a socket): to the caller, it is simply not there.
int OpenRegular(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ELOOP) {
      errno = ENOENT;
    }
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    errno = ENOENT;
    return -1;
  }
  return fd;
}

}  // namespace

Status MakePrivateDirs(const fs::path& dir) {
  fs::path built;
  for (const auto& part : dir) {
    built /= part;
    if (::mkdir(built.c_str(), 0700) != 0 && errno != EEXIST) {
      return CannotWrite(built);
    }
  }
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return CannotWrite(dir);
  }
  return Ok();
}

Result<std::optional<ManifestFile>> CopyHashed(const fs::path& from, const fs::path& to,
                                               const std::string& relative) {
  Fd in{OpenRegular(from)};
  if (in.fd < 0) {
    if (errno == ENOENT) {
      return std::optional<ManifestFile>();
    }
    return CannotRead(from);
  }
  Fd out{::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)};
  if (out.fd < 0) {
    return CannotWrite(to);
  }
  crypto::Sha256 hash;
  ManifestFile file;
  file.path = relative;
  if (!Pump(in.fd, out.fd, hash, file.size)) {
    return CannotWrite(to);
  }
  if (::close(out.fd) != 0) {
    out.fd = -1;
    return CannotWrite(to);
  }
  out.fd = -1;
  file.sha256 = hash.FinishHex();
  return std::optional<ManifestFile>(std::move(file));
}

Result<std::optional<ManifestFile>> HashFile(const fs::path& path) {
  Fd in{OpenRegular(path)};
  if (in.fd < 0) {
    if (errno == ENOENT) {
      return std::optional<ManifestFile>();
    }
    return CannotRead(path);
  }
  crypto::Sha256 hash;
  ManifestFile file;
  if (!Pump(in.fd, -1, hash, file.size)) {
    return CannotRead(path);
  }
  file.sha256 = hash.FinishHex();
  return std::optional<ManifestFile>(std::move(file));
}

Status CopyTree(const fs::path& from, const fs::path& to, const std::string& prefix,
                const std::function<bool(const std::string&)>& skip, std::vector<ManifestFile>& out,
                const std::function<void(const std::string&)>& note) {
  std::error_code ec;
  if (!fs::is_directory(from, ec)) {
    return Ok();
  }
  CQDT_RETURN_IF_ERROR(MakePrivateDirs(to));
  fs::recursive_directory_iterator it(from, ec), end;
  if (ec) {
    return CannotRead(from);
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      // A directory removed while it was walked (a temporary one): go on without it.
      if (ec == std::errc::no_such_file_or_directory) {
        ec.clear();
        continue;
      }
      return CannotRead(from);
    }
    const fs::path relative = it->path().lexically_relative(from);
    const std::string rel = relative.generic_string();
    if (skip && skip(rel)) {
      it.disable_recursion_pending();
      continue;
    }
    const auto status = it->symlink_status(ec);
    if (ec) {
      ec.clear();
      continue;  // vanished
    }
    if (fs::is_directory(status)) {
      CQDT_RETURN_IF_ERROR(MakePrivateDirs(to / relative));
      continue;
    }
    if (!fs::is_regular_file(status)) {
      if (note) {
        note("Bỏ qua (không phải tệp thường) / skipped (not a regular file): " +
             it->path().string());
      }
      continue;
    }
    CQDT_ASSIGN_OR_RETURN(auto copied, CopyHashed(it->path(), to / relative, prefix + "/" + rel));
    if (copied) {
      out.push_back(std::move(*copied));
    }
  }
  return Ok();
}

bool IsInside(const fs::path& path, const fs::path& dir) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::absolute(path), ec).lexically_normal();
  const fs::path d = fs::weakly_canonical(fs::absolute(dir), ec).lexically_normal();
  auto pi = p.begin();
  for (auto di = d.begin(); di != d.end(); ++di, ++pi) {
    if (di->empty() && std::next(di) == d.end()) {
      return true;  // "dir/" ends with an empty part
    }
    if (pi == p.end() || *pi != *di) {
      return false;
    }
  }
  return true;
}

Status SyncFilesystem(const fs::path& path) {
  Fd fd{::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (fd.fd < 0 || ::syncfs(fd.fd) != 0) {
    return CannotWrite(path);
  }
  return Ok();
}

Result<int> RunTool(const std::vector<std::string>& argv, const std::string& password, bool quiet) {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    if (std::strncmp(*e, "PGPASSWORD=", 11) != 0) {
      env.emplace_back(*e);
    }
  }
  if (!password.empty()) {
    env.push_back("PGPASSWORD=" + password);
  }
  std::vector<char*> args, envp;
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  for (auto& e : env) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (quiet) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  }
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return Error::Unavailable("Không chạy được chương trình / cannot run: " + argv[0]);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return Error::Unavailable("Không chờ được chương trình / cannot wait for: " + argv[0]);
    }
  }
  return WIFEXITED(status) ? WEXITSTATUS(status)
                           : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace cqdt::backup
