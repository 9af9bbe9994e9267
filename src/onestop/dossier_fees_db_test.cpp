// Fees on SQLite and PostgreSQL (issue 13, item 4): the dossiers whose fee is due, for a bank
// statement; a fee recorded as paid keeps the state of a dossier that was not waiting for it and
// resumes one that was; nothing is due twice; only the receiving agency's desk records it.
#include <gtest/gtest.h>

#include "testing_dossier_service.hpp"

namespace cqdt::onestop {
namespace {

class DossierFeesTest : public DossierServiceTest {
 protected:
  Result<std::vector<std::pair<std::string, std::int64_t>>> Due(const identity::User& who) {
    auto tx = tdb_->db().BeginRead();
    return service_->FeesDue(tx, P(who), who.agency_id);
  }
  Result<Dossier> Paid(const std::string& code, const identity::User& who) {
    auto tx = tdb_->db().Begin();
    auto d = service_->RecordFeePaid(tx, A(who), P(who), code, "FT123", FeeMethod::kTransfer);
    if (d) {
      EXPECT_TRUE(tx.Commit());
    }
    return d;
  }
};

TEST_P(DossierFeesTest, ADueFeeIsListedRecordedOnceAndKeepsTheState) {
  ReceiveInput in = Birth();
  in.fee = 8000;
  auto d = Receive(in, counter_);
  ASSERT_TRUE(d) << d.error().message();
  ReceiveInput paid_at_desk = Birth();
  paid_at_desk.fee = 8000;
  paid_at_desk.fee_paid = true;
  ASSERT_TRUE(Receive(paid_at_desk, counter_));
  ReceiveInput free = Birth();
  free.fee = 0;
  ASSERT_TRUE(Receive(free, counter_));

  auto due = Due(counter_);
  ASSERT_TRUE(due) << due.error().message();
  ASSERT_EQ(due->size(), 1U);
  EXPECT_EQ(due->at(0).first, d->code);
  EXPECT_EQ(due->at(0).second, 8000);
  EXPECT_EQ(Due(officer_).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Paid(d->code, stranger_).error().code(), ErrorCode::kNotFound);  // not theirs to see

  auto recorded = Paid(d->code, counter_);
  ASSERT_TRUE(recorded) << recorded.error().message();
  EXPECT_TRUE(recorded->fee_paid);
  EXPECT_EQ(recorded->state, DossierState::kReceived);
  EXPECT_EQ(Paid(d->code, counter_).error().code(), ErrorCode::kConflict);
  EXPECT_TRUE(Due(counter_)->empty());
  auto tx = tdb_->db().BeginRead();
  auto events = service_->Timeline(tx, P(counter_), d->code);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->back().action, "fee_paid");
  EXPECT_EQ(events->back().note, "FT123");
  EXPECT_EQ(events->back().from, DossierState::kReceived);
  EXPECT_EQ(events->back().to, DossierState::kReceived);
}

TEST_P(DossierFeesTest, ADossierWaitingForItsPaymentResumes) {
  ReceiveInput in = Birth();
  in.fee = 8000;
  auto d = Receive(in, counter_);
  ASSERT_TRUE(d);
  ASSERT_TRUE(Act(d->code, counter_, Do(DossierAction::kTransfer)));
  auto waiting = Act(d->code, officer_, Do(DossierAction::kRequestPayment, "Nộp lệ phí"));
  ASSERT_TRUE(waiting) << waiting.error().message();
  ASSERT_EQ(waiting->state, DossierState::kWaitPayment);
  auto resumed = Paid(d->code, counter_);
  ASSERT_TRUE(resumed) << resumed.error().message();
  EXPECT_EQ(resumed->state, DossierState::kProcessing);
  EXPECT_TRUE(resumed->fee_paid);
}

INSTANTIATE_TEST_SUITE_P(Engines, DossierFeesTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::onestop
