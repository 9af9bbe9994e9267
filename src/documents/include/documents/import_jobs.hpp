// Imports started over HTTP (issue 11, item 6): each is a job row (documents_import_job) that a
// background thread runs with ImportService, and, once finished, its per-row report
// (documents_import_job_row). A job found `queued` or `running` when the server starts was cut
// short by a restart: MarkInterrupted turns it `interrupted` (the import is idempotent, so the
// admin simply uploads the file again). Several instances on one database (decision 0024): a
// job runs on the instance that took the upload (its rows are in that process's memory), which
// beats on its queued and running jobs (Beat, with their progress, readable from any instance);
// a job whose beats stopped is its dead instance's, and only those are marked interrupted.
//
// States: queued -> running -> done | failed; queued/running -> interrupted. Only system
// administrators start and read jobs (the api checks ImportService::CanImport).
// Every method runs in the caller's transaction. Thread safety: stateless; safe to share.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/import_package.hpp"
#include "documents/import_service.hpp"
#include "identity/principal.hpp"

namespace cqdt::documents {

using ImportJobId = StrongId<struct ImportJobIdTag>;

struct ImportJobRow {
  int row = 0;
  std::string status;  // ImportRowStatusName, or "problem" for a line of the problems
  std::string field;
  std::string message;
  std::string number_text;
  std::string subject;
  DocumentId document_id;
};

struct ImportJob {
  ImportJobId id;
  std::string file_name;
  bool dry_run = false;
  std::string state;  // queued, running, done, failed, interrupted
  std::string phase;  // "", validate, write
  int total = 0;
  int done = 0;
  int imported = 0;
  int skipped = 0;
  int invalid = 0;
  bool refused = false;
  std::string message;  // failed: why (Vietnamese)
  UserId created_by;
  std::string created_by_name;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::vector<ImportJobRow> rows;  // Get: the report once done
};

const char* ImportJobStateLabel(const std::string& state);  // "Đang chờ", "Đang chạy", ...

// Live progress of a running job, held by the runner (not written while a batch transaction is
// open, so that SQLite's single writer is never waited for by itself).
struct ImportJobProgress {
  std::string phase;
  int done = 0;
  int total = 0;
};

class ImportJobs {
 public:
  ImportJobs() = default;

  ImportJob Create(db::Transaction& tx, const audit::Actor& actor, const std::string& file_name,
                   bool dry_run, std::int64_t now) const;
  // kNotFound("lần nhập", id).
  Result<ImportJob> Get(db::Transaction& tx, ImportJobId id) const;
  // The latest jobs, newest first (without rows).
  std::vector<ImportJob> List(db::Transaction& tx, int limit) const;
  void SetState(db::Transaction& tx, ImportJobId id, const std::string& state,
                const ImportJobProgress& progress, std::int64_t now) const;
  // done: the counts and the report rows (and the problems) of `report`.
  void Finish(db::Transaction& tx, ImportJobId id, const ImportReport& report,
              std::int64_t now) const;
  // failed, with `message`.
  void Fail(db::Transaction& tx, ImportJobId id, const std::string& message,
            std::int64_t now) const;
  // Jobs left queued or running by an earlier process become interrupted; returns how many.
  // With `stale_before`, only those neither updated nor beaten since then (the others belong
  // to a live instance).
  int MarkInterrupted(db::Transaction& tx, std::int64_t now,
                      std::optional<std::int64_t> stale_before = std::nullopt) const;
  // A queued or running job of this instance is alive, at `progress`.
  void Beat(db::Transaction& tx, ImportJobId id, const ImportJobProgress& progress,
            std::int64_t now) const;
};

// What a runner needs to run a job: the rows and files, read and checked for shape by the caller.
struct ImportJobRequest {
  ImportJobId id;
  audit::Actor actor;
  identity::Principal principal;
  std::vector<ImportRecord> rows;
  std::unique_ptr<ImportFiles> files;  // null when the upload was a bare CSV/JSON
  ImportOptions options;
};

// Runs import jobs in the background (the app module's thread implements it).
class ImportJobQueue {
 public:
  virtual ~ImportJobQueue() = default;
  // Takes the job; kUnavailable when the queue is full or stopping.
  virtual Status Submit(ImportJobRequest request) = 0;
  // The live progress of a job this process is running; nullopt otherwise.
  virtual std::optional<ImportJobProgress> Progress(ImportJobId id) const = 0;
};

}  // namespace cqdt::documents
