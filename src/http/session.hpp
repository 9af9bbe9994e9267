// One connection's session: reads requests one after another (keep-alive, pipelining), applies
// the limits, runs the handler where the route says, writes the response, records it.
#pragma once

#include <atomic>
#include <memory>

#include <boost/asio/awaitable.hpp>

#include "access_log.hpp"
#include "connections.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "worker_pool.hpp"

namespace cqdt::http {

// What every session shares; owned by the server, alive until every session has ended.
struct SessionEnv {
  const ServerOptions& options;
  const Router& router;
  const Handler& fallback;  // unmatched requests; runs on the I/O thread
  RouteOptions fallback_options;
  WorkerPool& workers;
  const AccessLog& access_log;
  const std::atomic<bool>& stopping;  // shutting down: answer what is in flight, then close
  StreamCounter& streams;             // open server-sent event streams
};

// Serves `conn` until the client leaves, a limit or timeout ends it, or the server stops; then
// closes the socket. Never throws.
boost::asio::awaitable<void> ServeConnection(const SessionEnv& env,
                                             std::shared_ptr<Connection> conn);

}  // namespace cqdt::http
