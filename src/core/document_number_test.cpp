#include "core/document_number.hpp"

#include <set>

#include <gtest/gtest.h>

#include "code_vectors.hpp"

namespace cqdt {
namespace {

using testing::ReadVectors;
using testing::VectorCase;

std::string Dash(const std::string& s) { return s == "-" ? "" : s; }

void ExpectInvalid(const Result<DocumentNumber>& r, const std::string& expected) {
  ASSERT_FALSE(r) << r->Text();
  ASSERT_EQ(r.error().fields().size(), 1u);
  EXPECT_EQ(r.error().fields()[0].field, "value");
  EXPECT_EQ("invalid " + r.error().fields()[0].code, expected);
}

class DocumentNumberVectorTest : public ::testing::TestWithParam<VectorCase> {};

TEST_P(DocumentNumberVectorTest, ParsesAndFormats) {
  const auto& c = GetParam();
  if (c[0] == "parse") {
    auto r = ParseDocumentNumber(c[1]);
    if (c[2].rfind("invalid", 0) == 0) {
      ExpectInvalid(r, c[2]);
      return;
    }
    ASSERT_TRUE(r) << r.error().fields().at(0).message;
    EXPECT_EQ(std::to_string(r->number), c[2]);
    EXPECT_EQ(r->year ? std::to_string(*r->year) : "-", c[3]);
    EXPECT_EQ(r->type_abbreviation, Dash(c[4]));
    EXPECT_EQ(r->issuer, c[5]);
    EXPECT_EQ(r->unit, Dash(c[6]));
    EXPECT_EQ(r->Type() ? r->Type()->name : "-", c[7]);
    EXPECT_EQ(r->Text(), c[8]);
    return;
  }
  if (c[0] == "date") {
    const auto date = ParseIsoDate(c[2]);
    ASSERT_TRUE(date) << c[2];
    EXPECT_EQ(FormatIssueDateLine(c[1], *date), c[3]);
    return;
  }
  ASSERT_EQ(c[0], "make");
  const auto* type = FindDocumentTypeByOrdinal(std::stoi(c[2]));
  ASSERT_NE(type, nullptr);
  auto r = MakeDocumentNumber(std::stoi(c[1]), *type, Dash(c[3]), Dash(c[4]));
  if (c[5].rfind("invalid", 0) == 0) {
    ExpectInvalid(r, c[5]);
    return;
  }
  ASSERT_TRUE(r) << r.error().fields().at(0).message;
  EXPECT_EQ(r->Display(), c[5]);
}

INSTANTIATE_TEST_SUITE_P(Testdata, DocumentNumberVectorTest,
                         ::testing::ValuesIn(ReadVectors("document_numbers.txt")),
                         testing::VectorName);

TEST(DocumentNumberTest, VectorFileIsRead) {
  EXPECT_GE(ReadVectors("document_numbers.txt").size(), 50u);
}

// Decree 30/2020 art. 7: 29 administrative types, in order; Phụ lục III: all abbreviations
// distinct, and only công văn and thư công have none.
TEST(DocumentNumberTest, Decree30Art7_TwentyNineTypesWithDistinctAbbreviations) {
  const auto& types = AdministrativeDocumentTypes();
  ASSERT_EQ(types.size(), 29u);
  std::set<std::string> abbreviations;
  int without = 0;
  for (std::size_t i = 0; i < types.size(); ++i) {
    EXPECT_EQ(types[i].ordinal, static_cast<int>(i) + 1);
    if (types[i].abbreviation.empty()) {
      ++without;
      EXPECT_TRUE(types[i].name == "Công văn" || types[i].name == "Thư công") << types[i].name;
    } else {
      EXPECT_TRUE(abbreviations.insert(types[i].abbreviation).second) << types[i].abbreviation;
    }
  }
  EXPECT_EQ(without, 2);
  EXPECT_EQ(OfficialLetterType().name, "Công văn");
}

// Decree 30/2020 Phụ lục I: numbers below ten are written with a leading zero.
TEST(DocumentNumberTest, Decree30AppendixI_NumbersBelowTenHaveALeadingZero) {
  EXPECT_EQ(FormatDocumentSerial(1), "01");
  EXPECT_EQ(FormatDocumentSerial(9), "09");
  EXPECT_EQ(FormatDocumentSerial(10), "10");
  EXPECT_EQ(FormatDocumentSerial(1847), "1847");
}

// Decree 30/2020 Phụ lục III: a công văn's notation is <agency>-<unit>, without a type.
TEST(DocumentNumberTest, Decree30AppendixIII_OfficialLetterHasNoTypeAbbreviation) {
  auto r = MakeDocumentNumber(123, OfficialLetterType(), "UBND", "VP");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Notation(), "UBND-VP");
  EXPECT_EQ(r->Type()->name, "Công văn");
}

// Decree 30/2020 Phụ lục I: slash and hyphens, no spaces.
TEST(DocumentNumberTest, Decree30AppendixI_NoSpacesInTheNotation) {
  EXPECT_FALSE(ParseDocumentNumber("05 /QĐ-UBND"));
  EXPECT_FALSE(ParseDocumentNumber("05/QĐ - UBND"));
  EXPECT_TRUE(ParseDocumentNumber("05/QĐ-UBND"));
}

// Found by fuzzing (tests/fuzz/codes-regressions/number-text-over-limit): a 200-byte number below
// ten was accepted, but its printed form (with the leading zero, 201 bytes) was refused.
TEST(DocumentNumberTest, AcceptedNumberPrintsAsAcceptedText) {
  const std::string unit(200 - std::string("7/QĐ-UBND-").size(), 'A');
  const std::string text = "7/QĐ-UBND-" + unit;
  ASSERT_EQ(text.size(), 200u);
  EXPECT_FALSE(ParseDocumentNumber(text));
  const std::string shorter = "7/QĐ-UBND-" + unit.substr(1);
  auto parsed = ParseDocumentNumber(shorter);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->Text().size(), 200u);
  EXPECT_TRUE(ParseDocumentNumber(parsed->Text()));
}

// van-thu.md §1: QĐ (Quyết định) and QyĐ (Quy định) differ only by case-sensitive letters.
TEST(DocumentNumberTest, Decree30AppendixIII_QuyDinhIsNotQuyetDinh) {
  EXPECT_EQ(FindDocumentTypeByAbbreviation("QyĐ")->name, "Quy định");
  EXPECT_EQ(FindDocumentTypeByAbbreviation("QĐ")->name, "Quyết định");
  EXPECT_EQ(FindDocumentTypeByAbbreviation("qđ"), nullptr);
}

}  // namespace
}  // namespace cqdt
