// Route table: method + path pattern -> handler, with per-route limits the server applies before
// it reads a request body. Patterns are literal segments and `{name}` parameters, e.g.
// "/api/v1/agencies/{id}/units". Matching prefers literal segments over parameters.
// Thread safety: build the router before the server starts; afterwards it is read-only.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace cqdt::http {

using Handler = std::function<Response(Request&)>;
// A handler's cheap attempt that may answer without blocking (from in-memory caches); nullopt
// means "cannot answer here", and the blocking handler runs on the worker pool instead.
using FastPath = std::function<std::optional<Response>(Request&)>;

struct RouteOptions {
  std::uint64_t body_limit = 1 << 20;  // bytes; larger bodies get 413 before they are read
  bool stream_body_to_disk = false;    // uploads: the body goes to a temp file (Request::body_file)
  // With stream_body_to_disk: a body whose declared Content-Length is at most this many bytes
  // is read into Request::body instead (a scan of a page needs no temp file: its creation and
  // removal cost more than the bytes); 0 streams every body to disk.
  std::uint64_t in_memory_up_to = 0;
  bool blocking =
      true;  // true: run on the worker pool (database, hashing); false: on the I/O thread
  FastPath fast_path = {};  // blocking routes: tried first on the I/O thread; must never block
};

// Documentation of a route for the OpenAPI document (see openapi.hpp).
struct RouteDoc {
  std::string summary = {};             // Vietnamese, then " / " English
  std::string tag = {};                 // "agencies", "users", ...
  std::string request_schema = {};      // name of a component schema, or ""
  std::string response_schema = {};     // name of a component schema, or ""
  std::vector<std::string> query = {};  // names of query parameters
  bool public_route = false;            // no authentication needed
  std::string request_content_type = "application/json";
  int success_status = 200;
  std::string response_content_type = "application/json";  // "text/event-stream": a stream
};

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
  RouteDoc doc;
  std::vector<std::string> segments;  // pattern split on '/'
  std::uint32_t param_mask = 0;       // bit i set: segments[i] is a "{name}" parameter
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {},
           RouteDoc doc = {});

  struct Match {
    const Route* route = nullptr;              // null when nothing matched
    bool method_not_allowed = false;           // the path matched with another method
    std::vector<std::string> allowed_methods;  // for the Allow header of a 405
    std::map<std::string, std::string> params;
  };
  // `path` is the percent-decoded path. HEAD matches GET routes.
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  // Indexes into routes_ by segment count, in the order of Add(): a path is compared only with
  // the patterns of its own length.
  std::vector<std::vector<std::size_t>> by_length_;
};

}  // namespace cqdt::http
