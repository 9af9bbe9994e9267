// The feedback (PAKN) and rating permissions of identity::Authorizer (issue 13, item 7).
#include "identity/principal.hpp"

#include <gtest/gtest.h>

namespace cqdt::identity {
namespace {

Principal Staff(Role role, std::int64_t agency) {
  Principal p;
  p.realm = Realm::kStaff;
  p.subject_id = 5;
  p.agency_id = AgencyId(agency);
  p.roles = {role};
  return p;
}

TEST(AuthorizerTest, FeedbackIsHandledByTheAgencysOwnStaffInTheirRoles) {
  const AgencyId ward(1), other(2);
  const Principal leader = Staff(Role::kLeader, 1), desk = Staff(Role::kCounterOfficer, 1),
                  officer = Staff(Role::kOfficer, 1), clerk = Staff(Role::kClerk, 1),
                  admin = Staff(Role::kAdmin, 0);
  for (const Principal* p : {&leader, &desk, &officer, &clerk, &admin}) {
    EXPECT_TRUE(Authorizer::CanReadFeedbackOf(*p, ward));
  }
  EXPECT_FALSE(Authorizer::CanReadFeedbackOf(leader, other));
  EXPECT_TRUE(Authorizer::CanDispatchFeedbackOf(leader, ward));
  EXPECT_TRUE(Authorizer::CanDispatchFeedbackOf(desk, ward));
  EXPECT_FALSE(Authorizer::CanDispatchFeedbackOf(officer, ward));
  EXPECT_FALSE(Authorizer::CanDispatchFeedbackOf(admin, ward));
  EXPECT_TRUE(Authorizer::CanAnswerFeedbackOf(officer, ward));
  EXPECT_FALSE(Authorizer::CanAnswerFeedbackOf(clerk, ward));
  EXPECT_FALSE(Authorizer::CanAnswerFeedbackOf(officer, other));
  EXPECT_TRUE(Authorizer::CanRecordRatingAt(desk, ward));
  EXPECT_FALSE(Authorizer::CanRecordRatingAt(officer, ward));
  Principal token = desk;
  token.via_api_token = true;
  EXPECT_FALSE(Authorizer::CanReadFeedbackOf(token, ward));
  Principal citizen;
  citizen.realm = Realm::kCitizen;
  citizen.roles = {Role::kCitizen};
  EXPECT_FALSE(Authorizer::CanReadFeedbackOf(citizen, AgencyId()));
}

}  // namespace
}  // namespace cqdt::identity
