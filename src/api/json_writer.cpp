#include "json_writer.hpp"

#include <array>
#include <charconv>

namespace cqdt::api {

void JsonWriter::Separate() {
  if (need_comma_) {
    out_ += ',';
  }
}

JsonWriter& JsonWriter::Open(char bracket) {
  Separate();
  out_ += bracket;
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::Close(char bracket) {
  out_ += bracket;
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view name) {
  Separate();
  out_ += '"';
  out_ += name;
  out_ += "\":";
  need_comma_ = false;
  return *this;
}

namespace {

// How String() treats each byte: copied as it is, escaped, or the lead of a UTF-8 sequence.
enum : unsigned char { kPlain, kEscape, kLead, kInvalid };

constexpr std::array<unsigned char, 256> MakeByteClasses() {
  std::array<unsigned char, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    if (c < 0x20 || c == '"' || c == '\\') {
      classes[c] = kEscape;
    } else if (c < 0x80) {
      classes[c] = kPlain;
    } else if (c >= 0xc2 && c <= 0xf4) {
      classes[c] = kLead;
    } else {
      classes[c] = kInvalid;  // a continuation byte without a lead, 0xc0, 0xc1, 0xf5..0xff
    }
  }
  return classes;
}

constexpr std::array<unsigned char, 256> kByteClasses = MakeByteClasses();

// The length of the valid UTF-8 sequence starting at s[i] (a lead byte), or 0 (RFC 3629: no
// overlongs, no surrogates, nothing above U+10FFFF).
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t length = 2;
  unsigned char lo = 0x80;
  unsigned char hi = 0xbf;
  if (c >= 0xe0 && c <= 0xef) {
    length = 3;
    lo = c == 0xe0 ? 0xa0 : 0x80;
    hi = c == 0xed ? 0x9f : 0xbf;
  } else if (c >= 0xf0) {
    length = 4;
    lo = c == 0xf0 ? 0x90 : 0x80;
    hi = c == 0xf4 ? 0x8f : 0xbf;
  }
  if (i + length > s.size()) {
    return 0;
  }
  const auto second = static_cast<unsigned char>(s[i + 1]);
  if (second < lo || second > hi) {
    return 0;
  }
  for (std::size_t k = 2; k < length; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) {
      return 0;
    }
  }
  return length;
}

}  // namespace

JsonWriter& JsonWriter::String(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  Separate();
  out_ += '"';
  std::size_t plain = 0;  // start of the run of bytes copied as they are
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char kind = kByteClasses[static_cast<unsigned char>(s[i])];
    if (kind == kPlain) {
      ++i;
      continue;
    }
    if (kind == kLead) {
      if (const std::size_t length = Utf8SequenceLength(s, i)) {
        i += length;
        continue;
      }
    }
    out_.append(s.data() + plain, i - plain);
    const auto c = static_cast<unsigned char>(s[i]);
    if (kind != kEscape) {
      out_ += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not valid UTF-8
    } else if (c == '"') {
      out_ += "\\\"";
    } else if (c == '\\') {
      out_ += "\\\\";
    } else if (c == '\b') {
      out_ += "\\b";
    } else if (c == '\f') {
      out_ += "\\f";
    } else if (c == '\n') {
      out_ += "\\n";
    } else if (c == '\r') {
      out_ += "\\r";
    } else if (c == '\t') {
      out_ += "\\t";
    } else {
      out_ += "\\u00";
      out_ += kHex[c >> 4];
      out_ += kHex[c & 0x0f];
    }
    plain = ++i;
  }
  out_.append(s.data() + plain, s.size() - plain);
  out_ += '"';
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Int(std::int64_t value) {
  Separate();
  std::array<char, 24> buf;
  const auto result = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  out_.append(buf.data(), result.ptr);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  Separate();
  out_ += value ? "true" : "false";
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  out_ += "null";
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Value(const nlohmann::json& value) {
  Separate();
  out_ += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  need_comma_ = true;
  return *this;
}

}  // namespace cqdt::api
