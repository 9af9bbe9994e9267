// The HTTP/1.1 server on Boost.Beast: one listener, sessions as C++20 coroutines on a small
// I/O thread pool, handlers on a bounded worker pool.
//
// For each request the server: reads the header (limits on request line + headers; read
// timeout), assigns its own random request id (a valid incoming X-Request-Id, [A-Za-z0-9-]{8,64},
// is kept apart as Request::client_request_id), matches the router, rejects with problem+json
// 405/413/431/400 as needed, reads the body into memory or streams it to a temp file under
// `upload_dir` (per-route limit), runs the handler (on the worker pool when the route is
// blocking; 503 when the queue is full), writes the response with X-Request-Id, baseline
// security headers and `Cache-Control: no-store` unless the handler set its own (so answers to a
// session and downloads are never cached; static assets set theirs), logs one JSON line to the
// "access" spdlog logger, and counts it in Metrics. Unmatched requests go to `fallback` (static
// files / SPA index). An exception from a handler is logged with the request id and answered 500
// without internals.
//
// Keep-alive: requests on one connection are answered in order; an idle keep-alive connection is
// closed after `idle_timeout`, which every keep-alive answer announces as `Keep-Alive: timeout=N`
// (whole seconds, none below one) so a client's pool retires the connection first instead of
// sending a request into the close; at most `max_requests_per_connection` requests per connection.
//
// TLS (when ServerOptions::tls is set): a second listener speaks HTTPS with TLS 1.2 and 1.3
// only, ECDHE with AES-GCM or ChaCha20-Poly1305 for 1.2, the server's cipher order, no
// compression or renegotiation. The handshake must complete within `read_timeout` of the first
// byte (the deadline sweeper closes it otherwise); a plain HTTP request on the TLS port is
// answered 400 in plain text and closed. ReloadTls() (or SIGHUP when handle_signals) reads the
// certificate chain and key again into a new context for new connections; open connections keep
// the one they started with, and files that do not load leave the current context in place.
// Responses on TLS connections carry Strict-Transport-Security when `tls->hsts` is set.
//
// Client address: the peer's, unless the peer is one of `trusted_proxies`; then it is taken
// from X-Forwarded-For (http/trusted_proxies.hpp), and X-Forwarded-Proto: https marks the
// request secure.
//
// Shutdown: Run() returns after Stop() (or SIGINT/SIGTERM when handle_signals): the listener is
// closed at once, idle connections are closed, requests in flight finish and are answered
// (Connection: close) within `shutdown_grace`, then remaining connections are cut.
//
// Thread safety: Listen() and Run() from one thread; Stop() from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/trusted_proxies.hpp"

namespace cqdt::http {

// The HTTPS listener.
struct TlsOptions {
  std::string address = "0.0.0.0";
  unsigned short port = 8443;  // 0 picks a free port; see Server::tls_port()
  // PEM: the server's certificate followed by its intermediate CA certificates; the private key
  // (unencrypted), which must match the certificate.
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
  bool hsts = false;  // Strict-Transport-Security on every TLS response
  std::chrono::seconds hsts_max_age{365 * 24 * 3600};
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port; see Server::port()
  int io_threads = 1;
  int worker_threads = 4;
  std::size_t worker_queue_limit = 1024;  // requests waiting for a worker before 503
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds shutdown_grace{10'000};
  std::size_t max_requests_per_connection = 10'000;
  std::filesystem::path upload_dir;  // temp files of streamed bodies
  // Peers whose X-Forwarded-For / X-Forwarded-Proto are honoured (default: none).
  TrustedProxies trusted_proxies;
  std::optional<TlsOptions> tls;  // HTTPS beside the plain listener
  bool handle_signals = true;     // SIGINT/SIGTERM trigger Stop(); SIGHUP ReloadTls()
  // Server-sent event streams (http/event_stream.hpp): open at most, per client key, the
  // comment sent after this much silence, the longest a stream stays open.
  std::size_t event_streams_max = 1000;
  std::size_t event_streams_per_client = 5;
  std::chrono::milliseconds event_heartbeat{25'000};
  std::chrono::milliseconds event_max_lifetime{30 * 60'000};
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, Handler fallback, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the TLS certificate and key (when `tls` is set), binds and listens. Fails with
  // kUnavailable (Vietnamese message) when an address is taken, and with kInvalidArgument on
  // field "cert_file" or "key_file" (a Vietnamese message naming the file) when the certificate
  // or key cannot be used.
  Status Listen();
  // The bound ports (after Listen()); tls_port() is 0 without TLS.
  unsigned short port() const;
  unsigned short tls_port() const;
  // Reads the TLS files again for new connections (see above). Errors as Listen()'s; the
  // current certificate stays in use. Safe from any thread.
  Status ReloadTls();
  // Serves until Stop() or a signal; returns after the graceful shutdown completed.
  void Run();
  // Starts the graceful shutdown. Safe from any thread, idempotent.
  void Stop();

  // Requests waiting for or running on the worker pool (a gauge for /metrics).
  std::size_t worker_queue_depth() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cqdt::http
