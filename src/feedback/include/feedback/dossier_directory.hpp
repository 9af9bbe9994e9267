// What feedback needs to know of a dossier, asked of its owner (onestop) through its public
// API: whether it is finished, when, whether late, which agencies, whose account. Ratings and
// PAKN about a dossier keep these facts in their own table (feedback_dossier), so that the
// counts for Decision 766 never read another module's tables.
//
// Thread safety: implementations are stateless beyond their collaborators.
#pragma once

#include <cstdint>
#include <string>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "onestop/dossier_service.hpp"
#include "org/agency_service.hpp"

namespace cqdt::feedback {

struct DossierFacts {
  std::int64_t id = 0;  // onestop's dossier id
  std::string code;
  std::string procedure_name;
  AgencyId receiving_agency;
  AgencyId deciding_agency;  // the unit Decision 766 counts the dossier for
  std::string agency_name;   // the deciding agency's
  bool finished = false;     // the result is ready or returned (done, returned)
  bool closed = false;       // refused or stopped: it will never finish
  std::int64_t finished_at = 0;
  bool late = false;  // finished after its due time
  CitizenId citizen;  // the portal account the dossier belongs to, when any
  friend bool operator==(const DossierFacts&, const DossierFacts&) = default;
};

class DossierDirectory {
 public:
  virtual ~DossierDirectory() = default;
  // The dossier `code` when `check` is its tracking check (onestop::DossierService::Track):
  // kNotFound with one sentence for an unknown code, a wrong check and a dossier without a
  // number alike; kInvalidArgument naming `code` / `check` for malformed ones.
  virtual Result<DossierFacts> ByCheck(db::Transaction& tx, const std::string& code,
                                       const std::string& check) const = 0;
  // The dossier `code` without a check, for callers who checked the right to it themselves
  // (staff of its agencies, its own citizen). kNotFound.
  virtual Result<DossierFacts> ByCode(db::Transaction& tx, const std::string& code) const = 0;
};

// The directory over onestop's DossierService (Track, Lookup) and the agency names.
class OnestopDossierDirectory final : public DossierDirectory {
 public:
  OnestopDossierDirectory(const onestop::DossierService& dossiers,
                          const org::AgencyService& agencies)
      : dossiers_(dossiers), agencies_(agencies) {}
  Result<DossierFacts> ByCheck(db::Transaction& tx, const std::string& code,
                               const std::string& check) const override;
  Result<DossierFacts> ByCode(db::Transaction& tx, const std::string& code) const override;

 private:
  const onestop::DossierService& dossiers_;
  const org::AgencyService& agencies_;
};

}  // namespace cqdt::feedback
