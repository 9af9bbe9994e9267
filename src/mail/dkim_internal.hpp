// Private: splitting raw messages into header fields and reading DKIM tag lists.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cqdt::mail::internal {

// A bare LF becomes CRLF; CRLF stays. (Messages read from files often have LF line ends; DKIM
// is defined over CRLF.)
std::string ToCrlf(std::string_view message);

struct RawField {
  std::string name;      // lower-case, as before the colon (whitespace trimmed)
  std::string_view raw;  // the whole field with its continuation lines and final CRLF
};

struct RawMessage {
  std::vector<RawField> fields;
  std::string_view body;  // after the empty line; empty when there is none
  bool has_separator = false;
};

// `message` must use CRLF line ends. A line of the header without a colon becomes a field with an
// empty name (it never matches).
RawMessage SplitMessage(std::string_view message);

// A DKIM tag list (RFC 6376 §3.2): "v=1; a=rsa-sha256; ..." into (name, value) pairs with
// whitespace around names and values trimmed (inner folding kept). nullopt for a malformed list
// or a duplicate tag.
std::optional<std::vector<std::pair<std::string, std::string>>> ParseTagList(std::string_view text);

// The value of the field `raw` ("DKIM-Signature: v=1; ...; b=XXX\r\n") with the value of its b=
// tag removed (RFC 6376 §3.5: the signature is computed with b= empty).
std::string RemoveSignatureValue(std::string_view raw);

// Whitespace (SP, TAB, CR, LF) removed: base64 values of b= and bh= may be folded.
std::string StripWhitespace(std::string_view s);

}  // namespace cqdt::mail::internal
