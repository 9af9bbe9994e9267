// The exchange module's tables (hub.hpp, partners.hpp; decision 0019).
#include "exchange/hub.hpp"

namespace cqdt::exchange {

std::vector<db::Migration> Migrations() {
  return {
      {"exchange", 1, "create_exchange_hub",
       // Member systems and peer hubs; a member's secret is kept as its SHA-256 only (the
       // secret is 32 random bytes: no dictionary to guess from).
       "CREATE TABLE exchange_partner ("
       " id {{pk}},"
       " kind TEXT NOT NULL,"
       " code TEXT NOT NULL UNIQUE,"
       " name TEXT NOT NULL,"
       " base_url TEXT NOT NULL,"
       " certificate TEXT NOT NULL,"
       " secret_sha256 TEXT,"
       " signature_policy TEXT NOT NULL,"
       " enabled INTEGER NOT NULL,"
       " created_at {{bigint}} NOT NULL,"
       " updated_at {{bigint}} NOT NULL);\n"
       "CREATE UNIQUE INDEX exchange_partner_secret ON exchange_partner (secret_sha256);\n"
       // A member's agencies (exact codes) or a peer's route patterns.
       "CREATE TABLE exchange_partner_agency ("
       " partner_id {{bigint}} NOT NULL REFERENCES exchange_partner (id),"
       " pattern TEXT NOT NULL,"
       " PRIMARY KEY (partner_id, pattern));\n"
       "CREATE INDEX exchange_partner_agency_pattern ON exchange_partner_agency (pattern);\n"
       // Every package the hub holds, accepted or refused, its bytes in the blob store.
       "CREATE TABLE exchange_message ("
       " id {{pk}},"
       " sha256 TEXT NOT NULL,"
       " size {{bigint}} NOT NULL,"
       " kind TEXT NOT NULL,"
       " document_id TEXT NOT NULL,"
       " from_organ TEXT NOT NULL,"
       " status_code TEXT NOT NULL,"
       " subject TEXT NOT NULL,"
       " source TEXT NOT NULL,"
       " source_partner_id {{bigint}},"
       " accepted INTEGER NOT NULL,"
       " refusal_reason TEXT NOT NULL,"
       " refusal_message TEXT NOT NULL,"
       " warnings TEXT NOT NULL,"
       " received_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX exchange_message_document ON exchange_message (document_id);\n"
       "CREATE INDEX exchange_message_partner ON exchange_message (source_partner_id, id);\n"
       // One per (message, recipient); `receipt` makes a second receipt of the same bytes
       // for the same recipient a no-op (DocumentId | recipient | SHA-256).
       "CREATE TABLE exchange_delivery ("
       " id {{pk}},"
       " message_id {{bigint}} NOT NULL REFERENCES exchange_message (id),"
       " recipient TEXT NOT NULL,"
       " route TEXT NOT NULL,"
       " partner_id {{bigint}},"
       " agency_id {{bigint}},"
       " state TEXT NOT NULL,"
       " attempts INTEGER NOT NULL,"
       " next_attempt_at {{bigint}} NOT NULL,"
       " last_error TEXT NOT NULL,"
       " delivered_at {{bigint}},"
       " created_at {{bigint}} NOT NULL,"
       " receipt TEXT NOT NULL UNIQUE);\n"
       "CREATE INDEX exchange_delivery_due ON exchange_delivery (state, route, next_attempt_at);\n"
       "CREATE INDEX exchange_delivery_partner ON exchange_delivery (partner_id, state, id);\n"
       "CREATE INDEX exchange_delivery_message ON exchange_delivery (message_id);\n"
       "CREATE TABLE exchange_hop ("
       " id {{pk}},"
       " message_id {{bigint}} NOT NULL REFERENCES exchange_message (id),"
       " delivery_id {{bigint}},"
       " at {{bigint}} NOT NULL,"
       " from_node TEXT NOT NULL,"
       " to_node TEXT NOT NULL,"
       " result TEXT NOT NULL,"
       " detail TEXT NOT NULL);\n"
       "CREATE INDEX exchange_hop_message ON exchange_hop (message_id, id);\n"
       // Document packages for an agency of this instance: its clerks' queue.
       "CREATE TABLE exchange_reception ("
       " id {{pk}},"
       " delivery_id {{bigint}} NOT NULL UNIQUE REFERENCES exchange_delivery (id),"
       " message_id {{bigint}} NOT NULL REFERENCES exchange_message (id),"
       " agency_id {{bigint}} NOT NULL,"
       " document_id TEXT NOT NULL,"
       " sender_organ TEXT NOT NULL,"
       " sender_name TEXT NOT NULL,"
       " subject TEXT NOT NULL,"
       " business INTEGER NOT NULL,"
       " state TEXT NOT NULL,"
       " status TEXT NOT NULL,"
       " incoming_document_id {{bigint}},"
       " note TEXT NOT NULL,"
       " version INTEGER NOT NULL,"
       " received_at {{bigint}} NOT NULL,"
       " updated_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX exchange_reception_queue ON exchange_reception (agency_id, state, id);\n"
       "CREATE INDEX exchange_reception_document ON exchange_reception (document_id)"},
      // The packages of this instance's own released documents (outbound.hpp): which document a
      // DocumentId names, for the STATUS packages that come back.
      {"exchange", 2, "create_exchange_outbound",
       "CREATE TABLE exchange_outbound ("
       " id {{pk}},"
       " document_id {{bigint}} NOT NULL,"
       " edxml_document_id TEXT NOT NULL,"
       " message_id {{bigint}} NOT NULL REFERENCES exchange_message (id),"
       " created_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX exchange_outbound_edxml ON exchange_outbound (edxml_document_id)"},
      // Revoke, update and replace (edxml.md §3.4): the sender's recall of a received document
      // and the clerk's answer; what an update or replacement replaces; the kind of each
      // outbound package ("new", "revoke").
      {"exchange", 3, "add_exchange_business",
       "ALTER TABLE exchange_reception ADD COLUMN recall_state TEXT NOT NULL DEFAULT '';\n"
       "ALTER TABLE exchange_reception ADD COLUMN recall_reason TEXT NOT NULL DEFAULT '';\n"
       "ALTER TABLE exchange_reception ADD COLUMN recall_answer TEXT NOT NULL DEFAULT '';\n"
       "ALTER TABLE exchange_reception ADD COLUMN recall_at {{bigint}};\n"
       "ALTER TABLE exchange_reception ADD COLUMN replaced_by {{bigint}};\n"
       "CREATE INDEX exchange_reception_recall ON exchange_reception (agency_id, recall_state);\n"
       "CREATE TABLE exchange_reception_link ("
       " reception_id {{bigint}} NOT NULL REFERENCES exchange_reception (id),"
       " target_document_id TEXT NOT NULL,"
       " target_reception_id {{bigint}},"
       " PRIMARY KEY (reception_id, target_document_id));\n"
       "ALTER TABLE exchange_outbound ADD COLUMN kind TEXT NOT NULL DEFAULT 'new'"},
      // When a forwarder claimed a peer delivery for an attempt (ClaimForward), until the
      // attempt is recorded: the only instance of a SQLite database releases the claims a
      // stopped process left (ReleaseClaims) instead of waiting out their lease.
      {"exchange", 4, "add_exchange_delivery_claimed_at",
       "ALTER TABLE exchange_delivery ADD COLUMN claimed_at {{bigint}}"}};
}

}  // namespace cqdt::exchange
