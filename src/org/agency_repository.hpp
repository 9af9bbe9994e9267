// SQL access to org_agency and org_unit (private to the org module).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "org/agency.hpp"

namespace cqdt::org {

class AgencyRepository {
 public:
  explicit AgencyRepository(db::Transaction& tx) : tx_(tx) {}
  AgencyId Insert(const Agency& a);
  void Update(const Agency& a);
  std::optional<Agency> FindById(AgencyId id);
  // Agencies with this code, newest validity first (codes are reused across time).
  std::vector<Agency> FindByCode(const std::string& code);
  std::vector<Agency> ListAll();
  // Ids of the agencies recorded as split from `id`.
  std::vector<AgencyId> FindSplitFrom(AgencyId id);
  // The agency a code refers to on `date` (YYYY-MM-DD): the one valid then, else the newest.
  std::optional<Agency> ResolveCode(const std::string& code, const std::string& date);

  UnitId InsertUnit(const Unit& u);
  std::optional<Unit> FindUnit(UnitId id);
  std::vector<Unit> ListUnits(AgencyId agency);

 private:
  db::Transaction& tx_;
};

}  // namespace cqdt::org
