// The pure part of document search: the indexed text, the query's groups, the engines'
// expressions and the snippets.
#include <gtest/gtest.h>

#include "documents/search_service.hpp"

namespace cqdt::documents {
namespace {

TEST(SearchTextTest, TheBodyIsFoldedWordsOfLettersAndDigitsOnly) {
  EXPECT_EQ(SearchBody({"Quyết định số 05/QĐ-UBND", "Đường Nguyễn Trãi"}),
            "quyet dinh so 05 qd ubnd duong nguyen trai");
  EXPECT_EQ(SearchBody({"", "  ", "!!"}), "");
}

TEST(SearchTextTest, QueriesFoldIntoGroupsAndPhrases) {
  auto t = ParseSearchTerms("quyet dinh UBND Tỉnh");
  ASSERT_TRUE(t);
  ASSERT_EQ(t->groups.size(), 4U);
  EXPECT_EQ(t->groups[3], std::vector<std::string>{"tinh"});
  auto number = ParseSearchTerms("05/QĐ-UBND");
  ASSERT_TRUE(number);
  ASSERT_EQ(number->groups.size(), 1U);
  EXPECT_EQ(number->groups[0], (std::vector<std::string>{"05", "qd", "ubnd"}));
  auto phrase = ParseSearchTerms("\"hội nghị tổng kết\" đường");
  ASSERT_TRUE(phrase);
  ASSERT_EQ(phrase->groups.size(), 2U);
  EXPECT_EQ(Fts5Expression(*phrase), "\"hoi nghi tong ket\" AND \"duong\"");
  EXPECT_EQ(TsQueryText(*phrase), "(hoi <-> nghi <-> tong <-> ket) & duong");
  // The metadata holds every group, a phrase as adjacent words; fields run on as one text.
  EXPECT_TRUE(MetaHoldsAll(*phrase, "ke hoach to chuc hoi nghi tong ket duong pho zzagency4"));
  EXPECT_TRUE(MetaHoldsAll(*phrase, "duong hoi nghi tong ket"));
  EXPECT_FALSE(MetaHoldsAll(*phrase, "hoi nghi tong ket nam"));       // a word missing
  EXPECT_FALSE(MetaHoldsAll(*phrase, "hoi nghi ve tong ket duong"));  // not adjacent
  EXPECT_FALSE(MetaHoldsAll(*phrase, "hoi nghi tong kett duong"));    // whole words only
  EXPECT_TRUE(MetaHoldsAll(*number, "so 05 qd ubnd"));
  EXPECT_FALSE(MetaHoldsAll(*number, ""));
  // A word checked in a row's text: whole words only.
  EXPECT_TRUE(TextHoldsWord("so giao duc va dao tao", "va"));
  EXPECT_TRUE(TextHoldsWord("va", "va"));
  EXPECT_TRUE(TextHoldsWord("so giao duc", "so"));
  EXPECT_TRUE(TextHoldsWord("so giao duc", "duc"));
  EXPECT_FALSE(TextHoldsWord("so giao duc vang", "va"));
  EXPECT_FALSE(TextHoldsWord("nova giao", "va"));
  EXPECT_FALSE(TextHoldsWord("", "va"));
  EXPECT_FALSE(TextHoldsWord("va", ""));
}

TEST(SearchTextTest, FiltersBecomeIndexWordsTheEngineRequires) {
  Document d;
  d.agency_id = AgencyId(12);
  d.direction = Direction::kOutgoing;
  d.type_ordinal = 2;
  d.issued_date = "2025-04-03";
  EXPECT_EQ(FilterWords(d),
            (std::vector<std::string>{"zzdiroutgoing", "zztype2", "zzay12y2025", "zzam12m202504"}));
  const AgencyId agency(12);
  SearchRequest r;
  r.direction = "incoming";
  // No date range: the agency's token.
  EXPECT_EQ(FilterSets(r, agency, 0),
            (std::vector<std::vector<std::string>>{{"zzdirincoming"}, {"zzagency12"}}));
  // A short range: the agency's months, across the new year.
  r.date_from = "2024-11-20";
  r.date_to = "2025-02-03";
  ASSERT_EQ(FilterSets(r, agency, 0).size(), 2U);
  EXPECT_EQ(FilterSets(r, agency, 0)[1],
            (std::vector<std::string>{"zzam12m202411", "zzam12m202412", "zzam12m202501",
                                      "zzam12m202502"}));
  r.date_to = "2024-11-30";
  EXPECT_EQ(FilterSets(r, agency, 0)[1], (std::vector<std::string>{"zzam12m202411"}));
  // A longer one: its years.
  r.date_from = "2023-01-01";
  r.date_to = "2024-07-31";
  auto sets = FilterSets(r, agency, 0);
  ASSERT_EQ(sets.size(), 2U);
  EXPECT_EQ(sets[1], (std::vector<std::string>{"zzay12y2023", "zzay12y2024"}));
  SearchTerms t;
  t.groups = {{"ubnd"}};
  t.any_of = sets;
  EXPECT_EQ(Fts5Expression(t),
            "\"ubnd\" AND (\"zzdirincoming\") AND (\"zzay12y2023\" OR \"zzay12y2024\")");
  EXPECT_EQ(TsQueryText(t), "ubnd & (zzdirincoming) & (zzay12y2023 | zzay12y2024)");
  // Open-ended or very wide ranges are left to SQL: the agency's token narrows.
  r.date_to.clear();
  EXPECT_EQ(FilterSets(r, agency, 0).back(), (std::vector<std::string>{"zzagency12"}));
  EXPECT_EQ(FilterSets(r, agency, 2026).back().size(), 5U);  // 2023..2027
  r.date_from = "1950-01-01";
  r.date_to = "2025-01-01";
  EXPECT_EQ(FilterSets(r, agency, 0).back(), (std::vector<std::string>{"zzagency12"}));
}

TEST(SearchTextTest, OperatorsQuotesAndSqlAreText) {
  for (const char* q : {"' OR 1=1 --", "NEAR(a b)", "a AND NOT b*", "\"unbalanced", "():^*-+",
                        "%_\\", "a & !b | c <-> d"}) {
    auto t = ParseSearchTerms(q);
    ASSERT_TRUE(t) << q;
    for (const auto& g : t->groups) {
      for (const auto& w : g) {
        EXPECT_EQ(w.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789"), std::string::npos)
            << q;
      }
    }
  }
  EXPECT_TRUE(ParseSearchTerms("():^*")->empty());
  auto bad = ParseSearchTerms(std::string("a\x01"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields().at(0).field, "q");
  EXPECT_FALSE(ParseSearchTerms(std::string(201, 'a')));
}

TEST(SearchTextTest, SnippetsMarkTheWordsAsWrittenAroundTheFirstHit) {
  auto parts = MakeSnippet("Về việc tổ chức Hội nghị tổng kết năm 2025", {"hoi", "nghi"});
  ASSERT_EQ(parts.size(), 5U);
  EXPECT_EQ(parts[0].text, "Về việc tổ chức ");
  EXPECT_FALSE(parts[0].hit);
  EXPECT_EQ(parts[1].text, "Hội");
  EXPECT_TRUE(parts[1].hit);
  EXPECT_EQ(parts[2].text, " ");
  EXPECT_EQ(parts[3].text, "nghị");
  EXPECT_TRUE(parts[3].hit);
  EXPECT_EQ(parts[4].text, " tổng kết năm 2025");
  EXPECT_TRUE(MakeSnippet("Không có gì", {"hoi"}).empty());
  // Decomposed text (NFD: a base letter and combining marks) and capitals are found too.
  auto nfd = MakeSnippet("Ho\xcc\x82\xcc\x80i nghi\xcc\xa3 ĐƯỜNG", {"hoi", "duong"});
  ASSERT_EQ(nfd.size(), 3U);
  EXPECT_TRUE(nfd[0].hit);
  EXPECT_TRUE(nfd[2].hit);
  EXPECT_EQ(nfd[2].text, "ĐƯỜNG");
  std::string long_text;
  for (int i = 0; i < 100; ++i) {
    long_text += "chữ ";
  }
  long_text += "đích cuối";
  auto cut = MakeSnippet(long_text, {"dich"}, 40);
  ASSERT_FALSE(cut.empty());
  EXPECT_EQ(cut.front().text.rfind("…", 0), 0U);
}

}  // namespace
}  // namespace cqdt::documents
