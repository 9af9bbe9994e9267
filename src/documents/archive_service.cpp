// Transfer of closed work records to the archive (nộp lưu), issue 11 item 2: the package, its
// seal signature, and the record of the transfer.
#include "documents/archive_service.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

#include <soci/soci.h>

#include "archive_metadata.hpp"
#include "core/document_number.hpp"
#include "crypto/crypto.hpp"
#include "document_repository.hpp"
#include "documents/archive_package.hpp"
#include "outgoing_repository.hpp"

namespace cqdt::documents {
namespace {

using archive_internal::DocumentMeta;
using archive_internal::FileRef;
using identity::Role;

constexpr std::size_t kMaxRecords = 200;

bool IsAgencyStaff(const identity::Principal& p) {
  return p.realm == identity::Realm::kStaff && p.user_id().IsSet() && p.agency_id.IsSet();
}

// Who lists transfers and downloads their packages: the agency's leaders and clerks.
bool SeesTransfers(const identity::Principal& p) {
  return IsAgencyStaff(p) && (p.Has(Role::kLeader) || p.Has(Role::kClerk));
}

std::string Ordinal3(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d", n);
  return buf;
}

// A temporary file removed unless the blob store took it.
struct TempFile {
  std::filesystem::path path;
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

std::string TransferFileName(const std::string& agency_code, ArchiveTransferId id) {
  return "nop-luu-" + agency_code + "-" + std::to_string(id.value()) + ".zip";
}

// The ZIP's entries for one record: its metadata, each document's metadata and files, then the
// record's other files (layout: docs/archive-package.md).
Status AddRecordEntries(db::Transaction& tx, const FileService& files,
                        const org::AgencyService& agencies, const org::Agency& agency,
                        const WorkRecord& r, std::vector<PackageEntry>& entries) {
  const std::string dir = "records/" + PackagePathSegment(r.FileCode()) + "/";
  std::vector<PackageEntry> documents_part;
  DocumentRepository documents(tx);
  for (const auto& item : r.documents) {
    CQDT_ASSIGN_OR_RETURN(Document d, documents.Get(item.document_id));
    DocumentMeta meta;
    meta.document = d;
    meta.organ_name = d.direction == Direction::kOutgoing ? agency.name : d.sender_name;
    if (const DocumentType* type = FindDocumentTypeByOrdinal(d.type_ordinal)) {
      meta.type_name = type->name;
    }
    if (d.direction == Direction::kOutgoing) {
      for (const auto& to : OutgoingRepository(tx).Recipients(d.id)) {
        auto a = to.agency_id.IsSet() ? agencies.GetCached(tx, to.agency_id)
                                      : Result<org::Agency>(Error::NotFound("", ""));
        meta.recipients.push_back(
            {a ? a->code : "", !to.name.empty() ? to.name : (a ? a->name : "")});
      }
    } else {
      for (const auto& e : documents.Events(d.id)) {
        meta.trace.push_back(
            {ToIsoVietnam(FromUnixSeconds(e.at)), e.actor_name, e.action, e.detail});
      }
    }
    const std::string doc_dir = dir + "documents/" + Ordinal3(item.ordinal) + "/";
    std::vector<PackageEntry> file_entries;
    for (const auto& f : files.OfDocument(tx, d.id)) {
      FileRef ref{
          FileRoleName(f.role),
          f.version,
          f.name,
          f.content_type,
          f.sha256,
          static_cast<std::uint64_t>(f.size),
          doc_dir + "files/" + std::to_string(f.id.value()) + "-" + PackagePathSegment(f.name)};
      file_entries.push_back(PackageEntry::Blob(ref.path, f.sha256, ref.size));
      meta.files.push_back(std::move(ref));
    }
    documents_part.push_back(
        PackageEntry::Bytes(doc_dir + "document.xml", archive_internal::DocumentXml(meta)));
    documents_part.push_back(
        PackageEntry::Bytes(doc_dir + "document.json", archive_internal::DocumentJson(meta)));
    for (auto& e : file_entries) {
      documents_part.push_back(std::move(e));
    }
  }
  std::vector<FileRef> record_files;
  std::vector<PackageEntry> record_file_entries;
  for (const auto& rf : r.files) {
    CQDT_ASSIGN_OR_RETURN(DocumentFile f, files.Get(tx, rf.file_id));
    FileRef ref{"record",
                f.version,
                f.name,
                f.content_type,
                f.sha256,
                static_cast<std::uint64_t>(f.size),
                dir + "files/" + std::to_string(f.id.value()) + "-" + PackagePathSegment(f.name)};
    record_file_entries.push_back(PackageEntry::Blob(ref.path, f.sha256, ref.size));
    record_files.push_back(std::move(ref));
  }
  entries.push_back(
      PackageEntry::Bytes(dir + "record.xml", archive_internal::RecordXml(r, record_files)));
  entries.push_back(
      PackageEntry::Bytes(dir + "record.json", archive_internal::RecordJson(r, record_files)));
  for (auto& e : documents_part) {
    entries.push_back(std::move(e));
  }
  for (auto& e : record_file_entries) {
    entries.push_back(std::move(e));
  }
  return Ok();
}

// The agency's seal that `p` may use: `wanted`, or the first one when empty.
Result<std::string> ChooseSeal(db::Transaction& tx, const signing::SigningService& signing,
                               const identity::Principal& p, const org::Agency& agency,
                               const std::string& wanted) {
  CQDT_ASSIGN_OR_RETURN(auto keys, signing.UsableKeys(tx, p));
  for (const auto& k : keys) {
    if (k.kind == signing::KeyKind::kSeal && k.owner == agency.code &&
        (wanted.empty() || k.id == wanted)) {
      return k.id;
    }
  }
  if (!wanted.empty()) {
    return Error::InvalidField("sealKeyId", "invalid",
                               "Trường 'sealKeyId' phải là con dấu số của cơ quan mà bạn được "
                               "dùng.");
  }
  return Error::FailedPrecondition(
      "Cơ quan chưa có con dấu số (khóa ký của cơ quan) để ký gói "
      "nộp lưu.");
}

constexpr const char* kTransferColumns =
    "SELECT id, agency_id, created_by, created_at, package_sha256, package_size, record_count,"
    " file_count, seal_key_id, signer_subject FROM documents_archive_transfer";

}  // namespace

Result<ArchiveTransfer> ArchiveService::Transfer(db::Transaction& tx, const audit::Actor& actor,
                                                 const identity::Principal& p,
                                                 const TransferInput& in) const {
  if (!IsAgencyStaff(p) || !p.Has(Role::kClerk)) {
    return Error::PermissionDenied(
        "Chỉ văn thư của cơ quan (người giữ con dấu) mới nộp lưu hồ sơ.");
  }
  // Untrusted list: 1..200 distinct positive ids.
  std::set<std::int64_t> distinct;
  for (const auto& id : in.record_ids) {
    distinct.insert(id.value());
  }
  if (in.record_ids.empty() || in.record_ids.size() > kMaxRecords ||
      distinct.size() != in.record_ids.size() || *distinct.begin() <= 0) {
    return Error::InvalidField("recordIds", "invalid",
                               "Trường 'recordIds' phải có từ 1 đến 200 mã hồ sơ, không trùng "
                               "nhau.");
  }
  std::vector<WorkRecord> records;
  for (const auto& id : in.record_ids) {
    CQDT_ASSIGN_OR_RETURN(WorkRecord r, records_.Get(tx, p, id));
    if (r.state != RecordState::kClosed) {
      return Error::Invalid({{"recordIds", "state",
                              "Hồ sơ " + r.FileCode() +
                                  " chưa đóng hoặc đã nộp lưu; chỉ hồ sơ đã đóng mới nộp lưu "
                                  "được."}},
                            "Chỉ hồ sơ đã đóng mới nộp lưu được.");
    }
    const bool hidden = std::any_of(r.documents.begin(), r.documents.end(),
                                    [](const RecordDocument& d) { return d.hidden; });
    if (hidden) {
      return Error::PermissionDenied("Hồ sơ " + r.FileCode() +
                                     " có văn bản bạn không được xem nên bạn không nộp lưu được.");
    }
    records.push_back(std::move(r));
  }
  CQDT_ASSIGN_OR_RETURN(org::Agency agency, agencies_.Get(tx, p.agency_id));
  CQDT_ASSIGN_OR_RETURN(std::string seal, ChooseSeal(tx, signing_, p, agency, in.seal_key_id));
  const auto now = clock_.Now();

  // The package's entries: the transfer's description, then each record.
  archive_internal::TransferMeta meta{agency.code, agency.name, ToIsoVietnam(now), p.username, {}};
  for (const auto& r : records) {
    meta.records.push_back(&r);
  }
  std::vector<PackageEntry> entries;
  entries.push_back(PackageEntry::Bytes("transfer.xml", archive_internal::TransferXml(meta)));
  entries.push_back(PackageEntry::Bytes("transfer.json", archive_internal::TransferJson(meta)));
  for (const auto& r : records) {
    CQDT_RETURN_IF_ERROR(AddRecordEntries(tx, files_, agencies_, agency, r, entries));
  }
  const std::string manifest = ManifestText(entries);

  // The agency seal over the manifest (detached CMS, CAdES-BES: signing-certificate-v2 and a
  // signing time), through the signing module: its permission check and audit entry.
  signing::SignRequest request;
  request.kind = signing::SignKind::kCms;
  request.key_id = seal;
  request.secret = in.secret;
  request.file_name = kManifestName;
  request.content = manifest;
  CQDT_ASSIGN_OR_RETURN(signing::SignResult sealed, signing_.Sign(tx, p, actor, request));

  TempFile zip{std::filesystem::temp_directory_path() /
               ("cqdt-archive-" + crypto::RandomHex(12) + ".zip")};
  CQDT_RETURN_IF_ERROR(WritePackage(zip.path, entries, manifest, sealed.content, blobs_));
  // Durable in the blob store before the transfer's row can commit.
  CQDT_ASSIGN_OR_RETURN(blob::BlobInfo package, blobs_.PutFile(zip.path));

  const long long at = ToUnixSeconds(now), agency_key = p.agency_id.value(),
                  by = p.user_id().value(), size = static_cast<long long>(package.size);
  const int record_count = static_cast<int>(records.size()),
            file_count = static_cast<int>(entries.size());
  tx.sql() << "INSERT INTO documents_archive_transfer (agency_id, created_by, created_at,"
              " package_sha256, package_size, record_count, file_count, seal_key_id,"
              " signer_subject) VALUES (:a, :by, :at, :sha, :size, :rc, :fc, :seal, :subject)",
      soci::use(agency_key), soci::use(by), soci::use(at), soci::use(package.sha256),
      soci::use(size), soci::use(record_count), soci::use(file_count), soci::use(seal),
      soci::use(sealed.signer_subject);
  const ArchiveTransferId id(db::LastInsertId(tx, "documents_archive_transfer"));
  long long transfer_key = id.value();
  DocumentRepository documents(tx);
  int position = 0;
  for (const auto& r : records) {
    long long record_key = r.id.value();
    ++position;
    tx.sql() << "INSERT INTO documents_archive_transfer_record (transfer_id, record_id, position)"
                " VALUES (:t, :r, :p)",
        soci::use(transfer_key), soci::use(record_key), soci::use(position);
    const std::string state = RecordStateName(RecordState::kTransferred);
    soci::statement st = (tx.sql().prepare << "UPDATE documents_record SET state = :s,"
                                              " version = version + 1"
                                              " WHERE id = :id AND state = 'closed'",
                          soci::use(state), soci::use(record_key));
    st.execute(true);
    if (st.get_affected_rows() != 1) {
      return Error::Conflict("Hồ sơ đã được người khác thay đổi; hãy tải lại.");
    }
    // i18n: Vietnamese only (the audit trail and the timeline are Vietnamese records)
    CQDT_RETURN_IF_ERROR(audit_.Record(
        tx, actor,
        {"documents.record.transferred", "documents.record", std::to_string(record_key),
         "Nộp lưu hồ sơ " + r.FileCode() + " (gói nộp lưu số " + std::to_string(transfer_key) +
             ", SHA-256 " + package.sha256 + ")"}));
    for (const auto& item : r.documents) {
      documents.AddEvent({0, item.document_id, r.agency_id, at, actor.user_id, actor.name,
                          "documents.transferred", "Nộp lưu cùng hồ sơ " + r.FileCode(),
                          actor.client_address, actor.request_id});
    }
  }
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"documents.archive.transferred", "documents.archive_transfer", std::to_string(transfer_key),
       "Nộp lưu " + std::to_string(record_count) + " hồ sơ thành một gói (" +
           std::to_string(file_count) + " tệp, SHA-256 " + package.sha256 + "), ký bằng " + seal}));
  // i18n: end
  return Get(tx, p, id);
}

