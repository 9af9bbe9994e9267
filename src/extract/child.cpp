// The child process that runs poppler and Tesseract (extract.hpp): its wire format, its main,
// and the parent's side that starts it with limits and reads its answer.
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>

#include <sys/resource.h>
#include <sys/wait.h>

#include "extract/extract.hpp"

extern char** environ;

namespace cqdt::extract {

namespace {

constexpr std::string_view kMagic = "cqdt-extract 1";

// AddressSanitizer reserves terabytes of address space for its shadow at start-up, so an
// address-space limit keeps a sanitized child from starting at all: such builds (tests only)
// rely on the CPU limit and the timeout.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kLimitAddressSpace = false;
#else
constexpr bool kLimitAddressSpace = true;
#endif

// Reads a decimal number up to a space or newline; false on anything else.
bool Number(std::string_view& in, long long& out) {
  const char* end = in.data() + in.size();
  auto [p, ec] = std::from_chars(in.data(), end, out);
  if (ec != std::errc() || p == end || (*p != ' ' && *p != '\n')) {
    return false;
  }
  in.remove_prefix(static_cast<std::size_t>(p - in.data()) + 1);
  return true;
}

bool Literal(std::string_view& in, std::string_view word) {
  if (!in.starts_with(word)) {
    return false;
  }
  in.remove_prefix(word.size());
  return true;
}

ErrorCode CodeFromName(std::string_view name) {
  if (name == "malformed") {
    return ErrorCode::kMalformed;
  }
  if (name == "unsupported") {
    return ErrorCode::kUnsupported;
  }
  if (name == "too-large") {
    return ErrorCode::kTooLarge;
  }
  return ErrorCode::kUnavailable;
}

Error ChildFailed() {
  return Error::Unavailable(
      "Tiến trình đọc nội dung tệp dừng bất thường (quá thời gian hoặc quá giới hạn bộ nhớ); "
      "hệ thống sẽ thử lại sau.");
}

void SetNonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

}  // namespace

std::string Encode(const Extracted& e) {
  std::string out(kMagic);
  out += " " + std::to_string(e.page_count) + " " + (e.truncated ? "1" : "0") + " " +
         (e.docx ? "1" : "0") + " " + std::to_string(e.pages.size()) + "\n";
  for (const auto& p : e.pages) {
    out += "page " + std::to_string(p.page) + " " + (p.ocr ? "1" : "0") + " " +
           std::to_string(p.text.size()) + "\n";
    out += p.text;
    out += "\n";
  }
  out += "end\n";
  return out;
}

Result<Extracted> Decode(std::string_view in) {
  const Error bad = Error::Unavailable("Tiến trình đọc nội dung tệp trả lời không đúng định dạng.");
  if (Literal(in, "error ")) {
    const auto space = in.find(' ');
    if (space == std::string_view::npos) {
      return bad;
    }
    const std::string_view code = in.substr(0, space);
    std::string message(in.substr(space + 1));
    while (!message.empty() && message.back() == '\n') {
      message.pop_back();
    }
    return Error(CodeFromName(code), message);
  }
  long long page_count = 0, truncated = 0, docx = 0, n = 0;
  if (!Literal(in, kMagic) || !Literal(in, " ") || !Number(in, page_count) ||
      !Number(in, truncated) || !Number(in, docx) || !Number(in, n) || n < 0 || n > 100000) {
    return bad;
  }
  Extracted e;
  e.page_count = static_cast<int>(page_count);
  e.truncated = truncated != 0;
  e.docx = docx != 0;
  for (long long i = 0; i < n; ++i) {
    long long page = 0, ocr = 0, len = 0;
    if (!Literal(in, "page ") || !Number(in, page) || !Number(in, ocr) || !Number(in, len) ||
        len < 0 || static_cast<std::size_t>(len) + 1 > in.size() ||
        in[static_cast<std::size_t>(len)] != '\n') {
      return bad;
    }
    e.pages.push_back(PageText{static_cast<int>(page),
                               std::string(in.substr(0, static_cast<std::size_t>(len))), ocr != 0});
    in.remove_prefix(static_cast<std::size_t>(len) + 1);
  }
  if (in != "end\n") {
    return bad;
  }
  return e;
}

int RunChild(std::string_view content_type, const Limits& limits) {
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  Result<Extracted> r = content_type == kDocx ? ExtractDocx(input, limits)
                        : content_type == kPdf
                            ? ExtractPdf(input, limits)
                            : Result<Extracted>(Error::Unsupported(
                                  "Loại tệp này không đọc được nội dung để tìm kiếm."));
  if (!r) {
    std::cout << "error " << ErrorCodeName(r.error().code()) << " " << r.error().message() << "\n";
    std::cout.flush();
    return 1;
  }
  std::cout << Encode(*r);
  std::cout.flush();
  return std::cout ? 0 : 1;
}

int RunChildMain(int argc, char** argv) {
  Limits limits;
  std::string type;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--ocr-max-pages") {
      limits.max_ocr_pages = std::clamp(std::atoi(argv[i + 1]), 0, 1000);
    } else if (flag == "--content-type") {
      type = argv[i + 1];
    }
  }
  return RunChild(type, limits);
}

