#include "documents/import_jobs.hpp"

#include <soci/soci.h>

namespace cqdt::documents {
namespace {

constexpr const char* kColumns =
    "SELECT id, file_name, dry_run, state, phase, total, done, imported, skipped, invalid,"
    " refused, message, created_by, created_by_name, created_at, updated_at"
    " FROM documents_import_job";

struct JobRow {
  long long id = 0, created_by = 0, created_at = 0, updated_at = 0;
  int dry_run = 0, total = 0, done = 0, imported = 0, skipped = 0, invalid = 0, refused = 0;
  std::string file_name, state, phase, message, created_by_name;
  soci::indicator by_ind = soci::i_null;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(file_name));
    st.exchange(soci::into(dry_run));
    st.exchange(soci::into(state));
    st.exchange(soci::into(phase));
    st.exchange(soci::into(total));
    st.exchange(soci::into(done));
    st.exchange(soci::into(imported));
    st.exchange(soci::into(skipped));
    st.exchange(soci::into(invalid));
    st.exchange(soci::into(refused));
    st.exchange(soci::into(message));
    st.exchange(soci::into(created_by, by_ind));
    st.exchange(soci::into(created_by_name));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(updated_at));
  }

  ImportJob Job() const {
    ImportJob j;
    j.id = ImportJobId(id);
    j.file_name = file_name;
    j.dry_run = dry_run != 0;
    j.state = state;
    j.phase = phase;
    j.total = total;
    j.done = done;
    j.imported = imported;
    j.skipped = skipped;
    j.invalid = invalid;
    j.refused = refused != 0;
    j.message = message;
    j.created_by = by_ind == soci::i_ok ? UserId(created_by) : UserId();
    j.created_by_name = created_by_name;
    j.created_at = created_at;
    j.updated_at = updated_at;
    return j;
  }
};

std::vector<ImportJob> Select(db::Transaction& tx, const std::string& tail, long long value) {
  JobRow row;
  soci::statement st(tx.sql());
  row.Bind(st);
  st.exchange(soci::use(value));
  st.alloc();
  st.prepare(std::string(kColumns) + tail);
  st.define_and_bind();
  st.execute(false);
  std::vector<ImportJob> out;
  while (st.fetch()) {
    out.push_back(row.Job());
  }
  return out;
}

}  // namespace

const char* ImportJobStateLabel(const std::string& state) {
  if (state == "queued") {
    return "Đang chờ";
  }
  if (state == "running") {
    return "Đang chạy";
  }
  if (state == "done") {
    return "Đã xong";
  }
  if (state == "failed") {
    return "Thất bại";
  }
  return "Bị gián đoạn";
}

ImportJob ImportJobs::Create(db::Transaction& tx, const audit::Actor& actor,
                             const std::string& file_name, bool dry_run, std::int64_t now) const {
  long long by = actor.user_id.value(), at = now, id = 0;
  soci::indicator by_ind = by > 0 ? soci::i_ok : soci::i_null;
  int dry = dry_run ? 1 : 0;
  std::string name = file_name;
  tx.sql() << "INSERT INTO documents_import_job (file_name, dry_run, state, created_by,"
              " created_by_name, created_at, updated_at) VALUES (:f, :dry, 'queued', :by, :n,"
              " :at, :at2) RETURNING id",
      soci::use(name), soci::use(dry), soci::use(by, by_ind), soci::use(actor.name), soci::use(at),
      soci::use(at), soci::into(id);
  ImportJob j;
  j.id = ImportJobId(id);
  j.file_name = file_name;
  j.dry_run = dry_run;
  j.state = "queued";
  j.created_by = actor.user_id;
  j.created_by_name = actor.name;
  j.created_at = j.updated_at = now;
  return j;
}

Result<ImportJob> ImportJobs::Get(db::Transaction& tx, ImportJobId id) const {
  auto found = Select(tx, " WHERE id = :id", id.value());
  if (found.empty()) {
    return Error::NotFound("lần nhập", std::to_string(id.value()));
  }
  ImportJob j = std::move(found.front());
  long long key = id.value(), document = 0;
  int row = 0;
  std::string status, field, message, number_text, subject;
  soci::indicator doc_ind = soci::i_null;
  soci::statement st =
      (tx.sql().prepare << "SELECT row_number, status, field, message,"
                           " number_text, subject, document_id"
                           " FROM documents_import_job_row WHERE job_id = :j"
                           " ORDER BY seq",
       soci::into(row), soci::into(status), soci::into(field), soci::into(message),
       soci::into(number_text), soci::into(subject), soci::into(document, doc_ind), soci::use(key));
  st.execute(false);
  while (st.fetch()) {
    j.rows.push_back({row, status, field, message, number_text, subject,
                      doc_ind == soci::i_ok ? DocumentId(document) : DocumentId()});
  }
  return j;
}

