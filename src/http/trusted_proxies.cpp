#include "http/trusted_proxies.hpp"

#include <charconv>

#include <boost/asio/ip/address.hpp>

#include "core/text.hpp"

namespace cqdt::http {
namespace {

namespace ip = boost::asio::ip;

using Bytes = TrustedProxies::Bytes;

// Untrusted input (a header) or configuration: std::nullopt for anything but a bare address.
std::optional<Bytes> ParseAddress(std::string_view text) {
  boost::system::error_code ec;
  const ip::address address = ip::make_address(std::string(text), ec);
  if (ec) {
    return std::nullopt;
  }
  if (address.is_v4()) {
    return ip::make_address_v6(ip::v4_mapped, address.to_v4()).to_bytes();
  }
  if (address.to_v6().scope_id() != 0) {
    return std::nullopt;  // "fe80::1%eth0": a zone names an interface, not a proxy
  }
  return address.to_v6().to_bytes();
}

bool InBlock(const Bytes& address, const Bytes& block, int prefix) {
  for (int bit = 0; bit < prefix; bit += 8) {
    const int bits = std::min(8, prefix - bit);
    const auto mask = static_cast<unsigned char>(0xFF << (8 - bits));
    if ((address[bit / 8] & mask) != (block[bit / 8] & mask)) {
      return false;
    }
  }
  return true;
}

// The canonical text of an address, IPv4-mapped IPv6 written as IPv4 (what the session writes
// for a peer, so that rate limits count one client under one key).
std::string Canonical(const Bytes& bytes) {
  const ip::address_v6 v6(bytes);
  if (v6.is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, v6).to_string();
  }
  return v6.to_string();
}

}  // namespace

// "10.0.0.0" + "8": the block, or nullopt for a bad address, a bad prefix, or host bits set
// ("10.1.2.3/8" is almost certainly a typo for 10.0.0.0/8, not a wish to trust all of 10/8).
std::optional<TrustedProxies::Block> TrustedProxies::ParseBlock(
    std::string_view address, std::optional<std::string_view> prefix_text) {
  const auto bytes = ParseAddress(address);
  if (!bytes) {
    return std::nullopt;
  }
  const bool v4 = address.find(':') == std::string_view::npos;
  const int width = v4 ? 32 : 128;
  int prefix = width;
  if (prefix_text) {
    const char* first = prefix_text->data();
    const char* last = first + prefix_text->size();
    const auto [end, ec] = std::from_chars(first, last, prefix);
    if (prefix_text->empty() || ec != std::errc() || end != last || prefix < 0 || prefix > width) {
      return std::nullopt;
    }
  }
  Block block;
  block.bytes = *bytes;
  block.prefix = v4 ? prefix + 96 : prefix;
  Bytes network{};
  for (int bit = 0; bit < block.prefix; ++bit) {
    network[bit / 8] |= block.bytes[bit / 8] & static_cast<unsigned char>(0x80 >> (bit % 8));
  }
  if (network != block.bytes) {
    return std::nullopt;
  }
  return block;
}

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies proxies;
  for (const std::string& entry : entries) {
    const std::string_view text = TrimSpaces(entry);
    const std::size_t slash = text.find('/');
    const std::optional<Block> block = ParseBlock(
        text.substr(0, slash),
        slash == std::string_view::npos ? std::nullopt : std::optional(text.substr(slash + 1)));
    if (!block) {
      return Error::InvalidField("trusted_proxies", "format",
                                 "Địa chỉ proxy tin cậy không hợp lệ: '" + std::string(text) +
                                     "' (cần địa chỉ IP hoặc khối CIDR như 10.0.0.0/8).");
    }
    proxies.blocks_.push_back(*block);
  }
  return proxies;
}

TrustedProxies TrustedProxies::Loopback() {
  auto proxies = Parse({"127.0.0.0/8", "::1"});
  return proxies ? std::move(*proxies) : TrustedProxies();
}

bool TrustedProxies::Contains(std::string_view address) const {
  if (blocks_.empty()) {
    return false;
  }
  const auto bytes = ParseAddress(address);
  if (!bytes) {
    return false;
  }
  return InAnyBlock(*bytes);
}

bool TrustedProxies::InAnyBlock(const Bytes& address) const {
  for (const Block& block : blocks_) {
    if (InBlock(address, block.bytes, block.prefix)) {
      return true;
    }
  }
  return false;
}

std::string TrustedProxies::ClientAddress(std::string_view peer, std::string_view forwarded) const {
  std::string client(peer);
  if (forwarded.empty() || !Contains(peer)) {
    return client;
  }
  // Untrusted input, read from the right: each entry was appended by the proxy that received the
  // request from it, so only entries up to the first untrusted one are vouched for.
  std::size_t end = forwarded.size();
  for (;;) {
    const std::size_t comma = end == 0 ? std::string_view::npos : forwarded.rfind(',', end - 1);
    const std::size_t begin = comma == std::string_view::npos ? 0 : comma + 1;
    const auto bytes = ParseAddress(TrimSpaces(forwarded.substr(begin, end - begin)));
    if (!bytes) {
      return client;
    }
    client = Canonical(*bytes);
    if (begin == 0 || !InAnyBlock(*bytes)) {
      return client;
    }
    end = comma;
  }
}

}  // namespace cqdt::http
