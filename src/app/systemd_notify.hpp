// `cqdt serve` under systemd with Type=notify (private to app): the service manager's
// notification protocol (sd_notify(3), through libsystemd) for readiness, a status line, the
// watchdog's keep-alive and the start of the shutdown, and the liveness probe the watchdog asks.
//
// Without NOTIFY_SOCKET in the environment (the server not started by systemd), or in a build
// without libsystemd, every notification does nothing and returns false: the same binary runs
// from a terminal, a test or a unit file.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace cqdt::app {

// Whether this build can talk to systemd at all (it was built with libsystemd).
bool ServiceManagerSupported();

// Sends `state` (newline-separated assignments such as "READY=1\nSTATUS=...") to the service
// manager. True when it was sent; false without NOTIFY_SOCKET or when sending failed.
bool NotifyServiceManager(const std::string& state);

// The watchdog timeout systemd set for this process (WatchdogSec=, passed as WATCHDOG_USEC and
// WATCHDOG_PID), or nullopt when the watchdog is off or meant for another process.
std::optional<std::chrono::microseconds> WatchdogTimeout();

// Whether the server on host:port answers GET /healthz with 200 within `timeout` (connect, send
// and each read bounded by it). A wildcard host ("0.0.0.0", "::", "") is asked on loopback. Plain
// HTTP only: the plain listener is always there, HTTPS is beside it.
bool ProbeHealth(const std::string& host, unsigned short port, std::chrono::milliseconds timeout);

// Reports the running server to systemd. The constructor sends READY=1 with STATUS=`status`;
// when the watchdog is on, a thread then calls `alive` (with a time budget of a quarter of the
// watchdog timeout) every half timeout and sends WATCHDOG=1 each time it returns true. When it
// returns false nothing is sent, and systemd kills and restarts the service once the timeout has
// passed without a keep-alive (Restart=on-failure). Stopping() (or the destructor) stops the
// thread and sends STOPPING=1.
//
// Thread safety: construct, call Stopping() and destroy from one thread; `alive` runs on the
// watchdog thread and must be safe there.
class ServiceNotifier {
 public:
  using AliveProbe = std::function<bool(std::chrono::milliseconds budget)>;

  ServiceNotifier(const std::string& status, AliveProbe alive);
  ~ServiceNotifier();
  ServiceNotifier(const ServiceNotifier&) = delete;
  ServiceNotifier& operator=(const ServiceNotifier&) = delete;

  // Stops the keep-alives and sends STOPPING=1 with STATUS=`status`. Idempotent.
  void Stopping(const std::string& status);

 private:
  void WatchdogLoop(std::chrono::microseconds timeout);

  AliveProbe alive_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread watchdog_;
};

}  // namespace cqdt::app
