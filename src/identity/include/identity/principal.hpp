// Who is calling, and the one place that decides what they may do.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/ids.hpp"

namespace cqdt::identity {

// Staff roles (admin ... counter officer) are given by administrators. kCitizen belongs to every
// citizen account and to nothing else. kSystem belongs to API tokens, the accounts of other
// systems (the provincial data-sharing platform, a ministry's software) that call cqdt with
// explicit scopes: never to a person, so the server refuses it in a staff account.
enum class Role { kAdmin, kClerk, kOfficer, kLeader, kCounterOfficer, kCitizen, kSystem };
enum class Realm { kStaff, kCitizen, kSystem };

const char* RoleName(Role role);  // "admin", "clerk", "officer", "leader", "counter_officer"...
std::optional<Role> ParseRole(const std::string& name);
const char* RealmName(Realm realm);  // "staff", "citizen", "system"

// The authenticated caller of one request.
struct Principal {
  Realm realm = Realm::kStaff;
  std::int64_t subject_id = 0;  // UserId, CitizenId or ApiTokenId value, by realm
  std::string username;         // staff username, citizen ID number, or "token:<name>"
  std::string full_name;
  AgencyId agency_id;  // staff and system tokens; unset for citizens
  std::set<Role> roles;
  std::set<std::string> scopes;  // API tokens only
  std::string session_id;        // sessions only: the token's hash prefix, for logs
  std::string csrf_token;        // sessions only
  bool via_api_token = false;
  // Staff whose password an administrator chose: until they choose their own, the api module
  // lets the session do nothing else (read the session, change the password, log out).
  bool password_change_required = false;
  // False for a citizen's account that an identity provider created (VNeID): it has no password
  // to change, and signs in through the provider only.
  bool has_password = true;

  bool Has(Role r) const { return roles.count(r) > 0; }
  UserId user_id() const { return realm == Realm::kStaff ? UserId(subject_id) : UserId(); }
};

// Permission rules, checked in one place. Agency scoping: staff other than admins act only
// within their own agency; API tokens carry explicit scopes and an agency.
class Authorizer {
 public:
  static bool IsStaff(const Principal& p) { return p.realm == Realm::kStaff; }
  static bool IsAdmin(const Principal& p) { return IsStaff(p) && p.Has(Role::kAdmin); }
  // Read the agency directory: every staff member; tokens with "agencies:read".
  static bool CanReadAgencies(const Principal& p);
  // Create, edit and import agencies: admins.
  static bool CanManageAgencies(const Principal& p) { return IsAdmin(p); }
  // Create units inside `agency`: admins, or a leader of that agency.
  static bool CanManageUnits(const Principal& p, AgencyId agency);
  // See a staff account of `agency`: admins, staff of the same agency, tokens with "users:read"
  // for their agency.
  static bool CanReadUsersOf(const Principal& p, AgencyId agency);
  // Create, edit, disable accounts and reset passwords: admins.
  static bool CanManageUsers(const Principal& p) { return IsAdmin(p); }
  // Browse the audit trail: admins (every agency), and tokens with "audit:read", which see the
  // entries of their own agency only (AuditScope), as an auditor of that agency would.
  static bool CanReadAudit(const Principal& p);
  // The agency whose entries `p` may browse; unset: every agency (admins).
  static AgencyId AuditScope(const Principal& p) { return IsAdmin(p) ? AgencyId() : p.agency_id; }
  // Verify the whole hash chain (it spans every agency): admins.
  static bool CanVerifyAudit(const Principal& p) { return IsAdmin(p); }
  // Manage the signature trust store (trusted CA certificates, CRLs): admins.
  static bool CanManageTrust(const Principal& p) { return IsAdmin(p); }
  // Issue and revoke API tokens: admins.
  static bool CanManageApiTokens(const Principal& p) { return IsAdmin(p); }
  // Feedback and complaints (PAKN) addressed to `agency` (issue 13, item 7): read its queue and
  // its ratings: admins (every agency) and the agency's own staff.
  static bool CanReadFeedbackOf(const Principal& p, AgencyId agency);
  // Assign a PAKN to someone, or transfer it to the competent agency: leaders and counter
  // officers of `agency` (the desk receives PAKN as it receives dossiers).
  static bool CanDispatchFeedbackOf(const Principal& p, AgencyId agency);
  // Answer a PAKN of `agency`: its leaders, officers and counter officers (the service narrows
  // an assigned PAKN to its assignee and the leaders).
  static bool CanAnswerFeedbackOf(const Principal& p, AgencyId agency);
  // Record a citizen's satisfaction rating at the desk of `agency`: its counter officers and
  // leaders.
  static bool CanRecordRatingAt(const Principal& p, AgencyId agency);
  // See which procedures and dossiers cost `agency` points in the Decision 766 index (issue 13,
  // item 9; unset: the province): the one-stop statistics' readers - the agency's leaders and
  // counter officers, administrators for any agency and for the province.
  static bool CanAnalyseIndex766(const Principal& p, AgencyId agency);
};

}  // namespace cqdt::identity
