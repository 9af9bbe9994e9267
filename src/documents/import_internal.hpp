// The row checks of the import (private to documents; import_service.hpp has the rules).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document.hpp"
#include "documents/import_package.hpp"
#include "documents/import_service.hpp"
#include "documents/register_service.hpp"
#include "documents/work_record_service.hpp"
#include "org/agency_service.hpp"

namespace cqdt::documents::import_internal {

// A row that passed the checks: the document to store, and what goes with it.
struct PreparedRow {
  int row = 0;
  Document document;               // agency, direction, state, numbers, dates, metadata
  RegisterId register_id;          // named by the row; unset: the default register at write time
  std::string key;                 // the stable key (documents_import.legacy_key)
  std::vector<std::string> files;  // relative paths in the package, content already checked
  WorkRecordId record_id;          // the open record to file it in; unset: none
};

// What the checks of one import remember between rows (agencies and registers by key).
struct CheckContext {
  db::Transaction& tx;
  const org::AgencyService& agencies;
  const RegisterService& registers;
  ImportFiles* files = nullptr;
  bool confidential_files = false;
  std::string today;  // YYYY-MM-DD in Vietnam
  std::map<std::string, std::optional<org::Agency>> agencies_by_code;
  std::map<std::int64_t, std::vector<Register>> registers_by_agency;
};

// Checks one row; appends its problems (row, field, Vietnamese message) to `problems` and
// returns nullopt when there is any.
std::optional<PreparedRow> CheckRow(CheckContext& ctx, const ImportRecord& rec,
                                    std::vector<ImportProblem>& problems);

// "YYYY-MM-DD" from "YYYY-MM-DD" or "D/M/YYYY"; nullopt otherwise.
std::optional<std::string> NormalizeDate(const std::string& text);

// The document imported before under `key` in (agency, direction), if any.
std::optional<DocumentId> FindImported(db::Transaction& tx, AgencyId agency, Direction direction,
                                       const std::string& key);

}  // namespace cqdt::documents::import_internal
