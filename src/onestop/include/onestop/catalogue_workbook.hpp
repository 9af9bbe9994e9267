// The procedure catalogue as an Excel workbook (issue 12 item 1): the layout a province keeps
// and exchanges its procedures in, one sheet per list, each row keyed by the procedure's code:
//   "Thủ tục"            one row per procedure: code, national code, name, decision, level,
//                        sector, subjects ("; "), performers (one per line), sets, conditions,
//                        result, electronic result, online level, restart on supplement,
//                        unconfirmed (one per line), sources (one per line)
//   "Cách thức"          code, channel, deadline, unit, deadline note, description
//   "Phí, lệ phí"        code, channel, fee, amount (đồng), note
//   "Thành phần hồ sơ"   code, document, originals, copies, required, replaceable by data, form
//   "Căn cứ pháp lý"     code, legal text
//   "Liên thông"         code, what, agency
//   "Quy trình nội bộ"   code, step, performer, working hours
// Written with Vietnamese labels ("Cấp xã", "Trực tiếp", "ngày làm việc", "Có"); read back with
// those labels or the API's names ("commune", "direct", "working_days", "true"), so an export
// imports again unchanged. Columns are found by their header, in any order.
// Errors: reading gives each procedure's problems in its ImportItem (fields as the JSON's paths,
// messages naming the sheet and row); a row of a list sheet whose code is not on "Thủ tục", a
// missing sheet "Thủ tục" or a missing column is kInvalidArgument for the whole file; a file that
// is not a workbook is kMalformed / kTooLarge (report::ReadWorkbook).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "onestop/catalogue_service.hpp"

namespace cqdt::onestop {

Result<std::string> WriteCatalogueWorkbook(const std::filesystem::path& tmp_dir,
                                           const std::vector<ProcedureVersion>& versions);
Result<std::vector<ImportItem>> ReadCatalogueWorkbook(std::string_view xlsx);

}  // namespace cqdt::onestop
