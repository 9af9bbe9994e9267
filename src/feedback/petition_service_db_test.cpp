// PAKN on SQLite and PostgreSQL: filed about a dossier (code and check digits) or an agency,
// numbered per day, due after the configured working days; the agency's leaders notified;
// assigned, answered and published; seen by the filer with the contact they gave (one answer for
// a wrong contact and an unknown code); another agency sees nothing; transferred; overdue;
// the filer's verdict; bad fields named; refusals change nothing.
#include "testing_feedback.hpp"

namespace cqdt::feedback {
namespace {

using PetitionTest = FeedbackTest;

PetitionInput AboutAgency(AgencyId agency) {
  PetitionInput in;
  in.agency = agency;
  in.category = "staff";
  in.title = "Cán bộ tiếp nhận chậm";
  in.content = "Tôi chờ 2 giờ ở quầy mà không được tiếp nhận.";
  in.name = "Trần Thị Phản Ánh";
  in.phone = "0912 345 678";
  return in;
}

TEST_P(PetitionTest, APetitionIsFiledAnsweredAndSeenByItsFiler) {
  std::string code;
  {
    auto tx = tdb_->db().Begin();
    auto p = petitions_->File(tx, Anonymous(), nullptr, AboutAgency(ward_));
    ASSERT_TRUE(p) << p.error().message();
    EXPECT_EQ(p->code, "PA-251127-0001");
    EXPECT_EQ(p->state, PetitionState::kReceived);
    EXPECT_EQ(p->due_on, "2025-12-11");  // 10 working days after Thursday 27 November
    EXPECT_FALSE(p->overdue);
    EXPECT_EQ(p->agency_name, "UBND phuong Rach Gia");
    code = p->code;
    ASSERT_TRUE(tx.Commit());
  }
  // The ward's leader and counter officer are told; the officers are not.
  EXPECT_EQ(Notices("feedback.filed"), 2);
  {
    auto tx = tdb_->db().Begin();
    auto queue = petitions_->Queue(tx, P(officer_), {});
    ASSERT_TRUE(queue) << queue.error().message();
    ASSERT_EQ(queue->total, 1);
    EXPECT_EQ(queue->items[0].code, code);
    // Officers do not dispatch; the counter officer assigns the officer.
    EXPECT_EQ(petitions_->Assign(tx, A(officer_), P(officer_), code, officer_.id).error().code(),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(Fields(petitions_->Assign(tx, A(counter_), P(counter_), code, stranger_.id).error()),
              (std::vector<std::string>{"assigneeId"}));
    auto assigned = petitions_->Assign(tx, A(counter_), P(counter_), code, officer_.id);
    ASSERT_TRUE(assigned) << assigned.error().message();
    EXPECT_EQ(assigned->state, PetitionState::kProcessing);
    // Another officer of the ward may not answer what is assigned to someone else.
    AnswerInput answer{"Đơn vị đã nhắc nhở cán bộ và bố trí thêm quầy.", true,
                       "Phản ánh về thời gian chờ tại quầy tiếp nhận."};
    EXPECT_EQ(petitions_->Answer(tx, A(officer2_), P(officer2_), code, answer).error().code(),
              ErrorCode::kPermissionDenied);
    auto answered = petitions_->Answer(tx, A(officer_), P(officer_), code, answer);
    ASSERT_TRUE(answered) << answered.error().message();
    EXPECT_EQ(answered->state, PetitionState::kAnswered);
    EXPECT_TRUE(answered->published);
    EXPECT_EQ(petitions_->Answer(tx, A(leader_), P(leader_), code, answer).error().code(),
              ErrorCode::kConflict);
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = tdb_->db().Begin();
    // The filer: the phone in another form, or nothing at all for a wrong one.
    auto seen = petitions_->Follow(tx, code, "+84 912 345 678");
    ASSERT_TRUE(seen) << seen.error().message();
    EXPECT_EQ(seen->answer, "Đơn vị đã nhắc nhở cán bộ và bố trí thêm quầy.");
    EXPECT_TRUE(seen->answered_by.empty()) << "no officer's name for the filer";
    EXPECT_TRUE(seen->assignee_name.empty());
    ASSERT_EQ(seen->events.size(), 3U);
    EXPECT_TRUE(seen->events[1].actor.empty());
    auto wrong = petitions_->Follow(tx, code, "0912 000 000");
    auto unknown = petitions_->Follow(tx, "PA-251127-0099", "0912 345 678");
    ASSERT_FALSE(wrong);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(wrong.error().code(), ErrorCode::kNotFound);
    EXPECT_EQ(wrong.error().message(), unknown.error().message());
    // The public list: the rewritten question and the answer, no name or contact.
    auto published = petitions_->Published(tx, AgencyId(), 20, 0);
    ASSERT_TRUE(published);
    ASSERT_EQ(published->total, 1);
    EXPECT_EQ(published->items[0].public_question, "Phản ánh về thời gian chờ tại quầy tiếp nhận.");
    EXPECT_EQ(published->items[0].agency_name, "UBND phuong Rach Gia");
    // The verdict, once.
    auto verdict = petitions_->SetVerdict(tx, Anonymous(), code, "0912345678", false, "Vẫn chậm.");
    ASSERT_TRUE(verdict) << verdict.error().message();
    EXPECT_EQ(verdict->verdict, Verdict::kUnsatisfied);
    EXPECT_EQ(petitions_->SetVerdict(tx, Anonymous(), code, "0912345678", true, "").error().code(),
              ErrorCode::kConflict);
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(Notices("feedback.assigned"), 1);
  EXPECT_EQ(Notices("feedback.unsatisfied"), 2);
}

TEST_P(PetitionTest, AnotherAgencyNeitherSeesNorAnswersIt) {
  auto tx = tdb_->db().Begin();
  auto p = petitions_->File(tx, Anonymous(), nullptr, AboutAgency(ward_));
  ASSERT_TRUE(p);
  EXPECT_EQ(petitions_->Get(tx, P(stranger_), p->code).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(petitions_->Answer(tx, A(stranger_), P(stranger_), p->code, {"Trả lời", false, ""})
                .error()
                .code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(petitions_->Queue(tx, P(stranger_), {ward_, std::nullopt, false, 50, 0}).error().code(),
            ErrorCode::kPermissionDenied);
  auto theirs = petitions_->Queue(tx, P(stranger_), {});
  ASSERT_TRUE(theirs);
  EXPECT_EQ(theirs->total, 0);
  EXPECT_TRUE(petitions_->Get(tx, admin_, p->code));
}

TEST_P(PetitionTest, APetitionAboutADossierGoesToItsDecidingAgencyAndIsTransferred) {
  DossierFacts d = Dossier("000.00.31.H01-251127-0001", 21, /*finished=*/false);
  d.deciding_agency = other_;
  directory_.Put(d, "5678");
  PetitionInput in = AboutAgency(AgencyId());
  in.dossier_code = d.code;
  in.check = "5678";
  in.category = "process";
  std::string code;
  {
    auto tx = tdb_->db().Begin();
    auto p = petitions_->File(tx, Anonymous(), nullptr, in);
    ASSERT_TRUE(p) << p.error().message();
    EXPECT_EQ(p->agency, other_);
    EXPECT_EQ(p->dossier_code, d.code);
    code = p->code;
    clock_.Advance(std::chrono::hours(24));  // Friday
    auto moved = petitions_->Transfer(tx, A(stranger_), P(stranger_), code, ward_,
                                      "Thuộc thẩm quyền của phường.");
    ASSERT_TRUE(moved) << moved.error().message();
    EXPECT_EQ(moved->agency, ward_);
    EXPECT_EQ(moved->due_on, "2025-12-12");  // 10 working days from the transfer
    EXPECT_TRUE(petitions_->Get(tx, P(leader_), code));
    EXPECT_EQ(petitions_->Get(tx, P(stranger_), code).error().code(), ErrorCode::kNotFound);
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(Notices("feedback.transferred"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feedback_dossier WHERE finished_at = 0"), 1);
  // A wrong check: the tracking's one answer; nothing written.
  in.check = "0000";
  auto tx = tdb_->db().Begin();
  auto wrong = petitions_->File(tx, Anonymous(), nullptr, in);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), ErrorCode::kNotFound);
  in.check = "12";
  EXPECT_EQ(Fields(petitions_->File(tx, Anonymous(), nullptr, in).error()),
            (std::vector<std::string>{"check"}));
}

TEST_P(PetitionTest, BadFieldsAreNamedAndNothingIsWritten) {
  PetitionInput in;
  in.category = "gossip";
  in.title = "";
  in.content = std::string(5001, 'x');
  in.phone = "12ab";
  in.email = "not-an-address";
  auto tx = tdb_->db().Begin();
  auto bad = petitions_->File(tx, Anonymous(), nullptr, in);
  ASSERT_FALSE(bad);
  EXPECT_EQ(Fields(bad.error()), (std::vector<std::string>{"category", "title", "content", "name",
                                                           "phone", "email", "agencyId"}));
  PetitionInput unknown = AboutAgency(AgencyId(9999));
  EXPECT_EQ(Fields(petitions_->File(tx, Anonymous(), nullptr, unknown).error()),
            (std::vector<std::string>{"agencyId"}));
  PetitionInput no_contact = AboutAgency(ward_);
  no_contact.phone.clear();
  EXPECT_EQ(Fields(petitions_->File(tx, Anonymous(), nullptr, no_contact).error()),
            (std::vector<std::string>{"phone"}));
  // A signed-in citizen needs no contact: the account is followed.
  auto own = petitions_->File(tx, Anonymous(), &citizen_, no_contact);
  ASSERT_TRUE(own) << own.error().message();
  EXPECT_EQ(own->citizen, CitizenId(7));
  auto mine = petitions_->ListOwn(tx, citizen_);
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->size(), 1U);
}

TEST_P(PetitionTest, AnUnansweredPetitionTurnsOverdueAndTheSweepTellsTheLeadersOnce) {
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(petitions_->File(tx, Anonymous(), nullptr, AboutAgency(ward_)));
    ASSERT_TRUE(tx.Commit());
  }
  clock_.Advance(std::chrono::hours(24 * 14));  // Thursday 11 December, the due day
  {
    auto tx = tdb_->db().Begin();
    auto sweep = petitions_->Sweep(tx);
    ASSERT_TRUE(sweep);
    EXPECT_EQ(sweep->overdue_notified, 0);
    ASSERT_TRUE(tx.Commit());
  }
  clock_.Advance(std::chrono::hours(24));  // Friday 12 December
  {
    auto tx = tdb_->db().Begin();
    auto queue = petitions_->Queue(tx, P(leader_), {AgencyId(), std::nullopt, true, 50, 0});
    ASSERT_TRUE(queue);
    ASSERT_EQ(queue->total, 1);
    EXPECT_TRUE(queue->items[0].overdue);
    EXPECT_EQ(petitions_->Sweep(tx)->overdue_notified, 1);
    EXPECT_EQ(petitions_->Sweep(tx)->overdue_notified, 0);
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(Notices("feedback.overdue"), 2);
}

TEST_P(PetitionTest, TheSweepLearnsThatADossierFinished) {
  DossierFacts d = Dossier("000.00.31.H01-251127-0002", 22, /*finished=*/false);
  PetitionInput in = AboutAgency(AgencyId());
  in.dossier_code = d.code;
  in.check = "5678";
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(petitions_->File(tx, Anonymous(), nullptr, in));
    ASSERT_TRUE(tx.Commit());
  }
  directory_.At(d.code).finished = true;
  directory_.At(d.code).finished_at = Now();
  directory_.At(d.code).late = true;
  auto tx = tdb_->db().Begin();
  auto sweep = petitions_->Sweep(tx);
  ASSERT_TRUE(sweep);
  EXPECT_EQ(sweep->dossiers_refreshed, 1);
  ASSERT_TRUE(tx.Commit());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feedback_dossier WHERE finished_at > 0 AND late = 1"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, PetitionTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::feedback
