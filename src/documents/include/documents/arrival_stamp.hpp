// The "ĐẾN" stamp of an incoming document (Decree 30/2020 art. 22, Phụ lục IV): what the stamp
// says is recorded when the document is registered — the receiving agency's name, the arrival
// number, date and time, and the register it was entered in — in `documents_arrival_stamp`, so
// that a later rename of the agency or the register does not change a stamp already printed.
// A scan or main PDF is then downloaded with the stamp drawn on page 1 (pdf::StampArrival, an
// incremental update of a copy); the stored file is never changed.
//
// Every method runs in the caller's transaction. Thread safety: stateless beyond its
// collaborators.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document.hpp"
#include "documents/document_files.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "org/agency_service.hpp"

namespace cqdt::documents {

struct ArrivalStampRecord {
  DocumentId document_id;
  AgencyId agency_id;
  std::string agency_name;
  int arrival_number = 0;
  std::string arrival_date;     // YYYY-MM-DD, Vietnam
  std::int64_t arrived_at = 0;  // Unix seconds UTC: when it was registered
  RegisterId register_id;
  std::string register_name;
};

// Records the stamp of a document being registered (IncomingService::Register).
void RecordArrivalStamp(db::Transaction& tx, const ArrivalStampRecord& r);
// The recorded stamp, or nullopt for a document registered before stamps were recorded.
std::optional<ArrivalStampRecord> ArrivalStampOf(db::Transaction& tx, DocumentId id);

struct StampedFile {
  DocumentFile file;
  std::string bytes;  // the PDF with the stamp
};

class ArrivalStampService {
 public:
  ArrivalStampService(FileService& files, const org::AgencyService& agencies,
                      const identity::IdentityService& identity)
      : files_(files), agencies_(agencies), identity_(identity) {}

  // A copy of file `file` of incoming document `id` with the "ĐẾN" stamp: the recorded stamp
  // (or, for older documents, the document's arrival number and date and the agency's name), and
  // under "Chuyển" the lead assignee (unit or person). kNotFound when `p` may not see the
  // document or the file is not one of its files; kInvalidArgument "stamp" when the file is not
  // a PDF scan or main file (images and versions of outgoing documents are not stamped).
  Result<StampedFile> Stamped(db::Transaction& tx, const identity::Principal& p, DocumentId id,
                              FileId file) const;

 private:
  FileService& files_;
  const org::AgencyService& agencies_;
  const identity::IdentityService& identity_;
};

}  // namespace cqdt::documents
