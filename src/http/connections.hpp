// Live connections and their deadlines. Timeouts are deadlines checked by one sweeper rather
// than a timer per socket operation (beast::tcp_stream arms and cancels a timer for every read
// and write, which cost a tenth of the server's time on small requests).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace cqdt::http {

using Clock = std::chrono::steady_clock;

// One accepted socket. The socket, `idle` and `head` are touched only on the socket's executor
// (one I/O thread); `deadline` is written there and read by the sweeper.
struct Connection {
  static constexpr std::int64_t kNoDeadline = std::numeric_limits<std::int64_t>::max();

  explicit Connection(boost::asio::ip::tcp::socket s) : socket(std::move(s)) {}

  void SetDeadline(Clock::duration timeout) { SetDeadlineAt(Clock::now() + timeout); }
  void SetDeadlineAt(Clock::time_point at) {
    deadline.store(at.time_since_epoch().count(), std::memory_order_relaxed);
  }
  void ClearDeadline() { deadline.store(kNoDeadline, std::memory_order_relaxed); }

  boost::asio::ip::tcp::socket socket;
  std::string remote_address;
  // True while the session waits for the first byte of the next request.
  bool idle = true;
  // Steady-clock ticks by which the pending read or write must complete; the sweeper closes the
  // socket once it has passed.
  std::atomic<std::int64_t> deadline{kNoDeadline};
  std::string head;  // the serialised response head, reused across requests
};

// The set of live connections: the listener adds, sessions remove, the sweeper and the shutdown
// close. Thread safety: every method may be called from any thread.
class ConnectionSet {
 public:
  void Add(std::shared_ptr<Connection> conn);
  // Returns true when the set is empty afterwards.
  bool Remove(const std::shared_ptr<Connection>& conn);
  bool Empty() const;
  // Closes every connection (or only the idle ones), each on its own executor.
  void Close(bool only_idle);
  // Closes the connections whose deadline is before `now`, each on its own executor, after
  // checking again there (the session may have moved on meanwhile).
  void CloseExpired(Clock::time_point now);

 private:
  mutable std::mutex mutex_;
  std::unordered_set<std::shared_ptr<Connection>> set_;
};

// Open server-sent event streams, counted for the caps (ServerOptions::event_streams_*).
// Thread safety: every method may be called from any thread.
class StreamCounter {
 public:
  enum class Admit { kAdmitted, kServerFull, kClientFull };
  Admit TryAdd(const std::string& client, std::size_t max_total, std::size_t max_per_client);
  void Remove(const std::string& client);

 private:
  std::mutex mutex_;
  std::size_t total_ = 0;
  std::map<std::string, std::size_t> per_client_;
};

// The sweeper: every `interval` until `*done` (read on the timer's executor) is true, closes the
// connections whose deadline has passed; their pending operation fails with operation_aborted.
boost::asio::awaitable<void> SweepDeadlines(boost::asio::steady_timer& timer,
                                            Clock::duration interval, ConnectionSet& connections,
                                            const bool* done);

}  // namespace cqdt::http
