// Boost.Beast's HTTP parser lives in this file only: one translation unit with Beast costs
// ~11 s to compile. The session is a template over its stream: a plain socket, or a TLS stream
// over it (both instantiated here, nowhere else).
#include "session.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <limits>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <spdlog/spdlog.h>

#include "core/text.hpp"
#include "event_session.hpp"
#include "http/event_stream.hpp"
#include "http/problem.hpp"
#include "request_id.hpp"
#include "response_head.hpp"
#include "tls_stream.hpp"

namespace cqdt::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;

constexpr std::size_t kReadSize = 16 * 1024;
// After an error answer whose request body was left unread, up to this much is drained before
// the socket is closed, so that the client reads the answer instead of a connection reset.
constexpr std::size_t kLingerBytes = 4 * 1024 * 1024;
constexpr std::chrono::seconds kLingerTimeout{2};

constexpr const char* kInternalDetail = "Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau.";

auto WithEc(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// Beast 1.74 uses boost::string_view. (BOOST_BEAST_USE_STD_STRING_VIEW is not an option: every
// translation unit that includes Beast in a binary would have to agree on it, or the ODR breaks.)
std::string_view Std(beast::string_view s) { return {s.data(), s.size()}; }

// The last element of a comma-separated header ("https, http" -> "http").
std::string_view LastListItem(std::string_view value) {
  const std::size_t comma = value.rfind(',');
  return TrimSpaces(comma == std::string_view::npos ? value : value.substr(comma + 1));
}

// "1 MB", "512 KB", "100 byte" for messages about limits.
std::string FormatSize(std::uint64_t bytes) {
  constexpr std::uint64_t kKb = 1024;
  constexpr std::uint64_t kMb = 1024 * 1024;
  if (bytes >= kMb && bytes % kMb == 0) {
    return std::to_string(bytes / kMb) + " MB";
  }
  if (bytes >= kKb && bytes % kKb == 0) {
    return std::to_string(bytes / kKb) + " KB";
  }
  return std::to_string(bytes) + " byte";
}

Response TooLargeProblem(std::uint64_t limit, const Request& request) {
  return Problem(413, "Nội dung yêu cầu vượt quá giới hạn cho phép (" + FormatSize(limit) + ").",
                 request);
}

// What a session does after one exchange.
enum class Next {
  kKeepAlive,    // read the next request
  kLingerClose,  // the request body was left unread: FIN, drain what the client still sends
  kClose,        // close now (done, or unusable after a timeout, reset or write error)
};

// The outcome of reading one request before any handler runs.
struct Exchange {
  Request request;
  unsigned version = 11;
  bool keep_alive = true;
  bool body_unread = false;       // the request body was not read: the connection cannot be reused
  std::optional<Response> early;  // a rejection (405, 413, ...): no handler runs
  const Route* route = nullptr;
};

template <typename Stream>
class Session {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;

  Session(const SessionEnv& env, Connection& conn, Stream& stream)
      : env_(env),
        conn_(conn),
        stream_(stream),
        peer_is_proxy_(env.options.trusted_proxies.Contains(conn.remote_address)) {}

  asio::awaitable<void> Run();

 private:
  asio::awaitable<Next> ServeOne(std::size_t served);
  asio::awaitable<bool> ReadRequest(std::size_t served, Exchange& exchange);
  template <typename Parser>
  asio::awaitable<beast::error_code> ReadBody(Parser& parser);
  void FillRequest(const bhttp::request<bhttp::empty_body>& msg, Request& request) const;
  asio::awaitable<Response> Respond(Exchange& exchange);
  asio::awaitable<bool> WriteResponse(Exchange& exchange, Response& response, std::uint64_t& bytes);
  asio::awaitable<bool> WriteFile(const Exchange& exchange, const Response& response,
                                  bhttp::file_body::value_type& file, bool is_head,
                                  std::uint64_t& bytes);
  asio::awaitable<void> Linger();
  asio::awaitable<void> CloseNotify();
  HeadFraming Framing(const Exchange& exchange) const {
    return {exchange.version, exchange.keep_alive, exchange.request.request_id,
            kTls ? std::string_view(env_.hsts) : std::string_view(), env_.keep_alive_seconds};
  }

  const SessionEnv& env_;
  Connection& conn_;
  Stream& stream_;  // the socket itself, or the TLS stream over it
  const bool peer_is_proxy_;
  bool close_notified_ = false;
  beast::flat_buffer buffer_;
};

template <typename Stream>
asio::awaitable<void> Session<Stream>::Run() {
  try {
    std::size_t served = 0;
    for (;;) {
      const Next next = co_await ServeOne(served);
      ++served;
      if (next == Next::kKeepAlive) {
        continue;
      }
      if (next == Next::kLingerClose) {
        co_await Linger();
      }
      break;
    }
  } catch (const std::exception& e) {
    spdlog::warn("http: connection from {} failed: {}", conn_.remote_address, e.what());
  }
  co_await CloseNotify();
  beast::error_code ec;
  conn_.socket.shutdown(tcp::socket::shutdown_both, ec);
  conn_.socket.close(ec);
}

// TLS: close_notify, the TLS connection's end. Waits (within a short deadline) for the client's
// own close_notify or end of stream, discarding what the client still sends meanwhile (OpenSSL
// drops application data once it has sent close_notify): the TLS form of Linger().
template <typename Stream>
asio::awaitable<void> Session<Stream>::CloseNotify() {
  if constexpr (kTls) {
    if (close_notified_) {
      co_return;
    }
    close_notified_ = true;
    beast::error_code ec;
    conn_.SetDeadline(kLingerTimeout);
    co_await stream_.async_shutdown(WithEc(ec));
    conn_.ClearDeadline();
  }
}

template <typename Stream>
asio::awaitable<void> Session<Stream>::Linger() {
  if constexpr (kTls) {
    co_await CloseNotify();
    co_return;
  }
  // Send FIN, then read and discard what the client still sends (an unread body), so that the
  // kernel does not answer it with a reset that would destroy our response in flight.
  beast::error_code ec;
  conn_.socket.shutdown(tcp::socket::shutdown_send, ec);
  if (ec) {
    co_return;
  }
  std::size_t drained = 0;
  const auto deadline = Clock::now() + kLingerTimeout;
  while (drained < kLingerBytes && Clock::now() < deadline) {
    buffer_.consume(buffer_.size());
    conn_.SetDeadlineAt(deadline);
    const std::size_t n =
        co_await conn_.socket.async_read_some(buffer_.prepare(kReadSize), WithEc(ec));
    if (ec) {
      break;
    }
    drained += n;
  }
}

template <typename Stream>
void Session<Stream>::FillRequest(const bhttp::request<bhttp::empty_body>& msg,
                                  Request& request) const {
  request.method = std::string(msg.method_string());
  request.target = std::string(msg.target());
  request.headers.Reserve(16);  // one allocation for a browser's usual dozen fields
  for (const auto& field : msg) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.client_address = conn_.remote_address;
  request.secure = kTls;
  if (peer_is_proxy_) {
    // Untrusted input unless it came from a trusted reverse proxy: only then does the header say
    // who the client is. Every X-Forwarded-For field counts, in order (a proxy may add a field
    // of its own rather than extend the client's).
    std::string forwarded;
    for (const auto& [name, value] : request.headers.all()) {
      if (EqualsIgnoreCase(name, "X-Forwarded-For")) {
        forwarded += forwarded.empty() ? "" : ", ";
        forwarded += value;
      }
    }
    request.client_address =
        env_.options.trusted_proxies.ClientAddress(conn_.remote_address, forwarded);
    if (const auto proto = request.headers.Get("X-Forwarded-Proto"); proto && !kTls) {
      request.secure = EqualsIgnoreCase(LastListItem(*proto), "https");
    }
  }
  // Always our own id: a client's could be anything it likes, including another request's.
  request.request_id = RandomHex16();
  const auto incoming_id = msg.find("X-Request-Id");
  if (incoming_id != msg.end() && IsValidRequestId(Std(incoming_id->value()))) {
    request.client_request_id = std::string(incoming_id->value());
  }
}

// Reads one request into `exchange`. Returns false when there is nothing to answer (end of
// stream, timeout, reset, shutdown of an idle connection).
template <typename Stream>
asio::awaitable<bool> Session<Stream>::ReadRequest(std::size_t served, Exchange& exchange) {
  const ServerOptions& options = env_.options;
  Request& request = exchange.request;
  bhttp::request_parser<bhttp::empty_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
  // No body limit while reading the header: Beast's default (1 MiB) would fail the header of a
  // larger declared body as a parse error. The route's limit is applied below, once it is known.
  // (Not boost::none: Beast 1.74 compares a Content-Length with it as "greater than none".)
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  // Header phase. The buffer may already hold the next pipelined request; parse it first.
  // Untrusted input: the whole header must arrive within read_timeout of its first byte (no
  // slow trickle); an idle keep-alive connection may wait idle_timeout for that first byte.
  std::optional<Clock::time_point> header_deadline;
  beast::error_code ec;
  for (;;) {
    if (buffer_.size() != 0) {
      const std::size_t used = parser.put(buffer_.data(), ec);
      buffer_.consume(used);
      if (!ec && parser.is_header_done()) {
        break;
      }
      if (ec && ec != bhttp::error::need_more) {
        break;
      }
      if (!ec && used > 0) {
        continue;
      }
    }
    const bool idle = !parser.got_some() && buffer_.size() == 0;
    if (idle && env_.stopping.load()) {
      co_return false;  // shutting down: no new request on this connection
    }
    conn_.idle = idle;
    if (idle) {
      conn_.SetDeadline(served > 0 ? options.idle_timeout : options.read_timeout);
    } else {
      if (!header_deadline) {
        header_deadline = Clock::now() + options.read_timeout;
      }
      conn_.SetDeadlineAt(*header_deadline);
    }
    const std::size_t n = co_await stream_.async_read_some(buffer_.prepare(kReadSize), WithEc(ec));
    conn_.idle = false;
    conn_.ClearDeadline();
    if (ec) {
      // End of stream between requests is the normal end of a keep-alive connection; a timeout
      // or a reset mid-request leaves nothing to answer to.
      co_return false;
    }
    buffer_.commit(n);
  }

  exchange.keep_alive = false;
  if (ec) {
    // Untrusted input: the request line or header is malformed or too large.
    request.request_id = RandomHex16();
    request.client_address = conn_.remote_address;
    if (ec == bhttp::error::header_limit) {
      exchange.early = Problem(
          431, "Tiêu đề yêu cầu quá lớn (tối đa " + FormatSize(options.max_header_bytes) + ").",
          request);
    } else {
      exchange.early = Problem(400, "Yêu cầu HTTP không hợp lệ.", request);
    }
    exchange.body_unread = true;
    co_return true;
  }

  const auto& msg = parser.get();
  exchange.version = msg.version();
  FillRequest(msg, request);
  exchange.keep_alive = msg.keep_alive() && served + 1 < options.max_requests_per_connection;
  const bool has_body = !parser.is_done();
  const bool expects_continue =
      has_body && EqualsIgnoreCase(Std(msg[bhttp::field::expect]), "100-continue");

  if (!SplitRequestTarget(Std(msg.target()), request)) {
    exchange.early = Problem(400, "Đích của yêu cầu không hợp lệ.", request);
    exchange.body_unread = has_body;
    co_return true;
  }

  Router::Match match = env_.router.Find(request.method, request.path);
  if (match.method_not_allowed) {
    std::string allow;
    for (const std::string& method : match.allowed_methods) {
      if (!allow.empty()) {
        allow += ", ";
      }
      allow += method;
    }
    Response response = Problem(
        405, "Phương thức " + request.method + " không được hỗ trợ cho đường dẫn này.", request);
    response.headers.Set("Allow", std::move(allow));
    exchange.early = std::move(response);
    exchange.body_unread = has_body;
    co_return true;
  }
  if (match.route != nullptr) {
    exchange.route = match.route;
    request.route_pattern = match.route->pattern;
    request.path_params = std::move(match.params);
  }
  if (!has_body) {
    co_return true;
  }

  const RouteOptions& route_options =
      exchange.route != nullptr ? exchange.route->options : env_.fallback_options;
  // Untrusted input: refuse a declared oversized body before reading a byte of it.
  const auto declared = parser.content_length();
  if (declared && *declared > route_options.body_limit) {
    exchange.early = TooLargeProblem(route_options.body_limit, request);
    exchange.body_unread = true;
    co_return true;
  }
  if (expects_continue) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    conn_.SetDeadline(options.read_timeout);
    co_await asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                               WithEc(ec));
    conn_.ClearDeadline();
    if (ec) {
      co_return false;
    }
  }

  const bool to_disk = route_options.stream_body_to_disk &&
                       !(declared && *declared <= route_options.in_memory_up_to);
  if (to_disk) {
    bhttp::request_parser<bhttp::file_body> body_parser(std::move(parser));
    body_parser.body_limit(route_options.body_limit);
    const fs::path file = options.upload_dir / ("cqdt-upload-" + RandomHex16());
    body_parser.get().body().open(file.c_str(), beast::file_mode::write_new, ec);
    if (ec) {
      spdlog::error("http: request {}: cannot create upload file {}: {}", request.request_id,
                    file.string(), ec.message());
      exchange.early = Problem(500, kInternalDetail, request);
      exchange.body_unread = true;
      co_return true;
    }
    request.body_file = file;  // from now on the file is removed after the response
    ec = co_await ReadBody(body_parser);
    body_parser.get().body().close();
    std::error_code size_ec;
    request.body_size = fs::file_size(file, size_ec);
  } else {
    bhttp::request_parser<bhttp::string_body> body_parser(std::move(parser));
    body_parser.body_limit(route_options.body_limit);
    ec = co_await ReadBody(body_parser);
    if (!ec) {
      request.body = std::move(body_parser.get().body());
      request.body_size = request.body.size();
    }
  }
  if (ec == bhttp::error::body_limit) {
    // A chunked body (no Content-Length) that grew past the limit while being read.
    exchange.early = TooLargeProblem(route_options.body_limit, request);
    exchange.body_unread = true;
    co_return true;
  }
  // Untrusted input: bad chunk framing is answered; an I/O failure (end of stream, reset, a
  // deadline passed, the disk refusing the upload) leaves nobody or nothing to answer with.
  const bool framing_error =
      ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_chunk).category() &&
      ec != bhttp::error::partial_message && ec != bhttp::error::end_of_stream;
  if (framing_error) {
    exchange.early = Problem(400, "Nội dung yêu cầu không hợp lệ.", request);
    exchange.body_unread = true;
    co_return true;
  }
  if (ec) {
    spdlog::debug("http: request {}: body not read: {}", request.request_id, ec.message());
    co_return false;
  }
  co_return true;
}

