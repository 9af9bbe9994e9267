#include <soci/soci.h>

#include "db/statement.hpp"
#include "document_repository.hpp"
#include "queue_sql.hpp"

namespace cqdt::documents {
namespace {

constexpr const char* kColumns =
    "id, agency_id, direction, state, file_organ_id, file_catalog, file_notation, doc_ordinal, "
    "type_ordinal, number, notation, number_text, issued_date, sender_agency_id, sender_name, "
    "subject, language, page_count, description, signer_position, signer_name, urgency, "
    "confidentiality, issued_amount, due_date, arrival_date, arrival_number, to_places, channel, "
    "register_entry_id, reply_to_id, replaces_id, recall_reason, drafting_unit_id, drafter_id, "
    "created_by, created_at, updated_at, version";

// kColumns with the alias "d." before each name, for statements that join or correlate.
const std::string& AliasedColumns() {
  static const std::string kAliased = [] {
    std::string out = "d.";
    for (const char* c = kColumns; *c != '\0'; ++c) {
      out += *c;
      if (*c == ' ') {
        out += "d.";
      }
    }
    return out;
  }();
  return kAliased;
}

// An optional id column: NULL when unset.
struct OptionalId {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  OptionalId() = default;
  explicit OptionalId(std::int64_t v) : value(v), ind(v > 0 ? soci::i_ok : soci::i_null) {}
  std::int64_t Get() const { return ind == soci::i_ok ? value : 0; }
};

// The mutable columns, bound in this order by Insert and Update.
struct Mutable {
  std::string state, file_organ_id, file_notation, notation, number_text, issued_date, sender_name,
      subject, language, description, signer_position, signer_name, urgency, confidentiality,
      due_date, arrival_date, to_places, channel, recall_reason;
  int file_catalog = 0, doc_ordinal = 0, type_ordinal = 0, page_count = 0, issued_amount = 0;
  long long number = 0, arrival_number = 0;
  OptionalId sender_agency, register_entry, reply_to, replaces, drafting_unit, drafter;

