// Which notices a person receives by e-mail (issue 15 item 2): every kind is on until the
// person turns it off, except the legally required ones (TemplateStore::IsRequired), which
// cannot be turned off. The one-click opt-out link of a bulk notice (List-Unsubscribe, RFC 8058)
// carries a token: an HMAC-SHA256 of (recipient, kind) under a key from the configuration, so
// that nobody can turn off another person's notices without the link sent to them.
//
// Requires: any transaction for reads, a write transaction for Set.
// Thread safety: immutable after construction; share it.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "mailroom/templates.hpp"
#include "notify/outbox.hpp"

namespace cqdt::mailroom {

struct Preference {
  std::string kind;
  std::string name_vi, name_en;
  bool enabled = true;
  bool required = false;
};

class Preferences {
 public:
  // `token_key`: at least 32 bytes of secret (kept by the caller for the process's life).
  Preferences(const TemplateStore& templates, std::string token_key);

  // The kinds of the recipient's audience with the recipient's choice ("staff" kinds for a user,
  // "citizen" kinds for a citizen; "all" kinds for both; never "*").
  std::vector<Preference> List(db::Transaction& tx, const notify::Recipient& recipient) const;
  // False only when the recipient turned `kind` off and it is not required.
  bool Wants(db::Transaction& tx, const notify::Recipient& recipient,
             const std::string& kind) const;
  // kInvalidArgument (field "kind"): unknown kind, or turning off a required one.
  Status Set(db::Transaction& tx, const notify::Recipient& recipient, const std::string& kind,
             bool enabled, std::int64_t now) const;

  // URL-safe token for the opt-out link; Parse gives back (recipient, kind), or kUnauthenticated
  // for anything forged or malformed (one answer for all).
  std::string Token(const notify::Recipient& recipient, const std::string& kind) const;
  Result<std::pair<notify::Recipient, std::string>> ParseToken(const std::string& token) const;

 private:
  const TemplateStore& templates_;
  std::string key_;
};

}  // namespace cqdt::mailroom
