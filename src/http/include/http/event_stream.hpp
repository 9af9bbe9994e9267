// A server-sent events stream (text/event-stream, WHATWG HTML section 9.2): a route answers with
// a Response whose `events` is set, and the session then keeps the connection open and writes
// what producers push, on the connection's I/O thread, without holding a worker while idle.
//
// The session (session.cpp) writes the response head and `Response::body` (e.g. "retry: 5000"),
// then, until the stream ends: every pushed event as soon as it is pushed, a comment line
// (": heartbeat") after `ServerOptions::event_heartbeat` of silence so that proxies keep the
// connection, and nothing else. The stream ends when a producer calls Close(), the client goes
// away (the socket becomes readable: end of stream or a reset), the server shuts down, or after
// `ServerOptions::event_max_lifetime` (so that balancers can spread reconnecting browsers;
// EventSource reconnects by itself with Last-Event-ID). The response is delimited by closing the
// connection (no Content-Length, "Connection: close"). The session never applies its idle
// deadline to a stream waiting for events; each write has the usual write deadline.
//
// Caps: at most `ServerOptions::event_streams_max` open streams (beyond: 503 problem+json with
// Retry-After) and `ServerOptions::event_streams_per_client` per `client_key()` (beyond: 429).
// A refused stream is closed at once, so producers drop it.
//
// Thread safety: Push, Close, IsOpen and client_key may be called from any thread; the rest is
// the session's.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace cqdt::http {

class EventStream {
 public:
  // `client_key` names who opened the stream for the per-client cap ("citizen:7"); "" means the
  // client's address.
  explicit EventStream(std::string client_key = "") : client_key_(std::move(client_key)) {}
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  // Queues `event` (already framed, see FormatEvent) and wakes the session. Ignored once the
  // stream is closed.
  void Push(std::string event);
  // Ends the stream once what is queued has been written.
  void Close();
  // False once Close() was called or the session let the stream go (client gone, shutdown,
  // lifetime over, refused by a cap): producers then stop pushing and drop it.
  bool IsOpen() const;
  const std::string& client_key() const { return client_key_; }

  // Session side. Attach registers `wake` (called from any thread, under no lock of the caller,
  // after a Push or Close); Take moves out what is queued and reports whether the stream is
  // closed; Detach marks the stream closed and forgets `wake`.
  void Attach(std::function<void()> wake);
  std::string Take(bool& closed);
  void Detach();

 private:
  const std::string client_key_;
  mutable std::mutex mutex_;
  std::string pending_;
  bool closed_ = false;
  std::function<void()> wake_;
};

// One event in the wire format: "event: <name>\nid: <id>\ndata: <line>\n...\n\n". `name` and
// `id` are omitted when empty; `data` is split on line breaks into data lines. CR and LF in
// `name` and `id` are dropped (they would end the field).
std::string FormatEvent(std::string_view name, std::string_view id, std::string_view data);

}  // namespace cqdt::http
