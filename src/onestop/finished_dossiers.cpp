#include "onestop/finished_dossiers.hpp"

#include "db/statement.hpp"

namespace cqdt::onestop {

std::vector<FinishedDossier> FinishedCitizenDossiers(db::Transaction& tx,
                                                     const std::string& procedure_code,
                                                     std::int64_t from, std::int64_t to,
                                                     int limit) {
  std::vector<FinishedDossier> out;
  std::string code_in = procedure_code;
  long long from_v = from, to_v = to, id = 0, citizen = 0, agency = 0, finished = 0;
  int limit_v = limit;
  std::string code, procedure;
  auto st = db::Prepare(tx,
                        "SELECT id, code, procedure_code, citizen_id, receiving_agency_id,"
                        " finished_at FROM onestop_dossier"
                        " WHERE procedure_code = :p AND citizen_id IS NOT NULL"
                        " AND state IN ('done', 'returned') AND finished_at >= :f"
                        " AND finished_at < :t ORDER BY finished_at, id LIMIT :l",
                        soci::use(code_in), soci::use(from_v), soci::use(to_v), soci::use(limit_v),
                        soci::into(id), soci::into(code), soci::into(procedure),
                        soci::into(citizen), soci::into(agency), soci::into(finished));
  st->execute(false);
  while (st->fetch()) {
    out.push_back({DossierId(id), code, procedure, CitizenId(citizen), AgencyId(agency),
                   static_cast<std::int64_t>(finished)});
  }
  return out;
}

}  // namespace cqdt::onestop
