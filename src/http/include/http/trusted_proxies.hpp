// Which peers may say who the client is: the reverse proxies in front of the server, by address
// or CIDR block ("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"). Only a request whose peer is one
// of them has its X-Forwarded-For and X-Forwarded-Proto honoured; anyone else could write any
// address there and escape the rate limits or forge the audit trail.
//
// Thread safety: immutable after Parse(); every const method may be called from any thread.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cqdt::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts nobody

  // Parses each entry as an IPv4 or IPv6 address or CIDR block. Errors: kInvalidArgument with
  // a Vietnamese message naming the first bad entry.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);
  // 127.0.0.0/8 and ::1: a proxy on this machine.
  static TrustedProxies Loopback();

  bool empty() const { return blocks_.empty(); }
  // True when `address` (textual IPv4 or IPv6; IPv4-mapped IPv6 counts as IPv4) is in a block.
  bool Contains(std::string_view address) const;

  // The client address of a request that came from `peer` with the X-Forwarded-For value
  // `forwarded` (every field joined with ", "; empty when absent). An untrusted peer is the
  // client. From a trusted peer the list is read from the right, each proxy appending the
  // address it received the request from: the first entry that is not a trusted proxy is the
  // client (all trusted: the leftmost). An entry that is not an IP address ends the walk at the
  // last good one, since whatever stands left of it cannot be vouched for.
  std::string ClientAddress(std::string_view peer, std::string_view forwarded) const;

  using Bytes = std::array<unsigned char, 16>;

 private:
  // IPv4 is kept as IPv4-mapped IPv6 (::ffff:a.b.c.d), its prefix raised by 96.
  struct Block {
    Bytes bytes{};
    int prefix = 128;
  };
  static std::optional<Block> ParseBlock(std::string_view address,
                                         std::optional<std::string_view> prefix);
  bool InAnyBlock(const Bytes& address) const;

  std::vector<Block> blocks_;
};

}  // namespace cqdt::http
