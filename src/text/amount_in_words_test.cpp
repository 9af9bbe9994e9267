#include "text/amount_in_words.hpp"

#include <gtest/gtest.h>

#include "test_vectors.hpp"

namespace cqdt::text {
namespace {

using test_vectors::LoadVectors;
using test_vectors::Vector;
using test_vectors::VectorName;

class AmountInWordsVectorTest : public ::testing::TestWithParam<Vector> {};

TEST_P(AmountInWordsVectorTest, MatchesVector) {
  const Vector& v = GetParam();
  ASSERT_EQ(v.fields.size(), 3u) << v.file << ":" << v.line;
  auto words = AmountInWords(std::stoll(v.fields[1]));
  if (v.fields[2] == "error") {
    ASSERT_FALSE(words) << v.fields[1];
    EXPECT_EQ(words.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(words.error().fields().at(0).field, "amount");
    return;
  }
  ASSERT_TRUE(words) << v.fields[1];
  EXPECT_EQ(*words, v.fields[2]) << v.file << ":" << v.line;
}

INSTANTIATE_TEST_SUITE_P(Testdata, AmountInWordsVectorTest,
                         ::testing::ValuesIn(LoadVectors("amount_in_words.txt")), VectorName);

// One test per reading rule (the vectors above cover each rule more widely).

TEST(AmountInWordsTest, ZeroIsKhongDong) { EXPECT_EQ(*AmountInWords(0), "Không đồng"); }

TEST(AmountInWordsTest, CapitalisesOnlyTheFirstLetter) {
  EXPECT_EQ(*AmountInWords(150000), "Một trăm năm mươi nghìn đồng");
  EXPECT_EQ(*NumberInWords(150000), "một trăm năm mươi nghìn");
}

TEST(AmountInWordsTest, LinhForZeroTens) {
  EXPECT_EQ(*NumberInWords(105), "một trăm linh năm");
  EXPECT_EQ(*NumberInWords(5), "năm");
}

TEST(AmountInWordsTest, MuoiForTenMuoiForTwentyAndMore) {
  EXPECT_EQ(*NumberInWords(10), "mười");
  EXPECT_EQ(*NumberInWords(30), "ba mươi");
}

TEST(AmountInWordsTest, MotAfterTensOfTwentyAndMore) {
  EXPECT_EQ(*NumberInWords(21), "hai mươi mốt");
  EXPECT_EQ(*NumberInWords(11), "mười một");
  EXPECT_EQ(*NumberInWords(101), "một trăm linh một");
}

TEST(AmountInWordsTest, TuAfterTensOfTwentyAndMore) {
  EXPECT_EQ(*NumberInWords(24), "hai mươi tư");
  EXPECT_EQ(*NumberInWords(4), "bốn");
  EXPECT_EQ(*NumberInWords(14), "mười bốn");
  EXPECT_EQ(*NumberInWords(104), "một trăm linh bốn");
}

TEST(AmountInWordsTest, LamAfterAnyTens) {
  EXPECT_EQ(*NumberInWords(15), "mười lăm");
  EXPECT_EQ(*NumberInWords(25), "hai mươi lăm");
  EXPECT_EQ(*NumberInWords(5), "năm");
}

TEST(AmountInWordsTest, KhongTramInsideLargeNumbers) {
  EXPECT_EQ(*AmountInWords(1'005'000), "Một triệu không trăm linh năm nghìn đồng");
}

TEST(AmountInWordsTest, BillionsAreCountedInTy) {
  EXPECT_EQ(*NumberInWords(999'999'999'999'999),
            "chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín "
            "triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín");
  EXPECT_TRUE(NumberInWords(kMaxAmountInWords)->starts_with("chín trăm chín mươi chín triệu"));
}

TEST(AmountInWordsTest, RejectsNegativeAndTooLargeAmounts) {
  EXPECT_FALSE(AmountInWords(-1));
  EXPECT_FALSE(AmountInWords(kMaxAmountInWords + 1));
  EXPECT_FALSE(AmountInWords(INT64_MIN));
}

}  // namespace
}  // namespace cqdt::text
