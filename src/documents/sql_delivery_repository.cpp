#include <soci/soci.h>

#include "delivery_repository.hpp"

namespace cqdt::documents {
namespace {

struct OptionalId {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  OptionalId() = default;
  explicit OptionalId(std::int64_t v) : value(v), ind(v > 0 ? soci::i_ok : soci::i_null) {}
  std::int64_t Get() const { return ind == soci::i_ok ? value : 0; }
};

constexpr const char* kColumns =
    "SELECT id, agency_id, document_id, ordinal, recipient_agency_id, name, status, status_at,"
    " incoming_document_id, manual_channel, manual_date, note, created_at, version,"
    " recipient_code, exchange_at"
    " FROM documents_delivery ";

// The variables one row of kColumns is read into.
struct Row {
  long long id = 0, agency = 0, document = 0, status_at = 0, created_at = 0, version = 0;
  int ordinal = 0;
  OptionalId recipient, incoming, exchange_at;
  std::string name, status, manual_channel, manual_date, note, recipient_code;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(agency));
    st.exchange(soci::into(document));
    st.exchange(soci::into(ordinal));
    st.exchange(soci::into(recipient.value, recipient.ind));
    st.exchange(soci::into(name));
    st.exchange(soci::into(status));
    st.exchange(soci::into(status_at));
    st.exchange(soci::into(incoming.value, incoming.ind));
    st.exchange(soci::into(manual_channel));
    st.exchange(soci::into(manual_date));
    st.exchange(soci::into(note));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(version));
    st.exchange(soci::into(recipient_code));
    st.exchange(soci::into(exchange_at.value, exchange_at.ind));
  }

  Delivery Get() const {
    Delivery d;
    d.id = DeliveryId(id);
    d.sender_agency_id = AgencyId(agency);
    d.document_id = DocumentId(document);
    d.ordinal = ordinal;
    d.recipient_agency_id = AgencyId(recipient.Get());
    d.recipient_name = name;
    d.status = ParseDeliveryStatus(status).value_or(DeliveryStatus::kReceived);
    d.status_at = status_at;
    d.incoming_document_id = DocumentId(incoming.Get());
    d.manual_channel = manual_channel;
    d.manual_date = manual_date;
    d.note = note;
    d.created_at = created_at;
    d.version = version;
    d.recipient_code = recipient_code;
    d.exchange_at = exchange_at.Get();
    return d;
  }
};

// Runs `sql` (kColumns + a WHERE clause) with the bindings `bind` adds, collecting every row.
template <typename BindUses>
std::vector<Delivery> Query(db::Transaction& tx, const std::string& sql, BindUses bind) {
  Row row;
  soci::statement st(tx.sql());
  row.Bind(st);
  bind(st);
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute(false);
  std::vector<Delivery> out;
  while (st.fetch()) {
    out.push_back(row.Get());
  }
  return out;
}

}  // namespace

std::vector<db::Migration> DeliveryMigrations() {
  return {{"documents_delivery", 1, "create_documents_delivery",
           // One row per recipient of a released document (documents_recipient), with the summary
           // status in edXML codes (edxml.md §7.2) and the incoming document the recipient made
           // of it; recipient_agency_id is NULL for a recipient outside this instance.
           "CREATE TABLE documents_delivery ("
           " id {{pk}},"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " document_id {{bigint}} NOT NULL REFERENCES documents_document (id),"
           " recipient_id {{bigint}} NOT NULL UNIQUE REFERENCES documents_recipient (id),"
           " ordinal INTEGER NOT NULL,"
           " recipient_agency_id {{bigint}} REFERENCES org_agency (id),"
           " name TEXT NOT NULL DEFAULT '',"
           " status TEXT NOT NULL,"
           " status_at {{bigint}} NOT NULL,"
           " incoming_document_id {{bigint}} REFERENCES documents_document (id),"
           " manual_channel TEXT NOT NULL DEFAULT '',"
           " manual_date TEXT NOT NULL DEFAULT '',"
           " note TEXT NOT NULL DEFAULT '',"
           " created_at {{bigint}} NOT NULL,"
           " version {{bigint}} NOT NULL DEFAULT 1);\n"
           "CREATE INDEX documents_delivery_document ON documents_delivery (document_id);\n"
           "CREATE INDEX documents_delivery_recipient ON documents_delivery"
           " (recipient_agency_id, status);\n"
           "CREATE UNIQUE INDEX documents_delivery_incoming ON documents_delivery"
           " (incoming_document_id);\n"
           // Every report, also those that did not move the summary (moved = 0).
           "CREATE TABLE documents_delivery_event ("
           " id {{pk}},"
           " delivery_id {{bigint}} NOT NULL REFERENCES documents_delivery (id),"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " status TEXT NOT NULL,"
           " at {{bigint}} NOT NULL,"
           " actor_id {{bigint}},"
           " actor_name TEXT NOT NULL DEFAULT '',"
           " reason TEXT NOT NULL DEFAULT '',"
           " moved INTEGER NOT NULL DEFAULT 1);\n"
           "CREATE INDEX documents_delivery_event_delivery ON documents_delivery_event"
           " (delivery_id)"},
          // Recipients outside this instance reached through the exchange (issue 14): their
          // OrganId on the recipient and its delivery, and when the exchange took the delivery.
          {"documents_delivery", 2, "add_exchange_recipient_code",
           "ALTER TABLE documents_recipient ADD COLUMN code TEXT NOT NULL DEFAULT '';\n"
           "ALTER TABLE documents_delivery ADD COLUMN recipient_code TEXT NOT NULL DEFAULT '';\n"
           "ALTER TABLE documents_delivery ADD COLUMN exchange_at {{bigint}};\n"
           "CREATE INDEX documents_delivery_exchange ON documents_delivery (status, exchange_at)"},
          // When the exchange sent the revoke package of a recalled document to the recipient.
          {"documents_delivery", 3, "add_exchange_recall_at",
           "ALTER TABLE documents_delivery ADD COLUMN exchange_recall_at {{bigint}}"}};
}

