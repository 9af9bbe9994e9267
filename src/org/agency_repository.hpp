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

  UnitId InsertUnit(const Unit& u);
  std::optional<Unit> FindUnit(UnitId id);
  std::vector<Unit> ListUnits(AgencyId agency);

 private:
  db::Transaction& tx_;
};

}  // namespace cqdt::org
