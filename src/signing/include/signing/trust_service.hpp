// The trust store as data: CA certificates an admin trusts, per purpose, and the CRLs known to
// cqdt (uploaded by an admin, or downloaded while verifying and cached). Owns the tables
// `signing_trust_anchor`, `signing_crl` and `signing_bundled_anchor` (which shipped anchors were
// offered to this database).
//
// Every method runs inside the caller's transaction; mutations write an audit entry in it.
// Permission checks are the caller's (identity::Authorizer::CanManageTrust).
//
// Invariants: an anchor is either a CA certificate (basicConstraints cA=TRUE; being self-signed
// is not enough: a self-signed end-entity certificate is no CA) or an end-entity certificate an
// admin pinned explicitly (AnchorKind::kPinned), which vouches for signatures made with that very
// certificate and nothing it might have issued. Rows stored before that rule whose certificate is
// no CA are listed as not usable and left out of the stores. The same certificate (SHA-256
// fingerprint) appears at most once per purpose; a CRL is stored once (by the SHA-256 of its
// DER). A stored CRL is only believed when it is signed by the issuer of the certificate being
// checked (crypto::TrustStore checks that at use), so storing one is harmless.
//
// Thread safety: safe to share; the store cache is guarded by a mutex.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/trust.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"

namespace cqdt::signing {

// What a trusted certificate may vouch for. kDocument: signatures on documents, results and
// packages; kTimestamp: timestamp authorities.
enum class TrustPurpose { kDocument, kTimestamp };
std::string_view ToString(TrustPurpose p);  // "document", "timestamp"
std::optional<TrustPurpose> ParseTrustPurpose(std::string_view s);

// kCa: a certification authority, trusted for what it issued. kPinned: one end-entity
// certificate trusted for its own signatures only (a partner's self-signed seal, a TSA).
enum class AnchorKind { kCa, kPinned };
std::string_view ToString(AnchorKind k);  // "ca", "pinned"

struct TrustAnchor {
  std::int64_t id = 0;
  TrustPurpose purpose = TrustPurpose::kDocument;
  AnchorKind kind = AnchorKind::kCa;
  std::string name;  // admin's label, e.g. "Ban Cơ yếu Chính phủ - Root CA"
  std::string subject;
  std::string issuer;
  std::string serial;
  std::string fingerprint_sha256;
  TimePoint not_before{};
  TimePoint not_after{};
  bool is_root = false;  // self-signed; otherwise an intermediate CA trusted directly
  // False for a row of kind kCa whose certificate is no CA (stored before the CA rule): it is
  // shown so that an admin can remove it, and ignored by LoadStore.
  bool usable = true;
  // "admin": added by an admin (API or CLI); "bundled": shipped with cqdt (bundled_trust.hpp)
  // and trusted by SeedBundledAnchors.
  std::string source = "admin";
  std::string added_by;
  std::string added_at;  // ISO 8601 UTC
  std::string der;       // the certificate
};

struct StoredCrl {
  std::int64_t id = 0;
  std::string issuer;
  TimePoint this_update{};
  std::optional<TimePoint> next_update;
  std::string source;     // "upload" or the URL it was downloaded from
  std::string stored_at;  // ISO 8601 UTC
  std::int64_t revoked_count = 0;
  std::string der;
};

class TrustService {
 public:
  // `cache_ttl`: how old the in-memory stores served by Store() may be. Changes committed through
  // this service refresh them at once; changes by another process show within `cache_ttl`.
  TrustService(audit::AuditLog& audit, const Clock& clock,
               std::chrono::seconds cache_ttl = std::chrono::seconds(60))
      : audit_(audit), clock_(clock), cache_ttl_(cache_ttl) {}

  // `bytes`: PEM (a bundle adds every certificate) or DER. `kind` kCa: every certificate must be
  // a CA. kPinned: exactly one certificate, which must not be a CA (pinning a CA would trust all
  // it issued under a label that says otherwise). Errors: InvalidArgument (field "certificate":
  // code "not_ca" for an end-entity certificate offered as a CA, "is_ca" for a CA offered for
  // pinning, "count" for a pinned bundle, "format" for unparseable input), Conflict when
  // already trusted for this purpose. Returns the anchors added.
  Result<std::vector<TrustAnchor>> AddAnchors(db::Transaction& tx, const audit::Actor& actor,
                                              TrustPurpose purpose, const std::string& bytes,
                                              const std::string& name,
                                              AnchorKind kind = AnchorKind::kCa);
  // Removing a shipped anchor is remembered: SeedBundledAnchors never brings it back.
  Status RemoveAnchor(db::Transaction& tx, const audit::Actor& actor, std::int64_t id);
  // Trusts, for documents, each shipped anchor (BundledCertificates) that this database has not
  // been offered yet, and remembers the offer (table signing_bundled_anchor). So the national
  // roots are trusted on first start, a root shipped by a later cqdt on the first start after the
  // upgrade, and an admin's removal survives restarts and upgrades. A certificate an admin
  // trusted already is only marked offered. A shipped file whose SHA-256 differs from the
  // manifest is skipped (never trusted). Audited ("trust.add", by `actor`). Returns how many
  // anchors were added.
  Result<int> SeedBundledAnchors(db::Transaction& tx, const audit::Actor& actor);
  Result<std::vector<TrustAnchor>> ListAnchors(db::Transaction& tx,
                                               std::optional<TrustPurpose> purpose) const;

  // Stores an uploaded CRL. Errors: InvalidArgument (field "crl") when it does not parse,
  // Conflict when the same CRL is stored already. Whether it is believed is decided at use.
  Result<StoredCrl> AddCrl(db::Transaction& tx, const audit::Actor& actor,
                           const std::string& bytes);
  // Stores CRLs downloaded during a verification (`evidence` items that parse as CRLs; OCSP
  // responses and duplicates are skipped). Not audited: a cache.
  Status CacheEvidence(db::Transaction& tx, const std::vector<std::string>& evidence);
  Result<std::vector<StoredCrl>> ListCrls(db::Transaction& tx) const;

  // The store for `purpose`: its anchors, plus every stored CRL whose nextUpdate has not passed
  // (the trust store believes only those signed by the right issuer), plus, for documents, the
  // shipped intermediates (they only help build a path to an anchor).
  Result<crypto::TrustStore> LoadStore(db::Transaction& tx, TrustPurpose purpose) const;
  // LoadStore() kept in memory for read-only requests (public verification): parsing every
  // anchor and CRL per request would put a national CA's multi-megabyte CRL on the hot path.
  // Refreshed through `tx` when missing, older than cache_ttl, or after a committed change.
  Result<std::shared_ptr<const crypto::TrustStore>> Store(db::Transaction& tx,
                                                          TrustPurpose purpose) const;

 private:
  // Drops the cached stores when `tx` commits.
  void ChangedIn(db::Transaction& tx);
  struct Cached {
    std::shared_ptr<const crypto::TrustStore> store;
    TimePoint loaded_at{};
  };
  audit::AuditLog& audit_;
  const Clock& clock_;
  std::chrono::seconds cache_ttl_;
  mutable std::mutex cache_mu_;
  mutable Cached cache_[2];  // by TrustPurpose
};

std::vector<db::Migration> Migrations();

}  // namespace cqdt::signing
