// Storage of the delivery tables (private to documents): documents_delivery (one row per
// documents_recipient row of a released document: its summary status) and
// documents_delivery_event (every report, with time, actor and reason). Every method works inside
// the caller's transaction. Database faults are exceptions.
//
// Invariants: Update changes a row only when its stored version is the one the caller read and
// increments it in the same statement, so of two clerks acting on one delivery exactly one wins.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "documents/delivery.hpp"

namespace cqdt::documents {

// A row of documents_recipient of one document, with its id (which `Recipient` does not carry).
struct RecipientRow {
  std::int64_t id = 0;
  int ordinal = 0;
  AgencyId agency_id;
  std::string name;
  std::string code = {};  // an external recipient's OrganId (Recipient::code)
};

class DeliveryRepository {
 public:
  explicit DeliveryRepository(db::Transaction& tx) : tx_(tx) {}

  std::vector<RecipientRow> RecipientRows(DocumentId document);
  // Inserts `d` (for the recipient row `recipient_id`) and returns it with its id.
  Delivery Insert(const Delivery& d, std::int64_t recipient_id);
  Result<Delivery> Get(DeliveryId id);
  std::vector<Delivery> OfDocument(DocumentId document);  // in the order of the recipients
  // The delivery whose registration made the incoming document `incoming`, if any.
  std::optional<Delivery> ByIncoming(DocumentId incoming);
  // The deliveries to `agency` in one of `statuses`, newest first.
  std::vector<Delivery> ToAgency(AgencyId agency, const std::vector<std::string>& statuses,
                                 int limit, int offset);
  int CountToAgency(AgencyId agency, const std::string& status);
  // Writes the mutable fields of `d` if its stored version is still `d.version` (kConflict
  // otherwise) and returns it with the new version.
  Result<Delivery> Update(const Delivery& d);
  // External deliveries with an OrganId that wait for the exchange and were not taken yet,
  // oldest first; and the mark that the exchange took one.
  std::vector<Delivery> WaitingForExchange(int limit);
  void MarkTakenByExchange(DeliveryId id, std::int64_t at);
  // Deliveries taken by the exchange whose document was recalled since (status 13) and whose
  // revoke package has not gone yet, oldest first; and the mark that it went.
  std::vector<Delivery> RecalledForExchange(int limit);
  void MarkRecallSentByExchange(DeliveryId id, std::int64_t at);
  // The delivery of `document` to the external recipient `code`.
  std::optional<Delivery> ByRecipientCode(DocumentId document, const std::string& code);

  void AddEvent(const DeliveryEvent& e, AgencyId agency);
  std::vector<DeliveryEvent> Events(DeliveryId id);  // oldest first

 private:
  db::Transaction& tx_;
};

// The delivery tables (module key "documents_delivery"); part of documents::Migrations().
std::vector<db::Migration> DeliveryMigrations();

}  // namespace cqdt::documents
