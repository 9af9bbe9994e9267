#include "audit/untrusted_text.hpp"

#include <gtest/gtest.h>

namespace cqdt::audit {
namespace {

std::size_t CodePoints(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    n += (c & 0xC0) != 0x80 ? 1 : 0;
  }
  return n;
}

TEST(EscapeUntrustedTest, KeepsOrdinaryUsernamesAsTheyAre) {
  EXPECT_EQ(EscapeUntrusted("lanhdao.snv"), "lanhdao.snv");
  EXPECT_EQ(EscapeUntrusted("Nguyễn Văn An"), "Nguyễn Văn An");
  EXPECT_EQ(EscapeUntrusted(""), "");
  EXPECT_EQ(EscapeUntrusted(std::string(64, 'a')), std::string(64, 'a'));
}

TEST(EscapeUntrustedTest, EscapesControlCharactersBackslashesAndBrokenUtf8) {
  EXPECT_EQ(EscapeUntrusted(std::string("ad\0min", 6)), "ad\\x00min");
  EXPECT_EQ(EscapeUntrusted("a\r\nb\x1b[31m"), "a\\x0D\\x0Ab\\x1B[31m");
  EXPECT_EQ(EscapeUntrusted("a\\x00"), "a\\\\x00");  // a literal backslash cannot fake an escape
  EXPECT_EQ(EscapeUntrusted("\xC3\x28"), "\\xC3(");
  EXPECT_EQ(EscapeUntrusted("\xED\xA0\x80"), "\\xED\\xA0\\x80");  // a UTF-16 surrogate
  EXPECT_EQ(EscapeUntrusted("admin\u202Etxt.exe"), "admin\\u{202E}txt.exe");
  EXPECT_EQ(EscapeUntrusted("\u0085"), "\\u{0085}");
}

TEST(EscapeUntrustedTest, BoundsTheResultToMaxCodePoints) {
  std::string huge(15000, 'x');
  auto out = EscapeUntrusted(huge);
  EXPECT_EQ(CodePoints(out), kUntrustedTextMax);
  EXPECT_EQ(out, std::string(kUntrustedTextMax - 1, 'x') + "…");
  std::string nuls(15000, '\0');
  auto escaped = EscapeUntrusted(nuls);
  EXPECT_LE(CodePoints(escaped), kUntrustedTextMax);
  EXPECT_EQ(escaped.substr(0, 8), "\\x00\\x00");
  EXPECT_EQ(escaped.find('\0'), std::string::npos);
  std::string vietnamese;
  for (int i = 0; i < 100; ++i) {
    vietnamese += "ễ";
  }
  EXPECT_EQ(CodePoints(EscapeUntrusted(vietnamese)), kUntrustedTextMax);
  EXPECT_EQ(EscapeUntrusted("abcdef", 3), "ab…");
  EXPECT_EQ(EscapeUntrusted("abc", 3), "abc");
}

}  // namespace
}  // namespace cqdt::audit
