// Signing files: PDF (PAdES B-B, or B-T with a timestamp authority), XML (enveloped XML-DSig) and
// CMS (.p7s detached), with the visible appearance of Decree 30/2020 Appendix I.
//
// Two layers. The free functions sign with a key the caller already holds (the CLI, which reads a
// PKCS#12 file or a token the operator owns). SigningService adds what a server needs: the key
// comes from the KeyRing by id, the caller must be allowed to use it (a personal key only by its
// owner; an agency seal only by a clerk (văn thư) of that agency), and every signature is audited.
//
// Thread safety: the free functions are pure apart from the TSA request; SigningService is safe
// to share.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/attempt_throttle.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/x509.hpp"
#include "db/database.hpp"
#include "identity/principal.hpp"
#include "org/agency_service.hpp"
#include "pdf/pdf.hpp"
#include "signing/key_ring.hpp"

namespace cqdt::signing {

enum class SignKind { kPdf, kXml, kCms };

// Where and how a PDF signature shows (Decree 30/2020 Appendix I).
enum class AppearanceStyle {
  kNone,        // invisible
  kSigner,      // the competent person: handwritten-signature image (blue), name, time
  kSeal,        // the agency: seal image (red) at its real size, placed over about a third of
                // the signer's signature on its left (no image: agency name and time as text)
  kAttachment,  // a separate attachment file: no image; "<số, ký hiệu>" and the time,
                // Times 10 pt black, top-right corner of page 1
};
std::string_view ToString(AppearanceStyle s);
std::optional<AppearanceStyle> ParseAppearanceStyle(std::string_view s);

struct Placement {
  int page = 0;                               // 1-based; 0 = last page (attachments: always 1)
  std::optional<double> x, y, width, height;  // points from bottom-left; default per style
};

struct PdfSignOptions {
  AppearanceStyle style = AppearanceStyle::kNone;
  Placement placement;
  std::string image_png;        // the signature / seal image; none → text only
  std::string display_name;     // person's full name or agency name (default: certificate CN/O)
  std::string document_number;  // kAttachment: "Số: 05/QĐ-UBND" of the main document
  std::string reason;
  std::string location;
  std::optional<int> certify_permissions;  // DocMDP P 1..3
  std::string timestamp_url;               // "" → PAdES B-B; set → B-T
  TimePoint signing_time{};
};

// The visible text of an appearance, e.g. {"Nguyễn Văn A", "2026-11-27T09:15:00+07:00"} (the time
// in ISO 8601, Vietnam time zone, as Appendix I writes it). Pure; exposed for tests.
std::vector<std::string> AppearanceLines(AppearanceStyle style, const std::string& display_name,
                                         const std::string& document_number, TimePoint time);

// The widget of a visible signature with `lines` as text: where Appendix I puts it for
// `options.style` (the signer lower right of the last page; the seal image over the left third of
// the signer's image and above the signer's caption, never on it; an attachment's text top right
// of page 1), then `options.placement` overrides. Pure; exposed for layout tests.
pdf::SignatureAppearance DefaultAppearance(const PdfSignOptions& options,
                                           std::vector<std::string> lines);

Result<std::string> SignPdfWithKey(const std::string& pdf, const crypto::SigningKey& key,
                                   const PdfSignOptions& options);
Result<std::string> SignXmlWithKey(const std::string& xml, const crypto::SigningKey& key);
// Detached CMS over `content`, with signingTime (a .p7s is not PAdES) and signing-certificate-v2.
Result<std::string> SignCmsWithKey(const std::string& content, const crypto::SigningKey& key,
                                   const std::string& timestamp_url, TimePoint signing_time);

// The name of the signed output for an input named `file_name`: "qd.pdf" -> "qd.signed.pdf",
// "goi-tin.xml" -> "goi-tin.signed.xml", CMS: "<name>.p7s". A name that already carries a signed
// marker before its extension (".signed", "-signed", "_signed", "-da-ky", "_da_ky", any case, any
// number of them) loses it first, so a document the leader signed and the clerk then seals stays
// "qd.signed.pdf" rather than "qd.signed.signed.pdf". A bare "-ky" is not a marker: "dinh-ky"
// (định kỳ, periodic) is a word. Pure.
std::string SignedFileName(std::string_view file_name, SignKind kind);

// A key as the API shows it (no secrets).
struct KeyInfo {
  std::string id;
  KeyKind kind = KeyKind::kPersonal;
  std::string owner;
  bool ask_secret = false;
  bool has_image = false;
  bool demo = false;
  std::optional<crypto::Certificate> certificate;
};

struct SignRequest {
  SignKind kind = SignKind::kPdf;
  std::string key_id;
  std::string secret;     // typed password / PIN (keys with ask_secret)
  std::string file_name;  // for the audit entry
  std::string content;    // the file
  PdfSignOptions pdf;     // kPdf (style, placement, reason...; image and time are filled in)
  // kPdf, optional: writes the signature when pdf::SignPdf over `content` is not the whole of it,
  // i.e. when the caller changes the document in the signature's own incremental update (the
  // release's number stamp, pdf::NumberStamper::StampAndSign, saves a write and a parse of the
  // stamped file). Called with the request SignPdf would get and the CMS maker over the key;
  // called again with a larger contents_reserve after TooLarge. `content` is then the file as it
  // was before the writer's changes (the audit entry's SHA-256 is of it).
  std::function<Result<std::string>(const pdf::SignatureRequest&, const pdf::CmsMaker&)> pdf_writer;
};

// SignPdfWithKey over `request.content`, or through `request.pdf_writer` when it is set.
Result<std::string> SignPdfWithKey(const SignRequest& request, const crypto::SigningKey& key,
                                   const PdfSignOptions& options);

struct SignResult {
  std::string content;       // the signed file (kCms: the .p7s)
  std::string content_type;  // "application/pdf", "application/xml", "application/pkcs7-signature"
  std::string signer_subject;
};

// Limits on typed secrets (the PKCS#12 password of an ask_secret key): wrong guesses per signer
// and per key within a sliding window, like logins.
struct SecretThrottleOptions {
  int max_failures = 5;  // per user and per key
  std::chrono::seconds window{15 * 60};
};

class SigningService {
 public:
  SigningService(const KeyRing& keys, org::AgencyService& agencies, audit::AuditLog& audit,
                 const Clock& clock, std::string timestamp_url,
                 SecretThrottleOptions secret_limits = {})
      : keys_(keys),
        agencies_(agencies),
        audit_(audit),
        clock_(clock),
        timestamp_url_(std::move(timestamp_url)),
        secret_limits_(secret_limits),
        secret_throttle_(clock, secret_limits.window) {}

