#include "mailroom/delivery.hpp"

#include <exception>
#include <set>
#include <thread>

#include "crypto/x509.hpp"
#include "delivery_impl.hpp"

namespace cqdt::mailroom {

mail::SmtpResult SmtpTransport::Send(const mail::SmtpServer& server, const std::string& mail_from,
                                     const std::vector<std::string>& recipients,
                                     const std::string& message) {
  const std::string key = internal::ServerKey(server) + "|" + mail::TlsModeName(server.tls) + "|" +
                          server.password + "|" + server.ca_file;
  std::unique_ptr<mail::SmtpSession> session;
  {
    std::lock_guard lock(mutex_);
    auto& idle = idle_[key];
    if (!idle.empty()) {
      session = std::move(idle.back());
      idle.pop_back();
    }
  }
  if (!session) {
    session = std::make_unique<mail::SmtpSession>(server);
  }
  mail::SmtpResult r = session->Send(mail_from, recipients, message);
  std::lock_guard lock(mutex_);
  idle_[key].push_back(std::move(session));
  return r;
}

DeliveryWorker::DeliveryWorker(db::Database& db, const notify::EmailChannel& channel,
                               const MailAccounts& accounts, const TemplateStore& templates,
                               const Preferences& preferences, Directory& directory,
                               DigestSource* digests, Transport& transport, const Clock& clock,
                               DeliveryOptions options)
    : impl_(std::make_unique<Impl>(db, channel, accounts, templates, preferences, directory,
                                   digests, transport, clock, std::move(options))) {}

DeliveryWorker::~DeliveryWorker() = default;

DeliveryCounters DeliveryWorker::Counters() const {
  return {impl_->sent.load(), impl_->deferred.load(), impl_->failed.load(), impl_->skipped.load()};
}

Result<int> DeliveryWorker::RunOnce() { return Run(1, {}); }

Result<int> DeliveryWorker::Run(int max_groups, const std::function<bool()>& keep_going) {
  Impl& w = *impl_;
  CQDT_ASSIGN_OR_RETURN(Impl::Group group, w.Plan({}));
  int handled = 0;
  std::vector<Impl::Outcome> before;  // the group sent before this one, not recorded yet
  for (int n = 1;; ++n) {
    if (group.skipped == 0 && group.planned.empty()) {
      break;
    }
    handled += group.skipped;
    // While this group is sent, the one before it is recorded and the next one is read,
    // rendered and marked, so the connections never wait for the database. The next group
    // leaves out this one's notices (pending until recorded).
    std::vector<Impl::Outcome> outcomes;
    std::exception_ptr send_fault, fault;
    Status recorded = Ok();
    std::optional<Result<Impl::Group>> next;
    std::thread sender([&] {
      try {
        outcomes = w.Send(group.planned);
      } catch (...) {
        send_fault = std::current_exception();
      }
    });
    try {
      recorded = w.Record(before);
      if (recorded) {
        handled += Impl::Tried(before);
        before.clear();
        if (n < max_groups && (!keep_going || keep_going())) {
          std::set<std::int64_t> in_flight;
          for (const Impl::Planned& p : group.planned) {
            in_flight.insert(p.item.message.id.value());
          }
          next = w.Plan(in_flight);
        }
      }
    } catch (...) {
      fault = std::current_exception();
    }
    sender.join();
    if (send_fault) {
      std::rethrow_exception(send_fault);
    }
    if (!fault && recorded && next && *next) {
      before = std::move(outcomes);
      group = std::move(**next);
      continue;
    }
    // The last group, or a fault: what this group sent is recorded first.
    CQDT_RETURN_IF_ERROR(w.Record(outcomes));
    handled += Impl::Tried(outcomes);
    if (fault) {
      std::rethrow_exception(fault);
    }
    if (!recorded) {
      return recorded.error();
    }
    if (next && !*next) {
      return next->error();
    }
    return handled;
  }
  CQDT_RETURN_IF_ERROR(w.Record(before));
  return handled + Impl::Tried(before);
}

Result<mail::SmtpResult> DeliveryWorker::SendTest(db::Transaction& tx, AgencyId agency,
                                                  const std::string& address,
                                                  const std::string& name) {
  Impl& w = *impl_;
  std::string error;
  auto sender = w.SenderFor(tx, agency, &error);
  if (!sender) {
    return Error::Unavailable(error);
  }
  Directory::Person person{address, name, agency, ""};
  notify::EmailItem item;
  item.message.kind = "mail.test";
  item.message.text_vi = "Đây là thư thử nghiệm cấu hình gửi thư điện tử của hệ thống.";
  item.message.text_en = "This is a test of the system's e-mail settings.";
  TemplateValues values = w.Values(tx, item, person, *sender, true);
  const RenderedMail r = TemplateStore::Render(w.templates.For(tx, "mail.test"), values);
  CQDT_ASSIGN_OR_RETURN(std::string bytes,
                        w.Build(*sender, person, r, w.ProposedMessageId(sender->from.address), ""));
  return w.transport.Send(sender->server, sender->from.address, {address}, bytes);
}

}  // namespace cqdt::mailroom
