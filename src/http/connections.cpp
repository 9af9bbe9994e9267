#include "connections.hpp"

#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace cqdt::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

void ConnectionSet::Add(std::shared_ptr<Connection> conn) {
  std::lock_guard lock(mutex_);
  set_.insert(std::move(conn));
}

bool ConnectionSet::Remove(const std::shared_ptr<Connection>& conn) {
  std::lock_guard lock(mutex_);
  set_.erase(conn);
  return set_.empty();
}

bool ConnectionSet::Empty() const {
  std::lock_guard lock(mutex_);
  return set_.empty();
}

void ConnectionSet::Close(bool only_idle) {
  std::vector<std::shared_ptr<Connection>> snapshot;
  {
    std::lock_guard lock(mutex_);
    snapshot.assign(set_.begin(), set_.end());
  }
  for (auto& conn : snapshot) {
    // The session touches its socket only on the socket's executor; so does this.
    asio::dispatch(conn->socket.get_executor(), [conn, only_idle] {
      if (only_idle && !conn->idle) {
        return;
      }
      boost::system::error_code ec;
      conn->socket.shutdown(tcp::socket::shutdown_both, ec);
      conn->socket.close(ec);
    });
  }
}

void ConnectionSet::CloseExpired(Clock::time_point now) {
  const std::int64_t ticks = now.time_since_epoch().count();
  std::vector<std::shared_ptr<Connection>> expired;
  {
    std::lock_guard lock(mutex_);
    for (const auto& conn : set_) {
      if (conn->deadline.load(std::memory_order_relaxed) < ticks) {
        expired.push_back(conn);
      }
    }
  }
  for (auto& conn : expired) {
    asio::dispatch(conn->socket.get_executor(), [conn, ticks] {
      if (conn->deadline.load(std::memory_order_relaxed) < ticks) {
        boost::system::error_code ignored;
        conn->socket.close(ignored);  // the pending operation fails with operation_aborted
      }
    });
  }
}

StreamCounter::Admit StreamCounter::TryAdd(const std::string& client, std::size_t max_total,
                                           std::size_t max_per_client) {
  std::lock_guard lock(mutex_);
  if (total_ >= max_total) {
    return Admit::kServerFull;
  }
  std::size_t& mine = per_client_[client];
  if (mine >= max_per_client) {
    if (mine == 0) {
      per_client_.erase(client);
    }
    return Admit::kClientFull;
  }
  ++mine;
  ++total_;
  return Admit::kAdmitted;
}

void StreamCounter::Remove(const std::string& client) {
  std::lock_guard lock(mutex_);
  auto it = per_client_.find(client);
  if (it == per_client_.end()) {
    return;
  }
  --total_;
  if (--it->second == 0) {
    per_client_.erase(it);
  }
}

asio::awaitable<void> SweepDeadlines(asio::steady_timer& timer, Clock::duration interval,
                                     ConnectionSet& connections, const bool* done) {
  for (;;) {
    boost::system::error_code ec;
    timer.expires_after(interval);
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (*done) {
      co_return;
    }
    connections.CloseExpired(Clock::now());
  }
}

}  // namespace cqdt::http
