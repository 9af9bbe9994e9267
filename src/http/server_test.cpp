#include "http/server.hpp"

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <thread>
#include <utility>  // before any Boost header: 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "http/problem.hpp"
#include "http/static_files.hpp"
#include "testing_temp_dir.hpp"

namespace cqdt::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

using ClientResponse = bhttp::response<bhttp::string_body>;

// Every wait on the server has this ceiling: a broken server fails the test instead of hanging
// it, and a loaded machine (ASan, a parallel build) does not fail a correct one.
constexpr auto kCeiling = std::chrono::minutes(2);

// A blocking HTTP/1.1 client on one connection. Reads time out after kCeiling.
class Client {
 public:
  explicit Client(unsigned short port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    timeval timeout{std::chrono::duration_cast<std::chrono::seconds>(kCeiling).count(), 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }

  ClientResponse Send(const std::string& method, const std::string& target,
                      const std::string& body = "",
                      const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    bhttp::request<bhttp::string_body> request;
    request.method_string(method);
    request.target(target);
    request.version(11);
    request.set(bhttp::field::host, "localhost");
    for (const auto& [name, value] : headers) {
      request.set(name, value);
    }
    request.body() = body;
    if (!body.empty() || method == "POST") {
      request.prepare_payload();
    }
    bhttp::write(socket_, request);
    return Read(method == "HEAD");
  }

  void WriteRaw(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }

  ClientResponse Read(bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);
    bhttp::read(socket_, buffer_, parser);
    return parser.release();
  }

