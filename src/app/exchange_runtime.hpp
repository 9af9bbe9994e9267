// The exchange hub of one serving process (issue 14; private to app): partners, the hub with
// its package signer over the key ring, and the inspection settings every receipt uses.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "app/config.hpp"
#include "exchange/forwarder.hpp"
#include "exchange/hub.hpp"
#include "exchange/inspect.hpp"
#include "exchange/outbound.hpp"
#include "exchange/partners.hpp"
#include "exchange/reception.hpp"
#include "oidc/http_client.hpp"
#include "services.hpp"

namespace cqdt::app {

// Signs packages cqdt makes with the seal of the agency they speak for (the key ring's "seal"
// key whose owner is that OrganId, held by the server), else with [exchange] hub_key.
class KeyRingPackageSigner final : public exchange::PackageSigner {
 public:
  KeyRingPackageSigner(const signing::KeyRing& keys, std::string hub_key)
      : keys_(keys), hub_key_(std::move(hub_key)) {}
  Result<std::string> Sign(const std::string& organ_id, const std::string& xml) override;
  // The key requests to peer hubs are signed with: [exchange] hub_key, else the seal of the
  // hub's OrganId. Errors: Unavailable when there is none.
  Result<crypto::SigningKey> HubKey(const std::string& hub_organ_id) const;

 private:
  const signing::KeyRing& keys_;
  std::string hub_key_;
};

// Sends packages to peer hubs over libcurl (oidc's client: https, or http to loopback), each
// request signed with the hub key (RFC 9421, exchange/request_signature.hpp).
class CurlPeerTransport final : public exchange::PeerTransport {
 public:
  CurlPeerTransport(const KeyRingPackageSigner& signer, std::string hub_organ_id,
                    const Clock& clock);
  Result<exchange::PeerReply> Send(const exchange::Partner& peer,
                                   const std::string& package) override;

 private:
  const KeyRingPackageSigner& signer_;
  std::string hub_organ_id_;
  const Clock& clock_;
  std::unique_ptr<oidc::HttpClient> http_;
};

// The exchange's Prometheus families (the admin's "per peer" view): the open queues per route,
// partner and state (cqdt_exchange_deliveries, cqdt_exchange_oldest_seconds) and the forwarding
// attempts per peer since start (cqdt_exchange_forward_total). Refreshed by the forwarder's
// thread; a scrape reads the snapshot (no database on the scraping thread).
class ExchangeMetrics {
 public:
  void Refresh(db::Database& db, const exchange::HubService& hub,
               const exchange::Forwarder& forwarder, TimePoint now);
  std::string Render() const;

 private:
  mutable std::mutex mutex_;
  std::string text_;
};

// Runs forwarding passes (exchange::Forwarder) on a thread of its own: pass after pass while
// work is due, every 200 ms while idle, 5 s after a failure. Stopped and joined by the
// destructor.
class ForwarderThread {
 public:
  // `receptions` (may be null): each pass also reports the progress of registered receptions;
  // `refresh` (may be empty) runs about every 5 s (the metrics snapshot).
  ForwarderThread(exchange::Forwarder& forwarder, db::Database& db,
                  exchange::ReceptionService* receptions, exchange::OutboundService* outbound,
                  std::function<void()> refresh = {});
  ~ForwarderThread();
  ForwarderThread(const ForwarderThread&) = delete;
  ForwarderThread& operator=(const ForwarderThread&) = delete;

 private:
  void Loop();
  exchange::Forwarder& forwarder_;
  db::Database& db_;
  exchange::ReceptionService* receptions_;
  exchange::OutboundService* outbound_;
  std::function<void()> refresh_;
  int passes_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

struct ExchangeRuntime {
  ExchangeRuntime(Services& s, const Config& config);
  exchange::PartnerService partners;
  KeyRingPackageSigner signer;
  std::unique_ptr<exchange::HubService> hub;
  std::unique_ptr<exchange::ReceptionService> receptions;
  std::unique_ptr<exchange::OutboundService> outbound;
  // The verifier and limits of this process; the policy and trust store are set per receipt.
  exchange::InspectOptions inspect;
  std::unique_ptr<CurlPeerTransport> transport;
  std::unique_ptr<exchange::Forwarder> forwarder;
  ExchangeMetrics metrics;
};

}  // namespace cqdt::app
