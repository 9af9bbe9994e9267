#include "documents/extraction_service.hpp"

#include <algorithm>

#include <soci/soci.h>

#include "core/text.hpp"
#include "db/claims.hpp"
#include "identity/principal.hpp"

namespace cqdt::documents {

namespace {

constexpr int kMaxListed = 200;

std::int64_t Now(const Clock& clock) { return ToUnixSeconds(clock.Now()); }

Error NoProposal(FileId file) {
  return Error::NotFound("đề xuất của tệp", std::to_string(file.value()));
}

Result<FileProposal> LoadProposal(db::Transaction& tx, FileId file, UserId requester) {
  std::string state, method, number_text, issued_date, sender, subject, error;
  int type_ordinal = 0;
  long long requested_by = 0;
  soci::indicator ind = soci::i_null;
  tx.sql() << "SELECT state, method, number_text, issued_date, sender_name, subject,"
              " type_ordinal, error, requested_by FROM documents_file_proposal WHERE file_id = :f",
      soci::into(state, ind), soci::into(method), soci::into(number_text), soci::into(issued_date),
      soci::into(sender), soci::into(subject), soci::into(type_ordinal), soci::into(error),
      soci::into(requested_by), soci::use(file.value());
  if (!tx.sql().got_data() || ind == soci::i_null || requested_by != requester.value()) {
    return NoProposal(file);
  }
  FileProposal p;
  p.file_id = file;
  p.state = state;
  p.method = method;
  p.proposal = RegistrationProposal{number_text, issued_date, sender, subject, type_ordinal};
  p.error = error;
  return p;
}

Result<ExtractionJob> LoadJob(db::Transaction& tx, std::int64_t id) {
  ExtractionJob j;
  std::string kind, name, subject, direction, last_error;
  long long document = 0, file = 0, not_before = 0, failed_at = 0, created_at = 0;
  int attempts = 0;
  soci::indicator kind_ind = soci::i_null, failed_ind = soci::i_null, name_ind = soci::i_null,
                  subject_ind = soci::i_null, direction_ind = soci::i_null;
  tx.sql() << "SELECT j.kind, j.document_id, j.file_id, j.attempts, j.not_before, j.last_error,"
              " j.failed_at, j.created_at, f.name, d.subject, d.direction"
              " FROM documents_index_job j"
              " LEFT JOIN documents_file f ON f.id = j.file_id"
              " LEFT JOIN documents_document d ON d.id = j.document_id"
              " WHERE j.id = :id AND j.kind IN ('extract', 'prefill')",
      soci::into(kind, kind_ind), soci::into(document), soci::into(file), soci::into(attempts),
      soci::into(not_before), soci::into(last_error), soci::into(failed_at, failed_ind),
      soci::into(created_at), soci::into(name, name_ind), soci::into(subject, subject_ind),
      soci::into(direction, direction_ind), soci::use(id);
  if (!tx.sql().got_data() || kind_ind == soci::i_null) {
    return Error::NotFound("việc đọc nội dung tệp", std::to_string(id));
  }
  j.id = id;
  j.kind = kind;
  if (document > 0) {
    j.document_id = DocumentId(document);
  }
  j.document_subject = subject_ind == soci::i_ok ? subject : "";
  if (direction_ind == soci::i_ok) {
    j.document_direction = ParseDirection(direction);
  }
  j.file_id = FileId(file);
  j.file_name = name_ind == soci::i_ok ? name : "";
  j.attempts = attempts;
  j.last_error = last_error;
  if (failed_ind == soci::i_ok) {
    j.failed_at = failed_at;
  } else if (not_before > 0) {
    j.not_before = not_before;
  }
  j.created_at = created_at;
  return j;
}

// Whether an error is the file's (no retry helps) rather than the moment's.
bool Permanent(const Error& e) {
  return e.code() == ErrorCode::kMalformed || e.code() == ErrorCode::kUnsupported ||
         e.code() == ErrorCode::kTooLarge || e.code() == ErrorCode::kInvalidArgument;
}

struct DueJob {
  long long id = 0;
  std::string kind;
  long long document_id = 0;
  long long file_id = 0;
  int attempts = 0;
  std::string sha256;
  std::string content_type;
};

}  // namespace

Result<FileProposal> ExtractionService::RequestProposal(db::Transaction& tx,
                                                        const identity::Principal& p,
                                                        FileId file) const {
  if (!identity::Authorizer::IsStaff(p)) {
    return Error::PermissionDenied();
  }
  long long uploaded_by = 0;
  std::string content_type;
  soci::indicator ind = soci::i_null;
  tx.sql() << "SELECT uploaded_by, content_type FROM documents_file WHERE id = :f",
      soci::into(uploaded_by, ind), soci::into(content_type), soci::use(file.value());
  if (!tx.sql().got_data() || ind != soci::i_ok || uploaded_by != p.user_id().value()) {
    return Error::NotFound("tệp", std::to_string(file.value()));
  }
  if (!extract::Supported(content_type)) {
    return Error::InvalidField("file", "type",
                               "Chỉ đề xuất được thông tin từ tệp PDF hoặc Word (.docx).");
  }
  auto existing = LoadProposal(tx, file, p.user_id());
  if (existing) {
    return existing;
  }
  const std::int64_t now = Now(clock_);
  const std::string pending = "pending";
  const long long user = p.user_id().value();
  tx.sql() << "INSERT INTO documents_file_proposal (file_id, requested_by, state, updated_at)"
              " VALUES (:f, :u, :s, :t)",
      soci::use(file.value()), soci::use(user), soci::use(pending), soci::use(now);
  tx.sql() << "INSERT INTO documents_index_job (kind, document_id, file_id, created_at)"
              " VALUES ('prefill', 0, :f, :t)",
      soci::use(file.value()), soci::use(now);
  return LoadProposal(tx, file, p.user_id());
}

Result<FileProposal> ExtractionService::GetProposal(db::Transaction& tx,
                                                    const identity::Principal& p,
                                                    FileId file) const {
  if (!identity::Authorizer::IsStaff(p)) {
    return Error::PermissionDenied();
  }
  return LoadProposal(tx, file, p.user_id());
}

Result<ExtractionJobList> ExtractionService::ListJobs(db::Transaction& tx,
                                                      const identity::Principal& p,
                                                      std::string_view state) const {
  if (!identity::Authorizer::IsAdmin(p)) {
    return Error::PermissionDenied("Chỉ quản trị hệ thống xem được hàng đợi đọc nội dung tệp.");
  }
  if (state != "failed" && state != "pending") {
    return Error::InvalidField("state", "enum",
                               "Trường 'state' phải là 'failed' (lỗi) hoặc 'pending' (đang chờ).");
  }
  ExtractionJobList out;
  tx.sql() << "SELECT COUNT(*) FROM documents_index_job WHERE kind IN ('extract', 'prefill')"
              " AND failed_at IS NULL",
      soci::into(out.pending);
  tx.sql() << "SELECT COUNT(*) FROM documents_index_job WHERE kind IN ('extract', 'prefill')"
              " AND failed_at IS NOT NULL",
      soci::into(out.failed);
  std::vector<long long> ids;
  {
    long long id = 0;
    soci::statement st =
        (tx.sql().prepare << std::string("SELECT id FROM documents_index_job WHERE kind IN"
                                         " ('extract', 'prefill') AND failed_at IS ") +
                                 (state == "failed" ? "NOT NULL" : "NULL") +
                                 " ORDER BY id DESC LIMIT :n",
         soci::into(id), soci::use(kMaxListed));
    st.execute(false);
    while (st.fetch()) {
      ids.push_back(id);
    }
  }
  for (long long id : ids) {
    CQDT_ASSIGN_OR_RETURN(ExtractionJob j, LoadJob(tx, id));
    out.items.push_back(std::move(j));
  }
  return out;
}

Result<ExtractionJob> ExtractionService::Retry(db::Transaction& tx, const audit::Actor& actor,
                                               const identity::Principal& p,
                                               std::int64_t job_id) const {
  if (!identity::Authorizer::IsAdmin(p)) {
    return Error::PermissionDenied("Chỉ quản trị hệ thống cho thử lại việc đọc nội dung tệp.");
  }
  CQDT_ASSIGN_OR_RETURN(ExtractionJob j, LoadJob(tx, job_id));
  tx.sql() << "UPDATE documents_index_job SET attempts = 0, not_before = 0, failed_at = NULL,"
              " last_error = '' WHERE id = :id",
      soci::use(job_id);
  if (j.kind == "prefill") {
    const std::int64_t now = Now(clock_);
    tx.sql() << "UPDATE documents_file_proposal SET state = 'pending', error = '', updated_at = :t"
                " WHERE file_id = :f",
        soci::use(now), soci::use(j.file_id.value());
  }
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"documents.extraction.retried", "documents.file", std::to_string(j.file_id.value()),
       "Cho đọc lại nội dung tệp " + j.file_name}));
  return LoadJob(tx, job_id);
}