Result<std::vector<ArchiveTransfer>> ArchiveService::List(db::Transaction& tx,
                                                          const identity::Principal& p) const {
  if (!SeesTransfers(p)) {
    return Error::PermissionDenied(
        "Chỉ lãnh đạo hoặc văn thư của cơ quan mới xem được các lần nộp lưu.");
  }
  long long agency = p.agency_id.value(), id = 0, agency_id = 0, by = 0, at = 0, size = 0;
  int records = 0, files = 0;
  std::string sha, seal, subject;
  soci::statement st =
      (tx.sql().prepare << std::string(kTransferColumns) + " WHERE agency_id = :a ORDER BY id DESC",
       soci::into(id), soci::into(agency_id), soci::into(by), soci::into(at), soci::into(sha),
       soci::into(size), soci::into(records), soci::into(files), soci::into(seal),
       soci::into(subject), soci::use(agency));
  st.execute(false);
  std::vector<ArchiveTransferId> ids;
  while (st.fetch()) {
    ids.emplace_back(id);
  }
  std::vector<ArchiveTransfer> out;
  for (const auto& t : ids) {
    CQDT_ASSIGN_OR_RETURN(ArchiveTransfer one, Get(tx, p, t));
    out.push_back(std::move(one));
  }
  return out;
}

