#include "crypto/crypto.hpp"

#include <gtest/gtest.h>

namespace cqdt::crypto {
namespace {

TEST(CryptoTest, Sha256KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 h;
  h.Update("a");
  h.Update("bc");
  EXPECT_EQ(h.FinishHex(), Sha256Hex("abc"));
}

TEST(CryptoTest, RandomTokensAreUrlSafeAndDistinct) {
  auto a = RandomToken(32);
  auto b = RandomToken(32);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(a.find_first_of("+/="), std::string::npos);
  EXPECT_EQ(RandomHex(16).size(), 32u);
}

TEST(CryptoTest, PasswordHashIsArgon2idAndVerifies) {
  auto h = HashPassword("Mật khẩu mạnh 2026");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword("Mật khẩu mạnh 2026", h));
  EXPECT_FALSE(VerifyPassword("mật khẩu mạnh 2026", h));
  EXPECT_FALSE(VerifyPassword("x", "not a hash"));
}

TEST(CryptoTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
}

TEST(CryptoTest, Base64RoundTripsAndRejectsGarbage) {
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Decode("Zm8="), std::optional<std::string>("fo"));
  EXPECT_EQ(Base64Decode("Zg=="), std::optional<std::string>("f"));
  EXPECT_EQ(Base64Decode("Zm9v\nYmFy"), std::optional<std::string>("foobar"));
  std::string bin("\0\xff\x10", 3);
  EXPECT_EQ(Base64Decode(Base64Encode(bin)), std::optional<std::string>(bin));
  EXPECT_FALSE(Base64Decode("Zm9").has_value());
  EXPECT_FALSE(Base64Decode("Zm9!").has_value());
}

}  // namespace
}  // namespace cqdt::crypto
