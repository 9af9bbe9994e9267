// The delivery worker's insides (delivery.hpp), private to the mailroom module: the state one
// DeliveryWorker keeps (server health, domain rates, counters), how a notice becomes a message
// (sender, template values, MIME and DKIM), and a pass's three steps on a group of notices —
// Plan (read, render, claim and mark sending: delivery_groups.cpp), Send (over the connections,
// builders ahead of them) and Record (sent, deferred, failed, released). delivery.cpp runs the
// groups one after another, each sent while the next is planned.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "mail/dkim.hpp"
#include "mail/mime.hpp"
#include "mailroom/delivery.hpp"

namespace cqdt::mailroom {
namespace internal {

inline std::string DomainOf(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "" : AsciiLower(address.substr(at + 1));
}

inline std::string ServerKey(const mail::SmtpServer& s) {
  return s.host + ":" + std::to_string(s.port) + ":" + s.username;
}

// dd/mm/yyyy in Vietnam time.
inline std::string VietnamDate(TimePoint t) {
  const std::string iso = ToIsoVietnam(t);  // YYYY-MM-DDTHH:MM:SS+07:00
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

inline std::string TrimSlash(std::string s) {
  while (!s.empty() && s.back() == '/') {
    s.pop_back();
  }
  return s;
}

}  // namespace internal

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
    const std::string base = internal::TrimSlash(options.public_base_url);
    v.values["recipientName"] = person.name;
    v.values["text"] = m.text_vi;
    v.values["textEn"] = m.text_en;
    v.values["link"] = (!base.empty() && !m.link.empty()) ? base + m.link : "";
    v.values["code"] = m.entity_id;
    v.values["agency"] = person.agency_name.empty() ? sender.from.name : person.agency_name;
    v.values["portal"] = base;
    v.values["date"] = internal::VietnamDate(clock.Now());
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
    out.message_id_domain = internal::DomainOf(sender.from.address);
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
    return std::string(buf) + ".cqdt@" + internal::DomainOf(from_address);
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

}  // namespace cqdt::mailroom
