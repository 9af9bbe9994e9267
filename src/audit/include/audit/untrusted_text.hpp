// Text that arrives from outside (a username typed at a failed login, a header value) and is
// worth keeping in the audit trail, kept in a bounded, printable form.
//
// Why: the audit trail is read by people (the viewer, `cqdt audit`, exports), stored forever and
// hashed. A failed login with a 15,000-character username, NUL bytes, terminal escape sequences
// or right-to-left override characters must not bloat the table, break a terminal or make one
// entry look like another. Only what a legitimate value could contain survives as it is.
//
// EscapeUntrusted(s, max):
//  - keeps printable characters of well-formed UTF-8 as they are;
//  - writes a backslash as `\\`, a C0 control character or DEL as `\xNN` (NUL is `\x00`), a C1
//    control character or an invisible formatting character that can reorder or hide text
//    (U+200B..U+200F, U+202A..U+202E, U+2060..U+2064, U+2066..U+2069, U+FEFF) as `\u{XXXX}`,
//    and each byte of ill-formed UTF-8 as `\xNN`, so the result is valid UTF-8 and shows what
//    was sent;
//  - stops after `max_code_points` code points of output, ending in "…" when something was cut.
// Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cqdt::audit {

inline constexpr std::size_t kUntrustedTextMax = 64;

std::string EscapeUntrusted(std::string_view s, std::size_t max_code_points = kUntrustedTextMax);

}  // namespace cqdt::audit
