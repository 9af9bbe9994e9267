// Reading an incoming e-mail message (documents received by e-mail, issue 15 item 3).
//
// ParseMail reads untrusted bytes with GMime 3 within limits: the total size is checked before
// anything is parsed; the bytes are cut before the line that would make more than 2 * max_parts
// + 8 possible boundary lines or 20 000 header-like lines (GMime would hold an object for each);
// the MIME tree is walked to at most `max_depth` levels and `max_parts` entities; and a part
// whose decoded content exceeds `max_attachment_bytes` is skipped. Message
// parts (message/rfc822, a forwarded message) are walked like multiparts, one level deeper. Nothing
// is decompressed (a ZIP attachment is returned as bytes, however it would inflate).
//
// What comes back is always safe to show and to store: every string is well-formed UTF-8; header
// values (subject, names, addresses, Message-ID) hold no control characters (each becomes a
// space); bodies keep only TAB and LF (CRLF becomes LF); attachment names are sanitised (see
// SanitiseAttachmentName). Anything odd is reported in `warnings` with a stable code and a
// Vietnamese sentence, never by failing:
//   "malformed-structure"   the MIME structure is broken (GMime repaired or skipped something)
//   "truncated"             the message ends before its structure does
//   "malformed-header"      a header field GMime could not read as such
//   "malformed-encoded-word" an RFC 2047 word that could not be decoded
//   "unencoded-header"      8-bit octets in a header (decoded with fallback charsets)
//   "invalid-address"       an address list or an address that is not a valid addr-spec
//   "header-control-characters" control characters removed from a header value
//   "unknown-charset"       a body in a charset that cannot be converted (ill-formed bytes became
//                           U+FFFD)
//   "name-sanitised"        an attachment's name was changed to be safe
//   "name-missing"          an attachment had no name; "tep-dinh-kem-N" was given
//   "part-too-large"        a part was skipped for its size
//   "too-many-parts"        the walk stopped at max_parts (or the bytes were cut, see above)
//   "too-many-headers"      the bytes were cut at the 20 000th header-like line
//   "too-deep"              parts nested deeper than max_depth were skipped
//   "no-body"               neither a text nor an HTML body was found
// Each code is reported once per message (the first occurrence's sentence).
//
// Body selection: the first inline text/plain part is `text`; the first inline text/html part is
// `html`; when there is no text/plain, `text` is the HTML converted crudely to plain text
// (`text_from_html`). Every other leaf part — attachments, inline images, further text parts,
// calendar invitations, S/MIME signatures — is an attachment, so nothing is lost.
//
// Errors: TooLarge when the input exceeds max_total_bytes; Malformed only when GMime cannot make a
// message of the bytes at all (empty input, or bytes that do not begin with a header field).
// Never throws for any input.
//
// Thread safety: pure function; safe to call from many threads at once.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "mail/address.hpp"

namespace cqdt::mail {

struct ParseLimits {
  std::size_t max_total_bytes = 40u << 20;
  int max_parts = 200;
  int max_depth = 10;
  std::size_t max_attachment_bytes = 30u << 20;
  std::size_t max_filename_octets = 150;
};

struct ParseWarning {
  std::string code;     // stable, see above
  std::string message;  // Vietnamese, safe to show
};

struct ReceivedAttachment {
  std::string filename;           // sanitised, never empty
  std::string original_filename;  // as sent, decoded, controls replaced by U+FFFD ("" if none)
  std::string content_type;       // lower-case "type/subtype"
  std::string bytes;              // decoded content
};

struct ParsedMail {
  std::optional<Mailbox> from;
  std::vector<Mailbox> to;
  std::vector<Mailbox> cc;
  std::string subject;
  std::optional<TimePoint> date;
  std::string message_id;  // without angle brackets
  std::string text;        // LF line ends
  std::string html;
  bool text_from_html = false;
  std::vector<ReceivedAttachment> attachments;
  std::vector<ParseWarning> warnings;

  bool HasWarning(std::string_view code) const;
};

Result<ParsedMail> ParseMail(std::string_view bytes, const ParseLimits& limits = {});

// A safe file name for an attachment: ill-formed UTF-8 replaced, NFC; controls, bidirectional
// overrides and invisible marks removed; path separators and the characters Windows forbids
// (/ \ : * ? " < > |) replaced by '_'; leading dots and spaces and trailing dots and spaces
// removed; Windows device names (CON, NUL, COM1...) prefixed with '_'; cut to `max_octets` keeping
// the extension and whole characters. An empty result becomes "tep-dinh-kem-<index>" with an
// extension guessed from `content_type` (".pdf", ".docx", ...). `changed` is true when the result
// differs from the NFC form of the input (an empty input counts as changed).
struct SanitisedName {
  std::string name;
  bool changed = false;
};
SanitisedName SanitiseAttachmentName(std::string_view raw, int index, std::string_view content_type,
                                     std::size_t max_octets = 150);

}  // namespace cqdt::mail