  explicit Mutable(const Document& d)
      : state(d.state),
        file_organ_id(d.file_organ_id),
        file_notation(d.file_notation),
        notation(d.notation),
        number_text(d.number_text),
        issued_date(d.issued_date),
        sender_name(d.sender_name),
        subject(d.subject),
        language(d.language),
        description(d.description),
        signer_position(d.signer_position),
        signer_name(d.signer_name),
        urgency(UrgencyName(d.urgency)),
        confidentiality(ConfidentialityName(d.confidentiality)),
        due_date(d.due_date),
        arrival_date(d.arrival_date),
        to_places(d.to_places),
        channel(ChannelName(d.channel)),
        recall_reason(d.recall_reason),
        file_catalog(d.file_catalog),
        doc_ordinal(d.doc_ordinal),
        type_ordinal(d.type_ordinal),
        page_count(d.page_count),
        issued_amount(d.issued_amount),
        number(d.number),
        arrival_number(d.arrival_number),
        sender_agency(d.sender_agency_id.value()),
        register_entry(d.register_entry_id.value()),
        reply_to(d.reply_to_id.value()),
        replaces(d.replaces_id.value()),
        drafting_unit(d.drafting_unit_id.value()),
        drafter(d.drafter_id.value()) {}
};

// "state = :state, ..." for UPDATE, matching Mutable's binding order.
constexpr const char* kSetMutable =
    "state = :state, file_organ_id = :file_organ_id, file_catalog = :file_catalog, "
    "file_notation = :file_notation, doc_ordinal = :doc_ordinal, type_ordinal = :type_ordinal, "
    "number = :number, notation = :notation, number_text = :number_text, "
    "issued_date = :issued_date, sender_agency_id = :sender_agency_id, "
    "sender_name = :sender_name, subject = :subject, language = :language, "
    "page_count = :page_count, description = :description, signer_position = :signer_position, "
    "signer_name = :signer_name, urgency = :urgency, confidentiality = :confidentiality, "
    "issued_amount = :issued_amount, due_date = :due_date, arrival_date = :arrival_date, "
    "arrival_number = :arrival_number, to_places = :to_places, channel = :channel, "
    "register_entry_id = :register_entry_id, reply_to_id = :reply_to_id, "
    "replaces_id = :replaces_id, recall_reason = :recall_reason, "
    "drafting_unit_id = :drafting_unit_id, drafter_id = :drafter_id";

void BindMutable(soci::statement& st, Mutable& m) {
  st.exchange(soci::use(m.state));
  st.exchange(soci::use(m.file_organ_id));
  st.exchange(soci::use(m.file_catalog));
  st.exchange(soci::use(m.file_notation));
  st.exchange(soci::use(m.doc_ordinal));
  st.exchange(soci::use(m.type_ordinal));
  st.exchange(soci::use(m.number));
  st.exchange(soci::use(m.notation));
  st.exchange(soci::use(m.number_text));
  st.exchange(soci::use(m.issued_date));
  st.exchange(soci::use(m.sender_agency.value, m.sender_agency.ind));
  st.exchange(soci::use(m.sender_name));
  st.exchange(soci::use(m.subject));
  st.exchange(soci::use(m.language));
  st.exchange(soci::use(m.page_count));
  st.exchange(soci::use(m.description));
  st.exchange(soci::use(m.signer_position));
  st.exchange(soci::use(m.signer_name));
  st.exchange(soci::use(m.urgency));
  st.exchange(soci::use(m.confidentiality));
  st.exchange(soci::use(m.issued_amount));
  st.exchange(soci::use(m.due_date));
  st.exchange(soci::use(m.arrival_date));
  st.exchange(soci::use(m.arrival_number));
  st.exchange(soci::use(m.to_places));
  st.exchange(soci::use(m.channel));
  st.exchange(soci::use(m.register_entry.value, m.register_entry.ind));
  st.exchange(soci::use(m.reply_to.value, m.reply_to.ind));
  st.exchange(soci::use(m.replaces.value, m.replaces.ind));
  st.exchange(soci::use(m.recall_reason));
  st.exchange(soci::use(m.drafting_unit.value, m.drafting_unit.ind));
  st.exchange(soci::use(m.drafter.value, m.drafter.ind));
}

struct Row {
  long long id = 0, agency = 0, number = 0, arrival_number = 0, created_at = 0, updated_at = 0,
            version = 0;
  int file_catalog = 0, doc_ordinal = 0, type_ordinal = 0, page_count = 0, issued_amount = 0;
  std::string direction, state, file_organ_id, file_notation, notation, number_text, issued_date,
      sender_name, subject, language, description, signer_position, signer_name, urgency,
      confidentiality, due_date, arrival_date, to_places, channel, recall_reason;
  OptionalId sender_agency, register_entry, reply_to, replaces, drafting_unit, drafter, created_by;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(agency));
    st.exchange(soci::into(direction));
    st.exchange(soci::into(state));
    st.exchange(soci::into(file_organ_id));
    st.exchange(soci::into(file_catalog));
    st.exchange(soci::into(file_notation));
    st.exchange(soci::into(doc_ordinal));
    st.exchange(soci::into(type_ordinal));
    st.exchange(soci::into(number));
    st.exchange(soci::into(notation));
    st.exchange(soci::into(number_text));
    st.exchange(soci::into(issued_date));
    st.exchange(soci::into(sender_agency.value, sender_agency.ind));
    st.exchange(soci::into(sender_name));
    st.exchange(soci::into(subject));
    st.exchange(soci::into(language));
    st.exchange(soci::into(page_count));
    st.exchange(soci::into(description));
    st.exchange(soci::into(signer_position));
    st.exchange(soci::into(signer_name));
    st.exchange(soci::into(urgency));
    st.exchange(soci::into(confidentiality));
    st.exchange(soci::into(issued_amount));
    st.exchange(soci::into(due_date));
    st.exchange(soci::into(arrival_date));
    st.exchange(soci::into(arrival_number));
    st.exchange(soci::into(to_places));
    st.exchange(soci::into(channel));
    st.exchange(soci::into(register_entry.value, register_entry.ind));
    st.exchange(soci::into(reply_to.value, reply_to.ind));
    st.exchange(soci::into(replaces.value, replaces.ind));
    st.exchange(soci::into(recall_reason));
    st.exchange(soci::into(drafting_unit.value, drafting_unit.ind));
    st.exchange(soci::into(drafter.value, drafter.ind));
    st.exchange(soci::into(created_by.value, created_by.ind));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(updated_at));
    st.exchange(soci::into(version));
  }

  Document Get() const {
    Document d;
    d.id = DocumentId(id);
    d.agency_id = AgencyId(agency);
    d.direction = ParseDirection(direction).value_or(Direction::kIncoming);
    d.state = state;
    d.file_organ_id = file_organ_id;
    d.file_catalog = file_catalog;
    d.file_notation = file_notation;
    d.doc_ordinal = doc_ordinal;
    d.type_ordinal = type_ordinal;
    d.number = static_cast<int>(number);
    d.notation = notation;
    d.number_text = number_text;
    d.issued_date = issued_date;
    d.sender_agency_id = AgencyId(sender_agency.Get());
    d.sender_name = sender_name;
    d.subject = subject;
    d.language = language;
    d.page_count = page_count;
    d.description = description;
    d.signer_position = signer_position;
    d.signer_name = signer_name;
    d.urgency = ParseUrgency(urgency).value_or(Urgency::kNormal);
    // An unknown stored value must never make a confidential document ordinary.
    d.confidentiality = ParseConfidentiality(confidentiality).value_or(Confidentiality::kTopSecret);
    d.issued_amount = issued_amount;
    d.due_date = due_date;
    d.arrival_date = arrival_date;
    d.arrival_number = static_cast<int>(arrival_number);
    d.to_places = to_places;
    d.channel = ParseChannel(channel).value_or(Channel::kPaper);
    d.register_entry_id = RegisterEntryId(register_entry.Get());
    d.reply_to_id = DocumentId(reply_to.Get());
    d.replaces_id = DocumentId(replaces.Get());
    d.recall_reason = recall_reason;
    d.drafting_unit_id = UnitId(drafting_unit.Get());
    d.drafter_id = UserId(drafter.Get());
    d.created_by = UserId(created_by.Get());
    d.created_at = created_at;
    d.updated_at = updated_at;
    d.version = version;
    return d;
  }
};

}  // namespace

