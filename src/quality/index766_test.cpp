// The Decision 766 rules: the file compiled in, and the vectors of chi-so-766.md §7 (S1–S18).
#include "quality/index766.hpp"

#include <gtest/gtest.h>

namespace cqdt::quality {
namespace {

const IndicatorRule& Rule(const std::string& code) {
  for (const GroupRule& g : DefaultRules().groups) {
    for (const IndicatorRule& r : g.indicators) {
      if (r.code == code) {
        return r;
      }
    }
  }
  ADD_FAILURE() << "no rule " << code;
  static const IndicatorRule kNone;
  return kNone;
}

// The rounded score of `code` for numerator / denominator.
double S(const std::string& code, std::int64_t n, std::int64_t d) {
  auto s = Score(Rule(code), {n, d});
  EXPECT_TRUE(s.has_value()) << code;
  return s ? Round2(*s) : -1;
}

TEST(Index766RulesTest, TheCompiledInRulesParseAndSumTo100) {
  const RuleSet& rules = DefaultRules();
  ASSERT_EQ(rules.groups.size(), 6U);
  double total = 0;
  for (const GroupRule& g : rules.groups) {
    total += g.max;
  }
  EXPECT_DOUBLE_EQ(total, 100);
  EXPECT_EQ(rules.groups[1].code, "progress");
  EXPECT_DOUBLE_EQ(rules.groups[1].max, 20);
}

TEST(Index766RulesTest, ABadRuleSetNamesTheMember) {
  auto bad = ParseRules(R"({"version":"x","effectiveFrom":"2025-07-01","groups":[{"code":"g",
    "name":"G","max":5,"indicators":[{"code":"A","name":"A","max":5,"rule":"threshold",
    "threshold":1.5,"zeroDenominator":"zero","scope":"province","source":"local"}]}]})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields().front().field, "groups[0].indicators[0].threshold");
  auto sum = ParseRules(R"({"version":"x","effectiveFrom":"2025-07-01","groups":[{"code":"g",
    "name":"G","max":6,"indicators":[{"code":"A","name":"A","max":5,"rule":"linear",
    "zeroDenominator":"zero","scope":"province","source":"local"}]}]})");
  ASSERT_FALSE(sum);
  EXPECT_EQ(sum.error().fields().front().field, "groups[0].max");
  auto unknown = ParseRules(R"({"version":"x","effectiveFrom":"2025-07-01","groups":[{"code":"g",
    "name":"G","max":5,"indicators":[{"code":"A","name":"A","max":5,"rule":"linear","weight":2,
    "zeroDenominator":"zero","scope":"province","source":"local"}]}]})");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().fields().front().field, "groups[0].indicators[0].weight");
  EXPECT_FALSE(ParseRules("{"));
}

// S1–S3: linear ratio indicators of the transparency group (their rules, not their data source).
TEST(Index766VectorsTest, S1ToS3LinearRatios) {
  EXPECT_DOUBLE_EQ(S("PUBLISH_ON_TIME", 950, 1000), 5.70);
  EXPECT_DOUBLE_EQ(S("PUBLIC_CONTENT_FULL", 875, 1000), 1.75);
  EXPECT_DOUBLE_EQ(S("DOSSIER_SYNC", 923, 1000), 5.54);
}

TEST(Index766VectorsTest, S4S5Progress) {
  EXPECT_DOUBLE_EQ(S("PROGRESS_ON_TIME", 950, 1000), 19.00);
  EXPECT_DOUBLE_EQ(S("PROGRESS_ON_TIME", 1183, 1200), 19.72);
  EXPECT_FALSE(Score(Rule("PROGRESS_ON_TIME"), {0, 0}));  // no data, neither 0 nor 20
}

TEST(Index766VectorsTest, S6S7OnlineServices) {
  const std::map<std::string, Fraction> s6 = {{"ONLINE_PROVIDED", {750, 1000}},
                                              {"ONLINE_USED", {600, 750}},
                                              {"ONLINE_DOSSIERS", {3600, 12000}}};
  UnitScore u = ScoreUnit(DefaultRules(), s6, false);
  ASSERT_TRUE(u.groups[2].score);
  EXPECT_EQ(u.groups[2].rule->code, "online");
  EXPECT_DOUBLE_EQ(*u.groups[2].score, 8.68);  // 1.875 + 3.2 + 3.6
  const std::map<std::string, Fraction> s7 = {
      {"ONLINE_PROVIDED", {9, 10}}, {"ONLINE_USED", {5, 10}}, {"ONLINE_DOSSIERS", {7, 10}}};
  EXPECT_DOUBLE_EQ(*ScoreUnit(DefaultRules(), s7, false).groups[2].score, 10.00);
}

