#include "text/collation.hpp"

#include <algorithm>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "test_vectors.hpp"

namespace cqdt::text {
namespace {

using test_vectors::LoadVectors;
using test_vectors::Vector;
using test_vectors::VectorName;

class CollationVectorTest : public ::testing::TestWithParam<Vector> {};

TEST_P(CollationVectorTest, FirstSortsBeforeSecond) {
  const Vector& v = GetParam();
  ASSERT_EQ(v.fields.size(), 3u) << v.file << ":" << v.line;
  const std::string& a = v.fields[1];
  const std::string& b = v.fields[2];
  EXPECT_TRUE(CompareVietnamese(a, b) < 0) << a << " < " << b;
  EXPECT_TRUE(CompareVietnamese(b, a) > 0) << b << " > " << a;
  EXPECT_LT(VietnameseSortKey(a), VietnameseSortKey(b)) << a << " < " << b;
  EXPECT_TRUE(VietnameseLess{}(a, b));
  EXPECT_FALSE(VietnameseLess{}(b, a));
}

INSTANTIATE_TEST_SUITE_P(Testdata, CollationVectorTest,
                         ::testing::ValuesIn(LoadVectors("collation.txt")), VectorName);

std::vector<std::string> OrderedNames() {
  std::vector<std::string> names;
  std::ifstream in(std::string(CQDT_TESTDATA_DIR) + "/collation_order.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') {
      names.push_back(line);
    }
  }
  return names;
}

TEST(CollationTest, SortsNamesInDictionaryOrder) {
  const std::vector<std::string> expected = OrderedNames();
  ASSERT_GT(expected.size(), 40u);
  std::vector<std::string> names = expected;
  std::mt19937 random(20240101);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(names.begin(), names.end(), random);
    std::sort(names.begin(), names.end(), VietnameseLess{});
    EXPECT_EQ(names, expected);
  }
}

TEST(CollationTest, DStrokeSortsAfterDAndBeforeG) {
  EXPECT_TRUE(CompareVietnamese("Dương", "Đặng") < 0);
  EXPECT_TRUE(CompareVietnamese("Đặng", "Giang") < 0);
}

TEST(CollationTest, BreveAndCircumflexFollowA) {
  EXPECT_TRUE(CompareVietnamese("A", "Ă") < 0);
  EXPECT_TRUE(CompareVietnamese("Ă", "Â") < 0);
  EXPECT_TRUE(CompareVietnamese("Â", "B") < 0);
}

TEST(CollationTest, TonesOrderNgangHuyenHoiNgaSacNang) {
  const std::vector<std::string> tones = {"a", "à", "ả", "ã", "á", "ạ"};
  for (std::size_t i = 0; i + 1 < tones.size(); ++i) {
    EXPECT_TRUE(CompareVietnamese(tones[i], tones[i + 1]) < 0) << tones[i] << " " << tones[i + 1];
  }
}

TEST(CollationTest, SyllableBySyllable) {
  // Whole-string ICU would put "Hạ Long" first (l < t); a dictionary lists "Hà ..." before "Hạ".
  EXPECT_TRUE(CompareVietnamese("Hà Tiên", "Hạ Long") < 0);
}

TEST(CollationTest, NfcAndNfdCompareEqual) {
  const std::string nfd = "Nguye\xCC\x82\xCC\x83n";
  EXPECT_TRUE(CompareVietnamese(nfd, "Nguyễn") == 0);
  EXPECT_EQ(VietnameseSortKey(nfd), VietnameseSortKey("Nguyễn"));
}

TEST(CollationTest, ExtraWhitespaceDoesNotChangeSyllableOrder) {
  EXPECT_TRUE(CompareVietnamese("Lê Văn", "Lê  Vân") < 0);
  EXPECT_TRUE(CompareVietnamese("Lê  Văn", "Lê Vân") < 0);
  EXPECT_TRUE(CompareVietnamese(" Lê Văn", "Lê\tVân") < 0);
}

TEST(CollationTest, InvalidUtf8SortsWithoutError) {
  std::vector<std::string> names = {"B", "\xFF", "A"};
  std::sort(names.begin(), names.end(), VietnameseLess{});
  EXPECT_EQ(names[0], "A");
}

TEST(CollationTest, IsThreadSafe) {
  const std::vector<std::string> expected = OrderedNames();
  ASSERT_FALSE(expected.empty());
  constexpr int kThreads = 4;
  std::vector<std::vector<std::string>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t));
      for (int round = 0; round < 50; ++round) {
        std::vector<std::string> names = expected;
        std::shuffle(names.begin(), names.end(), random);
        std::sort(names.begin(), names.end(), VietnameseLess{});
        if (names != expected) {
          results[t] = names;
          return;
        }
      }
      results[t] = expected;
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(results[t], expected) << "thread " << t;
  }
}

}  // namespace
}  // namespace cqdt::text
