// The exchange hub of one serving process (issue 14; private to app): partners, the hub with
// its package signer over the key ring, and the inspection settings every receipt uses.
#pragma once

#include <memory>
#include <string>

#include "app/config.hpp"
#include "exchange/hub.hpp"
#include "exchange/inspect.hpp"
#include "exchange/partners.hpp"
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

struct ExchangeRuntime {
  ExchangeRuntime(Services& s, const Config& config);
  exchange::PartnerService partners;
  KeyRingPackageSigner signer;
  std::unique_ptr<exchange::HubService> hub;
  // The verifier and limits of this process; the policy and trust store are set per receipt.
  exchange::InspectOptions inspect;
};

}  // namespace cqdt::app