template <typename Stream>
template <typename Parser>
asio::awaitable<beast::error_code> Session<Stream>::ReadBody(Parser& parser) {
  beast::error_code ec;
  while (!parser.is_done()) {
    // The timeout is per read, so a large upload on a slow line is not cut while it progresses.
    conn_.SetDeadline(env_.options.read_timeout);
    co_await bhttp::async_read_some(stream_, buffer_, parser, WithEc(ec));
    if (ec) {
      break;
    }
  }
  conn_.ClearDeadline();
  co_return ec;
}

// Runs the handler where the route says: a rejection needs none; a blocking route tries its
// fast path on this thread and otherwise goes to the worker pool; the rest run inline.
template <typename Stream>
asio::awaitable<Response> Session<Stream>::Respond(Exchange& exchange) {
  Request& request = exchange.request;
  if (exchange.early) {
    co_return std::move(*exchange.early);
  }
  if (exchange.route == nullptr) {
    co_return InvokeHandler(env_.fallback, request);
  }
  const RouteOptions& options = exchange.route->options;
  if (!options.blocking) {
    co_return InvokeHandler(exchange.route->handler, request);
  }
  if (options.fast_path) {
    if (std::optional<Response> fast = TryFastPath(options.fast_path, request)) {
      co_return std::move(*fast);
    }
  }
  co_return co_await env_.workers.Run(exchange.route->handler, request);
}

