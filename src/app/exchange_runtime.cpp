// The exchange hub's wiring (exchange_runtime.hpp).
#include "exchange_runtime.hpp"

#include <spdlog/spdlog.h>

#include "core/agency_code.hpp"
#include "crypto/crypto.hpp"
#include "db/claims.hpp"
#include "exchange/request_signature.hpp"
#include "xml/xml.hpp"

namespace cqdt::app {

namespace {

Result<crypto::SigningKey> ServerHeldKey(const signing::KeyRing& keys,
                                         const signing::KeyEntry& entry) {
  if (entry.ask_secret) {
    return Error::Unavailable("Khóa " + entry.id +
                              " cần mật khẩu khi ký, không dùng được để ký tự động gói tin.");
  }
  return keys.Unlock(entry, "");
}

}  // namespace

Result<std::string> KeyRingPackageSigner::Sign(const std::string& organ_id,
                                               const std::string& xml) {
  for (const signing::KeyEntry* entry : keys_.ForOwner(signing::KeyKind::kSeal, organ_id)) {
    if (entry->ask_secret) {
      continue;
    }
    CQDT_ASSIGN_OR_RETURN(crypto::SigningKey key, keys_.Unlock(*entry, ""));
    return xml::SignEnveloped(xml, key);
  }
  CQDT_ASSIGN_OR_RETURN(crypto::SigningKey key, HubKey(organ_id));
  return xml::SignEnveloped(xml, key);
}

Result<crypto::SigningKey> KeyRingPackageSigner::HubKey(const std::string& hub_organ_id) const {
  if (!hub_key_.empty()) {
    const signing::KeyEntry* entry = keys_.Find(hub_key_);
    if (entry == nullptr) {
      return Error::Unavailable("Không tìm thấy khóa " + hub_key_ +
                                " ([exchange] hub_key) trong tệp khóa.");
    }
    return ServerHeldKey(keys_, *entry);
  }
  for (const signing::KeyEntry* entry : keys_.ForOwner(signing::KeyKind::kSeal, hub_organ_id)) {
    if (!entry->ask_secret) {
      return keys_.Unlock(*entry, "");
    }
  }
  return Error::Unavailable(
      "Trục liên thông chưa có khóa ký gói tin: khai báo [exchange] hub_key hoặc con dấu của cơ "
      "quan " +
      hub_organ_id + ".");
}

CurlPeerTransport::CurlPeerTransport(const KeyRingPackageSigner& signer, std::string hub_organ_id,
                                     const Clock& clock)
    : signer_(signer),
      hub_organ_id_(std::move(hub_organ_id)),
      clock_(clock),
      http_(
          oidc::MakeCurlHttpClient({.timeout = std::chrono::milliseconds(120000), .ca_file = ""})) {
}

Result<exchange::PeerReply> CurlPeerTransport::Send(const exchange::Partner& peer,
                                                    const std::string& package) {
  std::string base = peer.base_url;
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  constexpr const char* kPath = "/api/v1/exchange/peer/packages";
  // The authority as the peer will read it in Host: the URL's host[:port].
  std::string authority = base.substr(base.find("://") + 3);
  if (auto slash = authority.find('/'); slash != std::string::npos) {
    authority.erase(slash);
  }
  CQDT_ASSIGN_OR_RETURN(crypto::SigningKey key, signer_.HubKey(hub_organ_id_));
  exchange::SignedRequestParts parts{"POST", kPath, authority, "application/xml", package};
  CQDT_ASSIGN_OR_RETURN(
      exchange::RequestSignatureHeaders h,
      exchange::SignRequest(parts, key, ToUnixSeconds(clock_.Now()), crypto::RandomToken(16)));
  oidc::HttpCall call;
  call.url = base + kPath;
  call.post = true;
  call.form = package;
  call.max_body_bytes = 1 << 20;
  call.headers = {{"Content-Type", "application/xml"},
                  {"Content-Digest", h.content_digest},
                  {"Signature-Input", h.signature_input},
                  {"Signature", h.signature}};
  CQDT_ASSIGN_OR_RETURN(oidc::HttpReply reply, http_->Send(call));
  return exchange::PeerReply{reply.status, std::move(reply.body)};
}

ExchangeRuntime::ExchangeRuntime(Services& s, const Config& config)
    : partners(*s.audit, s.clock), signer(*s.keys, config.exchange_hub_key) {
  exchange::HubOptions options;
  options.hub_organ_id = config.exchange_hub_organ_id;
  if (options.hub_organ_id.empty()) {
    // The first level-1 agency of the directory (the province's People's Committee).
    auto tx = s.db->BeginRead();
    org::AgencyQuery q;
    if (auto all = s.agencies->List(tx, q)) {
      for (const auto& a : *all) {
        auto code = ParseAgencyCode(a.code);
        if (code && code->Depth() == 1) {
          options.hub_organ_id = a.code;
          break;
        }
      }
    }
  }
  options.max_attempts = config.exchange_max_attempts;
  options.first_retry_seconds = config.exchange_retry_seconds;
  options.max_retry_seconds = config.exchange_max_retry_seconds;
  org::AgencyService& agencies = *s.agencies;
  std::vector<std::string> served = config.exchange_served;
  hub = std::make_unique<exchange::HubService>(
      *s.audit, *s.blobs, partners, signer,
      [&agencies, served](db::Transaction& tx,
                          const std::string& code) -> std::optional<exchange::LocalAgency> {
        // Only the agencies this hub serves ([exchange] served) are delivered to here.
        const std::string path = exchange::RoutePath(code);
        const bool mine = std::any_of(served.begin(), served.end(), [&](const std::string& p) {
          return p == "*" || p == code ||
                 (!path.empty() && (path == p || path.rfind(p + ".", 0) == 0));
        });
        if (!mine) {
          return std::nullopt;
        }
        auto a = agencies.GetByCode(tx, code);
        if (!a) {
          return std::nullopt;
        }
        return exchange::LocalAgency{a->id, a->code, a->name};
      },
      s.clock, options);
  inspect.max_package_bytes =
      static_cast<std::size_t>(config.exchange_max_package_mb) * 1024 * 1024;
  inspect.max_unzipped_bytes =
      static_cast<std::uint64_t>(config.exchange_max_unzipped_mb) * 1024 * 1024;
  inspect.verifier = s.verifier.get();
  transport = std::make_unique<CurlPeerTransport>(signer, options.hub_organ_id, s.clock);
  forwarder = std::make_unique<exchange::Forwarder>(
      *s.db, *hub, partners, *transport,
      exchange::ForwarderOptions{.parallel = config.exchange_forward_parallel});
  receptions = std::make_unique<exchange::ReceptionService>(*s.audit, *hub, *s.incoming,
                                                            *s.document_files, s.clock);
  outbound = std::make_unique<exchange::OutboundService>(*hub, *s.deliveries, signer, s.clock);
  exchange::OutboundService* out = outbound.get();
  hub->SetLocalStatusSink(
      [out](db::Transaction& tx, const exchange::Message& m,
            const exchange::StatusPackage& status) { return out->ApplyStatus(tx, m, status); });
  exchange::ReceptionService* in = receptions.get();
  hub->SetLocalBusinessSink([in](db::Transaction& tx, const audit::Actor& actor,
                                 const exchange::LocalAgency& agency, const exchange::Message& m,
                                 const exchange::Delivery& d, const exchange::Inspection& package) {
    return in->OnBusiness(tx, actor, agency, m, d, package);
  });
  inspect.trust.fetcher = s.revocation_fetcher.get();
}

}  // namespace cqdt::app

