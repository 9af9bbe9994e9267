// libFuzzer target for the HTTP request reader (issue 16 item 5). The server reads requests with
// Boost.Beast's parser under cqdt's limits (src/http/session.cpp, ReadRequest); this target runs
// the same steps on bytes from a buffer instead of a socket: a request_parser<empty_body> with
// the server's header limit and no body limit for the header phase, then the request as the
// session fills it (method, target, every header field, X-Request-Id checked), the target split
// by http::SplitRequestTarget, the router's match against routes shaped like cqdt's, the query,
// cookie, Accept-Language and X-Forwarded-For readers, then the body read through a
// request_parser<string_body> under the default route's body limit (chunked or not). Beyond
// AddressSanitizer and UBSan: a split target's path starts with '/', and a body read in full is
// within the limit. The input may hold several pipelined requests; each is read in turn.
// Built by tests/fuzz/CMakeLists.txt, run by tests/fuzz/run-all.sh; see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/text.hpp"
#include "http/language.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/trusted_proxies.hpp"
#include "request_id.hpp"

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

[[noreturn]] void Violated(const std::string& what) {
  std::fprintf(stderr, "http_request_fuzzer: invariant violated: %s\n", what.c_str());
  std::abort();
}

std::string_view Std(beast::string_view s) { return {s.data(), s.size()}; }

const cqdt::http::Router& Routes() {
  static const cqdt::http::Router router = [] {
    cqdt::http::Router r;
    auto none = [](cqdt::http::Request&) { return cqdt::http::Response::NoContent(); };
    for (const char* pattern :
         {"/api/v1/health", "/api/v1/session", "/api/v1/agencies", "/api/v1/agencies/{id}",
          "/api/v1/agencies/{id}/registers", "/api/v1/dossiers", "/api/v1/dossiers/{code}",
          "/api/v1/dossiers/{code}/actions", "/api/v1/dossiers/{code}/files/{fileId}",
          "/api/v1/documents/incoming", "/api/v1/documents/{id}/files/{fileId}/content",
          "/api/v1/portal/tracking/{code}", "/api/v1/signatures/verify"}) {
      r.Add("GET", pattern, none);
      r.Add("POST", pattern, none);
    }
    r.Add("DELETE", "/api/v1/session", none);
    return r;
  }();
  return router;
}

// One request from `buffer`; returns false when nothing more can be read from it.
bool ReadOne(beast::flat_buffer& buffer) {
  static const cqdt::http::ServerOptions options;
  static const cqdt::http::RouteOptions route_options;
  static const cqdt::http::TrustedProxies proxies = cqdt::http::TrustedProxies::Loopback();

  bhttp::request_parser<bhttp::empty_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  beast::error_code ec;
  while (buffer.size() != 0) {
    const std::size_t used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec || parser.is_header_done() || used == 0) {
      break;
    }
  }
  if (ec || !parser.is_header_done()) {
    return false;  // 400 or 431 and the connection closes (or the header never ends)
  }

  const auto& msg = parser.get();
  cqdt::http::Request request;
  request.method = std::string(msg.method_string());
  request.target = std::string(msg.target());
  for (const auto& field : msg) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  if (auto id = request.headers.Get("X-Request-Id")) {
    (void)cqdt::http::IsValidRequestId(*id);
  }
  std::string forwarded;
  for (const auto& [name, value] : request.headers.all()) {
    if (cqdt::EqualsIgnoreCase(name, "X-Forwarded-For")) {
      forwarded += forwarded.empty() ? "" : ", ";
      forwarded += value;
    }
  }
  (void)proxies.ClientAddress("127.0.0.1", forwarded);
  (void)cqdt::http::LanguageOf(request);
  const bool keep_alive = msg.keep_alive();
  const bool has_body = !parser.is_done();

  if (cqdt::http::SplitRequestTarget(request.target, request)) {
    if (request.path.empty() || request.path.front() != '/') {
      Violated("a split target whose path does not start with '/': '" + request.path + "'");
    }
    auto match = Routes().Find(request.method, request.path);
    if (match.route != nullptr) {
      request.path_params = std::move(match.params);
      (void)request.Param("id");
    }
    (void)request.Query("limit");
    (void)request.Query("q");
    (void)request.Cookie("cqdt_session");
  } else if (has_body) {
    return false;  // 400 with the body unread: the connection closes
  }
  if (!has_body) {
    return keep_alive;
  }
  const auto declared = parser.content_length();
  if (declared && *declared > route_options.body_limit) {
    return false;  // 413 before the body is read
  }
  bhttp::request_parser<bhttp::string_body> body_parser(std::move(parser));
  body_parser.body_limit(route_options.body_limit);
  while (buffer.size() != 0 && !body_parser.is_done()) {
    const std::size_t used = body_parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == bhttp::error::need_more) {
      ec = {};
      break;
    }
    if (ec || used == 0) {
      break;
    }
  }
  if (ec || !body_parser.is_done()) {
    return false;  // 413, 400 for bad chunk framing, or a body that never ends
  }
  if (body_parser.get().body().size() > route_options.body_limit) {
    Violated("a body over the route's limit was read");
  }
  return keep_alive;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  beast::flat_buffer buffer;
  auto room = buffer.prepare(size);
  std::memcpy(room.data(), data, size);
  buffer.commit(size);
  // At most a few pipelined requests: each is a new parser over what remains.
  for (int i = 0; i < 8 && buffer.size() != 0; ++i) {
    if (!ReadOne(buffer)) {
      break;
    }
  }
  return 0;
}
