#include "audit/untrusted_text.hpp"

#include <cstdint>
#include <cstdio>

namespace cqdt::audit {
namespace {

// The length of the well-formed UTF-8 sequence at s[i] and its code point, or 0 when the bytes
// there are ill-formed (overlong, surrogate, above U+10FFFF, truncated).
std::size_t DecodeOne(std::string_view s, std::size_t i, std::uint32_t& cp) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t n = 0;
  std::uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return n;
}

// Characters that are invisible or reorder the text around them (bidi overrides, zero-width
// joiners, BOM): shown escaped so that an entry cannot disguise itself as another.
bool IsHiddenFormatting(std::uint32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

std::string Hex2(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02X", b);
  return buf;
}

std::string CodePointEscape(std::uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(cp));
  return buf;
}

}  // namespace

std::string EscapeUntrusted(std::string_view s, std::size_t max_code_points) {
  std::string out;
  std::size_t used = 0;  // code points written (escape sequences are ASCII: one per character)
  const std::size_t budget = max_code_points > 0 ? max_code_points - 1 : 0;  // room for "…"
  std::size_t i = 0;
  while (i < s.size()) {
    std::uint32_t cp = 0;
    std::size_t n = DecodeOne(s, i, cp);
    std::string piece;
    std::size_t width = 0;
    if (n == 0) {
      piece = Hex2(static_cast<unsigned char>(s[i]));
      n = 1;
    } else if (cp < 0x20 || cp == 0x7F) {
      piece = Hex2(static_cast<unsigned char>(cp));
    } else if (cp == '\\') {
      piece = "\\\\";
    } else if ((cp >= 0x80 && cp <= 0x9F) || IsHiddenFormatting(cp)) {
      piece = CodePointEscape(cp);
    } else {
      piece.assign(s.substr(i, n));
      width = 1;
    }
    if (width == 0) {
      width = piece.size();
    }
    // Stop when this piece would not leave room for the ellipsis, unless it is the last one and
    // fits exactly.
    bool last = i + n == s.size();
    if (used + width > budget && !(last && used + width <= max_code_points)) {
      if (max_code_points > 0) {
        // i18n: Vietnamese only (an ellipsis, the same in every language)
        out += "…";
        // i18n: end
      }
      return out;
    }
    out += piece;
    used += width;
    i += n;
  }
  return out;
}

}  // namespace cqdt::audit
