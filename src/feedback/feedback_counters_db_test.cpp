// The Decision 766 counts of ratings and PAKN on SQLite and PostgreSQL (chi-so-766.md §3.5):
// per agency and period, a late dossier not counted twice, PAKN on time / in time / overdue /
// answered against, their classes; an agency with nothing gets zeros.
#include <algorithm>
#include <map>

#include "feedback/feedback_counters.hpp"
#include "testing_feedback.hpp"

namespace cqdt::feedback {
namespace {

using CountersTest = FeedbackTest;

TEST_P(CountersTest, RatingsAndPetitionsAreCountedPerAgencyAndPeriod) {
  const std::int64_t from = Now() - 24 * 3600;
  RatingInput unsatisfied{"unsatisfied", {}, ""};
  RatingInput fine{"satisfied", {}, ""};
  Dossier("D-1", 1);                       // rated unsatisfied
  Dossier("D-2", 2, true, /*late=*/true);  // late and rated unsatisfied: counted by onestop
  Dossier("D-3", 3);                       // rated fine, with a PAKN
  Dossier("D-4", 4);                       // rated fine
  DossierFacts elsewhere = Dossier("D-5", 5);
  elsewhere.deciding_agency = other_;
  directory_.Put(elsewhere, "5678");
  auto about = [&](const std::string& code, const std::string& category) {
    PetitionInput in;
    in.dossier_code = code;
    in.check = "5678";
    in.category = category;
    in.title = "Tiêu đề";
    in.content = "Nội dung";
    in.name = "Người gửi";
    in.phone = "0912345678";
    return in;
  };
  std::vector<std::string> codes;
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(ratings_->RateByCheck(tx, Anonymous(), "D-1", "5678", unsatisfied));
    ASSERT_TRUE(ratings_->RateByCheck(tx, Anonymous(), "D-2", "5678", unsatisfied));
    ASSERT_TRUE(ratings_->RateByCheck(tx, Anonymous(), "D-3", "5678", fine));
    ASSERT_TRUE(ratings_->RateByCheck(tx, Anonymous(), "D-4", "5678", fine));
    ASSERT_TRUE(ratings_->RateByCheck(tx, Anonymous(), "D-5", "5678", unsatisfied));
    for (const auto& [code, category] : std::vector<std::pair<std::string, std::string>>{
             {"D-3", "staff"}, {"D-2", "regulation"}, {"D-4", "process"}, {"D-1", "other"}}) {
      auto p = petitions_->File(tx, Anonymous(), nullptr, about(code, category));
      ASSERT_TRUE(p) << p.error().message();
      codes.push_back(p->code);
    }
    ASSERT_TRUE(tx.Commit());
  }
  // The first answered in time, then the filer unsatisfied; the second answered in time.
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(petitions_->Answer(tx, A(leader_), P(leader_), codes[0], {"Trả lời", false, ""}));
    ASSERT_TRUE(petitions_->Answer(tx, A(leader_), P(leader_), codes[1], {"Trả lời", false, ""}));
    ASSERT_TRUE(
        petitions_->SetVerdict(tx, Anonymous(), codes[0], "0912345678", false, "Chưa thỏa đáng"));
    ASSERT_TRUE(tx.Commit());
  }
  // Three weeks on: the third answered late; the fourth still open, past due.
  clock_.Advance(std::chrono::hours(24 * 21));
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(petitions_->Answer(tx, A(leader_), P(leader_), codes[2], {"Trả lời", false, ""}));
    ASSERT_TRUE(tx.Commit());
  }
  const std::int64_t to = Now() + 1;
  auto tx = tdb_->db().BeginRead();
  auto counts = CountFeedback(tx, {ward_, other_, AgencyId(4242)}, from, to, Now());
  ASSERT_TRUE(counts) << counts.error().message();
  ASSERT_EQ(counts->size(), 3U);
  const FeedbackCounters& w = (*counts)[0];
  EXPECT_EQ(w.agency, ward_);
  EXPECT_EQ(w.dossiers_rated, 4);
  EXPECT_EQ(w.dossiers_rated_unsatisfied, 2);
  EXPECT_EQ(w.dossiers_with_petition, 4);
  EXPECT_EQ(w.dossiers_against_not_late, 3);  // D-1, D-3, D-4; D-2 is onestop's late one
  EXPECT_EQ(w.petitions, 4);
  EXPECT_EQ(w.petitions_answered_on_time, 2);
  EXPECT_EQ(w.petitions_open_in_time, 0);
  EXPECT_EQ(w.petitions_overdue, 1);
  EXPECT_EQ(w.petitions_answered, 3);
  EXPECT_EQ(w.petitions_answered_against, 2);  // the unsatisfied verdict, the late answer
  EXPECT_EQ(w.petitions_procedure, 1);
  EXPECT_EQ(w.petitions_staff, 1);
  const FeedbackCounters& o = (*counts)[1];
  EXPECT_EQ(o.dossiers_rated, 1);
  EXPECT_EQ(o.dossiers_rated_unsatisfied, 1);
  EXPECT_EQ(o.dossiers_against_not_late, 1);
  EXPECT_EQ(o.petitions, 0);
  EXPECT_EQ((*counts)[2], FeedbackCounters{AgencyId(4242)});

  // The dossiers behind those counts, for the index's staff page: the ward's four, the
  // province's five; those not late are dossiers_against_not_late.
  auto marks = ListDossierMarks(tx, ward_, from, to);
  ASSERT_TRUE(marks) << marks.error().message();
  std::map<std::string, DossierMark> by_code;
  for (const DossierMark& m : *marks) {
    by_code[m.code] = m;
  }
  ASSERT_EQ(by_code.size(), 4U);
  EXPECT_EQ(by_code["D-1"].dossier_id, 1);
  EXPECT_EQ(by_code["D-1"].agency, ward_);
  EXPECT_TRUE(by_code["D-1"].unsatisfied && by_code["D-1"].petition && !by_code["D-1"].late);
  EXPECT_TRUE(by_code["D-2"].late && by_code["D-2"].unsatisfied);
  EXPECT_TRUE(by_code["D-3"].petition && !by_code["D-3"].unsatisfied);
  EXPECT_EQ(
      std::count_if(marks->begin(), marks->end(), [](const DossierMark& m) { return !m.late; }),
      w.dossiers_against_not_late);
  auto province = ListDossierMarks(tx, AgencyId(), from, to);
  ASSERT_TRUE(province);
  EXPECT_EQ(province->size(), 5U);
  EXPECT_TRUE(ListDossierMarks(tx, ward_, from - 100, from - 50)->empty());

  // A period ending before the answers: all four open; in time at its end.
  auto early = CountFeedback(tx, {ward_}, from, from + 2 * 24 * 3600, from + 2 * 24 * 3600);
  ASSERT_TRUE(early);
  EXPECT_EQ((*early)[0].petitions, 4);
  EXPECT_EQ((*early)[0].petitions_answered, 2);
  EXPECT_EQ((*early)[0].petitions_open_in_time, 2);
  EXPECT_EQ((*early)[0].petitions_overdue, 0);
  // A period before anything: nothing.
  auto before = CountFeedback(tx, {ward_}, from - 100, from - 50, from - 50);
  ASSERT_TRUE(before);
  EXPECT_EQ((*before)[0], FeedbackCounters{ward_});
}

INSTANTIATE_TEST_SUITE_P(Engines, CountersTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::feedback
