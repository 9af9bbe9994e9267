// The session's side of a server-sent events response (http/event_stream.hpp): the caps, then
// the long-lived write loop on the connection's I/O thread.
#pragma once

#include <cstdint>
#include <optional>

#include <boost/asio/awaitable.hpp>

#include "session.hpp"

namespace cqdt::http {

// Checks the caps on open event streams for `response.events`. Returns the refusal to send
// instead (503 server full, 429 client full; the stream is detached), or nullopt when the stream
// is admitted and counted: ServeEventStream must then run, and releases it.
std::optional<Response> AdmitEventStream(const SessionEnv& env, const Request& request,
                                         Response& response);

struct EventStreamResult {
  bool written = false;     // the head reached the client
  std::uint64_t bytes = 0;  // body bytes written
};

// Writes the head (framed by closing the connection) and `response.body`, then the stream's
// events and heartbeats until it ends. The caller closes the connection afterwards.
boost::asio::awaitable<EventStreamResult> ServeEventStream(const SessionEnv& env, Connection& conn,
                                                           const Request& request, unsigned version,
                                                           Response& response);

}  // namespace cqdt::http
