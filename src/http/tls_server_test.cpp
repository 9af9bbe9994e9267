// The server's HTTPS listener over real sockets: requests beside the plain listener, HSTS, the
// client address behind a trusted proxy, a plain request or a silent client on the TLS port,
// server-sent events over TLS, and a certificate reload under an open connection.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>  // before any Boost header: 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "http/event_stream.hpp"
#include "http/server.hpp"
#include "testing_temp_dir.hpp"
#include "testing_tls_cert.hpp"

namespace cqdt::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using tls_testing::MakeSelfSignedCert;

// Every wait has this ceiling: a broken server fails the test instead of hanging it.
constexpr auto kCeiling = std::chrono::minutes(2);

void SetReadCeiling(tcp::socket& socket) {
  timeval timeout{std::chrono::duration_cast<std::chrono::seconds>(kCeiling).count(), 0};
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
}

// A blocking HTTPS client on one connection (no certificate check: the tests look at which
// certificate the server presents).
class TlsClient {
 public:
  explicit TlsClient(unsigned short port)
      : context_(ssl::context::tls_client), stream_(ioc_, context_) {
    stream_.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    SetReadCeiling(stream_.next_layer());
    stream_.handshake(ssl::stream_base::client);
  }

  bhttp::response<bhttp::string_body> Get(
      const std::string& target,
      const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    bhttp::request<bhttp::empty_body> request(bhttp::verb::get, target, 11);
    request.set(bhttp::field::host, "localhost");
    for (const auto& [name, value] : headers) {
      request.set(name, value);
    }
    bhttp::write(stream_, request);
    bhttp::response<bhttp::string_body> response;
    bhttp::read(stream_, buffer_, response);
    return response;
  }

  // The subject of the certificate the server presented ("/CN=first").
  std::string PeerSubject() {
    X509* peer = SSL_get0_peer_certificate(stream_.native_handle());
    if (peer == nullptr) {
      return {};
    }
    char subject[256];
    X509_NAME_oneline(X509_get_subject_name(peer), subject, sizeof subject);
    return subject;
  }

  // Reads until `needle` has arrived (true) or the connection ended (false).
  bool ReadUntil(const std::string& needle) {
    while (received_.find(needle) == std::string::npos) {
      char chunk[4096];
      beast::error_code ec;
      const std::size_t n = stream_.read_some(asio::buffer(chunk), ec);
      if (ec) {
        return false;
      }
      received_.append(chunk, n);
    }
    return true;
  }

  void WriteRaw(const std::string& bytes) { asio::write(stream_, asio::buffer(bytes)); }

  void Close() {
    beast::error_code ec;
    stream_.shutdown(ec);
    stream_.next_layer().close(ec);
  }

 private:
  asio::io_context ioc_;
  ssl::context context_;
  ssl::stream<tcp::socket> stream_;
  beast::flat_buffer buffer_;
  std::string received_;
};

// Everything a plain TCP client receives until the server closes; `closed` is false when the
// read ceiling passed instead.
struct RawResult {
  std::string received;
  bool closed = false;
};

RawResult SendRaw(unsigned short port, const std::string& bytes) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  SetReadCeiling(socket);
  if (!bytes.empty()) {
    asio::write(socket, asio::buffer(bytes));
  }
  RawResult result;
  for (;;) {
    char chunk[4096];
    beast::error_code ec;
    const std::size_t n = socket.read_some(asio::buffer(chunk), ec);
    if (ec) {
      result.closed = ec == asio::error::eof || ec == asio::error::connection_reset;
      return result;
    }
    result.received.append(chunk, n);
  }
}

class TlsServerTest : public ::testing::Test {
 protected:
  TlsServerTest() {
    first_ = MakeSelfSignedCert(certs_.path(), "first");
    second_ = MakeSelfSignedCert(certs_.path(), "second");
    fs::copy_file(first_.cert, live_.cert);
    fs::copy_file(first_.key, live_.key);
    options_.address = "127.0.0.1";
    options_.port = 0;
    options_.handle_signals = false;
    options_.upload_dir = upload_dir_.path();
    options_.shutdown_grace = 10s;
    TlsOptions tls;
    tls.address = "127.0.0.1";
    tls.port = 0;
    tls.cert_file = live_.cert;
    tls.key_file = live_.key;
    tls.hsts = true;
    tls.hsts_max_age = std::chrono::seconds(86400);
    options_.tls = tls;
    router_.Add(
        "GET", "/who",
        [](Request& r) {
          return Response::Text(200, r.client_address + (r.secure ? " https" : " http"));
        },
        RouteOptions{.blocking = false});
    router_.Add("GET", "/events", [](Request&) {
      Response response = Response::Text(200, "retry: 1000\n\n", "text/event-stream");
      response.events = std::make_shared<EventStream>("");
      response.events->Push(FormatEvent("hello", "1", "over tls"));
      return response;
    });
  }
  ~TlsServerTest() override { StopServer(); }

  void StartServer() {
    server_ = std::make_unique<Server>(options_, router_, Handler{}, metrics_);
    const Status listening = server_->Listen();
    ASSERT_TRUE(listening) << listening.error().message();
    ASSERT_NE(server_->tls_port(), 0);
    ASSERT_NE(server_->tls_port(), server_->port());
    thread_ = std::thread([this] { server_->Run(); });
  }
  void StopServer() {
    if (thread_.joinable()) {
      server_->Stop();
      thread_.join();
    }
  }

