// AgencyService::Import: many rows, all or nothing, with a report per row.
#include "org/agency_service.hpp"

namespace cqdt::org {

ImportReport AgencyService::Import(db::Transaction& tx, const audit::Actor& actor,
                                   const std::vector<AgencyInput>& rows) {
  ImportReport report;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ImportRow row;
    row.row = static_cast<int>(i) + 1;
    row.code = rows[i].code.value_or("");
    auto created = Create(tx, actor, rows[i]);
    if (created) {
      ++report.imported;
    } else {
      row.ok = false;
      report.ok = false;
      row.errors = created.error().fields();
      if (row.errors.empty()) {
        row.errors.push_back(
            {"", ErrorCodeName(created.error().code()), created.error().message()});
      }
    }
    report.rows.push_back(std::move(row));
  }
  if (rows.empty()) {
    report.ok = false;
    report.rows.push_back({0, false, "", {{"rows", "empty", "Tệp không có dòng dữ liệu nào."}}});
  }
  if (!report.ok) {
    report.imported = 0;
  }
  return report;
}

}  // namespace cqdt::org