std::vector<ImportJob> ImportJobs::List(db::Transaction& tx, int limit) const {
  return Select(tx, " ORDER BY id DESC LIMIT :n", limit);
}

void ImportJobs::SetState(db::Transaction& tx, ImportJobId id, const std::string& state,
                          const ImportJobProgress& progress, std::int64_t now) const {
  long long key = id.value(), at = now;
  tx.sql() << "UPDATE documents_import_job SET state = :s, phase = :p, total = :t, done = :d,"
              " updated_at = :at WHERE id = :id",
      soci::use(state), soci::use(progress.phase), soci::use(progress.total),
      soci::use(progress.done), soci::use(at), soci::use(key);
}

void ImportJobs::Finish(db::Transaction& tx, ImportJobId id, const ImportReport& report,
                        std::int64_t now) const {
  long long key = id.value(), at = now;
  int refused = report.refused ? 1 : 0;
  tx.sql() << "UPDATE documents_import_job SET state = 'done', phase = '', total = :t,"
              " done = :d, imported = :i, skipped = :s, invalid = :inv, refused = :r,"
              " updated_at = :at WHERE id = :id",
      soci::use(report.total), soci::use(report.total), soci::use(report.imported),
      soci::use(report.skipped), soci::use(report.invalid), soci::use(refused), soci::use(at),
      soci::use(key);
  int seq = 0;
  auto insert = [&](int row, const std::string& status, const std::string& field,
                    const std::string& message, const std::string& number_text,
                    const std::string& subject, DocumentId document) {
    long long doc = document.value();
    soci::indicator doc_ind = doc > 0 ? soci::i_ok : soci::i_null;
    ++seq;
    tx.sql() << "INSERT INTO documents_import_job_row (job_id, seq, row_number, status, field,"
                " message, number_text, subject, document_id) VALUES (:j, :q, :r, :s, :f, :m,"
                " :n, :sub, :d)",
        soci::use(key), soci::use(seq), soci::use(row), soci::use(status), soci::use(field),
        soci::use(message), soci::use(number_text), soci::use(subject), soci::use(doc, doc_ind);
  };
  for (const auto& r : report.rows) {
    insert(r.row, ImportRowStatusName(r.status), "", "", r.number_text, r.subject, r.document_id);
  }
  for (const auto& p : report.problems) {
    insert(p.row, "problem", p.field, p.message, "", "", DocumentId());
  }
}

void ImportJobs::Fail(db::Transaction& tx, ImportJobId id, const std::string& message,
                      std::int64_t now) const {
  long long key = id.value(), at = now;
  tx.sql() << "UPDATE documents_import_job SET state = 'failed', message = :m, updated_at = :at"
              " WHERE id = :id",
      soci::use(message), soci::use(at), soci::use(key);
}

int ImportJobs::MarkInterrupted(db::Transaction& tx, std::int64_t now,
                                std::optional<std::int64_t> stale_before) const {
  long long at = now;
  long long before = stale_before.value_or(0);
  const std::string sql =
      std::string(
          "UPDATE documents_import_job SET state = 'interrupted', updated_at = :at"
          " WHERE state IN ('queued', 'running')") +
      (stale_before ? " AND updated_at < :b AND heartbeat_at < :b2" : "");
  soci::statement st(tx.sql());
  st.exchange(soci::use(at));
  if (stale_before) {
    st.exchange(soci::use(before));
    st.exchange(soci::use(before));
  }
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

void ImportJobs::Beat(db::Transaction& tx, ImportJobId id, const ImportJobProgress& progress,
                      std::int64_t now) const {
  long long key = id.value(), at = now;
  tx.sql() << "UPDATE documents_import_job SET phase = :p, total = :t, done = :d,"
              " heartbeat_at = :at WHERE id = :id AND state IN ('queued', 'running')",
      soci::use(progress.phase), soci::use(progress.total), soci::use(progress.done), soci::use(at),
      soci::use(key);
}

}  // namespace cqdt::documents
