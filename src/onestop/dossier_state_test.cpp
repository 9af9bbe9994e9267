// The dossier's rule table: every allowed transition and a refusal for every other pair,
// named after the rule (mot-cua.md §6.2, §6.3).
#include "onestop/dossier_state.hpp"

#include <map>
#include <set>
#include <utility>

#include <gtest/gtest.h>

namespace cqdt::onestop {
namespace {

using S = DossierState;
using A = DossierAction;

constexpr S kAllStates[] = {
    S::kNew,         S::kReceived,          S::kRejected, S::kProcessing, S::kWaitSupplement,
    S::kWaitPayment, S::kWithdrawRequested, S::kStopped,  S::kDone,       S::kReturned};
constexpr A kAllActions[] = {A::kAccept,          A::kReject,
                             A::kTransfer,        A::kCompleteStep,
                             A::kReassign,        A::kRequestSupplement,
                             A::kResubmit,        A::kRequestPayment,
                             A::kConfirmPayment,  A::kApologize,
                             A::kRequestWithdraw, A::kApproveWithdraw,
                             A::kDeclineWithdraw, A::kStop,
                             A::kAttachResult,    A::kFinish,
                             A::kReturn};

// Every allowed (state, action) and where it leads, with a result recorded, no steps left and
// resume_to = processing.
const std::map<std::pair<S, A>, S>& Allowed() {
  static const std::map<std::pair<S, A>, S> table = {
      {{S::kNew, A::kAccept}, S::kReceived},
      {{S::kNew, A::kReject}, S::kRejected},
      {{S::kReceived, A::kReject}, S::kRejected},
      {{S::kReceived, A::kTransfer}, S::kProcessing},
      {{S::kNew, A::kRequestSupplement}, S::kWaitSupplement},
      {{S::kReceived, A::kRequestSupplement}, S::kWaitSupplement},
      {{S::kProcessing, A::kRequestSupplement}, S::kWaitSupplement},
      {{S::kWaitSupplement, A::kResubmit}, S::kProcessing},
      {{S::kProcessing, A::kRequestPayment}, S::kWaitPayment},
      {{S::kWaitPayment, A::kConfirmPayment}, S::kProcessing},
      {{S::kReceived, A::kApologize}, S::kReceived},
      {{S::kProcessing, A::kApologize}, S::kProcessing},
      {{S::kWaitSupplement, A::kApologize}, S::kWaitSupplement},
      {{S::kWaitPayment, A::kApologize}, S::kWaitPayment},
      {{S::kWithdrawRequested, A::kApologize}, S::kWithdrawRequested},
      {{S::kNew, A::kRequestWithdraw}, S::kWithdrawRequested},
      {{S::kReceived, A::kRequestWithdraw}, S::kWithdrawRequested},
      {{S::kProcessing, A::kRequestWithdraw}, S::kWithdrawRequested},
      {{S::kWaitSupplement, A::kRequestWithdraw}, S::kWithdrawRequested},
      {{S::kWaitPayment, A::kRequestWithdraw}, S::kWithdrawRequested},
      {{S::kWithdrawRequested, A::kApproveWithdraw}, S::kStopped},
      {{S::kWithdrawRequested, A::kDeclineWithdraw}, S::kProcessing},
      {{S::kReceived, A::kStop}, S::kStopped},
      {{S::kProcessing, A::kStop}, S::kStopped},
      {{S::kWaitSupplement, A::kStop}, S::kStopped},
      {{S::kWaitPayment, A::kStop}, S::kStopped},
      {{S::kProcessing, A::kAttachResult}, S::kProcessing},
      {{S::kProcessing, A::kFinish}, S::kDone},
      {{S::kDone, A::kReturn}, S::kReturned},
  };
  return table;
}

TEST(DossierStateTest, EveryAllowedTransitionLeadsWhereTheTableSays) {
  DossierFacts facts;
  facts.has_result = true;
  for (const auto& [key, to] : Allowed()) {
    auto next = Transition(key.first, key.second, facts);
    ASSERT_TRUE(next) << DossierStateName(key.first) << " " << DossierActionName(key.second);
    EXPECT_EQ(*next, to) << DossierStateName(key.first) << " " << DossierActionName(key.second);
  }
}

TEST(DossierStateTest, EveryOtherPairIsRefusedNamingTheActionAndTheState) {
  DossierFacts facts;
  facts.has_result = true;
  facts.steps_left = true;  // so that step actions are judged on the state alone
  int refused = 0;
  for (S s : kAllStates) {
    for (A a : kAllActions) {
      const bool step_action = a == A::kCompleteStep || a == A::kReassign;
      if (Allowed().contains({s, a}) || (step_action && s == S::kProcessing) ||
          (a == A::kFinish && s == S::kProcessing)) {
        continue;
      }
      auto next = Transition(s, a, facts);
      ASSERT_FALSE(next) << DossierStateName(s) << " " << DossierActionName(a);
      EXPECT_EQ(next.error().code(), ErrorCode::kConflict);
      EXPECT_NE(next.error().message().find(DossierStateLabel(s)), std::string::npos);
      EXPECT_NE(next.error().message().find(DossierActionLabel(a)), std::string::npos);
      ++refused;
    }
  }
  EXPECT_GT(refused, 100);
}

TEST(DossierStateTest, FinishingNeedsAResultAndNoOpenStep) {
  DossierFacts facts;
  auto no_result = Transition(S::kProcessing, A::kFinish, facts);
  ASSERT_FALSE(no_result);
  EXPECT_NE(no_result.error().message().find("chưa có kết quả"), std::string::npos);
  facts.has_result = true;
  facts.steps_left = true;
  auto open_step = Transition(S::kProcessing, A::kFinish, facts);
  ASSERT_FALSE(open_step);
  EXPECT_NE(open_step.error().message().find("chưa hoàn thành"), std::string::npos);
}

TEST(DossierStateTest, StepActionsNeedAnOpenStep) {
  DossierFacts facts;
  EXPECT_FALSE(Transition(S::kProcessing, A::kCompleteStep, facts));
  EXPECT_FALSE(Transition(S::kProcessing, A::kReassign, facts));
  facts.steps_left = true;
  EXPECT_EQ(*Transition(S::kProcessing, A::kCompleteStep, facts), S::kProcessing);
  EXPECT_EQ(*Transition(S::kProcessing, A::kReassign, facts), S::kProcessing);
}

TEST(DossierStateTest, APauseAndAWithdrawalReturnToTheStateTheyInterrupted) {
  DossierFacts facts;
  facts.resume_to = S::kNew;  // an online dossier asked for a supplement before acceptance
  EXPECT_EQ(*Transition(S::kWaitSupplement, A::kResubmit, facts), S::kNew);
  facts.resume_to = S::kReceived;
  EXPECT_EQ(*Transition(S::kWithdrawRequested, A::kDeclineWithdraw, facts), S::kReceived);
}

TEST(DossierStateTest, SyncCodesAreThoseOfTheNationalPortal) {
  // M6: WAIT_PAYMENT → 6; M7: DONE then RETURNED → 9 then 10.
  EXPECT_EQ(SyncCode(S::kWaitPayment), 6);
  EXPECT_EQ(SyncCode(S::kDone), 9);
  EXPECT_EQ(SyncCode(S::kReturned), 10);
  std::set<int> codes;
  for (S s : kAllStates) {
    codes.insert(SyncCode(s));
    EXPECT_EQ(ParseDossierState(DossierStateName(s)), s);
    EXPECT_FALSE(DossierStateLabel(s).empty());
  }
  EXPECT_EQ(codes, (std::set<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  for (A a : kAllActions) {
    EXPECT_EQ(ParseDossierAction(DossierActionName(a)), a);
  }
  EXPECT_FALSE(ParseDossierState("done "));
  EXPECT_FALSE(ParseDossierAction("delete"));
}

TEST(DossierStateTest, OnlyRefusalsSupplementsApologiesAndStopsMustGiveAReason) {
  std::set<A> need;
  for (A a : kAllActions) {
    if (NeedsReason(a)) {
      need.insert(a);
    }
  }
  EXPECT_EQ(need, (std::set<A>{A::kReject, A::kRequestSupplement, A::kApologize,
                               A::kDeclineWithdraw, A::kStop}));
}

TEST(DossierStateTest, TheClockRunsOnlyWhileTheAgencyOwesTheNextMove) {
  EXPECT_TRUE(ClockRuns(S::kReceived));
  EXPECT_TRUE(ClockRuns(S::kProcessing));
  EXPECT_FALSE(ClockRuns(S::kWaitSupplement));
  EXPECT_FALSE(ClockRuns(S::kWaitPayment));
  EXPECT_FALSE(ClockRuns(S::kDone));
  EXPECT_FALSE(IsOpen(S::kReturned));
  EXPECT_FALSE(IsOpen(S::kRejected));
  EXPECT_TRUE(IsOpen(S::kDone));
}

}  // namespace
}  // namespace cqdt::onestop
