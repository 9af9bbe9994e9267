#include "archive_migrations.hpp"

namespace cqdt::documents {

std::vector<db::Migration> ArchiveMigrations() {
  return {{"documents_archive", 1, "create_documents_archive_transfer",
           // Nộp lưu: one row per package handed to the archive. The package is a blob (its key is
           // its SHA-256), kept so it can be downloaded again.
           "CREATE TABLE documents_archive_transfer ("
           " id {{pk}},"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " created_by {{bigint}} NOT NULL REFERENCES identity_user (id),"
           " created_at {{bigint}} NOT NULL,"
           " package_sha256 TEXT NOT NULL,"
           " package_size {{bigint}} NOT NULL,"
           " record_count INTEGER NOT NULL,"
           " file_count INTEGER NOT NULL,"
           " seal_key_id TEXT NOT NULL,"
           " signer_subject TEXT NOT NULL DEFAULT '');\n"
           "CREATE INDEX documents_archive_transfer_agency ON documents_archive_transfer"
           " (agency_id, id);\n"
           // The records of a transfer, in the package's order. A record is transferred once
           // (UNIQUE: two concurrent transfers of one record cannot both commit).
           "CREATE TABLE documents_archive_transfer_record ("
           " transfer_id {{bigint}} NOT NULL REFERENCES documents_archive_transfer (id),"
           " record_id {{bigint}} NOT NULL UNIQUE REFERENCES documents_record (id),"
           " position INTEGER NOT NULL);\n"
           "CREATE INDEX documents_archive_transfer_record_transfer ON"
           " documents_archive_transfer_record (transfer_id, position)"}};
}

}  // namespace cqdt::documents
