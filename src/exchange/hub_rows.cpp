// The SQL of the hub's tables (hub_rows.hpp).
#include "hub_rows.hpp"

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "db/claims.hpp"
#include "db/statement.hpp"

namespace cqdt::exchange::internal {
namespace {

constexpr const char* kMessageColumns =
    "SELECT id, sha256, size, kind, document_id, from_organ, status_code, subject, source, "
    "accepted, refusal_reason, refusal_message, warnings, received_at FROM exchange_message ";

struct MessageRow {
  long long id = 0, size = 0, received = 0;
  std::string sha, kind, doc, from, code, subject, source, reason, message, warnings;
  int accepted = 0;
};

Message FromRow(const MessageRow& r) {
  Message m;
  m.id = MessageId(r.id);
  m.sha256 = r.sha;
  m.size = r.size;
  m.kind = r.kind == "status" ? PackageKind::kStatus : PackageKind::kDocument;
  m.document_id = r.doc;
  m.from_organ = r.from;
  m.status_code = r.code;
  m.subject = r.subject;
  m.source = r.source;
  m.accepted = r.accepted != 0;
  m.refusal_reason = r.reason;
  m.refusal_message = r.message;
  m.received_at = r.received;
  auto j = nlohmann::json::parse(r.warnings, nullptr, false);
  if (j.is_array()) {
    for (const auto& w : j) {
      m.warnings.push_back({w.value("code", ""), w.value("message", "")});
    }
  }
  return m;
}

template <typename... Keys>
std::vector<Message> SelectMessages(db::Transaction& tx, const std::string& where,
                                    const Keys&... keys) {
  MessageRow r;
  auto st =
      db::Prepare(tx, std::string(kMessageColumns) + where, soci::use(keys)..., soci::into(r.id),
                  soci::into(r.sha), soci::into(r.size), soci::into(r.kind), soci::into(r.doc),
                  soci::into(r.from), soci::into(r.code), soci::into(r.subject),
                  soci::into(r.source), soci::into(r.accepted), soci::into(r.reason),
                  soci::into(r.message), soci::into(r.warnings), soci::into(r.received));
  st->execute(false);
  std::vector<Message> out;
  while (st->fetch()) {
    out.push_back(FromRow(r));
  }
  return out;
}

constexpr const char* kDeliveryColumns =
    "SELECT id, message_id, recipient, route, partner_id, agency_id, state, attempts, "
    "next_attempt_at, last_error, delivered_at, created_at FROM exchange_delivery ";

struct DeliveryRow {
  long long id = 0, message = 0, partner = 0, agency = 0, next = 0, delivered = 0, created = 0;
  std::string recipient, route, state, error;
  int attempts = 0;
  soci::indicator partner_ind = soci::i_null, agency_ind = soci::i_null,
                  delivered_ind = soci::i_null;
};

Delivery FromRow(const DeliveryRow& r) {
  Delivery d;
  d.id = ExchangeDeliveryId(r.id);
  d.message_id = MessageId(r.message);
  d.recipient = r.recipient;
  d.route = r.route == "local"    ? DeliveryRoute::kLocal
            : r.route == "member" ? DeliveryRoute::kMember
            : r.route == "peer"   ? DeliveryRoute::kPeer
                                  : DeliveryRoute::kNone;
  if (r.partner_ind == soci::i_ok) {
    d.partner_id = PartnerId(r.partner);
  }
  if (r.agency_ind == soci::i_ok) {
    d.agency_id = AgencyId(r.agency);
  }
  d.state = ParseTransportState(r.state).value_or(TransportState::kDead);
  d.attempts = r.attempts;
  d.next_attempt_at = r.next;
  d.last_error = r.error;
  d.delivered_at = r.delivered_ind == soci::i_ok ? r.delivered : 0;
  d.created_at = r.created;
  return d;
}

template <typename... Keys>
std::vector<Delivery> SelectDeliveries(db::Transaction& tx, const std::string& where,
                                       const Keys&... keys) {
  DeliveryRow r;
  auto st = db::Prepare(tx, std::string(kDeliveryColumns) + where, soci::use(keys)...,
                        soci::into(r.id), soci::into(r.message), soci::into(r.recipient),
                        soci::into(r.route), soci::into(r.partner, r.partner_ind),
                        soci::into(r.agency, r.agency_ind), soci::into(r.state),
                        soci::into(r.attempts), soci::into(r.next), soci::into(r.error),
                        soci::into(r.delivered, r.delivered_ind), soci::into(r.created));
  st->execute(false);
  std::vector<Delivery> out;
  while (st->fetch()) {
    out.push_back(FromRow(r));
  }
  return out;
}

}  // namespace

Result<MessageId> InsertMessage(db::Transaction& tx, const Message& m, PartnerId partner) {
  nlohmann::json warnings = nlohmann::json::array();
  for (const Warning& w : m.warnings) {
    warnings.push_back({{"code", w.code}, {"message", w.message}});
  }
  const std::string warnings_text =
      warnings.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::string kind = PackageKindName(m.kind);
  long long size = m.size, received = m.received_at, pid = partner.IsSet() ? partner.value() : 0;
  soci::indicator pind = partner.IsSet() ? soci::i_ok : soci::i_null;
  int accepted = m.accepted ? 1 : 0;
  db::Run(tx,
          "INSERT INTO exchange_message (sha256, size, kind, document_id, from_organ, "
          "status_code, subject, source, source_partner_id, accepted, refusal_reason, "
          "refusal_message, warnings, received_at) VALUES (:s, :z, :k, :d, :f, :c, :j, :o, :p, "
          ":a, :r, :m, :w, :t)",
          soci::use(m.sha256), soci::use(size), soci::use(kind), soci::use(m.document_id),
          soci::use(m.from_organ), soci::use(m.status_code), soci::use(m.subject),
          soci::use(m.source), soci::use(pid, pind), soci::use(accepted),
          soci::use(m.refusal_reason), soci::use(m.refusal_message), soci::use(warnings_text),
          soci::use(received));
  return MessageId(db::LastInsertId(tx, "exchange_message"));
}

std::optional<Message> MessageById(db::Transaction& tx, MessageId id) {
  const long long key = id.value();
  auto found = SelectMessages(tx, "WHERE id = :id", key);
  if (found.empty()) {
    return std::nullopt;
  }
  return std::move(found.front());
}

std::optional<Message> FindRefused(db::Transaction& tx, const std::string& sha256,
                                   const std::string& source) {
  auto found =
      SelectMessages(tx, "WHERE sha256 = :s AND source = :o AND accepted = 0", sha256, source);
  if (found.empty()) {
    return std::nullopt;
  }
  return std::move(found.front());
}

Result<ExchangeDeliveryId> InsertDelivery(db::Transaction& tx, const Delivery& d,
                                          const std::string& receipt) {
  long long message = d.message_id.value(), next = d.next_attempt_at, created = d.created_at,
            delivered = d.delivered_at;
  long long partner = d.partner_id.IsSet() ? d.partner_id.value() : 0;
  long long agency = d.agency_id.IsSet() ? d.agency_id.value() : 0;
  soci::indicator pind = d.partner_id.IsSet() ? soci::i_ok : soci::i_null;
  soci::indicator aind = d.agency_id.IsSet() ? soci::i_ok : soci::i_null;
  soci::indicator dind = d.delivered_at != 0 ? soci::i_ok : soci::i_null;
  const std::string route = DeliveryRouteName(d.route);
  const std::string state = TransportStateName(d.state);
  db::Run(tx,
          "INSERT INTO exchange_delivery (message_id, recipient, route, partner_id, agency_id, "
          "state, attempts, next_attempt_at, last_error, delivered_at, created_at, receipt) "
          "VALUES (:m, :r, :o, :p, :a, :s, 0, :n, :e, :d, :c, :k)",
          soci::use(message), soci::use(d.recipient), soci::use(route), soci::use(partner, pind),
          soci::use(agency, aind), soci::use(state), soci::use(next), soci::use(d.last_error),
          soci::use(delivered, dind), soci::use(created), soci::use(receipt));
  return ExchangeDeliveryId(db::LastInsertId(tx, "exchange_delivery"));
}

std::optional<Delivery> DeliveryByReceipt(db::Transaction& tx, const std::string& receipt) {
  auto found = SelectDeliveries(tx, "WHERE receipt = :k", receipt);
  if (found.empty()) {
    return std::nullopt;
  }
  return std::move(found.front());
}

std::optional<Delivery> DeliveryById(db::Transaction& tx, ExchangeDeliveryId id) {
  const long long key = id.value();
  auto found = SelectDeliveries(tx, "WHERE id = :id", key);
  if (found.empty()) {
    return std::nullopt;
  }
  return std::move(found.front());
}

std::vector<Delivery> DeliveriesOfMessage(db::Transaction& tx, MessageId id) {
  const long long key = id.value();
  return SelectDeliveries(tx, "WHERE message_id = :m ORDER BY id", key);
}

std::vector<Delivery> DeliveriesOfPartner(db::Transaction& tx, PartnerId partner,
                                          TransportState state, int limit) {
  const long long key = partner.value();
  const std::string s = TransportStateName(state);
  const int n = limit;
  return SelectDeliveries(tx, "WHERE partner_id = :p AND state = :s ORDER BY id LIMIT :n", key, s,
                          n);
}

void UpdateDelivery(db::Transaction& tx, const Delivery& d) {
  long long id = d.id.value(), next = d.next_attempt_at, delivered = d.delivered_at;
  soci::indicator dind = d.delivered_at != 0 ? soci::i_ok : soci::i_null;
  const std::string state = TransportStateName(d.state);
  db::Run(tx,
          "UPDATE exchange_delivery SET state = :s, attempts = :a, next_attempt_at = :n, "
          "last_error = :e, delivered_at = :d, claimed_at = NULL WHERE id = :id",
          soci::use(state), soci::use(d.attempts), soci::use(next), soci::use(d.last_error),
          soci::use(delivered, dind), soci::use(id));
}

void UpdateRoute(db::Transaction& tx, const Delivery& d) {
  long long id = d.id.value(), partner = d.partner_id.IsSet() ? d.partner_id.value() : 0;
  soci::indicator pind = d.partner_id.IsSet() ? soci::i_ok : soci::i_null;
  const std::string route = DeliveryRouteName(d.route);
  db::Run(tx, "UPDATE exchange_delivery SET route = :r, partner_id = :p WHERE id = :id",
          soci::use(route), soci::use(partner, pind), soci::use(id));
}

std::vector<Delivery> DeliveriesInState(db::Transaction& tx, TransportState state, int limit) {
  const std::string s = TransportStateName(state);
  const int n = limit;
  return SelectDeliveries(tx, "WHERE state = :s ORDER BY id DESC LIMIT :n", s, n);
}

std::vector<Delivery> DueForwards(db::Transaction& tx, std::int64_t now, int limit) {
  const long long t = now;
  const int n = limit;
  return SelectDeliveries(tx,
                          "WHERE state = 'pending' AND route = 'peer' AND next_attempt_at <= :t "
                          "ORDER BY next_attempt_at, id LIMIT :n",
                          t, n);
}

bool ClaimForward(db::Transaction& tx, ExchangeDeliveryId id, std::int64_t now,
                  std::int64_t until) {
  const long long key = id.value(), t = now, u = until;
  long long locked = 0;
  // SKIP LOCKED: a delivery another instance is claiming right now is its own.
  auto pick = db::Run(tx,
                      std::string("SELECT id FROM exchange_delivery WHERE id = :id AND state ="
                                  " 'pending' AND route = 'peer' AND next_attempt_at <= :t") +
                          db::SkipLocked(tx.engine()),
                      soci::use(key), soci::use(t), soci::into(locked));
  if (!pick.got_data()) {
    return false;
  }
  db::Run(tx, "UPDATE exchange_delivery SET next_attempt_at = :u, claimed_at = :t WHERE id = :id",
          soci::use(u), soci::use(t), soci::use(key));
  return true;
}

int ReleaseClaims(db::Transaction& tx) {
  auto st = db::Run(tx,
                    "UPDATE exchange_delivery SET next_attempt_at = claimed_at, claimed_at = NULL"
                    " WHERE claimed_at IS NOT NULL AND state = 'pending'");
  return static_cast<int>(st->get_affected_rows());
}

std::vector<Message> ListMessages(db::Transaction& tx, const std::string& filter, int limit,
                                  int offset) {
  const int n = limit, o = offset;
  if (filter == "refused") {
    return SelectMessages(tx, "WHERE accepted = 0 ORDER BY id DESC LIMIT :n OFFSET :o", n, o);
  }
  if (filter == "document" || filter == "status") {
    return SelectMessages(tx, "WHERE kind = :k ORDER BY id DESC LIMIT :n OFFSET :o", filter, n, o);
  }
  return SelectMessages(tx, "WHERE accepted IN (0, 1) ORDER BY id DESC LIMIT :n OFFSET :o", n, o);
}

void InsertHop(db::Transaction& tx, MessageId message, ExchangeDeliveryId delivery, std::int64_t at,
               const std::string& from, const std::string& to, const std::string& result,
               const std::string& detail) {
  long long m = message.value(), d = delivery.IsSet() ? delivery.value() : 0, t = at;
  soci::indicator dind = delivery.IsSet() ? soci::i_ok : soci::i_null;
  db::Run(tx,
          "INSERT INTO exchange_hop (message_id, delivery_id, at, from_node, to_node, result, "
          "detail) VALUES (:m, :d, :t, :f, :o, :r, :x)",
          soci::use(m), soci::use(d, dind), soci::use(t), soci::use(from), soci::use(to),
          soci::use(result), soci::use(detail));
}

std::vector<Hop> HopsOfMessage(db::Transaction& tx, MessageId id) {
  long long key = id.value(), at = 0;
  std::string from, to, result, detail;
  auto st = db::Prepare(tx,
                        "SELECT at, from_node, to_node, result, detail FROM exchange_hop WHERE "
                        "message_id = :m ORDER BY id",
                        soci::use(key), soci::into(at), soci::into(from), soci::into(to),
                        soci::into(result), soci::into(detail));
  st->execute(false);
  std::vector<Hop> out;
  while (st->fetch()) {
    out.push_back({at, from, to, result, detail});
  }
  return out;
}

Status InsertReception(db::Transaction& tx, const Delivery& d, const Message& m,
                       const Inspection& in, std::int64_t now) {
  const DocumentHeader& h = in.document.header;
  long long delivery = d.id.value(), message = m.id.value(), agency = d.agency_id.value(), t = now;
  int business = static_cast<int>(h.business.type);
  const std::string sender_name = h.from.organ_name.substr(0, 300);
  db::Run(tx,
          "INSERT INTO exchange_reception (delivery_id, message_id, agency_id, document_id, "
          "sender_organ, sender_name, subject, business, state, status, incoming_document_id, "
          "note, version, received_at, updated_at) VALUES (:d, :m, :a, :i, :o, :n, :s, :b, "
          "'received', '01', NULL, '', 1, :t, :t2)",
          soci::use(delivery), soci::use(message), soci::use(agency), soci::use(m.document_id),
          soci::use(m.from_organ), soci::use(sender_name), soci::use(m.subject),
          soci::use(business), soci::use(t), soci::use(t));
  return Ok();
}

std::vector<Message> MessagesAbout(db::Transaction& tx, const std::string& document_id, int limit) {
  const int n = limit;
  return SelectMessages(tx, "WHERE document_id = :d ORDER BY id LIMIT :n", document_id, n);
}

std::vector<Message> MessagesOfPartner(db::Transaction& tx, PartnerId partner, int limit,
                                       const std::string& document_id) {
  const long long key = partner.value();
  const int n = limit;
  if (document_id.empty()) {
    return SelectMessages(tx, "WHERE source_partner_id = :p ORDER BY id DESC LIMIT :n", key, n);
  }
  return SelectMessages(tx,
                        "WHERE source_partner_id = :p AND document_id = :d ORDER BY id DESC "
                        "LIMIT :n",
                        key, document_id, n);
}

}  // namespace cqdt::exchange::internal
