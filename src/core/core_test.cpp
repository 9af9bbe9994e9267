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

TEST(AgencyCodeTest, ReadsAnOverlappingCodeInTheLayoutAskedFor) {
  // G22.01.01.B01 is the parent of the QĐ 20/2020 code G22.01.01.B01.01, and fits QCVN 102 too.
  auto either = ParseAgencyCode("G22.01.01.B01");
  ASSERT_TRUE(either);
  EXPECT_EQ(either->layout, AgencyCodeLayout::kQcvn102);
  auto d20 = ParseAgencyCode("G22.01.01.B01", "code", AgencyCodeLayout::kDecision20);
  ASSERT_TRUE(d20);
  EXPECT_EQ(d20->layout, AgencyCodeLayout::kDecision20);
  EXPECT_EQ(d20->levels, (std::vector<std::string>{"G22", "01", "01", "B01"}));
  EXPECT_EQ(d20->ParentText(), "G22.01.01");
  auto qcvn = ParseAgencyCode("H41.17", "agency", AgencyCodeLayout::kQcvn102);
  ASSERT_FALSE(qcvn);
  EXPECT_EQ(qcvn.error().fields().at(0).field, "agency");
  EXPECT_NE(qcvn.error().message().find("QCVN 102:2016: dùng"), std::string::npos);
  EXPECT_FALSE(ParseAgencyCode("000.00.00.H01", "code", AgencyCodeLayout::kDecision20));
  EXPECT_EQ(AgencyCodeLayoutFromName("decision20"), AgencyCodeLayout::kDecision20);
  EXPECT_EQ(AgencyCodeLayoutFromName("qd20"), std::nullopt);
  EXPECT_STREQ(AgencyCodeLayoutName(AgencyCodeLayout::kQcvn102), "qcvn102");
}

TEST(TextTest, RejectsMalformedUtf8) {
  EXPECT_TRUE(IsValidUtf8("Ủy ban nhân dân tỉnh An Giang"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("abc\xE1\xBA"));   // truncated
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

TEST(TextTest, CheckTextTrimsCountsCodePointsAndNamesTheField) {
  std::vector<FieldError> errors;
  EXPECT_EQ(*CheckText(std::string("  Sở Nội vụ  "), "name", "Tên", 1, 9, errors), "Sở Nội vụ");
  EXPECT_TRUE(errors.empty());  // 9 code points, though 13 bytes
  EXPECT_FALSE(CheckText(std::string("Sở Nội vụ!"), "name", "Tên", 1, 9, errors));
  EXPECT_FALSE(CheckText(std::string(" "), "shortName", "Tên viết tắt", 1, 9, errors));
  EXPECT_FALSE(CheckText(std::string("a\x01"), "address", "Địa chỉ", 0, 9, errors));
  EXPECT_FALSE(CheckText(std::nullopt, "phone", "Số", 0, 9, errors));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].code, "length");
  EXPECT_EQ(errors[1].field, "shortName");
  EXPECT_EQ(errors[2].code, "format");
}

TEST(TextTest, PlausibleEmail) {
  EXPECT_TRUE(IsPlausibleEmail("vanthu@angiang.gov.vn"));
  EXPECT_FALSE(IsPlausibleEmail("vanthu"));
  EXPECT_FALSE(IsPlausibleEmail("a@b@c.vn"));
  EXPECT_FALSE(IsPlausibleEmail("a b@c.vn"));
  EXPECT_FALSE(IsPlausibleEmail("a@c."));
}

TEST(ClockTest, FormatsUtcAndVietnamTime) {
  auto t = FromUnixSeconds(1751328000);  // 2025-07-01T00:00:00Z
  EXPECT_EQ(ToIsoUtc(t), "2025-07-01T00:00:00Z");
  EXPECT_EQ(ToIsoVietnam(t), "2025-07-01T07:00:00+07:00");
}

}  // namespace
}  // namespace cqdt
