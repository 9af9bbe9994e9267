#include "stream_checks.hpp"

#include <cstdlib>
#include <string>

namespace cqdt::pdf::internal {
namespace {

// PoDoFo's RecursionGuard limit: deeper values fail to parse there too.
constexpr int kMaxNesting = 256;

bool IsWhitespace(char c) {
  return c == '\0' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

bool IsDelimiter(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}

// Skips whitespace and comments (a comment runs to the end of its line).
std::size_t SkipSpace(std::string_view d, std::size_t pos) {
  while (pos < d.size()) {
    if (IsWhitespace(d[pos])) {
      ++pos;
    } else if (d[pos] == '%') {
      while (pos < d.size() && d[pos] != '\r' && d[pos] != '\n') {
        ++pos;
      }
    } else {
      break;
    }
  }
  return pos;
}

// A plain token (number, keyword, or the characters of a name after its '/').
std::size_t SkipRegular(std::string_view d, std::size_t pos) {
  while (pos < d.size() && !IsWhitespace(d[pos]) && !IsDelimiter(d[pos])) {
    ++pos;
  }
  return pos;
}

// After the opening '(' of a literal string: balanced parentheses need no escape; a backslash
// escapes the next character (an octal escape's further digits are not parentheses anyway).
std::optional<std::size_t> LiteralStringEnd(std::string_view d, std::size_t pos) {
  int balance = 0;
  while (pos < d.size()) {
    const char c = d[pos++];
    if (c == '\\') {
      ++pos;
    } else if (c == '(') {
      ++balance;
    } else if (c == ')') {
      if (balance == 0) {
        return pos;
      }
      --balance;
    }
  }
  return std::nullopt;  // PoDoFo would read to the end of the data
}

// The next integer token, as PoDoFo's GetNextNumber reads it (strtol on the token).
std::optional<std::int64_t> NextInteger(std::string_view d, std::size_t& pos) {
  pos = SkipSpace(d, pos);
  if (pos >= d.size() || IsDelimiter(d[pos])) {
    return std::nullopt;
  }
  const std::size_t end = SkipRegular(d, pos);
  const std::string token(d.substr(pos, end - pos));
  pos = end;
  char* stop = nullptr;
  const long long v = std::strtoll(token.c_str(), &stop, 10);
  if (stop == token.c_str()) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(v);
}

std::uint64_t Field(std::string_view entry, std::size_t from, std::int64_t width) {
  std::uint64_t v = 0;
  for (std::int64_t i = 0; i < width; ++i) {
    v = (v << 8) | static_cast<unsigned char>(entry[from + static_cast<std::size_t>(i)]);
  }
  return v;
}

}  // namespace

std::optional<std::size_t> ScanValueEnd(std::string_view d, std::size_t pos) {
  // Containers open: '[' for arrays, '<' for dictionaries.
  std::string open;
  for (;;) {
    pos = SkipSpace(d, pos);
    if (pos >= d.size()) {
      return std::nullopt;
    }
    const char c = d[pos];
    if (c == '(') {
      auto end = LiteralStringEnd(d, pos + 1);
      if (!end) {
        return std::nullopt;
      }
      pos = *end;
    } else if (c == '<' && pos + 1 < d.size() && d[pos + 1] == '<') {
      if (open.size() >= kMaxNesting) {
        return std::nullopt;
      }
      open.push_back('<');
      pos += 2;
      continue;
    } else if (c == '<') {
      const std::size_t close = d.find('>', pos + 1);
      if (close == std::string_view::npos) {
        return std::nullopt;  // PoDoFo would read to the end of the data
      }
      pos = close + 1;
    } else if (c == '>') {
      if (pos + 1 >= d.size() || d[pos + 1] != '>' || open.empty() || open.back() != '<') {
        return std::nullopt;
      }
      open.pop_back();
      pos += 2;
    } else if (c == '[') {
      if (open.size() >= kMaxNesting) {
        return std::nullopt;
      }
      open.push_back('[');
      ++pos;
      continue;
    } else if (c == ']') {
      if (open.empty() || open.back() != '[') {
        return std::nullopt;
      }
      open.pop_back();
      ++pos;
    } else if (c == '/') {
      pos = SkipRegular(d, pos + 1);
    } else if (c == ')' || c == '{' || c == '}') {
      return std::nullopt;
    } else {
      pos = SkipRegular(d, pos);
    }
    if (open.empty()) {
      return pos;
    }
  }
}

Status CheckObjectStream(std::string_view decoded, std::int64_t n, std::int64_t first) {
  if (n <= 0) {
    return Ok();  // PoDoFo reads no object
  }
  if (n > kMaxObjectsPerStream) {
    return Error::TooLarge("Tệp PDF có luồng đối tượng (object stream) chứa hơn " +
                           std::to_string(kMaxObjectsPerStream) +
                           " đối tượng; hệ thống không xử lý tệp này.");
  }
  const Error malformed =
      Error::Malformed("Tệp PDF có luồng đối tượng (object stream) không hợp lệ.");
  if (first < 0 || first > static_cast<std::int64_t>(decoded.size())) {
    return malformed;
  }
  std::vector<std::size_t> starts;
  starts.reserve(static_cast<std::size_t>(n));
  std::size_t pos = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const auto number = NextInteger(decoded, pos);
    const auto offset = NextInteger(decoded, pos);
    if (!number || !offset || *offset < 0 ||
        *offset >= static_cast<std::int64_t>(decoded.size()) - first) {
      return malformed;
    }
    const auto start = static_cast<std::size_t>(first + *offset);
    // Each object after the previous one: PoDoFo parses every listed object from its offset,
    // so repeated or backward offsets would parse the same bytes again and again.
    if (!starts.empty() && start <= starts.back()) {
      return malformed;
    }
    starts.push_back(start);
  }
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const auto end = ScanValueEnd(decoded, starts[i]);
    const std::size_t limit = i + 1 < starts.size() ? starts[i + 1] : decoded.size();
    // An object that runs into the next one (an unclosed array) would make PoDoFo parse the
    // following objects twice, or more with deeper nesting.
    if (!end || *end > limit) {
      return malformed;
    }
  }
  return Ok();
}

