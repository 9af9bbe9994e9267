// Plain HTTP request and response values, free of Beast, so that route handlers and middleware
// compile fast and can be unit-tested without a socket. The server (server.cpp) converts between
// these and Beast's messages.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cqdt::http {

class EventStream;  // http/event_stream.hpp

// Case-insensitive header list that keeps insertion order and repeated fields (Set-Cookie).
class Headers {
 public:
  std::optional<std::string> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  void Set(std::string name, std::string value);  // replaces every field of that name
  void Add(std::string name, std::string value);  // appends another field
  void Reserve(std::size_t fields) { fields_.reserve(fields); }
  const std::vector<std::pair<std::string, std::string>>& all() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  std::string method;        // upper case: "GET", "POST", ...
  std::string target;        // raw request target, e.g. "/api/v1/users?limit=10"
  std::string path;          // percent-decoded path, no query
  std::string query_string;  // raw, without '?'
  Headers headers;
  std::string body;                 // in-memory body (routes that do not stream to disk)
  std::filesystem::path body_file;  // streamed upload; the server deletes it after the response
  std::uint64_t body_size = 0;
  std::string client_address;  // peer IP, or X-Forwarded-For's last hop when the proxy is trusted
  bool secure = false;         // TLS, or X-Forwarded-Proto: https from a trusted proxy
  std::string request_id;      // the server's own random id: logged, stored, sent back
  // A valid X-Request-Id the client sent ([A-Za-z0-9-]{8,64}), else "": recorded beside
  // request_id (access log, audit) for the client's own tracing, never used in its place.
  std::string client_request_id;
  std::map<std::string, std::string> path_params;  // filled by the router
  std::string route_pattern;                       // "/api/v1/agencies/{id}"; "" when unmatched

  // Percent-decoded value of the first query parameter `name` ('+' means space).
  std::optional<std::string> Query(std::string_view name) const;
  // Value of cookie `name` from the Cookie header(s).
  std::optional<std::string> Cookie(std::string_view name) const;
  // The path parameter `name` ("" when absent).
  std::string Param(const std::string& name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::filesystem::path file;  // when set (and body empty), the body is streamed from this file
  // When set (status 200): a server-sent events stream; `body` is written first, then the
  // stream's events until it ends (http/event_stream.hpp).
  std::shared_ptr<EventStream> events;

  static Response Json(int status, std::string body);
  static Response Text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response NoContent();
};

// Percent-decodes `s`; '+' becomes a space when `plus_is_space`. Invalid escapes are kept as is.
std::string PercentDecode(std::string_view s, bool plus_is_space);

// Splits a request target into `request.path` (percent-decoded) and `request.query_string` (raw,
// without '?'). Returns false for a target that is neither origin-form ("/a?b") nor
// absolute-form ("http://host/a?b", whose authority is dropped).
bool SplitRequestTarget(std::string_view target, Request& request);

}  // namespace cqdt::http
