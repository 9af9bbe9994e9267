// Rows of exchange_reception and exchange_reception_link (reception.hpp), shared by the
// clerk's reception (reception_service.cpp) and the sender's business on it — revoke, update,
// replace (reception_business.cpp). Module-internal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "db/statement.hpp"
#include "exchange/reception.hpp"

namespace cqdt::exchange::internal {

inline constexpr const char* kReceptionColumns =
    "SELECT id, delivery_id, message_id, agency_id, document_id, sender_organ, sender_name, "
    "subject, business, state, status, incoming_document_id, note, version, received_at, "
    "updated_at, recall_state, recall_reason, recall_answer, recall_at, replaced_by "
    "FROM exchange_reception ";

// The variables one row of kReceptionColumns is read into.
struct ReceptionRow {
  long long id = 0, delivery = 0, message = 0, agency = 0, incoming = 0, version = 0, received = 0,
            updated = 0, recall_at = 0, replaced_by = 0;
  std::string doc, organ, name, subject, state, status, note, recall_state, recall_reason,
      recall_answer;
  int business = 0;
  soci::indicator incoming_ind = soci::i_null, recall_at_ind = soci::i_null,
                  replaced_by_ind = soci::i_null;
};

ExternalReception FromRow(const ReceptionRow& r);

// Runs kReceptionColumns + `where` with `keys` bound in order (links not loaded).
template <typename... Keys>
std::vector<ExternalReception> SelectReceptions(db::Transaction& tx, const std::string& where,
                                                const Keys&... keys) {
  ReceptionRow r;
  auto st = db::Prepare(
      tx, std::string(kReceptionColumns) + where, soci::use(keys)..., soci::into(r.id),
      soci::into(r.delivery), soci::into(r.message), soci::into(r.agency), soci::into(r.doc),
      soci::into(r.organ), soci::into(r.name), soci::into(r.subject), soci::into(r.business),
      soci::into(r.state), soci::into(r.status), soci::into(r.incoming, r.incoming_ind),
      soci::into(r.note), soci::into(r.version), soci::into(r.received), soci::into(r.updated),
      soci::into(r.recall_state), soci::into(r.recall_reason), soci::into(r.recall_answer),
      soci::into(r.recall_at, r.recall_at_ind), soci::into(r.replaced_by, r.replaced_by_ind));
  st->execute(false);
  std::vector<ExternalReception> out;
  while (st->fetch()) {
    out.push_back(FromRow(r));
  }
  return out;
}

// Writes the reception's mutable fields; the version in the WHERE makes of two clerks one
// winner (kConflict for the other).
Status SaveReception(db::Transaction& tx, ExternalReception& r, std::int64_t expected_version,
                     std::int64_t now);

// The newest reception of `document_id` at `agency` other than `except` (nullopt: none).
std::optional<ExternalReception> LatestReception(db::Transaction& tx, AgencyId agency,
                                                 const std::string& document_id,
                                                 ReceptionId except);
std::optional<ExternalReception> ReceptionByDelivery(db::Transaction& tx, ExchangeDeliveryId id);

// What an update or replacement says it replaces (the target's reception here, when there is
// one).
void InsertReceptionLink(db::Transaction& tx, ReceptionId reception,
                         const std::string& target_document_id, ReceptionId target);
std::vector<ExternalReception::Link> ReceptionLinks(db::Transaction& tx, ReceptionId reception);

}  // namespace cqdt::exchange::internal