template <typename Stream>
asio::awaitable<bool> Session<Stream>::WriteResponse(Exchange& exchange, Response& response,
                                                     std::uint64_t& bytes) {
  beast::error_code ec;
  bytes = 0;
  if (response.status < 100 || response.status > 599) {
    spdlog::error("http: request {}: handler returned invalid status {}",
                  exchange.request.request_id, response.status);
    response = Problem(500, kInternalDetail, exchange.request);
  }
  const bool is_head = exchange.request.method == "HEAD";
  // RFC 9110 section 8.6: no Content-Length (and no body) on 1xx and 204; none sent on 304.
  const bool no_body = response.status < 200 || response.status == 204 || response.status == 304;

  if (!response.file.empty() && response.body.empty() && !no_body) {
    bhttp::file_body::value_type file;
    file.open(response.file.c_str(), beast::file_mode::scan, ec);
    if (!ec) {
      co_return co_await WriteFile(exchange, response, file, is_head, bytes);
    }
    spdlog::warn("http: request {}: cannot open {}: {}", exchange.request.request_id,
                 response.file.string(), ec.message());
    response = Problem(404, "Không tìm thấy tài nguyên được yêu cầu.", exchange.request);
    ec = {};
  }

  SerializeHead(conn_.head, response, Framing(exchange),
                no_body ? std::nullopt : std::optional<std::uint64_t>(response.body.size()));
  const bool send_body = !is_head && !no_body;
  // Header and body leave in one gathered write.
  const std::array<asio::const_buffer, 2> buffers{
      asio::buffer(conn_.head), send_body ? asio::buffer(response.body) : asio::const_buffer()};
  conn_.SetDeadline(env_.options.read_timeout);
  co_await asio::async_write(stream_, buffers, WithEc(ec));
  conn_.ClearDeadline();
  if (ec) {
    co_return false;
  }
  bytes = send_body ? response.body.size() : 0;
  co_return true;
}

