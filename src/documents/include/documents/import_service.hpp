// Import of past documents (issue 11, item 6; docs/decisions/0015-import.md): the documents a
// province's earlier systems hold — incoming and outgoing, with their original numbers, dates,
// metadata and files — become documents here, with their numbers kept as issued.
//
// The rules:
//  - Two passes. The first checks every row (fields, agency, register, files by content, the
//    work record) and looks for rows imported before; it writes nothing. When any row is bad,
//    the import stops there: nothing of the file is written, and the report names each bad
//    row with its field (a batch with a bad row writes nothing; the whole file is refused so
//    that a corrected file can simply be run again). A dry run stops after this pass too.
//  - The second pass writes the new rows in batches of `batch_size` rows (500 by default), each
//    batch one transaction with one audit entry (`documents.import.batch`, with its counts).
//    A failure in a batch rolls that batch back; batches committed before it stay, and running
//    the same file again goes on from there.
//  - Idempotent: each row has a stable key — its `legacyId`, or else agency + direction +
//    number/notation + issue date + sender (folded) — kept in documents_import with UNIQUE. A
//    row whose key is there is skipped ("already imported"); a row repeating an earlier row of
//    the same file is skipped as a duplicate. Nothing is ever imported twice.
//  - Numbers kept as issued: the document carries the original number, notation and (incoming)
//    arrival number and date; no register entry is made and numbering's counters are not
//    touched, so this year's registers still start from 1 and no (register, year, number)
//    clash can happen. The register the row names (or the agency's default one for its
//    direction and confidentiality) is kept beside the key in documents_import.
//  - Files are stored as uploads are (FileService::Upload: content-checked, blob store) and
//    attached to the document (role `main`, or `scan` for paper incoming). Each document gets
//    a timeline event `documents.imported`; search indexes it through the usual triggers.
//
// Permissions: system administrators only (CanImport). Row errors name the client field
// (camelCase, as in kImportFields) and are Vietnamese.
// Thread safety: stateless beyond its collaborators; Run opens its own transactions.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document.hpp"
#include "documents/document_files.hpp"
#include "documents/import_package.hpp"
#include "documents/register_service.hpp"
#include "documents/work_record_service.hpp"
#include "identity/principal.hpp"
#include "org/agency_service.hpp"

namespace cqdt::documents {

enum class ImportRowStatus {
  kImported,          // written now
  kWouldImport,       // a dry run: would be written
  kAlreadyImported,   // its key was imported before: skipped
  kDuplicateInBatch,  // repeats an earlier row of the same file: skipped
  kInvalid,           // has problems (listed in ImportReport::problems)
  kNotWritten,        // valid, but the file was refused because of other rows
};
const char* ImportRowStatusName(ImportRowStatus s);   // "imported", "would_import", ...
const char* ImportRowStatusLabel(ImportRowStatus s);  // "Đã nhập", "Sẽ nhập", ...

struct ImportProblem {
  int row = 0;
  std::string field;
  std::string message;
};

struct ImportRowResult {
  int row = 0;
  ImportRowStatus status = ImportRowStatus::kInvalid;
  std::string number_text;
  std::string subject;
  DocumentId document_id;  // imported now, or the earlier import's document
};

struct ImportReport {
  bool dry_run = false;
  int total = 0;
  int imported = 0;      // written (or, in a dry run, that would be)
  int skipped = 0;       // already imported or repeated
  int invalid = 0;       // rows with problems
  bool refused = false;  // problems found: nothing written
  std::vector<ImportRowResult> rows;
  std::vector<ImportProblem> problems;
};

struct ImportOptions {
  bool dry_run = false;
  int batch_size = 500;             // 1..10000 rows per transaction
  bool confidential_files = false;  // [documents] confidential_files (IncomingOptions)
};

// Called as rows are checked ("validate") and written ("write"): rows done of `total`.
using ImportProgress = std::function<void(const std::string& phase, int done, int total)>;

class ImportService {
 public:
  ImportService(audit::AuditLog& audit, const org::AgencyService& agencies,
                RegisterService& registers, FileService& files, const WorkRecordService& records,
                const Clock& clock)
      : audit_(audit),
        agencies_(agencies),
        registers_(registers),
        files_(files),
        records_(records),
        clock_(clock) {}

  static bool CanImport(const identity::Principal& p) { return identity::Authorizer::IsAdmin(p); }

  // Imports `rows` (files read from `files`, which may be null when the rows name none).
  // kPermissionDenied unless CanImport; kInvalidArgument "batchSize" for a size out of range;
  // row problems are in the report (refused = true), not an error.
  Result<ImportReport> Run(db::Database& db, const audit::Actor& actor,
                           const identity::Principal& p, const std::vector<ImportRecord>& rows,
                           ImportFiles* files, const ImportOptions& options,
                           const ImportProgress& progress = {}) const;

 private:
  audit::AuditLog& audit_;
  const org::AgencyService& agencies_;
  RegisterService& registers_;
  FileService& files_;
  const WorkRecordService& records_;
  const Clock& clock_;
};

}  // namespace cqdt::documents
