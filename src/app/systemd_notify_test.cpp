#include "systemd_notify.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

namespace cqdt::app {
namespace {

namespace fs = std::filesystem;

// Every wait below is bounded by this ceiling, never a short deadline (a busy CI machine).
constexpr int kCeilingSeconds = 60;

void SetReceiveCeiling(int fd) {
  const timeval tv{kCeilingSeconds, 0};
  ASSERT_EQ(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
}

// A datagram socket standing in for systemd's notification socket, named by NOTIFY_SOCKET for
// the test's lifetime (WATCHDOG_* are set by the tests that want them).
class NotifySocket {
 public:
  NotifySocket() {
    dir_ = fs::temp_directory_path() / ("cqdt-notify-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    path_ = (dir_ / "notify.sock").string();
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    path_.copy(addr.sun_path, sizeof addr.sun_path - 1);
    bound_ = fd_ >= 0 && bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    SetReceiveCeiling(fd_);
    setenv("NOTIFY_SOCKET", path_.c_str(), 1);
  }
  ~NotifySocket() {
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
    close(fd_);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  bool bound() const { return bound_; }

  // The next datagram, or "" once the ceiling passed.
  std::string Receive() {
    char buffer[4096];
    const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
  }

 private:
  fs::path dir_;
  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
};

TEST(ServiceNotifierTest, DoesNothingWithoutNotifySocket) {
  unsetenv("NOTIFY_SOCKET");
  unsetenv("WATCHDOG_USEC");
  EXPECT_FALSE(NotifyServiceManager("READY=1"));
  EXPECT_FALSE(WatchdogTimeout().has_value());
  // Neither the constructor nor the destructor needs systemd.
  ServiceNotifier notifier("serving", [](auto) { return true; });
}

TEST(ServiceNotifierTest, SendsReadyThenStoppingWithStatus) {
  if (!ServiceManagerSupported()) {
    GTEST_SKIP() << "built without libsystemd";
  }
  NotifySocket socket;
  ASSERT_TRUE(socket.bound());
  {
    ServiceNotifier notifier("Đang phục vụ / serving", [](auto) { return true; });
    EXPECT_EQ(socket.Receive(), "READY=1\nSTATUS=Đang phục vụ / serving");
    notifier.Stopping("Đang dừng / stopping");
    EXPECT_EQ(socket.Receive(), "STOPPING=1\nSTATUS=Đang dừng / stopping");
  }
  // Stopping() is idempotent: the destructor sends nothing more.
  EXPECT_TRUE(NotifyServiceManager("STATUS=marker"));
  EXPECT_EQ(socket.Receive(), "STATUS=marker");
}

TEST(ServiceNotifierTest, SendsWatchdogKeepAlivesWhileAlive) {
  if (!ServiceManagerSupported()) {
    GTEST_SKIP() << "built without libsystemd";
  }
  NotifySocket socket;
  ASSERT_TRUE(socket.bound());
  setenv("WATCHDOG_USEC", "200000", 1);
  setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  ASSERT_EQ(WatchdogTimeout(), std::chrono::microseconds(200000));
  std::atomic<long long> budget_ms{0};
  ServiceNotifier notifier("serving", [&budget_ms](std::chrono::milliseconds budget) {
    budget_ms = budget.count();
    return true;
  });
  EXPECT_EQ(socket.Receive(), "READY=1\nSTATUS=serving");
  EXPECT_EQ(socket.Receive(), "WATCHDOG=1");
  EXPECT_EQ(socket.Receive(), "WATCHDOG=1");
  EXPECT_EQ(budget_ms.load(), 50);  // a quarter of the timeout
  notifier.Stopping("stopping");
  // Keep-alives already sent may precede it; nothing follows it.
  std::string message;
  for (int i = 0; i < 100 && message.rfind("STOPPING=1", 0) != 0; ++i) {
    message = socket.Receive();
    ASSERT_FALSE(message.empty());
  }
  EXPECT_EQ(message, "STOPPING=1\nSTATUS=stopping");
}

TEST(ServiceNotifierTest, SendsNoKeepAliveWhenTheServerDoesNotAnswer) {
  if (!ServiceManagerSupported()) {
    GTEST_SKIP() << "built without libsystemd";
  }
  NotifySocket socket;
  ASSERT_TRUE(socket.bound());
  setenv("WATCHDOG_USEC", "100000", 1);
  std::atomic<int> probes{0};
  ServiceNotifier notifier("serving", [&probes](auto) {
    ++probes;
    probes.notify_all();
    return false;
  });
  for (int seen = probes.load(); seen < 3; seen = probes.load()) {
    probes.wait(seen);
  }
  notifier.Stopping("stopping");
  EXPECT_EQ(socket.Receive(), "READY=1\nSTATUS=serving");
  EXPECT_EQ(socket.Receive(), "STOPPING=1\nSTATUS=stopping");
}

TEST(ServiceNotifierTest, IgnoresAWatchdogMeantForAnotherProcess) {
  setenv("WATCHDOG_USEC", "200000", 1);
  setenv("WATCHDOG_PID", std::to_string(getpid() + 1).c_str(), 1);
  EXPECT_FALSE(WatchdogTimeout().has_value());
  unsetenv("WATCHDOG_USEC");
  unsetenv("WATCHDOG_PID");
}

// A one-connection HTTP server on loopback answering `status_line`; the port it listens on.
class OneAnswerServer {
 public:
  explicit OneAnswerServer(std::string status_line) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 1);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, status_line = std::move(status_line)] {
      const int client = accept(fd_, nullptr, nullptr);
      SetReceiveCeiling(client);
      char buffer[1024];
      while (request_.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) {
          break;
        }
        request_.append(buffer, static_cast<std::size_t>(n));
      }
      const std::string answer = status_line + "\r\nContent-Length: 0\r\n\r\n";
      send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
      close(client);
    });
  }
  ~OneAnswerServer() {
    if (thread_.joinable()) {
      thread_.join();
    }
    close(fd_);
  }
  unsigned short port() const { return port_; }
  // The request received, once the probe has returned.
  std::string Request() {
    thread_.join();
    return request_;
  }

 private:
  int fd_ = -1;
  unsigned short port_ = 0;
  std::string request_;
  std::thread thread_;
};

TEST(ProbeHealthTest, AsksHealthzAndAccepts200) {
  OneAnswerServer server("HTTP/1.1 200 OK");
  EXPECT_TRUE(ProbeHealth("0.0.0.0", server.port(), std::chrono::seconds(kCeilingSeconds)));
  EXPECT_EQ(server.Request().rfind("GET /healthz HTTP/1.1\r\n", 0), 0u);
}

TEST(ProbeHealthTest, RefusesAnotherStatus) {
  OneAnswerServer server("HTTP/1.1 503 Service Unavailable");
  EXPECT_FALSE(ProbeHealth("127.0.0.1", server.port(), std::chrono::seconds(kCeilingSeconds)));
}

TEST(ProbeHealthTest, FailsWhenNothingListens) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);  // the port is free again, and nothing listens on it
  EXPECT_FALSE(ProbeHealth("127.0.0.1", ntohs(addr.sin_port), std::chrono::seconds(5)));
}

}  // namespace
}  // namespace cqdt::app