TEST(Index766VectorsTest, S8S9OnlinePayment) {
  const std::map<std::string, Fraction> s8 = {{"ONLINE_PAYMENT_DOSSIERS", {450, 900}},
                                              {"ONLINE_PAYMENT_FORMALITIES", {36, 40}},
                                              {"FEE_FORMALITIES_USED", {32, 40}}};
  UnitScore u = ScoreUnit(DefaultRules(), s8, false);
  EXPECT_EQ(u.groups[3].rule->code, "payment");
  EXPECT_DOUBLE_EQ(*u.groups[3].score, 7.00);
  const std::map<std::string, Fraction> s9 = {{"ONLINE_PAYMENT_DOSSIERS", {120, 400}},
                                              {"ONLINE_PAYMENT_FORMALITIES", {10, 25}},
                                              {"FEE_FORMALITIES_USED", {15, 25}}};
  EXPECT_DOUBLE_EQ(*ScoreUnit(DefaultRules(), s9, false).groups[3].score, 4.30);
}

TEST(Index766VectorsTest, S10ToS14Satisfaction) {
  EXPECT_DOUBLE_EQ(S("DOSSIER_RECEIVING_SATISFACTION", 850, 1000), 5.67);
  EXPECT_DOUBLE_EQ(S("DOSSIER_RECEIVING_SATISFACTION", 950, 1000), 6.00);
  EXPECT_DOUBLE_EQ(S("DOSSIER_RECEIVING_SATISFACTION", 0, 0), 0);
  EXPECT_DOUBLE_EQ(S("PETITION_PROCESSING_ON_TIME", 18, 20), 5.40);
  EXPECT_DOUBLE_EQ(S("PETITION_PROCESSING_ON_TIME", 0, 0), 6.00);
  EXPECT_DOUBLE_EQ(S("PETITION_HANDLING_SATISFACTION", 0, 0), 6.00);
}

TEST(Index766VectorsTest, S15ToS17Digitisation) {
  EXPECT_DOUBLE_EQ(S("ORIGINAL_RESULT_AVAILABLE", 725, 1000), 4.35);
  EXPECT_DOUBLE_EQ(S("REUSED_DIGITIZED_DATA", 60, 100), 1.50);
  EXPECT_DOUBLE_EQ(S("REUSED_DIGITIZED_DATA", 85, 100), 2.00);
}

// S18: a commune scored on a province-only row gets its declared maximum; a province does not.
TEST(Index766VectorsTest, S18ACommuneGetsTheMaximumOfAProvinceOnlyRow) {
  auto find = [](const UnitScore& u, const std::string& code) -> const IndicatorScore* {
    for (const auto& g : u.groups) {
      for (const auto& i : g.indicators) {
        if (i.rule->code == code) {
          return &i;
        }
      }
    }
    return nullptr;
  };
  UnitScore commune = ScoreUnit(DefaultRules(), {}, true);
  const IndicatorScore* row = find(commune, "CITIZEN_DATA_CONNECTED_FORMALITY");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->status, IndicatorStatus::kNotApplicable);
  EXPECT_DOUBLE_EQ(*row->score, 2.00);
  UnitScore province = ScoreUnit(DefaultRules(), {}, false);
  EXPECT_EQ(find(province, "CITIZEN_DATA_CONNECTED_FORMALITY")->status, IndicatorStatus::kExternal);
  EXPECT_FALSE(find(province, "CITIZEN_DATA_CONNECTED_FORMALITY")->score);
}

// A unit's total sums the unrounded scores and its maximum counts only what was scored.
TEST(Index766ScoreTest, TotalsSumUnroundedScoresOverWhatWasScored) {
  const std::map<std::string, Fraction> f = {{"PROGRESS_ON_TIME", {1, 3}}, {"ONLINE_USED", {1, 3}}};
  UnitScore u = ScoreUnit(DefaultRules(), f, false);
  // 20/3 + 4/3 = 8 exactly; rounding each first would give 6.67 + 1.33 = 8.00 too, so check the
  // maximum: external rows (transparency 18, digitisation 10) are left out.
  EXPECT_DOUBLE_EQ(u.score, Round2(20.0 / 3 + 4.0 / 3 + 6 + 6));
  EXPECT_DOUBLE_EQ(u.max_score, 100 - 18 - 10);
  EXPECT_FALSE(u.groups[0].score);  // transparency: nothing local
}

