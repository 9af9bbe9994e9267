#include <soci/soci.h>

#include "db/statement.hpp"
#include "outgoing_repository.hpp"

namespace cqdt::documents {
namespace {

// An optional id column: NULL when unset.
struct OptionalId {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  OptionalId() = default;
  explicit OptionalId(std::int64_t v) : value(v), ind(v > 0 ? soci::i_ok : soci::i_null) {}
  std::int64_t Get() const { return ind == soci::i_ok ? value : 0; }
};

}  // namespace

std::vector<db::Migration> OutgoingMigrations() {
  return {{"documents_outgoing", 1, "create_documents_outgoing",
           // The signer chosen for a draft (the competent person, Decree 30/2020 art. 13).
           "CREATE TABLE documents_outgoing ("
           " document_id {{bigint}} PRIMARY KEY REFERENCES documents_document (id),"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " signer_id {{bigint}} REFERENCES identity_user (id));\n"
           // Nơi nhận: an agency on this instance or free text, in the order written.
           "CREATE TABLE documents_recipient ("
           " id {{pk}},"
           " document_id {{bigint}} NOT NULL REFERENCES documents_document (id),"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " ordinal INTEGER NOT NULL,"
           " recipient_agency_id {{bigint}} REFERENCES org_agency (id),"
           " name TEXT NOT NULL DEFAULT '');\n"
           "CREATE INDEX documents_recipient_document ON documents_recipient (document_id);\n"
           "CREATE TABLE documents_review ("
           " id {{pk}},"
           " document_id {{bigint}} NOT NULL REFERENCES documents_document (id),"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " step TEXT NOT NULL,"
           " reviewer_id {{bigint}} NOT NULL REFERENCES identity_user (id),"
           " state TEXT NOT NULL,"
           " comment TEXT NOT NULL DEFAULT '',"
           " created_at {{bigint}} NOT NULL,"
           " decided_at {{bigint}} NOT NULL DEFAULT 0);\n"
           "CREATE INDEX documents_review_document ON documents_review (document_id);\n"
           "CREATE INDEX documents_review_reviewer ON documents_review (reviewer_id, state);\n"
           // The outgoing flow keeps its draft, signed and issued PDFs in documents_file
           // (documents_incoming migration): nothing is overwritten, a new version is a new row.
           "CREATE UNIQUE INDEX documents_file_outgoing_version ON documents_file"
           " (document_id, role, version) WHERE role IN ('draft', 'signed', 'issued')"},
          {"documents_issue_lines", 1, "create_documents_issue_lines",
           // The number and date lines found on a signed file as it was signed, kept for the
           // release (issue_positions.hpp, EncodeIssueLines), by the signed blob's SHA-256.
           "CREATE TABLE documents_issue_lines ("
           " sha256 TEXT PRIMARY KEY,"
           " lines TEXT NOT NULL)"}};
}

void OutgoingRepository::SetSigner(DocumentId document, AgencyId agency, UserId signer) {
  long long doc = document.value();
  long long ag = agency.value();
  OptionalId s(signer.value());
  int n = 0;
  tx_.sql() << "SELECT COUNT(*) FROM documents_outgoing WHERE document_id = :d", soci::use(doc),
      soci::into(n);
  if (n == 0) {
    tx_.sql() << "INSERT INTO documents_outgoing (document_id, agency_id, signer_id)"
                 " VALUES (:d, :a, :s)",
        soci::use(doc), soci::use(ag), soci::use(s.value, s.ind);
  } else {
    tx_.sql() << "UPDATE documents_outgoing SET signer_id = :s WHERE document_id = :d",
        soci::use(s.value, s.ind), soci::use(doc);
  }
}

UserId OutgoingRepository::Signer(DocumentId document) {
  long long doc = document.value();
  OptionalId s;
  if (!db::Run(tx_, "SELECT signer_id FROM documents_outgoing WHERE document_id = :d",
               soci::use(doc), soci::into(s.value, s.ind))
           .got_data()) {
    return UserId();
  }
  return UserId(s.Get());
}

void OutgoingRepository::ReplaceRecipients(DocumentId document, AgencyId agency,
                                           const std::vector<Recipient>& recipients) {
  long long doc = document.value();
  long long ag = agency.value();
  tx_.sql() << "DELETE FROM documents_recipient WHERE document_id = :d", soci::use(doc);
  int ordinal = 0;
  for (const auto& r : recipients) {
    ++ordinal;
    OptionalId to(r.agency_id.value());
    std::string name = r.agency_id.IsSet() ? std::string() : r.name;
    std::string code = r.agency_id.IsSet() ? std::string() : r.code;
    tx_.sql() << "INSERT INTO documents_recipient (document_id, agency_id, ordinal,"
                 " recipient_agency_id, name, code) VALUES (:d, :a, :o, :to, :n, :c)",
        soci::use(doc), soci::use(ag), soci::use(ordinal), soci::use(to.value, to.ind),
        soci::use(name), soci::use(code);
  }
}

std::vector<Recipient> OutgoingRepository::Recipients(DocumentId document) {
  long long doc = document.value();
  OptionalId to;
  std::string name, code;
  auto st =
      db::Prepare(tx_,
                  "SELECT recipient_agency_id, name, code"
                  " FROM documents_recipient WHERE document_id = :d"
                  " ORDER BY ordinal",
                  soci::use(doc), soci::into(to.value, to.ind), soci::into(name), soci::into(code));
  st->execute(false);
  std::vector<Recipient> out;
  while (st->fetch()) {
    out.push_back({AgencyId(to.Get()), name, code});
  }
  return out;
}

ReviewId OutgoingRepository::AddReview(const Review& r, AgencyId agency) {
  long long doc = r.document_id.value();
  long long ag = agency.value();
  long long reviewer = r.reviewer_id.value();
  long long at = r.created_at;
  std::string step = ReviewStepName(r.step);
  std::string state = ReviewStateName(r.state);
  tx_.sql() << "INSERT INTO documents_review (document_id, agency_id, step, reviewer_id, state,"
               " comment, created_at) VALUES (:d, :a, :step, :r, :state, :c, :at)",
      soci::use(doc), soci::use(ag), soci::use(step), soci::use(reviewer), soci::use(state),
      soci::use(r.comment), soci::use(at);
  return ReviewId(db::LastInsertId(tx_, "documents_review"));
}

bool OutgoingRepository::DecideReview(ReviewId id, ReviewState state, const std::string& comment,
                                      std::int64_t at) {
  long long key = id.value();
  long long when = at;
  std::string name = ReviewStateName(state);
  std::string pending = ReviewStateName(ReviewState::kPending);
  auto st = db::Prepare(tx_,
                        "UPDATE documents_review SET state = :s, comment = :c,"
                        " decided_at = :at WHERE id = :id AND state = :p",
                        soci::use(name), soci::use(comment), soci::use(when), soci::use(key),
                        soci::use(pending));
  st->execute(true);
  return st->get_affected_rows() == 1;
}

std::vector<Review> OutgoingRepository::Reviews(DocumentId document) {
  long long doc = document.value();
  long long id = 0, reviewer = 0, created = 0, decided = 0;
  std::string step, state, comment;
  auto st =
      db::Prepare(tx_,
                  "SELECT id, step, reviewer_id, state, comment,"
                  " created_at, decided_at FROM documents_review"
                  " WHERE document_id = :d ORDER BY id",
                  soci::use(doc), soci::into(id), soci::into(step), soci::into(reviewer),
                  soci::into(state), soci::into(comment), soci::into(created), soci::into(decided));
  st->execute(false);
  std::vector<Review> out;
  while (st->fetch()) {
    Review r;
    r.id = ReviewId(id);
    r.document_id = document;
    r.step = ParseReviewStep(step).value_or(ReviewStep::kLeader);
    r.reviewer_id = UserId(reviewer);
    r.state = ParseReviewState(state).value_or(ReviewState::kPending);
    r.comment = comment;
    r.created_at = created;
    r.decided_at = decided;
    out.push_back(std::move(r));
  }
  return out;
}

int OutgoingRepository::NextFileVersion(DocumentId document, OutgoingFileRole role) {
  long long doc = document.value();
  std::string name = OutgoingFileRoleName(role);
  int max = 0;
  soci::indicator ind = soci::i_null;
  db::Run(tx_,
          "SELECT MAX(version) FROM documents_file WHERE document_id = :d"
          " AND role = :r",
          soci::use(doc), soci::use(name), soci::into(max, ind));
  return (ind == soci::i_ok ? max : 0) + 1;
}

OutgoingFileId OutgoingRepository::AddFile(const OutgoingFile& f, AgencyId agency) {
  long long doc = f.document_id.value();
  long long ag = agency.value();
  long long size = f.size;
  long long at = f.uploaded_at;
  OptionalId by(f.uploaded_by.value());
  std::string role = OutgoingFileRoleName(f.role);
  long long id = 0;
  // The id by RETURNING (both engines): no second round trip for currval().
  db::Run(tx_,
          "INSERT INTO documents_file (document_id, agency_id, role, version,"
          " sha256, name, content_type, size, pages, uploaded_by, uploaded_at) VALUES"
          " (:d, :a, :role, :v, :sha, :n, :ct, :size, :pages, :by, :at) RETURNING id",
          soci::use(doc), soci::use(ag), soci::use(role), soci::use(f.version), soci::use(f.sha256),
          soci::use(f.name), soci::use(f.content_type), soci::use(size), soci::use(f.pages),
          soci::use(by.value, by.ind), soci::use(at), soci::into(id));
  return OutgoingFileId(id);
}

bool OutgoingRepository::RemoveAttachment(DocumentId document, OutgoingFileId file) {
  long long doc = document.value();
  long long id = file.value();
  std::string role = OutgoingFileRoleName(OutgoingFileRole::kAttachment);
  long long is_attachment = 0;
  tx_.sql() << "SELECT COUNT(*) FROM documents_file WHERE id = :id AND document_id = :d"
               " AND role = :role",
      soci::into(is_attachment), soci::use(id), soci::use(doc), soci::use(role);
  if (is_attachment != 1) {
    return false;
  }
  // What the text extraction keeps of the file goes with it (extraction_service.cpp): its text
  // (or the delete would break the foreign key once the background job has read the file), its
  // pending jobs (the worker acts only on a job still there), and the document is indexed again
  // without the appendix's words.
  tx_.sql() << "DELETE FROM documents_index_job WHERE file_id = :id", soci::use(id);
  tx_.sql() << "DELETE FROM documents_file_proposal WHERE file_id = :id", soci::use(id);
  tx_.sql() << "DELETE FROM documents_text WHERE file_id = :id", soci::use(id);
  tx_.sql() << "INSERT INTO documents_index_job (kind, document_id) VALUES ('index', :d)",
      soci::use(doc);
  tx_.sql() << "DELETE FROM documents_file WHERE id = :id", soci::use(id);
  return true;
}

std::vector<OutgoingFile> OutgoingRepository::Files(DocumentId document) {
  long long doc = document.value();
  long long id = 0, size = 0, at = 0;
  int version = 0, pages = 0;
  OptionalId by;
  std::string role, sha, name, type;
  auto st = db::Prepare(tx_,
                        "SELECT id, role, version, sha256, name, content_type, size, pages,"
                        " uploaded_by, uploaded_at FROM documents_file"
                        " WHERE document_id = :d ORDER BY role, version",
                        soci::use(doc), soci::into(id), soci::into(role), soci::into(version),
                        soci::into(sha), soci::into(name), soci::into(type), soci::into(size),
                        soci::into(pages), soci::into(by.value, by.ind), soci::into(at));
  st->execute(false);
  std::vector<OutgoingFile> out;
  while (st->fetch()) {
    OutgoingFile f;
    f.id = OutgoingFileId(id);
    f.document_id = document;
    f.role = ParseOutgoingFileRole(role).value_or(OutgoingFileRole::kDraft);
    f.version = version;
    f.sha256 = sha;
    f.name = name;
    f.content_type = type;
    f.size = size;
    f.pages = pages;
    f.uploaded_by = UserId(by.Get());
    f.uploaded_at = at;
    out.push_back(std::move(f));
  }
  return out;
}

void OutgoingRepository::KeepIssueLines(const std::string& sha256, const std::string& encoded) {
  db::Run(tx_,
          "INSERT INTO documents_issue_lines (sha256, lines) VALUES (:s, :l)"
          " ON CONFLICT (sha256) DO NOTHING",
          soci::use(sha256), soci::use(encoded));
}

std::optional<std::string> OutgoingRepository::IssueLines(const std::string& sha256) {
  std::string lines;
  if (!db::Run(tx_, "SELECT lines FROM documents_issue_lines WHERE sha256 = :s", soci::use(sha256),
               soci::into(lines))
           .got_data()) {
    return std::nullopt;
  }
  return lines;
}

}  // namespace cqdt::documents
