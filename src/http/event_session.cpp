#include "event_session.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "http/event_stream.hpp"
#include "http/problem.hpp"
#include "response_head.hpp"

namespace cqdt::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

auto WithEc(boost::system::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

const std::string& ClientOf(const Request& request, const EventStream& stream) {
  return stream.client_key().empty() ? request.client_address : stream.client_key();
}

// What a waiting stream shares with the callbacks that wake it (a push from any thread, the
// client going away); they keep it alive after the session has moved on.
struct StreamWait {
  explicit StreamWait(const asio::any_io_executor& executor) : timer(executor) {}
  asio::steady_timer timer;
  bool client_gone = false;  // the socket's executor only
};

}  // namespace

std::optional<Response> AdmitEventStream(const SessionEnv& env, const Request& request,
                                         Response& response) {
  const auto admit =
      env.streams.TryAdd(ClientOf(request, *response.events), env.options.event_streams_max,
                         env.options.event_streams_per_client);
  if (admit == StreamCounter::Admit::kAdmitted) {
    return std::nullopt;
  }
  response.events->Detach();
  Response refusal =
      admit == StreamCounter::Admit::kServerFull
          ? Problem(503,
                    "Máy chủ đang có quá nhiều kết nối nhận tin trực tiếp. Vui lòng thử lại sau.",
                    request)
          : Problem(429,
                    "Bạn đang mở quá nhiều kết nối nhận tin trực tiếp. Hãy đóng bớt các thẻ "
                    "trình duyệt rồi thử lại.",
                    request);
  refusal.headers.Set("Retry-After", "30");
  return refusal;
}

// While waiting, the connection counts as idle (the shutdown closes idle connections at once)
// and has no deadline (the sweeper leaves it alone); each write has the usual write deadline.
template <typename Stream>
asio::awaitable<EventStreamResult> ServeEventStream(const SessionEnv& env, Connection& conn,
                                                    Stream& out_stream, const Request& request,
                                                    HeadFraming framing, Response& response) {
  std::shared_ptr<EventStream> stream = std::move(response.events);
  const std::string client = ClientOf(request, *stream);
  struct Release {
    StreamCounter& counter;
    const std::string& client;
    ~Release() { counter.Remove(client); }
  } release{env.streams, client};
  if (!response.headers.Has("Content-Type")) {
    response.headers.Set("Content-Type", "text/event-stream; charset=utf-8");
  }
  if (!response.headers.Has("X-Accel-Buffering")) {
    response.headers.Set("X-Accel-Buffering", "no");  // nginx would hold events back otherwise
  }
  // No Content-Length: the body ends when the connection does.
  framing.keep_alive = false;
  SerializeHead(conn.head, response, framing, std::nullopt);

  const asio::any_io_executor executor = conn.socket.get_executor();
  auto wait = std::make_shared<StreamWait>(executor);
  stream->Attach([wait, executor] { asio::post(executor, [wait] { wait->timer.cancel(); }); });
  // The client sends nothing on an event stream: the socket becomes readable only when it goes
  // away (end of stream, reset, TLS close_notify) or when the shutdown closes it.
  conn.socket.async_wait(tcp::socket::wait_read, [wait](const boost::system::error_code&) {
    wait->client_gone = true;
    wait->timer.cancel();
  });

  const auto end_at = Clock::now() + env.options.event_max_lifetime;
  std::string out = conn.head + response.body;
  const std::size_t head_size = conn.head.size();
  EventStreamResult result;
  std::uint64_t bytes = 0;
  Clock::time_point last_write = Clock::now();
  boost::system::error_code ec;
  for (;;) {
    bool closed = false;
    out += stream->Take(closed);
    if (!out.empty()) {
      conn.SetDeadline(env.options.read_timeout);
      co_await asio::async_write(out_stream, asio::buffer(out), WithEc(ec));
      conn.ClearDeadline();
      if (ec) {
        break;
      }
      bytes += out.size();
      out.clear();
      last_write = Clock::now();
    }
    if (closed || wait->client_gone || env.stopping.load() || Clock::now() >= end_at) {
      break;
    }
    const auto heartbeat_at = last_write + env.options.event_heartbeat;
    wait->timer.expires_at(std::min(heartbeat_at, end_at));
    conn.idle = true;
    co_await wait->timer.async_wait(WithEc(ec));
    conn.idle = false;
    const auto now = Clock::now();
    if (!ec && now >= heartbeat_at && now < end_at) {
      out = ": heartbeat\n\n";  // a comment line: keeps proxies from timing the connection out
    }
  }
  stream->Detach();
  conn.socket.cancel(ec);
  result.written = bytes >= head_size && bytes > 0;
  result.bytes = bytes > head_size ? bytes - head_size : 0;
  co_return result;
}

template asio::awaitable<EventStreamResult> ServeEventStream<tcp::socket>(const SessionEnv&,
                                                                          Connection&, tcp::socket&,
                                                                          const Request&,
                                                                          HeadFraming, Response&);
template asio::awaitable<EventStreamResult> ServeEventStream<TlsStream>(const SessionEnv&,
                                                                        Connection&, TlsStream&,
                                                                        const Request&, HeadFraming,
                                                                        Response&);

}  // namespace cqdt::http
