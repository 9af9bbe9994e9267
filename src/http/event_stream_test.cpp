// Server-sent event streams over a real socket: events as they are pushed, heartbeats, the end
// of a stream (producer, lifetime, client gone, shutdown), the caps, and the idle deadline that
// must not cut a stream.
#include "http/event_stream.hpp"

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>  // before any Boost header: 1.74's awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include "http/server.hpp"
#include "testing_server.hpp"

namespace cqdt::http {
namespace {

using namespace std::chrono_literals;

// Reads the raw bytes of one response, whose body ends when the server closes the connection.
class RawClient {
 public:
  explicit RawClient(unsigned short port) : socket_(ioc_) { ConnectToLoopback(socket_, port); }

  void Get(const std::string& target) {
    const std::string request =
        "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n";
    asio::write(socket_, asio::buffer(request));
  }

  // Reads until `needle` has arrived (true) or the server closed the connection (false).
  bool ReadUntil(const std::string& needle) {
    while (received_.find(needle) == std::string::npos) {
      if (!ReadSome()) {
        return false;
      }
    }
    return true;
  }

  // Reads until the server closes the connection; true when it did (not a read timeout).
  bool ReadToEnd() {
    while (ReadSome()) {
    }
    return closed_;
  }

  void Close() {
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  const std::string& received() const { return received_; }

 private:
  bool ReadSome() {
    char chunk[4096];
    boost::system::error_code ec;
    const std::size_t n = socket_.read_some(asio::buffer(chunk), ec);
    if (ec) {
      closed_ = ec == asio::error::eof || ec == asio::error::connection_reset;
      return false;
    }
    received_.append(chunk, n);
    return true;
  }

  asio::io_context ioc_;
  tcp::socket socket_;
  std::string received_;
  bool closed_ = false;
};

// Waits (ceiling kCeiling) until `condition` holds.
template <typename Condition>
bool Eventually(Condition condition) {
  const auto until = std::chrono::steady_clock::now() + kCeiling;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) {
      return true;
    }
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

class EventStreamServerTest : public ::testing::Test {
 protected:
  EventStreamServerTest() {
    options_.port = 0;
    options_.handle_signals = false;
    options_.upload_dir = upload_dir_.path();
    options_.shutdown_grace = 10s;
    // The route hands every stream it opens to the test.
    router_.Add("GET", "/events", [this](Request& request) {
      Response response = Response::Text(200, "retry: 1000\n\n", "text/event-stream");
      response.events = std::make_shared<EventStream>(request.Query("who").value_or(""));
      std::lock_guard lock(mutex_);
      streams_.push_back(response.events);
      return response;
    });
  }
  ~EventStreamServerTest() override { StopServer(); }

  void StartServer() {
    server_ = std::make_unique<Server>(options_, router_, Handler{}, metrics_);
    ASSERT_TRUE(server_->Listen());
    thread_ = std::thread([this] { server_->Run(); });
  }
  void StopServer() {
    if (thread_.joinable()) {
      server_->Stop();
      thread_.join();
    }
  }
  std::shared_ptr<EventStream> Stream(std::size_t i) {
    std::lock_guard lock(mutex_);
    return i < streams_.size() ? streams_[i] : nullptr;
  }

