// One connection's session: reads requests one after another (keep-alive, pipelining), applies
// the limits, runs the handler where the route says, writes the response, records it. Plain and
// TLS connections run the same session body, a template over the stream (session.cpp).
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "access_log.hpp"
#include "connections.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "tls_context.hpp"
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
  std::string hsts;                   // Strict-Transport-Security value on TLS; "" = none
  unsigned keep_alive_seconds = 0;    // idle_timeout in whole seconds, the Keep-Alive hint
};

// Serves `conn` until the client leaves, a limit or timeout ends it, or the server stops; then
// closes the socket. Never throws.
boost::asio::awaitable<void> ServeConnection(const SessionEnv& env,
                                             std::shared_ptr<Connection> conn);

// The same over TLS with `context`: the handshake first (within read_timeout of the first byte;
// a plain HTTP request is answered 400 and closed), then the session, then close_notify.
boost::asio::awaitable<void> ServeTlsConnection(const SessionEnv& env,
                                                std::shared_ptr<Connection> conn,
                                                std::shared_ptr<TlsContext> context);

}  // namespace cqdt::http
