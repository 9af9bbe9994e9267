#include "response_head.hpp"

#include <ctime>

#include <boost/beast/http/status.hpp>
#include <spdlog/spdlog.h>

#include "core/text.hpp"

namespace cqdt::http {
namespace {

namespace bhttp = boost::beast::http;

// Scripts only from this origin, never inline or eval'd (no 'unsafe-inline' for scripts: an
// injected <script> or on* attribute does not run); no plugins, no <base> elsewhere, forms post
// only here, no framing. Styles keep 'unsafe-inline': antd writes its CSS-in-JS into <style>.
constexpr const char* kCsp =
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'";

void AppendTwoDigits(std::string& out, int v) {
  out += static_cast<char>('0' + (v / 10) % 10);
  out += static_cast<char>('0' + v % 10);
}

// Header names and values come from handlers but may carry client data (a file name): a CR or
// LF would split the response, so such a field is dropped.
bool IsSafeField(std::string_view name, std::string_view value) {
  if (name.empty() || name.find_first_of("\r\n: ") != std::string_view::npos) {
    return false;
  }
  return value.find_first_of("\r\n") == std::string_view::npos &&
         value.find('\0') == std::string_view::npos;
}

// Fields the server owns; a handler's copy is ignored.
bool IsServerOwnedField(std::string_view name) {
  return EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Transfer-Encoding") ||
         EqualsIgnoreCase(name, "Connection") || EqualsIgnoreCase(name, "Keep-Alive") ||
         EqualsIgnoreCase(name, "Server") || EqualsIgnoreCase(name, "Date") ||
         EqualsIgnoreCase(name, "X-Request-Id") ||
         EqualsIgnoreCase(name, "Strict-Transport-Security");
}

}  // namespace

std::string_view HttpDate() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached_second = -1;
  thread_local std::string cached;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    cached.clear();
    cached += kDays[tm.tm_wday];
    cached += ", ";
    AppendTwoDigits(cached, tm.tm_mday);
    cached += ' ';
    cached += kMonths[tm.tm_mon];
    cached += ' ';
    cached += std::to_string(tm.tm_year + 1900);
    cached += ' ';
    AppendTwoDigits(cached, tm.tm_hour);
    cached += ':';
    AppendTwoDigits(cached, tm.tm_min);
    cached += ':';
    AppendTwoDigits(cached, tm.tm_sec);
    cached += " GMT";
    cached_second = now;
  }
  return cached;
}

void SerializeHead(std::string& out, const Response& response, const HeadFraming& framing,
                   std::optional<std::uint64_t> content_length) {
  out.clear();
  out += framing.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  const auto status = bhttp::int_to_status(static_cast<unsigned>(response.status));
  if (status == bhttp::status::unknown) {
    out += "Unknown";
  } else {
    const auto reason = bhttp::obsolete_reason(status);
    out.append(reason.data(), reason.size());
  }
  out += "\r\n";
  bool has_nosniff = false;
  bool has_referrer = false;
  bool has_frame = false;
  bool has_csp = false;
  bool has_cache_control = false;
  for (const auto& [name, value] : response.headers.all()) {
    if (!IsSafeField(name, value)) {
      spdlog::warn("http: request {}: dropped a response header with forbidden characters",
                   framing.request_id);
      continue;
    }
    if (IsServerOwnedField(name)) {
      continue;
    }
    has_nosniff = has_nosniff || EqualsIgnoreCase(name, "X-Content-Type-Options");
    has_referrer = has_referrer || EqualsIgnoreCase(name, "Referrer-Policy");
    has_frame = has_frame || EqualsIgnoreCase(name, "X-Frame-Options");
    has_csp = has_csp || EqualsIgnoreCase(name, "Content-Security-Policy");
    has_cache_control = has_cache_control || EqualsIgnoreCase(name, "Cache-Control");
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  // Baseline security headers; a handler may set a stricter value of its own.
  if (!has_nosniff) {
    out += "X-Content-Type-Options: nosniff\r\n";
  }
  if (!has_referrer) {
    out += "Referrer-Policy: same-origin\r\n";
  }
  if (!has_frame) {
    out += "X-Frame-Options: DENY\r\n";
  }
  if (!has_csp) {
    out += "Content-Security-Policy: ";
    out += kCsp;
    out += "\r\n";
  }
  // The one caching rule: nothing is stored by a browser or a proxy unless the handler says so
  // (hashed static assets do). Answers to a session (cookie or bearer token) and downloads
  // (exports, signed files, reports) carry personal or official data that must not linger in a
  // shared cache or on a public computer's disk.
  if (!has_cache_control) {
    out += "Cache-Control: no-store\r\n";
  }
  // HSTS only on a TLS connection (RFC 6797 section 7.2: a host must not send it over plain
  // HTTP), from the server's configuration rather than any handler.
  if (!framing.hsts.empty()) {
    out += "Strict-Transport-Security: ";
    out += framing.hsts;
    out += "\r\n";
  }
  out += "Server: cqdt\r\nDate: ";
  out += HttpDate();
  out += "\r\nX-Request-Id: ";
  out += framing.request_id;
  out += "\r\n";
  if (content_length) {
    out += "Content-Length: ";
    out += std::to_string(*content_length);
    out += "\r\n";
  }
  if (!framing.keep_alive) {
    out += "Connection: close\r\n";
  } else {
    if (framing.version == 10) {
      out += "Connection: keep-alive\r\n";
    }
    if (framing.keep_alive_seconds > 0) {
      out += "Keep-Alive: timeout=";
      out += std::to_string(framing.keep_alive_seconds);
      out += "\r\n";
    }
  }
  out += "\r\n";
}

}  // namespace cqdt::http
