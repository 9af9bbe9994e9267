// Boost.Beast lives in this file only: one translation unit with Beast costs ~11 s to compile.
#include "http/server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <ctime>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_set>
#include <utility>  // before any Boost header: 1.74's awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include "core/text.hpp"
#include "http/problem.hpp"

namespace cqdt::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadSize = 16 * 1024;
// After an error answer whose request body was left unread, up to this much is drained before
// the socket is closed, so that the client reads the answer instead of a connection reset.
constexpr std::size_t kLingerBytes = 4 * 1024 * 1024;
constexpr std::chrono::seconds kLingerTimeout{2};

constexpr const char* kInternalDetail = "Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau.";
constexpr const char* kCsp =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'";

auto WithEc(beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// Beast 1.74 uses boost::string_view. (BOOST_BEAST_USE_STD_STRING_VIEW is not an option: every
// translation unit that includes Beast in a binary would have to agree on it, or the ODR breaks.)
std::string_view Std(beast::string_view s) { return {s.data(), s.size()}; }

// The last element of a comma-separated header ("client, proxy1, proxy2" -> "proxy2").
std::string_view LastListItem(std::string_view value) {
  const std::size_t comma = value.rfind(',');
  return TrimSpaces(comma == std::string_view::npos ? value : value.substr(comma + 1));
}

// Untrusted input: an incoming X-Request-Id is echoed and logged, so only [A-Za-z0-9-]{8,64}.
bool IsValidRequestId(std::string_view id) {
  if (id.size() < 8 || id.size() > 64) {
    return false;
  }
  for (const char c : id) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

// 16 random bytes as 32 hex digits. Random bytes are fetched from OpenSSL in batches per thread:
// one RAND_bytes call per 32 requests instead of one each.
std::string RandomHex16() {
  constexpr std::size_t kIdBytes = 16;
  thread_local std::array<unsigned char, kIdBytes * 32> pool;
  thread_local std::size_t used = pool.size();
  if (used + kIdBytes > pool.size()) {
    if (RAND_bytes(pool.data(), static_cast<int>(pool.size())) != 1) {
      throw std::runtime_error("RAND_bytes failed");
    }
    used = 0;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(kIdBytes * 2, '0');
  for (std::size_t i = 0; i < kIdBytes; ++i) {
    const unsigned char b = pool[used + i];
    out[2 * i] = kHex[b >> 4];
    out[2 * i + 1] = kHex[b & 0x0f];
  }
  used += kIdBytes;
  return out;
}

void AppendTwoDigits(std::string& out, int v) {
  out += static_cast<char>('0' + (v / 10) % 10);
  out += static_cast<char>('0' + v % 10);
}

// IMF-fixdate for the Date header (RFC 9110 section 5.6.7), cached per thread and second.
std::string_view HttpDate() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached_second = -1;
  thread_local std::string cached;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    cached.clear();
    cached += kDays[tm.tm_wday];
    cached += ", ";
    AppendTwoDigits(cached, tm.tm_mday);
    cached += ' ';
    cached += kMonths[tm.tm_mon];
    cached += ' ';
    cached += std::to_string(tm.tm_year + 1900);
    cached += ' ';
    AppendTwoDigits(cached, tm.tm_hour);
    cached += ':';
    AppendTwoDigits(cached, tm.tm_min);
    cached += ':';
    AppendTwoDigits(cached, tm.tm_sec);
    cached += " GMT";
    cached_second = now;
  }
  return cached;
}

// "2026-01-02T03:04:05.678Z" for the access log.
void AppendIsoTimestamp(std::string& out) {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  out += std::to_string(tm.tm_year + 1900);
  out += '-';
  AppendTwoDigits(out, tm.tm_mon + 1);
  out += '-';
  AppendTwoDigits(out, tm.tm_mday);
  out += 'T';
  AppendTwoDigits(out, tm.tm_hour);
  out += ':';
  AppendTwoDigits(out, tm.tm_min);
  out += ':';
  AppendTwoDigits(out, tm.tm_sec);
  out += '.';
  const int millis = static_cast<int>(ms.count() % 1000);
  out += static_cast<char>('0' + millis / 100);
  AppendTwoDigits(out, millis % 100);
  out += 'Z';
}

// Appends `s` as a JSON string. Untrusted input (the path): control characters are escaped and
// bytes that are not valid UTF-8 become U+FFFD, so that every log line stays valid JSON.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20 || c == 0x7f) {
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0x0f];
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t length = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
    }
    bool valid = length != 0 && i + length <= s.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    }
    if (valid) {
      out.append(s.substr(i, length));
      i += length;
    } else {
      out += "\\ufffd";
      ++i;
    }
  }
  out += '"';
}

