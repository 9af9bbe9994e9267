// Delivering the notices outbox by e-mail (issue 15 item 1): the worker that takes the notices
// due on the e-mail channel (notify/email_channel.hpp), oldest first, and for each one:
//   - skips it, with the reason on the notice, when it is older than `max_age` (e-mail was just
//     turned on over a long history), its recipient has no address, or turned the kind off;
//   - renders its template (templates.hpp), builds the MIME message (mail/mime.hpp: text and
//     HTML, List-Unsubscribe for the kinds one may turn off) and signs it with DKIM when a key is
//     configured;
//   - marks it before sending (the Message-ID, kept for any resend) and after: sent; deferred
//     with exponential backoff and jitter on a temporary failure (4xx, no connection); failed on
//     a permanent one (5xx) or after `max_attempts`.
// Marks are written a group at a time (one transaction before the group is sent, one after), so
// a crash between them resends at most that group, each message with its first Message-ID.
// Run overlaps the groups: while one is sent, the one before it is recorded and the next is
// read, rendered and marked, so a crash resends at most the two groups under way (a notice
// marked but not yet sent is simply sent later, once); within a group, builder threads render
// MIME and sign DKIM ahead of the SMTP connections.
//
// Order: notices go out in the order they were written. When a server is unreachable the rest of
// the pass for that server waits (nothing is skipped ahead of it), and the server is tried again
// after a backoff; when it returns, the waiting notices go in order. A domain over its rate limit
// (`per_domain_per_minute`) waits the same way, so a burst to one provider cannot get the
// province's server blocked.
//
// Thread safety: RunOnce and Run from one thread (the server's mail thread); Counters from any.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "mail/smtp.hpp"
#include "mailroom/accounts.hpp"
#include "mailroom/preferences.hpp"
#include "mailroom/templates.hpp"
#include "notify/email_channel.hpp"

namespace cqdt::crypto {
class PrivateKey;
}

namespace cqdt::mailroom {

// Who a recipient is, as e-mail needs it (implemented in app over identity and org).
class Directory {
 public:
  virtual ~Directory() = default;
  struct Person {
    std::string address;  // "" when none
    std::string name;
    AgencyId agency;          // a staff user's agency; 0 for a citizen
    std::string agency_name;  // "" for a citizen
  };
  virtual std::optional<Person> Find(db::Transaction& tx, const notify::Recipient& r) = 0;
};

// The lines of a person's daily digest (their open and overdue work), for "mail.digest".
class DigestSource {
 public:
  virtual ~DigestSource() = default;
  virtual std::vector<std::string> Items(db::Transaction& tx, UserId user) = 0;
};

// Sends one message through one server (sessions kept open between messages). Called from
// several threads at once when DeliveryOptions::sessions > 1.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual mail::SmtpResult Send(const mail::SmtpServer& server, const std::string& mail_from,
                                const std::vector<std::string>& recipients,
                                const std::string& message) = 0;
};

// libcurl sessions per server (host, port, user), kept open and reused; safe to call from
// several threads at once (each call takes an idle session of that server, or opens one).
class SmtpTransport : public Transport {
 public:
  mail::SmtpResult Send(const mail::SmtpServer& server, const std::string& mail_from,
                        const std::vector<std::string>& recipients,
                        const std::string& message) override;

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<std::unique_ptr<mail::SmtpSession>>> idle_;
};

struct DeliveryOptions {
  std::string public_base_url;  // links: base + the notice's path ("" = no links)
  std::string ca_file;          // PEM bundle trusted for the mail servers ("" = the system's)
  // The server used when no account (agency's or default) is stored: [mail] smtp_* in the
  // configuration. Empty host = none.
  mail::SmtpServer config_server;
  std::string config_from_address, config_from_name;
  // DKIM ("" domain = unsigned).
  std::string dkim_domain, dkim_selector;
  std::shared_ptr<const crypto::PrivateKey> dkim_key;
  int per_domain_per_minute = 120;
  int max_attempts = 10;
  std::chrono::seconds first_retry{60};
  std::chrono::seconds max_retry{3600};
  std::chrono::hours max_age{72};
  int batch = 200;
  // SMTP sessions a pass sends over at once (1: strictly one after another, in order; more: a
  // group's messages are started in order over that many connections).
  int sessions = 1;
  std::string instance_name = "Chính quyền điện tử";  // the sender name when nothing else is set
};

struct DeliveryCounters {
  std::int64_t sent = 0, deferred = 0, failed = 0, skipped = 0;
};

class DeliveryWorker {
 public:
  DeliveryWorker(db::Database& db, const notify::EmailChannel& channel,
                 const MailAccounts& accounts, const TemplateStore& templates,
                 const Preferences& preferences, Directory& directory, DigestSource* digests,
                 Transport& transport, const Clock& clock, DeliveryOptions options);
  ~DeliveryWorker();

  // One pass over the notices due; returns how many were handled (sent, deferred, failed or
  // skipped). Errors: database faults only.
  Result<int> RunOnce();

  // Groups one after another until none is due, `max_groups` were handled or `keep_going` says
  // stop (asked before each next group); each group is sent while the next one is read and
  // marked. The server's mail thread uses this; RunOnce is Run(1).
  Result<int> Run(int max_groups, const std::function<bool()>& keep_going);

  // Renders and builds one e-mail to `address` without the outbox (the admin's test button):
  // the "mail.test" template, sent through the agency's account. kUnavailable when no server is
  // configured; the SMTP outcome otherwise.
  Result<mail::SmtpResult> SendTest(db::Transaction& tx, AgencyId agency,
                                    const std::string& address, const std::string& name);

  DeliveryCounters Counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cqdt::mailroom