namespace cqdt::app {

void ExchangeMetrics::Refresh(db::Database& db, const exchange::HubService& hub,
                              const exchange::Forwarder& forwarder, TimePoint now) {
  std::vector<exchange::HubService::QueueCount> queues;
  {
    auto tx = db.BeginRead();
    queues = hub.Queues(tx, true);
  }
  auto label = [](std::string v) {
    std::string out;
    for (char c : v) {
      if (c == '\\' || c == '"') {
        out += '\\';
      }
      out += c == '\n' ? ' ' : c;
    }
    return out;
  };
  const std::int64_t t = ToUnixSeconds(now);
  std::string text =
      "# HELP cqdt_exchange_deliveries Exchange deliveries waiting (pending) or dead, by route, "
      "partner and state.\n# TYPE cqdt_exchange_deliveries gauge\n";
  std::string oldest =
      "# HELP cqdt_exchange_oldest_seconds Age of the oldest pending or dead delivery, by route, "
      "partner and state.\n# TYPE cqdt_exchange_oldest_seconds gauge\n";
  for (const auto& q : queues) {
    const std::string labels = "{route=\"" + label(q.route) + "\",partner=\"" +
                               label(q.partner_code) + "\",state=\"" + label(q.state) + "\"}";
    text += "cqdt_exchange_deliveries" + labels + " " + std::to_string(q.count) + "\n";
    oldest += "cqdt_exchange_oldest_seconds" + labels + " " +
              std::to_string(std::max<std::int64_t>(0, t - q.oldest)) + "\n";
  }
  text += oldest;
  text +=
      "# HELP cqdt_exchange_forward_total Packages forwarded to peer hubs since start, by peer "
      "and result (delivered, refused by the peer, failed and retried or dead).\n"
      "# TYPE cqdt_exchange_forward_total counter\n";
  for (const auto& [peer, c] : forwarder.Counts()) {
    for (const auto& [result, n] : {std::pair<const char*, std::uint64_t>{"delivered", c.delivered},
                                    {"refused", c.refused},
                                    {"failed", c.failed}}) {
      text += "cqdt_exchange_forward_total{peer=\"" + label(peer) + "\",result=\"" + result +
              "\"} " + std::to_string(n) + "\n";
    }
  }
  std::lock_guard lock(mutex_);
  text_ = std::move(text);
}

std::string ExchangeMetrics::Render() const {
  std::lock_guard lock(mutex_);
  return text_;
}

ForwarderThread::ForwarderThread(exchange::Forwarder& forwarder, db::Database& db,
                                 exchange::ReceptionService* receptions,
                                 exchange::OutboundService* outbound, std::function<void()> refresh)
    : forwarder_(forwarder),
      db_(db),
      receptions_(receptions),
      outbound_(outbound),
      refresh_(std::move(refresh)) {
  thread_ = std::thread([this] { Loop(); });
}

ForwarderThread::~ForwarderThread() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ForwarderThread::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto pause = std::chrono::milliseconds(200);
    try {
      ++passes_;
      const audit::Actor system{UserId(), "system", AgencyId(), "", ""};
      if (outbound_ != nullptr && passes_ % 5 == 0) {
        // Released (or recalled) documents to agencies outside: packaged and handed to the hub,
        // about every second; a read first, a write transaction only when something waits.
        bool work = false;
        {
          auto read = db_.BeginRead();
          auto has = outbound_->HasWork(read);
          work = has && *has;
        }
        // Several instances (decision 0024): the pass packages and marks its documents in one
        // transaction, which one instance at a time runs; another skips its pass meanwhile.
        if (work) {
          auto tx = db_.Begin();
          auto handed = db::TryJobLock(tx, "exchange.outbound") ? outbound_->RunOnce(tx, system)
                                                                : Result<int>(0);
          if (!handed) {
            spdlog::warn("gửi văn bản liên thông chưa được / exchange outbound failed: {}",
                         handed.error().message());
          } else if (*handed > 0) {
            if (auto st = tx.Commit(); !st) {
              spdlog::warn("exchange outbound: {}", st.error().message());
            }
          }
        }
      }
      if (receptions_ != nullptr && passes_ % 10 == 0) {
        // Registered documents from outside: their progress (04/05/06) back to the sender, every
        // 2 s or so; counted in a read first, sent in a write transaction only when due.
        int due = 0;
        {
          auto read = db_.BeginRead();
          auto counted = receptions_->ReportProgress(read, system, 200, true);
          due = counted ? *counted : 0;
        }
        if (due > 0) {
          auto tx = db_.Begin();
          auto reported = db::TryJobLock(tx, "exchange.progress")
                              ? receptions_->ReportProgress(tx, system)
                              : Result<int>(0);
          if (reported && *reported > 0) {
            if (auto st = tx.Commit(); !st) {
              spdlog::warn("exchange progress: {}", st.error().message());
            }
          }
        }
      }
      if (refresh_ && passes_ % 25 == 1) {
        refresh_();
      }
      auto done = forwarder_.RunOnce(100);
      if (!done) {
        spdlog::warn("chuyển gói tin liên thông chưa được / exchange forwarding failed: {}",
                     done.error().message());
        pause = std::chrono::seconds(5);
      } else if (*done > 0) {
        pause = std::chrono::milliseconds(0);
      }
    } catch (const std::exception& e) {
      spdlog::error("chuyển gói tin liên thông lỗi / exchange forwarding error: {}", e.what());
      pause = std::chrono::seconds(5);
    }
    lock.lock();
    if (pause.count() > 0) {
      wake_.wait_for(lock, pause, [this] { return stopping_; });
    }
  }
}

}  // namespace cqdt::app
