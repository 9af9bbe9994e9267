#include "identity/password_policy.hpp"

#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace cqdt::identity {
namespace {

TEST(PasswordPolicyTest, CasesFromTestdata) {
  std::ifstream in(std::string(CQDT_TESTDATA_DIR) + "/passwords.txt");
  ASSERT_TRUE(in) << "testdata/passwords.txt";
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    auto first = line.find(" | ");
    auto second = line.find(" | ", first + 3);
    ASSERT_NE(second, std::string::npos) << line;
    const std::string expected = line.substr(0, first);
    const std::string who = line.substr(first + 3, second - first - 3);
    const std::string password = line.substr(second + 3);
    const auto colon = who.find(':');
    const Realm realm = who.substr(0, colon) == "citizen" ? Realm::kCitizen : Realm::kStaff;
    const auto errors = CheckPasswordPolicy(password, who.substr(colon + 1), "password", realm);
    const std::string got = errors.empty() ? "ok" : errors.front().code;
    EXPECT_EQ(got, expected) << "password '" << password << "' for " << who;
    for (const auto& e : errors) {
      EXPECT_EQ(e.field, "password");
      EXPECT_FALSE(e.message.empty());
    }
    ++cases;
  }
  EXPECT_GT(cases, 30);
}

TEST(PasswordPolicyTest, CountsCodePointsOfTheNfcForm) {
  // "Ảnh đẹp mùa" is 11 code points in NFC; decomposed it has more, and must still be too short.
  const std::string nfc = "Ảnh đẹp mùa";
  const std::string nfd =
      "A\xCC\x89nh \xC4\x91"
      "e\xCC\xA3p mu\xCC\x80"
      "a";
  ASSERT_EQ(NormalizePassword(nfd), nfc);
  EXPECT_EQ(CheckPasswordPolicy(nfd, "").at(0).code, "too_short");
  // 128 characters of which each is two bytes: not too long.
  std::string long_vietnamese;
  for (int i = 0; i < 32; ++i) {
    long_vietnamese += i % 2 ? "ẽớ" : "ỳữ";
    long_vietnamese += "đê";
  }
  auto errors = CheckPasswordPolicy(long_vietnamese, "");
  EXPECT_TRUE(errors.empty() || errors[0].code != "too_long");
  EXPECT_EQ(CheckPasswordPolicy(long_vietnamese + "ê", "").at(0).code, "too_long");
}

TEST(PasswordPolicyTest, RefusesBytesThatAreNotText) {
  EXPECT_EQ(CheckPasswordPolicy("abc\x01"
                                "defghijklmnop",
                                "")
                .at(0)
                .code,
            "format");
  EXPECT_EQ(CheckPasswordPolicy("\xff\xfe"
                                "abcdefghijklmnop",
                                "")
                .at(0)
                .code,
            "format");
}

TEST(PasswordPolicyTest, NamesTheFieldAndTheRealm) {
  auto staff = CheckPasswordPolicy("x-an.nv-2026-y", "an.nv", "newPassword");
  ASSERT_EQ(staff.size(), 1u);
  EXPECT_EQ(staff[0].field, "newPassword");
  EXPECT_NE(staff[0].message.find("tên đăng nhập"), std::string::npos);
  auto citizen =
      CheckPasswordPolicy("so 091095000456 x", "091095000456", "password", Realm::kCitizen);
  ASSERT_EQ(citizen.size(), 1u);
  EXPECT_NE(citizen[0].message.find("số định danh"), std::string::npos);
  EXPECT_EQ(citizen[0].message.find("tên đăng nhập"), std::string::npos);
}

}  // namespace
}  // namespace cqdt::identity
