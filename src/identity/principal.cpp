#include "identity/principal.hpp"

namespace cqdt::identity {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kClerk:
      return "clerk";
    case Role::kOfficer:
      return "officer";
    case Role::kLeader:
      return "leader";
    case Role::kCounterOfficer:
      return "counter_officer";
    case Role::kCitizen:
      return "citizen";
    case Role::kSystem:
      return "system";
  }
  return "";
}

std::optional<Role> ParseRole(const std::string& name) {
  for (auto r : {Role::kAdmin, Role::kClerk, Role::kOfficer, Role::kLeader, Role::kCounterOfficer,
                 Role::kCitizen, Role::kSystem}) {
    if (name == RoleName(r)) {
      return r;
    }
  }
  return std::nullopt;
}

const char* RealmName(Realm realm) {
  switch (realm) {
    case Realm::kStaff:
      return "staff";
    case Realm::kCitizen:
      return "citizen";
    case Realm::kSystem:
      return "system";
  }
  return "";
}

bool Authorizer::CanReadAgencies(const Principal& p) {
  if (p.via_api_token) {
    return p.scopes.count("agencies:read") > 0;
  }
  return IsStaff(p);
}

bool Authorizer::CanReadAudit(const Principal& p) {
  if (p.via_api_token) {
    return p.scopes.count("audit:read") > 0 && p.agency_id.IsSet();
  }
  return IsAdmin(p);
}

bool Authorizer::CanManageUnits(const Principal& p, AgencyId agency) {
  return IsAdmin(p) || (IsStaff(p) && p.Has(Role::kLeader) && p.agency_id == agency);
}

bool Authorizer::CanReadUsersOf(const Principal& p, AgencyId agency) {
  if (p.via_api_token) {
    return p.scopes.count("users:read") > 0 && p.agency_id == agency;
  }
  return IsAdmin(p) || (IsStaff(p) && p.agency_id.IsSet() && p.agency_id == agency);
}

namespace {

bool IsStaffOf(const Principal& p, AgencyId agency) {
  return Authorizer::IsStaff(p) && !p.via_api_token && agency.IsSet() && p.agency_id == agency;
}

}  // namespace

bool Authorizer::CanReadFeedbackOf(const Principal& p, AgencyId agency) {
  return IsAdmin(p) || IsStaffOf(p, agency);
}

bool Authorizer::CanDispatchFeedbackOf(const Principal& p, AgencyId agency) {
  return IsStaffOf(p, agency) && (p.Has(Role::kLeader) || p.Has(Role::kCounterOfficer));
}

bool Authorizer::CanAnswerFeedbackOf(const Principal& p, AgencyId agency) {
  return IsStaffOf(p, agency) &&
         (p.Has(Role::kLeader) || p.Has(Role::kOfficer) || p.Has(Role::kCounterOfficer));
}

bool Authorizer::CanRecordRatingAt(const Principal& p, AgencyId agency) {
  return IsStaffOf(p, agency) && (p.Has(Role::kCounterOfficer) || p.Has(Role::kLeader));
}

bool Authorizer::CanAnalyseIndex766(const Principal& p, AgencyId agency) {
  if (IsAdmin(p)) {
    return true;
  }
  return agency.IsSet() && IsStaffOf(p, agency) &&
         (p.Has(Role::kLeader) || p.Has(Role::kCounterOfficer));
}

}  // namespace cqdt::identity
