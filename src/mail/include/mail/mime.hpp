// Building an outgoing e-mail message (RFC 5322 + MIME) from plain values.
//
// MimeBuilder::Build turns an OutgoingMail into the exact bytes to hand to an SMTP server (and to
// sign with DKIM first): CRLF line ends, these header fields in this order —
//   Date (Vietnam time, +0700), From, Reply-To, To, Cc, Subject, Message-ID, the extra headers,
//   MIME-Version, Content-Type ...
// and the body:
//   text only                      text/plain; charset=utf-8, quoted-printable
//   text + HTML                    multipart/alternative { text/plain, text/html }
//   with attachments               multipart/mixed { the above, each attachment in base64 }
// Display names and the subject are RFC 2047 encoded words (UTF-8, "B") when they are not plain
// ASCII; attachment names are RFC 2231 (Content-Disposition filename*) and RFC 2047 (the
// Content-Type name, for older readers). GMime 3 writes the MIME parts.
//
// Header injection: every value that may come from a person — display names, the subject,
// attachment names and content types, extra header names and values — is refused when it holds
// CR, LF or any other control character (C0, DEL, C1, U+2028/U+2029) or is not UTF-8, so no value
// can end a header field or start another. Addresses must pass IsValidAddress. Nothing is
// repaired silently.
//
// Errors (all field errors are collected, then returned together): InvalidArgument with
// FieldErrors named like JSON paths — "from.address", "from.name", "to[1].address",
// "replyTo.name", "cc[0].address", "subject", "text", "html", "attachments[0].filename",
// "attachments[0].contentType", "headers[2].name", "headers[2].value", "messageIdDomain" — and
// codes "required", "format", "control-characters", "encoding", "too-long", "reserved".
//
// Thread safety: a MimeBuilder is immutable after construction; Build may be called from many
// threads at once if the clock and the random source are safe to call concurrently (SystemClock
// and crypto::RandomHex are).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "mail/address.hpp"

namespace cqdt::mail {

struct Attachment {
  std::string filename;      // UTF-8, no control characters, no '/' or '\\', at most 255 octets
  std::string content_type;  // "type/subtype" only, e.g. "application/pdf"
  std::string bytes;
};

// An extra header field, e.g. {"List-Unsubscribe", "<https://...>, <mailto:...>"},
// {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}, {"Auto-Submitted", "auto-generated"}.
// The name is RFC 5322 ftext (printable ASCII but ':'); the fields the builder writes itself, the
// Content-* fields and trace or authentication fields are refused as "reserved". An ASCII value
// is written as given (folded at its spaces); a non-ASCII one as RFC 2047 encoded words.
struct HeaderField {
  std::string name;
  std::string value;
};

struct OutgoingMail {
  Mailbox from;
  std::vector<Mailbox> to;  // at least one
  std::vector<Mailbox> cc;
  std::optional<Mailbox> reply_to;
  std::string subject;              // at most 900 octets
  std::string text;                 // the plain-text body; LF or CRLF line ends
  std::optional<std::string> html;  // the HTML alternative, if any
  std::vector<Attachment> attachments;
  std::vector<HeaderField> headers;
  // The right-hand side of the Message-ID, normally the sending domain ("angiang.gov.vn").
  std::string message_id_domain;
  // The Message-ID to write (without angle brackets), when the caller keeps one for resends;
  // "" = a new random one at `message_id_domain`.
  std::string message_id;
};

struct BuiltMail {
  std::string bytes;       // the whole message, CRLF line ends
  std::string message_id;  // as in the Message-ID field without the angle brackets
};

// Returns `bytes` random bytes as lower-case hex (crypto::RandomHex by default). Used for the
// Message-ID's left-hand side (16 bytes) and the MIME boundaries (12 bytes each).
using RandomHexSource = std::function<std::string(std::size_t bytes)>;

class MimeBuilder {
 public:
  // `clock` must outlive the builder. Tests pass a FakeClock and a counting random source, which
  // makes the output byte-for-byte reproducible.
  explicit MimeBuilder(const Clock& clock, RandomHexSource random = {});

  Result<BuiltMail> Build(const OutgoingMail& mail) const;

 private:
  const Clock& clock_;
  RandomHexSource random_;
};

// The checks Build makes, without building: Ok, or InvalidArgument with every FieldError.
Status ValidateOutgoingMail(const OutgoingMail& mail);

}  // namespace cqdt::mail
