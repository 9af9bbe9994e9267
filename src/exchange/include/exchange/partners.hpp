// Member systems and peer hubs of the exchange hub (issue 14 items 3-4; decision 0019), as an
// admin registers them, and the routing table they make.
//
// A member (another vendor's document system) authenticates with a secret the hub generates once
// (32 random bytes; only its SHA-256 is kept): `Authorization: Bearer <secret>`. A peer hub
// authenticates with signed requests (request_signature.hpp) by the certificate registered here.
// Routing: a recipient served by a member goes to that member; otherwise to the peer whose
// pattern matches its code best — the longest level path (QĐ 20/2020 order, level 1 first:
// `000.00.12.H29` is the path H29.12), an exact code beating any path, "*" matching anything.
//
// Validation errors name the fields: kind, code ([a-z0-9._-], 2..64), name (1..200), baseUrl
// (peers: http(s)://...), certificate (peers: one PEM certificate), signaturePolicy, agencies
// (members: valid OrganIds, at least one, none served by another member; peers: patterns).
// Thread safety: stateless; methods run in the caller's transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "exchange/hub.hpp"

namespace cqdt::exchange {

struct CreatedPartner {
  Partner partner;
  std::string secret;  // members only; shown once, never stored
};

class PartnerService {
 public:
  PartnerService(audit::AuditLog& audit, const Clock& clock) : audit_(audit), clock_(clock) {}

  Result<CreatedPartner> Create(db::Transaction& tx, const audit::Actor& actor,
                                const PartnerInput& in);
  Result<Partner> Update(db::Transaction& tx, const audit::Actor& actor, PartnerId id,
                         const PartnerInput& in);
  // A new secret for a member (the old one stops working).
  Result<CreatedPartner> RotateSecret(db::Transaction& tx, const audit::Actor& actor, PartnerId id);
  std::vector<Partner> List(db::Transaction& tx) const;
  Result<Partner> Get(db::Transaction& tx, PartnerId id) const;
  std::optional<Partner> ByCode(db::Transaction& tx, std::string_view code) const;
  // The enabled member whose secret this is (constant-time digest comparison in SQL terms: the
  // lookup is by the secret's SHA-256).
  std::optional<Partner> MemberBySecret(db::Transaction& tx, std::string_view secret) const;
  // The enabled peer whose certificate has this SHA-256 fingerprint (hex).
  std::optional<Partner> PeerByFingerprint(db::Transaction& tx, std::string_view fingerprint) const;

  // Where a recipient that is not an agency of this instance goes: a member serving it, else the
  // best-matching peer route; nullopt when none.
  std::optional<Partner> RouteFor(db::Transaction& tx, const std::string& organ_id) const;

 private:
  audit::AuditLog& audit_;
  const Clock& clock_;
};

// The level path of an OrganId in QĐ 20/2020 order ("000.00.12.H29" -> "H29.12"; "H29.12" stays);
// "" when the code has neither layout.
std::string RoutePath(std::string_view organ_id);

}  // namespace cqdt::exchange
