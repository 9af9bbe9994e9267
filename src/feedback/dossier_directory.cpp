#include "feedback/dossier_directory.hpp"

namespace cqdt::feedback {

namespace {

DossierFacts FactsOf(const onestop::Dossier& d) {
  using onestop::DossierState;
  DossierFacts f;
  f.id = d.id.value();
  f.code = d.code;
  f.procedure_name = d.procedure_name;
  f.receiving_agency = d.receiving_agency;
  f.deciding_agency = d.deciding_agency.IsSet() ? d.deciding_agency : d.receiving_agency;
  f.finished = d.state == DossierState::kDone || d.state == DossierState::kReturned;
  f.closed = d.state == DossierState::kRejected || d.state == DossierState::kStopped;
  f.finished_at = f.finished ? d.finished_at : 0;
  f.late = f.finished && d.timeliness == onestop::Timeliness::kLate;
  f.citizen = d.citizen;
  return f;
}

}  // namespace

Result<DossierFacts> OnestopDossierDirectory::ByCheck(db::Transaction& tx, const std::string& code,
                                                      const std::string& check) const {
  CQDT_ASSIGN_OR_RETURN(auto tracked, dossiers_.Track(tx, code, check));
  return ByCode(tx, tracked.code);
}

Result<DossierFacts> OnestopDossierDirectory::ByCode(db::Transaction& tx,
                                                     const std::string& code) const {
  CQDT_ASSIGN_OR_RETURN(auto found, dossiers_.Lookup(tx, code));
  DossierFacts f = FactsOf(found.first);
  if (auto agency = agencies_.GetCached(tx, f.deciding_agency)) {
    f.agency_name = agency->name;
  }
  return f;
}

}  // namespace cqdt::feedback
