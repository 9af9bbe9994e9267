// Private: UTF-8 decoding and the character classes the mail module refuses or removes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cqdt::mail::internal {

// Decodes the code point at `pos` and advances `pos` past it. Returns false for a byte that does
// not start a well-formed sequence (overlong, surrogate, above U+10FFFF, truncated); `pos` then
// advances by one byte.
bool NextCodePoint(std::string_view s, std::size_t& pos, char32_t& cp);
bool IsValidUtf8(std::string_view s);
void AppendUtf8(std::string& out, char32_t cp);
// `s` with every ill-formed byte replaced by U+FFFD.
std::string ToValidUtf8(std::string_view s);

// C0 controls (TAB, CR and LF included), DEL, C1 controls, and U+2028/U+2029, which some readers
// treat as line breaks: none may appear in a header field that a person supplied.
bool IsControl(char32_t cp);
// Invisible characters that change how a name reads (bidirectional overrides and marks, the
// byte-order mark): "hoa-don" U+202E "fdp.exe" displays as "hoa-donexe.pdf".
bool IsBidiOrInvisible(char32_t cp);
// True when `s` (any bytes) holds a control character by IsControl (decoding what is UTF-8).
bool HasControl(std::string_view s);

bool IsAscii(std::string_view s);
std::string LowerAscii(std::string_view s);

}  // namespace cqdt::mail::internal
