// E-mail accounts (issue 15 item 4): for each agency, the SMTP server its notices leave through
// and the official mailbox (IMAP) its documents arrive in. Agency 0 is the instance's default,
// used for agencies without their own; [mail] in the configuration may also give the default
// SMTP server (config_default, never stored).
//
// Passwords are sealed with libsodium's secretbox (XSalsa20-Poly1305) under a 32-byte key from the
// configuration ([mail] secret_key_file); the table holds base64(nonce || box). They are never
// returned by List/Get (`has_password` says whether one is set), never logged, and an update
// that leaves a password empty keeps the stored one.
//
// Requires: any transaction for reads, a write transaction for Put / Remove.
// Thread safety: immutable after construction; share it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "mail/smtp.hpp"

namespace cqdt::mailroom {

// A 32-byte key (crypto_secretbox_KEYBYTES) that seals and opens the passwords.
class SecretBox {
 public:
  // kInvalidArgument when the key is not 32 bytes.
  static Result<SecretBox> FromKey(std::string key);
  // Reads the key file (32 raw bytes, or 64 hex digits, or 44 base64 characters); creates it
  // with a fresh random key (mode 0600) when it does not exist.
  static Result<SecretBox> FromFile(const std::string& path);

  std::string Seal(const std::string& plain) const;  // "" for ""
  // kUnauthenticated when the box was not sealed with this key (a changed key file).
  Result<std::string> Open(const std::string& sealed) const;
  // A 32-byte key for another purpose (the opt-out links' HMAC), derived from this one with
  // BLAKE2b keyed by it over `label`: one secret file, independent keys.
  std::string DeriveKey(std::string_view label) const;

 private:
  explicit SecretBox(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

struct MailAccount {
  std::int64_t id = 0;
  AgencyId agency_id;  // 0: the instance's default
  std::string from_address, from_name;
  std::string smtp_host;
  int smtp_port = 587;
  mail::TlsMode smtp_tls = mail::TlsMode::kStartTls;
  std::string smtp_username;
  bool smtp_has_password = false;
  std::string imap_host;  // "" = no mailbox read for this agency
  int imap_port = 993;
  mail::TlsMode imap_tls = mail::TlsMode::kImplicit;
  std::string imap_username;
  bool imap_has_password = false;
  std::string imap_folder = "INBOX";
  std::string imap_done_folder = "Da-xu-ly";
  bool enabled = true;
  std::string updated_by;
  std::int64_t updated_at = 0;
};

struct MailAccountInput {
  std::string from_address, from_name;
  std::string smtp_host;
  int smtp_port = 587;
  std::string smtp_tls = "starttls";
  std::string smtp_username;
  std::optional<std::string> smtp_password;  // nullopt or "": keep the stored one
  std::string imap_host;
  int imap_port = 993;
  std::string imap_tls = "tls";
  std::string imap_username;
  std::optional<std::string> imap_password;
  std::string imap_folder = "INBOX";
  std::string imap_done_folder = "Da-xu-ly";
  bool enabled = true;
};

class MailAccounts {
 public:
  MailAccounts(const SecretBox& box) : box_(box) {}

  std::vector<MailAccount> List(db::Transaction& tx) const;
  std::optional<MailAccount> Get(db::Transaction& tx, AgencyId agency) const;
  // The account an agency sends with: its own when enabled, else agency 0's when enabled.
  std::optional<MailAccount> ForSending(db::Transaction& tx, AgencyId agency) const;
  // Creates or replaces the agency's account. kInvalidArgument with one FieldError per bad field
  // (fromAddress, fromName, smtpHost, smtpPort, smtpTls, smtpUsername, imapHost, imapPort,
  // imapTls, imapUsername, imapFolder, imapDoneFolder): a plain (`none`) connection only to a
  // host on this machine.
  Result<MailAccount> Put(db::Transaction& tx, AgencyId agency, const MailAccountInput& in,
                          const std::string& updated_by, std::int64_t now) const;
  // kNotFound when the agency has none.
  Status Remove(db::Transaction& tx, AgencyId agency) const;

  // The SMTP / IMAP connection settings with the opened password (for the worker only).
  Result<mail::SmtpServer> SmtpOf(db::Transaction& tx, const MailAccount& account) const;
  struct ImapLogin {
    std::string host;
    int port = 993;
    mail::TlsMode tls = mail::TlsMode::kImplicit;
    std::string username, password, folder, done_folder;
  };
  Result<ImapLogin> ImapOf(db::Transaction& tx, const MailAccount& account) const;

 private:
  Result<std::string> Password(db::Transaction& tx, AgencyId agency, const char* column) const;

  const SecretBox& box_;
};

}  // namespace cqdt::mailroom
