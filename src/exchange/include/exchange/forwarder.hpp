// Forwarding packages to peer hubs (issue 14 items 3-4): store-and-forward, at least once. One
// pass takes the peer deliveries that are due, reads each package from the store, sends it to
// the peer's hub outside any transaction, and records what happened in a short transaction of
// its own: accepted (a 2xx carrying the peer's receipt, or a 422 carrying its refusal: the peer
// answers the sender with a STATUS 02 itself), or retried later with exponential backoff and jitter
// (5xx, a timeout, garbage, no connection), or dead after max_attempts or an answer that no retry
// can change (401, 403, 413). A process killed between the send and the record sends the package
// again; the peer's receipt is idempotent (hub.hpp), so nothing arrives twice. Thread safety: one
// pass at a time per Forwarder; several processes may run passes: each delivery is claimed for
// its attempt (HubService::ClaimForward, a lease of claim_lease_seconds) before it is sent, so
// one is sent by one process at a time; one claimed by a process that died is sent again once
// its lease ends (decision 0024).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/result.hpp"
#include "db/database.hpp"
#include "exchange/hub.hpp"

namespace cqdt::exchange {

struct PeerReply {
  int status = 0;  // HTTP status; 0 when there was no answer
  std::string body;
};

// Sends one package to a peer hub (POST <base_url>/api/v1/exchange/peer/packages, signed as
// decision 0019 says). Implemented in app over libcurl; tests give their own.
class PeerTransport {
 public:
  virtual ~PeerTransport() = default;
  // Errors: kUnavailable when the peer could not be reached (retried).
  virtual Result<PeerReply> Send(const Partner& peer, const std::string& package) = 0;
};

struct ForwarderOptions {
  // Sends at once in a pass (threads; the transport must be safe to call concurrently). 1: one
  // at a time on the caller's thread, each recorded before the next.
  int parallel = 1;
  // How long a delivery claimed for an attempt is left to this forwarder (longer than one send,
  // the transport's timeout included): past it, a forwarder that died mid-send has the
  // delivery taken over by another instance's (decision 0024).
  std::int64_t claim_lease_seconds = 300;
};

class Forwarder {
 public:
  Forwarder(db::Database& db, HubService& hub, const PartnerService& partners,
            PeerTransport& transport, ForwarderOptions options = {})
      : db_(db), hub_(hub), partners_(partners), transport_(transport), options_(options) {}
  // One pass over at most `batch` due deliveries; returns how many were attempted.
  Result<int> RunOnce(int batch = 100);

  // Attempts since this process started, per peer code (for the metrics).
  struct PeerCounts {
    std::uint64_t delivered = 0;  // 2xx
    std::uint64_t refused = 0;    // 422: the peer refused it and answers the sender itself
    std::uint64_t failed = 0;     // no answer, 5xx, garbage, 401/403/413: retried or dead
  };
  std::map<std::string, PeerCounts> Counts() const;

 private:
  struct Outcome {
    ExchangeDeliveryId delivery;
    bool ok = false, refused = false, retryable = true;
    std::string detail, code;
  };
  // Reads the package and sends it (no transaction held while the peer answers).
  Outcome Attempt(const Delivery& d, const Partner* peer);

  mutable std::mutex counts_mutex_;
  std::map<std::string, PeerCounts> counts_;
  db::Database& db_;
  HubService& hub_;
  const PartnerService& partners_;
  PeerTransport& transport_;
  ForwarderOptions options_;
};

}  // namespace cqdt::exchange
