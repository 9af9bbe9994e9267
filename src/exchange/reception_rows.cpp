// Rows of the clerk's reception (reception_rows.hpp).
#include "reception_rows.hpp"

#include <algorithm>

namespace cqdt::exchange::internal {

ExternalReception FromRow(const ReceptionRow& r) {
  ExternalReception e;
  e.id = ReceptionId(r.id);
  e.delivery_id = ExchangeDeliveryId(r.delivery);
  e.message_id = MessageId(r.message);
  e.agency_id = AgencyId(r.agency);
  e.document_id = r.doc;
  e.sender_organ = r.organ;
  e.sender_name = r.name;
  e.subject = r.subject;
  e.business = static_cast<BusinessType>(std::clamp(r.business, 0, 3));
  e.state = ParseReceptionState(r.state);
  e.status = r.status;
  if (r.incoming_ind == soci::i_ok) {
    e.incoming_document_id = documents::DocumentId(r.incoming);
  }
  e.note = r.note;
  e.version = r.version;
  e.received_at = r.received;
  e.updated_at = r.updated;
  e.recall_state = r.recall_state;
  e.recall_reason = r.recall_reason;
  e.recall_answer = r.recall_answer;
  e.recall_at = r.recall_at_ind == soci::i_ok ? r.recall_at : 0;
  if (r.replaced_by_ind == soci::i_ok) {
    e.replaced_by = ReceptionId(r.replaced_by);
  }
  return e;
}

Status SaveReception(db::Transaction& tx, ExternalReception& r, std::int64_t expected_version,
                     std::int64_t now) {
  const std::string state = ReceptionStateName(r.state);
  long long id = r.id.value(),
            incoming = r.incoming_document_id.IsSet() ? r.incoming_document_id.value() : 0;
  soci::indicator iind = r.incoming_document_id.IsSet() ? soci::i_ok : soci::i_null;
  long long recall_at = r.recall_at,
            replaced_by = r.replaced_by.IsSet() ? r.replaced_by.value() : 0;
  soci::indicator rind = r.recall_at != 0 ? soci::i_ok : soci::i_null;
  soci::indicator bind = r.replaced_by.IsSet() ? soci::i_ok : soci::i_null;
  long long version = expected_version, t = now;
  auto st = db::Run(tx,
                    "UPDATE exchange_reception SET state = :s, status = :st, "
                    "incoming_document_id = :i, note = :n, recall_state = :rs, "
                    "recall_reason = :rr, recall_answer = :ra, recall_at = :rt, "
                    "replaced_by = :rb, version = version + 1, updated_at = :t "
                    "WHERE id = :id AND version = :v",
                    soci::use(state), soci::use(r.status), soci::use(incoming, iind),
                    soci::use(r.note), soci::use(r.recall_state), soci::use(r.recall_reason),
                    soci::use(r.recall_answer), soci::use(recall_at, rind),
                    soci::use(replaced_by, bind), soci::use(t), soci::use(id), soci::use(version));
  if (st->get_affected_rows() != 1) {
    return Error::Conflict("Văn bản vừa được người khác xử lý; hãy tải lại.");
  }
  r.version = expected_version + 1;
  r.updated_at = now;
  return Ok();
}

std::optional<ExternalReception> LatestReception(db::Transaction& tx, AgencyId agency,
                                                 const std::string& document_id,
                                                 ReceptionId except) {
  const long long a = agency.value(), x = except.IsSet() ? except.value() : 0;
  auto found = SelectReceptions(
      tx, "WHERE agency_id = :a AND document_id = :d AND id <> :x ORDER BY id DESC LIMIT 1", a,
      document_id, x);
  if (found.empty()) {
    return std::nullopt;
  }
  return std::move(found.front());
}

std::optional<ExternalReception> ReceptionByDelivery(db::Transaction& tx, ExchangeDeliveryId id) {
  const long long key = id.value();
  auto found = SelectReceptions(tx, "WHERE delivery_id = :d", key);
  if (found.empty()) {
    return std::nullopt;
  }
  return std::move(found.front());
}

void InsertReceptionLink(db::Transaction& tx, ReceptionId reception,
                         const std::string& target_document_id, ReceptionId target) {
  long long r = reception.value(), t = target.IsSet() ? target.value() : 0;
  soci::indicator tind = target.IsSet() ? soci::i_ok : soci::i_null;
  const std::string doc = target_document_id.substr(0, 300);
  db::Run(tx,
          "INSERT INTO exchange_reception_link (reception_id, target_document_id, "
          "target_reception_id) VALUES (:r, :d, :t)",
          soci::use(r), soci::use(doc), soci::use(t, tind));
}

std::vector<ExternalReception::Link> ReceptionLinks(db::Transaction& tx, ReceptionId reception) {
  long long r = reception.value(), target = 0;
  std::string doc;
  soci::indicator tind = soci::i_null;
  auto st = db::Prepare(tx,
                        "SELECT target_document_id, target_reception_id FROM "
                        "exchange_reception_link WHERE reception_id = :r ORDER BY "
                        "target_document_id",
                        soci::use(r), soci::into(doc), soci::into(target, tind));
  st->execute(false);
  std::vector<ExternalReception::Link> out;
  while (st->fetch()) {
    ExternalReception::Link l;
    l.document_id = doc;
    if (tind == soci::i_ok) {
      l.reception_id = ReceptionId(target);
    }
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace cqdt::exchange::internal
