#include "documents/document_files.hpp"

#include <chrono>

#include <soci/soci.h>

#include "blob_at_commit.hpp"
#include "core/cpu_budget.hpp"
#include "db/statement.hpp"
#include "pdf/pdf.hpp"

namespace cqdt::documents {
namespace {

constexpr const char* kRoleNames[] = {"main", "draft", "attachment", "scan", "signed", "issued"};

bool StartsWith(std::string_view bytes, std::string_view magic) {
  return bytes.size() >= magic.size() && bytes.substr(0, magic.size()) == magic;
}

// The CPU a content check may spend on one untrusted PDF.
constexpr std::chrono::milliseconds kPdfBudget{5000};

constexpr const char* kColumns =
    "id, agency_id, document_id, role, version, sha256, name, content_type, size, pages,"
    " signature_verdict, uploaded_by, uploaded_at";

struct Row {
  long long id = 0, agency = 0, document = 0, size = 0, uploaded_by = 0, uploaded_at = 0;
  soci::indicator document_ind = soci::i_null, uploaded_by_ind = soci::i_null;
  int version = 1, pages = 0;
  std::string role, sha256, name, content_type, verdict;

  DocumentFile ToFile() const {
    DocumentFile f;
    f.id = FileId(id);
    f.agency_id = AgencyId(agency);
    f.document_id = DocumentId(document_ind == soci::i_ok ? document : 0);
    f.role = ParseFileRole(role).value_or(FileRole::kAttachment);
    f.version = version;
    f.sha256 = sha256;
    f.name = name;
    f.content_type = content_type;
    f.size = size;
    f.pages = pages;
    f.signature_verdict = verdict;
    f.uploaded_by = UserId(uploaded_by_ind == soci::i_ok ? uploaded_by : 0);
    f.uploaded_at = uploaded_at;
    return f;
  }
};

void Bind(soci::statement& st, Row& r) {
  st.exchange(soci::into(r.id));
  st.exchange(soci::into(r.agency));
  st.exchange(soci::into(r.document, r.document_ind));
  st.exchange(soci::into(r.role));
  st.exchange(soci::into(r.version));
  st.exchange(soci::into(r.sha256));
  st.exchange(soci::into(r.name));
  st.exchange(soci::into(r.content_type));
  st.exchange(soci::into(r.size));
  st.exchange(soci::into(r.pages));
  st.exchange(soci::into(r.verdict));
  st.exchange(soci::into(r.uploaded_by, r.uploaded_by_ind));
  st.exchange(soci::into(r.uploaded_at));
}

}  // namespace

const char* FileRoleName(FileRole r) { return kRoleNames[static_cast<int>(r)]; }

std::optional<FileRole> ParseFileRole(std::string_view name) {
  for (int i = 0; i < 6; ++i) {
    if (name == kRoleNames[i]) {
      return static_cast<FileRole>(i);
    }
  }
  return std::nullopt;
}

Result<DetectedContent> DetectContent(std::string_view bytes) {
  // Untrusted input: the type is the content's, whatever the name or the declared type say.
  if (StartsWith(bytes, "%PDF-")) {
    // It must load through pdf:: with its untrusted limits; a truncated, encrypted or refused
    // file is not a document we can keep, stamp or show.
    auto pages = pdf::PageSizes(bytes, CpuBudget(kPdfBudget));
    if (!pages) {
      if (pages.error().code() == ErrorCode::kTooLarge) {
        return pages.error();
      }
      return Error::InvalidField("file", "pdf",
                                 "Trường 'file': tệp PDF bị hỏng, bị mã hóa hoặc không đọc được.");
    }
    if (pages->empty()) {
      return Error::InvalidField("file", "pdf", "Trường 'file': tệp PDF không có trang nào.");
    }
    return DetectedContent{"application/pdf", static_cast<int>(pages->size())};
  }
  if (StartsWith(bytes, "\x89PNG\r\n\x1a\n")) {
    return DetectedContent{"image/png", 1};
  }
  if (StartsWith(bytes, "\xff\xd8\xff")) {
    return DetectedContent{"image/jpeg", 1};
  }
  if (StartsWith(bytes, std::string_view("II*\0", 4)) ||
      StartsWith(bytes, std::string_view("MM\0*", 4))) {
    return DetectedContent{"image/tiff", 1};
  }
  return Error::Unsupported("Trường 'file': chỉ nhận tệp PDF hoặc ảnh (PNG, JPEG, TIFF).");
}

Result<DocumentFile> FileService::Upload(db::Transaction& tx, const audit::Actor& actor,
                                         AgencyId agency, const std::string& name,
                                         std::string_view bytes,
                                         const std::string& signature_verdict) {
  if (bytes.empty()) {
    return Error::InvalidField("file", "required", "Trường 'file': tệp trống.");
  }
  // The content is checked while the store copies the bytes (blob_at_commit.hpp).
  DetectedContent content;
  CQDT_ASSIGN_OR_RETURN(blob::BlobInfo blob, PutAtCommit(tx, blobs_, bytes, [&]() -> Status {
                          auto detected = DetectContent(bytes);
                          if (!detected) {
                            return detected.error();
                          }
                          content = std::move(*detected);
                          return Ok();
                        }));
  DocumentFile f;
  f.agency_id = agency;
  f.role = FileRole::kMain;
  f.sha256 = blob.sha256;
  f.name = name;
  f.content_type = content.content_type;
  f.size = static_cast<std::int64_t>(blob.size);
  f.pages = content.pages;
  f.signature_verdict = signature_verdict;
  f.uploaded_by = actor.user_id;
  f.uploaded_at = ToUnixSeconds(clock_.Now());
  long long agency_value = agency.value(), size = f.size, at = f.uploaded_at;
  long long by = f.uploaded_by.value();
  soci::indicator by_ind = by > 0 ? soci::i_ok : soci::i_null;
  std::string role = FileRoleName(f.role);
  // One round trip for the row and its id (RETURNING on both engines), on the connection's
  // statement cache: a registration's upload is on the hot path (issue 10 benchmark).
  long long id = 0;
  db::Run(tx,
          "INSERT INTO documents_file (agency_id, role, version, sha256, name, content_type,"
          " size, pages, signature_verdict, uploaded_by, uploaded_at) VALUES (:a, :role, 1,"
          " :sha, :name, :type, :size, :pages, :verdict, :by, :at) RETURNING id",
          soci::use(agency_value), soci::use(role), soci::use(f.sha256), soci::use(f.name),
          soci::use(f.content_type), soci::use(size), soci::use(f.pages),
          soci::use(f.signature_verdict), soci::use(by, by_ind), soci::use(at), soci::into(id));
  f.id = FileId(id);
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"documents.file.upload", "document_file", std::to_string(id),
       f.name + " " + f.content_type + " " + std::to_string(f.size) + " bytes " + f.sha256}));
  return f;
}

