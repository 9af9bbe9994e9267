#include "documents/document_access.hpp"

namespace cqdt::documents {
namespace {

using identity::Principal;
using identity::Role;

// Staff of the document's agency. Citizens and API tokens never see documents here (no scope
// grants them yet), and staff of another agency see nothing of this one's.
bool IsAgencyStaff(const Principal& p, const AccessFacts& f) {
  return p.realm == identity::Realm::kStaff && p.user_id().IsSet() && f.agency_id.IsSet() &&
         p.agency_id == f.agency_id;
}

bool Contains(const std::set<UserId>& set, UserId id) { return set.count(id) > 0; }

// Refuses with the first error the roles give, preferring "wrong state" (no role could do it)
// over "not your role", so a caller learns the state problem, not a permission they lack.
template <typename State, typename Next>
Result<State> FirstAllowed(const std::set<RouteRole>& roles, Next next) {
  static constexpr RouteRole kAll[] = {RouteRole::kClerk,    RouteRole::kLeader,
                                       RouteRole::kAssignee, RouteRole::kDrafter,
                                       RouteRole::kReviewer, RouteRole::kSigner};
  for (RouteRole role : roles) {
    auto r = next(role);
    if (r) {
      return r;
    }
  }
  // Could anyone do it in this state? If not, the state is the reason.
  for (RouteRole role : kAll) {
    auto r = next(role);
    if (r || r.error().code() == ErrorCode::kPermissionDenied) {
      return Error::PermissionDenied("Bạn không có quyền thực hiện thao tác này với văn bản.");
    }
  }
  return next(RouteRole::kClerk).error();
}

}  // namespace

bool IsOnRoute(const Principal& p, const AccessFacts& f) {
  if (!IsAgencyStaff(p, f)) {
    return false;
  }
  const UserId me = p.user_id();
  return f.created_by == me || f.drafter == me || f.signer == me || Contains(f.assignees, me) ||
         Contains(f.reviewers, me) || Contains(f.grants, me) || Contains(f.register_writers, me) ||
         Contains(f.submitted_to, me) || Contains(f.signer_deputies, me);
}

bool CanSee(const Principal& p, const AccessFacts& f) {
  if (!IsAgencyStaff(p, f)) {
    return false;
  }
  if (IsOnRoute(p, f)) {
    return true;
  }
  // Confidential documents: route and grants only, whatever the caller's rank (decision 0009).
  if (IsConfidential(f.confidentiality)) {
    return false;
  }
  return p.Has(Role::kLeader) || p.Has(Role::kClerk) || Contains(f.leader_deputies, p.user_id());
}

Status CheckVisible(const Principal& p, const AccessFacts& f, const std::string& key) {
  if (!CanSee(p, f)) {
    // Not PermissionDenied: that would confirm the document exists.
    return Error::NotFound("văn bản", key);
  }
  return Ok();
}

std::set<RouteRole> RolesOf(const Principal& p, const AccessFacts& f) {
  std::set<RouteRole> roles;
  if (!CanSee(p, f)) {
    return roles;
  }
  const UserId me = p.user_id();
  // For a confidential document, the agency's clerks and leaders act only when on its route.
  const bool rank_counts = !IsConfidential(f.confidentiality) || IsOnRoute(p, f);
  if ((p.Has(Role::kClerk) && rank_counts) || Contains(f.register_writers, me)) {
    roles.insert(RouteRole::kClerk);
  }
  if ((p.Has(Role::kLeader) || Contains(f.leader_deputies, me)) && rank_counts) {
    roles.insert(RouteRole::kLeader);
  }
  if (Contains(f.assignees, me)) {
    roles.insert(RouteRole::kAssignee);
  }
  if (f.drafter == me) {
    roles.insert(RouteRole::kDrafter);
  }
  if (Contains(f.reviewers, me)) {
    roles.insert(RouteRole::kReviewer);
  }
  if (f.signer == me || Contains(f.signer_deputies, me)) {
    roles.insert(RouteRole::kSigner);
  }
  return roles;
}

Result<IncomingState> CheckIncomingAction(const Principal& p, const AccessFacts& f,
                                          IncomingState state, IncomingAction action,
                                          const std::string& key) {
  CQDT_RETURN_IF_ERROR(CheckVisible(p, f, key));
  return FirstAllowed<IncomingState>(
      RolesOf(p, f), [&](RouteRole role) { return NextIncomingState(state, action, role); });
}

Result<OutgoingState> CheckOutgoingAction(const Principal& p, const AccessFacts& f,
                                          OutgoingState state, OutgoingAction action,
                                          const std::string& key) {
  CQDT_RETURN_IF_ERROR(CheckVisible(p, f, key));
  return FirstAllowed<OutgoingState>(
      RolesOf(p, f), [&](RouteRole role) { return NextOutgoingState(state, action, role); });
}

}  // namespace cqdt::documents
