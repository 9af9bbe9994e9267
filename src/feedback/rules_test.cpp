// The pure rules of ratings and PAKN, and the settings' format.
#include "feedback/rules.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"

namespace cqdt::feedback {
namespace {

constexpr std::int64_t kThursday = 1764208800;  // 2025-11-27 09:00 in Vietnam

DossierFacts Finished(std::int64_t at) {
  DossierFacts d;
  d.code = "000.00.31.H01-251127-0001";
  d.finished = true;
  d.finished_at = at;
  return d;
}

std::vector<std::string> Fields(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields()) {
    out.push_back(f.field);
  }
  return out;
}

TEST(FeedbackSettingsTest, TheCompiledInSettingsParse) {
  const Settings& s = DefaultSettings();
  ASSERT_EQ(s.levels.size(), 3U);
  EXPECT_EQ(s.levels[2].code, "unsatisfied");
  EXPECT_TRUE(s.levels[2].unsatisfied);
  EXPECT_FALSE(s.levels[0].unsatisfied);
  EXPECT_EQ(s.criteria.size(), 4U);
  EXPECT_EQ(s.FindCategory("regulation")->index_class, PetitionClass::kProcedure);
  EXPECT_EQ(s.FindCategory("staff")->index_class, PetitionClass::kStaff);
  EXPECT_EQ(s.answer_working_days, 10);
  EXPECT_EQ(s.rating_change_days, 7);
}

TEST(FeedbackSettingsTest, ABadMemberIsNamed) {
  auto path = [](const std::string& json) {
    auto s = ParseSettings(json);
    return s ? std::string("ok") : Fields(s.error()).empty() ? "-" : Fields(s.error())[0];
  };
  const std::string levels =
      R"("levels": [{"code": "ok", "name": "Được", "unsatisfied": false},
                    {"code": "bad", "name": "Không được", "unsatisfied": true}])";
  const std::string categories = R"("categories": [{"code": "x", "name": "X", "index766": ""}])";
  const std::string days =
      R"("answerWorkingDays": 10, "ratingWindowDays": 90, "ratingChangeDays": 7)";
  EXPECT_EQ(path("{\"version\": \"1\", " + levels + ", " + categories + ", " + days + "}"), "ok");
  EXPECT_EQ(path("[]"), "-");
  EXPECT_EQ(path("{\"version\": \"1\", \"levels\": [{\"code\": \"ok\", \"name\": \"X\", "
                 "\"unsatisfied\": false}], " +
                 categories + ", " + days + "}"),
            "levels");  // no level counts as unsatisfied
  EXPECT_EQ(path("{\"version\": \"1\", " + levels +
                 ", \"categories\": [{\"code\": \"Bad Code\", "
                 "\"name\": \"X\", \"index766\": \"\"}], " +
                 days + "}"),
            "categories[0].code");
  EXPECT_EQ(path("{\"version\": \"1\", " + levels +
                 ", \"categories\": [{\"code\": \"x\", "
                 "\"name\": \"X\", \"index766\": \"money\"}], " +
                 days + "}"),
            "categories[0].index766");
  EXPECT_EQ(path("{\"version\": \"1\", " + levels + ", " + categories +
                 R"(, "answerWorkingDays": 0, "ratingWindowDays": 90, "ratingChangeDays": 7})"),
            "answerWorkingDays");
}

TEST(RatingRulesTest, TheInputIsCheckedAndOrderedAsTheSettings) {
  const Settings& s = DefaultSettings();
  RatingInput in{"satisfied", {{"result", "satisfied"}, {"time", "unsatisfied"}}, "  Tốt  "};
  auto ok = CheckRatingInput(in, s);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->criteria.front().first, "time");
  EXPECT_EQ(ok->comment, "Tốt");
  auto bad = CheckRatingInput({"", {{"time", "x"}, {"mood", "satisfied"}}, "\x01"}, s);
  ASSERT_FALSE(bad);
  EXPECT_EQ(Fields(bad.error()),
            (std::vector<std::string>{"overall", "criteria.time", "criteria.mood", "comment"}));
}