TEST(Index766FractionsTest, CountsProceduresByWhatTheCatalogueSays) {
  onestop::ProcedureFacts online{"1.1", onestop::OnlineLevel::kFull, true, true, {}, ""};
  onestop::ProcedureFacts paper{"1.2", onestop::OnlineLevel::kInformation, true, false, {}, ""};
  onestop::ProcedureCounters c;
  c.procedure_code = "1.1";
  c.received = 10;
  c.received_online = 4;
  c.fee_bearing = 10;
  c.paid_online = 3;
  c.by_data = 5;
  auto f = Fractions({&c}, {&online, &paper});
  EXPECT_EQ(f["ONLINE_PROVIDED"].numerator, 1);
  EXPECT_EQ(f["ONLINE_PROVIDED"].denominator, 2);
  EXPECT_EQ(f["ONLINE_USED"].numerator, 1);
  EXPECT_EQ(f["ONLINE_USED"].denominator, 1);
  EXPECT_EQ(f["ONLINE_DOSSIERS"].numerator, 4);
  EXPECT_EQ(f["ONLINE_PAYMENT_FORMALITIES"].numerator, 1);
  EXPECT_EQ(f["ONLINE_PAYMENT_FORMALITIES"].denominator, 2);
  EXPECT_EQ(f["FEE_FORMALITIES_USED"].numerator, 1);
  EXPECT_EQ(f["REUSED_DIGITIZED_DATA"].numerator, 5);
  EXPECT_EQ(f["REUSED_DIGITIZED_DATA"].denominator, 10);
}

TEST(Index766FractionsTest, RatingsAndPetitionsCountInTheSatisfactionGroup) {
  onestop::ProcedureCounters c;
  c.procedure_code = "1.1";
  c.finished = 100;
  c.finished_late = 5;
  feedback::FeedbackCounters f;
  f.dossiers_against_not_late = 3;  // rated unsatisfied or complained about, not late
  f.petitions = 10;
  f.petitions_answered_on_time = 6;
  f.petitions_open_in_time = 2;
  f.petitions_overdue = 2;
  f.petitions_answered = 7;
  f.petitions_answered_against = 1;
  auto with = Fractions({&c}, {}, f);
  EXPECT_EQ(with["DOSSIER_RECEIVING_SATISFACTION"].numerator, 92);
  EXPECT_EQ(with["DOSSIER_RECEIVING_SATISFACTION"].denominator, 100);
  EXPECT_EQ(with["PETITION_PROCESSING_ON_TIME"].numerator, 8);
  EXPECT_EQ(with["PETITION_PROCESSING_ON_TIME"].denominator, 10);
  EXPECT_EQ(with["PETITION_HANDLING_SATISFACTION"].numerator, 6);
  EXPECT_EQ(with["PETITION_HANDLING_SATISFACTION"].denominator, 7);
  // Without any, a finished dossier costs a point only when late, and no PAKN is 0/0 (the
  // rules award the maximum).
  auto without = Fractions({&c}, {});
  EXPECT_EQ(without["DOSSIER_RECEIVING_SATISFACTION"].numerator, 95);
  EXPECT_EQ(without["PETITION_PROCESSING_ON_TIME"].denominator, 0);
}

TEST(Index766PeriodTest, AQuarterRunsFromItsFirstToItsLastDay) {
  EXPECT_EQ(QuarterOf({2026, 2, 14}), (std::pair<Date, Date>{{2026, 1, 1}, {2026, 3, 31}}));
  EXPECT_EQ(QuarterOf({2026, 6, 30}), (std::pair<Date, Date>{{2026, 4, 1}, {2026, 6, 30}}));
  EXPECT_EQ(QuarterOf({2026, 7, 1}), (std::pair<Date, Date>{{2026, 7, 1}, {2026, 9, 30}}));
  EXPECT_EQ(QuarterOf({2026, 12, 6}), (std::pair<Date, Date>{{2026, 10, 1}, {2026, 12, 31}}));
  EXPECT_FALSE(CheckPeriod("2026-12-31", "2026-01-01"));
  EXPECT_TRUE(CheckPeriod("2026-01-01", "2026-01-01"));
}

}  // namespace
}  // namespace cqdt::quality
