// Transfer of work records to the archive (nộp lưu; Decree 30/2020 art. 31, Law on Archives 2011
// art. 11-12; issue 11, item 2). A clerk (văn thư) of the agency selects closed work records and
// hands them over as ONE package (archive_package.hpp, docs/archive-package.md): the files as
// stored, the Phụ lục VI metadata of every record and document as XML and JSON, a manifest of
// SHA-256 digests signed (detached CMS) with the agency seal through signing::SigningService. The
// package is kept in the blob store (it can be downloaded again), the transfer is a row of
// documents_archive_transfer, each record moves to the state "transferred" (read-only, no longer
// appraised: the archive keeps it now) with an audit entry per record and a timeline line on
// each of its documents.
//
// Permissions: only a clerk of the agency transfers (the clerk keeps the seal, Decree 30 art. 33,
// and SigningService lets only clerks use it): kPermissionDenied otherwise. Records must be of the
// caller's agency and seen by them (kNotFound otherwise, naming the id), closed
// (kFailedPrecondition "recordIds" for an open, destroyed or already transferred record: a record
// is transferred once). Transfers are listed and their packages downloaded by the agency's leaders
// and clerks. Validation errors name the client fields: recordIds (1..200 distinct ids), sealKeyId.
//
// Every method runs in the caller's transaction (writes: Database::Begin()). Transfer writes the
// ZIP to a temporary file, moves it into the blob store (durable before the transaction commits);
// if the transaction then rolls back, the blob stays unreferenced (content-addressed, harmless).
// Thread safety: stateless beyond its collaborators.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document_files.hpp"
#include "documents/work_record_service.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "org/agency_service.hpp"
#include "signing/signing_service.hpp"

namespace cqdt::documents {

using ArchiveTransferId = StrongId<struct ArchiveTransferIdTag>;

struct ArchiveTransfer {
  ArchiveTransferId id;
  AgencyId agency_id;
  UserId created_by;
  std::string created_by_name;
  std::int64_t created_at = 0;
  std::string package_sha256;  // the ZIP's blob key
  std::int64_t package_size = 0;
  std::string file_name;  // "nop-luu-<agency code>-<id>.zip"
  int record_count = 0;
  int file_count = 0;  // entries of the manifest
  std::string seal_key_id;
  std::string signer_subject;
  std::vector<std::string> file_codes;  // the records' FileCodes, in the package's order
};

struct TransferInput {
  std::vector<WorkRecordId> record_ids;
  std::string seal_key_id;  // "" = the agency's seal the caller may use
  std::string secret;       // for a seal that asks for its password
};

class ArchiveService {
 public:
  ArchiveService(audit::AuditLog& audit, const org::AgencyService& agencies,
                 const identity::IdentityService& identity, const FileService& files,
                 const WorkRecordService& records, const signing::SigningService& signing,
                 blob::BlobStore& blobs, const Clock& clock)
      : audit_(audit),
        agencies_(agencies),
        identity_(identity),
        files_(files),
        records_(records),
        signing_(signing),
        blobs_(blobs),
        clock_(clock) {}

  // Exports the records as one signed package and records the transfer (see above). Errors also
  // those of SigningService::Sign (BadSignature for a wrong secret: the caller commits the audit
  // entry as that contract says).
  Result<ArchiveTransfer> Transfer(db::Transaction& tx, const audit::Actor& actor,
                                   const identity::Principal& p, const TransferInput& in) const;
  // The transfers of p's agency, newest first (leaders and clerks).
  Result<std::vector<ArchiveTransfer>> List(db::Transaction& tx,
                                            const identity::Principal& p) const;
  Result<ArchiveTransfer> Get(db::Transaction& tx, const identity::Principal& p,
                              ArchiveTransferId id) const;
  // The package's bytes (kNotFound as Get).
  Result<std::string> Package(db::Transaction& tx, const identity::Principal& p,
                              ArchiveTransferId id) const;
  // The closed records of p's agency whose FileCatalog is `year`, for `cqdt doc archive export
  // --year`.
  Result<std::vector<WorkRecordId>> ClosedRecordsOfYear(db::Transaction& tx,
                                                        const identity::Principal& p,
                                                        int year) const;

 private:
  audit::AuditLog& audit_;
  const org::AgencyService& agencies_;
  const identity::IdentityService& identity_;
  const FileService& files_;
  const WorkRecordService& records_;
  const signing::SigningService& signing_;
  blob::BlobStore& blobs_;
  const Clock& clock_;
};

}  // namespace cqdt::documents