std::vector<RecipientRow> DeliveryRepository::RecipientRows(DocumentId document) {
  long long doc = document.value(), id = 0;
  int ordinal = 0;
  OptionalId to;
  std::string name;
  std::string code;
  soci::statement st = (tx_.sql().prepare << "SELECT id, ordinal, recipient_agency_id, name, code"
                                             " FROM documents_recipient WHERE document_id = :d"
                                             " ORDER BY ordinal",
                        soci::use(doc), soci::into(id), soci::into(ordinal),
                        soci::into(to.value, to.ind), soci::into(name), soci::into(code));
  st.execute(false);
  std::vector<RecipientRow> out;
  while (st.fetch()) {
    out.push_back({id, ordinal, AgencyId(to.Get()), name, code});
  }
  return out;
}

Delivery DeliveryRepository::Insert(const Delivery& d, std::int64_t recipient_id) {
  long long agency = d.sender_agency_id.value(), doc = d.document_id.value();
  long long recipient = recipient_id, at = d.status_at, created = d.created_at;
  OptionalId to(d.recipient_agency_id.value());
  std::string status = DeliveryStatusCode(d.status);
  tx_.sql() << "INSERT INTO documents_delivery (agency_id, document_id, recipient_id, ordinal,"
               " recipient_agency_id, name, status, status_at, created_at, recipient_code)"
               " VALUES (:a, :d, :r, :o, :to, :n, :s, :at, :c, :rc)",
      soci::use(agency), soci::use(doc), soci::use(recipient), soci::use(d.ordinal),
      soci::use(to.value, to.ind), soci::use(d.recipient_name), soci::use(status), soci::use(at),
      soci::use(created), soci::use(d.recipient_code);
  Delivery out = d;
  out.id = DeliveryId(db::LastInsertId(tx_, "documents_delivery"));
  out.version = 1;
  return out;
}

Result<Delivery> DeliveryRepository::Get(DeliveryId id) {
  long long key = id.value();
  auto rows = Query(tx_, std::string(kColumns) + "WHERE id = :id",
                    [&](soci::statement& st) { st.exchange(soci::use(key)); });
  if (rows.empty()) {
    return Error::NotFound("văn bản", std::to_string(key));
  }
  return rows.front();
}

std::vector<Delivery> DeliveryRepository::WaitingForExchange(int limit) {
  const int n = limit;
  return Query(tx_,
               std::string(kColumns) +
                   "WHERE status = 'waiting' AND recipient_code <> '' AND exchange_at IS NULL"
                   " ORDER BY id LIMIT :n",
               [&](soci::statement& st) { st.exchange(soci::use(n)); });
}

std::vector<Delivery> DeliveryRepository::RecalledForExchange(int limit) {
  const int n = limit;
  return Query(tx_,
               std::string(kColumns) +
                   "WHERE status = '13' AND recipient_code <> '' AND exchange_at IS NOT NULL"
                   " AND exchange_recall_at IS NULL ORDER BY id LIMIT :n",
               [&](soci::statement& st) { st.exchange(soci::use(n)); });
}

void DeliveryRepository::MarkRecallSentByExchange(DeliveryId id, std::int64_t at) {
  long long key = id.value(), t = at;
  tx_.sql() << "UPDATE documents_delivery SET exchange_recall_at = :t WHERE id = :id", soci::use(t),
      soci::use(key);
}

void DeliveryRepository::MarkTakenByExchange(DeliveryId id, std::int64_t at) {
  long long key = id.value(), t = at;
  tx_.sql() << "UPDATE documents_delivery SET exchange_at = :t WHERE id = :id", soci::use(t),
      soci::use(key);
}

