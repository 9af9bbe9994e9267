// The server tests' client and fixture (server_test.cpp, server_connections_test.cpp; the
// connection helper also event_stream_test.cpp): a blocking HTTP/1.1 client on one connection
// and a Server on a loopback port, run on a thread of its own and stopped at the end of the test.
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <utility>  // before any Boost header: 1.74's awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <sys/time.h>

#include "http/server.hpp"
#include "testing_temp_dir.hpp"

namespace cqdt::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

using ClientResponse = bhttp::response<bhttp::string_body>;

// Every wait on the server has this ceiling: a broken server fails the test instead of hanging
// it, and a loaded machine (ASan, a parallel build) does not fail a correct one.
inline constexpr auto kCeiling = std::chrono::minutes(2);

// Connects `socket` to `port` on the loopback address; its reads time out after kCeiling.
inline void ConnectToLoopback(tcp::socket& socket, unsigned short port) {
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  timeval timeout{std::chrono::duration_cast<std::chrono::seconds>(kCeiling).count(), 0};
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
}

// A blocking HTTP/1.1 client on one connection. Reads time out after kCeiling.
class Client {
 public:
  explicit Client(unsigned short port) : socket_(ioc_) { ConnectToLoopback(socket_, port); }

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

inline nlohmann::json Json(const ClientResponse& response) {
  return nlohmann::json::parse(response.body());
}

inline bool IsHex32(const std::string& s) {
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

}  // namespace cqdt::http