// Bounded label values for metrics: a client can send any method token.
const std::string& MethodLabel(const std::string& method) {
  static const std::string kKnown[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  static const std::string kOther = "OTHER";
  for (const std::string& known : kKnown) {
    if (method == known) {
      return known;
    }
  }
  return kOther;
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

// Splits the request target into the decoded path and the raw query. Returns false for a target
// that is neither origin-form ("/a?b") nor absolute-form ("http://host/a?b").
bool SplitTarget(std::string_view target, Request& request) {
  if (target.starts_with("http://") || target.starts_with("https://")) {
    const std::size_t authority = target.find("://") + 3;
    const std::size_t slash = target.find_first_of("/?", authority);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    if (target.front() == '?') {
      request.path = "/";
      request.query_string = std::string(target.substr(1));
      return true;
    }
  }
  if (target.empty() || target.front() != '/') {
    return false;
  }
  const std::size_t question = target.find('?');
  request.path = PercentDecode(target.substr(0, question), false);
  if (question != std::string_view::npos) {
    request.query_string = std::string(target.substr(question + 1));
  }
  return true;
}

// Header names and values come from handlers but may carry client data (a file name): a CR or
// LF would split the response, so such a field is dropped.
bool IsSafeField(std::string_view name, std::string_view value) {
  if (name.empty() || name.find_first_of("\r\n: ") != std::string_view::npos) {
    return false;
  }
  return value.find_first_of("\r\n") == std::string_view::npos &&
         value.find('\0') == std::string_view::npos;
}

// Fields the server owns; a handler's copy is ignored.
bool IsServerOwnedField(std::string_view name) {
  return EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Transfer-Encoding") ||
         EqualsIgnoreCase(name, "Connection") || EqualsIgnoreCase(name, "Server") ||
         EqualsIgnoreCase(name, "Date") || EqualsIgnoreCase(name, "X-Request-Id");
}

constexpr std::int64_t kNoDeadline = std::numeric_limits<std::int64_t>::max();

// Timeouts are deadlines checked by one sweeper timer rather than a timer per socket operation
// (beast::tcp_stream arms and cancels a timer for every read and write, which costs a tenth of
// the server's time on small requests).
struct Connection {
  explicit Connection(tcp::socket s) : socket(std::move(s)) {}

  void SetDeadline(Clock::duration timeout) { SetDeadlineAt(Clock::now() + timeout); }
  void SetDeadlineAt(Clock::time_point at) {
    deadline.store(at.time_since_epoch().count(), std::memory_order_relaxed);
  }
  void ClearDeadline() { deadline.store(kNoDeadline, std::memory_order_relaxed); }

  tcp::socket socket;
  std::string remote_address;
  // True while the session waits for the first byte of the next request. Touched only on the
  // socket's executor, like the socket itself.
  bool idle = true;
  // Steady-clock ticks by which the pending read or write must complete; the sweeper closes the
  // socket once it has passed. Written by the session, read by the sweeper.
  std::atomic<std::int64_t> deadline{kNoDeadline};
  std::string head;  // the serialised response header, reused across requests
};

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

std::vector<std::unique_ptr<asio::io_context>> MakeIoContexts(int count) {
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  for (int i = 0; i < std::max(count, 1); ++i) {
    contexts.push_back(std::make_unique<asio::io_context>(1));
  }
  return contexts;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions opts, const Router& r, Handler f, Metrics& m)
      : options(std::move(opts)),
        router(r),
        fallback(std::move(f)),
        metrics(m),
        io_contexts(MakeIoContexts(options.io_threads)),
        control(asio::make_strand(*io_contexts.front())),
        acceptor(control),
        signals(control),
        grace_timer(control),
        sweep_timer(control),
        pool(static_cast<std::size_t>(options.worker_threads > 0 ? options.worker_threads : 1)) {
    if (options.io_threads < 1) {
      options.io_threads = 1;
    }
    if (options.upload_dir.empty()) {
      std::error_code ec;
      options.upload_dir = fs::temp_directory_path(ec);
    }
    // Requests nobody routes go to the fallback (static files) with the default body limit; the
    // fallback runs on the I/O thread.
    fallback_options.blocking = false;
    // Deadlines are enforced at a quarter of the shortest timeout, between 10 ms and 1 s late.
    const auto shortest = std::min(options.read_timeout, options.idle_timeout);
    sweep_interval = std::clamp<Clock::duration>(shortest / 4, std::chrono::milliseconds(10),
                                                 std::chrono::seconds(1));
  }

  ~Impl() { pool.join(); }

  Status Listen();
  void Run();
  void Stop();

  asio::awaitable<void> Accept();
  asio::awaitable<void> Sweep();
  asio::awaitable<void> Session(std::shared_ptr<Connection> conn);
  asio::awaitable<Next> ServeOne(Connection& conn, beast::flat_buffer& buffer, std::size_t served);
  asio::awaitable<bool> ReadRequest(Connection& conn, beast::flat_buffer& buffer,
                                    std::size_t served, Exchange& exchange);
  template <typename Parser>
  asio::awaitable<beast::error_code> ReadBody(Connection& conn, beast::flat_buffer& buffer,
                                              Parser& parser);
  asio::awaitable<Response> RunBlocking(const Handler& handler, Request& request);
  asio::awaitable<bool> WriteResponse(Connection& conn, Exchange& exchange, Response& response,
                                      std::uint64_t& bytes);
  asio::awaitable<bool> WriteFile(Connection& conn, const Exchange& exchange,
                                  const Response& response, bhttp::file_body::value_type& file,
                                  bool is_head, std::uint64_t& bytes);
  void SerializeHeader(std::string& out, const Response& response, const Exchange& exchange,
                       std::optional<std::uint64_t> content_length) const;
  asio::awaitable<void> Linger(Connection& conn, beast::flat_buffer& buffer);

  Response Invoke(const Handler& handler, Request& request) const;
  std::optional<Response> TryFastPath(const FastPath& fast, Request& request) const;
  void FillRequest(const bhttp::request<bhttp::empty_body>& msg, const Connection& conn,
                   Request& request) const;
  void Finish(const Exchange& exchange, int status, std::uint64_t bytes,
              Clock::time_point start) const;

  void BeginShutdown();
  void CloseConnections(bool only_idle);
  void MaybeFinishShutdown();
  void Unregister(const std::shared_ptr<Connection>& conn);

  ServerOptions options;
  const Router& router;
  Handler fallback;
  Metrics& metrics;
  RouteOptions fallback_options;

  // One io_context per I/O thread, each run by exactly one thread: a connection lives on one of
  // them, so its handlers never run concurrently and need no strand or lock. The first context
  // also hosts the listener and the shutdown steps. Declared before everything bound to them, so
  // that they are destroyed last.
  std::vector<std::unique_ptr<asio::io_context>> io_contexts;
  std::size_t next_context = 0;  // control strand only
  // Serialises the listener, the signal set, the sweeper and the shutdown steps.
  asio::strand<asio::io_context::executor_type> control;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer grace_timer;
  asio::steady_timer sweep_timer;
  Clock::duration sweep_interval{};
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  unsigned short bound_port = 0;

  std::atomic<bool> stop_requested{false};
  std::atomic<bool> stopping{false};
  bool shutdown_begun = false;  // control strand only
  bool shutdown_done = false;   // control strand only
  std::atomic<std::size_t> queue_depth{0};

  std::mutex connections_mutex;
  std::unordered_set<std::shared_ptr<Connection>> connections;

  std::shared_ptr<spdlog::logger> access_log;

  // Declared last: destroyed (and joined) first, while the io_context is still alive.
  asio::thread_pool pool;
};

Status Server::Impl::Listen() {
  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options.address, ec);
  if (ec) {
    return Error::Unavailable("Địa chỉ lắng nghe '" + options.address + "' không hợp lệ.");
  }
  const tcp::endpoint endpoint(address, options.port);
  const std::string where = options.address + ":" + std::to_string(options.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    spdlog::error("http: cannot listen on {}: {}", where, ec.message());
    boost::system::error_code ignored;
    acceptor.close(ignored);
    return Error::Unavailable("Không thể lắng nghe trên " + where +
                              " (cổng đang được sử dụng hoặc không có quyền).");
  }
  bound_port = acceptor.local_endpoint(ec).port();
  return Ok();
}

