#include "core/csv.hpp"

namespace cqdt {
namespace {

// First characters that make Excel / LibreOffice treat a cell as a formula (OWASP CSV
// Injection): = + - @, and tab / carriage return, after which some spreadsheets strip the
// whitespace and evaluate the rest.
bool IsFormulaTrigger(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

}  // namespace

bool NeedsNeutralizing(std::string_view value) {
  return !value.empty() && IsFormulaTrigger(value.front());
}

std::string NeutralizeCell(std::string_view value) {
  // The escape character is escaped too, so that RestoreCell is an exact inverse.
  if (NeedsNeutralizing(value) || (!value.empty() && value.front() == '\'')) {
    return "'" + std::string(value);
  }
  return std::string(value);
}

std::string RestoreCell(std::string_view cell) {
  if (cell.size() >= 2 && cell[0] == '\'' && (IsFormulaTrigger(cell[1]) || cell[1] == '\'')) {
    return std::string(cell.substr(1));
  }
  return std::string(cell);
}

std::string CsvField(std::string_view value) {
  std::string cell = NeutralizeCell(value);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    return cell;
  }
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  return out + "\"";
}

void WriteCsvRow(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    out += CsvField(fields[i]);
  }
  out += "\r\n";
}

bool ParseCsv(std::string_view text, std::vector<CsvRecord>& records) {
  CsvRecord record;
  std::string field;
  bool in_quotes = false;
  bool field_started = false;
  int line = 1;
  record.line = 1;
  auto end_field = [&] {
    record.fields.push_back(RestoreCell(field));
    field.clear();
  };
  auto end_record = [&] {
    end_field();
    bool blank = record.fields.size() == 1 && record.fields[0].empty() && !field_started;
    if (!blank) {
      records.push_back(std::move(record));
    }
    record = CsvRecord{};
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
      end_field();
      field_started = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      end_record();
      ++line;
      record.line = line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (in_quotes) {
    return false;
  }
  if (field_started || !field.empty() || !record.fields.empty()) {
    end_record();
  }
  return true;
}

}  // namespace cqdt
