// The parts of the IMAP client that are text only: folder names in modified UTF-7 and the
// server's responses (mail/imap.hpp).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include "imap_text.hpp"
#include "mail/imap.hpp"
#include "utf8.hpp"

namespace cqdt::mail::internal {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    out.push_back(line);
    start = end + 1;
  }
  return out;
}

}  // namespace cqdt::mail::internal

namespace cqdt::mail {
namespace {

using internal::Lines;
using internal::Upper;

constexpr std::size_t kMaxFolderBytes = 200;

const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

int B64Value(char c) {
  const char* p = std::strchr(kB64, c);
  return c != '\0' && p != nullptr ? static_cast<int>(p - kB64) : -1;
}

std::optional<std::uint64_t> ParseNumber(std::string_view s) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
    return std::nullopt;
  }
  return v;
}

// The number after `key` (case-insensitive, as a word) in `text`.
std::optional<std::uint64_t> NumberAfter(std::string_view text, std::string_view key) {
  const std::string upper = Upper(text);
  const std::string k = Upper(key);
  for (std::size_t at = upper.find(k); at != std::string::npos; at = upper.find(k, at + 1)) {
    const bool word_start = at == 0 || upper[at - 1] == ' ' || upper[at - 1] == '(';
    std::size_t p = at + k.size();
    if (!word_start || p >= upper.size() || upper[p] != ' ') {
      continue;
    }
    ++p;
    std::size_t end = p;
    while (end < upper.size() && std::isdigit(static_cast<unsigned char>(upper[end])) != 0) {
      ++end;
    }
    if (auto n = ParseNumber(std::string_view(upper).substr(p, end - p))) {
      return n;
    }
  }
  return std::nullopt;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Folder names.

std::string EncodeMailboxName(std::string_view utf8) {
  std::string out;
  std::u16string pending;  // UTF-16 units of the current non-ASCII run
  auto flush = [&] {
    if (pending.empty()) {
      return;
    }
    out += '&';
    std::uint32_t bits = 0;
    int nbits = 0;
    for (char16_t unit : pending) {
      bits = (bits << 16) | unit;
      nbits += 16;
      while (nbits >= 6) {
        nbits -= 6;
        out += kB64[(bits >> nbits) & 0x3f];
      }
    }
    if (nbits > 0) {
      out += kB64[(bits << (6 - nbits)) & 0x3f];
    }
    out += '-';
    pending.clear();
  };
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    char32_t cp = 0;
    if (!internal::NextCodePoint(utf8, pos, cp)) {
      cp = 0xFFFD;
    }
    if (cp >= 0x20 && cp <= 0x7e) {
      flush();
      out += cp == '&' ? std::string("&-") : std::string(1, static_cast<char>(cp));
      continue;
    }
    if (cp >= 0x10000) {
      const char32_t v = cp - 0x10000;
      pending += static_cast<char16_t>(0xD800 + (v >> 10));
      pending += static_cast<char16_t>(0xDC00 + (v & 0x3ff));
    } else {
      pending += static_cast<char16_t>(cp);
    }
  }
  flush();
  return out;
}

std::optional<std::string> DecodeMailboxName(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) {
      return std::nullopt;
    }
    if (c != '&') {
      out += c;
      ++i;
      continue;
    }
    const std::size_t end = s.find('-', i + 1);
    if (end == std::string_view::npos) {
      return std::nullopt;
    }
    if (end == i + 1) {
      out += '&';
      i = end + 1;
      continue;
    }
    std::u16string units;
    std::uint32_t bits = 0;
    int nbits = 0;
    for (std::size_t k = i + 1; k < end; ++k) {
      const int v = B64Value(s[k]);
      if (v < 0) {
        return std::nullopt;
      }
      bits = (bits << 6) | static_cast<std::uint32_t>(v);
      nbits += 6;
      if (nbits >= 16) {
        nbits -= 16;
        units += static_cast<char16_t>((bits >> nbits) & 0xffff);
      }
    }
    // Leftover bits are padding: fewer than 6 and all zero.
    if (nbits >= 6 || (bits & ((1u << nbits) - 1)) != 0 || units.empty()) {
      return std::nullopt;
    }
    for (std::size_t k = 0; k < units.size(); ++k) {
      char32_t cp = units[k];
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (k + 1 >= units.size() || units[k + 1] < 0xDC00 || units[k + 1] > 0xDFFF) {
          return std::nullopt;
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (units[k + 1] - 0xDC00);
        ++k;
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return std::nullopt;
      } else if (cp >= 0x20 && cp <= 0x7e) {
        return std::nullopt;  // printable ASCII must be itself
      }
      internal::AppendUtf8(out, cp);
    }
    i = end + 1;
  }
  return out;
}

Status CheckFolderName(std::string_view utf8) {
  bool ok = !utf8.empty() && utf8.size() <= kMaxFolderBytes && internal::IsValidUtf8(utf8) &&
            !internal::HasControl(utf8);
  for (char c : utf8) {
    ok = ok && c != '"' && c != '\\' && c != '*' && c != '%';
  }
  if (!ok) {
    return Error::InvalidField("folder", "format",
                               "Tên thư mục hộp thư không hợp lệ (1-200 byte, không có ký tự điều "
                               "khiển, dấu nháy kép, dấu gạch chéo ngược, * hoặc %).");
  }
  return Ok();
}

// ---------------------------------------------------------------------------------------------
// Responses.

std::optional<std::vector<std::uint32_t>> ParseSearchResponse(std::string_view response) {
  std::vector<std::uint32_t> uids;
  for (std::string_view line : Lines(response)) {
    if (line.size() < 8 || Upper(line.substr(0, 8)) != "* SEARCH") {
      continue;
    }
    std::string_view rest = line.substr(8);
    while (!rest.empty()) {
      while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
      }
      const std::size_t end = std::min(rest.find(' '), rest.size());
      if (end == 0) {
        break;
      }
      auto n = ParseNumber(rest.substr(0, end));
      // RFC 3501 §9: nz-number, a 32-bit value above zero.
      if (!n || *n == 0 || *n > 0xffffffffULL) {
        return std::nullopt;
      }
      uids.push_back(static_cast<std::uint32_t>(*n));
      rest.remove_prefix(end);
    }
  }
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

std::optional<std::uint32_t> ParseUidValidity(std::string_view response) {
  for (std::string_view line : Lines(response)) {
    if (Upper(line).starts_with("* STATUS ")) {
      if (auto n = NumberAfter(line, "UIDVALIDITY"); n && *n > 0 && *n <= 0xffffffffULL) {
        return static_cast<std::uint32_t>(*n);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::uint32_t> ParseMessageCount(std::string_view response) {
  for (std::string_view line : Lines(response)) {
    if (Upper(line).starts_with("* STATUS ")) {
      if (auto n = NumberAfter(line, "MESSAGES"); n && *n <= 0xffffffffULL) {
        return static_cast<std::uint32_t>(*n);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::uint64_t> ParseFetchSize(std::string_view response, std::uint32_t uid) {
  for (std::string_view line : Lines(response)) {
    if (!line.starts_with("* ") || Upper(line).find(" FETCH (") == std::string::npos) {
      continue;
    }
    const auto u = NumberAfter(line, "UID");
    const auto size = NumberAfter(line, "RFC822.SIZE");
    if (u && *u == uid && size) {
      return size;
    }
  }
  return std::nullopt;
}

bool ImapErrorIsTemporary(const Error& error) {
  return error.code() == ErrorCode::kUnavailable || error.code() == ErrorCode::kMalformed;
}

}  // namespace cqdt::mail
