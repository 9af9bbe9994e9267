// E-mail addresses and mailboxes (an address with an optional display name).
//
// The address check is pragmatic, not the whole RFC 5322 grammar: a dot-atom local part of
// printable ASCII (no quoted local parts, no comments) and a domain of LDH labels.
// Internationalised addresses (IDN, SMTPUTF8) are refused; a caller that needs them converts to
// A-labels first.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace cqdt::mail {

// One mailbox: `address` is "local@domain"; `name` is the display name in UTF-8 (may be empty).
struct Mailbox {
  std::string address;
  std::string name;

  bool operator==(const Mailbox&) const = default;
};

// True for "local@domain" where local is a dot-atom of RFC 5322 atext (at most 64 octets, no
// leading, trailing or doubled dot) and domain passes IsValidDomain. At most 254 octets in all.
bool IsValidAddress(std::string_view address);

// True for a host name of LDH labels: letters, digits and hyphens, 1-63 octets each, no hyphen at
// either end, at most 253 octets; a single label ("localhost") is accepted.
bool IsValidDomain(std::string_view domain);

}  // namespace cqdt::mail