template <typename Stream>
asio::awaitable<bool> Session<Stream>::WriteFile(const Exchange& exchange, const Response& response,
                                                 bhttp::file_body::value_type& file, bool is_head,
                                                 std::uint64_t& bytes) {
  constexpr std::size_t kChunk = 64 * 1024;
  beast::error_code ec;
  const std::uint64_t size = file.size();
  SerializeHead(conn_.head, response, Framing(exchange), size);
  std::vector<char> chunk(
      is_head ? 0 : static_cast<std::size_t>(std::min<std::uint64_t>(size, kChunk)));
  std::uint64_t remaining = is_head ? 0 : size;
  bool header_sent = false;
  // The first chunk goes out with the header, so a small file is one gathered write.
  while (!header_sent || remaining > 0) {
    std::size_t n = 0;
    if (remaining > 0) {
      n = file.file().read(chunk.data(), std::min<std::uint64_t>(chunk.size(), remaining), ec);
      if (ec || n == 0) {
        // The file shrank after the header promised its length: cut the connection.
        spdlog::warn("http: request {}: reading {} failed", exchange.request.request_id,
                     response.file.string());
        co_return false;
      }
    }
    const std::array<asio::const_buffer, 2> buffers{
        header_sent ? asio::const_buffer() : asio::buffer(conn_.head),
        asio::buffer(chunk.data(), n)};
    // The deadline is per write: a large download progresses as long as the client reads.
    conn_.SetDeadline(env_.options.read_timeout);
    co_await asio::async_write(stream_, buffers, WithEc(ec));
    conn_.ClearDeadline();
    if (ec) {
      co_return false;
    }
    header_sent = true;
    remaining -= n;
    bytes += n;
  }
  co_return true;
}