TEST(RatingRulesTest, AFinishedDossierIsRatedWithinItsWindowAndChangedWithinTheChangeWindow) {
  const Settings& s = DefaultSettings();
  DossierFacts open;
  EXPECT_EQ(CheckMayRate(open, std::nullopt, kThursday, s).error().code(),
            ErrorCode::kFailedPrecondition);
  DossierFacts done = Finished(kThursday);
  EXPECT_TRUE(CheckMayRate(done, std::nullopt, kThursday, s));
  const std::int64_t window_end = kThursday + s.rating_window_days * kDaySeconds;
  EXPECT_TRUE(CheckMayRate(done, std::nullopt, window_end, s));
  EXPECT_EQ(CheckMayRate(done, std::nullopt, window_end + 1, s).error().code(),
            ErrorCode::kFailedPrecondition);
  // Rated on the window's last day: still changeable for the change window.
  EXPECT_TRUE(CheckMayRate(done, window_end, window_end + 3 * kDaySeconds, s));
  EXPECT_EQ(RatingChangeableUntil(kThursday, s), kThursday + 7 * kDaySeconds);
  EXPECT_TRUE(CheckMayRate(done, kThursday, kThursday + 7 * kDaySeconds, s));
  EXPECT_EQ(CheckMayRate(done, kThursday, kThursday + 7 * kDaySeconds + 1, s).error().code(),
            ErrorCode::kConflict);
}

TEST(PetitionRulesTest, TheDueDayCountsWorkingDaysFromTheDayAfterArrival) {
  WorkingCalendar calendar;
  auto due = PetitionDue(calendar, kThursday, 10);
  ASSERT_TRUE(due);
  EXPECT_EQ(FormatIsoDate(due->on), "2025-12-11");
  EXPECT_EQ(ToIsoVietnam(FromUnixSeconds(due->at)), "2025-12-12T00:00:00+07:00");
  // Filed on a Saturday night: the count starts on Monday.
  auto weekend = PetitionDue(calendar, kThursday + 2 * kDaySeconds + 13 * 3600, 1);
  ASSERT_TRUE(weekend);
  EXPECT_EQ(FormatIsoDate(weekend->on), "2025-12-01");
  // Across the National Day holidays of 2025 (1 and 2 September).
  auto holiday = PetitionDue(calendar, 1756432800, 1);  // Friday 2025-08-29 09:00
  ASSERT_TRUE(holiday);
  EXPECT_EQ(FormatIsoDate(holiday->on), "2025-09-03");
}

TEST(PetitionRulesTest, OverdueMeansUnansweredAfterTheDueDay) {
  const std::int64_t due_at = kThursday + kDaySeconds;
  EXPECT_FALSE(IsOverdue(due_at, 0, due_at - 1));
  EXPECT_TRUE(IsOverdue(due_at, 0, due_at));
  EXPECT_FALSE(IsOverdue(due_at, due_at + 5, due_at + 10));
  EXPECT_FALSE(AnsweredLate(due_at, due_at - 1));
  EXPECT_TRUE(AnsweredLate(due_at, due_at));
  EXPECT_FALSE(AnsweredLate(due_at, 0));
}

TEST(PetitionRulesTest, TheFilerIsRecognisedByTheirPhoneOrEmail) {
  EXPECT_TRUE(ContactMatches("0912 345 678", "", "0912345678"));
  EXPECT_TRUE(ContactMatches("0912345678", "", "+84 912 345 678"));
  EXPECT_TRUE(ContactMatches("", "Dan@Example.vn", " dan@example.VN "));
  EXPECT_FALSE(ContactMatches("0912345678", "", "5678"));
  EXPECT_FALSE(ContactMatches("", "", ""));
  EXPECT_FALSE(ContactMatches("", "", "@"));
  EXPECT_FALSE(ContactMatches("0912345678", "a@b.vn", "0912345679"));
}

}  // namespace
}  // namespace cqdt::feedback
