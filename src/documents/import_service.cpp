#include "documents/import_service.hpp"

#include <algorithm>
#include <map>

#include <soci/soci.h>

#include "db/statement.hpp"
#include "document_repository.hpp"
#include "documents/incoming_service.hpp"
#include "import_internal.hpp"

namespace cqdt::documents {
namespace {

using import_internal::PreparedRow;

const char* const kStatusNames[] = {"imported",  "would_import", "already_imported",
                                    "duplicate", "invalid",      "not_written"};
const char* const kStatusLabels[] = {"Đã nhập",          "Sẽ nhập", "Đã nhập từ trước",
                                     "Trùng dòng trước", "Có lỗi",  "Chưa ghi"};

// The principal the filing of an imported document in its work record acts as: the records
// clerk of the document's agency (an administrator of the system is no member of it), under
// the importer's name in the audit trail.
identity::Principal FilingClerk(const identity::Principal& importer, AgencyId agency) {
  identity::Principal p;
  p.realm = identity::Realm::kStaff;
  p.subject_id = importer.subject_id;
  p.username = importer.username;
  p.full_name = importer.full_name;
  p.agency_id = agency;
  p.roles = {identity::Role::kClerk};
  return p;
}

}  // namespace

const char* ImportRowStatusName(ImportRowStatus s) { return kStatusNames[static_cast<int>(s)]; }
const char* ImportRowStatusLabel(ImportRowStatus s) { return kStatusLabels[static_cast<int>(s)]; }

Result<ImportReport> ImportService::Run(db::Database& db, const audit::Actor& actor,
                                        const identity::Principal& p,
                                        const std::vector<ImportRecord>& rows, ImportFiles* files,
                                        const ImportOptions& options,
                                        const ImportProgress& progress) const {
  if (!CanImport(p)) {
    return Error::PermissionDenied("Chỉ quản trị hệ thống mới nhập được văn bản cũ.");
  }
  if (options.batch_size < 1 || options.batch_size > 10000) {
    return Error::InvalidField("batchSize", "range",
                               "Trường 'batchSize' (số dòng mỗi lô) phải từ 1 đến 10000.");
  }
  if (rows.empty()) {
    return Error::InvalidField("file", "empty", "Tệp nhập không có dòng văn bản nào.");
  }
  if (rows.size() > 200000) {
    return Error::TooLarge("Một lần nhập có tối đa 200000 dòng; hãy chia tệp.");
  }
  auto tell = [&](const char* phase, int done) {
    if (progress) {
      progress(phase, done, static_cast<int>(rows.size()));
    }
  };

  ImportReport report;
  report.dry_run = options.dry_run;
  report.total = static_cast<int>(rows.size());
  std::vector<PreparedRow> to_write;
  // Pass 1: check every row; nothing is written.
  {
    auto tx = db.BeginRead();
    import_internal::CheckContext ctx{
        tx, agencies_, registers_, files, options.confidential_files, TodayInVietnam(clock_.Now()),
        {}, {}};
    std::map<std::string, int> first_row_of_key;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const ImportRecord& rec = rows[i];
      ImportRowResult result;
      result.row = rec.row;
      result.number_text = rec.Get("numberText");
      result.subject = rec.Get("subject");
      auto prepared = import_internal::CheckRow(ctx, rec, report.problems);
      if (!prepared) {
        result.status = ImportRowStatus::kInvalid;
        ++report.invalid;
      } else {
        const Document& d = prepared->document;
        const std::string scoped = std::to_string(d.agency_id.value()) + "/" +
                                   DirectionName(d.direction) + "/" + prepared->key;
        if (auto earlier =
                import_internal::FindImported(tx, d.agency_id, d.direction, prepared->key)) {
          result.status = ImportRowStatus::kAlreadyImported;
          result.document_id = *earlier;
          ++report.skipped;
        } else if (auto seen = first_row_of_key.find(scoped); seen != first_row_of_key.end()) {
          result.status = ImportRowStatus::kDuplicateInBatch;
          ++report.skipped;
        } else {
          first_row_of_key.emplace(scoped, rec.row);
          result.status =
              options.dry_run ? ImportRowStatus::kWouldImport : ImportRowStatus::kNotWritten;
          to_write.push_back(std::move(*prepared));
        }
      }
      report.rows.push_back(std::move(result));
      tell("validate", static_cast<int>(i + 1));
    }
  }
  report.refused = report.invalid > 0;
  if (report.refused) {
    // Nothing of a refused file is written, nor would be: its good rows say so too.
    for (auto& r : report.rows) {
      if (r.status == ImportRowStatus::kWouldImport) {
        r.status = ImportRowStatus::kNotWritten;
      }
    }
  }
  if (options.dry_run || report.refused) {
    report.imported = report.refused ? 0 : static_cast<int>(to_write.size());
    return report;
  }

