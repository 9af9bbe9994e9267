#include "dossier_marks.hpp"

#include "db/statement.hpp"

namespace cqdt::feedback::internal {

void SaveDossier(db::Transaction& tx, const DossierFacts& f, std::int64_t now) {
  long long id = f.id, receiving = f.receiving_agency.value(), deciding = f.deciding_agency.value(),
            finished = f.finished ? f.finished_at : 0, at = now, citizen = f.citizen.value();
  int late = f.late ? 1 : 0, closed = f.closed ? 1 : 0;
  soci::indicator citizen_ind = f.citizen.IsSet() ? soci::i_ok : soci::i_null;
  db::Run(tx,
          "INSERT INTO feedback_dossier (dossier_id, code, receiving_agency_id,"
          " deciding_agency_id, finished_at, late, closed, citizen_id, updated_at)"
          " VALUES (:id, :code, :r, :d, :f, :l, :c, :z, :u)"
          " ON CONFLICT (dossier_id) DO UPDATE SET code = excluded.code,"
          " receiving_agency_id = excluded.receiving_agency_id,"
          " deciding_agency_id = excluded.deciding_agency_id, finished_at = excluded.finished_at,"
          " late = excluded.late, closed = excluded.closed, citizen_id = excluded.citizen_id,"
          " updated_at = excluded.updated_at",
          soci::use(id), soci::use(f.code), soci::use(receiving), soci::use(deciding),
          soci::use(finished), soci::use(late), soci::use(closed), soci::use(citizen, citizen_ind),
          soci::use(at));
}

std::vector<std::string> PendingDossierCodes(db::Transaction& tx, int limit) {
  std::vector<std::string> out;
  std::string code;
  int n = limit;
  auto st = db::Prepare(tx,
                        "SELECT code FROM feedback_dossier WHERE finished_at = 0 AND closed = 0"
                        " ORDER BY updated_at LIMIT :n",
                        soci::use(n), soci::into(code));
  st->execute(false);
  while (st->fetch()) {
    out.push_back(code);
  }
  return out;
}

}  // namespace cqdt::feedback::internal
