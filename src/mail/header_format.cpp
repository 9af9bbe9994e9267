#include "header_format.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>

#include "crypto/crypto.hpp"
#include "utf8.hpp"

namespace cqdt::mail::internal {
namespace {

// "=?UTF-8?B?" + base64 + "?=" stays within 68 characters when the base64 part is at most 56
// characters, that is 42 octets of text: "Subject: " and "Reply-To: " plus one word fit in 78.
constexpr std::size_t kMaxOctetsPerWord = 42;
constexpr std::size_t kLineLimit = 78;

bool IsAtomChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
    return true;
  }
  return c != '\0' && std::strchr("!#$%&'*+-/=?^_`{|}~ ", c) != nullptr;
}

}  // namespace

std::string EncodeWords(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    // Each word ends on a character boundary (RFC 2047 §5 rule 3). Among those, prefer one after
    // a multiple of 3 octets, so that no word but the last carries base64 padding: GMime 3.2
    // joins adjacent words before decoding, and padding in the middle cuts the rest off.
    std::size_t longest = pos;
    std::size_t unpadded = pos;
    std::size_t next = pos;
    while (next < text.size()) {
      char32_t cp = 0;
      NextCodePoint(text, next, cp);
      if (next - pos > kMaxOctetsPerWord) {
        break;
      }
      longest = next;
      if ((next - pos) % 3 == 0) {
        unpadded = next;
      }
    }
    std::size_t end = longest == text.size() || unpadded == pos ? longest : unpadded;
    if (!out.empty()) {
      out += ' ';
    }
    out += "=?UTF-8?B?" + crypto::Base64Encode(text.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string EncodeUnstructured(std::string_view text) {
  if (IsAscii(text) && text.find("=?") == std::string_view::npos) {
    return std::string(text);
  }
  return EncodeWords(text);
}

std::string FormatMailbox(const Mailbox& mailbox) {
  const std::string& name = mailbox.name;
  if (name.empty()) {
    return mailbox.address;
  }
  std::string phrase;
  if (!IsAscii(name) || name.find("=?") != std::string::npos) {
    phrase = EncodeWords(name);
  } else {
    bool atoms_only = name.front() != ' ' && name.back() != ' ';
    for (char c : name) {
      atoms_only = atoms_only && IsAtomChar(c);
    }
    if (atoms_only) {
      phrase = name;
    } else {
      phrase = "\"";
      for (char c : name) {
        if (c == '"' || c == '\\') {
          phrase += '\\';
        }
        phrase += c;
      }
      phrase += '"';
    }
  }
  return phrase + " <" + mailbox.address + ">";
}

std::string FoldHeader(std::string_view name, std::string_view value) {
  // Pieces: the first word, then each run of whitespace with the word after it. A fold goes
  // before a piece, so the whitespace it starts with begins the continuation line.
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == ' ' && i > start && value[i - 1] != ' ') {
      pieces.push_back(value.substr(start, i - start));
      start = i;
    }
  }
  pieces.push_back(value.substr(start));

  std::string out(name);
  out += ": ";
  std::size_t line = out.size();
  bool first = true;
  for (std::string_view piece : pieces) {
    // Never a fold before trailing whitespace: a continuation line of whitespace only is not
    // allowed (RFC 5322 §3.2.2).
    if (!first && line + piece.size() > kLineLimit &&
        piece.find_first_not_of(' ') != std::string_view::npos) {
      out += "\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
    first = false;
  }
  out += "\r\n";
  return out;
}

std::string FormatDate(TimePoint t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // Vietnam's civil time is UTC+7 all year (no daylight saving).
  auto local = std::chrono::floor<std::chrono::seconds>(t) + std::chrono::hours(7);
  auto days = std::chrono::floor<std::chrono::days>(local);
  std::chrono::year_month_day ymd{days};
  std::chrono::hh_mm_ss hms{local - days};
  std::chrono::weekday weekday{days};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04d %02d:%02d:%02d +0700",
                kDays[weekday.c_encoding()], static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buffer;
}

}  // namespace cqdt::mail::internal