  // Pass 2: the new rows, batch by batch.
  std::map<int, std::size_t> result_of_row;
  for (std::size_t i = 0; i < report.rows.size(); ++i) {
    result_of_row[report.rows[i].row] = i;
  }
  int written = 0;
  for (std::size_t start = 0; start < to_write.size();
       start += static_cast<std::size_t>(options.batch_size)) {
    const std::size_t end =
        std::min(to_write.size(), start + static_cast<std::size_t>(options.batch_size));
    auto tx = db.Begin();
    std::vector<std::pair<int, DocumentId>> done;
    int skipped_now = 0;
    for (std::size_t i = start; i < end; ++i) {
      PreparedRow& row = to_write[i];
      Document d = row.document;
      // Imported by a concurrent run since pass 1: skipped, never doubled (the UNIQUE key
      // would refuse it anyway).
      if (import_internal::FindImported(tx, d.agency_id, d.direction, row.key)) {
        ++skipped_now;
        report.rows[result_of_row[row.row]].status = ImportRowStatus::kAlreadyImported;
        continue;
      }
      RegisterId register_id = row.register_id;
      if (!register_id.IsSet()) {
        CQDT_ASSIGN_OR_RETURN(Register reg,
                              registers_.EnsureRegisterFor(tx, actor, d.agency_id, d.direction,
                                                           d.type_ordinal, d.confidentiality));
        register_id = reg.id;
      }
      d.created_by = actor.user_id;
      d.created_at = d.updated_at = ToUnixSeconds(clock_.Now());
      DocumentRepository repo(tx);
      Document stored = repo.Insert(d);
      long long agency = d.agency_id.value(), doc = stored.id.value(), reg = register_id.value();
      long long by = actor.user_id.value(), at = stored.created_at;
      soci::indicator by_ind = by > 0 ? soci::i_ok : soci::i_null;
      std::string direction = DirectionName(d.direction);
      db::Run(tx,
              "INSERT INTO documents_import (agency_id, direction, legacy_key, document_id,"
              " register_id, imported_by, imported_at) VALUES (:a, :dir, :k, :d, :r, :by, :at)",
              soci::use(agency), soci::use(direction), soci::use(row.key), soci::use(doc),
              soci::use(reg), soci::use(by, by_ind), soci::use(at));
      const FileRole role = d.direction == Direction::kIncoming && d.channel == Channel::kPaper
                                ? FileRole::kScan
                                : FileRole::kMain;
      for (const auto& path : row.files) {
        CQDT_ASSIGN_OR_RETURN(std::string bytes, files->Read(path));
        const std::string name = path.substr(path.rfind('/') + 1);
        CQDT_ASSIGN_OR_RETURN(DocumentFile f,
                              files_.Upload(tx, actor, d.agency_id, name, bytes, ""));
        // The file was uploaded by this import a moment ago: attached here, whoever runs it.
        long long file = f.id.value();
        std::string role_name = FileRoleName(role);
        db::Run(tx,
                "UPDATE documents_file SET document_id = :d, role = :role WHERE id = :id"
                " AND document_id IS NULL",
                soci::use(doc), soci::use(role_name), soci::use(file));
      }
      repo.AddEvent(
          {0, stored.id, stored.agency_id, at, actor.user_id, actor.name, "documents.imported",
           "Nhập từ hệ thống cũ: số " + stored.number_text + ", ngày " + stored.issued_date + ".",
           actor.client_address, actor.request_id});
      if (row.record_id.IsSet()) {
        CQDT_RETURN_IF_ERROR(records_.AttachDocument(tx, actor, FilingClerk(p, d.agency_id),
                                                     row.record_id, stored.id));
      }
      done.emplace_back(row.row, stored.id);
      tell("write", written + static_cast<int>(done.size()) + skipped_now);
    }
    CQDT_RETURN_IF_ERROR(
        audit_.Record(tx, actor,
                      {"documents.import.batch", "documents_import",
                       "rows " + std::to_string(to_write[start].row) + "-" +
                           std::to_string(to_write[end - 1].row),
                       "imported " + std::to_string(done.size()) + ", skipped " +
                           std::to_string(skipped_now) + " of " + std::to_string(end - start)}));
    CQDT_RETURN_IF_ERROR(tx.Commit());
    for (const auto& [row, id] : done) {
      auto& r = report.rows[result_of_row[row]];
      r.status = ImportRowStatus::kImported;
      r.document_id = id;
    }
    written += static_cast<int>(end - start);
    report.imported += static_cast<int>(done.size());
    report.skipped += skipped_now;
  }
  return report;
}

}  // namespace cqdt::documents
