// AgencyService::Import: many rows, all or nothing, with a report per row.
#include <map>
#include <utility>

#include "agency_repository.hpp"
#include "org/agency_service.hpp"

namespace cqdt::org {
namespace {

// Every stored field an import row can set.
bool SameRecord(const Agency& a, const Agency& b) {
  return a.code == b.code && a.name == b.name && a.short_name == b.short_name && a.kind == b.kind &&
         a.parent_id == b.parent_id && a.address == b.address && a.phone == b.phone &&
         a.email == b.email && a.website == b.website && a.valid_from == b.valid_from &&
         a.valid_to == b.valid_to && a.merged_into_id == b.merged_into_id &&
         a.split_from_id == b.split_from_id;
}

void RejectWith(ImportRow& row, const Error& error) {
  row.ok = false;
  row.errors = error.fields();
  if (row.errors.empty()) {
    row.errors.push_back({"", ErrorCodeName(error.code()), error.message()});
  }
}

}  // namespace

const char* ImportModeName(ImportMode mode) {
  return mode == ImportMode::kUpsert ? "upsert" : "create";
}

std::optional<ImportMode> ParseImportMode(const std::string& name) {
  if (name == "create") {
    return ImportMode::kCreate;
  }
  if (name == "upsert") {
    return ImportMode::kUpsert;
  }
  return std::nullopt;
}

const char* ImportActionName(ImportAction action) {
  switch (action) {
    case ImportAction::kCreated:
      return "created";
    case ImportAction::kUpdated:
      return "updated";
    case ImportAction::kUnchanged:
      return "unchanged";
  }
  return "created";
}

// The existing agency an upsert row stands for: same code and same start date, or, without a
// start date, the agency with that code in force today.
std::optional<Agency> AgencyService::UpsertTarget(db::Transaction& tx, const AgencyInput& in) {
  if (!in.code || in.code->empty()) {
    return std::nullopt;
  }
  AgencyRepository repo(tx);
  if (in.valid_from && !in.valid_from->empty()) {
    for (auto& a : repo.FindByCode(*in.code)) {
      if (a.valid_from == *in.valid_from) {
        return a;
      }
    }
    return std::nullopt;
  }
  auto a = repo.ResolveCode(*in.code, Today());
  if (a && a->IsActiveOn(Today())) {
    return a;
  }
  return std::nullopt;
}

ImportReport AgencyService::Import(db::Transaction& tx, const audit::Actor& actor,
                                   const std::vector<AgencyInput>& rows, ImportMode mode) {
  ImportReport report;
  // Upsert key (code, start date) -> the row that used it first.
  std::map<std::pair<std::string, std::string>, int> seen;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const AgencyInput& in = rows[i];
    ImportRow row;
    row.row = in.source_row > 0 ? in.source_row : static_cast<int>(i) + 1;
    row.code = in.code.value_or("");
    std::optional<Agency> target;
    if (mode == ImportMode::kUpsert) {
      target = UpsertTarget(tx, in);
      // Two rows for one agency in the same file: which one should win is a guess, so neither.
      std::string from = target ? target->valid_from : in.valid_from.value_or("");
      if (!row.code.empty()) {
        auto [it, fresh] = seen.emplace(std::make_pair(row.code, from), row.row);
        if (!fresh) {
          row.ok = false;
          row.errors.push_back(
              {"code", "duplicate",
               "Mã định danh " + row.code + (from.empty() ? "" : " hiệu lực từ " + from) +
                   " đã có ở dòng " + std::to_string(it->second) + " của cùng tệp."});
        }
      }
    }
    if (row.ok && target) {
      auto after = Validate(tx, in, &*target);
      if (!after) {
        RejectWith(row, after.error());
      } else if (SameRecord(*after, *target)) {
        row.action = ImportAction::kUnchanged;
        row.warnings = Warnings(tx, *target);
      } else if (auto updated = Update(tx, actor, target->id, in); !updated) {
        RejectWith(row, updated.error());
      } else {
        row.action = ImportAction::kUpdated;
        row.warnings = Warnings(tx, *updated);
      }
    } else if (row.ok) {
      if (auto created = Create(tx, actor, in); !created) {
        RejectWith(row, created.error());
      } else {
        row.action = ImportAction::kCreated;
        row.warnings = Warnings(tx, *created);
      }
    }
    if (!row.ok) {
      report.ok = false;
    } else if (row.action == ImportAction::kCreated) {
      ++report.created;
    } else if (row.action == ImportAction::kUpdated) {
      ++report.updated;
    } else {
      ++report.unchanged;
    }
    report.rows.push_back(std::move(row));
  }
  if (rows.empty()) {
    report.ok = false;
    ImportRow empty;
    empty.ok = false;
    empty.errors.push_back({"rows", "empty", "Tệp không có dòng dữ liệu nào."});
    report.rows.push_back(std::move(empty));
  }
  report.imported = report.ok ? report.created + report.updated : 0;
  return report;
}

}  // namespace cqdt::org
