// The proactive rules' data and timing (issue 13 item 8): the compiled-in file parses, bad
// members are named, due dates clamp at months' ends, and the offer window is inclusive.
#include "proactive/rules.hpp"

#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/lunar_calendar.hpp"

namespace cqdt::proactive {
namespace {

Rule Marital() {
  Rule r;
  r.code = "marital-status-expires";
  r.level = 2;
  r.source_procedure = r.offer_procedure = "1.004873";
  r.valid_months = 6;
  r.lead_days = 30;
  r.offer_days_after = 60;
  return r;
}

TEST(ProactiveRulesTest, TheCompiledInRulesParseAndUseTheDemoCodes) {
  const RuleSet& set = DefaultRules();
  ASSERT_EQ(set.rules.size(), 3U);
  const Rule* r = set.Find("marital-status-expires");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->source_procedure, "1.004873");
  EXPECT_EQ(r->valid_months, 6);
  EXPECT_EQ(r->reuse_result_as, 3);
  EXPECT_EQ(set.Find("temporary-residence-ends")->kind, EventKind::kObligationDue);
  EXPECT_EQ(set.Find("judicial-record-ages")->level, 1);
  // Temporary residence ends when the registered term does (CT01's fromDate and months).
  EXPECT_TRUE(TermFromAnswers(*set.Find("temporary-residence-ends")));
  EXPECT_EQ(set.Find("temporary-residence-ends")->term_months_field, "months");
  EXPECT_FALSE(TermFromAnswers(*r));
}

TEST(ProactiveRulesTest, ATermFromTheAnswersIsTheStartPlusItsMonthsWithinTheLongest) {
  Rule r = Marital();
  r.valid_months = 24;
  r.term_start_field = "fromDate";
  r.term_months_field = "months";
  const Date issued{2026, 1, 10};
  EXPECT_EQ(TermDue(r, issued, "2026-01-31", "1"), (Date{2026, 2, 28}));
  EXPECT_EQ(TermDue(r, issued, "2026-02-01", "24"), (Date{2028, 2, 1}));
  // Missing, unreadable or out of range: the longest term from the finish.
  for (auto [start, months] :
       std::vector<std::pair<std::string, std::string>>{{"", "3"},
                                                        {"2026-02-01", ""},
                                                        {"01/02/2026", "3"},
                                                        {"2026-02-01", "25"},
                                                        {"2026-02-01", "0"},
                                                        {"2026-02-01", "3.5"},
                                                        {"2026-02-01", "-3"},
                                                        {"2026-02-01", "9999"}}) {
    EXPECT_EQ(TermDue(r, issued, start, months), (Date{2028, 1, 10})) << start << " " << months;
  }
  EXPECT_TRUE(OfferDueOn(r, {2026, 3, 1}, {2026, 1, 30}));
  EXPECT_FALSE(OfferDueOn(r, {2026, 3, 1}, {2026, 1, 29}));
  EXPECT_TRUE(OfferDueOn(r, {2026, 3, 1}, {2026, 4, 30}));
  EXPECT_FALSE(OfferDueOn(r, {2026, 3, 1}, {2026, 5, 1}));
}

TEST(ProactiveRulesTest, BadMembersAreNamed) {
  auto field = [](const std::string& text) {
    auto r = ParseRules(text);
    EXPECT_FALSE(r);
    return r ? std::string() : r.error().fields().empty() ? "" : r.error().fields()[0].field;
  };
  EXPECT_EQ(ParseRules("[]").error().code(), ErrorCode::kMalformed);
  const std::string ok =
      R"({"code":"a","kind":"resultExpires","level":1,"sourceProcedure":"1","validMonths":6,)"
      R"("leadDays":30,"offerDaysAfter":0,"offerProcedure":"1","reuseResultAs":0,"title":"t",)"
      R"("titleEn":"t","notice":"n","noticeEn":"n")";
  EXPECT_TRUE(ParseRules(R"({"version":"1","rules":[)" + ok + "}]}"));
  EXPECT_EQ(field(R"({"version":"1","rules":[)" + ok + R"(,"extra":1}]})"), "rules[0].extra");
  EXPECT_EQ(field(R"({"version":"1","rules":[)" + ok + "}," + ok + "}]}"), "rules[1].code");
  const std::string term = R"(,"termFrom":{"startField":"fromDate","monthsField":"months"})";
  EXPECT_TRUE(ParseRules(R"({"version":"1","rules":[)" + ok + term + "}]}"));
  EXPECT_EQ(field(R"({"version":"1","rules":[)" + ok + R"(,"termFrom":{"startField":"a"}}]})"),
            "rules[0].termFrom");
  EXPECT_EQ(field(R"({"version":"1","rules":[)" + ok +
                  R"(,"termFrom":{"startField":"a b","monthsField":"m"}}]})"),
            "rules[0].termFrom.startField");
  EXPECT_EQ(field(R"({"version":"1","rules":[)" + ok +
                  R"(,"termFrom":{"startField":"a","months":"m"}}]})"),
            "rules[0].termFrom.monthsField");
  std::string bad = ok;
  bad.replace(bad.find("\"validMonths\":6"), 15, "\"validMonths\":0");
  EXPECT_EQ(field(R"({"version":"1","rules":[)" + bad + "}]}"), "rules[0].validMonths");
  bad = ok;
  bad.replace(bad.find("\"reuseResultAs\":0"), 17, "\"reuseResultAs\":2");
  EXPECT_EQ(field(R"({"version":"1","rules":[)" + bad + "}]}"), "rules[0].reuseResultAs");
}

TEST(ProactiveRulesTest, DueDatesAddCalendarMonthsClampedToTheMonthsEnd) {
  EXPECT_EQ(AddMonths({2026, 8, 31}, 6), (Date{2027, 2, 28}));
  EXPECT_EQ(AddMonths({2027, 8, 31}, 6), (Date{2028, 2, 29}));
  EXPECT_EQ(AddMonths({2026, 11, 27}, 6), (Date{2027, 5, 27}));
  EXPECT_EQ(AddMonths({2026, 1, 15}, -1), (Date{2025, 12, 15}));
  EXPECT_EQ(DueDate(Marital(), {2026, 12, 6}), (Date{2027, 6, 6}));
}

TEST(ProactiveRulesTest, TheOfferWindowRunsFromTheLeadTimeToDaysAfterBothIncluded) {
  const Rule r = Marital();
  const Date issued{2026, 11, 27};  // due 2027-05-27; offered 2027-04-27 .. 2027-07-26
  EXPECT_FALSE(OfferDue(r, issued, {2027, 4, 26}));
  EXPECT_TRUE(OfferDue(r, issued, {2027, 4, 27}));
  EXPECT_TRUE(OfferDue(r, issued, {2027, 5, 27}));
  EXPECT_TRUE(OfferDue(r, issued, {2027, 7, 26}));
  EXPECT_FALSE(OfferDue(r, issued, {2027, 7, 27}));
  // The range the sweep reads covers every issue date whose offer is due.
  for (Date today{2027, 1, 1}; today < Date{2028, 1, 1}; today = AddDays(today, 1)) {
    const auto [first, last] = IssuedRange(r, today);
    for (Date d = AddDays(first, -40); d < AddDays(last, 40); d = AddDays(d, 1)) {
      if (OfferDue(r, d, today)) {
        ASSERT_TRUE(first <= d && d <= last) << FormatIsoDate(today) << " " << FormatIsoDate(d);
      }
    }
  }
}

TEST(ProactiveRulesTest, NoticesNameTheDossierAndTheDueDate) {
  EXPECT_EQ(Fill("Hồ sơ {dossier} hết hạn ngày {due}; {dossier}.", "H01.1", {2027, 5, 7}),
            "Hồ sơ H01.1 hết hạn ngày 07/05/2027; H01.1.");
}

}  // namespace
}  // namespace cqdt::proactive
