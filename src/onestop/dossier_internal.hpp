// Helpers shared by the dossier service's files (dossier_service.cpp, dossier_actions.cpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/working_calendar.hpp"
#include "db/database.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "notify/outbox.hpp"
#include "onestop/dossier.hpp"
#include "onestop/procedure.hpp"
#include "org/agency_service.hpp"

namespace cqdt::onestop::internal {

inline LocalDateTime Local(std::int64_t unix) { return ToVietnamLocal(FromUnixSeconds(unix)); }
inline std::int64_t Unix(const LocalDateTime& t) { return ToUnixSeconds(FromVietnamLocal(t)); }

inline bool IsStaffOf(const identity::Principal& p, AgencyId agency) {
  return p.realm == identity::Realm::kStaff && p.agency_id.IsSet() && p.agency_id == agency;
}

// The roles that may perform a step of `performer` when it is assigned to nobody.
inline bool RoleFits(const identity::Principal& p, Performer performer) {
  using identity::Role;
  switch (performer) {
    case Performer::kCounter:
      return p.Has(Role::kCounterOfficer);
    case Performer::kOfficer:
    case Performer::kOtherAgency:
      return p.Has(Role::kOfficer) || p.Has(Role::kLeader);
    case Performer::kUnitHead:
    case Performer::kLeader:
      return p.Has(Role::kLeader);
  }
  return false;
}

// The open step (handed over, not finished), or null.
inline DossierStep* OpenStep(Dossier& d) {
  for (DossierStep& s : d.steps) {
    if (s.started_at != 0 && s.finished_at == 0) {
      return &s;
    }
  }
  return nullptr;
}

// A step the return at the counter closes: a counter step with no other kind after it.
inline bool IsReturnStep(const Dossier& d, const DossierStep& s) {
  if (s.performer != Performer::kCounter) {
    return false;
  }
  return std::none_of(d.steps.begin(), d.steps.end(), [&](const DossierStep& later) {
    return later.ordinal > s.ordinal && later.performer != Performer::kCounter;
  });
}

// The next step to hand over: not started, not a return step; or null.
inline DossierStep* NextStep(Dossier& d) {
  for (DossierStep& s : d.steps) {
    if (s.started_at == 0 && s.finished_at == 0 && !IsReturnStep(d, s)) {
      return &s;
    }
  }
  return nullptr;
}

inline bool HasResult(const Dossier& d) {
  return !d.result_note.empty() ||
         std::any_of(d.files.begin(), d.files.end(),
                     [](const DossierFile& f) { return f.kind == DossierFileKind::kResult; });
}

inline std::string NameOf(const identity::Principal& p) {
  return p.full_name.empty() ? p.username : p.full_name;
}

// Shared by the receipt and the online submission (dossier_intake.cpp).
// `value` checked by CheckText (core/text.hpp) into `out`, errors into `errors`.
void CheckField(const std::string& value, const char* field, const char* label, std::size_t min,
                std::size_t max, std::vector<FieldError>& errors, std::string& out);
// The names of the steps' agencies, for the pages and the forms.
// `known`: an agency the caller has read already (not read again).
void NameAgencies(db::Transaction& tx, const org::AgencyService& agencies, Dossier& d,
                  const org::Agency* known = nullptr);
// The applicant as the client sent it, checked; errors name applicant.* fields.
Applicant CheckApplicant(const Applicant& in, std::vector<FieldError>& errors);
// The procedure's offer for `channel`, or null.
const ChannelOffer* OfferOf(const ProcedureContent& c, Channel channel);
std::int64_t FeesOf(const ChannelOffer& offer);
// The checklist of the procedure's documents, nothing yet provided.
std::vector<ChecklistItem> ChecklistOf(const ProcedureContent& c);
// The dossier's steps from the procedure's process, none started and without their agencies; a
// procedure without a published process is handled in one step by an officer.
std::vector<DossierStep> StepsOf(const ProcedureContent& c, const ChannelOffer& offer);
// Tells each counter officer of the dossier's receiving agency (dossier_citizen.cpp); `key` is the
// dedup key, made per officer.
Status NotifyDesk(db::Transaction& tx, identity::IdentityService& identity,
                  const notify::Outbox& outbox, const Dossier& d, const std::string& kind,
                  const std::string& vi, const std::string& en, const std::string& key);

}  // namespace cqdt::onestop::internal
