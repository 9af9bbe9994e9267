#include "org/agency_csv.hpp"

#include <map>

namespace cqdt::org {
namespace {

const std::vector<std::string>& Columns() {
  static const std::vector<std::string> kColumns = {
      "code",  "name",    "shortName", "kind",    "parentCode",     "address",      "phone",
      "email", "website", "validFrom", "validTo", "mergedIntoCode", "splitFromCode"};
  return kColumns;
}

// RFC 4180 records; returns false on an unterminated quote. Lines end in LF or CRLF.
bool SplitRecords(std::string_view text, std::vector<std::vector<std::string>>& records,
                  std::vector<int>& lines) {
  std::vector<std::string> record;
  std::string field;
  bool in_quotes = false;
  bool field_started = false;
  int line = 1;
  int record_line = 1;
  auto end_record = [&] {
    record.push_back(field);
    field.clear();
    bool blank = record.size() == 1 && record[0].empty() && !field_started;
    if (!blank) {
      records.push_back(std::move(record));
      lines.push_back(record_line);
    }
    record.clear();
    field_started = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') {
          ++line;
        }
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      in_quotes = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
      field_started = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      end_record();
      ++line;
      record_line = line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (in_quotes) {
    return false;
  }
  if (field_started || !field.empty() || !record.empty()) {
    end_record();
  }
  return true;
}

std::string Quote(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) {
    return v;
  }
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

Result<std::vector<AgencyInput>> ParseAgencyCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {  // Excel writes a BOM
    text.remove_prefix(3);
  }
  std::vector<std::vector<std::string>> records;
  std::vector<int> lines;
  if (!SplitRecords(text, records, lines)) {
    return Error::Malformed("Tệp CSV có dấu ngoặc kép chưa đóng.");
  }
  if (records.empty()) {
    return Error::InvalidField("file", "empty", "Tệp CSV trống: cần dòng tiêu đề và dữ liệu.");
  }
  const auto& header = records[0];
  std::map<std::string, std::size_t> index;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const auto& known = Columns();
    if (std::find(known.begin(), known.end(), header[i]) == known.end()) {
      errors.push_back({"header", "unknown", "Cột '" + header[i] + "' không được hỗ trợ."});
    } else if (!index.emplace(header[i], i).second) {
      errors.push_back({"header", "duplicate", "Cột '" + header[i] + "' bị lặp."});
    }
  }
  for (const char* required : {"code", "name", "shortName", "kind"}) {
    if (!index.count(required)) {
      errors.push_back(
          {"header", "required", std::string("Thiếu cột bắt buộc '") + required + "'."});
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors), "Dòng tiêu đề của tệp CSV không hợp lệ.");
  }
  std::vector<AgencyInput> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    if (rec.size() != header.size()) {
      return Error::InvalidField("rows[" + std::to_string(r) + "]", "columns",
                                 "Dòng " + std::to_string(lines[r]) + " có " +
                                     std::to_string(rec.size()) + " cột, cần " +
                                     std::to_string(header.size()) + " cột như dòng tiêu đề.");
    }
    AgencyInput in;
    auto get = [&](const char* col) -> std::optional<std::string> {
      auto it = index.find(col);
      if (it == index.end() || rec[it->second].empty()) {
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
  const auto& cols = Columns();
  for (std::size_t i = 0; i < cols.size(); ++i) {
    out += (i ? "," : "") + cols[i];
  }
  out += "\r\n";
  for (const auto& r : rows) {
    const Agency& a = r.agency;
    const std::string fields[] = {a.code,           a.name,       a.short_name, KindName(a.kind),
                                  r.parent_code,    a.address,    a.phone,      a.email,
                                  a.website,        a.valid_from, a.valid_to,   r.merged_into_code,
                                  r.split_from_code};
    for (std::size_t i = 0; i < std::size(fields); ++i) {
      out += (i ? "," : "") + Quote(fields[i]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace cqdt::org
