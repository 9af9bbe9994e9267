// Ratings on SQLite and PostgreSQL: by code and check digits, by the citizen's own account, at
// the desk; a second rating replaces the first within the change window and is refused after;
// an unfinished dossier is not rated; refusals change nothing; the summary counts per agency.
#include "testing_feedback.hpp"

namespace cqdt::feedback {
namespace {

using RatingTest = FeedbackTest;

RatingInput Good(std::string overall = "satisfied") {
  RatingInput in;
  in.overall = std::move(overall);
  in.criteria = {{"attitude", "very_satisfied"}, {"time", "satisfied"}};
  in.comment = "  Cán bộ hướng dẫn tận tình.  ";
  return in;
}

TEST_P(RatingTest, TheCodeAndCheckDigitsRateAFinishedDossierOnce) {
  Dossier("000.00.31.H01-251127-0001", 11);
  {
    auto tx = tdb_->db().Begin();
    auto view = ratings_->ViewByCheck(tx, "000.00.31.H01-251127-0001", "5678");
    ASSERT_TRUE(view) << view.error().message();
    EXPECT_TRUE(view->may_rate);
    EXPECT_FALSE(view->rating);
    auto rated =
        ratings_->RateByCheck(tx, Anonymous(), "000.00.31.H01-251127-0001", "5678", Good());
    ASSERT_TRUE(rated) << rated.error().message();
    EXPECT_TRUE(rated->created);
    EXPECT_EQ(rated->rating.channel, RatingChannel::kLink);
    EXPECT_EQ(rated->rating.comment, "Cán bộ hướng dẫn tận tình.");
    // The settings' order: time before attitude.
    EXPECT_EQ(rated->rating.criteria, (std::vector<std::pair<std::string, std::string>>{
                                          {"time", "satisfied"}, {"attitude", "very_satisfied"}}));
    ASSERT_TRUE(tx.Commit());
  }
  // Changed the next day: replaced, the first time kept.
  clock_.Advance(std::chrono::hours(24));
  {
    auto tx = tdb_->db().Begin();
    auto again = ratings_->RateByCheck(tx, Anonymous(), "000.00.31.H01-251127-0001", "5678",
                                       Good("unsatisfied"));
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_FALSE(again->created);
    EXPECT_TRUE(again->rating.unsatisfied);
    EXPECT_EQ(again->rating.rated_at, Now() - 24 * 3600);
    EXPECT_EQ(again->rating.changes, 1);
    ASSERT_TRUE(tx.Commit());
  }
  // After the change window: refused, nothing changes.
  clock_.Advance(std::chrono::hours(24 * settings_.rating_change_days));
  {
    auto tx = tdb_->db().Begin();
    auto late = ratings_->RateByCheck(tx, Anonymous(), "000.00.31.H01-251127-0001", "5678",
                                      Good("very_satisfied"));
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().code(), ErrorCode::kConflict);
    auto view = ratings_->ViewByCheck(tx, "000.00.31.H01-251127-0001", "5678");
    ASSERT_TRUE(view && view->rating);
    EXPECT_EQ(view->rating->overall, "unsatisfied");
    EXPECT_FALSE(view->may_rate);
    EXPECT_FALSE(view->why_not.empty());
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feedback_rating"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_entry WHERE action = 'feedback.rating'"), 2);
}

TEST_P(RatingTest, AWrongCheckAnUnfinishedDossierAndBadFieldsAreRefusedAndChangeNothing) {
  Dossier("000.00.31.H01-251127-0002", 12, /*finished=*/false);
  auto tx = tdb_->db().Begin();
  auto wrong = ratings_->RateByCheck(tx, Anonymous(), "000.00.31.H01-251127-0002", "0000", Good());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), ErrorCode::kNotFound);
  auto open = ratings_->RateByCheck(tx, Anonymous(), "000.00.31.H01-251127-0002", "5678", Good());
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error().code(), ErrorCode::kFailedPrecondition);
  RatingInput bad;
  bad.overall = "great";
  bad.criteria = {{"speed", "satisfied"}, {"time", "wow"}, {"time", "satisfied"}};
  bad.comment = std::string(1001, 'x');
  auto invalid = ratings_->RateByCheck(tx, Anonymous(), "000.00.31.H01-251127-0002", "5678", bad);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(Fields(invalid.error()),
            (std::vector<std::string>{"overall", "criteria.speed", "criteria.time", "criteria.time",
                                      "comment"}));
  ASSERT_TRUE(tx.Commit());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feedback_rating"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feedback_dossier"), 0);
}

