// Personal signatures under the signer's sole control: two-step signing with the official's own
// USB token (Law on Electronic Transactions 2023 art. 22-23, Decree 23/2025: a signature is secure
// only when the signature-creation data is under the signer's sole control when signing). The web
// page reaches the token through the local signing agent (`cqdt agent`, module agent); the server
// never sees the key or the PIN.
//
//   Prepare  — the client declares its certificate (and chain). The server checks that the
//              certificate chains to a trusted anchor, is valid now, is not revoked, and is bound
//              to the caller's account (registered by the user, confirmed by an admin); builds the
//              signature exactly as one-step signing would (PDF: the incremental update with its
//              Appendix I appearance and a CMS whose value is empty; XML: the Signature with an
//              empty SignatureValue; CMS: the detached SignedData); keeps that state for `ttl`,
//              bound to the caller, and returns the SHA-256 digest the token must sign.
//   Complete — the client returns the signature value (or, for PDF and CMS, a whole CMS). The
//              server checks that it verifies with the declared certificate over the prepared
//              digest, embeds it (PDF: pdfsig-valid PAdES; XML: xmlsec-valid), records it in the
//              audit trail and returns the signed file. A preparation completes once: another
//              user's, a used one (replay) or an expired one is refused, and a value that does not
//              match leaves it as it was (the caller's transaction rolls back).
//
// Certificate bindings (chứng thư số của cán bộ): a user registers the certificate of their token
// once (with an optional handwritten-signature image for the PDF appearance); an admin confirms
// it; only confirmed bindings can sign. A certificate is bound to one account at most.
//
// Tables: signing_certificate_binding, signing_preparation (owned here). Every method runs in the
// caller's transaction and writes its audit entries there.
//
// Thread safety: safe to share (no mutable state besides the database).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/trust.hpp"
#include "crypto/x509.hpp"
#include "db/database.hpp"
#include "identity/principal.hpp"
#include "signing/signing_service.hpp"
#include "signing/trust_service.hpp"

namespace cqdt::signing {

enum class BindingStatus { kPending, kConfirmed };
std::string_view ToString(BindingStatus s);  // "pending", "confirmed"

struct CertificateBinding {
  std::int64_t id = 0;
  UserId user_id;
  std::string username;
  std::string fingerprint_sha256;  // of the certificate's DER, lower-case hex
  std::string subject;             // RFC 2253 DN
  std::string issuer;
  std::string serial;
  TimePoint not_before{};
  TimePoint not_after{};
  BindingStatus status = BindingStatus::kPending;
  bool has_image = false;
  std::string registered_at;  // ISO 8601 UTC
  std::string confirmed_at;   // "" while pending
  std::string confirmed_by;   // admin's username
  std::string der;
};

struct ExternalPrepareRequest {
  SignKind kind = SignKind::kPdf;
  std::string file_name;        // shown in the agent's confirmation and the audit entry
  std::string document_number;  // "05/QĐ-UBND", shown in the agent's confirmation; may be ""
  std::string content;          // the file to sign
  // The token's certificate first, then any issuing certificates the agent found (may be empty:
  // the trust store's intermediates and anchors complete the path).
  std::vector<crypto::Certificate> certificates;
  PdfSignOptions pdf;  // kPdf: style (none or signer), placement, reason, location
};

struct Preparation {
  std::string id;      // opaque, 128 random bits as hex
  std::string digest;  // 32 bytes: SHA-256 the token signs (RSA PKCS#1 v1.5 / ECDSA)
  crypto::KeyAlgorithm algorithm = crypto::KeyAlgorithm::kOther;
  TimePoint expires_at{};
  std::string file_name;
  std::string document_number;
  std::string content_sha256;      // hex, of the file as uploaded
  std::string certificate_sha256;  // hex
};

struct ExternalCompleteRequest {
  std::string id;
  std::string signature;  // the token's value (RSA PKCS#1 v1.5; ECDSA DER or raw r||s), or
  std::string cms;        // a whole CMS SignedData over the prepared content (PDF and CMS only)
};

struct ExternalSigningOptions {
  std::chrono::seconds ttl{10 * 60};
  std::string timestamp_url;    // as one-step signing: set → PAdES B-T / CAdES-T
  int max_open_per_user = 200;  // unfinished preparations one user may hold (a batch is one each)
};

class ExternalSigningService {
 public:
  // `fetcher`: where revocation information comes from beyond stored CRLs (null: offline).
  ExternalSigningService(const TrustService& trust, audit::AuditLog& audit, const Clock& clock,
                         crypto::RevocationFetcher* fetcher, ExternalSigningOptions options)
      : trust_(trust), audit_(audit), clock_(clock), fetcher_(fetcher), options_(options) {}

  // --- certificate bindings ---
  // The caller (staff, signed in with a password: not an API token) registers a certificate
  // (PEM or DER) for their own account, with an optional PNG signature image (≤ 512 KB). Errors:
  // PermissionDenied; InvalidArgument ("certificate": unreadable, a CA or service certificate,
  // expired; "image": not PNG, too large); Conflict when the certificate is bound to an account
  // already (the same one: "đã đăng ký").
  Result<CertificateBinding> Register(db::Transaction& tx, const identity::Principal& who,
                                      const audit::Actor& actor, const std::string& certificate,
                                      const std::string& image_png);
  // The caller's own bindings, newest first.
  Result<std::vector<CertificateBinding>> ListMine(db::Transaction& tx,
                                                   const identity::Principal& who) const;
  // Every binding (admins only), pending first. Errors: PermissionDenied.
  Result<std::vector<CertificateBinding>> ListAll(db::Transaction& tx,
                                                  const identity::Principal& who) const;
  // An admin confirms a pending binding. Errors: PermissionDenied, NotFound, FailedPrecondition
  // when it is confirmed already.
  Result<CertificateBinding> Confirm(db::Transaction& tx, const identity::Principal& who,
                                     const audit::Actor& actor, std::int64_t id);
  // The owner or an admin removes a binding. Errors: PermissionDenied, NotFound.
  Status Remove(db::Transaction& tx, const identity::Principal& who, const audit::Actor& actor,
                std::int64_t id);

  // --- two-step signing ---
  // Errors: PermissionDenied (not staff, an API token, a certificate not bound to the caller or
  // not confirmed), InvalidArgument ("certificate" missing or unreadable, "style" other than
  // none/signer, "documentNumber"...), FailedPrecondition (the certificate is not trusted, not
  // valid now, revoked, or its revocation status cannot be established; too many open
  // preparations), Unsupported (key type), and the file's own errors (Malformed, TooLarge).
  Result<Preparation> Prepare(db::Transaction& tx, const identity::Principal& who,
                              const audit::Actor& actor, const ExternalPrepareRequest& request);
  // Errors: NotFound (no such preparation for this caller), Conflict (completed already),
  // FailedPrecondition (expired), InvalidArgument (neither or both of signature/cms; cms for an
  // XML signature), BadSignature (the value or CMS does not match the preparation),
  // Unavailable (TSA).
  Result<SignResult> Complete(db::Transaction& tx, const identity::Principal& who,
                              const audit::Actor& actor, const ExternalCompleteRequest& request);

 private:
  Status CheckCertificate(db::Transaction& tx, const identity::Principal& who,
                          const std::vector<crypto::Certificate>& certificates,
                          std::string* image_png) const;

  const TrustService& trust_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  crypto::RevocationFetcher* fetcher_;
  ExternalSigningOptions options_;
};

std::vector<db::Migration> ExternalSigningMigrations();

}  // namespace cqdt::signing