template <typename Stream>
asio::awaitable<Next> Session<Stream>::ServeOne(std::size_t served) {
  Exchange exchange;
  if (!co_await ReadRequest(served, exchange)) {
    if (!exchange.request.body_file.empty()) {
      std::error_code ec;
      fs::remove(exchange.request.body_file, ec);
    }
    co_return Next::kClose;
  }
  const Clock::time_point start = Clock::now();
  Request& request = exchange.request;
  Response response = co_await Respond(exchange);
  if (response.events) {
    if (response.status == 200 && !exchange.early) {
      if (std::optional<Response> refusal = AdmitEventStream(env_, request, response)) {
        response = std::move(*refusal);
        exchange.keep_alive = false;  // a refused browser comes back later on a new connection
      } else {
        const EventStreamResult result =
            co_await ServeEventStream(env_, conn_, stream_, request, Framing(exchange), response);
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        env_.access_log.Record(request, result.written ? 200 : 499, result.bytes, seconds);
        co_return Next::kClose;
      }
    } else {
      response.events->Detach();
      response.events.reset();
    }
  }

  if (exchange.body_unread || env_.stopping.load()) {
    exchange.keep_alive = false;  // shutting down: answer this one, then close (server.hpp)
  }
  std::uint64_t bytes = 0;
  const bool written = co_await WriteResponse(exchange, response, bytes);
  const int status = response.status;  // WriteResponse may have replaced a broken response
  if (!request.body_file.empty()) {
    std::error_code ec;
    fs::remove(request.body_file, ec);
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  env_.access_log.Record(request, written ? status : 499, bytes, seconds);
  if (!written) {
    co_return Next::kClose;
  }
  if (!exchange.keep_alive) {
    co_return exchange.body_unread ? Next::kLingerClose : Next::kClose;
  }
  co_return Next::kKeepAlive;
}

}  // namespace

