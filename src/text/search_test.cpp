#include "text/search.hpp"

#include <gtest/gtest.h>

#include "test_vectors.hpp"

namespace cqdt::text {
namespace {

using test_vectors::LoadVectors;
using test_vectors::Vector;
using test_vectors::VectorName;

std::vector<std::string> SplitFields(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t semi = s.find(" ; ", start);
    out.push_back(s.substr(start, semi - start));
    if (semi == std::string::npos) {
      return out;
    }
    start = semi + 3;
  }
}

class SearchVectorTest : public ::testing::TestWithParam<Vector> {};

TEST_P(SearchVectorTest, MatchesVector) {
  const Vector& v = GetParam();
  ASSERT_EQ(v.fields.size(), 4u) << v.file << ":" << v.line;
  auto query = SearchQuery::Parse(v.fields[1]);
  ASSERT_TRUE(query) << v.line << ": " << query.error().message();
  auto fields = SplitFields(v.fields[2]);
  std::vector<std::string> keys;
  for (const auto& f : fields) {
    keys.push_back(SearchKey(f));
  }
  bool expected = v.fields[3] == "match";
  // Up to three fields per record in the vectors: the API takes an initializer list.
  fields.resize(3);
  keys.resize(3);
  EXPECT_EQ(query->Matches({fields[0], fields[1], fields[2]}), expected) << v.file << ":" << v.line;
  EXPECT_EQ(query->MatchesKeys({keys[0], keys[1], keys[2]}), expected)
      << "folded keys, " << v.file << ":" << v.line;
}

INSTANTIATE_TEST_SUITE_P(Testdata, SearchVectorTest, ::testing::ValuesIn(LoadVectors("search.txt")),
                         VectorName);

TEST(SearchQueryTest, RefusesBrokenOrOverlongQueriesNamingTheParameter) {
  auto bad = SearchQuery::Parse("\xC3\x28", "q");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().fields().at(0).field, "q");
  EXPECT_FALSE(SearchQuery::Parse(std::string("a\0b", 3)));
  EXPECT_TRUE(SearchQuery::Parse(std::string(kMaxQueryCodePoints, 'a')));
  auto long_query = SearchQuery::Parse(std::string(kMaxQueryCodePoints + 1, 'a'), "action");
  ASSERT_FALSE(long_query);
  EXPECT_EQ(long_query.error().fields().at(0).field, "action");
}

TEST(SearchKeyTest, FoldsAndCollapsesWhitespace) {
  EXPECT_EQ(SearchKey("  Sở   NỘI vụ "), "so noi vu");
  EXPECT_EQ(SearchKey("\xFF"), "");
}

TEST(SortVietnameseTest, OrdersByDictionaryNotBytes) {
  std::vector<std::string> names = {"Đặng Văn Đức", "Dương Thị Hoa", "Bùi Văn An", "Ánh", "Anh"};
  SortVietnamese(names, [](const std::string& s) -> const std::string& { return s; });
  EXPECT_EQ(names, (std::vector<std::string>{"Anh", "Ánh", "Bùi Văn An", "Dương Thị Hoa",
                                             "Đặng Văn Đức"}));
}

}  // namespace
}  // namespace cqdt::text
