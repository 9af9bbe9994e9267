// A delivery pass's steps on one group of notices (delivery_impl.hpp): Plan, Send, Record.
#include <algorithm>
#include <condition_variable>
#include <exception>
#include <set>
#include <thread>
#include <tuple>

#include "delivery_impl.hpp"

namespace cqdt::mailroom {

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
      const std::string key = internal::ServerKey(sender->server);
      if (held_servers.contains(key)) {
        continue;
      }
      if (w.Blocked(key, now)) {
        held_servers.insert(key);  // down: the rest of its notices wait, in order
        continue;
      }
      const std::string domain = internal::DomainOf(person->address);
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

}  // namespace cqdt::mailroom