  // True when the server closed the connection (a read returns end of stream).
  bool ServerClosed() {
    beast::error_code ec;
    char byte;
    socket_.read_some(asio::buffer(&byte, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

nlohmann::json Json(const ClientResponse& response) {
  return nlohmann::json::parse(response.body());
}

bool IsHex32(const std::string& s) {
  return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    options_.address = "127.0.0.1";
    options_.port = 0;
    options_.handle_signals = false;
    options_.upload_dir = upload_dir_.path();
    options_.shutdown_grace = 10s;
  }

  ~ServerTest() override { StopServer(); }

  void StartServer(Handler fallback = {}) {
    server_ = std::make_unique<Server>(options_, router_, std::move(fallback), metrics_);
    const Status listening = server_->Listen();
    ASSERT_TRUE(listening) << listening.error().message();
    ASSERT_NE(server_->port(), 0);
    std::promise<void> done;
    run_done_ = done.get_future();
    thread_ = std::thread([this, done = std::move(done)]() mutable {
      server_->Run();
      done.set_value();
    });
  }

  void StopServer() {
    if (!thread_.joinable()) {
      return;
    }
    server_->Stop();
    thread_.join();
  }

  unsigned short port() const { return server_->port(); }

  TempDir upload_dir_;
  ServerOptions options_;
  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::future<void> run_done_;
};

TEST_F(ServerTest, ServesTwoRequestsOnOneKeepAliveConnection) {
  router_.Add(
      "GET", "/hello", [](Request&) { return Response::Text(200, "xin chào"); },
      RouteOptions{.blocking = false});
  router_.Add("GET", "/blocking", [](Request&) { return Response::Json(200, "{\"ok\":true}"); });
  StartServer();
  Client client(port());
  const ClientResponse first = client.Send("GET", "/hello");
  EXPECT_EQ(first.result_int(), 200);
  EXPECT_EQ(first.body(), "xin chào");
  EXPECT_TRUE(first.keep_alive());
  const ClientResponse second = client.Send("GET", "/blocking");
  EXPECT_EQ(second.result_int(), 200);
  EXPECT_EQ(second.body(), "{\"ok\":true}");
  EXPECT_EQ(second[bhttp::field::content_type], "application/json");
  EXPECT_TRUE(second.keep_alive());
}

TEST_F(ServerTest, SetsSecurityHeadersOnEveryResponse) {
  router_.Add("GET", "/hello", [](Request&) { return Response::Text(200, "hi"); });
  StartServer();
  Client client(port());
  for (const std::string target : {"/hello", "/nothing-here"}) {
    const ClientResponse response = client.Send("GET", target);
    EXPECT_EQ(response["X-Content-Type-Options"], "nosniff") << target;
    EXPECT_EQ(response["Referrer-Policy"], "same-origin") << target;
    EXPECT_EQ(response["X-Frame-Options"], "DENY") << target;
    EXPECT_EQ(response["Content-Security-Policy"],
              "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
              "form-action 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
              "frame-ancestors 'none'")
        << target;
    EXPECT_EQ(response[bhttp::field::server], "cqdt") << target;
    EXPECT_FALSE(response[bhttp::field::date].empty()) << target;
    EXPECT_TRUE(IsHex32(std::string(response["X-Request-Id"]))) << target;
  }
}

TEST_F(ServerTest, ResponsesAreNotStoredUnlessTheHandlerSaysSo) {
  router_.Add("GET", "/session-data", [](Request&) { return Response::Json(200, "{}"); });
  router_.Add("GET", "/export", [](Request&) {
    Response response = Response::Text(200, "a,b\n", "text/csv; charset=utf-8");
    response.headers.Set("Content-Disposition", "attachment; filename=\"x.csv\"");
    return response;
  });
  router_.Add("GET", "/reference", [](Request&) {
    Response response = Response::Json(200, "[]");
    response.headers.Set("cache-control", "public, max-age=60");
    return response;
  });
  StartServer();
  Client client(port());
  const std::vector<std::pair<std::string, std::string>> cookie = {{"Cookie", "cqdt_session=x"}};
  EXPECT_EQ(client.Send("GET", "/session-data", "", cookie)[bhttp::field::cache_control],
            "no-store");
  EXPECT_EQ(client.Send("GET", "/export")[bhttp::field::cache_control], "no-store");
  EXPECT_EQ(client.Send("GET", "/missing")[bhttp::field::cache_control], "no-store");
  const ClientResponse reference = client.Send("GET", "/reference", "", cookie);
  EXPECT_EQ(reference[bhttp::field::cache_control], "public, max-age=60");
  EXPECT_EQ(reference.count(bhttp::field::cache_control), 1u) << "exactly one Cache-Control";
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
  router_.Add(
      "GET", "/echo/{n}", [](Request& r) { return Response::Text(200, r.Param("n")); },
      RouteOptions{.blocking = false});
  router_.Add("GET", "/slow/{n}", [](Request& r) {
    std::this_thread::sleep_for(50ms);
    return Response::Text(200, r.Param("n"));
  });
  StartServer();
  Client client(port());
  client.WriteRaw(
      "GET /slow/1 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /echo/2 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /echo/3 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.Read().body(), "1");
  EXPECT_EQ(client.Read().body(), "2");
  EXPECT_EQ(client.Read().body(), "3");
}

TEST_F(ServerTest, UnmatchedPathIs404Problem) {
  StartServer();
  Client client(port());
  const ClientResponse response = client.Send("GET", "/api/v1/nothing?x=1");
  EXPECT_EQ(response.result_int(), 404);
  EXPECT_EQ(response[bhttp::field::content_type], "application/problem+json");
  const auto body = Json(response);
  EXPECT_EQ(body["type"], "urn:cqdt:problem:not-found");
  EXPECT_EQ(body["instance"], "/api/v1/nothing");
  EXPECT_EQ(body["requestId"], std::string(response["X-Request-Id"]));
  EXPECT_TRUE(response.keep_alive());
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  router_.Add("GET", "/api/v1/agencies", [](Request&) { return Response::Json(200, "[]"); });
  router_.Add("POST", "/api/v1/agencies", [](Request&) { return Response::Json(201, "{}"); });
  StartServer();
  Client client(port());
  const ClientResponse response = client.Send("DELETE", "/api/v1/agencies");
  EXPECT_EQ(response.result_int(), 405);
  EXPECT_EQ(response[bhttp::field::allow], "GET, HEAD, POST");
  EXPECT_EQ(response[bhttp::field::content_type], "application/problem+json");
  // The connection stays usable.
  EXPECT_EQ(client.Send("GET", "/api/v1/agencies").result_int(), 200);
}

TEST_F(ServerTest, HeadAnswersWithoutBody) {
  router_.Add("GET", "/hello", [](Request&) { return Response::Text(200, "hello"); });
  StartServer();
  Client client(port());
  const ClientResponse head = client.Send("HEAD", "/hello");
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(head[bhttp::field::content_length], "5");
  EXPECT_TRUE(head.body().empty());
  // The next response on the connection parses correctly, so no stray body bytes were sent.
  EXPECT_EQ(client.Send("GET", "/hello").body(), "hello");
}

TEST_F(ServerTest, OversizedContentLengthIs413BeforeReadingTheBody) {
  std::atomic<bool> called{false};
  router_.Add(
      "POST", "/small",
      [&](Request&) {
        called = true;
        return Response::NoContent();
      },
      RouteOptions{.body_limit = 16});
  StartServer();
  Client client(port());
  // Only the header is sent: the answer must come without waiting for the 1 MB body.
  client.WriteRaw(
      "POST /small HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 1000000\r\n\r\n");
  const ClientResponse response = client.Read();
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_FALSE(response.keep_alive());
  const auto body = Json(response);
  EXPECT_EQ(body["type"], "urn:cqdt:problem:too-large");
  EXPECT_NE(body["detail"].get<std::string>().find("16 byte"), std::string::npos);
  EXPECT_FALSE(called);
}

TEST_F(ServerTest, BodyLimitsAboveOneMebibyteAreHonoured) {
  // Regression: Beast's default body limit (1 MiB) must not override the route's.
  router_.Add(
      "POST", "/upload",
      [](Request& r) { return Response::Text(200, std::to_string(r.body.size())); },
      RouteOptions{.body_limit = 4 << 20});
  router_.Add("POST", "/small", [](Request&) { return Response::NoContent(); });
  StartServer();
  const std::string payload((2 << 20) + 17, 'x');
  Client client(port());
  EXPECT_EQ(client.Send("POST", "/upload", payload).body(), std::to_string(payload.size()));
  Client other(port());
  other.WriteRaw("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                 std::to_string(payload.size()) + "\r\n\r\n" + payload.substr(0, 16384));
  const ClientResponse response = other.Read();
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_NE(Json(response)["detail"].get<std::string>().find("1 MB"), std::string::npos);
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413) {
  router_.Add(
      "POST", "/small", [](Request&) { return Response::NoContent(); },
      RouteOptions{.body_limit = 16});
  StartServer();
  Client client(port());
  client.WriteRaw(
      "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "10\r\n0123456789abcdef\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n");
  const ClientResponse response = client.Read();
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(ServerTest, BodyWithinLimitReachesHandler) {
  router_.Add(
      "POST", "/echo", [](Request& r) { return Response::Text(200, r.body); },
      RouteOptions{.body_limit = 64});
  StartServer();
  Client client(port());
  EXPECT_EQ(client.Send("POST", "/echo", "{\"name\":\"Sở Nội vụ\"}").body(),
            "{\"name\":\"Sở Nội vụ\"}");
  client.WriteRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  EXPECT_EQ(client.Read().body(), "hello world");
}

TEST_F(ServerTest, BadChunkFramingIs400) {
  router_.Add("POST", "/echo", [](Request& r) { return Response::Text(200, r.body); });
  StartServer();
  Client client(port());
  client.WriteRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "zz\r\nhello\r\n0\r\n\r\n");
  const ClientResponse response = client.Read();
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(ServerTest, HugeHeaderIs431) {
  options_.max_header_bytes = 4096;
  router_.Add("GET", "/hello", [](Request&) { return Response::Text(200, "hi"); });
  StartServer();
  Client client(port());
  client.WriteRaw("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') +
                  "\r\n\r\n");
  const ClientResponse response = client.Read();
  EXPECT_EQ(response.result_int(), 431);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_EQ(Json(response)["title"], "Tiêu đề yêu cầu quá lớn");
}

TEST_F(ServerTest, MalformedRequestIs400) {
  StartServer();
  Client client(port());
  client.WriteRaw("GET /hello HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
  const ClientResponse response = client.Read();
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_EQ(Json(response)["type"], "urn:cqdt:problem:malformed");
}

TEST_F(ServerTest, StreamsBodyToDiskAndRemovesTheFile) {
  fs::path seen_file;
  router_.Add(
      "POST", "/upload",
      [&](Request& r) {
        seen_file = r.body_file;
        std::ifstream in(r.body_file, std::ios::binary);
        std::stringstream content;
        content << in.rdbuf();
        nlohmann::json out = {
            {"inMemory", r.body.size()}, {"size", r.body_size}, {"content", content.str()}};
        return Response::Json(200, out.dump());
      },
      RouteOptions{.body_limit = 1 << 20, .stream_body_to_disk = true});
  StartServer();
  Client client(port());
  const std::string payload(200'000, 'x');
  const auto body = Json(client.Send("POST", "/upload", payload));
  EXPECT_EQ(body["inMemory"], 0);
  EXPECT_EQ(body["size"], payload.size());
  EXPECT_EQ(body["content"], payload);
  EXPECT_EQ(seen_file.parent_path(), upload_dir_.path());
  // The file is removed once the response is written, which may be just after the client read it.
  const auto deadline = std::chrono::steady_clock::now() + kCeiling;
  while (fs::exists(seen_file) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_FALSE(fs::exists(seen_file));
  EXPECT_TRUE(fs::is_empty(upload_dir_.path()));
}

// A streamed route may keep small bodies in memory: a declared length up to its threshold
// lands in Request::body with no temp file; a larger one still goes to disk.
TEST_F(ServerTest, KeepsASmallStreamedBodyInMemory) {
  router_.Add(
      "POST", "/scan",
      [&](Request& r) {
        nlohmann::json out = {
            {"inMemory", r.body.size()}, {"onDisk", !r.body_file.empty()}, {"size", r.body_size}};
        return Response::Json(200, out.dump());
      },
      RouteOptions{.body_limit = 1 << 20,
                   .stream_body_to_disk = true,
                   .in_memory_up_to = 100'000,
                   .blocking = true,
                   .fast_path = {}});
  StartServer();
  Client client(port());
  const auto small = Json(client.Send("POST", "/scan", std::string(100'000, 'x')));
  EXPECT_EQ(small["inMemory"], 100'000);
  EXPECT_EQ(small["onDisk"], false);
  const auto large = Json(client.Send("POST", "/scan", std::string(100'001, 'x')));
  EXPECT_EQ(large["inMemory"], 0);
  EXPECT_EQ(large["onDisk"], true);
  EXPECT_EQ(large["size"], 100'001);
}

TEST_F(ServerTest, UsesItsOwnRequestIdAndKeepsTheClientsApart) {
  router_.Add("GET", "/id", [](Request& r) {
    return Response::Text(200, r.request_id + " " + r.client_request_id);
  });
  StartServer();
  Client client(port());
  // A client's id is never the request's id: two requests sending the same one get distinct ids.
  std::set<std::string> ids;
  for (int i = 0; i < 2; ++i) {
    const ClientResponse sent =
        client.Send("GET", "/id", "", {{"X-Request-Id", "abcDEF12-3456-7890"}});
    const std::string id(sent["X-Request-Id"]);
    EXPECT_TRUE(IsHex32(id)) << id;
    EXPECT_EQ(sent.body(), id + " abcDEF12-3456-7890");
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 2u);
  for (const std::string& bad : std::vector<std::string>{
           "short", "has spaces in it", "semi;colon;value", std::string(65, 'a')}) {
    const ClientResponse ignored = client.Send("GET", "/id", "", {{"X-Request-Id", bad}});
    EXPECT_TRUE(IsHex32(std::string(ignored["X-Request-Id"]))) << bad;
    EXPECT_EQ(ignored.body(), std::string(ignored["X-Request-Id"]) + " ") << bad;
  }
}

TEST_F(ServerTest, HandlerExceptionIs500WithoutInternals) {
  router_.Add("GET", "/boom",
              [](Request&) -> Response { throw std::runtime_error("SELECT secret FROM users"); });
  router_.Add(
      "GET", "/boom-inline",
      [](Request&) -> Response { throw std::runtime_error("SELECT secret FROM users"); },
      RouteOptions{.blocking = false});
  StartServer();
  Client client(port());
  for (const std::string target : {"/boom", "/boom-inline"}) {
    const ClientResponse response = client.Send("GET", target);
    EXPECT_EQ(response.result_int(), 500) << target;
    EXPECT_EQ(response.body().find("secret"), std::string::npos) << target;
    EXPECT_EQ(response.body().find("SELECT"), std::string::npos) << target;
    const auto body = Json(response);
    EXPECT_EQ(body["type"], "urn:cqdt:problem:internal");
    EXPECT_EQ(body["requestId"], std::string(response["X-Request-Id"]));
  }
}

TEST_F(ServerTest, FullWorkerQueueIs503) {
  options_.worker_threads = 1;
  options_.worker_queue_limit = 1;
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  router_.Add("GET", "/wait", [&](Request&) {
    entered.set_value();
    released.wait();
    return Response::Text(200, "done");
  });
  StartServer();
  auto first = std::async(std::launch::async, [&] {
    Client client(port());
    return client.Send("GET", "/wait");
  });
  entered.get_future().wait();
  EXPECT_EQ(server_->worker_queue_depth(), 1u);
  Client second(port());
  const ClientResponse busy = second.Send("GET", "/wait");
  EXPECT_EQ(busy.result_int(), 503);
  EXPECT_EQ(busy[bhttp::field::retry_after], "1");
  release.set_value();
  EXPECT_EQ(first.get().result_int(), 200);
}

TEST_F(ServerTest, GracefulShutdownFinishesRequestInFlight) {
  // A grace far longer than the ceiling below: Run() returning proves it did not wait for it.
  options_.shutdown_grace = std::chrono::minutes(30);
  std::promise<void> entered;
  router_.Add("GET", "/slow", [&](Request&) {
    entered.set_value();
    std::this_thread::sleep_for(300ms);
    return Response::Text(200, "finished");
  });
  router_.Add("GET", "/hello", [](Request&) { return Response::Text(200, "hi"); });
  StartServer();
  Client idle(port());
  EXPECT_EQ(idle.Send("GET", "/hello").result_int(), 200);

  auto in_flight = std::async(std::launch::async, [&] {
    Client client(port());
    return client.Send("GET", "/slow");
  });
  entered.get_future().wait();
  server_->Stop();

  const ClientResponse response = in_flight.get();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "finished");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_EQ(response[bhttp::field::connection], "close");
  // Run() returns without waiting for the grace: nothing is left once the slow request is
  // answered.
  EXPECT_EQ(run_done_.wait_for(kCeiling), std::future_status::ready);
  EXPECT_TRUE(idle.ServerClosed());
  thread_.join();
  // The listener is closed.
  EXPECT_THROW(Client{port()}, boost::system::system_error);
}

TEST_F(ServerTest, ShutdownCutsRequestsAfterGrace) {
  options_.shutdown_grace = 200ms;
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  router_.Add("GET", "/stuck", [&](Request&) {
    entered.set_value();
    released.wait();
    return Response::Text(200, "late");
  });
  StartServer();
  Client client(port());
  client.WriteRaw("GET /stuck HTTP/1.1\r\nHost: x\r\n\r\n");
  entered.get_future().wait();
  server_->Stop();
  // The connection is cut after the grace period, while the handler still runs.
  EXPECT_TRUE(client.ServerClosed());
  release.set_value();
  EXPECT_EQ(run_done_.wait_for(kCeiling), std::future_status::ready);
}

// A pooled client connection must retire before the server's idle deadline closes it, or a request
// sent at that moment fails with a reset (seen once in a soak): the head says how long it stays.
TEST_F(ServerTest, TellsTheClientHowLongAnIdleConnectionStaysOpen) {
  options_.idle_timeout = 45s;
  options_.max_requests_per_connection = 2;
  router_.Add("GET", "/hello", [](Request&) {
    Response response = Response::Text(200, "hi");
    response.headers.Set("Keep-Alive", "timeout=3600");  // the server's own field: ignored
    return response;
  });
  StartServer();
  Client client(port());
  const ClientResponse first = client.Send("GET", "/hello");
  EXPECT_TRUE(first.keep_alive());
  EXPECT_EQ(first["Keep-Alive"], "timeout=45");
  // The last request the connection may carry: "Connection: close", no hint.
  const ClientResponse last = client.Send("GET", "/hello");
  EXPECT_FALSE(last.keep_alive());
  EXPECT_EQ(last.count("Keep-Alive"), 0U);
}

TEST_F(ServerTest, SendsNoKeepAliveHintBelowASecond) {
  options_.idle_timeout = 100ms;
  router_.Add("GET", "/hello", [](Request&) { return Response::Text(200, "hi"); });
  StartServer();
  Client client(port());
  const ClientResponse response = client.Send("GET", "/hello");
  EXPECT_TRUE(response.keep_alive());
  EXPECT_EQ(response.count("Keep-Alive"), 0U);
}

TEST_F(ServerTest, ClosesIdleKeepAliveConnection) {
  options_.idle_timeout = 100ms;
  router_.Add("GET", "/hello", [](Request&) { return Response::Text(200, "hi"); });
  StartServer();
  Client client(port());
  EXPECT_TRUE(client.Send("GET", "/hello").keep_alive());
  // No further request: the server closes the connection (the client gives up after kCeiling).
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(ServerTest, ClosesConnectionWhoseHeaderNeverCompletes) {
  options_.read_timeout = 100ms;
  StartServer();
  Client client(port());
  client.WriteRaw("GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(ServerTest, ClosesAfterMaxRequestsPerConnection) {
  options_.max_requests_per_connection = 2;
  router_.Add("GET", "/hello", [](Request&) { return Response::Text(200, "hi"); });
  StartServer();
  Client client(port());
  EXPECT_TRUE(client.Send("GET", "/hello").keep_alive());
  EXPECT_FALSE(client.Send("GET", "/hello").keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(ServerTest, TrustedProxyHeadersSetClientAndScheme) {
  options_.trusted_proxies = TrustedProxies::Loopback();
  router_.Add("GET", "/who", [](Request& r) {
    return Response::Text(200, r.client_address + (r.secure ? " https" : " http"));
  });
  StartServer();
  Client client(port());
  EXPECT_EQ(
      client
          .Send("GET", "/who", "",
                {{"X-Forwarded-For", "203.0.113.9, 198.51.100.7"}, {"X-Forwarded-Proto", "https"}})
          .body(),
      "198.51.100.7 https");
  EXPECT_EQ(client.Send("GET", "/who", "", {{"X-Forwarded-For", "not-an-ip"}}).body(),
            "127.0.0.1 http");
}

TEST_F(ServerTest, IgnoresProxyHeadersFromUntrustedPeers) {
  router_.Add("GET", "/who", [](Request& r) {
    return Response::Text(200, r.client_address + (r.secure ? " https" : " http"));
  });
  StartServer();
  Client client(port());
  EXPECT_EQ(client
                .Send("GET", "/who", "",
                      {{"X-Forwarded-For", "198.51.100.7"}, {"X-Forwarded-Proto", "https"}})
                .body(),
            "127.0.0.1 http");
}

TEST_F(ServerTest, CountsRequestsAndWritesAccessLogWithoutQuery) {
  std::ostringstream log_output;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_output);
  auto access = std::make_shared<spdlog::logger>("access", sink);
  access->set_pattern("%v");
  spdlog::register_logger(access);
  router_.Add("GET", "/api/v1/users/{id}", [](Request&) { return Response::Json(200, "{}"); });
  StartServer();
  {
    Client client(port());
    EXPECT_EQ(client
                  .Send("GET", "/api/v1/users/7?token=SECRET", "",
                        {{"Authorization", "Bearer HEADERSECRET"}, {"X-Request-Id", "trace-0001"}})
                  .result_int(),
              200);
  }
  StopServer();
  spdlog::drop("access");
  access->flush();

  const std::string line = log_output.str();
  ASSERT_FALSE(line.empty());
  const auto entry = nlohmann::json::parse(line.substr(0, line.find('\n')));
  EXPECT_TRUE(IsHex32(entry["requestId"].get<std::string>())) << entry["requestId"];
  EXPECT_EQ(entry["clientRequestId"], "trace-0001");
  EXPECT_EQ(entry["method"], "GET");
  EXPECT_EQ(entry["route"], "/api/v1/users/{id}");
  EXPECT_EQ(entry["path"], "/api/v1/users/7");
  EXPECT_EQ(entry["status"], 200);
  EXPECT_EQ(entry["bytes"], 2);
  EXPECT_EQ(entry["client"], "127.0.0.1");
  EXPECT_TRUE(entry.contains("ts"));
  EXPECT_TRUE(entry.contains("durationMs"));
  EXPECT_EQ(line.find("SECRET"), std::string::npos);

  EXPECT_NE(
      metrics_.Render().find("cqdt_http_requests_total{method=\"GET\",route=\"/api/v1/users/{id}\","
                             "status=\"200\"} 1"),
      std::string::npos);
}

TEST_F(ServerTest, ServesConcurrentClientsOnSeveralIoThreads) {
  options_.io_threads = 2;
  options_.worker_threads = 2;
  router_.Add(
      "GET", "/inline/{n}", [](Request& r) { return Response::Text(200, r.Param("n")); },
      RouteOptions{.blocking = false});
  router_.Add("POST", "/blocking/{n}", [](Request& r) { return Response::Text(200, r.body); });
  StartServer();
  std::vector<std::future<int>> clients;
  for (int c = 0; c < 8; ++c) {
    clients.push_back(std::async(std::launch::async, [this, c] {
      Client client(port());
      int ok = 0;
      for (int i = 0; i < 50; ++i) {
        const std::string n = std::to_string(c * 1000 + i);
        ok += client.Send("GET", "/inline/" + n).body() == n;
        ok += client.Send("POST", "/blocking/" + n, n).body() == n;
      }
      return ok;
    }));
  }
  for (auto& client : clients) {
    EXPECT_EQ(client.get(), 100);
  }
  StopServer();
  EXPECT_NE(
      metrics_.Render().find(
          "cqdt_http_requests_total{method=\"GET\",route=\"/inline/{n}\",status=\"200\"} 400"),
      std::string::npos);
}

TEST_F(ServerTest, ListenFailsWhenPortIsTaken) {
  StartServer();
  ServerOptions second_options = options_;
  second_options.port = port();
  Metrics metrics;
  Server second(second_options, router_, {}, metrics);
  const Status status = second.Listen();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), ErrorCode::kUnavailable);
}

class StaticServerTest : public ServerTest {
 protected:
  void SetUp() override {
    const fs::path root = site_.path() / "dist";
    fs::create_directories(root / "assets");
    std::ofstream(root / "index.html") << "<!doctype html><title>cqdt</title>";
    std::ofstream(root / "assets" / "x.js") << "console.log('x')";
    StartServer(StaticFiles(root));
  }
  TempDir site_;
};

TEST_F(StaticServerTest, AssetsGetImmutableCache) {
  Client client(port());
  const ClientResponse response = client.Send("GET", "/assets/x.js");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "console.log('x')");
  EXPECT_EQ(response[bhttp::field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_EQ(response[bhttp::field::content_type], "text/javascript; charset=utf-8");
  const ClientResponse head = client.Send("HEAD", "/assets/x.js");
  EXPECT_EQ(head[bhttp::field::content_length], "16");
  EXPECT_TRUE(head.body().empty());
}

TEST_F(StaticServerTest, ClientRoutesGetTheApp) {
  Client client(port());
  const ClientResponse response = client.Send("GET", "/admin/users");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "<!doctype html><title>cqdt</title>");
  EXPECT_EQ(response[bhttp::field::cache_control], "no-cache");
}

TEST_F(StaticServerTest, RefusesPathTraversal) {
  for (const std::string target :
       {"/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/../../../etc/passwd"}) {
    Client client(port());
    client.WriteRaw("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    const ClientResponse response = client.Read();
    EXPECT_NE(response.result_int(), 200) << target;
    EXPECT_EQ(response.body().find("root:"), std::string::npos) << target;
  }
}

}  // namespace
}  // namespace cqdt::http