std::optional<Delivery> DeliveryRepository::ByRecipientCode(DocumentId document,
                                                            const std::string& code) {
  long long doc = document.value();
  auto rows = Query(tx_, std::string(kColumns) + "WHERE document_id = :d AND recipient_code = :c",
                    [&](soci::statement& st) {
                      st.exchange(soci::use(doc));
                      st.exchange(soci::use(code));
                    });
  if (rows.empty()) {
    return std::nullopt;
  }
  return rows.front();
}

std::vector<Delivery> DeliveryRepository::OfDocument(DocumentId document) {
  long long doc = document.value();
  return Query(tx_, std::string(kColumns) + "WHERE document_id = :d ORDER BY ordinal, id",
               [&](soci::statement& st) { st.exchange(soci::use(doc)); });
}

std::optional<Delivery> DeliveryRepository::ByIncoming(DocumentId incoming) {
  long long doc = incoming.value();
  auto rows = Query(tx_, std::string(kColumns) + "WHERE incoming_document_id = :d",
                    [&](soci::statement& st) { st.exchange(soci::use(doc)); });
  if (rows.empty()) {
    return std::nullopt;
  }
  return rows.front();
}

std::vector<Delivery> DeliveryRepository::ToAgency(AgencyId agency,
                                                   const std::vector<std::string>& statuses,
                                                   int limit, int offset) {
  long long a = agency.value();
  // The statuses are our own codes (never client text), joined as bound parameters.
  std::string sql = std::string(kColumns) + "WHERE recipient_agency_id = :a";
  std::vector<std::string> codes = statuses;
  if (!codes.empty()) {
    sql += " AND status IN (";
    for (std::size_t i = 0; i < codes.size(); ++i) {
      sql += (i ? ", :s" : ":s") + std::to_string(i);
    }
    sql += ")";
  }
  sql += " ORDER BY status_at DESC, id DESC LIMIT " + std::to_string(limit) + " OFFSET " +
         std::to_string(offset);
  return Query(tx_, sql, [&](soci::statement& st) {
    st.exchange(soci::use(a));
    for (auto& c : codes) {
      st.exchange(soci::use(c));
    }
  });
}

int DeliveryRepository::CountToAgency(AgencyId agency, const std::string& status) {
  long long a = agency.value();
  int n = 0;
  tx_.sql() << "SELECT COUNT(*) FROM documents_delivery WHERE recipient_agency_id = :a"
               " AND status = :s",
      soci::use(a), soci::use(status), soci::into(n);
  return n;
}

Result<Delivery> DeliveryRepository::Update(const Delivery& d) {
  long long key = d.id.value(), at = d.status_at, version = d.version;
  OptionalId incoming(d.incoming_document_id.value());
  std::string status = DeliveryStatusCode(d.status);
  soci::statement st =
      (tx_.sql().prepare << "UPDATE documents_delivery SET status = :s, status_at = :at,"
                            " incoming_document_id = :i, manual_channel = :mc, manual_date = :md,"
                            " note = :n, version = version + 1 WHERE id = :id AND version = :v",
       soci::use(status), soci::use(at), soci::use(incoming.value, incoming.ind),
       soci::use(d.manual_channel), soci::use(d.manual_date), soci::use(d.note), soci::use(key),
       soci::use(version));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    return Error::Conflict(
        "Việc gửi nhận văn bản này vừa được người khác xử lý. Vui lòng tải lại rồi thực hiện lại.");
  }
  Delivery out = d;
  out.version = d.version + 1;
  return out;
}

void DeliveryRepository::AddEvent(const DeliveryEvent& e, AgencyId agency) {
  long long delivery = e.delivery_id.value(), a = agency.value(), at = e.at;
  OptionalId actor(e.actor_id.value());
  std::string status = DeliveryStatusCode(e.status);
  int moved = e.moved ? 1 : 0;
  tx_.sql() << "INSERT INTO documents_delivery_event (delivery_id, agency_id, status, at,"
               " actor_id, actor_name, reason, moved) VALUES (:d, :a, :s, :at, :u, :n, :r, :m)",
      soci::use(delivery), soci::use(a), soci::use(status), soci::use(at),
      soci::use(actor.value, actor.ind), soci::use(e.actor_name), soci::use(e.reason),
      soci::use(moved);
}

std::vector<DeliveryEvent> DeliveryRepository::Events(DeliveryId id) {
  long long key = id.value(), at = 0;
  OptionalId actor;
  std::string status, name, reason;
  int moved = 1;
  soci::statement st =
      (tx_.sql().prepare << "SELECT status, at, actor_id, actor_name, reason, moved"
                            " FROM documents_delivery_event WHERE delivery_id = :d ORDER BY id",
       soci::use(key), soci::into(status), soci::into(at), soci::into(actor.value, actor.ind),
       soci::into(name), soci::into(reason), soci::into(moved));
  st.execute(false);
  std::vector<DeliveryEvent> out;
  while (st.fetch()) {
    out.push_back({id, ParseDeliveryStatus(status).value_or(DeliveryStatus::kReceived), at,
                   UserId(actor.Get()), name, reason, moved != 0});
  }
  return out;
}

}  // namespace cqdt::documents