  TempDir upload_dir_;
  ServerOptions options_;
  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<EventStream>> streams_;
};

TEST(FormatEventTest, FramesNameIdAndEveryDataLine) {
  EXPECT_EQ(FormatEvent("notice", "42", "{\"a\":1}"), "event: notice\nid: 42\ndata: {\"a\":1}\n\n");
  EXPECT_EQ(FormatEvent("", "", "one\r\ntwo\nthree"), "data: one\ndata: two\ndata: three\n\n");
  // A line break in the name or id would start a field of the client's choosing.
  EXPECT_EQ(FormatEvent("a\nid: 9", "1\r", "x"), "event: aid: 9\nid: 1\ndata: x\n\n");
}

TEST_F(EventStreamServerTest, WritesPushedEventsAsTheyComeAndHeartbeats) {
  options_.event_heartbeat = 50ms;
  StartServer();
  RawClient client(server_->port());
  client.Get("/events");
  ASSERT_TRUE(client.ReadUntil("retry: 1000\n\n"));
  EXPECT_NE(client.received().find("HTTP/1.1 200 OK\r\n"), std::string::npos);
  EXPECT_NE(client.received().find("Content-Type: text/event-stream"), std::string::npos);
  EXPECT_NE(client.received().find("X-Accel-Buffering: no\r\n"), std::string::npos);
  EXPECT_NE(client.received().find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(client.received().find("Content-Length"), std::string::npos);
  ASSERT_TRUE(Eventually([&] { return Stream(0) != nullptr; }));
  Stream(0)->Push(FormatEvent("notice", "1", "first"));
  ASSERT_TRUE(client.ReadUntil("event: notice\nid: 1\ndata: first\n\n"));
  Stream(0)->Push(FormatEvent("notice", "2", "second"));
  ASSERT_TRUE(client.ReadUntil("data: second\n\n"));
  ASSERT_TRUE(client.ReadUntil(": heartbeat\n\n"));
  Stream(0)->Close();
  EXPECT_TRUE(client.ReadToEnd());
}

TEST_F(EventStreamServerTest, IdleDeadlineDoesNotCutAStream) {
  options_.idle_timeout = 20ms;
  options_.read_timeout = 20ms;
  StartServer();
  RawClient client(server_->port());
  client.Get("/events");
  ASSERT_TRUE(client.ReadUntil("retry: 1000\n\n"));
  ASSERT_TRUE(Eventually([&] { return Stream(0) != nullptr; }));
  // Several sweeps of the deadlines pass while the stream waits (no timing is asserted).
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(Stream(0)->IsOpen());
  Stream(0)->Push(FormatEvent("notice", "7", "late"));
  EXPECT_TRUE(client.ReadUntil("data: late\n\n"));
}

TEST_F(EventStreamServerTest, EndsAfterTheMaximumLifetime) {
  options_.event_max_lifetime = 100ms;
  StartServer();
  RawClient client(server_->port());
  client.Get("/events");
  EXPECT_TRUE(client.ReadToEnd());
  ASSERT_NE(Stream(0), nullptr);
  EXPECT_FALSE(Stream(0)->IsOpen());
}

TEST_F(EventStreamServerTest, ReleasesTheStreamWhenTheClientGoesAway) {
  options_.event_streams_per_client = 1;
  StartServer();
  {
    RawClient client(server_->port());
    client.Get("/events?who=ann");
    ASSERT_TRUE(client.ReadUntil("retry: 1000\n\n"));
    client.Close();
  }
  ASSERT_TRUE(Eventually([&] { return Stream(0) != nullptr && !Stream(0)->IsOpen(); }));
  // The cap counted the stream and gave it back: ann may open another.
  RawClient again(server_->port());
  again.Get("/events?who=ann");
  EXPECT_TRUE(again.ReadUntil("retry: 1000\n\n"));
}

TEST_F(EventStreamServerTest, RefusesStreamsBeyondTheCaps) {
  options_.event_streams_per_client = 1;
  options_.event_streams_max = 2;
  StartServer();
  RawClient ann(server_->port());
  ann.Get("/events?who=ann");
  ASSERT_TRUE(ann.ReadUntil("retry: 1000\n\n"));
  RawClient ann_again(server_->port());
  ann_again.Get("/events?who=ann");
  EXPECT_TRUE(ann_again.ReadToEnd());
  EXPECT_NE(ann_again.received().find("HTTP/1.1 429 "), std::string::npos);
  EXPECT_NE(ann_again.received().find("application/problem+json"), std::string::npos);
  EXPECT_NE(ann_again.received().find("Retry-After: 30"), std::string::npos);
  RawClient bob(server_->port());
  bob.Get("/events?who=bob");
  ASSERT_TRUE(bob.ReadUntil("retry: 1000\n\n"));
  RawClient cid(server_->port());
  cid.Get("/events?who=cid");
  EXPECT_TRUE(cid.ReadToEnd());
  EXPECT_NE(cid.received().find("HTTP/1.1 503 "), std::string::npos);
  // The refused streams are closed, so a producer drops them.
  ASSERT_TRUE(Eventually([&] { return Stream(3) != nullptr; }));
  EXPECT_FALSE(Stream(1)->IsOpen());
  EXPECT_FALSE(Stream(3)->IsOpen());
  EXPECT_TRUE(Stream(0)->IsOpen());
}

TEST_F(EventStreamServerTest, ShutdownClosesOpenStreamsAtOnce) {
  // A grace period longer than the client's read ceiling: only an immediate close passes.
  options_.shutdown_grace = std::chrono::minutes(10);
  StartServer();
  RawClient client(server_->port());
  client.Get("/events");
  ASSERT_TRUE(client.ReadUntil("retry: 1000\n\n"));
  ASSERT_TRUE(Eventually([&] { return Stream(0) != nullptr; }));
  auto stopped = std::async(std::launch::async, [this] { StopServer(); });
  EXPECT_TRUE(client.ReadToEnd());
  stopped.get();
  EXPECT_FALSE(Stream(0)->IsOpen());
}

}  // namespace
}  // namespace cqdt::http
