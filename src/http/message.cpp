#include "http/message.hpp"

#include <algorithm>
#include <utility>

#include "core/text.hpp"

namespace cqdt::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

}  // namespace

std::optional<std::string> Headers::Get(std::string_view name) const {
  for (const auto& [field_name, value] : fields_) {
    if (EqualsIgnoreCase(field_name, name)) {
      return value;
    }
  }
  return std::nullopt;
}

void Headers::Set(std::string name, std::string value) {
  std::erase_if(fields_, [&](const auto& field) { return EqualsIgnoreCase(field.first, name); });
  fields_.emplace_back(std::move(name), std::move(value));
}

void Headers::Add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Request::Query(std::string_view name) const {
  // Untrusted input: the query string is split and decoded without any assumption on its shape.
  std::string_view rest = query_string;
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    const std::size_t eq = pair.find('=');
    const std::string_view raw_key = pair.substr(0, eq);
    if (PercentDecode(raw_key, true) != name) {
      continue;
    }
    if (eq == std::string_view::npos) {
      return std::string();
    }
    return PercentDecode(pair.substr(eq + 1), true);
  }
  return std::nullopt;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  // Untrusted input: "a=1; b=2" (RFC 6265 section 5.4); a client may send several Cookie fields.
  for (const auto& [field_name, value] : headers.all()) {
    if (!EqualsIgnoreCase(field_name, "cookie")) {
      continue;
    }
    std::string_view rest = value;
    while (!rest.empty()) {
      const std::size_t semi = rest.find(';');
      const std::string_view pair = TrimSpaces(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos) {
        continue;
      }
      if (TrimSpaces(pair.substr(0, eq)) != name) {
        continue;
      }
      std::string_view cookie_value = TrimSpaces(pair.substr(eq + 1));
      if (cookie_value.size() >= 2 && cookie_value.front() == '"' && cookie_value.back() == '"') {
        cookie_value = cookie_value.substr(1, cookie_value.size() - 2);
      }
      return std::string(cookie_value);
    }
  }
  return std::nullopt;
}

std::string Request::Param(const std::string& name) const {
  const auto it = path_params.find(name);
  return it == path_params.end() ? std::string() : it->second;
}

Response Response::Json(int status, std::string body) {
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", "application/json");
  response.body = std::move(body);
  return response;
}

Response Response::Text(int status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", std::move(content_type));
  response.body = std::move(body);
  return response;
}

Response Response::NoContent() {
  Response response;
  response.status = 204;
  return response;
}

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int hi = HexValue(s[i + 1]);
      const int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// Untrusted input: the request target as the client sent it.
bool SplitRequestTarget(std::string_view target, Request& request) {
  if (target.starts_with("http://") || target.starts_with("https://")) {
    const std::size_t authority = target.find("://") + 3;
    const std::size_t slash = target.find_first_of("/?", authority);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    if (target.front() == '?') {
      request.path.assign(1, '/');  // not = "/": GCC 12 at -O2 warns (-Wrestrict, a false alarm)
      request.query_string = std::string(target.substr(1));
      return true;
    }
  }
  if (target.empty() || target.front() != '/') {
    return false;
  }
  const std::size_t question = target.find('?');
  request.path = PercentDecode(target.substr(0, question), false);
  if (question != std::string_view::npos) {
    request.query_string = std::string(target.substr(question + 1));
  }
  return true;
}

}  // namespace cqdt::http