Result<DocumentFile> FileService::Get(db::Transaction& tx, FileId id) const {
  long long key = id.value();
  Row r;
  soci::statement st(tx.sql());
  Bind(st, r);
  st.exchange(soci::use(key));
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns + " FROM documents_file WHERE id = :id");
  st.define_and_bind();
  if (!st.execute(true)) {
    return Error::NotFound("tệp", std::to_string(id.value()));
  }
  return r.ToFile();
}

std::vector<DocumentFile> FileService::OfDocument(db::Transaction& tx, DocumentId document) const {
  long long key = document.value();
  Row r;
  soci::statement st(tx.sql());
  Bind(st, r);
  st.exchange(soci::use(key));
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns +
             " FROM documents_file WHERE document_id = :d ORDER BY id");
  st.define_and_bind();
  st.execute(false);
  std::vector<DocumentFile> out;
  while (st.fetch()) {
    out.push_back(r.ToFile());
  }
  return out;
}

Status FileService::Attach(db::Transaction& tx, FileId id, const Document& document, FileRole role,
                           UserId uploader) const {
  long long file = id.value(), doc = document.id.value(), agency = document.agency_id.value();
  long long by = uploader.value();
  std::string role_name = FileRoleName(role);
  auto st = db::Run(tx,
                    "UPDATE documents_file SET document_id = :d, role = :role"
                    " WHERE id = :id AND agency_id = :a AND uploaded_by = :by"
                    " AND document_id IS NULL",
                    soci::use(doc), soci::use(role_name), soci::use(file), soci::use(agency),
                    soci::use(by));
  // Only the uploader's own unattached file of the same agency: anything else is not theirs to
  // attach (and saying why would reveal other people's files).
  if (st->get_affected_rows() != 1) {
    return Error::InvalidField("fileIds", "unknown",
                               "Trường 'fileIds': tệp " + std::to_string(id.value()) +
                                   " không tồn tại hoặc đã được dùng.");
  }
  return {};
}

Result<std::string> FileService::Content(const DocumentFile& f) const {
  return blob::NameCorruptFile(blobs_.Get(f.sha256), f.name);
}

}  // namespace cqdt::documents