  TempDir certs_;
  TempDir upload_dir_;
  tls_testing::CertFiles first_;
  tls_testing::CertFiles second_;
  tls_testing::CertFiles live_{certs_.path() / "live.pem", certs_.path() / "live.key"};
  ServerOptions options_;
  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(TlsServerTest, ServesHttpsWithHstsBesideThePlainListener) {
  StartServer();
  TlsClient client(server_->tls_port());
  const auto response = client.Get("/who");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "127.0.0.1 https");
  EXPECT_EQ(response[bhttp::field::strict_transport_security], "max-age=86400");
  EXPECT_TRUE(response.keep_alive());
  EXPECT_EQ(client.Get("/who").result_int(), 200);  // the same connection, kept alive

  // Plain HTTP beside it: no HSTS (RFC 6797 section 7.2), not secure.
  const RawResult plain =
      SendRaw(server_->port(), "GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(plain.received.find("127.0.0.1 http"), std::string::npos) << plain.received;
  EXPECT_EQ(plain.received.find("Strict-Transport-Security"), std::string::npos);
}

TEST_F(TlsServerTest, TakesTheClientAddressFromATrustedProxyOnly) {
  options_.trusted_proxies = *TrustedProxies::Parse({"127.0.0.1"});
  StartServer();
  TlsClient client(server_->tls_port());
  EXPECT_EQ(client.Get("/who", {{"X-Forwarded-For", "203.0.113.9"}}).body(), "203.0.113.9 https");
  StopServer();

  options_.trusted_proxies = *TrustedProxies::Parse({"10.0.0.0/8"});
  StartServer();
  TlsClient untrusted(server_->tls_port());
  EXPECT_EQ(untrusted.Get("/who", {{"X-Forwarded-For", "203.0.113.9"}}).body(), "127.0.0.1 https");
}

TEST_F(TlsServerTest, AnswersPlainHttpOnTheTlsPortAndCloses) {
  StartServer();
  const RawResult result = SendRaw(server_->tls_port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(result.closed);
  EXPECT_TRUE(result.received.starts_with("HTTP/1.1 400 ")) << result.received;
  EXPECT_NE(result.received.find("https://"), std::string::npos);
}

TEST_F(TlsServerTest, ClosesASilentClientAtTheHandshakeDeadline) {
  options_.read_timeout = 200ms;
  StartServer();
  // Connects and sends nothing: the sweeper closes it (the read ceiling is minutes).
  EXPECT_TRUE(SendRaw(server_->tls_port(), "").closed);
  // A handshake begun and abandoned half-way too.
  EXPECT_TRUE(SendRaw(server_->tls_port(), std::string("\x16\x03\x01\x02\x00", 5)).closed);
  // The server still serves.
  TlsClient client(server_->tls_port());
  EXPECT_EQ(client.Get("/who").result_int(), 200);
}

TEST_F(TlsServerTest, WritesServerSentEventsOverTls) {
  StartServer();
  TlsClient client(server_->tls_port());
  client.WriteRaw("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
  EXPECT_TRUE(client.ReadUntil("data: over tls\n\n"));
}

TEST_F(TlsServerTest, ReloadServesTheNewCertificateToNewConnectionsOnly) {
  StartServer();
  TlsClient open(server_->tls_port());
  EXPECT_EQ(open.PeerSubject(), "/CN=first");
  EXPECT_EQ(open.Get("/who").result_int(), 200);

  fs::copy_file(second_.cert, live_.cert, fs::copy_options::overwrite_existing);
  fs::copy_file(second_.key, live_.key, fs::copy_options::overwrite_existing);
  const Status reloaded = server_->ReloadTls();
  ASSERT_TRUE(reloaded) << reloaded.error().message();
  TlsClient fresh(server_->tls_port());
  EXPECT_EQ(fresh.PeerSubject(), "/CN=second");
  EXPECT_EQ(fresh.Get("/who").result_int(), 200);
  // The connection opened before the reload goes on with its own session.
  EXPECT_EQ(open.Get("/who").result_int(), 200);

  // A broken certificate file: refused, and the server keeps presenting "second".
  std::ofstream(live_.cert, std::ios::trunc) << "garbage";
  EXPECT_FALSE(server_->ReloadTls());
  TlsClient after_bad(server_->tls_port());
  EXPECT_EQ(after_bad.PeerSubject(), "/CN=second");
  EXPECT_EQ(after_bad.Get("/who").result_int(), 200);
}

TEST(TlsServerListenTest, FailsWithTheFileThatCannotBeLoaded) {
  TempDir dir;
  Router router;
  Metrics metrics;
  ServerOptions options;
  options.port = 0;
  options.handle_signals = false;
  TlsOptions tls;
  tls.port = 0;
  tls.cert_file = dir.path() / "nowhere.pem";
  tls.key_file = dir.path() / "nowhere.key";
  options.tls = tls;
  Server server(options, router, Handler{}, metrics);
  const Status listening = server.Listen();
  ASSERT_FALSE(listening);
  ASSERT_FALSE(listening.error().fields().empty());
  EXPECT_EQ(listening.error().fields()[0].field, "cert_file");
  EXPECT_NE(listening.error().message().find("nowhere.pem"), std::string::npos);
}

}  // namespace
}  // namespace cqdt::http
