#include "text/normalize.hpp"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "test_vectors.hpp"

namespace cqdt::text {
namespace {

using test_vectors::LoadVectors;
using test_vectors::Vector;
using test_vectors::VectorName;

// The NFD spelling of `s`, straight from ICU, so the folding test builds its decomposed input
// without the code under test.
std::string Nfd(const std::string& s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  EXPECT_TRUE(U_SUCCESS(status));
  icu::UnicodeString u = nfd->normalize(icu::UnicodeString::fromUTF8(s), status);
  EXPECT_TRUE(U_SUCCESS(status));
  std::string out;
  u.toUTF8String(out);
  return out;
}

class NfcVectorTest : public ::testing::TestWithParam<Vector> {};

TEST_P(NfcVectorTest, MatchesVector) {
  const Vector& v = GetParam();
  ASSERT_EQ(v.fields.size(), 4u) << v.file << ":" << v.line;
  auto nfc = NormalizeNfc(v.fields[1]);
  auto is_nfc = IsNfc(v.fields[1]);
  if (v.fields[3] == "invalid") {
    ASSERT_FALSE(nfc) << v.line;
    EXPECT_EQ(nfc.error().code(), ErrorCode::kMalformed);
    ASSERT_FALSE(is_nfc) << v.line;
    EXPECT_EQ(is_nfc.error().code(), ErrorCode::kMalformed);
    return;
  }
  ASSERT_TRUE(nfc) << v.line;
  EXPECT_EQ(*nfc, v.fields[2]) << v.file << ":" << v.line;
  ASSERT_TRUE(is_nfc) << v.line;
  EXPECT_EQ(*is_nfc, v.fields[3] == "yes") << v.file << ":" << v.line;
  EXPECT_TRUE(*IsNfc(*nfc)) << v.line;
}

INSTANTIATE_TEST_SUITE_P(Testdata, NfcVectorTest, ::testing::ValuesIn(LoadVectors("nfc.txt")),
                         VectorName);

class FoldForSearchVectorTest : public ::testing::TestWithParam<Vector> {};

TEST_P(FoldForSearchVectorTest, MatchesVectorForNfcAndNfdInput) {
  const Vector& v = GetParam();
  ASSERT_EQ(v.fields.size(), 3u) << v.file << ":" << v.line;
  auto folded = FoldForSearch(v.fields[1]);
  ASSERT_TRUE(folded) << v.line;
  EXPECT_EQ(*folded, v.fields[2]) << v.file << ":" << v.line;

  auto nfc = NormalizeNfc(v.fields[1]);
  ASSERT_TRUE(nfc);
  auto folded_nfc = FoldForSearch(*nfc);
  ASSERT_TRUE(folded_nfc);
  EXPECT_EQ(*folded_nfc, v.fields[2]) << "NFC input, " << v.file << ":" << v.line;

  auto folded_nfd = FoldForSearch(Nfd(v.fields[1]));
  ASSERT_TRUE(folded_nfd);
  EXPECT_EQ(*folded_nfd, v.fields[2]) << "NFD input, " << v.file << ":" << v.line;
}

INSTANTIATE_TEST_SUITE_P(Testdata, FoldForSearchVectorTest,
                         ::testing::ValuesIn(LoadVectors("fold_for_search.txt")), VectorName);

TEST(NormalizeTest, NfcAndNfdSpellingsNormaliseToTheSameText) {
  const std::string nfd = "Nguye\xCC\x82\xCC\x83n";  // e + U+0302 + U+0303
  EXPECT_NE(nfd, "Nguyễn");
  EXPECT_EQ(*NormalizeNfc(nfd), "Nguyễn");
  EXPECT_FALSE(*IsNfc(nfd));
  EXPECT_TRUE(*IsNfc("Nguyễn"));
}

TEST(NormalizeTest, InvalidUtf8IsAnErrorValue) {
  for (const std::string bad : {"\xC0\xAF", "abc\xE1\xBA", "\xED\xA0\x80", "\x80"}) {
    EXPECT_FALSE(NormalizeNfc(bad));
    EXPECT_FALSE(IsNfc(bad));
    auto folded = FoldForSearch(bad);
    ASSERT_FALSE(folded);
    EXPECT_EQ(folded.error().code(), ErrorCode::kMalformed);
  }
}

TEST(NormalizeTest, EmbeddedNulIsKept) {
  const std::string with_nul("a\0b", 3);
  EXPECT_EQ(*NormalizeNfc(with_nul), with_nul);
}

TEST(FoldForSearchTest, RemovesTonesAndVowelMarks) {
  EXPECT_EQ(*FoldForSearch("Ủy ban nhân dân tỉnh Kiên Giang"), "uy ban nhan dan tinh kien giang");
}

TEST(FoldForSearchTest, FoldsDStrokeToD) {
  EXPECT_EQ(*FoldForSearch("Đ"), "d");
  EXPECT_EQ(*FoldForSearch("đ"), "d");
}

TEST(FoldForSearchTest, EmptyTextFoldsToEmptyText) {
  EXPECT_EQ(*FoldForSearch(""), "");
  EXPECT_EQ(*NormalizeNfc(""), "");
}

TEST(FoldForSearchTest, WorksOnNfdInput) {
  // "Ủy ban" with U + U+0309 (hook above), "Kiên" with e + U+0302.
  EXPECT_EQ(*FoldForSearch("U\xCC\x89y ban Kie\xCC\x82n"), "uy ban kien");
}

TEST(ToUpperVietnameseTest, CapitalisesAgencyNames) {
  EXPECT_EQ(*ToUpperVietnamese("Ủy ban nhân dân tỉnh An Giang"), "ỦY BAN NHÂN DÂN TỈNH AN GIANG");
  EXPECT_EQ(*ToUpperVietnamese("Sở Nội vụ"), "SỞ NỘI VỤ");
  EXPECT_EQ(*ToUpperVietnamese("đường"), "ĐƯỜNG");
  // NFD in, NFC out.
  EXPECT_EQ(*ToUpperVietnamese("U\xCC\x89y ban"), "ỦY BAN");
  EXPECT_FALSE(ToUpperVietnamese("\xC3\x28"));
}

}  // namespace
}  // namespace cqdt::text
