#include "org/agency_csv.hpp"

#include <algorithm>
#include <map>

#include "core/csv.hpp"

namespace cqdt::org {
namespace {

const std::vector<std::string>& Columns() {
  static const std::vector<std::string> kColumns = {
      "code",  "name",    "shortName", "kind",    "parentCode",     "address",      "phone",
      "email", "website", "validFrom", "validTo", "mergedIntoCode", "splitFromCode"};
  return kColumns;
}

// "Cột 'shortName' (Tên viết tắt)": the header names the column as written in the file, and the
// label says what it means to an official who does not read camelCase.
std::string ColumnName(const std::string& column) {
  std::string out = "'" + column + "'";
  const char* label = AgencyFieldLabel(column);
  if (*label != '\0') {
    out += std::string(" (") + label + ")";
  }
  return out;
}

}  // namespace

const char* AgencyFieldLabel(std::string_view field) {
  static const std::map<std::string_view, const char*> kLabels = {
      {"code", "Mã định danh"},
      {"name", "Tên cơ quan"},
      {"shortName", "Tên viết tắt"},
      {"kind", "Loại cơ quan"},
      {"parentCode", "Cơ quan cấp trên"},
      {"parentId", "Cơ quan cấp trên"},
      {"address", "Địa chỉ"},
      {"phone", "Điện thoại"},
      {"email", "Thư điện tử"},
      {"website", "Trang thông tin điện tử"},
      {"validFrom", "Hiệu lực từ ngày"},
      {"validTo", "Hiệu lực đến ngày"},
      {"mergedIntoCode", "Sáp nhập vào"},
      {"mergedIntoId", "Sáp nhập vào"},
      {"splitFromCode", "Tách từ"},
      {"splitFromId", "Tách từ"},
  };
  auto it = kLabels.find(field);
  return it == kLabels.end() ? "" : it->second;
}

Result<std::vector<AgencyInput>> ParseAgencyCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {  // Excel writes a BOM
    text.remove_prefix(3);
  }
  std::vector<CsvRecord> records;
  if (!ParseCsv(text, records)) {
    return Error::Malformed("Tệp CSV có dấu ngoặc kép chưa đóng.");
  }
  if (records.empty()) {
    return Error::InvalidField("file", "empty", "Tệp CSV trống: cần dòng tiêu đề và dữ liệu.");
  }
  const auto& header = records[0].fields;
  std::map<std::string, std::size_t> index;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const auto& known = Columns();
    if (std::find(known.begin(), known.end(), header[i]) == known.end()) {
      errors.push_back({"header", "unknown", "Cột '" + header[i] + "' không được hỗ trợ."});
    } else if (!index.emplace(header[i], i).second) {
      errors.push_back({"header", "duplicate", "Cột " + ColumnName(header[i]) + " bị lặp."});
    }
  }
  for (const char* required : {"code", "name", "shortName", "kind"}) {
    if (!index.count(required)) {
      errors.push_back({"header", "required", "Thiếu cột bắt buộc " + ColumnName(required) + "."});
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors), "Dòng tiêu đề (dòng 1) của tệp CSV không hợp lệ.");
  }
  std::vector<AgencyInput> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r].fields;
    const int line = records[r].line;
    if (rec.size() != header.size()) {
      return Error::InvalidField("rows[" + std::to_string(line) + "]", "columns",
                                 "Dòng " + std::to_string(line) + " có " +
                                     std::to_string(rec.size()) + " cột, cần " +
                                     std::to_string(header.size()) + " cột như dòng tiêu đề.");
    }
    AgencyInput in;
    in.source_row = line;
    // A column that is absent leaves the field absent; a column that is present but empty gives
    // "": cleared on an update (AgencyInput), the default on a create.
    auto get = [&](const char* col) -> std::optional<std::string> {
      auto it = index.find(col);
      if (it == index.end()) {
        return std::nullopt;
      }
      return rec[it->second];
    };
    in.code = get("code");
    in.name = get("name");
    in.short_name = get("shortName");
    in.kind = get("kind");
    in.parent_code = get("parentCode");
    in.address = get("address");
    in.phone = get("phone");
    in.email = get("email");
    in.website = get("website");
    in.valid_from = get("validFrom");
    in.valid_to = get("validTo");
    in.merged_into_code = get("mergedIntoCode");
    in.split_from_code = get("splitFromCode");
    rows.push_back(std::move(in));
  }
  return rows;
}

std::string WriteAgencyCsv(const std::vector<AgencyCsvRow>& rows) {
  std::string out;
  WriteCsvRow(out, Columns());
  for (const auto& r : rows) {
    const Agency& a = r.agency;
    // Every cell goes through core/csv.hpp: a name such as "=HYPERLINK(…)" typed by anyone must
    // not become a live formula in the spreadsheet of the officer who opens the export.
    WriteCsvRow(
        out, {a.code, a.name, a.short_name, KindName(a.kind), r.parent_code, a.address, a.phone,
              a.email, a.website, a.valid_from, a.valid_to, r.merged_into_code, r.split_from_code});
  }
  return out;
}

}  // namespace cqdt::org