  // The keys `who` may use.
  Result<std::vector<KeyInfo>> UsableKeys(db::Transaction& tx,
                                          const identity::Principal& who) const;
  // Signs with the key `request.key_id`. Errors: NotFound for an unknown key or one the caller
  // may not see, PermissionDenied, InvalidArgument ("secret" required / "style" for a seal
  // requested as a signer...), BadSignature for a wrong secret, RateLimited when the signer or
  // the key has had too many wrong secrets in the window (SecretRetryAfter() says how long to
  // wait), Unavailable (token, TSA), and the file's own errors (Malformed PDF/XML, TooLarge).
  //
  // Typed secrets are guessable, so they are throttled per signer and per key: an attempt is
  // counted when it is admitted (concurrent guesses cannot slip past the limit). Every wrong
  // secret is audited ("sign.secret_failed", with the count; never the secret), and so is the
  // first refusal of a lock-out ("sign.secret_locked"); later refusals in the same lock-out are
  // not, which bounds the audit trail an attacker can write.
  // Invariant for the caller: on kBadSignature and kRateLimited the only change in `tx` is that
  // audit entry (or nothing): commit `tx` so that the failed attempt leaves its trace. On any
  // other error roll back as usual.
  Result<SignResult> Sign(db::Transaction& tx, const identity::Principal& who,
                          const audit::Actor& actor, const SignRequest& request) const;
  // Counts wrong secrets in `store` (identity::SharedLimits on PostgreSQL, so that the limit holds
  // across instances; it must outlive this service) instead of process memory. Call at start-up.
  void UseSharedLimits(AttemptStore* store) { secret_throttle_.UseStore(store); }
  // How long `who` must wait before typing the secret of `key_id` again (0: now).
  std::chrono::seconds SecretRetryAfter(const identity::Principal& who,
                                        const std::string& key_id) const;

 private:
  Status CheckMayUse(db::Transaction& tx, const identity::Principal& who,
                     const KeyEntry& entry) const;
  std::vector<AttemptThrottle::Limit> SecretLimits(const identity::Principal& who,
                                                   const std::string& key_id) const;
  const KeyRing& keys_;
  org::AgencyService& agencies_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  std::string timestamp_url_;
  SecretThrottleOptions secret_limits_;
  mutable AttemptThrottle secret_throttle_;
};

}  // namespace cqdt::signing