Status XRefStreamCheck::Add(const std::int64_t (&widths)[3], const std::vector<std::int64_t>& index,
                            std::string_view decoded) {
  for (std::int64_t w : widths) {
    if (w < 0 || w > 4) {
      return Ok();  // PoDoFo refuses these widths itself
    }
  }
  const std::int64_t entry_size = widths[0] + widths[1] + widths[2];
  if (index.size() % 2 != 0) {
    return Ok();  // PoDoFo refuses it
  }
  const Error malformed =
      Error::Malformed("Tệp PDF có bảng tham chiếu chéo (xref stream) không hợp lệ.");
  std::size_t pos = 0;
  for (std::size_t k = 0; k < index.size(); k += 2) {
    std::int64_t number = index[k];
    std::int64_t count = index[k + 1];
    if (count > 0 && entry_size == 0 && !decoded.empty()) {
      // PoDoFo's loop would never reach the end of the data: `count` iterations, up to 2^63.
      return malformed;
    }
    for (; count > 0; --count, ++number) {
      // PoDoFo stops here with an error of its own: at the end of the data (its own test, which
      // also ends a subsection of entries of no width once the data is empty) or short of an
      // entry. Without the first test an empty stream of zero-width entries kept this loop
      // going `count` times (up to 2^63: a fuzzer's 1.7 KB file ran for minutes).
      if (pos >= decoded.size() || pos + static_cast<std::size_t>(entry_size) > decoded.size()) {
        return Ok();
      }
      const std::string_view entry = decoded.substr(pos, static_cast<std::size_t>(entry_size));
      pos += static_cast<std::size_t>(entry_size);
      // PoDoFo records only object numbers inside its table (at most kMaxObjects), the first
      // time it sees them.
      if (number < 0 || number >= kMaxObjects || seen_[static_cast<std::size_t>(number)]) {
        continue;
      }
      seen_[static_cast<std::size_t>(number)] = true;
      const std::uint64_t type = widths[0] == 0 ? 1 : Field(entry, 0, widths[0]);
      const auto second =
          static_cast<std::int64_t>(Field(entry, static_cast<std::size_t>(widths[0]), widths[1]));
      if (type == 1 && second > 0) {
        // Two object numbers at one offset: PoDoFo would create (and sort in) one object per
        // number from the same bytes, a million of them from a few kilobytes.
        auto [it, inserted] = object_at_offset_.emplace(second, number);
        if (!inserted && it->second != number) {
          return malformed;
        }
      } else if (type == 2) {
        if (++entries_per_stream_[second] > kMaxObjectsPerStream) {
          return Error::TooLarge("Tệp PDF có luồng đối tượng (object stream) chứa hơn " +
                                 std::to_string(kMaxObjectsPerStream) +
                                 " đối tượng; hệ thống không xử lý tệp này.");
        }
      }
    }
  }
  return Ok();
}

}  // namespace cqdt::pdf::internal
