#include "http/trusted_proxies.hpp"

#include <gtest/gtest.h>

namespace cqdt::http {
namespace {

TrustedProxies Parsed(const std::vector<std::string>& entries) {
  auto proxies = TrustedProxies::Parse(entries);
  EXPECT_TRUE(proxies) << (proxies ? "" : proxies.error().message());
  return proxies ? *proxies : TrustedProxies();
}

TEST(TrustedProxiesTest, MatchesAddressesAndCidrBlocks) {
  const TrustedProxies proxies =
      Parsed({"127.0.0.1", "10.0.0.0/8", " 192.168.1.0/24 ", "fd00::/8"});
  EXPECT_TRUE(proxies.Contains("127.0.0.1"));
  EXPECT_FALSE(proxies.Contains("127.0.0.2"));
  EXPECT_TRUE(proxies.Contains("10.200.3.4"));
  EXPECT_FALSE(proxies.Contains("11.0.0.1"));
  EXPECT_TRUE(proxies.Contains("192.168.1.77"));
  EXPECT_FALSE(proxies.Contains("192.168.2.1"));
  EXPECT_TRUE(proxies.Contains("fd12:3456::1"));
  EXPECT_FALSE(proxies.Contains("fe80::1"));
  // A dual-stack listener sees IPv4 peers as IPv4-mapped IPv6.
  EXPECT_TRUE(proxies.Contains("::ffff:10.1.2.3"));
  EXPECT_FALSE(proxies.Contains("not-an-ip"));
  EXPECT_FALSE(proxies.Contains(""));
}

TEST(TrustedProxiesTest, TrustsNobodyByDefault) {
  const TrustedProxies nobody;
  EXPECT_TRUE(nobody.empty());
  EXPECT_FALSE(nobody.Contains("127.0.0.1"));
  EXPECT_EQ(nobody.ClientAddress("127.0.0.1", "203.0.113.9"), "127.0.0.1");
  const TrustedProxies loopback = TrustedProxies::Loopback();
  EXPECT_TRUE(loopback.Contains("127.0.0.1"));
  EXPECT_TRUE(loopback.Contains("127.9.9.9"));
  EXPECT_TRUE(loopback.Contains("::1"));
  EXPECT_FALSE(loopback.Contains("10.0.0.1"));
}

TEST(TrustedProxiesTest, RefusesEntriesThatAreNotAddressesOrBlocks) {
  for (const char* bad : {"", "proxy.example", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x",
                          "10.1.2.3/8", "fd00::/129", "256.0.0.1", "10.0.0.0/8/8"}) {
    const auto parsed = TrustedProxies::Parse({"127.0.0.1", bad});
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message().find(std::string("'") + bad + "'"), std::string::npos)
        << parsed.error().message();
  }
  EXPECT_TRUE(TrustedProxies::Parse({"0.0.0.0/0", "::/0", "10.0.0.0/32"}));
}

TEST(TrustedProxiesTest, IgnoresForwardedForFromAnUntrustedPeer) {
  const TrustedProxies proxies = Parsed({"10.0.0.0/8"});
  EXPECT_EQ(proxies.ClientAddress("198.51.100.7", "203.0.113.9"), "198.51.100.7");
}

TEST(TrustedProxiesTest, TakesTheFirstUntrustedAddressFromTheRight) {
  const TrustedProxies proxies = Parsed({"127.0.0.1", "10.0.0.0/8"});
  // nginx on loopback appended the client it saw.
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "203.0.113.9"), "203.0.113.9");
  // The client claimed an address of its own, left of what the proxy saw: not believed.
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "1.2.3.4, 203.0.113.9"), "203.0.113.9");
  // Two trusted proxies in a row (a load balancer in 10/8, then nginx).
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.5"), "203.0.113.9");
  // Only trusted hops: the leftmost is the best there is.
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "10.0.0.9, 10.0.0.5"), "10.0.0.9");
  // Garbage ends the walk at the last address that was vouched for.
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "not-an-ip"), "127.0.0.1");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "203.0.113.9, junk, 10.0.0.5"), "10.0.0.5");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", ", 10.0.0.5"), "10.0.0.5");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", ""), "127.0.0.1");
  // Canonical text, IPv4-mapped written as IPv4, so that one client is one rate-limit key.
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "2001:DB8:0:0::1"), "2001:db8::1");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", "::ffff:203.0.113.9"), "203.0.113.9");
}

}  // namespace
}  // namespace cqdt::http
