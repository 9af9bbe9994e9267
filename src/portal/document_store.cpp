#include "portal/document_store.hpp"

#include <set>

#include "core/text.hpp"
#include "db/statement.hpp"
#include "documents/document_files.hpp"
#include "portal/draft_service.hpp"

namespace cqdt::portal {

namespace {

bool IsCitizen(const identity::Principal& p) {
  return p.realm == identity::Realm::kCitizen && p.subject_id > 0;
}

// The type a file name's extension or a declared Content-Type claims, among the three accepted;
// "" when it claims none of them.
std::string ClaimedByName(const std::string& name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string::npos) {
    return "";
  }
  const std::string ext = AsciiLower(name.substr(dot + 1));
  if (ext == "pdf") {
    return "application/pdf";
  }
  if (ext == "jpg" || ext == "jpeg" || ext == "jpe") {
    return "image/jpeg";
  }
  if (ext == "png") {
    return "image/png";
  }
  return "";
}

std::string ClaimedByType(const std::string& declared) {
  const std::string type = AsciiLower(Trim(declared.substr(0, declared.find(';'))));
  if (type == "application/pdf" || type == "application/x-pdf") {
    return "application/pdf";
  }
  if (type == "image/jpeg" || type == "image/jpg" || type == "image/pjpeg") {
    return "image/jpeg";
  }
  if (type == "image/png") {
    return "image/png";
  }
  return "";
}

std::string Describe(const std::string& type) {
  if (type == "application/pdf") {
    return "tệp PDF";
  }
  if (type == "image/jpeg") {
    return "ảnh JPEG";
  }
  if (type == "image/png") {
    return "ảnh PNG";
  }
  return type;
}

struct FileRow {
  long long id = 0, size = 0, at = 0;
  int in_store = 0;
  std::string name, content_type, sha256;
};

CitizenFile FromRow(const FileRow& r) {
  CitizenFile f;
  f.id = std::string(r.in_store ? "s" : "u") + std::to_string(r.id);
  f.source = r.in_store ? StoreSource::kStore : StoreSource::kUpload;
  f.name = r.name;
  f.content_type = r.content_type;
  f.size = r.size;
  f.sha256 = r.sha256;
  f.added_at = r.at;
  return f;
}

std::vector<CitizenFile> Rows(db::Transaction& tx, long long citizen, int in_store, long long id) {
  FileRow r;
  const std::string sql =
      std::string(
          "SELECT id, in_store, name, content_type, size, sha256, created_at FROM portal_file"
          " WHERE citizen_id = :c AND in_store = :s") +
      (id > 0 ? " AND id = :id" : " ORDER BY id DESC");
  db::Statement st = tx.Prepare(sql);
  st->exchange(soci::into(r.id));
  st->exchange(soci::into(r.in_store));
  st->exchange(soci::into(r.name));
  st->exchange(soci::into(r.content_type));
  st->exchange(soci::into(r.size));
  st->exchange(soci::into(r.sha256));
  st->exchange(soci::into(r.at));
  st->exchange(soci::use(citizen));
  st->exchange(soci::use(in_store));
  if (id > 0) {
    st->exchange(soci::use(id));
  }
  st->define_and_bind();
  st->execute(false);
  std::vector<CitizenFile> out;
  while (st->fetch()) {
    out.push_back(FromRow(r));
  }
  return out;
}

CitizenFile FromDossier(const onestop::CitizenDossierFile& d) {
  CitizenFile f;
  f.id = "d" + std::to_string(d.file.id.value());
  f.source = d.file.kind == onestop::DossierFileKind::kResult ? StoreSource::kResult
                                                              : StoreSource::kDocument;
  f.name = d.file.name;
  f.content_type = d.file.content_type;
  f.size = d.file.size;
  f.sha256 = d.file.sha256;
  f.added_at = d.file.uploaded_at;
  f.dossier_code = d.dossier_code;
  f.procedure_code = d.procedure_code;
  f.procedure_name = d.procedure_name;
  f.document_ordinal = d.file.document_ordinal;
  f.document_name = d.document_name;
  return f;
}

}  // namespace