Document DocumentRepository::Insert(Document d) {
  Mutable m(d);
  long long agency = d.agency_id.value();
  std::string direction = DirectionName(d.direction);
  OptionalId created_by(d.created_by.value());
  long long created_at = d.created_at;
  long long updated_at = d.updated_at;
  // Cached per connection, and the id comes back with the row (RETURNING on both engines): one
  // round trip where PREPARE, EXECUTE, DEALLOCATE and currval() were four on PostgreSQL.
  static const std::string kInsert = std::string(
      "INSERT INTO documents_document (agency_id, direction, state, file_organ_id, file_catalog, "
      "file_notation, doc_ordinal, type_ordinal, number, notation, number_text, issued_date, "
      "sender_agency_id, sender_name, subject, language, page_count, description, "
      "signer_position, signer_name, urgency, confidentiality, issued_amount, due_date, "
      "arrival_date, arrival_number, to_places, channel, register_entry_id, reply_to_id, "
      "replaces_id, recall_reason, drafting_unit_id, drafter_id, created_by, created_at, "
      "updated_at, version) VALUES (:agency, :direction, :state, :file_organ_id, :file_catalog, "
      ":file_notation, :doc_ordinal, :type_ordinal, :number, :notation, :number_text, "
      ":issued_date, :sender_agency_id, :sender_name, :subject, :language, :page_count, "
      ":description, :signer_position, :signer_name, :urgency, :confidentiality, "
      ":issued_amount, :due_date, :arrival_date, :arrival_number, :to_places, :channel, "
      ":register_entry_id, :reply_to_id, :replaces_id, :recall_reason, :drafting_unit_id, "
      ":drafter_id, :created_by, :created_at, :updated_at, 1) RETURNING id");
  long long id = 0;
  auto st = tx_.Prepare(kInsert);
  st->exchange(soci::use(agency));
  st->exchange(soci::use(direction));
  BindMutable(*st, m);
  st->exchange(soci::use(created_by.value, created_by.ind));
  st->exchange(soci::use(created_at));
  st->exchange(soci::use(updated_at));
  st->exchange(soci::into(id));
  st->define_and_bind();
  st->execute(true);
  d.id = DocumentId(id);
  d.version = 1;
  return d;
}

Result<Document> DocumentRepository::Get(DocumentId id) {
  static const std::string kGet =
      std::string("SELECT ") + kColumns + " FROM documents_document WHERE id = :id";
  Row r;
  long long key = id.value();
  auto st = tx_.Prepare(kGet);
  r.Bind(*st);
  st->exchange(soci::use(key));
  st->define_and_bind();
  if (!st->execute(true)) {
    return Error::NotFound("văn bản", std::to_string(id.value()));
  }
  return r.Get();
}

std::vector<Document> DocumentRepository::ListPage(SqlBuilder& page, const std::string& order_by) {
  Row r;
  soci::statement st(tx_.sql());
  r.Bind(st);
  page.Bind(st);
  st.alloc();
  st.prepare("SELECT " + AliasedColumns() + " FROM documents_document d JOIN (" + page.text() +
             ") p ON p.id = d.id ORDER BY " + order_by);
  st.define_and_bind();
  st.execute(false);
  std::vector<Document> out;
  while (st.fetch()) {
    out.push_back(r.Get());
  }
  return out;
}

