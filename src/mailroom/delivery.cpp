#include "mailroom/delivery.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <random>
#include <set>
#include <thread>
#include <tuple>

#include "core/text.hpp"
#include "crypto/x509.hpp"
#include "mail/dkim.hpp"
#include "mail/mime.hpp"

namespace cqdt::mailroom {
namespace {

std::string DomainOf(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "" : AsciiLower(address.substr(at + 1));
}

std::string ServerKey(const mail::SmtpServer& s) {
  return s.host + ":" + std::to_string(s.port) + ":" + s.username;
}

// dd/mm/yyyy in Vietnam time.
std::string VietnamDate(TimePoint t) {
  const std::string iso = ToIsoVietnam(t);  // YYYY-MM-DDTHH:MM:SS+07:00
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string TrimSlash(std::string s) {
  while (!s.empty() && s.back() == '/') {
    s.pop_back();
  }
  return s;
}

}  // namespace

mail::SmtpResult SmtpTransport::Send(const mail::SmtpServer& server, const std::string& mail_from,
                                     const std::vector<std::string>& recipients,
                                     const std::string& message) {
  const std::string key = ServerKey(server) + "|" + mail::TlsModeName(server.tls) + "|" +
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

struct DeliveryWorker::Impl {
  db::Database& db;
  const notify::EmailChannel& channel;
  const MailAccounts& accounts;
  const TemplateStore& templates;
  const Preferences& preferences;
  Directory& directory;
  DigestSource* digests;
  Transport& transport;
  const Clock& clock;
  DeliveryOptions options;
  mail::MimeBuilder builder;
  std::optional<mail::DkimSigner> dkim;
  std::string dkim_error;
  std::atomic<std::int64_t> sent{0}, deferred{0}, failed{0}, skipped{0};
  struct ServerState {
    int failures = 0;
    TimePoint blocked_until{};
  };
  std::mutex servers_mutex;  // `servers`: the connections write it while the next group is planned
  std::map<std::string, ServerState> servers;
  std::map<std::string, std::deque<TimePoint>> domains;  // send times within the last minute
  std::mutex rng_mutex;  // `rng`: the mail thread and the admin's test button (SendTest)
  std::mt19937_64 rng{std::random_device{}()};

  Impl(db::Database& d, const notify::EmailChannel& ch, const MailAccounts& a,
       const TemplateStore& t, const Preferences& p, Directory& dir, DigestSource* dg,
       Transport& tr, const Clock& c, DeliveryOptions o)
      : db(d),
        channel(ch),
        accounts(a),
        templates(t),
        preferences(p),
        directory(dir),
        digests(dg),
        transport(tr),
        clock(c),
        options(std::move(o)),
        builder(c) {
    if (!options.dkim_domain.empty() && options.dkim_key) {
      auto signer = mail::DkimSigner::Create(options.dkim_domain, options.dkim_selector,
                                             *options.dkim_key, c);
      if (signer) {
        dkim.emplace(std::move(*signer));
      } else {
        dkim_error = signer.error().message();
      }
    }
  }

  std::chrono::seconds Backoff(int attempts) {
    // first_retry * 2^(attempts-1), at most max_retry, with up to 20% jitter.
    auto base = options.first_retry;
    for (int i = 1; i < attempts && base < options.max_retry; ++i) {
      base *= 2;
    }
    base = std::min(base, options.max_retry);
    std::uniform_int_distribution<long long> jitter(0, std::max<long long>(0, base.count() / 5));
    std::lock_guard lock(rng_mutex);
    return base + std::chrono::seconds(jitter(rng));
  }

  // A send slot for `domain` now, or false when it used its minute's share.
  bool TakeDomainSlot(const std::string& domain, TimePoint now) {
    auto& times = domains[domain];
    while (!times.empty() && times.front() <= now - std::chrono::minutes(1)) {
      times.pop_front();
    }
    if (static_cast<int>(times.size()) >= options.per_domain_per_minute) {
      return false;
    }
    times.push_back(now);
    return true;
  }

  struct Sender {
    mail::SmtpServer server;
    mail::Mailbox from;
  };

  // The server and sender for an agency: its account, the default account, the configuration.
  std::optional<Sender> SenderFor(db::Transaction& tx, AgencyId agency, std::string* error) {
    if (auto account = accounts.ForSending(tx, agency)) {
      auto server = accounts.SmtpOf(tx, *account);
      if (!server) {
        *error = server.error().message();
        return std::nullopt;
      }
      server->ca_file = options.ca_file;
      return Sender{*server, {account->from_address, account->from_name}};
    }
    if (!options.config_server.host.empty() && !options.config_from_address.empty()) {
      mail::SmtpServer s = options.config_server;
      if (s.ca_file.empty()) {
        s.ca_file = options.ca_file;
      }
      return Sender{
          s,
          {options.config_from_address,
           options.config_from_name.empty() ? options.instance_name : options.config_from_name}};
    }
    *error = "Chưa cấu hình máy chủ gửi thư điện tử.";
    return std::nullopt;
  }

  TemplateValues Values(db::Transaction& tx, const notify::EmailItem& item,
                        const Directory::Person& person, const Sender& sender, bool required) {
    const notify::Message& m = item.message;
    TemplateValues v;
    const std::string base = TrimSlash(options.public_base_url);
    v.values["recipientName"] = person.name;
    v.values["text"] = m.text_vi;
    v.values["textEn"] = m.text_en;
    v.values["link"] = (!base.empty() && !m.link.empty()) ? base + m.link : "";
    v.values["code"] = m.entity_id;
    v.values["agency"] = person.agency_name.empty() ? sender.from.name : person.agency_name;
    v.values["portal"] = base;
    v.values["date"] = VietnamDate(clock.Now());
    v.values["unsubscribe"] =
        (!required && !base.empty())
            ? base + "/api/v1/mail/unsubscribe?t=" + preferences.Token(m.recipient, m.kind)
            : "";
    if (m.kind == "mail.digest" && digests != nullptr &&
        m.recipient.kind == notify::RecipientKind::kUser) {
      v.items = digests->Items(tx, UserId(m.recipient.id));
    }
    return v;
  }

  Result<std::string> Build(const Sender& sender, const Directory::Person& to,
                            const RenderedMail& r, const std::string& message_id,
                            const std::string& unsubscribe) {
    mail::OutgoingMail out;
    out.from = sender.from;
    out.to.push_back({to.address, to.name});
    out.subject = r.subject;
    out.text = r.text;
    out.html = r.html;
    out.message_id_domain = DomainOf(sender.from.address);
    out.message_id = message_id;
    out.headers.push_back({"Auto-Submitted", "auto-generated"});
    if (!unsubscribe.empty()) {
      out.headers.push_back({"List-Unsubscribe", "<" + unsubscribe + ">"});
      out.headers.push_back({"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"});
    }
    CQDT_ASSIGN_OR_RETURN(mail::BuiltMail built, builder.Build(out));
    if (dkim) {
      return dkim->Sign(built.bytes);
    }
    return built.bytes;
  }

  std::string ProposedMessageId(const std::string& from_address) {
    std::uniform_int_distribution<std::uint64_t> d;
    char buf[40];
    std::lock_guard lock(rng_mutex);
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(d(rng)),
                  static_cast<unsigned long long>(d(rng)));
    return std::string(buf) + ".cqdt@" + DomainOf(from_address);
  }

  struct Planned {
    notify::EmailItem item;
    Directory::Person person;
    Sender sender;
    std::string server_key;
    RenderedMail rendered;
    std::string unsubscribe;
    std::string message_id;
  };
  // A group of notices, read in order and marked: `skipped` were marked skipped, `planned` were
  // marked sending with the Message-ID each carries.
  struct Group {
    int skipped = 0;
    std::vector<Planned> planned;
  };
  struct Outcome {
    notify::NoticeId id;
    int attempts = 0;
    mail::SmtpResult result;
    std::optional<TimePoint> hold_until;  // the server went away: wait for it, in order
    bool tried = true;  // false: marked sending but never started (its server went down)
  };
  // The outcomes of messages that were tried.
  static int Tried(const std::vector<Outcome>& outcomes) {
    return static_cast<int>(
        std::count_if(outcomes.begin(), outcomes.end(), [](const Outcome& o) { return o.tried; }));
  }

  Result<Group> Plan(const std::set<std::int64_t>& in_flight);
  std::vector<Outcome> Send(std::vector<Planned>& planned);
  Status Record(const std::vector<Outcome>& outcomes);

  bool Blocked(const std::string& server_key, TimePoint now) {
    std::lock_guard lock(servers_mutex);
    auto s = servers.find(server_key);
    return s != servers.end() && s->second.blocked_until > now;
  }
};

// Reads the next notices due (leaving out `in_flight`, a group still being sent), renders them
// and marks them: skipped, or sending with their Message-ID.
Result<DeliveryWorker::Impl::Group> DeliveryWorker::Impl::Plan(
    const std::set<std::int64_t>& in_flight) {
  Impl& w = *this;
  const TimePoint now = w.clock.Now();
  std::vector<std::pair<notify::NoticeId, std::string>> skips;
  Group group;
  std::vector<Planned>& planned = group.planned;
  {
    auto tx = w.db.BeginRead();
    std::vector<notify::EmailItem> due =
        w.channel.Due(tx, w.options.batch + static_cast<int>(in_flight.size()));
    std::erase_if(
        due, [&](const notify::EmailItem& i) { return in_flight.contains(i.message.id.value()); });
    if (due.size() > static_cast<std::size_t>(w.options.batch)) {
      due.resize(static_cast<std::size_t>(w.options.batch));
    }
    std::set<std::string> held_servers, held_domains;
    // Looked up once per group: a group holds many notices of the same kinds to the same people.
    std::map<std::pair<int, std::int64_t>, std::optional<Directory::Person>> people;
    std::map<std::string, std::pair<MailTemplate, bool>> kinds;  // template, required
    std::map<std::tuple<int, std::int64_t, std::string>, bool> wanted;
    std::map<std::int64_t, std::optional<Sender>> senders;  // by agency
    for (notify::EmailItem& item : due) {
      const notify::Message& m = item.message;
      if (m.created_at < now - w.options.max_age) {
        skips.emplace_back(m.id, "Thông báo đã quá cũ khi bắt đầu gửi thư điện tử; không gửi.");
        continue;
      }
      const auto who = std::make_pair(static_cast<int>(m.recipient.kind), m.recipient.id);
      auto found = people.find(who);
      if (found == people.end()) {
        found = people.emplace(who, w.directory.Find(tx, m.recipient)).first;
      }
      const std::optional<Directory::Person>& person = found->second;
      if (!person || person->address.empty()) {
        skips.emplace_back(m.id, "Người nhận chưa có địa chỉ thư điện tử.");
        continue;
      }
      const auto choice = std::make_tuple(who.first, who.second, m.kind);
      auto want = wanted.find(choice);
      if (want == wanted.end()) {
        want = wanted.emplace(choice, w.preferences.Wants(tx, m.recipient, m.kind)).first;
      }
      if (!want->second) {
        skips.emplace_back(m.id, "Người nhận đã tắt nhận loại thông báo này qua thư điện tử.");
        continue;
      }
      auto sent_by = senders.find(person->agency.value());
      if (sent_by == senders.end()) {
        std::string error;
        sent_by =
            senders.emplace(person->agency.value(), w.SenderFor(tx, person->agency, &error)).first;
      }
      const std::optional<Sender>& sender = sent_by->second;
      if (!sender) {
        break;  // no server at all: everything waits, in order, until one is configured
      }
      const std::string key = ServerKey(sender->server);
      if (held_servers.contains(key)) {
        continue;
      }
      if (w.Blocked(key, now)) {
        held_servers.insert(key);  // down: the rest of its notices wait, in order
        continue;
      }
      const std::string domain = DomainOf(person->address);
      if (held_domains.contains(domain) || !w.TakeDomainSlot(domain, now)) {
        held_domains.insert(domain);
        continue;
      }
      auto kind = kinds.find(m.kind);
      if (kind == kinds.end()) {
        // The opt-out link only for a kind a person can turn off: one with its own template that
        // the law does not require.
        const bool required = w.templates.IsRequired(m.kind) || !w.templates.Get(tx, m.kind);
        kind = kinds.emplace(m.kind, std::make_pair(w.templates.For(tx, m.kind), required)).first;
      }
      const MailTemplate& t = kind->second.first;
      const bool required = kind->second.second;
      TemplateValues values = w.Values(tx, item, *person, *sender, required);
      Planned p{std::move(item),
                *person,
                *sender,
                key,
                TemplateStore::Render(t, values),
                values.values["unsubscribe"],
                ""};
      planned.push_back(std::move(p));
    }
  }
  if (skips.empty() && planned.empty()) {
    return group;
  }
  // Marked before: the Message-ID each will carry (a resend carries it again). Several
  // instances (decision 0024): only the notices still unclaimed are marked, locked first (SKIP
  // LOCKED: those another instance is marking are passed over); the others were taken by
  // another instance since they were read, and are left to it.
  {
    auto tx = w.db.Begin();
    std::vector<notify::NoticeId> read;
    for (const auto& [id, reason] : skips) {
      read.push_back(id);
    }
    for (const Planned& p : planned) {
      read.push_back(p.item.message.id);
    }
    std::set<std::int64_t> free;
    for (notify::NoticeId id : w.channel.Claimable(tx, read)) {
      free.insert(id.value());
    }
    std::erase_if(skips, [&](const auto& s) { return !free.contains(s.first.value()); });
    std::erase_if(planned,
                  [&](const Planned& p) { return !free.contains(p.item.message.id.value()); });
    for (const auto& [id, reason] : skips) {
      CQDT_RETURN_IF_ERROR(w.channel.MarkSkipped(tx, id, reason));
    }
    for (Planned& p : planned) {
      auto mid = w.channel.MarkSending(tx, p.item.message.id, p.person.address,
                                       w.ProposedMessageId(p.sender.from.address));
      if (!mid) {
        return mid.error();
      }
      p.message_id = *mid;
    }
    CQDT_RETURN_IF_ERROR(tx.Commit());
  }
  w.skipped += static_cast<std::int64_t>(skips.size());
  group.skipped = static_cast<int>(skips.size());
  return group;
}

// Sends a group over `sessions` connections at once, each taking the next message in order,
// while builder threads render the MIME messages and sign them ahead of the connections. A
// server found unreachable stops the messages for it that were not started yet (they stay
// pending, due, and go when it returns).
std::vector<DeliveryWorker::Impl::Outcome> DeliveryWorker::Impl::Send(
    std::vector<Planned>& planned) {
  Impl& w = *this;
  const std::size_t count = planned.size();
  std::vector<std::optional<Outcome>> results(count);
  std::vector<std::optional<Result<std::string>>> built(count);
  std::set<std::string> down;
  std::mutex mutex;
  std::map<std::size_t, std::condition_variable*> waiting;  // message -> the connection waiting
  std::size_t next_send = 0, next_build = 0;
  {
    // A server already down when the group starts (found by the group before) holds its messages.
    const TimePoint start = w.clock.Now();
    for (const Planned& p : planned) {
      if (!down.contains(p.server_key) && w.Blocked(p.server_key, start)) {
        down.insert(p.server_key);
      }
    }
  }
  auto build_ahead = [&] {
    for (;;) {
      std::size_t i = 0;
      {
        std::lock_guard lock(mutex);
        while (next_build < count && down.contains(planned[next_build].server_key)) {
          ++next_build;
        }
        if (next_build == count) {
          return;
        }
        i = next_build++;
      }
      const Planned& p = planned[i];
      auto bytes = w.Build(p.sender, p.person, p.rendered, p.message_id, p.unsubscribe);
      std::lock_guard lock(mutex);
      built[i] = std::move(bytes);
      if (auto waiter = waiting.find(i); waiter != waiting.end()) {
        waiter->second->notify_one();  // under the lock: the connection cannot be gone
      }
    }
  };
  auto lane = [&] {
    std::condition_variable ready;  // this connection's: woken only for the message it waits for
    for (;;) {
      std::size_t i = 0;
      std::string bytes;
      Outcome o;
      {
        std::unique_lock lock(mutex);
        while (next_send < count && down.contains(planned[next_send].server_key)) {
          ++next_send;  // left pending, due: it goes when the server returns
        }
        if (next_send == count) {
          return;
        }
        i = next_send++;
        // A builder skips a message whose server went down after this connection took it.
        waiting[i] = &ready;
        ready.wait(lock,
                   [&] { return built[i].has_value() || down.contains(planned[i].server_key); });
        waiting.erase(i);
        if (!built[i]) {
          continue;  // left pending, like those after it
        }
        o = Outcome{
            planned[i].item.message.id, planned[i].item.message.email_attempts, {}, std::nullopt};
        if (!*built[i]) {
          o.result.outcome = mail::SmtpOutcome::kPermanent;
          o.result.detail = "Không tạo được thư: " + built[i]->error().message();
        } else {
          bytes = std::move(**built[i]);
        }
        built[i].reset();
      }
      const Planned& p = planned[i];
      if (!bytes.empty()) {
        o.result =
            w.transport.Send(p.sender.server, p.sender.from.address, {p.person.address}, bytes);
      }
      std::lock_guard lock(mutex);
      if (o.result.outcome == mail::SmtpOutcome::kTemporary && o.result.reply_code == 0) {
        std::lock_guard state(w.servers_mutex);
        auto& server = w.servers[p.server_key];
        if (!down.contains(p.server_key)) {
          server.failures += 1;
          auto wait = w.options.first_retry;
          for (int k = 1; k < server.failures && wait < w.options.max_retry; ++k) {
            wait *= 2;
          }
          server.blocked_until = w.clock.Now() + std::min(wait, w.options.max_retry);
          down.insert(p.server_key);
          for (const auto& [k, waiter] : waiting) {
            waiter->notify_one();  // those waiting for a message to this server stop waiting
          }
        }
        o.hold_until = server.blocked_until;
      } else if (!down.contains(p.server_key)) {
        std::lock_guard state(w.servers_mutex);
        w.servers[p.server_key].failures = 0;
      }
      results[i] = std::move(o);
    }
  };
  // The builders: one per core (RSA signing is most of a message's CPU), however many
  // connections there are; the connections still send in order.
  const int lanes =
      std::clamp(w.options.sessions, 1, static_cast<int>(std::max<std::size_t>(1, count)));
  const int builders = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1,
                                  static_cast<int>(std::max<std::size_t>(1, count)));
  std::vector<std::thread> threads;
  for (int k = 0; k < builders; ++k) {
    threads.emplace_back(build_ahead);
  }
  for (int k = 1; k < lanes; ++k) {
    threads.emplace_back(lane);
  }
  lane();
  for (std::thread& t : threads) {
    t.join();
  }
  std::vector<Outcome> outcomes;
  for (std::size_t i = 0; i < count; ++i) {
    if (results[i]) {
      outcomes.push_back(std::move(*results[i]));
    } else {
      // Held for its server: pending and due as it was, its claim released when recorded.
      Outcome held;
      held.id = planned[i].item.message.id;
      held.tried = false;
      outcomes.push_back(std::move(held));
    }
  }
  return outcomes;
}

// Marked after: sent, deferred with backoff (or held until the server returns), or failed.
Status DeliveryWorker::Impl::Record(const std::vector<Outcome>& outcomes) {
  Impl& w = *this;
  if (outcomes.empty()) {
    return Ok();
  }
  auto tx = w.db.Begin();
  for (const Outcome& o : outcomes) {
    const int attempts = o.attempts + 1;
    if (!o.tried) {
      CQDT_RETURN_IF_ERROR(w.channel.Release(tx, o.id));
    } else if (o.result.outcome == mail::SmtpOutcome::kSent) {
      CQDT_RETURN_IF_ERROR(w.channel.MarkSent(tx, o.id));
      w.sent += 1;
    } else if (o.result.outcome == mail::SmtpOutcome::kPermanent ||
               attempts >= w.options.max_attempts) {
      CQDT_RETURN_IF_ERROR(w.channel.MarkFailed(tx, o.id, o.result.detail));
      w.failed += 1;
    } else {
      const TimePoint retry_at = o.hold_until ? *o.hold_until : w.clock.Now() + w.Backoff(attempts);
      CQDT_RETURN_IF_ERROR(w.channel.MarkDeferred(tx, o.id, o.result.detail, retry_at));
      w.deferred += 1;
    }
  }
  return tx.Commit();
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