Result<std::int64_t> ExtractionWorker::Due() {
  auto tx = db_.BeginRead();
  const std::int64_t now = Now(clock_);
  long long n = 0;
  tx.sql() << "SELECT COUNT(*) FROM documents_index_job WHERE kind IN ('extract', 'prefill')"
              " AND failed_at IS NULL AND not_before <= :t",
      soci::into(n), soci::use(now);
  return static_cast<std::int64_t>(n);
}

Result<std::int64_t> ExtractionWorker::EnqueueAll() {
  auto tx = db_.Begin();
  const std::int64_t now = Now(clock_);
  tx.sql() << "INSERT INTO documents_index_job (kind, document_id, file_id, created_at)"
              " SELECT 'extract', document_id, id, :t FROM documents_file WHERE document_id IS NOT"
              " NULL AND role IN ('main', 'scan', 'attachment', 'issued', 'issued_attachment')",
      soci::use(now);
  long long n = 0;
  tx.sql() << "SELECT COUNT(*) FROM documents_index_job WHERE kind = 'extract'", soci::into(n);
  CQDT_RETURN_IF_ERROR(tx.Commit());
  return static_cast<std::int64_t>(n);
}

Result<bool> ExtractionWorker::RunOnce() {
  const std::int64_t now = Now(clock_);
  DueJob job;
  // Several instances (decision 0024): the job is claimed in a short write transaction — the row
  // locked with SKIP LOCKED, so that another instance picks the next one, and its not_before
  // moved to the end of a lease — before the file is read outside any transaction. The result
  // is written only while that claim holds; an instance that died mid-job leaves its claim to
  // expire, and the job is due again for any instance. A read first: an idle poll writes nothing.
  if (auto due = Due(); !due || *due == 0) {
    return due ? Result<bool>(false) : Result<bool>(due.error());
  }
  const std::int64_t lease_until = now + std::max<std::int64_t>(1, policy_.lease_seconds);
  {
    auto tx = db_.Begin();
    for (const char* kind : {"prefill", "extract"}) {
      const std::string k = kind;
      soci::indicator ind = soci::i_null;
      tx.sql() << std::string(
                      "SELECT id, document_id, file_id, attempts FROM documents_index_job"
                      " WHERE kind = :k AND failed_at IS NULL AND not_before <= :t"
                      " ORDER BY id LIMIT 1") +
                      db::SkipLocked(tx.engine()),
          soci::into(job.id, ind), soci::into(job.document_id), soci::into(job.file_id),
          soci::into(job.attempts), soci::use(k), soci::use(now);
      if (tx.sql().got_data() && ind == soci::i_ok) {
        job.kind = k;
        break;
      }
    }
    if (job.kind.empty()) {
      CQDT_RETURN_IF_ERROR(tx.Commit());
      return false;  // due, but each held by another instance
    }
    soci::indicator sha_ind = soci::i_null;
    tx.sql() << "SELECT sha256, content_type FROM documents_file WHERE id = :f",
        soci::into(job.sha256, sha_ind), soci::into(job.content_type), soci::use(job.file_id);
    if (!tx.sql().got_data() || sha_ind != soci::i_ok) {
      job.sha256.clear();  // the file is gone
    }
    tx.sql() << "UPDATE documents_index_job SET not_before = :n WHERE id = :id",
        soci::use(lease_until), soci::use(job.id);
    CQDT_RETURN_IF_ERROR(tx.Commit());
  }
  if (job.kind.empty()) {
    return false;
  }
  // A file whose text the registration form's proposal already read is not read twice.
  Result<extract::Extracted> read = Error::Internal();
  bool have = false;
  if (job.kind == "extract") {
    auto tx = db_.BeginRead();
    std::string method, text;
    soci::indicator ind = soci::i_null;
    tx.sql() << "SELECT method, text FROM documents_file_proposal WHERE file_id = :f AND state"
                " = 'done'",
        soci::into(method, ind), soci::into(text), soci::use(job.file_id);
    if (tx.sql().got_data() && ind == soci::i_ok) {
      extract::Extracted e;
      e.pages.push_back(extract::PageText{1, text, method == "ocr"});
      read = e;
      have = true;
    }
  }
  if (!have) {
    if (job.sha256.empty()) {
      read = Error::Malformed("Tệp không còn trong kho lưu trữ.");
    } else if (!extract::Supported(job.content_type)) {
      read = extract::Extracted{};  // nothing to read in it: done
    } else {
      auto bytes = blobs_.Get(job.sha256);
      read =
          bytes ? extractor_(*bytes, job.content_type) : Result<extract::Extracted>(bytes.error());
    }
  }
  auto tx = db_.Begin();
  // The job may have been retried or removed meanwhile, or its lease run out and another
  // instance claimed it (a later not_before): act only on the row as this claim left it.
  long long still = 0;
  tx.sql() << "SELECT COUNT(*) FROM documents_index_job WHERE id = :id AND failed_at IS NULL"
              " AND attempts = :a AND not_before = :n",
      soci::into(still), soci::use(job.id), soci::use(job.attempts), soci::use(lease_until);
  if (still == 0) {
    CQDT_RETURN_IF_ERROR(tx.Commit());
    return true;
  }
  const std::int64_t done_at = Now(clock_);
  if (read) {
    const std::string method = read->Method();
    const std::string text = read->Text();
    if (job.kind == "extract") {
      tx.sql() << "DELETE FROM documents_text WHERE file_id = :f", soci::use(job.file_id);
      if (!text.empty()) {
        tx.sql() << "INSERT INTO documents_text (document_id, file_id, method, text, extracted_at)"
                    " VALUES (:d, :f, :m, :x, :t)",
            soci::use(job.document_id), soci::use(job.file_id), soci::use(method), soci::use(text),
            soci::use(done_at);
      }
    } else {
      const std::string first = read->pages.empty() ? std::string() : read->pages.front().text;
      const RegistrationProposal pr = ProposeRegistration(first);
      tx.sql() << "UPDATE documents_file_proposal SET state = 'done', method = :m,"
                  " number_text = :n, issued_date = :d, sender_name = :s, subject = :j,"
                  " type_ordinal = :o, text = :x, error = '', updated_at = :t WHERE file_id = :f",
          soci::use(method), soci::use(pr.number_text), soci::use(pr.issued_date),
          soci::use(pr.sender_name), soci::use(pr.subject), soci::use(pr.type_ordinal),
          soci::use(text), soci::use(done_at), soci::use(job.file_id);
    }
    tx.sql() << "DELETE FROM documents_index_job WHERE id = :id", soci::use(job.id);
  } else {
    const int attempts = job.attempts + 1;
    const bool give_up = Permanent(read.error()) || attempts >= policy_.max_attempts;
    const std::string message = read.error().message();
    if (give_up) {
      tx.sql() << "UPDATE documents_index_job SET attempts = :a, last_error = :e, failed_at = :t"
                  " WHERE id = :id",
          soci::use(attempts), soci::use(message), soci::use(done_at), soci::use(job.id);
      if (job.kind == "prefill") {
        tx.sql() << "UPDATE documents_file_proposal SET state = 'failed', error = :e,"
                    " updated_at = :t WHERE file_id = :f",
            soci::use(message), soci::use(done_at), soci::use(job.file_id);
      }
    } else {
      std::int64_t wait = policy_.backoff_seconds;
      for (int i = 1; i < attempts; ++i) {
        wait *= 4;
      }
      const std::int64_t next = done_at + wait;
      tx.sql() << "UPDATE documents_index_job SET attempts = :a, last_error = :e, not_before = :n"
                  " WHERE id = :id",
          soci::use(attempts), soci::use(message), soci::use(next), soci::use(job.id);
    }
  }
  CQDT_RETURN_IF_ERROR(tx.Commit());
  return true;
}

}  // namespace cqdt::documents
