// The session's side of a server-sent events response (http/event_stream.hpp): the caps, then
// the long-lived write loop on the connection's I/O thread.
#pragma once

#include <cstdint>
#include <optional>

#include <boost/asio/awaitable.hpp>

#include "response_head.hpp"
#include "session.hpp"
#include "tls_stream.hpp"

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

// Writes the head (framed by closing the connection; `framing`'s keep_alive is ignored) and
// `response.body` to `stream` (conn's socket, or the TLS stream over it), then the stream's
// events and heartbeats until it ends. The caller closes the connection afterwards.
// Instantiated for boost::asio::ip::tcp::socket and TlsStream (event_session.cpp).
template <typename Stream>
boost::asio::awaitable<EventStreamResult> ServeEventStream(const SessionEnv& env, Connection& conn,
                                                           Stream& stream, const Request& request,
                                                           HeadFraming framing, Response& response);

}  // namespace cqdt::http
