// Private: writing RFC 5322 header fields: RFC 2047 encoded words, mailboxes, folding, dates.
// Inputs are already validated (no control characters, well-formed UTF-8).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "mail/address.hpp"

namespace cqdt::mail::internal {

// `text` as RFC 2047 "B" encoded words in UTF-8 separated by single spaces, each at most 75
// characters and never splitting a character (RFC 2047 §5 rule 3).
std::string EncodeWords(std::string_view text);

// Unstructured text (Subject, other free text): as-is when it is ASCII and holds nothing a
// decoder would take for an encoded word ("=?"); otherwise wholly encoded.
std::string EncodeUnstructured(std::string_view text);

// "name <address>": an atom-only ASCII name as-is, another ASCII name as a quoted string, a
// non-ASCII one (or one holding "=?") as encoded words; just "address" when there is no name.
std::string FormatMailbox(const Mailbox& mailbox);

// "Name: value\r\n", folded (a CRLF inserted before whitespace outside quoted strings) so that
// lines stay within 78 characters where the value allows it; unfolding gives `value` back.
std::string FoldHeader(std::string_view name, std::string_view value);

// RFC 5322 §3.3 date in Vietnam's civil time: "Thu, 05 Mar 2026 10:00:00 +0700".
std::string FormatDate(TimePoint t);

}  // namespace cqdt::mail::internal
