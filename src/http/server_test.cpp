// The HTTP server (http/server.hpp): requests and their answers — keep-alive, pipelining,
// security and cache headers, routing errors, body limits and streaming to disk, request ids,
// static files. Its connections' lifetimes and failures: server_connections_test.cpp.
#include "http/server.hpp"

#include <fstream>
#include <string>

#include "http/problem.hpp"
#include "http/static_files.hpp"
#include "testing_server.hpp"

namespace cqdt::http {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

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
