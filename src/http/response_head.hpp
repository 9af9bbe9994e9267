// The response head as bytes: status line, the handler's fields (unsafe ones dropped, the ones
// the server owns ignored), baseline security headers, `Cache-Control: no-store` unless the
// handler set a Cache-Control of its own, Strict-Transport-Security on TLS when configured,
// Server, Date, X-Request-Id, framing (with the Keep-Alive timeout hint).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace cqdt::http {

struct HeadFraming {
  unsigned version = 11;        // 10 or 11
  bool keep_alive = true;       // false: "Connection: close"
  std::string_view request_id;  // the server's id of the request
  // Strict-Transport-Security's value on a TLS connection ("max-age=31536000"); "" = none.
  std::string_view hsts;
  // Whole seconds an idle keep-alive connection stays open, sent as "Keep-Alive: timeout=N" so a
  // client retires a pooled connection before the server closes it (Node's agent does, a second
  // early); 0 = no hint.
  unsigned keep_alive_seconds = 0;
};

// Replaces `out` with the head of `response`. `content_length` is omitted for responses that
// have no body by definition (1xx, 204, 304).
void SerializeHead(std::string& out, const Response& response, const HeadFraming& framing,
                   std::optional<std::uint64_t> content_length);

// IMF-fixdate for the Date header (RFC 9110 section 5.6.7), cached per thread and second.
std::string_view HttpDate();

}  // namespace cqdt::http
