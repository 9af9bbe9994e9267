// Official e-mail's wiring (mail_runtime.hpp).
#include "mail_runtime.hpp"

#include <algorithm>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "cli.hpp"
#include "crypto/x509.hpp"
#include "db/claims.hpp"

namespace cqdt::app {

std::optional<mailroom::Directory::Person> IdentityMailDirectory::Find(db::Transaction& tx,
                                                                       const notify::Recipient& r) {
  if (r.kind == notify::RecipientKind::kUser) {
    auto u = identity_.GetUser(tx, UserId(r.id));
    if (!u || u->disabled) {
      return std::nullopt;
    }
    Person p{u->email, u->full_name, u->agency_id, ""};
    if (auto a = agencies_.GetCached(tx, u->agency_id)) {
      p.agency_name = a->name;
    }
    return p;
  }
  auto c = identity_.GetCitizen(tx, CitizenId(r.id));
  if (!c) {
    return std::nullopt;
  }
  return Person{c->email, c->full_name, AgencyId(), ""};
}

Result<std::unique_ptr<MailRuntime>> MailRuntime::Create(Services& s, const Config& config,
                                                         mailroom::DigestSource* digests) {
  const Config::Mail& m = config.mail;
  auto rt = std::make_unique<MailRuntime>();
  std::string key_file = m.secret_key_file;
  if (key_file.empty()) {
    const auto dir = std::filesystem::path(config.data_dir) / "secrets";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    key_file = (dir / "mail.key").string();
  }
  CQDT_ASSIGN_OR_RETURN(mailroom::SecretBox box, mailroom::SecretBox::FromFile(key_file));
  rt->box.emplace(std::move(box));
  rt->accounts = std::make_unique<mailroom::MailAccounts>(*rt->box);
  CQDT_ASSIGN_OR_RETURN(std::vector<mailroom::MailTemplate> defaults,
                        m.templates_file.empty()
                            ? mailroom::TemplateStore::ShippedDefaults()
                            : mailroom::TemplateStore::LoadDefaults(m.templates_file));
  rt->templates = std::make_unique<mailroom::TemplateStore>(std::move(defaults));
  rt->preferences = std::make_unique<mailroom::Preferences>(
      *rt->templates, rt->box->DeriveKey("cqdt mail unsubscribe"));
  rt->channel = std::make_unique<notify::EmailChannel>(s.clock);
  rt->directory = std::make_unique<IdentityMailDirectory>(*s.identity, *s.agencies);
  rt->transport = std::make_unique<mailroom::SmtpTransport>();
  mailroom::DeliveryOptions o;
  o.public_base_url = config.PublicUrl();
  o.ca_file = m.ca_file;
  if (!m.smtp_host.empty()) {
    o.config_server.host = m.smtp_host;
    o.config_server.port = m.smtp_port;
    mail::ParseTlsMode(m.smtp_tls, o.config_server.tls);
    o.config_server.username = m.smtp_username;
    o.config_server.password = m.smtp_password;
    o.config_server.ca_file = m.ca_file;
  }
  o.config_from_address = m.from_address;
  o.config_from_name = m.from_name;
  if (!m.dkim_domain.empty()) {
    auto pem = ReadWholeFile(m.dkim_key_file);
    if (!pem) {
      return Error::InvalidField("mail.dkim_key_file", "read",
                                 "Không đọc được khóa DKIM: " + m.dkim_key_file);
    }
    CQDT_ASSIGN_OR_RETURN(crypto::PrivateKey key, crypto::PrivateKey::ParsePem(*pem));
    o.dkim_domain = m.dkim_domain;
    o.dkim_selector = m.dkim_selector;
    o.dkim_key = std::make_shared<const crypto::PrivateKey>(std::move(key));
  }
  o.per_domain_per_minute = m.per_domain_per_minute;
  o.max_attempts = m.max_attempts;
  o.first_retry = std::chrono::seconds(m.retry_seconds);
  o.max_retry = std::chrono::seconds(m.max_retry_seconds);
  o.max_age = std::chrono::hours(m.max_age_hours);
  o.sessions = m.sessions;
  rt->worker = std::make_unique<mailroom::DeliveryWorker>(
      *s.db, *rt->channel, *rt->accounts, *rt->templates, *rt->preferences, *rt->directory, digests,
      *rt->transport, s.clock, std::move(o));
  rt->connector = std::make_unique<mailroom::ImapMailboxConnector>(m.ca_file);
  if (m.dkim_dns) {
    rt->dkim_keys = std::make_unique<mailroom::DnsDkimKeyLookup>();
  }
  if (s.trust && s.verifier) {
    rt->signatures = std::make_unique<mailroom::SigningSignatureCheck>(*s.db, *s.trust, *s.verifier,
                                                                       s.revocation_fetcher.get());
  }
  mailroom::IntakeOptions intake;
  intake.max_message_bytes = static_cast<std::size_t>(m.intake_max_mb) << 20;
  intake.trusted_authserv_id = m.authserv_id;
  rt->intake = std::make_unique<mailroom::IntakeService>(
      *s.db, *s.audit, *rt->accounts, *rt->connector, *s.blobs, rt->dkim_keys.get(),
      rt->signatures.get(), *s.incoming, *s.document_files, s.clock, intake);
  return rt;
}

MailRuntime::~MailRuntime() { Stop(); }

void MailRuntime::Start(db::Database& db, int poll_seconds) {
  thread_ = std::thread([this] { Loop(); });
  poll_thread_ = std::thread([this, &db, poll_seconds] { PollLoop(&db, poll_seconds); });
}

void MailRuntime::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
  if (poll_thread_.joinable()) {
    poll_thread_.join();
  }
}