Result<Document> DocumentRepository::Update(const Document& d, std::int64_t updated_at) {
  Mutable m(d);
  long long updated = updated_at;
  long long id = d.id.value();
  long long expected = d.version;
  // Optimistic concurrency (decision 0009): the row changes only if nobody changed it since the
  // caller read version `expected`; the check and the increment are one statement.
  static const std::string kUpdate = std::string("UPDATE documents_document SET ") + kSetMutable +
                                     ", updated_at = :updated_at, version = version + 1"
                                     " WHERE id = :id AND version = :expected";
  auto st = tx_.Prepare(kUpdate);
  BindMutable(*st, m);
  st->exchange(soci::use(updated));
  st->exchange(soci::use(id));
  st->exchange(soci::use(expected));
  st->define_and_bind();
  st->execute(true);
  if (st->get_affected_rows() == 0) {
    CQDT_RETURN_IF_ERROR(Get(d.id));  // gone: kNotFound
    return Error::Conflict(
        "Văn bản vừa được người khác thay đổi. Hãy tải lại văn bản rồi thực hiện lại thao tác.");
  }
  Document out = d;
  out.updated_at = updated_at;
  out.version = d.version + 1;
  return out;
}

void DocumentRepository::AddEvent(const DocumentEvent& e) {
  long long document = e.document_id.value();
  long long agency = e.agency_id.value();
  long long at = e.at;
  OptionalId actor(e.actor_id.value());
  db::Run(tx_,
          "INSERT INTO documents_event (document_id, agency_id, at, actor_id, actor_name,"
          " action, detail, client_address, request_id) VALUES (:d, :a, :at, :actor,"
          " :name, :action, :detail, :address, :request)",
          soci::use(document), soci::use(agency), soci::use(at), soci::use(actor.value, actor.ind),
          soci::use(e.actor_name), soci::use(e.action), soci::use(e.detail),
          soci::use(e.client_address), soci::use(e.request_id));
}

std::vector<DocumentEvent> DocumentRepository::Events(DocumentId id) {
  long long key = id.value();
  DocumentEvent e;
  long long event_id = 0, agency = 0, at = 0;
  OptionalId actor;
  soci::statement st =
      (tx_.sql().prepare << "SELECT id, agency_id, at, actor_id, actor_name, action, detail,"
                            " client_address, request_id FROM documents_event"
                            " WHERE document_id = :d ORDER BY at, id",
       soci::use(key), soci::into(event_id), soci::into(agency), soci::into(at),
       soci::into(actor.value, actor.ind), soci::into(e.actor_name), soci::into(e.action),
       soci::into(e.detail), soci::into(e.client_address), soci::into(e.request_id));
  st.execute(false);
  std::vector<DocumentEvent> out;
  while (st.fetch()) {
    e.id = event_id;
    e.document_id = id;
    e.agency_id = AgencyId(agency);
    e.at = at;
    e.actor_id = UserId(actor.Get());
    out.push_back(e);
  }
  return out;
}

Status DocumentRepository::AddGrant(const DocumentGrant& g) {
  long long document = g.document_id.value();
  long long user = g.user_id.value();
  OptionalId by(g.granted_by.value());
  long long at = g.granted_at;
  soci::statement st =
      (tx_.sql().prepare
           << "INSERT INTO documents_grant (document_id, agency_id, user_id, granted_by,"
              " granted_at, reason) SELECT id, agency_id, :u, :by, :at, :reason"
              " FROM documents_document WHERE id = :d ON CONFLICT DO NOTHING",
       soci::use(user), soci::use(by.value, by.ind), soci::use(at), soci::use(g.reason),
       soci::use(document));
  st.execute(true);
  if (st.get_affected_rows() == 0) {
    CQDT_RETURN_IF_ERROR(Get(g.document_id));
    return Error::Conflict("Người này đã được cho phép xem văn bản.");
  }
  return Ok();
}

std::vector<DocumentGrant> DocumentRepository::Grants(DocumentId id) {
  long long key = id.value();
  long long user = 0, at = 0;
  OptionalId by;
  std::string reason;
  auto st = db::Prepare(tx_,
                        "SELECT user_id, granted_by, granted_at, reason FROM documents_grant"
                        " WHERE document_id = :d ORDER BY user_id",
                        soci::use(key), soci::into(user), soci::into(by.value, by.ind),
                        soci::into(at), soci::into(reason));
  st->execute(false);
  std::vector<DocumentGrant> out;
  while (st->fetch()) {
    out.push_back({id, UserId(user), UserId(by.Get()), at, reason});
  }
  return out;
}

}  // namespace cqdt::documents
