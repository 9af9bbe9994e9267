// Who may see a document and act on it (decision 0009, "Access"): pure functions over what the
// caller is (identity::Principal) and the facts of one document (its agency, confidentiality
// and route). The use cases gather the facts, call these, and only then touch anything.
//
// Rules:
//  - Only staff of the document's agency may see it (admins too: the admin role configures the
//    system, it does not open documents). Everyone else — another agency's staff, citizens, API
//    tokens — gets kNotFound, never kPermissionDenied: the existence of a document is not revealed
//    outside its agency, nor a confidential one outside its route.
//  - A document that is not confidential is visible to the people on its route (creator,
//    drafter, assignees, reviewers, signer), to the agency's leaders and clerks, and to users
//    granted access.
//  - A confidential document (Mật, Tối mật, Tuyệt mật) is visible to its route and its grants
//    only: being a leader or clerk of the agency is not enough.
//  - Acting needs visibility first, then a role in which the state machine (document_state.hpp)
//    allows the action: kPermissionDenied when the caller sees the document but plays no such
//    role, kFailedPrecondition when no role could do it in this state.
// Pure functions; thread-safe.
#pragma once

#include <set>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "documents/document.hpp"
#include "documents/document_state.hpp"
#include "identity/principal.hpp"

namespace cqdt::documents {

// What the access rules need to know about one document.
struct AccessFacts {
  AgencyId agency_id;
  Confidentiality confidentiality = Confidentiality::kNone;
  UserId created_by;  // the clerk who registered it, or the drafter who started it
  UserId drafter;
  UserId signer;
  std::set<UserId> assignees;  // every person the document is assigned or forwarded to
  std::set<UserId> reviewers;
  std::set<UserId> grants;  // documents_grant
  // Incoming: the leaders the clerk submitted it to (documents_submission); on the route, so
  // that the leader who must instruct a confidential document can see it.
  std::set<UserId> submitted_to;
  // Clerks who may write the register this document is numbered in beyond the agency's clerks
  // (documents_register_writer): they act as clerks for it.
  std::set<UserId> register_writers;
  // Delegation (ủy quyền, delegation_service.hpp), filled only by the use cases that honour it,
  // for the caller while a delegation is active: people acting as the document's signer (sign
  // right of the signer), and people acting as a leader of the agency (assign right of one of
  // its leaders). A signer's deputy is on the route; a leader's deputy sees what a leader sees.
  std::set<UserId> signer_deputies;
  std::set<UserId> leader_deputies;
};

// True when `p` is on the document's route (creator, drafter, signer, assignee, reviewer, the
// leader it was submitted to) or holds a grant.
bool IsOnRoute(const identity::Principal& p, const AccessFacts& f);
// True when `p` may see the document.
bool CanSee(const identity::Principal& p, const AccessFacts& f);
// Ok, or kNotFound("văn bản", `key`) when `p` may not see it.
Status CheckVisible(const identity::Principal& p, const AccessFacts& f, const std::string& key);
// The roles `p` plays for the document (empty when it cannot see it).
std::set<RouteRole> RolesOf(const identity::Principal& p, const AccessFacts& f);

// The next state when `p` performs `action` on a document in `state`, or the refusal
// (kNotFound, kPermissionDenied, kFailedPrecondition; see above). `key` names the document in a
// kNotFound message.
Result<IncomingState> CheckIncomingAction(const identity::Principal& p, const AccessFacts& f,
                                          IncomingState state, IncomingAction action,
                                          const std::string& key);
Result<OutgoingState> CheckOutgoingAction(const identity::Principal& p, const AccessFacts& f,
                                          OutgoingState state, OutgoingAction action,
                                          const std::string& key);

}  // namespace cqdt::documents
