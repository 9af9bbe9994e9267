// The life cycles of documents (decision 0009, "States") as pure functions: given a state, an
// action and the role in which the caller acts, the next state or why not. Use cases call them
// before any write, so a refused action changes nothing.
//
// Incoming:  registered -submit-> submitted -assign-> assigned -accept-> in_progress
//            -complete-> completed; `return` (to the clerk: wrongly addressed, with a reason) from
//            submitted or assigned; the clerk re-submits a returned document; a leader or the
//            unit head forwarding may assign an assigned document again; a leader reopens a
//            completed one.
// Outgoing:  draft -submit-> in_review -approve-> approved -sign-> signed -number-> numbered
//            -release-> released -recall-> recalled | -replace-> replaced; `return` goes back to
//            draft from in_review, approved and signed (a number is never taken back: numbered
//            documents are not returned, they are recalled or replaced once released).
//
// Errors: kFailedPrecondition when the action does not apply to the state (the message names
// both in Vietnamese); kPermissionDenied when it applies but not in this role.
// Pure functions; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "documents/document.hpp"

namespace cqdt::documents {

// The part the caller plays for this document (document_access.hpp derives it from the route).
enum class RouteRole {
  kClerk,     // văn thư of the agency (or a writer of the register)
  kLeader,    // lãnh đạo of the agency
  kAssignee,  // a person or unit head the document is assigned to
  kDrafter,   // the officer who drafts an outgoing document
  kReviewer,  // a reviewer of an outgoing draft (unit head, consulted unit, leader)
  kSigner,    // the competent person who signs
};
const char* RouteRoleName(RouteRole r);  // "clerk", "leader", ...

enum class IncomingAction { kSubmit, kAssign, kAccept, kComplete, kReturn, kReopen };
const char* IncomingActionName(IncomingAction a);   // "submit", "assign", ...
const char* IncomingActionLabel(IncomingAction a);  // "trình lãnh đạo", "giao xử lý", ...
const std::vector<IncomingAction>& AllIncomingActions();
const std::vector<IncomingState>& AllIncomingStates();

enum class OutgoingAction {
  kSubmit,
  kApprove,
  kReturn,
  kSign,
  kNumber,
  kRelease,
  kRecall,
  kReplace
};
const char* OutgoingActionName(OutgoingAction a);   // "submit", "approve", ...
const char* OutgoingActionLabel(OutgoingAction a);  // "trình duyệt", "duyệt", ...
const std::vector<OutgoingAction>& AllOutgoingActions();
const std::vector<OutgoingState>& AllOutgoingStates();

Result<IncomingState> NextIncomingState(IncomingState state, IncomingAction action, RouteRole role);
Result<OutgoingState> NextOutgoingState(OutgoingState state, OutgoingAction action, RouteRole role);

}  // namespace cqdt::documents
