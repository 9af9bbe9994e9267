#include "systemd_notify.hpp"

#include <netdb.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <string_view>

#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>

#ifdef CQDT_HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace cqdt::app {
namespace {

// Closes a socket however the probe ends.
struct Socket {
  int fd = -1;
  ~Socket() {
    if (fd >= 0) {
      close(fd);
    }
  }
};

timeval ToTimeval(std::chrono::milliseconds d) {
  const auto ms = std::max<std::int64_t>(1, d.count());
  return timeval{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>((ms % 1000) * 1000)};
}

}  // namespace

bool ServiceManagerSupported() {
#ifdef CQDT_HAVE_LIBSYSTEMD
  return true;
#else
  return false;
#endif
}

bool NotifyServiceManager(const std::string& state) {
#ifdef CQDT_HAVE_LIBSYSTEMD
  // sd_notify returns 0 without NOTIFY_SOCKET, > 0 once sent, < 0 on an error.
  return sd_notify(0, state.c_str()) > 0;
#else
  (void)state;
  return false;
#endif
}

std::optional<std::chrono::microseconds> WatchdogTimeout() {
#ifdef CQDT_HAVE_LIBSYSTEMD
  std::uint64_t usec = 0;
  // > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID, if set, names this process.
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    return std::chrono::microseconds(usec);
  }
#endif
  return std::nullopt;
}

bool ProbeHealth(const std::string& host, unsigned short port, std::chrono::milliseconds timeout) {
  std::string target = host;
  if (target.empty() || target == "0.0.0.0") {
    target = "127.0.0.1";
  } else if (target == "::") {
    target = "::1";
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(target.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 ||
      found == nullptr) {
    return false;
  }
  Socket s;
  s.fd = socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, found->ai_protocol);
  // On Linux, SO_SNDTIMEO bounds connect() as well as send(); SO_RCVTIMEO bounds each recv().
  const timeval tv = ToTimeval(timeout);
  const bool connected = s.fd >= 0 &&
                         setsockopt(s.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0 &&
                         setsockopt(s.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0 &&
                         connect(s.fd, found->ai_addr, found->ai_addrlen) == 0;
  freeaddrinfo(found);
  if (!connected) {
    return false;
  }
  // The User-Agent names the probe in the access log.
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: " + target +
                              "\r\nUser-Agent: cqdt-watchdog\r\nConnection: close\r\n\r\n";
  if (send(s.fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    return false;
  }
  // Only the status line matters: "HTTP/1.1 200 ...".
  constexpr std::string_view kOk = "HTTP/1.1 200";
  std::string head;
  char buffer[256];
  while (head.size() < kOk.size()) {
    const ssize_t n = recv(s.fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      return false;
    }
    head.append(buffer, static_cast<std::size_t>(n));
  }
  return std::string_view(head).substr(0, kOk.size()) == kOk;
}

ServiceNotifier::ServiceNotifier(const std::string& status, AliveProbe alive)
    : alive_(std::move(alive)) {
  NotifyServiceManager("READY=1\nSTATUS=" + status);
  if (const auto timeout = WatchdogTimeout()) {
    spdlog::info("systemd: giám sát mỗi / watchdog every {} ms",
                 std::chrono::duration_cast<std::chrono::milliseconds>(*timeout).count());
    watchdog_ = std::thread([this, t = *timeout] { WatchdogLoop(t); });
  }
}

ServiceNotifier::~ServiceNotifier() { Stopping("Đã dừng / stopped"); }

void ServiceNotifier::Stopping(const std::string& status) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return;
    }
    stopping_ = true;
  }
  wake_.notify_all();
  if (watchdog_.joinable()) {
    watchdog_.join();
  }
  NotifyServiceManager("STOPPING=1\nSTATUS=" + status);
}

void ServiceNotifier::WatchdogLoop(std::chrono::microseconds timeout) {
  // Every half timeout (sd_watchdog_enabled(3) advises it), counted from the start rather than
  // from the end of the last probe, so that a slow probe does not stretch the period: one missed
  // keep-alive is tolerated, two in a row are not.
  const auto period = std::chrono::duration_cast<std::chrono::milliseconds>(timeout / 2);
  const auto budget = std::max(std::chrono::milliseconds(1),
                               std::chrono::duration_cast<std::chrono::milliseconds>(timeout / 4));
  auto next = std::chrono::steady_clock::now();
  bool was_alive = true;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const bool alive = alive_(budget);
    if (alive) {
      NotifyServiceManager("WATCHDOG=1");
    } else if (was_alive) {
      spdlog::warn(
          "systemd: máy chủ không trả lời /healthz, bỏ qua tín hiệu giám sát / the server did not "
          "answer /healthz; no watchdog keep-alive sent");
    }
    was_alive = alive;
    next = std::max(next + period, std::chrono::steady_clock::now());
    lock.lock();
    wake_.wait_until(lock, next, [this] { return stopping_; });
  }
}

}  // namespace cqdt::app
