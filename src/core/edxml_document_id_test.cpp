#include "core/edxml_document_id.hpp"

#include <gtest/gtest.h>

#include "code_vectors.hpp"

namespace cqdt {
namespace {

using testing::ReadVectors;
using testing::VectorCase;

void ExpectInvalid(const Result<EdxmlDocumentId>& r, const std::string& expected) {
  ASSERT_FALSE(r) << r->Text();
  ASSERT_EQ(r.error().fields().size(), 1u);
  EXPECT_EQ(r.error().fields()[0].field, "documentId");
  EXPECT_EQ("invalid " + r.error().fields()[0].code, expected);
}

class EdxmlDocumentIdVectorTest : public ::testing::TestWithParam<VectorCase> {};

TEST_P(EdxmlDocumentIdVectorTest, ParsesAndFormats) {
  const auto& c = GetParam();
  if (c[0] == "parse") {
    auto r = ParseEdxmlDocumentId(c[1]);
    if (c[2].rfind("invalid", 0) == 0) {
      ExpectInvalid(r, c[2]);
      return;
    }
    ASSERT_TRUE(r) << r.error().fields().at(0).message;
    EXPECT_EQ(r->organ_id, c[2]);
    EXPECT_EQ(FormatIsoDate(r->promulgation_date), c[3]);
    EXPECT_EQ(r->code_number, c[4]);
    EXPECT_EQ(r->code_notation, c[5]);
    EXPECT_EQ(r->Text(), c[1]);  // carried unchanged (edxml.md §4)
    return;
  }
  ASSERT_EQ(c[0], "make");
  auto date = ParseIsoDate(c[2]);
  ASSERT_TRUE(date) << c[2];
  auto r = MakeEdxmlDocumentId(c[1], *date, c[3], c[4]);
  if (c[5].rfind("invalid", 0) == 0) {
    ExpectInvalid(r, c[5]);
    return;
  }
  ASSERT_TRUE(r) << r.error().fields().at(0).message;
  EXPECT_EQ(r->Text(), c[5]);
}

INSTANTIATE_TEST_SUITE_P(Testdata, EdxmlDocumentIdVectorTest,
                         ::testing::ValuesIn(ReadVectors("edxml_document_ids.txt")),
                         testing::VectorName);

TEST(EdxmlDocumentIdTest, VectorFileIsRead) {
  EXPECT_GE(ReadVectors("edxml_document_ids.txt").size(), 15u);
}

// QCVN 102:2016 (edxml.md §4, T2): the code part splits on its first '/'.
TEST(EdxmlDocumentIdTest, Qcvn102_CodeSplitsOnItsFirstSlash) {
  auto r = ParseEdxmlDocumentId("000.00.00.H01,2025/07/01,12/2025/QĐ-UBND");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code_number, "12");
  EXPECT_EQ(r->code_notation, "2025/QĐ-UBND");
}

}  // namespace
}  // namespace cqdt
