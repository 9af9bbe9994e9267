#include "signing/trust_service.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "crypto/crypto.hpp"
#include "signing/bundled_trust.hpp"
#include "signing/external_signing.hpp"

namespace cqdt::signing {
namespace {

using crypto::Certificate;
using crypto::Crl;

std::int64_t Unix(TimePoint t) { return ToUnixSeconds(t); }

TrustAnchor AnchorFrom(const Certificate& c, TrustPurpose purpose, const std::string& name,
                       AnchorKind kind) {
  TrustAnchor a;
  a.purpose = purpose;
  a.kind = kind;
  a.name = name.empty() ? c.SubjectCommonName() : name;
  a.subject = c.SubjectDn();
  a.issuer = c.IssuerDn();
  a.serial = c.SerialHex();
  a.fingerprint_sha256 = c.FingerprintSha256();
  a.not_before = c.NotBefore();
  a.not_after = c.NotAfter();
  a.is_root = c.IsSelfIssued();
  a.der = c.Der();
  return a;
}

constexpr const char* kAnchorColumns =
    "id, purpose, kind, source, name, subject, issuer, serial, fingerprint, not_before, "
    "not_after, is_root, certificate, added_by, added_at";

AnchorKind ParseAnchorKind(const std::string& s) {
  return s == "pinned" ? AnchorKind::kPinned : AnchorKind::kCa;
}

std::vector<TrustAnchor> QueryAnchors(soci::session& sql, const std::string& where,
                                      const std::string* arg) {
  std::vector<TrustAnchor> out;
  long long id = 0, nb = 0, na = 0;
  int root = 0;
  std::string purpose, kind, source, name, subject, issuer, serial, fp, cert, by, at;
  soci::statement st =
      (sql.prepare << std::string("SELECT ") + kAnchorColumns + " FROM signing_trust_anchor " +
                          where + " ORDER BY id",
       soci::into(id), soci::into(purpose), soci::into(kind), soci::into(source), soci::into(name),
       soci::into(subject), soci::into(issuer), soci::into(serial), soci::into(fp), soci::into(nb),
       soci::into(na), soci::into(root), soci::into(cert), soci::into(by), soci::into(at));
  if (arg != nullptr) {
    st.exchange(soci::use(*arg));
  }
  st.define_and_bind();
  st.execute();
  while (st.fetch()) {
    TrustAnchor a;
    a.id = id;
    a.purpose = ParseTrustPurpose(purpose).value_or(TrustPurpose::kDocument);
    a.name = name;
    a.subject = subject;
    a.issuer = issuer;
    a.serial = serial;
    a.fingerprint_sha256 = fp;
    a.not_before = FromUnixSeconds(nb);
    a.not_after = FromUnixSeconds(na);
    a.is_root = root != 0;
    a.der = crypto::Base64Decode(cert).value_or("");
    a.kind = ParseAnchorKind(kind);
    a.source = source;
    if (a.kind == AnchorKind::kCa) {
      auto parsed = Certificate::Parse(a.der);
      a.usable = parsed && parsed->IsCa();
    }
    a.added_by = by;
    a.added_at = at;
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<StoredCrl> QueryCrls(soci::session& sql) {
  std::vector<StoredCrl> out;
  long long id = 0, tu = 0, nu = 0, count = 0;
  soci::indicator nu_ind = soci::i_null;
  std::string issuer, source, stored, crl;
  soci::statement st =
      (sql.prepare << "SELECT id, issuer, this_update, next_update, source, stored_at, "
                      "revoked_count, crl FROM signing_crl ORDER BY id",
       soci::into(id), soci::into(issuer), soci::into(tu), soci::into(nu, nu_ind),
       soci::into(source), soci::into(stored), soci::into(count), soci::into(crl));
  st.execute();
  while (st.fetch()) {
    StoredCrl c;
    c.id = id;
    c.issuer = issuer;
    c.this_update = FromUnixSeconds(tu);
    if (nu_ind == soci::i_ok) {
      c.next_update = FromUnixSeconds(nu);
    }
    c.source = source;
    c.revoked_count = count;
    c.stored_at = stored;
    c.der = crypto::Base64Decode(crl).value_or("");
    out.push_back(std::move(c));
  }
  return out;
}

// Inserts the anchor row and sets a.id. The caller has checked that it is new.
void InsertAnchor(db::Transaction& tx, TrustAnchor& a) {
  const std::string purpose(ToString(a.purpose));
  const std::string kind(ToString(a.kind));
  long long nb = ToUnixSeconds(a.not_before), na = ToUnixSeconds(a.not_after);
  int root = a.is_root ? 1 : 0;
  std::string b64 = crypto::Base64Encode(a.der);
  tx.sql() << "INSERT INTO signing_trust_anchor (purpose, kind, source, name, subject, issuer, "
              "serial, fingerprint, not_before, not_after, is_root, certificate, added_by, "
              "added_at) VALUES (:p, :k, :so, :n, :s, :i, :se, :f, :nb, :na, :r, :c, :b, :a)",
      soci::use(purpose), soci::use(kind), soci::use(a.source), soci::use(a.name),
      soci::use(a.subject), soci::use(a.issuer), soci::use(a.serial),
      soci::use(a.fingerprint_sha256), soci::use(nb), soci::use(na), soci::use(root),
      soci::use(b64), soci::use(a.added_by), soci::use(a.added_at);
  a.id = db::LastInsertId(tx, "signing_trust_anchor");
}

bool AnchorExists(db::Transaction& tx, TrustPurpose purpose, const std::string& fingerprint) {
  const std::string p(ToString(purpose));
  long long id = 0;
  soci::indicator ind = soci::i_null;
  tx.sql() << "SELECT id FROM signing_trust_anchor WHERE purpose = :p AND fingerprint = :f",
      soci::use(p), soci::use(fingerprint), soci::into(id, ind);
  return ind == soci::i_ok;
}

// Inserts `crl` unless the same DER is stored already. Returns the row (id 0 when it existed).
StoredCrl InsertCrl(db::Transaction& tx, const Crl& crl, const std::string& source, TimePoint now,
                    bool* inserted) {
  StoredCrl c;
  c.der = crl.Der();
  c.issuer = crl.IssuerDn();
  c.this_update = crl.ThisUpdate();
  c.next_update = crl.NextUpdate();
  c.source = source;
  c.stored_at = ToIsoUtc(now);
  std::string hash = crypto::Sha256Hex(c.der);
  long long existing = 0;
  soci::indicator ind = soci::i_null;
  tx.sql() << "SELECT id FROM signing_crl WHERE der_sha256 = :h", soci::use(hash),
      soci::into(existing, ind);
  if (ind == soci::i_ok) {
    c.id = existing;
    *inserted = false;
    return c;
  }
  long long tu = Unix(c.this_update);
  long long nu = c.next_update ? Unix(*c.next_update) : 0;
  soci::indicator nu_ind = c.next_update ? soci::i_ok : soci::i_null;
  const std::string& stored = c.stored_at;
  std::string b64 = crypto::Base64Encode(c.der);
  long long count = static_cast<long long>(crl.RevokedCount());
  c.revoked_count = count;
  tx.sql() << "INSERT INTO signing_crl (issuer, this_update, next_update, source, stored_at, "
              "revoked_count, der_sha256, crl) VALUES (:i, :t, :n, :s, :a, :c, :h, :d)",
      soci::use(c.issuer), soci::use(tu), soci::use(nu, nu_ind), soci::use(source),
      soci::use(stored), soci::use(count), soci::use(hash), soci::use(b64);
  c.id = db::LastInsertId(tx, "signing_crl");
  *inserted = true;
  return c;
}

}  // namespace

std::string_view ToString(AnchorKind k) { return k == AnchorKind::kPinned ? "pinned" : "ca"; }

std::string_view ToString(TrustPurpose p) {
  return p == TrustPurpose::kTimestamp ? "timestamp" : "document";
}

std::optional<TrustPurpose> ParseTrustPurpose(std::string_view s) {
  if (s == "document") {
    return TrustPurpose::kDocument;
  }
  if (s == "timestamp") {
    return TrustPurpose::kTimestamp;
  }
  return std::nullopt;
}

Result<std::vector<TrustAnchor>> TrustService::AddAnchors(
    db::Transaction& tx, const audit::Actor& actor, TrustPurpose purpose, const std::string& bytes,
    const std::string& name, AnchorKind kind) {
  // Untrusted input (an upload): parsed by OpenSSL inside crypto, nothing else.
  auto certs = Certificate::ParseAll(bytes);
  if (!certs) {
    return Error::InvalidField("certificate", "format",
                               "Tệp không phải chứng thư số X.509 (PEM hoặc DER).");
  }
  if (name.size() > 300) {
    return Error::InvalidField("name", "length", "Tên không được dài quá 300 ký tự.");
  }
  if (kind == AnchorKind::kPinned && certs->size() != 1) {
    return Error::InvalidField("certificate", "count",
                               "Chỉ ghim được từng chứng thư số một; tệp có " +
                                   std::to_string(certs->size()) + " chứng thư.");
  }
  std::vector<TrustAnchor> added;
  const std::string purpose_text(ToString(purpose));
  for (const auto& c : *certs) {
    // Untrusted input: only basicConstraints cA=TRUE makes a CA. A self-signed certificate with
    // CA:FALSE used to pass as a "CA gốc" and then vouched for its own signatures unlabelled
    // (issue 8, item 15); an admin who wants exactly that pins it.
    if (kind == AnchorKind::kCa && !c.IsCa()) {
      return Error::InvalidField(
          "certificate", "not_ca",
          "Chứng thư số \"" + c.SubjectCommonName() +
              "\" không phải của tổ chức chứng thực (CA) nên không thể làm CA tin cậy. Nếu chỉ "
              "muốn tin cậy chữ ký của chính chứng thư này, hãy chọn \"Ghim một chứng thư cụ "
              "thể\".");
    }
    if (kind == AnchorKind::kPinned && c.IsCa()) {
      return Error::InvalidField(
          "certificate", "is_ca",
          "Chứng thư số \"" + c.SubjectCommonName() +
              "\" là của tổ chức chứng thực (CA): hãy thêm nó như một CA tin cậy, không ghim.");
    }
    TrustAnchor a = AnchorFrom(c, purpose, certs->size() == 1 ? name : "", kind);
    a.added_by = actor.name;
    a.added_at = ToIsoUtc(clock_.Now());
    if (AnchorExists(tx, purpose, a.fingerprint_sha256)) {
      return Error::Conflict("Chứng thư số \"" + a.name + "\" đã có trong danh sách tin cậy.",
                             {{"certificate", "duplicate", "Đã có trong danh sách tin cậy."}});
    }
    InsertAnchor(tx, a);
    ChangedIn(tx);
    CQDT_RETURN_IF_ERROR(audit_.Record(
        tx, actor,
        {kind == AnchorKind::kPinned ? "trust.pin" : "trust.add", "trust_anchor",
         std::to_string(a.id),
         (kind == AnchorKind::kPinned ? "Ghim chứng thư số tin cậy ("
                                      : "Thêm tổ chức chứng thực tin cậy (") +
             purpose_text + "): " + a.subject + " — SHA-256 " + a.fingerprint_sha256}));
    added.push_back(std::move(a));
  }
  return added;
}

Result<int> TrustService::SeedBundledAnchors(db::Transaction& tx, const audit::Actor& actor) {
  if (tx.engine() == db::Engine::kPostgres) {
    // Several instances starting at once on one database (issue 16 item 4; a new database, or
    // an upgrade that ships a new root): without this the second read "not offered yet" before
    // the first committed, offered the same root again, and its start died on the unique key.
    // Now it waits here until the first commits, then finds the offers. A key of its own (the
    // migrator's is 7243100, the audit chain's 7243101).
    tx.sql() << "SELECT pg_advisory_xact_lock(7243102)";
  }
  int added = 0;
  const std::string purpose(ToString(TrustPurpose::kDocument));
  const std::string now = ToIsoUtc(clock_.Now());
  for (const auto& entry : BundledCertificates()) {
    if (!entry.anchor) {
      continue;
    }
    auto cert = VerifiedCertificate(entry);
    if (!cert || !cert->IsCa()) {
      // Altered or broken data must never become trusted; bundled_trust_test catches it first.
      spdlog::error("bundled trust: {} does not match its recorded SHA-256 or is no CA; skipped",
                    entry.file);
      continue;
    }
    const std::string fp = cert->FingerprintSha256();
    long long offered = 0;
    tx.sql() << "SELECT COUNT(*) FROM signing_bundled_anchor WHERE fingerprint = :f AND "
                "purpose = :p",
        soci::use(fp), soci::use(purpose), soci::into(offered);
    if (offered > 0) {
      continue;  // offered before: trusted since, or removed by an admin (who decides)
    }
    tx.sql() << "INSERT INTO signing_bundled_anchor (fingerprint, purpose, offered_at) VALUES "
                "(:f, :p, :a)",
        soci::use(fp), soci::use(purpose), soci::use(now);
    if (AnchorExists(tx, TrustPurpose::kDocument, fp)) {
      continue;  // an admin trusted it already
    }
    TrustAnchor a = AnchorFrom(*cert, TrustPurpose::kDocument, entry.name, AnchorKind::kCa);
    a.source = "bundled";
    a.added_by = actor.name;
    a.added_at = now;
    InsertAnchor(tx, a);
    ChangedIn(tx);
    CQDT_RETURN_IF_ERROR(
        audit_.Record(tx, actor,
                      {"trust.add", "trust_anchor", std::to_string(a.id),
                       "Tin cậy tổ chức chứng thực gốc có sẵn trong cqdt (document): " + a.subject +
                           " — SHA-256 " + a.fingerprint_sha256}));
    ++added;
  }
  return added;
}

Status TrustService::RemoveAnchor(db::Transaction& tx, const audit::Actor& actor, std::int64_t id) {
  std::string key = std::to_string(id);
  long long lid = id;
  std::string subject;
  soci::indicator ind = soci::i_null;
  tx.sql() << "SELECT subject FROM signing_trust_anchor WHERE id = :id", soci::use(lid),
      soci::into(subject, ind);
  if (ind != soci::i_ok) {
    return Error::NotFound("tổ chức chứng thực tin cậy", key);
  }
  tx.sql() << "DELETE FROM signing_trust_anchor WHERE id = :id", soci::use(lid);
  ChangedIn(tx);
  return audit_.Record(tx, actor,
                       {"trust.remove", "trust_anchor", key,
                        "Gỡ tổ chức chứng thực khỏi danh sách tin cậy: " + subject});
}

Result<std::vector<TrustAnchor>> TrustService::ListAnchors(
    db::Transaction& tx, std::optional<TrustPurpose> purpose) const {
  if (purpose) {
    std::string p(ToString(*purpose));
    return QueryAnchors(tx.sql(), "WHERE purpose = :p", &p);
  }
  return QueryAnchors(tx.sql(), "", nullptr);
}

Result<StoredCrl> TrustService::AddCrl(db::Transaction& tx, const audit::Actor& actor,
                                       const std::string& bytes) {
  auto crl = Crl::Parse(bytes);
  if (!crl) {
    return Error::InvalidField("crl", "format",
                               "Tệp không phải danh sách chứng thư số bị thu hồi (CRL).");
  }
  bool inserted = false;
  auto stored = InsertCrl(tx, *crl, "upload", clock_.Now(), &inserted);
  ChangedIn(tx);
  if (!inserted) {
    return Error::Conflict("Danh sách thu hồi này đã được lưu.",
                           {{"crl", "duplicate", "Đã được lưu."}});
  }
  CQDT_RETURN_IF_ERROR(audit_.Record(tx, actor,
                                     {"trust.crl_add", "crl", std::to_string(stored.id),
                                      "Nạp danh sách thu hồi của " + stored.issuer + ", cập nhật " +
                                          ToIsoUtc(stored.this_update)}));
  return stored;
}

Status TrustService::CacheEvidence(db::Transaction& tx, const std::vector<std::string>& evidence) {
  for (const auto& item : evidence) {
    auto crl = Crl::Parse(item);
    if (!crl) {
      continue;  // OCSP responses are not cached: they are per certificate and short-lived
    }
    bool inserted = false;
    InsertCrl(tx, *crl, "fetched", clock_.Now(), &inserted);
    if (inserted) {
      ChangedIn(tx);
    }
  }
  return {};
}

Result<std::vector<StoredCrl>> TrustService::ListCrls(db::Transaction& tx) const {
  return QueryCrls(tx.sql());
}

Result<crypto::TrustStore> TrustService::LoadStore(db::Transaction& tx,
                                                   TrustPurpose purpose) const {
  crypto::TrustStore store;
  auto anchors = ListAnchors(tx, purpose);
  if (!anchors) {
    return anchors.error();
  }
  for (const auto& a : *anchors) {
    if (!a.usable) {
      continue;  // a non-CA certificate stored as a CA before the CA rule: never an anchor
    }
    // A pinned end-entity certificate goes in as an anchor too: path validation accepts it only
    // as the signer itself (OpenSSL refuses a CA:FALSE certificate as anyone's issuer).
    if (auto c = Certificate::Parse(a.der)) {
      store.AddAnchor(*c);
    }
  }
  // Every current CRL: crypto::TrustStore believes a CRL only when it is signed by the issuer of
  // the certificate being checked, and unions what the believed ones say, so a forged or stale
  // CRL can neither hide nor undo a revocation.
  if (purpose == TrustPurpose::kDocument) {
    for (const auto& entry : BundledCertificates()) {
      if (entry.anchor) {
        continue;
      }
      if (auto c = VerifiedCertificate(entry)) {
        store.AddIntermediate(*c);  // trusts nothing by itself: only a path to an anchor counts
      }
    }
  }
  TimePoint now = clock_.Now();
  for (const auto& c : QueryCrls(tx.sql())) {
    if (c.next_update && *c.next_update < now) {
      continue;
    }
    if (auto crl = Crl::Parse(c.der)) {
      store.AddCrl(*crl);
    }
  }
  return store;
}

Result<std::shared_ptr<const crypto::TrustStore>> TrustService::Store(db::Transaction& tx,
                                                                      TrustPurpose purpose) const {
  const auto slot = static_cast<std::size_t>(purpose);
  const TimePoint now = clock_.Now();
  {
    std::lock_guard lock(cache_mu_);
    const Cached& c = cache_[slot];
    if (c.store && now - c.loaded_at < cache_ttl_) {
      return c.store;
    }
  }
  auto loaded = LoadStore(tx, purpose);
  if (!loaded) {
    return loaded.error();
  }
  auto store = std::make_shared<const crypto::TrustStore>(std::move(*loaded));
  std::lock_guard lock(cache_mu_);
  cache_[slot] = {store, now};
  return store;
}

void TrustService::ChangedIn(db::Transaction& tx) {
  tx.OnCommit([this] {
    std::lock_guard lock(cache_mu_);
    for (auto& c : cache_) {
      c = {};
    }
  });
}

std::vector<db::Migration> Migrations() {
  std::vector<db::Migration> out = {
      {"signing", 1, "create_trust_anchor_and_crl",
       "CREATE TABLE signing_trust_anchor ("
       " id {{pk}},"
       " purpose TEXT NOT NULL,"
       " name TEXT NOT NULL,"
       " subject TEXT NOT NULL,"
       " issuer TEXT NOT NULL,"
       " serial TEXT NOT NULL,"
       " fingerprint TEXT NOT NULL,"
       " not_before {{bigint}} NOT NULL,"
       " not_after {{bigint}} NOT NULL,"
       " is_root INTEGER NOT NULL,"
       " certificate TEXT NOT NULL,"
       " added_by TEXT NOT NULL,"
       " added_at TEXT NOT NULL,"
       " UNIQUE (purpose, fingerprint));\n"
       "CREATE TABLE signing_crl ("
       " id {{pk}},"
       " issuer TEXT NOT NULL,"
       " this_update {{bigint}} NOT NULL,"
       " next_update {{bigint}},"
       " source TEXT NOT NULL,"
       " stored_at TEXT NOT NULL,"
       " revoked_count {{bigint}} NOT NULL,"
       " der_sha256 TEXT NOT NULL UNIQUE,"
       " crl TEXT NOT NULL)"},
      // Issue 8, item 15: an anchor is a CA, or an end-entity certificate pinned as such.
      {"signing", 2, "trust_anchor_kind",
       "ALTER TABLE signing_trust_anchor ADD COLUMN kind TEXT NOT NULL DEFAULT 'ca'"},
      // Issue 8, item 18: the national roots shipped with cqdt, offered once per database.
      {"signing", 3, "bundled_anchors",
       "ALTER TABLE signing_trust_anchor ADD COLUMN source TEXT NOT NULL DEFAULT 'admin';\n"
       "CREATE TABLE signing_bundled_anchor ("
       " fingerprint TEXT NOT NULL,"
       " purpose TEXT NOT NULL,"
       " offered_at TEXT NOT NULL,"
       " PRIMARY KEY (fingerprint, purpose))"}};
  // Issue 9: two-step signing with the official's own token (signing v4).
  for (auto& m : ExternalSigningMigrations()) {
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace cqdt::signing