TEST_P(RatingTest, TheCitizenRatesOnlyTheirOwnDossier) {
  DossierFacts mine = Dossier("000.00.31.H01-251127-0003", 13);
  mine.citizen = CitizenId(7);
  directory_.Put(mine, "5678");
  Dossier("000.00.31.H01-251127-0004", 14);  // nobody's account
  auto tx = tdb_->db().Begin();
  auto own = ratings_->RateOwn(tx, Anonymous(), citizen_, mine.code, Good());
  ASSERT_TRUE(own) << own.error().message();
  EXPECT_EQ(own->rating.channel, RatingChannel::kPortal);
  auto other = ratings_->RateOwn(tx, Anonymous(), citizen_, "000.00.31.H01-251127-0004", Good());
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code(), ErrorCode::kNotFound);
  auto staff = ratings_->RateOwn(tx, A(counter_), P(counter_), mine.code, Good());
  ASSERT_FALSE(staff);
  EXPECT_EQ(staff.error().code(), ErrorCode::kPermissionDenied);
}

TEST_P(RatingTest, TheDeskRecordsARatingForItsOwnDossiersOnly) {
  Dossier("000.00.31.H01-251127-0005", 15);
  auto tx = tdb_->db().Begin();
  auto desk = ratings_->RateAtCounter(tx, A(counter_), P(counter_), "000.00.31.H01-251127-0005",
                                      Good("very_satisfied"));
  ASSERT_TRUE(desk) << desk.error().message();
  EXPECT_EQ(desk->rating.channel, RatingChannel::kCounter);
  EXPECT_EQ(desk->rating.rated_by, "motcua");
  auto officer =
      ratings_->RateAtCounter(tx, A(officer_), P(officer_), "000.00.31.H01-251127-0005", Good());
  ASSERT_FALSE(officer);
  EXPECT_EQ(officer.error().code(), ErrorCode::kPermissionDenied);
  auto stranger =
      ratings_->RateAtCounter(tx, A(stranger_), P(stranger_), "000.00.31.H01-251127-0005", Good());
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code(), ErrorCode::kNotFound);
}

TEST_P(RatingTest, TheSummaryCountsTheAgencysRatingsByLevelCriterionAndChannel) {
  Dossier("000.00.31.H01-251127-0006", 16);
  Dossier("000.00.31.H01-251127-0007", 17);
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(ratings_->RateByCheck(tx, Anonymous(), "000.00.31.H01-251127-0006", "5678",
                                      Good("unsatisfied")));
    RatingInput plain;
    plain.overall = "very_satisfied";
    ASSERT_TRUE(
        ratings_->RateAtCounter(tx, A(counter_), P(counter_), "000.00.31.H01-251127-0007", plain));
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = tdb_->db().BeginRead();
  auto s = ratings_->Summary(tx, P(leader_), ward_, Now() - 3600, Now() + 1);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->total, 2);
  EXPECT_EQ(s->unsatisfied, 1);
  ASSERT_EQ(s->overall.size(), 3U);
  EXPECT_EQ(s->overall[0].level, "very_satisfied");
  EXPECT_EQ(s->overall[0].count, 1);
  EXPECT_EQ(s->overall[2].count, 1);
  EXPECT_EQ(s->criteria[0].criterion, "time");
  EXPECT_EQ(s->criteria[0].levels[1].count, 1);
  EXPECT_EQ(s->channels, (std::vector<std::pair<std::string, std::int64_t>>{
                             {"link", 1}, {"portal", 0}, {"counter", 1}}));
  ASSERT_EQ(s->recent.size(), 1U);  // the unsatisfied one with its comment
  EXPECT_EQ(s->recent[0].dossier_code, "000.00.31.H01-251127-0006");
  auto outside = ratings_->Summary(tx, P(stranger_), ward_, Now() - 3600, Now() + 1);
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().code(), ErrorCode::kPermissionDenied);
  auto admin = ratings_->Summary(tx, admin_, ward_, Now() + 1, Now() + 2);
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->total, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, RatingTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::feedback
