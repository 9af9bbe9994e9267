#include "core/level_one_agency.hpp"

#include <set>

#include <gtest/gtest.h>

#include "code_vectors.hpp"

namespace cqdt {
namespace {

using testing::ReadVectors;
using testing::VectorCase;

class LevelOneAgencyVectorTest : public ::testing::TestWithParam<VectorCase> {};

TEST_P(LevelOneAgencyVectorTest, MatchesTheTable) {
  const auto& c = GetParam();
  const auto* a = FindLevelOneAgency(c[0]);
  if (c[2] == "unknown") {
    EXPECT_EQ(a, nullptr) << c[0];
    return;
  }
  ASSERT_NE(a, nullptr) << c[0];
  EXPECT_NE(a->name.find(c[1]), std::string::npos) << a->name;
  EXPECT_EQ(a->active, c[2] == "active") << c[0];
}

INSTANTIATE_TEST_SUITE_P(Testdata, LevelOneAgencyVectorTest,
                         ::testing::ValuesIn(ReadVectors("agency_level1.txt")),
                         testing::VectorName);

TEST(LevelOneAgencyTest, VectorFileIsRead) {
  EXPECT_GE(ReadVectors("agency_level1.txt").size(), 15u);
}

// QĐ 20/2020/QĐ-TTg Phụ lục I: H01-H63 for the 63 provinces, K01-K63 for their HĐND.
TEST(LevelOneAgencyTest, Decision20_2020_HasSixtyThreeProvincesAndCouncils) {
  for (char letter : {'H', 'K'}) {
    for (int i = 1; i <= 63; ++i) {
      std::string code = std::string(1, letter) + (i < 10 ? "0" : "") + std::to_string(i);
      const auto* a = FindLevelOneAgency(code);
      ASSERT_NE(a, nullptr) << code;
      EXPECT_FALSE(a->name.empty()) << code;
    }
  }
}

// NQ 202/2025/QH15: 34 provincial units from 01/07/2025; the others' codes stay, inactive.
TEST(LevelOneAgencyTest, Resolution202_2025_ThirtyFourProvincesStayActive) {
  int active = 0;
  for (int i = 1; i <= 63; ++i) {
    std::string code = std::string("H") + (i < 10 ? "0" : "") + std::to_string(i);
    active += FindLevelOneAgency(code)->active ? 1 : 0;
  }
  EXPECT_EQ(active, 34);
}

// QĐ 09/2025/QĐ-TTg removed G04, G05, G07, G13, G23-G26, G34, G37; historical documents still
// carry them, so the ones the table names are kept, inactive, and none of them is active.
TEST(LevelOneAgencyTest, Decision09_2025_RemovedCodesAreNeverActive) {
  for (const char* code : {"G04", "G05", "G07", "G13", "G23", "G24", "G25", "G26", "G34", "G37"}) {
    const auto* a = FindLevelOneAgency(code);
    EXPECT_TRUE(a == nullptr || !a->active) << code;
  }
  for (const char* code : {"G04", "G05", "G07", "G13"}) {
    EXPECT_NE(FindLevelOneAgency(code), nullptr) << code;
  }
}

TEST(LevelOneAgencyTest, TableCodesAreWellFormedAndUnique) {
  std::set<std::string> seen;
  for (const auto& a : LevelOneAgencies()) {
    auto parsed = ParseAgencyCode(a.code);
    ASSERT_TRUE(parsed) << a.code;
    EXPECT_EQ(parsed->Depth(), 1) << a.code;
    EXPECT_TRUE(seen.insert(a.code).second) << "duplicate " << a.code;
    EXPECT_TRUE(IsValidUtf8(a.name)) << a.code;
  }
  EXPECT_GT(seen.size(), 150u);
}

TEST(LevelOneAgencyTest, LevelOneCodeAndLevelOfEitherLayout) {
  EXPECT_EQ(LevelOneCodeOf(*ParseAgencyCode("000.00.04.H40")), "H40");
  EXPECT_EQ(LevelOneCodeOf(*ParseAgencyCode("H41.17.3")), "H41");
  EXPECT_EQ(*AgencyLevel("001.05.12.H41"), 4);
  EXPECT_EQ(*AgencyLevel("H41.17"), 2);
  EXPECT_FALSE(AgencyLevel("000.00.H41"));
}

}  // namespace
}  // namespace cqdt
