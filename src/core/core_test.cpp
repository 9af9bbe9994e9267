#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/agency_code.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/text.hpp"

namespace cqdt {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) {
    return Error::InvalidField("x", "odd", "Giá trị phải là số chẵn.");
  }
  return x / 2;
}

Result<int> Quarter(int x) {
  CQDT_ASSIGN_OR_RETURN(int h, Half(x));
  return Half(h);
}

TEST(ResultTest, PropagatesErrorsAndValues) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(r.error().fields().size(), 1u);
  EXPECT_EQ(r.error().fields()[0].field, "x");
  EXPECT_EQ(r.error().WithFieldPrefix("rows[2].").fields()[0].field, "rows[2].x");
}

TEST(AgencyCodeTest, VectorsFromTestdata) {
  std::ifstream in(std::string(CQDT_TESTDATA_DIR) + "/agency_codes.txt");
  ASSERT_TRUE(in) << "missing testdata";
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::istringstream fields(line);
    std::string code, expected, depth, parent;
    fields >> code >> expected >> depth >> parent;
    auto parsed = ParseAgencyCode(code);
    ++cases;
    if (expected == "invalid") {
      EXPECT_FALSE(parsed) << code;
      if (!parsed) {
        EXPECT_EQ(parsed.error().fields().at(0).field, "code");
      }
      continue;
    }
    ASSERT_TRUE(parsed) << code;
    EXPECT_EQ(parsed->layout == AgencyCodeLayout::kQcvn102 ? "qcvn102" : "decision20", expected)
        << code;
    EXPECT_EQ(parsed->Depth(), std::stoi(depth)) << code;
    EXPECT_EQ(parsed->ParentText(), parent == "-" ? "" : parent) << code;
  }
  EXPECT_GT(cases, 15);
}

TEST(TextTest, RejectsMalformedUtf8) {
  EXPECT_TRUE(IsValidUtf8("Ủy ban nhân dân tỉnh An Giang"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("abc\xE1\xBA"));       // truncated
  EXPECT_TRUE(HasControlChars(std::string("a\0b", 3)));
  EXPECT_FALSE(HasControlChars("a\tb"));
}

TEST(TextTest, ParsesOnlyRealDates) {
  EXPECT_TRUE(ParseIsoDate("2024-02-29"));
  EXPECT_FALSE(ParseIsoDate("2025-02-29"));
  EXPECT_FALSE(ParseIsoDate("2025-13-01"));
  EXPECT_FALSE(ParseIsoDate("2025-7-01"));
  EXPECT_EQ(FormatIsoDate(*ParseIsoDate("2025-07-01")), "2025-07-01");
}

TEST(ClockTest, FormatsUtcAndVietnamTime) {
  auto t = FromUnixSeconds(1751328000);  // 2025-07-01T00:00:00Z
  EXPECT_EQ(ToIsoUtc(t), "2025-07-01T00:00:00Z");
  EXPECT_EQ(ToIsoVietnam(t), "2025-07-01T07:00:00+07:00");
}

}  // namespace
}  // namespace cqdt