const char* StoreSourceName(StoreSource s) {
  switch (s) {
    case StoreSource::kUpload:
      return "upload";
    case StoreSource::kStore:
      return "store";
    case StoreSource::kDocument:
      return "document";
    case StoreSource::kResult:
      return "result";
  }
  return "store";
}

std::string ClaimMismatch(const std::string& name, const std::string& declared_type,
                          const std::string& detected) {
  for (const std::string& claimed : {ClaimedByName(name), ClaimedByType(declared_type)}) {
    if (!claimed.empty() && claimed != detected) {
      return "Tệp không đúng như tên hoặc kiểu đã khai: nội dung là " + Describe(detected) +
             ", không phải " + Describe(claimed) + ".";
    }
  }
  return "";
}

Result<onestop::StagedFile> DocumentStore::Stage(const identity::Principal& p,
                                                 const std::string& name,
                                                 const std::string& declared_type,
                                                 std::string_view bytes) const {
  if (!IsCitizen(p)) {
    return Error::PermissionDenied("Chỉ công dân, tổ chức đã đăng nhập mới tải tệp lên.");
  }
  if (bytes.empty()) {
    return Error::InvalidField("file", "required", "Trường 'file': tệp trống.");
  }
  if (bytes.size() > options_.max_file_bytes) {
    return Error::TooLarge("Tệp vượt quá " + std::to_string(options_.max_file_bytes >> 20) +
                           " MB.");
  }
  std::vector<FieldError> errors;
  onestop::StagedFile staged;
  if (auto n = CheckText(name, "name", "Tên tệp", 1, 255, errors)) {
    staged.name = *n;
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  // Untrusted content: its type is what it is, whatever the name or the declared type say; a
  // file that says otherwise is refused rather than stored under a false name.
  CQDT_ASSIGN_OR_RETURN(blob::PendingBlob pending, blobs_.PutAsync(bytes, [&]() -> Status {
    CQDT_ASSIGN_OR_RETURN(documents::DetectedContent content, documents::DetectContent(bytes));
    if (content.content_type == "image/tiff") {
      return Error::Unsupported("Trường 'file': chỉ nhận tệp PDF hoặc ảnh JPEG, PNG.");
    }
    if (std::string why = ClaimMismatch(staged.name, declared_type, content.content_type);
        !why.empty()) {
      return Error::InvalidField("file", "claim", why);
    }
    staged.content_type = content.content_type;
    return Ok();
  }));
  CQDT_RETURN_IF_ERROR(pending.Durable());
  staged.size = static_cast<std::int64_t>(bytes.size());
  staged.sha256 = pending.info().sha256;
  return staged;
}

Result<CitizenFile> DocumentStore::Add(db::Transaction& tx, const audit::Actor& actor,
                                       const identity::Principal& p,
                                       const onestop::StagedFile& staged, bool in_store) {
  if (!IsCitizen(p)) {
    return Error::PermissionDenied("Chỉ công dân, tổ chức đã đăng nhập mới tải tệp lên.");
  }
  long long citizen = p.subject_id, count = 0;
  int store = in_store ? 1 : 0;
  db::Run(tx, "SELECT COUNT(*) FROM portal_file WHERE citizen_id = :c AND in_store = :s",
          soci::use(citizen), soci::use(store), soci::into(count));
  const int limit = in_store ? options_.max_store_files : options_.max_pending_uploads;
  if (count >= limit) {
    return Error::Conflict(in_store ? "Kho dữ liệu đã có " + std::to_string(limit) +
                                          " tệp: hãy xóa bớt trước khi thêm."
                                    : "Bạn đã tải lên " + std::to_string(limit) +
                                          " tệp chưa nộp: hãy nộp hoặc xóa bớt hồ sơ nháp.");
  }
  long long id = 0, size = staged.size, now = ToUnixSeconds(clock_.Now());
  db::Run(tx,
          "INSERT INTO portal_file (citizen_id, in_store, name, content_type, size, sha256,"
          " created_at) VALUES (:c, :s, :n, :t, :z, :h, :at) RETURNING id",
          soci::use(citizen), soci::use(store), soci::use(staged.name),
          soci::use(staged.content_type), soci::use(size), soci::use(staged.sha256), soci::use(now),
          soci::into(id));
  FileRow r{id, size, now, store, staged.name, staged.content_type, staged.sha256};
  CitizenFile f = FromRow(r);
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor, {in_store ? "portal.store_add" : "portal.upload", "portal_file", f.id, f.name}));
  return f;
}