void MailRuntime::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto pause = std::chrono::milliseconds(1000);
    try {
      // Group after group while notices are due (each sent while the next is marked), until
      // the server stops.
      auto handled = worker->Run(1000, [this] {
        std::lock_guard guard(mutex_);
        return !stopping_;
      });
      if (!handled) {
        spdlog::warn("gửi thư điện tử chưa được / mail delivery failed: {}",
                     handled.error().message());
        pause = std::chrono::milliseconds(5000);
      } else if (*handled > 0) {
        pause = std::chrono::milliseconds(0);
      }
    } catch (const std::exception& e) {
      spdlog::error("gửi thư điện tử: lỗi / mail delivery: {}", e.what());
      pause = std::chrono::milliseconds(5000);
    }
    lock.lock();
    if (pause.count() > 0) {
      // Idle: a notice written meanwhile (Wake) ends the wait; after a failure, it does not.
      const bool idle = pause == std::chrono::milliseconds(1000);
      wake_.wait_for(lock, pause, [this, idle] { return stopping_ || (idle && woken_); });
    }
    woken_ = false;
  }
}

void MailRuntime::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

// Each agency's official mailbox, one after another; a mailbox that fails is logged and tried
// again next round (its messages wait on the server).
void MailRuntime::PollLoop(db::Database* db, int poll_seconds) {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      std::vector<AgencyId> agencies;
      {
        auto tx = db->BeginRead();
        for (const auto& a : accounts->List(tx)) {
          if (a.enabled && !a.imap_host.empty() && a.agency_id.value() != 0) {
            agencies.push_back(a.agency_id);
          }
        }
      }
      // Several instances (decision 0024): each round of a mailbox is taken by one of them (the
      // first whose loop reaches it in that period of poll_seconds); the others pass it by. One
      // that dies mid-round leaves the next round to whichever comes first.
      const std::int64_t now = ToUnixSeconds(SystemClock().Now());
      std::string round = std::to_string(now / std::max(1, poll_seconds));
      round.insert(0, round.size() < 12 ? 12 - round.size() : 0, '0');
      for (AgencyId agency : agencies) {
        {
          auto tx = db->Begin();
          if (!db::TakePeriod(tx, "mailroom.intake." + std::to_string(agency.value()), round,
                              now) ||
              !tx.Commit()) {
            continue;
          }
        }
        auto report = intake->Poll(agency);
        if (!report) {
          spdlog::warn("đọc hộp thư của cơ quan {} chưa được / mailbox of agency {}: {}",
                       agency.value(), agency.value(), report.error().message());
          continue;
        }
        if (report->stored > 0 || report->recognised > 0 || !report->problems.empty()) {
          spdlog::info(
              "hộp thư cơ quan {}: {} thư mới, {} đã có / mailbox of agency {}: {} new, "
              "{} seen",
              agency.value(), report->stored, report->recognised, agency.value(), report->stored,
              report->recognised);
        }
        for (const std::string& problem : report->problems) {
          spdlog::warn("hộp thư cơ quan {} / mailbox of agency {}: {}", agency.value(),
                       agency.value(), problem);
        }
      }
    } catch (const std::exception& e) {
      spdlog::error("đọc hộp thư: lỗi / mailbox polling: {}", e.what());
    }
    lock.lock();
    wake_.wait_for(lock, std::chrono::seconds(poll_seconds), [this] { return stopping_; });
  }
}

std::string MailRuntime::RenderMetrics() const {
  const mailroom::DeliveryCounters c = worker->Counters();
  std::string out =
      "# HELP cqdt_mail_total E-mail notices handled by this process since start, by outcome.\n"
      "# TYPE cqdt_mail_total counter\n";
  for (auto [name, value] : {std::pair{"sent", c.sent}, std::pair{"deferred", c.deferred},
                             std::pair{"failed", c.failed}, std::pair{"skipped", c.skipped}}) {
    out += std::string("cqdt_mail_total{outcome=\"") + name + "\"} " + std::to_string(value) + "\n";
  }
  return out;
}

}  // namespace cqdt::app
