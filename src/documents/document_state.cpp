#include "documents/document_state.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>

namespace cqdt::documents {
namespace {

template <typename State, typename Action>
struct Transition {
  State from;
  Action action;
  State to;
  std::initializer_list<RouteRole> roles;
};

using IS = IncomingState;
using IA = IncomingAction;
using OS = OutgoingState;
using OA = OutgoingAction;
using R = RouteRole;

// Decree 30/2020 art. 20-24 (incoming): the clerk registers and presents the document to the
// leader (submit); the leader gives instructions and assigns it (assign), or sends a misaddressed
// one back to the clerk (return, art. 21.2); the unit head it was assigned to may forward it
// (assign again) or send it back; the assignee accepts, handles and completes it.
const Transition<IS, IA> kIncoming[] = {
    {IS::kRegistered, IA::kSubmit, IS::kSubmitted, {R::kClerk}},
    {IS::kReturned, IA::kSubmit, IS::kSubmitted, {R::kClerk}},
    {IS::kSubmitted, IA::kAssign, IS::kAssigned, {R::kLeader}},
    {IS::kAssigned, IA::kAssign, IS::kAssigned, {R::kLeader, R::kAssignee}},
    {IS::kSubmitted, IA::kReturn, IS::kReturned, {R::kLeader}},
    {IS::kAssigned, IA::kReturn, IS::kReturned, {R::kLeader, R::kAssignee}},
    {IS::kAssigned, IA::kAccept, IS::kInProgress, {R::kAssignee}},
    {IS::kInProgress, IA::kComplete, IS::kCompleted, {R::kAssignee}},
    {IS::kCompleted, IA::kReopen, IS::kInProgress, {R::kLeader}},
};

// Decree 30/2020 art. 10-18 (outgoing): draft, review (unit head, consultation, leader), sign by
// the competent person, then the clerk numbers, seals and releases (art. 15, 16, 18). A return
// sends it back to the drafter; after numbering a number is never taken back, so a numbered
// document cannot be returned, and a released one is recalled or replaced (art. 18.3-18.4).
const Transition<OS, OA> kOutgoing[] = {
    {OS::kDraft, OA::kSubmit, OS::kInReview, {R::kDrafter}},
    {OS::kInReview, OA::kApprove, OS::kApproved, {R::kReviewer, R::kLeader}},
    {OS::kInReview, OA::kReturn, OS::kDraft, {R::kReviewer, R::kLeader}},
    {OS::kApproved, OA::kReturn, OS::kDraft, {R::kSigner, R::kLeader}},
    {OS::kSigned, OA::kReturn, OS::kDraft, {R::kClerk, R::kSigner, R::kLeader}},
    {OS::kApproved, OA::kSign, OS::kSigned, {R::kSigner}},
    {OS::kSigned, OA::kNumber, OS::kNumbered, {R::kClerk}},
    {OS::kNumbered, OA::kRelease, OS::kReleased, {R::kClerk}},
    {OS::kReleased, OA::kRecall, OS::kRecalled, {R::kSigner, R::kLeader}},
    {OS::kReleased, OA::kReplace, OS::kReplaced, {R::kClerk, R::kLeader}},
};

template <typename State, typename Action, std::size_t N>
Result<State> Next(const Transition<State, Action> (&table)[N], State state, Action action,
                   RouteRole role, const char* action_label, const char* state_label) {
  for (const auto& t : table) {
    if (t.from != state || t.action != action) {
      continue;
    }
    if (std::find(t.roles.begin(), t.roles.end(), role) == t.roles.end()) {
      return Error::PermissionDenied("Bạn không có quyền thực hiện thao tác này với văn bản.");
    }
    return t.to;
  }
  return Error::FailedPrecondition("Không thể " + std::string(action_label) +
                                   " khi văn bản ở trạng thái '" + state_label + "'.");
}

}  // namespace

const char* RouteRoleName(RouteRole r) {
  switch (r) {
    case R::kClerk:
      return "clerk";
    case R::kLeader:
      return "leader";
    case R::kAssignee:
      return "assignee";
    case R::kDrafter:
      return "drafter";
    case R::kReviewer:
      return "reviewer";
    case R::kSigner:
      return "signer";
  }
  return "clerk";
}

const char* IncomingActionName(IncomingAction a) {
  static constexpr const char* kNames[] = {"submit",   "assign", "accept",
                                           "complete", "return", "reopen"};
  return kNames[static_cast<int>(a)];
}

const char* OutgoingActionName(OutgoingAction a) {
  static constexpr const char* kNames[] = {"submit", "approve", "return", "sign",
                                           "number", "release", "recall", "replace"};
  return kNames[static_cast<int>(a)];
}

const char* IncomingActionLabel(IncomingAction a) {
  static constexpr const char* kLabels[] = {"trình lãnh đạo",   "giao xử lý",      "nhận xử lý",
                                            "hoàn thành xử lý", "trả lại văn thư", "mở lại"};
  return kLabels[static_cast<int>(a)];
}

const char* OutgoingActionLabel(OutgoingAction a) {
  static constexpr const char* kLabels[] = {"trình duyệt", "duyệt",    "trả lại", "ký",
                                            "cấp số",      "ban hành", "thu hồi", "thay thế"};
  return kLabels[static_cast<int>(a)];
}

const std::vector<IncomingAction>& AllIncomingActions() {
  static const std::vector<IncomingAction> kAll = {IA::kSubmit,   IA::kAssign, IA::kAccept,
                                                   IA::kComplete, IA::kReturn, IA::kReopen};
  return kAll;
}

const std::vector<IncomingState>& AllIncomingStates() {
  static const std::vector<IncomingState> kAll = {IS::kRegistered, IS::kSubmitted, IS::kAssigned,
                                                  IS::kInProgress, IS::kCompleted, IS::kReturned};
  return kAll;
}

const std::vector<OutgoingAction>& AllOutgoingActions() {
  static const std::vector<OutgoingAction> kAll = {OA::kSubmit, OA::kApprove, OA::kReturn,
                                                   OA::kSign,   OA::kNumber,  OA::kRelease,
                                                   OA::kRecall, OA::kReplace};
  return kAll;
}

const std::vector<OutgoingState>& AllOutgoingStates() {
  static const std::vector<OutgoingState> kAll = {OS::kDraft,    OS::kInReview, OS::kApproved,
                                                  OS::kSigned,   OS::kNumbered, OS::kReleased,
                                                  OS::kRecalled, OS::kReplaced};
  return kAll;
}

Result<IncomingState> NextIncomingState(IncomingState state, IncomingAction action,
                                        RouteRole role) {
  return Next(kIncoming, state, action, role, IncomingActionLabel(action),
              IncomingStateLabel(state));
}

Result<OutgoingState> NextOutgoingState(OutgoingState state, OutgoingAction action,
                                        RouteRole role) {
  return Next(kOutgoing, state, action, role, OutgoingActionLabel(action),
              OutgoingStateLabel(state));
}

}  // namespace cqdt::documents
