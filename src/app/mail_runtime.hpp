// Official e-mail in one serving process (issue 15; private to app): the sealed accounts, the
// templates and preferences, the worker that delivers the notices outbox, the thread that runs
// it, and its Prometheus counters. Built only when [mail] enabled = true; otherwise notices stay
// on the web and their e-mail state stays pending.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/config.hpp"
#include "mailroom/accounts.hpp"
#include "mailroom/delivery.hpp"
#include "mailroom/dkim_keys.hpp"
#include "mailroom/intake.hpp"
#include "mailroom/intake_signatures.hpp"
#include "mailroom/mailbox_client.hpp"
#include "mailroom/preferences.hpp"
#include "mailroom/templates.hpp"
#include "notify/email_channel.hpp"
#include "services.hpp"

namespace cqdt::app {

// Staff users and citizens with their e-mail address, name and agency.
class IdentityMailDirectory final : public mailroom::Directory {
 public:
  IdentityMailDirectory(identity::IdentityService& identity, org::AgencyService& agencies)
      : identity_(identity), agencies_(agencies) {}
  std::optional<Person> Find(db::Transaction& tx, const notify::Recipient& r) override;

 private:
  identity::IdentityService& identity_;
  org::AgencyService& agencies_;
};

struct MailRuntime {
  // Errors: a key file that cannot be read or made, a templates file or DKIM key that does not
  // load (the server refuses to start rather than send unsigned or unformatted mail).
  // `digests` (may be null): the lines of the officials' daily digest.
  static Result<std::unique_ptr<MailRuntime>> Create(Services& s, const Config& config,
                                                     mailroom::DigestSource* digests);
  ~MailRuntime();

  std::optional<mailroom::SecretBox> box;
  std::unique_ptr<mailroom::MailAccounts> accounts;
  std::unique_ptr<mailroom::TemplateStore> templates;
  std::unique_ptr<mailroom::Preferences> preferences;
  std::unique_ptr<notify::EmailChannel> channel;
  std::unique_ptr<IdentityMailDirectory> directory;
  std::unique_ptr<mailroom::SmtpTransport> transport;
  std::unique_ptr<mailroom::DeliveryWorker> worker;
  // Documents received by e-mail: the official mailboxes read every [mail] poll_seconds.
  std::unique_ptr<mailroom::ImapMailboxConnector> connector;
  std::unique_ptr<mailroom::DkimKeyLookup> dkim_keys;
  std::unique_ptr<mailroom::SigningSignatureCheck> signatures;
  std::unique_ptr<mailroom::IntakeService> intake;

  // Runs the worker on a thread of its own: pass after pass while work is due, every second while
  // idle (at once when woken), 5 s after a failure; and the mailboxes on another, every
  // `poll_seconds`. Stopped and joined by Stop() or the destructor.
  void Start(db::Database& db, int poll_seconds);
  void Stop();
  // A notice was written (after its commit): an idle worker starts a pass now instead of at its
  // next poll. Any thread.
  void Wake();
  std::string RenderMetrics() const;

 private:
  void Loop();
  void PollLoop(db::Database* db, int poll_seconds);
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
  std::thread poll_thread_;
};

}  // namespace cqdt::app
