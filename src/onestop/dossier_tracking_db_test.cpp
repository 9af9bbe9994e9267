// Public tracking on SQLite and PostgreSQL (issue 13, item 5): the code and the last 4 digits of
// the applicant's phone or ID number open what anyone may see; every miss answers the same.
#include <gtest/gtest.h>

#include "testing_dossier_service.hpp"

namespace cqdt::onestop {
namespace {

class DossierTrackingTest : public DossierServiceTest {
 protected:
  Result<TrackedDossier> Track(const std::string& code, const std::string& check) {
    auto tx = tdb_->db().BeginRead();
    return service_->Track(tx, code, check);
  }
};

TEST_P(DossierTrackingTest, TheCodeAndTheLastDigitsOfThePhoneOrIdNumberShowWhereItIs) {
  auto d = Receive(Birth(), counter_);  // phone 0912345678, ID number 091234567890
  ASSERT_TRUE(d) << d.error().message();
  for (const std::string check : {"5678", "7890"}) {
    auto t = Track(d->code, check);
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->code, d->code);
    EXPECT_EQ(t->procedure_code, "1.001193");
    EXPECT_EQ(t->state, DossierState::kReceived);
    EXPECT_EQ(t->appointment_at, d->appointment_at);
    EXPECT_FALSE(t->receiving_agency_name.empty());
    EXPECT_EQ(t->steps.size(), d->steps.size());
    ASSERT_FALSE(t->timeline.empty());
    EXPECT_EQ(t->timeline.front().action, "receive");
    // Nobody's name or note crosses to the public.
    for (const auto& e : t->timeline) {
      EXPECT_TRUE(e.actor_name.empty());
      EXPECT_TRUE(e.note.empty());
    }
  }
  // The timeline follows the dossier.
  ASSERT_TRUE(Act(d->code, counter_, Do(DossierAction::kTransfer)));
  ASSERT_TRUE(Act(d->code, officer_, Do(DossierAction::kRequestSupplement, "Thiếu bản sao")));
  auto after = Track(d->code, "5678");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->state, DossierState::kWaitSupplement);
  EXPECT_TRUE(after->timeline.back().note.empty());
}

TEST_P(DossierTrackingTest, AWrongCheckAnUnknownCodeAndANumberlessApplicantAnswerAlike) {
  auto d = Receive(Birth(), counter_);
  ASSERT_TRUE(d);
  ReceiveInput bare = Birth();
  bare.applicant.phone = "";
  bare.applicant.id_number = "";
  auto numberless = Receive(bare, counter_);
  ASSERT_TRUE(numberless) << numberless.error().message();
  const auto wrong = Track(d->code, "1234");
  const auto unknown = Track("000.00.31.H01-251127-9999", "5678");
  const auto none = Track(numberless->code, "0000");
  for (const auto* r : {&wrong, &unknown, &none}) {
    ASSERT_FALSE(*r);
    EXPECT_EQ(r->error().code(), ErrorCode::kNotFound);
    EXPECT_EQ(r->error().message(), wrong.error().message());
  }
  // The message names neither the code nor anything of the dossier.
  EXPECT_EQ(wrong.error().message().find(d->code), std::string::npos);
}

TEST_P(DossierTrackingTest, AMalformedCodeOrCheckNamesItsField) {
  auto bad_check = Track("000.00.31.H01-251127-0001", "56a8");
  ASSERT_FALSE(bad_check);
  ASSERT_EQ(bad_check.error().fields().size(), 1U);
  EXPECT_EQ(bad_check.error().fields()[0].field, "check");
  EXPECT_FALSE(Track("000.00.31.H01-251127-0001", "12345"));
  auto both = Track("x' OR 1=1 --", "");
  ASSERT_FALSE(both);
  ASSERT_EQ(both.error().fields().size(), 2U);
  EXPECT_EQ(both.error().fields()[0].field, "code");
  EXPECT_EQ(both.error().fields()[1].field, "check");
  EXPECT_FALSE(Track(std::string(65, '1'), "1234"));
}

INSTANTIATE_TEST_SUITE_P(Engines, DossierTrackingTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::onestop