Result<std::vector<CitizenFile>> DocumentStore::List(db::Transaction& tx,
                                                     const identity::Principal& p) const {
  CQDT_ASSIGN_OR_RETURN(std::vector<onestop::CitizenDossierFile> dossier_files,
                        dossiers_.CitizenFiles(tx, p));
  std::vector<CitizenFile> out = Rows(tx, p.subject_id, 1, 0);
  for (const auto& d : dossier_files) {
    out.push_back(FromDossier(d));
  }
  std::set<std::string> seen;
  std::erase_if(out, [&seen](const CitizenFile& f) { return !seen.insert(f.sha256).second; });
  return out;
}

Result<CitizenFile> DocumentStore::Find(db::Transaction& tx, const identity::Principal& p,
                                        const std::string& id) const {
  if (IsCitizen(p) && IsStoreFileId(id)) {
    const long long key = std::stoll(id.substr(1));
    if (id[0] == 'd') {
      if (auto d = dossiers_.CitizenFile(tx, p, onestop::DossierFileId(key))) {
        return FromDossier(*d);
      }
    } else {
      auto rows = Rows(tx, p.subject_id, id[0] == 's' ? 1 : 0, key);
      if (!rows.empty()) {
        return std::move(rows.front());
      }
    }
  }
  return Error::NotFound("tệp", id.size() > 20 ? id.substr(0, 20) : id);
}

Result<std::pair<CitizenFile, std::string>> DocumentStore::Content(db::Transaction& tx,
                                                                   const identity::Principal& p,
                                                                   const std::string& id) const {
  CQDT_ASSIGN_OR_RETURN(CitizenFile f, Find(tx, p, id));
  CQDT_ASSIGN_OR_RETURN(std::string bytes, blob::NameCorruptFile(blobs_.Get(f.sha256), f.name));
  return std::pair{std::move(f), std::move(bytes)};
}

Status DocumentStore::Remove(db::Transaction& tx, const audit::Actor& actor,
                             const identity::Principal& p, const std::string& id) {
  CQDT_ASSIGN_OR_RETURN(CitizenFile f, Find(tx, p, id));
  if (f.source != StoreSource::kStore && f.source != StoreSource::kUpload) {
    return Error::Conflict("Tệp của hồ sơ đã nộp là một phần của hồ sơ, không xóa được.");
  }
  long long key = std::stoll(id.substr(1)), citizen = p.subject_id;
  db::Run(tx, "DELETE FROM portal_file WHERE id = :id AND citizen_id = :c", soci::use(key),
          soci::use(citizen));
  return audit_.Record(tx, actor, {"portal.file_remove", "portal_file", f.id, f.name});
}

void DocumentStore::ConsumeUpload(db::Transaction& tx, CitizenId citizen, const std::string& id) {
  if (!IsStoreFileId(id) || id[0] != 'u') {
    return;
  }
  long long key = std::stoll(id.substr(1)), who = citizen.value();
  db::Run(tx, "DELETE FROM portal_file WHERE id = :id AND citizen_id = :c AND in_store = 0",
          soci::use(key), soci::use(who));
}

}  // namespace cqdt::portal
