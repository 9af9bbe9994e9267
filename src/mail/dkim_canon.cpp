// DKIM canonicalisation (RFC 6376 §3.4) and the raw-message helpers the signer and verifier
// share.
#include "dkim_internal.hpp"
#include "mail/dkim.hpp"
#include "utf8.hpp"

namespace cqdt::mail {
namespace {

bool IsWsp(char c) { return c == ' ' || c == '\t'; }

// Removes trailing CRLFs: "empty lines at the end of the body" (§3.4.3, §3.4.4).
std::string_view WithoutTrailingEmptyLines(std::string_view body) {
  while (body.size() >= 2 && body.substr(body.size() - 2) == "\r\n") {
    body.remove_suffix(2);
  }
  return body;
}

}  // namespace

std::string CanonicalizeHeaderSimple(std::string_view field) {
  std::string out(field);
  if (!out.ends_with("\r\n")) {
    out += "\r\n";
  }
  return out;
}

std::string CanonicalizeHeaderRelaxed(std::string_view field) {
  std::size_t colon = field.find(':');
  std::string_view name = field.substr(0, colon);
  while (!name.empty() && IsWsp(name.back())) {
    name.remove_suffix(1);
  }
  std::string out = internal::LowerAscii(name);
  out += ':';
  if (colon == std::string_view::npos) {
    return out + "\r\n";
  }
  // Unfold (drop every CRLF), make each run of WSP one SP, then drop WSP at both ends.
  std::string value;
  bool space = false;
  for (char c : field.substr(colon + 1)) {
    if (c == '\r' || c == '\n') {
      continue;
    }
    if (IsWsp(c)) {
      space = true;
      continue;
    }
    if (space && !value.empty()) {
      value += ' ';
    }
    space = false;
    value += c;
  }
  return out + value + "\r\n";
}

std::string CanonicalizeBodySimple(std::string_view body) {
  std::string out(WithoutTrailingEmptyLines(body));
  return out + "\r\n";
}

std::string CanonicalizeBodyRelaxed(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t end = body.find("\r\n", pos);
    bool terminated = end != std::string_view::npos;
    std::string_view line = body.substr(pos, terminated ? end - pos : std::string_view::npos);
    bool space = false;
    for (char c : line) {
      if (IsWsp(c)) {
        space = true;
        continue;
      }
      if (space) {
        out += ' ';
      }
      space = false;
      out += c;
    }
    // Whitespace at the end of the line is dropped (a pending space is never written).
    out += "\r\n";
    pos = terminated ? end + 2 : body.size();
  }
  out.resize(WithoutTrailingEmptyLines(out).size());
  if (!out.empty()) {
    out += "\r\n";
  }
  return out;
}

namespace internal {

std::string ToCrlf(std::string_view message) {
  std::string out;
  out.reserve(message.size() + message.size() / 32);
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
      out += '\r';
    }
    out += message[i];
  }
  return out;
}

RawMessage SplitMessage(std::string_view message) {
  RawMessage out;
  std::size_t pos = 0;
  while (pos < message.size()) {
    std::size_t end = message.find("\r\n", pos);
    if (end == std::string_view::npos) {
      end = message.size();
    } else {
      end += 2;
    }
    std::string_view line = message.substr(pos, end - pos);
    if (line == "\r\n") {
      out.has_separator = true;
      out.body = message.substr(end);
      return out;
    }
    if (IsWsp(line.front()) && !out.fields.empty()) {
      // A continuation line: extend the previous field's view.
      RawField& last = out.fields.back();
      last.raw = std::string_view(last.raw.data(), last.raw.size() + line.size());
    } else {
      std::size_t colon = line.find(':');
      std::string_view name =
          colon == std::string_view::npos ? std::string_view() : line.substr(0, colon);
      while (!name.empty() && IsWsp(name.back())) {
        name.remove_suffix(1);
      }
      out.fields.push_back(RawField{LowerAscii(name), line});
    }
    pos = end;
  }
  return out;
}

std::string StripWhitespace(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!IsWsp(c) && c != '\r' && c != '\n') {
      out += c;
    }
  }
  return out;
}

namespace {

std::string_view TrimFws(std::string_view s) {
  auto ws = [](char c) { return IsWsp(c) || c == '\r' || c == '\n'; };
  while (!s.empty() && ws(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && ws(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

std::optional<std::vector<std::pair<std::string, std::string>>> ParseTagList(
    std::string_view text) {
  std::vector<std::pair<std::string, std::string>> tags;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t semicolon = text.find(';', pos);
    std::string_view spec = text.substr(
        pos, semicolon == std::string_view::npos ? std::string_view::npos : semicolon - pos);
    pos = semicolon == std::string_view::npos ? text.size() + 1 : semicolon + 1;
    if (TrimFws(spec).empty()) {
      if (semicolon == std::string_view::npos) {
        break;  // a trailing ';' is allowed
      }
      return std::nullopt;
    }
    std::size_t equals = spec.find('=');
    if (equals == std::string_view::npos) {
      return std::nullopt;
    }
    std::string name(TrimFws(spec.substr(0, equals)));
    if (name.empty()) {
      return std::nullopt;
    }
    for (char c : name) {
      bool ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (!ok) {
        return std::nullopt;
      }
    }
    for (const auto& tag : tags) {
      if (tag.first == name) {
        return std::nullopt;  // §3.2: a duplicate tag makes the whole list invalid
      }
    }
    tags.emplace_back(std::move(name), std::string(TrimFws(spec.substr(equals + 1))));
  }
  return tags;
}

std::string RemoveSignatureValue(std::string_view raw) {
  std::size_t colon = raw.find(':');
  if (colon == std::string_view::npos) {
    return std::string(raw);
  }
  std::size_t pos = colon + 1;
  while (pos < raw.size()) {
    std::size_t semicolon = raw.find(';', pos);
    std::size_t end = semicolon == std::string_view::npos ? raw.size() : semicolon;
    std::string_view spec = raw.substr(pos, end - pos);
    std::size_t equals = spec.find('=');
    if (equals != std::string_view::npos && TrimFws(spec.substr(0, equals)) == "b") {
      std::size_t value_start = pos + equals + 1;
      std::size_t value_end = end;
      if (semicolon == std::string_view::npos && raw.ends_with("\r\n")) {
        value_end -= 2;  // keep the field's final CRLF
      }
      std::string out(raw.substr(0, value_start));
      out += raw.substr(value_end);
      return out;
    }
    if (semicolon == std::string_view::npos) {
      break;
    }
    pos = semicolon + 1;
  }
  return std::string(raw);
}

}  // namespace internal
}  // namespace cqdt::mail
