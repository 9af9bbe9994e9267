// Who may see and act on a document (decision 0009, "Access"), as a table: each row is a caller,
// a document (ordinary or confidential), an action and the expected answer.
#include "documents/document_access.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cqdt::documents {
namespace {

using identity::Principal;
using identity::Realm;
using identity::Role;

constexpr AgencyId kAgency{1};
constexpr AgencyId kOtherAgency{2};

Principal Staff(std::int64_t id, AgencyId agency, std::set<Role> roles) {
  Principal p;
  p.realm = Realm::kStaff;
  p.subject_id = id;
  p.username = "u" + std::to_string(id);
  p.agency_id = agency;
  p.roles = std::move(roles);
  return p;
}

// The people of the table.
const Principal kClerk = Staff(10, kAgency, {Role::kClerk});           // registered the document
const Principal kLeader = Staff(11, kAgency, {Role::kLeader});         // not on the route
const Principal kAssignee = Staff(12, kAgency, {Role::kOfficer});      // assigned to handle it
const Principal kColleague = Staff(14, kAgency, {Role::kOfficer});     // same agency, not on route
const Principal kGranted = Staff(15, kAgency, {Role::kOfficer});       // holds a grant
const Principal kOtherClerk = Staff(16, kAgency, {Role::kClerk});      // a clerk not on the route
const Principal kLeaderOnRoute = Staff(17, kAgency, {Role::kLeader});  // assigned it too
const Principal kWriter = Staff(18, kAgency, {Role::kOfficer});        // writes its register
const Principal kOutsider = Staff(20, kOtherAgency, {Role::kLeader, Role::kClerk});
const Principal kAdmin = Staff(30, kAgency, {Role::kAdmin});
Principal Citizen() {
  Principal p;
  p.realm = Realm::kCitizen;
  p.subject_id = 10;  // the same number as the clerk: realms must not be confused
  p.roles = {Role::kCitizen};
  return p;
}
Principal Token() {
  Principal p;
  p.realm = Realm::kSystem;
  p.subject_id = 10;
  p.agency_id = kAgency;
  p.roles = {Role::kSystem};
  p.via_api_token = true;
  return p;
}

AccessFacts Facts(bool confidential) {
  AccessFacts f;
  f.agency_id = kAgency;
  f.confidentiality = confidential ? Confidentiality::kSecret : Confidentiality::kNone;
  f.created_by = kClerk.user_id();
  f.assignees = {kAssignee.user_id(), kLeaderOnRoute.user_id()};
  f.grants = {kGranted.user_id()};
  f.register_writers = {kWriter.user_id()};
  return f;
}

struct Row {
  const char* who;
  Principal p;
  bool confidential;
  bool sees;
};

TEST(DocumentAccessTest, WhoSeesADocument) {
  const std::vector<Row> rows = {
      {"clerk who registered it", kClerk, false, true},
      {"leader of the agency", kLeader, false, true},
      {"assignee", kAssignee, false, true},
      {"colleague off the route", kColleague, false, false},
      {"holder of a grant", kGranted, false, true},
      {"another clerk of the agency", kOtherClerk, false, true},
      {"writer of its register", kWriter, false, true},
      {"staff of another agency", kOutsider, false, false},
      {"admin (configures, does not read)", kAdmin, false, false},
      {"citizen", Citizen(), false, false},
      {"API token", Token(), false, false},
      // Confidential: route and grants only.
      {"clerk who registered it", kClerk, true, true},
      {"leader off the route", kLeader, true, false},
      {"leader on the route", kLeaderOnRoute, true, true},
      {"assignee", kAssignee, true, true},
      {"colleague off the route", kColleague, true, false},
      {"holder of a grant", kGranted, true, true},
      {"another clerk of the agency", kOtherClerk, true, false},
      {"writer of its register", kWriter, true, true},
      {"staff of another agency", kOutsider, true, false},
      {"admin", kAdmin, true, false},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(std::string(row.who) + (row.confidential ? " (confidential)" : ""));
    const AccessFacts f = Facts(row.confidential);
    EXPECT_EQ(CanSee(row.p, f), row.sees);
    auto st = CheckVisible(row.p, f, "7");
    EXPECT_EQ(st.has_value(), row.sees);
    if (!row.sees) {
      // Existence is not revealed: NotFound, never PermissionDenied.
      EXPECT_EQ(st.error().code(), ErrorCode::kNotFound);
      EXPECT_TRUE(RolesOf(row.p, f).empty());
    }
  }
}

struct ActionRow {
  const char* who;
  Principal p;
  bool confidential;
  IncomingState state;
  IncomingAction action;
  // "ok:<next state>", or the refusal's error code name.
  std::string expected;
};

std::string Outcome(const Result<IncomingState>& r) {
  return r ? std::string("ok:") + IncomingStateName(*r) : ErrorCodeName(r.error().code());
}

TEST(DocumentAccessTest, WhoActsOnAnIncomingDocument) {
  using S = IncomingState;
  using A = IncomingAction;
  const std::vector<ActionRow> rows = {
      {"clerk submits", kClerk, false, S::kRegistered, A::kSubmit, "ok:submitted"},
      {"another clerk submits", kOtherClerk, false, S::kRegistered, A::kSubmit, "ok:submitted"},
      {"register writer submits", kWriter, false, S::kRegistered, A::kSubmit, "ok:submitted"},
      {"leader assigns", kLeader, false, S::kSubmitted, A::kAssign, "ok:assigned"},
      {"assignee assigns too early", kAssignee, false, S::kSubmitted, A::kAssign, "forbidden"},
      {"assignee forwards", kAssignee, false, S::kAssigned, A::kAssign, "ok:assigned"},
      {"assignee accepts", kAssignee, false, S::kAssigned, A::kAccept, "ok:in_progress"},
      {"grant holder accepts", kGranted, false, S::kAssigned, A::kAccept, "forbidden"},
      {"leader completes for the assignee", kLeader, false, S::kInProgress, A::kComplete,
       "forbidden"},
      {"leader assigns a completed one", kLeader, false, S::kCompleted, A::kAssign,
       "failed-precondition"},
      {"colleague off the route", kColleague, false, S::kSubmitted, A::kAssign, "not-found"},
      {"staff of another agency", kOutsider, false, S::kSubmitted, A::kAssign, "not-found"},
      {"admin", kAdmin, false, S::kRegistered, A::kSubmit, "not-found"},
      // Confidential: rank alone gives nothing.
      {"leader off the route", kLeader, true, S::kSubmitted, A::kAssign, "not-found"},
      {"leader on the route", kLeaderOnRoute, true, S::kSubmitted, A::kAssign, "ok:assigned"},
      {"another clerk", kOtherClerk, true, S::kRegistered, A::kSubmit, "not-found"},
      {"clerk who registered it", kClerk, true, S::kRegistered, A::kSubmit, "ok:submitted"},
      {"register writer", kWriter, true, S::kReturned, A::kSubmit, "ok:submitted"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(std::string(row.who) + (row.confidential ? " (confidential)" : ""));
    EXPECT_EQ(
        Outcome(CheckIncomingAction(row.p, Facts(row.confidential), row.state, row.action, "7")),
        row.expected);
  }
}

TEST(DocumentAccessTest, WhoActsOnAnOutgoingDocument) {
  AccessFacts f;
  f.agency_id = kAgency;
  f.created_by = kAssignee.user_id();
  f.drafter = kAssignee.user_id();
  f.reviewers = {kColleague.user_id()};
  f.signer = kLeaderOnRoute.user_id();
  auto outcome = [&](const Principal& p, OutgoingState s, OutgoingAction a) {
    auto r = CheckOutgoingAction(p, f, s, a, "9");
    return r ? std::string("ok:") + OutgoingStateName(*r) : ErrorCodeName(r.error().code());
  };
  using S = OutgoingState;
  using A = OutgoingAction;
  EXPECT_EQ(outcome(kAssignee, S::kDraft, A::kSubmit), "ok:in_review");
  EXPECT_EQ(outcome(kColleague, S::kInReview, A::kApprove), "ok:approved");
  EXPECT_EQ(outcome(kColleague, S::kApproved, A::kSign), "forbidden");
  EXPECT_EQ(outcome(kLeaderOnRoute, S::kApproved, A::kSign), "ok:signed");
  EXPECT_EQ(outcome(kClerk, S::kSigned, A::kNumber), "ok:numbered");
  EXPECT_EQ(outcome(kClerk, S::kNumbered, A::kReturn), "failed-precondition");
  EXPECT_EQ(outcome(kOutsider, S::kSigned, A::kNumber), "not-found");
}

}  // namespace
}  // namespace cqdt::documents
