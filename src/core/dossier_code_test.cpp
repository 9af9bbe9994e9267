#include "core/dossier_code.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "code_vectors.hpp"

namespace cqdt {
namespace {

using testing::ReadVectors;
using testing::VectorCase;

struct Parts {
  std::string agency;
  Date date;
  int sequence = 0;
};

Parts ReadParts(const std::string& cell) {
  std::istringstream in(cell);
  std::string agency, date;
  int seq = 0;
  in >> agency >> date >> seq;
  auto d = ParseIsoDate(date);
  EXPECT_TRUE(d) << cell;
  return {agency, d.value_or(Date{}), seq};
}

void ExpectInvalid(const Result<DossierCode>& r, const std::string& expected) {
  ASSERT_FALSE(r) << r->Text();
  ASSERT_EQ(r.error().fields().size(), 1u);
  EXPECT_EQ(r.error().fields()[0].field, "code");
  EXPECT_EQ("invalid " + r.error().fields()[0].code, expected);
}

class DossierCodeVectorTest : public ::testing::TestWithParam<VectorCase> {};

TEST_P(DossierCodeVectorTest, ParsesAndFormats) {
  const auto& c = GetParam();
  if (c[0] == "parse") {
    auto r = ParseDossierCode(c[1]);
    if (c[2].rfind("invalid", 0) == 0) {
      ExpectInvalid(r, c[2]);
      return;
    }
    ASSERT_TRUE(r) << r.error().fields().at(0).message;
    auto want = ReadParts(c[2]);
    EXPECT_EQ(r->agency_code, want.agency);
    EXPECT_EQ(r->received, want.date);
    EXPECT_EQ(r->sequence, want.sequence);
    EXPECT_EQ(r->Text(), c[1]);  // round trip
    return;
  }
  ASSERT_EQ(c[0], "make");
  auto in = ReadParts(c[1]);
  auto r = MakeDossierCode(in.agency, in.date, in.sequence);
  if (c[2].rfind("invalid", 0) == 0) {
    ExpectInvalid(r, c[2]);
    return;
  }
  ASSERT_TRUE(r) << r.error().fields().at(0).message;
  EXPECT_EQ(r->Text(), c[2]);
}

INSTANTIATE_TEST_SUITE_P(Testdata, DossierCodeVectorTest,
                         ::testing::ValuesIn(ReadVectors("dossier_codes.txt")),
                         testing::VectorName);

TEST(DossierCodeTest, VectorFileIsRead) { EXPECT_GE(ReadVectors("dossier_codes.txt").size(), 20u); }

// NĐ 61/2018 art. 26: the agency part is the mã định danh in the QCVN 102:2016 layout.
TEST(DossierCodeTest, Decree61Art26_AgencyPartUsesTheQcvn102Layout) {
  EXPECT_TRUE(MakeDossierCode("000.00.00.H01", {2025, 7, 1}, 1));
  auto r = MakeDossierCode("H01", {2025, 7, 1}, 1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields()[0].code, "agency");
}

// TT 01/2018/TT-VPCP art. 19: YYMMDD is the receipt date and NNNN four digits from 0001.
TEST(DossierCodeTest, Circular01Art19_DateIsYymmddAndSequenceFourDigits) {
  auto r = MakeDossierCode("000.00.04.H40", {2023, 4, 14}, 7);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Text(), "000.00.04.H40-230414-0007");
  EXPECT_EQ(MakeDossierCode("000.00.04.H40", {2023, 4, 14}, 9999)->Text(),
            "000.00.04.H40-230414-9999");
  EXPECT_FALSE(MakeDossierCode("000.00.04.H40", {2023, 4, 14}, kMaxDossierSequence + 1));
}

// Untrusted input is quoted in the message only when short, well-formed and on one line.
TEST(DossierCodeTest, ErrorMessagesNeverEchoLongOrBrokenInput) {
  auto quoted = ParseDossierCode("000.00.04.H40-2304-0002");
  ASSERT_FALSE(quoted);
  EXPECT_NE(quoted.error().fields()[0].message.find("'000.00.04.H40-2304-0002'"),
            std::string::npos);
  for (std::string bad :
       {std::string(5000, 'A'), std::string("000\n00"), std::string("\xC0\xAF")}) {
    auto r = ParseDossierCode(bad);
    ASSERT_FALSE(r);
    const auto& message = r.error().fields()[0].message;
    EXPECT_LT(message.size(), 300u);
    EXPECT_EQ(message.find('\n'), std::string::npos);
    EXPECT_TRUE(IsValidUtf8(message));
  }
}

}  // namespace
}  // namespace cqdt
