#include "access_log.hpp"

#include <chrono>
#include <ctime>

#include <spdlog/spdlog.h>

namespace cqdt::http {
namespace {

void AppendTwoDigits(std::string& out, int v) {
  out += static_cast<char>('0' + (v / 10) % 10);
  out += static_cast<char>('0' + v % 10);
}

// "2026-01-02T03:04:05.678Z".
void AppendIsoTimestamp(std::string& out) {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  out += std::to_string(tm.tm_year + 1900);
  out += '-';
  AppendTwoDigits(out, tm.tm_mon + 1);
  out += '-';
  AppendTwoDigits(out, tm.tm_mday);
  out += 'T';
  AppendTwoDigits(out, tm.tm_hour);
  out += ':';
  AppendTwoDigits(out, tm.tm_min);
  out += ':';
  AppendTwoDigits(out, tm.tm_sec);
  out += '.';
  const int millis = static_cast<int>(ms.count() % 1000);
  out += static_cast<char>('0' + millis / 100);
  AppendTwoDigits(out, millis % 100);
  out += 'Z';
}

// Appends `s` as a JSON string. Untrusted input (the path): control characters are escaped and
// bytes that are not valid UTF-8 become U+FFFD, so that every log line stays valid JSON.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20 || c == 0x7f) {
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0x0f];
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t length = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
    }
    bool valid = length != 0 && i + length <= s.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    }
    if (valid) {
      out.append(s.substr(i, length));
      i += length;
    } else {
      out += "\\ufffd";
      ++i;
    }
  }
  out += '"';
}

const std::string& RouteLabel(const Request& request) {
  static const std::string kUnmatched = "unmatched";
  return request.route_pattern.empty() ? kUnmatched : request.route_pattern;
}

}  // namespace

const std::string& MethodLabel(const std::string& method) {
  static const std::string kKnown[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  static const std::string kOther = "OTHER";
  for (const std::string& known : kKnown) {
    if (method == known) {
      return known;
    }
  }
  return kOther;
}

std::string AccessLogLine(const Request& request, std::string_view route, int status,
                          std::uint64_t bytes, double seconds) {
  std::string line;
  line.reserve(256 + request.path.size());
  line += "{\"ts\":\"";
  AppendIsoTimestamp(line);
  line += "\",\"requestId\":";
  AppendJsonString(line, request.request_id);
  if (!request.client_request_id.empty()) {
    line += ",\"clientRequestId\":";
    AppendJsonString(line, request.client_request_id);
  }
  line += ",\"method\":";
  AppendJsonString(line, request.method);
  line += ",\"route\":";
  AppendJsonString(line, route);
  line += ",\"path\":";
  AppendJsonString(line, request.path);
  line += ",\"status\":";
  line += std::to_string(status);
  line += ",\"bytes\":";
  line += std::to_string(bytes);
  line += ",\"durationMs\":";
  line += std::to_string(static_cast<double>(static_cast<std::int64_t>(seconds * 1e6)) / 1e3);
  line += ",\"client\":";
  AppendJsonString(line, request.client_address);
  line += '}';
  return line;
}

void AccessLog::Attach() { logger_ = spdlog::get("access"); }

void AccessLog::Record(const Request& request, int status, std::uint64_t bytes,
                       double seconds) const {
  const std::string& route = RouteLabel(request);
  metrics_.ObserveRequest(MethodLabel(request.method), route, status, seconds);
  if (logger_) {
    logger_->info("{}", AccessLogLine(request, route, status, bytes, seconds));
  }
}

}  // namespace cqdt::http
