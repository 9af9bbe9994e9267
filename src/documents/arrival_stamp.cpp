#include "documents/arrival_stamp.hpp"

#include <soci/soci.h>

#include "core/text.hpp"
#include "db/statement.hpp"
#include "document_repository.hpp"
#include "documents/document_access.hpp"
#include "documents/incoming_service.hpp"
#include "pdf/stamp.hpp"

namespace cqdt::documents {

void RecordArrivalStamp(db::Transaction& tx, const ArrivalStampRecord& r) {
  long long doc = r.document_id.value(), agency = r.agency_id.value(), number = r.arrival_number,
            at = r.arrived_at, reg = r.register_id.value();
  db::Run(tx,
          "INSERT INTO documents_arrival_stamp (document_id, agency_id, agency_name,"
          " arrival_number, arrival_date, arrived_at, register_id, register_name) VALUES"
          " (:d, :a, :an, :n, :ad, :at, :r, :rn)",
          soci::use(doc), soci::use(agency), soci::use(r.agency_name), soci::use(number),
          soci::use(r.arrival_date), soci::use(at), soci::use(reg), soci::use(r.register_name));
}

std::optional<ArrivalStampRecord> ArrivalStampOf(db::Transaction& tx, DocumentId id) {
  long long doc = id.value(), agency = 0, number = 0, at = 0, reg = 0;
  ArrivalStampRecord r;
  tx.sql() << "SELECT agency_id, agency_name, arrival_number, arrival_date, arrived_at,"
              " register_id, register_name FROM documents_arrival_stamp WHERE document_id = :d",
      soci::use(doc), soci::into(agency), soci::into(r.agency_name), soci::into(number),
      soci::into(r.arrival_date), soci::into(at), soci::into(reg), soci::into(r.register_name);
  if (!tx.sql().got_data()) {
    return std::nullopt;
  }
  r.document_id = id;
  r.agency_id = AgencyId(agency);
  r.arrival_number = static_cast<int>(number);
  r.arrived_at = at;
  r.register_id = RegisterId(reg);
  return r;
}

Result<StampedFile> ArrivalStampService::Stamped(db::Transaction& tx, const identity::Principal& p,
                                                 DocumentId id, FileId file) const {
  std::string key = std::to_string(id.value());
  auto d = DocumentRepository(tx).Get(id);
  if (!d || d->direction != Direction::kIncoming) {
    return Error::NotFound("văn bản", key);
  }
  CQDT_RETURN_IF_ERROR(CheckVisible(p, IncomingService::FactsOf(tx, *d), key));
  std::optional<DocumentFile> found;
  for (auto& f : files_.OfDocument(tx, id)) {
    if (f.id == file) {
      found = std::move(f);
    }
  }
  if (!found) {
    return Error::NotFound("tệp", std::to_string(file.value()));
  }
  if (found->content_type != "application/pdf" ||
      (found->role != FileRole::kScan && found->role != FileRole::kMain)) {
    return Error::InvalidField("stamp", "pdf",
                               "Chỉ đóng dấu ĐẾN được lên bản PDF của văn bản đến (bản chính hoặc "
                               "bản quét).");
  }
  pdf::ArrivalStamp stamp;
  if (auto r = ArrivalStampOf(tx, id)) {
    stamp.agency_name = r->agency_name;
    stamp.arrival_number = r->arrival_number;
    stamp.arrival_date = ParseIsoDate(r->arrival_date).value_or(Date{});
  } else {
    // Registered before stamps were recorded: the document's own arrival facts.
    auto agency = agencies_.Get(tx, d->agency_id);
    stamp.agency_name = agency ? agency->name : "";
    stamp.arrival_number = d->arrival_number;
    stamp.arrival_date = ParseIsoDate(d->arrival_date).value_or(Date{});
  }
  // "Chuyển": where the leader sent it (the first-level lead: a unit or a person).
  long long doc = id.value(), unit = 0, user = 0;
  soci::indicator unit_ind = soci::i_null, user_ind = soci::i_null;
  tx.sql() << "SELECT assignee_unit_id, assignee_user_id FROM documents_assignment"
              " WHERE document_id = :d AND role = 'lead' AND parent_id IS NULL"
              " ORDER BY id DESC LIMIT 1",
      soci::use(doc), soci::into(unit, unit_ind), soci::into(user, user_ind);
  if (tx.sql().got_data()) {
    if (unit_ind == soci::i_ok) {
      if (auto u = agencies_.GetUnit(tx, UnitId(unit))) {
        stamp.forwarded_to = u->name;
      }
    } else if (user_ind == soci::i_ok) {
      if (auto u = identity_.GetUser(tx, UserId(user))) {
        stamp.forwarded_to = u->full_name;
      }
    }
  }
  CQDT_ASSIGN_OR_RETURN(std::string bytes, files_.Content(*found));
  CQDT_ASSIGN_OR_RETURN(std::string stamped, pdf::StampArrival(bytes, stamp));
  return StampedFile{*found, std::move(stamped)};
}

}  // namespace cqdt::documents
