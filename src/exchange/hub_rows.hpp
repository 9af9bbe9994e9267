// The SQL of the hub's tables (private to the exchange module; hub_rows.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "exchange/hub.hpp"

namespace cqdt::exchange::internal {

Result<MessageId> InsertMessage(db::Transaction& tx, const Message& m, PartnerId partner);
std::optional<Message> MessageById(db::Transaction& tx, MessageId id);
std::optional<Message> FindRefused(db::Transaction& tx, const std::string& sha256,
                                   const std::string& source);
Result<ExchangeDeliveryId> InsertDelivery(db::Transaction& tx, const Delivery& d,
                                          const std::string& receipt);
std::optional<Delivery> DeliveryByReceipt(db::Transaction& tx, const std::string& receipt);
std::optional<Delivery> DeliveryById(db::Transaction& tx, ExchangeDeliveryId id);
std::vector<Delivery> DeliveriesOfMessage(db::Transaction& tx, MessageId id);
// A partner's deliveries in `state`, oldest first.
std::vector<Delivery> DeliveriesOfPartner(db::Transaction& tx, PartnerId partner,
                                          TransportState state, int limit);
void UpdateDelivery(db::Transaction& tx, const Delivery& d);
void UpdateRoute(db::Transaction& tx, const Delivery& d);
std::vector<Delivery> DeliveriesInState(db::Transaction& tx, TransportState state, int limit);
// Pending peer deliveries due at `now`, oldest due first.
std::vector<Delivery> DueForwards(db::Transaction& tx, std::int64_t now, int limit);
// Claims a due peer delivery for one attempt: its next_attempt_at moved to `until`, so that no
// other forwarder (another instance) takes it before then. False when it is no longer due or
// another instance's transaction holds it.
bool ClaimForward(db::Transaction& tx, ExchangeDeliveryId id, std::int64_t now, std::int64_t until);
// Every pending delivery claimed and not recorded since: due again from its claim's time.
// Returns how many.
int ReleaseClaims(db::Transaction& tx);
// filter: "" (all), "refused", "document", "status".
std::vector<Message> ListMessages(db::Transaction& tx, const std::string& filter, int limit,
                                  int offset);
void InsertHop(db::Transaction& tx, MessageId message, ExchangeDeliveryId delivery, std::int64_t at,
               const std::string& from, const std::string& to, const std::string& result,
               const std::string& detail);
std::vector<Hop> HopsOfMessage(db::Transaction& tx, MessageId id);
Status InsertReception(db::Transaction& tx, const Delivery& d, const Message& m,
                       const Inspection& in, std::int64_t now);
// Messages a partner sent, newest first (optionally one DocumentId).
// Every package about `document_id`, oldest first.
std::vector<Message> MessagesAbout(db::Transaction& tx, const std::string& document_id, int limit);
std::vector<Message> MessagesOfPartner(db::Transaction& tx, PartnerId partner, int limit,
                                       const std::string& document_id);

}  // namespace cqdt::exchange::internal