Result<ArchiveTransfer> ArchiveService::Get(db::Transaction& tx, const identity::Principal& p,
                                            ArchiveTransferId id) const {
  if (!SeesTransfers(p)) {
    return Error::PermissionDenied(
        "Chỉ lãnh đạo hoặc văn thư của cơ quan mới xem được các lần nộp lưu.");
  }
  long long key = id.value(), agency = 0, by = 0, at = 0, size = 0;
  ArchiveTransfer t;
  tx.sql() << std::string(kTransferColumns) + " WHERE id = :id", soci::into(key),
      soci::into(agency), soci::into(by), soci::into(at), soci::into(t.package_sha256),
      soci::into(size), soci::into(t.record_count), soci::into(t.file_count),
      soci::into(t.seal_key_id), soci::into(t.signer_subject), soci::use(key);
  // Untrusted id: another agency's transfer is not found.
  if (!tx.sql().got_data() || AgencyId(agency) != p.agency_id) {
    return Error::NotFound("lần nộp lưu", std::to_string(id.value()));
  }
  t.id = id;
  t.agency_id = AgencyId(agency);
  t.created_by = UserId(by);
  t.created_at = at;
  t.package_size = size;
  if (auto u = identity_.GetUser(tx, t.created_by)) {
    t.created_by_name = u->full_name;
  }
  if (auto a = agencies_.Get(tx, t.agency_id)) {
    t.file_name = TransferFileName(a->code, id);
  }
  std::string organ, notation;
  int catalog = 0;
  long long transfer_key = id.value();
  soci::statement st =
      (tx.sql().prepare << "SELECT r.organ_id, r.file_catalog, r.notation"
                           " FROM documents_archive_transfer_record tr"
                           " JOIN documents_record r ON r.id = tr.record_id"
                           " WHERE tr.transfer_id = :t ORDER BY tr.position",
       soci::into(organ), soci::into(catalog), soci::into(notation), soci::use(transfer_key));
  st.execute(false);
  while (st.fetch()) {
    WorkRecord r;
    r.organ_id = organ;
    r.file_catalog = catalog;
    r.notation = notation;
    t.file_codes.push_back(r.FileCode());
  }
  return t;
}

Result<std::string> ArchiveService::Package(db::Transaction& tx, const identity::Principal& p,
                                            ArchiveTransferId id) const {
  CQDT_ASSIGN_OR_RETURN(ArchiveTransfer t, Get(tx, p, id));
  return blobs_.Get(t.package_sha256);
}

Result<std::vector<WorkRecordId>> ArchiveService::ClosedRecordsOfYear(db::Transaction& tx,
                                                                      const identity::Principal& p,
                                                                      int year) const {
  CQDT_ASSIGN_OR_RETURN(auto list, records_.List(tx, p, {.year = year, .state = "closed"}));
  std::vector<WorkRecordId> ids;
  for (auto it = list.rbegin(); it != list.rend(); ++it) {  // oldest first
    ids.push_back(it->id);
  }
  return ids;
}

}  // namespace cqdt::documents
