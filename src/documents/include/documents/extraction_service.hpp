// Text extraction and OCR of documents' files (issue 11, item 4; decision 0013).
//
// Triggers on documents_file queue a job (documents_index_job, kind 'extract') when a file joins
// a document in the same transaction; ExtractionWorker, on a thread of the app, takes the jobs
// one at a time, has the file read by the `extract` module in a child process (never on a
// request's path), and writes documents_text, whose own trigger re-indexes the document for
// search. A job that fails for a reason that may pass (the child killed by a limit, a model
// missing) is retried with backoff; a file that cannot be read (corrupt, password-protected) fails
// at once. Failed jobs stay in the queue for the admin to see and retry; the document stays
// registered and findable by its metadata.
//
// The registration form's proposal (kind 'prefill'): a clerk who uploads a scanned document asks
// for the number, date, sender, type and abstract printed on its first page; the worker serves
// these before the others, and the text it read is kept for the file's later 'extract' job.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document.hpp"
#include "documents/document_files.hpp"
#include "extract/extract.hpp"
#include "identity/principal.hpp"

namespace cqdt::documents {

// What the first page of an administrative document says about itself (Decree 30/2020 Appendix
// I layout: the issuer top left with "Số: …" under it, the national motto and "<place>, ngày …"
// top right, then the type in capitals and the abstract). Fields not found are empty / 0.
struct RegistrationProposal {
  std::string number_text;  // "125/QĐ-UBND"
  std::string issued_date;  // "2026-03-05"
  std::string sender_name;  // as printed: "ỦY BAN NHÂN DÂN TỈNH AN GIANG"
  std::string subject;      // "Về việc phê duyệt …" / the "V/v" line of a công văn
  int type_ordinal = 0;     // Decree 30 ordinal
};
// Pure: reads the text of a first page (a text layer or OCR, lines as read).
RegistrationProposal ProposeRegistration(std::string_view first_page);

struct FileProposal {
  FileId file_id;
  std::string state;   // pending | done | failed
  std::string method;  // extract::Extracted::Method(), "" while pending
  RegistrationProposal proposal;
  std::string error;  // Vietnamese, when failed
};

struct ExtractionJob {
  std::int64_t id = 0;
  std::string kind;  // extract | prefill
  std::optional<DocumentId> document_id;
  std::string document_subject;
  std::optional<Direction> document_direction;  // with document_id: where its page is
  FileId file_id;
  std::string file_name;
  int attempts = 0;
  std::string last_error;
  std::optional<std::int64_t> not_before;  // unix seconds: the next try of a job being retried
  std::optional<std::int64_t> failed_at;
  std::int64_t created_at = 0;
};

struct ExtractionJobList {
  std::vector<ExtractionJob> items;  // newest first, at most 200
  std::int64_t pending = 0;
  std::int64_t failed = 0;
};

class ExtractionService {
 public:
  ExtractionService(audit::AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  // The caller's own upload (PDF or DOCX; "file" 422 otherwise). Idempotent.
  Result<FileProposal> RequestProposal(db::Transaction& tx, const identity::Principal& p,
                                       FileId file) const;
  // NotFound when never asked, or not the caller's file.
  Result<FileProposal> GetProposal(db::Transaction& tx, const identity::Principal& p,
                                   FileId file) const;

  // Admins only. `state`: "failed" or "pending" ("state" 422 otherwise).
  Result<ExtractionJobList> ListJobs(db::Transaction& tx, const identity::Principal& p,
                                     std::string_view state) const;
  // Admins only: a failed (or waiting) job is tried again at once.
  Result<ExtractionJob> Retry(db::Transaction& tx, const audit::Actor& actor,
                              const identity::Principal& p, std::int64_t job_id) const;

 private:
  audit::AuditLog& audit_;
  const Clock& clock_;
};

// Reads a file's text: in production extract::ExtractInChild on cqdt itself; in tests the
// in-process functions.
using TextExtractor =
    std::function<Result<extract::Extracted>(std::string_view bytes, std::string_view type)>;

struct ExtractionPolicy {
  int max_attempts = 5;               // transient failures before the job is marked failed
  std::int64_t backoff_seconds = 30;  // 30 s, 2 min, 8 min, 32 min: times 4 each try
  // How long a claimed job is left to its instance (longer than one file's extraction): past
  // it, an instance that died mid-job has its job taken over by another (decision 0024).
  std::int64_t lease_seconds = 600;
};

class ExtractionWorker {
 public:
  ExtractionWorker(db::Database& db, blob::BlobStore& blobs, TextExtractor extractor,
                   const Clock& clock, ExtractionPolicy policy = {})
      : db_(db), blobs_(blobs), extractor_(std::move(extractor)), clock_(clock), policy_(policy) {}
  // Serves at most one due job (prefill first); false when none was due. The job is claimed
  // first (its row locked with SKIP LOCKED on PostgreSQL and its not_before moved to the end of
  // a lease of policy.lease_seconds), so that several instances on one database each serve
  // other jobs; the extraction runs outside any transaction.
  Result<bool> RunOnce();
  // Due jobs of either kind.
  Result<std::int64_t> Due();
  // Queues an 'extract' job for every file of every document (`cqdt doc reindex --extract`).
  Result<std::int64_t> EnqueueAll();

 private:
  db::Database& db_;
  blob::BlobStore& blobs_;
  TextExtractor extractor_;
  const Clock& clock_;
  ExtractionPolicy policy_;
};

}  // namespace cqdt::documents
