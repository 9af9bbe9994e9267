#include "mailroom/schema.hpp"

namespace cqdt::mailroom {

std::vector<db::Migration> Migrations() {
  // Times are Unix seconds (UTC). Passwords are sealed (accounts.hpp): the column holds
  // base64(nonce || secretbox), never the password.
  return {{"mailroom", 1, "create_mailroom_account",
           "CREATE TABLE mailroom_account ("
           " id {{pk}},"
           " agency_id {{bigint}} NOT NULL UNIQUE,"
           " from_address TEXT NOT NULL,"
           " from_name TEXT NOT NULL,"
           " smtp_host TEXT NOT NULL,"
           " smtp_port INTEGER NOT NULL,"
           " smtp_tls TEXT NOT NULL CHECK (smtp_tls IN ('starttls', 'tls', 'none')),"
           " smtp_username TEXT NOT NULL,"
           " smtp_password_sealed TEXT NOT NULL,"
           " imap_host TEXT NOT NULL,"
           " imap_port INTEGER NOT NULL,"
           " imap_tls TEXT NOT NULL CHECK (imap_tls IN ('starttls', 'tls', 'none')),"
           " imap_username TEXT NOT NULL,"
           " imap_password_sealed TEXT NOT NULL,"
           " imap_folder TEXT NOT NULL,"
           " imap_done_folder TEXT NOT NULL,"
           " enabled INTEGER NOT NULL,"
           " updated_by TEXT NOT NULL,"
           " updated_at {{bigint}} NOT NULL)"},
          {"mailroom", 2, "create_mailroom_template",
           "CREATE TABLE mailroom_template ("
           " kind TEXT PRIMARY KEY,"
           " subject_vi TEXT NOT NULL,"
           " subject_en TEXT NOT NULL,"
           " body_vi TEXT NOT NULL,"
           " body_en TEXT NOT NULL,"
           " updated_by TEXT NOT NULL,"
           " updated_at {{bigint}} NOT NULL)"},
          {"mailroom", 3, "create_mailroom_preference",
           "CREATE TABLE mailroom_preference ("
           " recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('user', 'citizen')),"
           " recipient_id {{bigint}} NOT NULL,"
           " kind TEXT NOT NULL,"
           " enabled INTEGER NOT NULL,"
           " updated_at {{bigint}} NOT NULL,"
           " PRIMARY KEY (recipient_kind, recipient_id, kind))"},
          // Documents received by e-mail (intake.hpp): one row per message read from an
          // agency's mailbox, unique per mailbox, UIDVALIDITY and UID (a UID names a message only
          // within its folder and validity, RFC 3501 §2.3.1.1); the Message-ID index finds a
          // message seen before under another UID. Files are in the blob store by SHA-256.
          {"mailroom", 4, "create_mailroom_intake",
           "CREATE TABLE mailroom_intake ("
           " id {{pk}},"
           " agency_id {{bigint}} NOT NULL,"
           " mailbox TEXT NOT NULL,"
           " uidvalidity {{bigint}} NOT NULL,"
           " uid {{bigint}} NOT NULL,"
           " message_id TEXT NOT NULL,"
           " content_sha256 TEXT NOT NULL,"
           " from_address TEXT NOT NULL,"
           " from_name TEXT NOT NULL,"
           " subject TEXT NOT NULL,"
           " sent_at {{bigint}},"
           " received_at {{bigint}} NOT NULL,"
           " size {{bigint}} NOT NULL,"
           " header_only INTEGER NOT NULL,"
           " raw_sha256 TEXT NOT NULL,"
           " body_text TEXT NOT NULL,"
           " body_html TEXT NOT NULL,"
           " dkim_result TEXT NOT NULL,"
           " dkim_domain TEXT NOT NULL,"
           " dkim_reason TEXT NOT NULL,"
           " dkim_detail TEXT NOT NULL,"
           " spf_result TEXT NOT NULL,"
           " spf_detail TEXT NOT NULL,"
           " warnings TEXT NOT NULL,"
           " warning_count INTEGER NOT NULL,"
           " file_count INTEGER NOT NULL,"
           " state TEXT NOT NULL CHECK (state IN ('received', 'registered', 'discarded')),"
           " document_id {{bigint}},"
           " discard_reason TEXT NOT NULL,"
           " handled_by TEXT NOT NULL,"
           " handled_at {{bigint}} NOT NULL,"
           " version {{bigint}} NOT NULL,"
           " UNIQUE (agency_id, mailbox, uidvalidity, uid));\n"
           "CREATE INDEX mailroom_intake_message_id ON mailroom_intake (agency_id, message_id);\n"
           "CREATE INDEX mailroom_intake_queue ON mailroom_intake (agency_id, state, id);\n"
           "CREATE TABLE mailroom_intake_file ("
           " id {{pk}},"
           " intake_id {{bigint}} NOT NULL REFERENCES mailroom_intake (id),"
           " position INTEGER NOT NULL,"
           " name TEXT NOT NULL,"
           " original_name TEXT NOT NULL,"
           " content_type TEXT NOT NULL,"
           " detected_type TEXT NOT NULL,"
           " size {{bigint}} NOT NULL,"
           " sha256 TEXT NOT NULL,"
           " signature_indication TEXT NOT NULL,"
           " signature_signer TEXT NOT NULL,"
           " signature_detail TEXT NOT NULL,"
           " signature_count INTEGER NOT NULL,"
           " warnings TEXT NOT NULL,"
           " UNIQUE (intake_id, position))"}};
}

}  // namespace cqdt::mailroom