namespace {

// A child that dies before it has read its input makes the parent's write fail: the SIGPIPE that
// write raises would kill the whole process (the server). It is blocked on this thread while the
// input is written and, when raised, consumed before the old mask returns; the write then fails
// with EPIPE and the child's end is reported as it is.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeBlock() {
    sigset_t pending;
    sigemptyset(&pending);
    if (sigismember(&old_, SIGPIPE) == 0 && sigpending(&pending) == 0 &&
        sigismember(&pending, SIGPIPE) == 1) {
      const timespec now{0, 0};
      sigtimedwait(&pipe_, nullptr, &now);
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t pipe_;
  sigset_t old_;
};

}  // namespace

Result<Extracted> ExtractInChild(std::string_view bytes, std::string_view content_type,
                                 const ChildOptions& options) {
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) {
    return ChildFailed();
  }
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    close(in_pipe[0]);
    close(in_pipe[1]);
    return ChildFailed();
  }
  std::vector<std::string> args = options.args;
  args.insert(args.begin(), options.program);
  args.emplace_back(content_type);
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  // Tesseract on one thread: the server has other work for the cores.
  std::vector<std::string> env_strings = {"OMP_THREAD_LIMIT=1"};
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    if (!std::string_view(*e).starts_with("OMP_THREAD_LIMIT=")) {
      env_strings.emplace_back(*e);
    }
  }
  std::vector<char*> envp;
  for (auto& e : env_strings) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);
  // posix_spawn, not fork: glibc starts the child with clone(CLONE_VM | CLONE_VFORK), so the
  // server's page tables are not copied and its threads take no copy-on-write faults afterwards
  // (fork + exec of a 150 MB server was ~10 % of its CPU at 30 files a second). The child gets its
  // own process group (killed whole at the end), the pipes as stdin/stdout, /dev/null as stderr,
  // an empty signal mask and default actions for the signals the server blocks or ignores.
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGXCPU, SIGHUP, SIGINT, SIGTERM, SIGCHLD}) {
    sigaddset(&defaults, sig);
  }
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (spawned != 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    return ChildFailed();
  }
  // The limits, set on the child before it is given a byte of the file (it only starts its parse
  // once its input is there; its own start-up runs before them, as it did before exec).
  const rlimit cpu{static_cast<rlim_t>(options.cpu_seconds),
                   static_cast<rlim_t>(options.cpu_seconds)};
  const rlimit as{static_cast<rlim_t>(options.memory_bytes),
                  static_cast<rlim_t>(options.memory_bytes)};
  if (prlimit(pid, RLIMIT_CPU, &cpu, nullptr) != 0 ||
      (kLimitAddressSpace && prlimit(pid, RLIMIT_AS, &as, nullptr) != 0)) {
    kill(-pid, SIGKILL);
    close(in_pipe[1]);
    close(out_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return ChildFailed();
  }
  const SigpipeBlock no_sigpipe;
  SetNonBlocking(in_pipe[1]);
  SetNonBlocking(out_pipe[0]);
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  std::size_t written = 0;
  int to_child = in_pipe[1];
  const int from_child = out_pipe[0];
  if (bytes.empty()) {
    close(to_child);
    to_child = -1;
  }
  std::string answer;
  bool timed_out = false;
  // At most the text limit and its framing: a child that talks more is not cqdt's.
  constexpr std::size_t kMaxAnswer = std::size_t{64} << 20;
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      timed_out = true;
      break;
    }
    pollfd fds[2];
    int n = 0;
    fds[n++] = pollfd{from_child, POLLIN, 0};
    if (to_child >= 0) {
      fds[n++] = pollfd{to_child, POLLOUT, 0};
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    const int ready = poll(fds, static_cast<nfds_t>(n),
                           static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) {
      break;
    }
    if (n == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      const ssize_t w = write(to_child, bytes.data() + written, bytes.size() - written);
      if (w > 0) {
        written += static_cast<std::size_t>(w);
      }
      if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == bytes.size()) {
        close(to_child);
        to_child = -1;
      }
    }
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      char buf[65536];
      const ssize_t r = read(from_child, buf, sizeof buf);
      if (r > 0) {
        answer.append(buf, static_cast<std::size_t>(r));
        if (answer.size() > kMaxAnswer) {
          break;
        }
      } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
        break;  // the child closed its stdout: it is done
      }
    }
  }
  if (to_child >= 0) {
    close(to_child);
  }
  close(from_child);
  int status = 0;
  if (timed_out) {
    kill(-pid, SIGKILL);
  }
  // The child has closed its output (or is being killed): wait for it, killing it when it
  // lingers past the deadline.
  while (true) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) {
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      timed_out = true;
      break;
    }
    poll(nullptr, 0, 20);
  }
  kill(-pid, SIGKILL);  // whatever it left in its group
  if (timed_out || !WIFEXITED(status)) {
    return ChildFailed();
  }
  return Decode(answer);
}

}  // namespace cqdt::extract