asio::awaitable<void> ServeConnection(const SessionEnv& env, std::shared_ptr<Connection> conn) {
  Session<tcp::socket> session(env, *conn, conn->socket);
  co_await session.Run();
}

asio::awaitable<void> ServeTlsConnection(const SessionEnv& env, std::shared_ptr<Connection> conn,
                                         std::shared_ptr<TlsContext> context) {
  // `context` stays alive as long as this connection: a reload swaps in a new one for new
  // connections only.
  TlsStream stream(conn->socket, *context);
  beast::flat_buffer first;
  beast::error_code ec;
  // Untrusted input: like a request's header, the whole handshake must complete within
  // read_timeout, enforced by the sweeper; a client that connects and stays silent is idle.
  conn->idle = true;
  conn->SetDeadline(env.options.read_timeout);
  const std::size_t n = co_await conn->socket.async_read_some(first.prepare(512), WithEc(ec));
  conn->idle = false;
  if (!ec && env.stopping.load()) {
    ec = asio::error::operation_aborted;
  }
  if (!ec) {
    first.commit(n);
    const auto byte = static_cast<unsigned char>(*static_cast<const char*>(first.data().data()));
    if (byte != 0x16) {  // not a TLS handshake record
      if (byte >= 'A' && byte <= 'Z') {
        // A plain HTTP request on the HTTPS port: tell the person which address to use rather
        // than let the browser show a reset connection.
        Request request;
        request.request_id = RandomHex16();
        request.client_address = conn->remote_address;
        const Response response =
            Problem(400, "Cổng này chỉ nhận kết nối HTTPS: hãy dùng địa chỉ bắt đầu bằng https://.",
                    request);
        SerializeHead(conn->head, response, HeadFraming{11, false, request.request_id, {}},
                      response.body.size());
        const std::array<asio::const_buffer, 2> buffers{asio::buffer(conn->head),
                                                        asio::buffer(response.body)};
        co_await asio::async_write(conn->socket, buffers, WithEc(ec));
      }
      ec = asio::error::no_protocol_option;
    }
  }
  if (!ec) {
    co_await stream.async_handshake(asio::ssl::stream_base::server, first.data(), WithEc(ec));
  }
  conn->ClearDeadline();
  if (ec) {
    // Old protocol versions, weak ciphers, scanners, a deadline passed: routine, not an error.
    spdlog::debug("http: TLS handshake with {} failed: {}", conn->remote_address, ec.message());
    conn->socket.shutdown(tcp::socket::shutdown_both, ec);
    conn->socket.close(ec);
    co_return;
  }
  Session<TlsStream> session(env, *conn, stream);
  co_await session.Run();
}

}  // namespace cqdt::http