void Server::Impl::Run() {
  if (!acceptor.is_open()) {
    spdlog::error("http: Server::Run() called without a successful Listen()");
    return;
  }
  access_log = spdlog::get("access");
  for (auto& context : io_contexts) {
    work.push_back(asio::make_work_guard(*context));
  }
  asio::co_spawn(control, Accept(), asio::detached);
  asio::co_spawn(control, Sweep(), asio::detached);
  if (options.handle_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([this](const boost::system::error_code& ec, int signal_number) {
      if (!ec) {
        spdlog::info("http: signal {} received, shutting down", signal_number);
        Stop();
      }
    });
  }
  spdlog::info("http: listening on {}:{}", options.address, bound_port);

  auto run = [](asio::io_context& context) {
    for (;;) {
      try {
        context.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("http: unexpected exception on an I/O thread: {}", e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < io_contexts.size(); ++i) {
    threads.emplace_back(run, std::ref(*io_contexts[i]));
  }
  run(*io_contexts.front());
  for (std::thread& thread : threads) {
    thread.join();
  }
  spdlog::info("http: server stopped");
}

void Server::Impl::Stop() {
  if (stop_requested.exchange(true)) {
    return;
  }
  asio::post(control, [this] { BeginShutdown(); });
}

void Server::Impl::BeginShutdown() {
  stopping.store(true);
  shutdown_begun = true;
  boost::system::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  CloseConnections(/*only_idle=*/true);
  grace_timer.expires_after(options.shutdown_grace);
  grace_timer.async_wait([this](const boost::system::error_code& timer_ec) {
    if (timer_ec) {
      return;
    }
    spdlog::warn("http: shutdown grace period over, closing the remaining connections");
    CloseConnections(/*only_idle=*/false);
  });
  MaybeFinishShutdown();
}

void Server::Impl::CloseConnections(bool only_idle) {
  std::vector<std::shared_ptr<Connection>> snapshot;
  {
    std::lock_guard lock(connections_mutex);
    snapshot.assign(connections.begin(), connections.end());
  }
  for (auto& conn : snapshot) {
    // The session touches its socket only on the socket's executor; so does this.
    asio::dispatch(conn->socket.get_executor(), [conn, only_idle] {
      if (only_idle && !conn->idle) {
        return;
      }
      beast::error_code ec;
      conn->socket.shutdown(tcp::socket::shutdown_both, ec);
      conn->socket.close(ec);
    });
  }
}

void Server::Impl::MaybeFinishShutdown() {
  if (!shutdown_begun || shutdown_done) {
    return;
  }
  {
    std::lock_guard lock(connections_mutex);
    if (!connections.empty()) {
      return;
    }
  }
  shutdown_done = true;
  grace_timer.cancel();
  sweep_timer.cancel();
  work.clear();
}

asio::awaitable<void> Server::Impl::Sweep() {
  std::vector<std::shared_ptr<Connection>> expired;
  for (;;) {
    beast::error_code ec;
    sweep_timer.expires_after(sweep_interval);
    co_await sweep_timer.async_wait(WithEc(ec));
    if (shutdown_done) {
      co_return;
    }
    const std::int64_t now = Clock::now().time_since_epoch().count();
    {
      std::lock_guard lock(connections_mutex);
      for (const auto& conn : connections) {
        if (conn->deadline.load(std::memory_order_relaxed) < now) {
          expired.push_back(conn);
        }
      }
    }
    for (auto& conn : expired) {
      asio::dispatch(conn->socket.get_executor(), [conn, now] {
        // Checked again on the connection's executor: the session may have moved on meanwhile.
        if (conn->deadline.load(std::memory_order_relaxed) < now) {
          beast::error_code ignored;
          conn->socket.close(ignored);  // the pending operation fails with operation_aborted
        }
      });
    }
    expired.clear();
  }
}

void Server::Impl::Unregister(const std::shared_ptr<Connection>& conn) {
  bool empty = false;
  {
    std::lock_guard lock(connections_mutex);
    connections.erase(conn);
    empty = connections.empty();
  }
  if (empty && stopping.load()) {
    asio::post(control, [this] { MaybeFinishShutdown(); });
  }
}

asio::awaitable<void> Server::Impl::Accept() {
  for (;;) {
    // Connections are spread over the I/O threads round-robin.
    asio::io_context& context = *io_contexts[next_context++ % io_contexts.size()];
    asio::any_io_executor executor = context.get_executor();
    tcp::socket socket(context);
    beast::error_code ec;
    co_await acceptor.async_accept(socket, WithEc(ec));
    if (stopping.load()) {
      break;
    }
    if (ec) {
      if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor) {
        break;
      }
      spdlog::warn("http: accept failed: {}", ec.message());
      if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space) {
        // Out of file descriptors: back off instead of spinning on the error.
        asio::steady_timer pause(control, std::chrono::milliseconds(50));
        co_await pause.async_wait(WithEc(ec));
      }
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto conn = std::make_shared<Connection>(std::move(socket));
    const tcp::endpoint remote = conn->socket.remote_endpoint(ec);
    conn->remote_address = ec ? std::string() : remote.address().to_string();
    {
      std::lock_guard lock(connections_mutex);
      connections.insert(conn);
    }
    asio::co_spawn(executor, Session(std::move(conn)), asio::detached);
  }
}

asio::awaitable<void> Server::Impl::Session(std::shared_ptr<Connection> conn) {
  beast::flat_buffer buffer;
  try {
    std::size_t served = 0;
    for (;;) {
      const Next next = co_await ServeOne(*conn, buffer, served);
      ++served;
      if (next == Next::kKeepAlive) {
        continue;
      }
      if (next == Next::kLingerClose) {
        co_await Linger(*conn, buffer);
      }
      break;
    }
  } catch (const std::exception& e) {
    spdlog::warn("http: connection from {} failed: {}", conn->remote_address, e.what());
  }
  beast::error_code ec;
  conn->socket.shutdown(tcp::socket::shutdown_both, ec);
  conn->socket.close(ec);
  Unregister(conn);
}

asio::awaitable<void> Server::Impl::Linger(Connection& conn, beast::flat_buffer& buffer) {
  // Send FIN, then read and discard what the client still sends (an unread body), so that the
  // kernel does not answer it with a reset that would destroy our response in flight.
  beast::error_code ec;
  conn.socket.shutdown(tcp::socket::shutdown_send, ec);
  if (ec) {
    co_return;
  }
  std::size_t drained = 0;
  const auto deadline = Clock::now() + kLingerTimeout;
  while (drained < kLingerBytes && Clock::now() < deadline) {
    buffer.consume(buffer.size());
    conn.SetDeadlineAt(deadline);
    const std::size_t n =
        co_await conn.socket.async_read_some(buffer.prepare(kReadSize), WithEc(ec));
    if (ec) {
      break;
    }
    drained += n;
  }
}

void Server::Impl::FillRequest(const bhttp::request<bhttp::empty_body>& msg, const Connection& conn,
                               Request& request) const {
  request.method = std::string(msg.method_string());
  request.target = std::string(msg.target());
  for (const auto& field : msg) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.client_address = conn.remote_address;
  if (options.trust_proxy) {
    // Only a trusted reverse proxy may tell us who the client is. Its own hop is the last entry.
    if (const auto forwarded = request.headers.Get("X-Forwarded-For")) {
      boost::system::error_code ec;
      const auto address = asio::ip::make_address(std::string(LastListItem(*forwarded)), ec);
      if (!ec) {
        request.client_address = address.to_string();
      }
    }
    if (const auto proto = request.headers.Get("X-Forwarded-Proto")) {
      request.secure = EqualsIgnoreCase(LastListItem(*proto), "https");
    }
  }
  const auto incoming_id = msg.find("X-Request-Id");
  if (incoming_id != msg.end() && IsValidRequestId(Std(incoming_id->value()))) {
    request.request_id = std::string(incoming_id->value());
  } else {
    request.request_id = RandomHex16();
  }
}

// Reads one request into `exchange`. Returns false when there is nothing to answer (end of
// stream, timeout, reset, shutdown of an idle connection).
asio::awaitable<bool> Server::Impl::ReadRequest(Connection& conn, beast::flat_buffer& buffer,
                                                std::size_t served, Exchange& exchange) {
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
    if (buffer.size() != 0) {
      const std::size_t used = parser.put(buffer.data(), ec);
      buffer.consume(used);
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
    const bool idle = !parser.got_some() && buffer.size() == 0;
    if (idle && stopping.load()) {
      co_return false;  // shutting down: no new request on this connection
    }
    conn.idle = idle;
    if (idle) {
      conn.SetDeadline(served > 0 ? options.idle_timeout : options.read_timeout);
    } else {
      if (!header_deadline) {
        header_deadline = Clock::now() + options.read_timeout;
      }
      conn.SetDeadlineAt(*header_deadline);
    }
    const std::size_t n =
        co_await conn.socket.async_read_some(buffer.prepare(kReadSize), WithEc(ec));
    conn.idle = false;
    conn.ClearDeadline();
    if (ec) {
      // End of stream between requests is the normal end of a keep-alive connection; a timeout
      // or a reset mid-request leaves nothing to answer to.
      co_return false;
    }
    buffer.commit(n);
  }

  exchange.keep_alive = false;
  if (ec) {
    // Untrusted input: the request line or header is malformed or too large.
    request.request_id = RandomHex16();
    request.client_address = conn.remote_address;
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
  FillRequest(msg, conn, request);
  exchange.keep_alive = msg.keep_alive() && served + 1 < options.max_requests_per_connection;
  const bool has_body = !parser.is_done();
  const bool expects_continue =
      has_body && EqualsIgnoreCase(Std(msg[bhttp::field::expect]), "100-continue");

  if (!SplitTarget(Std(msg.target()), request)) {
    exchange.early = Problem(400, "Đích của yêu cầu không hợp lệ.", request);
    exchange.body_unread = has_body;
    co_return true;
  }

  Router::Match match = router.Find(request.method, request.path);
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
      exchange.route != nullptr ? exchange.route->options : fallback_options;
  // Untrusted input: refuse a declared oversized body before reading a byte of it.
  const auto declared = parser.content_length();
  if (declared && *declared > route_options.body_limit) {
    exchange.early = TooLargeProblem(route_options.body_limit, request);
    exchange.body_unread = true;
    co_return true;
  }
  if (expects_continue) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    conn.SetDeadline(options.read_timeout);
    co_await asio::async_write(conn.socket, asio::buffer(kContinue.data(), kContinue.size()),
                               WithEc(ec));
    conn.ClearDeadline();
    if (ec) {
      co_return false;
    }
  }

  if (route_options.stream_body_to_disk) {
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
    ec = co_await ReadBody(conn, buffer, body_parser);
    body_parser.get().body().close();
    std::error_code size_ec;
    request.body_size = fs::file_size(file, size_ec);
  } else {
    bhttp::request_parser<bhttp::string_body> body_parser(std::move(parser));
    body_parser.body_limit(route_options.body_limit);
    ec = co_await ReadBody(conn, buffer, body_parser);
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

template <typename Parser>
asio::awaitable<beast::error_code> Server::Impl::ReadBody(Connection& conn,
                                                          beast::flat_buffer& buffer,
                                                          Parser& parser) {
  beast::error_code ec;
  while (!parser.is_done()) {
    // The timeout is per read, so a large upload on a slow line is not cut while it progresses.
    conn.SetDeadline(options.read_timeout);
    co_await bhttp::async_read_some(conn.socket, buffer, parser, WithEc(ec));
    if (ec) {
      break;
    }
  }
  conn.ClearDeadline();
  co_return ec;
}

Response Server::Impl::Invoke(const Handler& handler, Request& request) const {
  try {
    if (!handler) {
      return Problem(404, "Không tìm thấy tài nguyên được yêu cầu.", request);
    }
    return handler(request);
  } catch (const std::exception& e) {
    // A bug or an infrastructure fault: the details go to the log only.
    spdlog::error("http: request {} {} {}: unhandled exception: {}", request.request_id,
                  request.method,
                  request.route_pattern.empty() ? "unmatched" : request.route_pattern, e.what());
  } catch (...) {
    spdlog::error("http: request {} {} {}: unhandled non-standard exception", request.request_id,
                  request.method,
                  request.route_pattern.empty() ? "unmatched" : request.route_pattern);
  }
  return Problem(500, kInternalDetail, request);
}

std::optional<Response> Server::Impl::TryFastPath(const FastPath& fast, Request& request) const {
  try {
    return fast(request);
  } catch (const std::exception& e) {
    // The blocking handler gets its chance; it reports the failure if it is real.
    spdlog::warn("http: request {} {}: fast path threw: {}", request.request_id,
                 request.route_pattern, e.what());
  }
  return std::nullopt;
}

asio::awaitable<Response> Server::Impl::RunBlocking(const Handler& handler, Request& request) {
  if (queue_depth.fetch_add(1) >= options.worker_queue_limit) {
    queue_depth.fetch_sub(1);
    Response response = Problem(503, "Máy chủ đang quá tải. Vui lòng thử lại sau.", request);
    response.headers.Set("Retry-After", "1");
    co_return response;
  }
  // The handler runs on the worker pool; the session resumes on its own executor afterwards.
  struct QueueSlot {
    std::atomic<std::size_t>& depth;
    ~QueueSlot() { depth.fetch_sub(1); }
  } slot{queue_depth};
  // A plain post rather than co_spawn: no coroutine frame on the pool, one hop each way.
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(
      [this, &handler, &request](auto completion) {
        // Keeps the session's io_context running while the handler is on the pool.
        auto guard = asio::make_work_guard(asio::get_associated_executor(completion));
        asio::post(pool, [this, &handler, &request, guard = std::move(guard),
                          completion = std::move(completion)]() mutable {
          Response response = Invoke(handler, request);
          auto executor = guard.get_executor();
          asio::post(executor, [completion = std::move(completion),
                                response = std::move(response)]() mutable {
            completion(std::move(response));
          });
        });
      },
      asio::use_awaitable);
}

void Server::Impl::SerializeHeader(std::string& out, const Response& response,
                                   const Exchange& exchange,
                                   std::optional<std::uint64_t> content_length) const {
  out.clear();
  out += exchange.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  const auto status = bhttp::int_to_status(static_cast<unsigned>(response.status));
  out += status == bhttp::status::unknown ? std::string_view("Unknown")
                                          : Std(bhttp::obsolete_reason(status));
  out += "\r\n";
  bool has_nosniff = false;
  bool has_referrer = false;
  bool has_frame = false;
  bool has_csp = false;
  for (const auto& [name, value] : response.headers.all()) {
    if (!IsSafeField(name, value)) {
      spdlog::warn("http: request {}: dropped a response header with forbidden characters",
                   exchange.request.request_id);
      continue;
    }
    if (IsServerOwnedField(name)) {
      continue;
    }
    has_nosniff = has_nosniff || EqualsIgnoreCase(name, "X-Content-Type-Options");
    has_referrer = has_referrer || EqualsIgnoreCase(name, "Referrer-Policy");
    has_frame = has_frame || EqualsIgnoreCase(name, "X-Frame-Options");
    has_csp = has_csp || EqualsIgnoreCase(name, "Content-Security-Policy");
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  // Baseline security headers; a handler may set a stricter value of its own.
  if (!has_nosniff) {
    out += "X-Content-Type-Options: nosniff\r\n";
  }
  if (!has_referrer) {
    out += "Referrer-Policy: same-origin\r\n";
  }
  if (!has_frame) {
    out += "X-Frame-Options: DENY\r\n";
  }
  if (!has_csp) {
    out += "Content-Security-Policy: ";
    out += kCsp;
    out += "\r\n";
  }
  out += "Server: cqdt\r\nDate: ";
  out += HttpDate();
  out += "\r\nX-Request-Id: ";
  out += exchange.request.request_id;
  out += "\r\n";
  if (content_length) {
    out += "Content-Length: ";
    out += std::to_string(*content_length);
    out += "\r\n";
  }
  if (!exchange.keep_alive) {
    out += "Connection: close\r\n";
  } else if (exchange.version == 10) {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";
}

asio::awaitable<bool> Server::Impl::WriteResponse(Connection& conn, Exchange& exchange,
                                                  Response& response, std::uint64_t& bytes) {
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
      co_return co_await WriteFile(conn, exchange, response, file, is_head, bytes);
    }
    spdlog::warn("http: request {}: cannot open {}: {}", exchange.request.request_id,
                 response.file.string(), ec.message());
    response = Problem(404, "Không tìm thấy tài nguyên được yêu cầu.", exchange.request);
    ec = {};
  }

  SerializeHeader(conn.head, response, exchange,
                  no_body ? std::nullopt : std::optional<std::uint64_t>(response.body.size()));
  const bool send_body = !is_head && !no_body;
  // Header and body leave in one gathered write.
  const std::array<asio::const_buffer, 2> buffers{
      asio::buffer(conn.head), send_body ? asio::buffer(response.body) : asio::const_buffer()};
  conn.SetDeadline(options.read_timeout);
  co_await asio::async_write(conn.socket, buffers, WithEc(ec));
  conn.ClearDeadline();
  if (ec) {
    co_return false;
  }
  bytes = send_body ? response.body.size() : 0;
  co_return true;
}

asio::awaitable<bool> Server::Impl::WriteFile(Connection& conn, const Exchange& exchange,
                                              const Response& response,
                                              bhttp::file_body::value_type& file, bool is_head,
                                              std::uint64_t& bytes) {
  constexpr std::size_t kChunk = 64 * 1024;
  beast::error_code ec;
  const std::uint64_t size = file.size();
  SerializeHeader(conn.head, response, exchange, size);
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
        header_sent ? asio::const_buffer() : asio::buffer(conn.head),
        asio::buffer(chunk.data(), n)};
    // The deadline is per write: a large download progresses as long as the client reads.
    conn.SetDeadline(options.read_timeout);
    co_await asio::async_write(conn.socket, buffers, WithEc(ec));
    conn.ClearDeadline();
    if (ec) {
      co_return false;
    }
    header_sent = true;
    remaining -= n;
    bytes += n;
  }
  co_return true;
}

void Server::Impl::Finish(const Exchange& exchange, int status, std::uint64_t bytes,
                          Clock::time_point start) const {
  const Request& request = exchange.request;
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  static const std::string kUnmatched = "unmatched";
  const std::string& route = request.route_pattern.empty() ? kUnmatched : request.route_pattern;
  metrics.ObserveRequest(MethodLabel(request.method), route, status, seconds);
  if (!access_log) {
    return;
  }
  // Never the query string or headers: they may carry tokens and personal data.
  std::string line;
  line.reserve(256 + request.path.size());
  line += "{\"ts\":\"";
  AppendIsoTimestamp(line);
  line += "\",\"requestId\":";
  AppendJsonString(line, request.request_id);
  line += ",\"method\":";
  AppendJsonString(line, request.method);
  line += ",\"route\":";
  AppendJsonString(line, route);
  line += ",\"path\":";
  AppendJsonString(line, request.path);
  line += ",\"status\":";
  line += std::to_string(status);
  line += ",\"bytes\":";
  line += std::to_string(bytes);
  line += ",\"durationMs\":";
  line += std::to_string(static_cast<double>(static_cast<std::int64_t>(seconds * 1e6)) / 1e3);
  line += ",\"client\":";
  AppendJsonString(line, request.client_address);
  line += '}';
  access_log->info("{}", line);
}

asio::awaitable<Next> Server::Impl::ServeOne(Connection& conn, beast::flat_buffer& buffer,
                                             std::size_t served) {
  Exchange exchange;
  if (!co_await ReadRequest(conn, buffer, served, exchange)) {
    if (!exchange.request.body_file.empty()) {
      std::error_code ec;
      fs::remove(exchange.request.body_file, ec);
    }
    co_return Next::kClose;
  }
  const Clock::time_point start = Clock::now();
  Request& request = exchange.request;

  Response response;
  if (exchange.early) {
    response = std::move(*exchange.early);
  } else if (exchange.route != nullptr) {
    if (exchange.route->options.blocking) {
      std::optional<Response> fast;
      if (exchange.route->options.fast_path) {
        fast = TryFastPath(exchange.route->options.fast_path, request);
      }
      if (fast) {
        response = std::move(*fast);
      } else {
        response = co_await RunBlocking(exchange.route->handler, request);
      }
    } else {
      response = Invoke(exchange.route->handler, request);
    }
  } else {
    response = Invoke(fallback, request);
  }

  if (exchange.body_unread || stopping.load()) {
    exchange.keep_alive = false;  // shutting down: answer this one, then close (server.hpp)
  }
  std::uint64_t bytes = 0;
  const bool written = co_await WriteResponse(conn, exchange, response, bytes);
  const int status = response.status;  // WriteResponse may have replaced a broken response
  if (!request.body_file.empty()) {
    std::error_code ec;
    fs::remove(request.body_file, ec);
  }
  Finish(exchange, written ? status : 499, bytes, start);
  if (!written) {
    co_return Next::kClose;
  }
  if (!exchange.keep_alive) {
    co_return exchange.body_unread ? Next::kLingerClose : Next::kClose;
  }
  co_return Next::kKeepAlive;
}

Server::Server(ServerOptions options, const Router& router, Handler fallback, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(fallback), metrics)) {}

Server::~Server() = default;

Status Server::Listen() { return impl_->Listen(); }

unsigned short Server::port() const { return impl_->bound_port; }

void Server::Run() { impl_->Run(); }

void Server::Stop() { impl_->Stop(); }

std::size_t Server::worker_queue_depth() const { return impl_->queue_depth.load(); }

}  // namespace cqdt::http
