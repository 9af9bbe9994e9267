#include "signing/external_signing.hpp"

#include <soci/soci.h>

#include "crypto/cms.hpp"
#include "crypto/crypto.hpp"
#include "pdf/pdf.hpp"
#include "signing_internal.hpp"
#include "xml/xml.hpp"

namespace cqdt::signing {
namespace {

using crypto::Certificate;

constexpr std::size_t kMaxImageBytes = 512 * 1024;
// Completed and expired preparations are kept this long (without their content) so that a replay
// gets "already completed" / "expired" rather than "not found", then deleted.
constexpr std::int64_t kKeepSeconds = 24 * 3600;

const char* KindName(SignKind k) {
  switch (k) {
    case SignKind::kPdf:
      return "pdf";
    case SignKind::kXml:
      return "xml";
    case SignKind::kCms:
      return "cms";
  }
  return "pdf";
}

std::optional<SignKind> ParseKind(const std::string& s) {
  for (auto k : {SignKind::kPdf, SignKind::kXml, SignKind::kCms}) {
    if (s == KindName(k)) {
      return k;
    }
  }
  return std::nullopt;
}

const char* ContentType(SignKind k) {
  switch (k) {
    case SignKind::kPdf:
      return "application/pdf";
    case SignKind::kXml:
      return "application/xml";
    case SignKind::kCms:
      return "application/pkcs7-signature";
  }
  return "application/octet-stream";
}

bool IsPng(const std::string& bytes) { return bytes.rfind("\x89PNG\r\n\x1a\n", 0) == 0; }

std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string Unhex(std::string_view hex) {
  auto value = [](char c) { return c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0'; };
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(value(hex[i]) * 16 + value(hex[i + 1]));
  }
  return out;
}

constexpr const char* kBindingColumns =
    "id, user_id, username, fingerprint, subject, issuer, serial, not_before, not_after, status, "
    "image, certificate, registered_at, confirmed_at, confirmed_by";

std::vector<CertificateBinding> QueryBindings(soci::session& sql, const std::string& where,
                                              const std::vector<std::string>& text_args,
                                              std::optional<long long> int_arg) {
  std::vector<CertificateBinding> out;
  long long id = 0, user_id = 0, nb = 0, na = 0;
  std::string username, fp, subject, issuer, serial, status, image, cert, registered, confirmed, by;
  soci::statement st = (sql.prepare << std::string("SELECT ") + kBindingColumns +
                                           " FROM signing_certificate_binding " + where,
                        soci::into(id), soci::into(user_id), soci::into(username), soci::into(fp),
                        soci::into(subject), soci::into(issuer), soci::into(serial), soci::into(nb),
                        soci::into(na), soci::into(status), soci::into(image), soci::into(cert),
                        soci::into(registered), soci::into(confirmed), soci::into(by));
  for (const auto& a : text_args) {
    st.exchange(soci::use(a));
  }
  if (int_arg) {
    st.exchange(soci::use(*int_arg));
  }
  st.define_and_bind();
  st.execute();
  while (st.fetch()) {
    CertificateBinding b;
    b.id = id;
    b.user_id = UserId(user_id);
    b.username = username;
    b.fingerprint_sha256 = fp;
    b.subject = subject;
    b.issuer = issuer;
    b.serial = serial;
    b.not_before = FromUnixSeconds(nb);
    b.not_after = FromUnixSeconds(na);
    b.status = status == "confirmed" ? BindingStatus::kConfirmed : BindingStatus::kPending;
    b.has_image = !image.empty();
    b.registered_at = registered;
    b.confirmed_at = confirmed;
    b.confirmed_by = by;
    b.der = crypto::Base64Decode(cert).value_or(std::string());
    out.push_back(std::move(b));
  }
  return out;
}

Result<CertificateBinding> BindingById(soci::session& sql, std::int64_t id) {
  auto found = QueryBindings(sql, "WHERE id = :id", {}, id);
  if (found.empty()) {
    return Error::NotFound("chứng thư số", std::to_string(id));
  }
  return found.front();
}

Status CheckPerson(const identity::Principal& who) {
  // A signature needs a person at the keyboard: never an API token (as one-step signing).
  if (!identity::Authorizer::IsStaff(who) || who.via_api_token) {
    return Error::PermissionDenied("Chỉ cán bộ đăng nhập mới được ký số bằng thiết bị ký.");
  }
  return {};
}

// What the preparation row holds besides its key columns.
struct Stored {
  std::string id;
  long long user_id = 0;
  SignKind kind = SignKind::kPdf;
  std::string file_name;
  std::string content_sha256;
  std::string certificate_sha256;
  std::string prepared;  // the prepared PDF / XML (empty for CMS)
  std::string partial;   // the partial CMS (PDF, CMS)
  bool timestamp = false;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> completed_at;
};

std::optional<Stored> LoadPreparation(soci::session& sql, const std::string& id) {
  Stored s;
  std::string kind, prepared, partial;
  int timestamp = 0;
  long long expires = 0, completed = 0;
  soci::indicator completed_ind = soci::i_null;
  sql << "SELECT id, user_id, kind, file_name, content_sha256, certificate_sha256, prepared, "
         "partial_cms, with_timestamp, expires_at, completed_at FROM signing_preparation "
         "WHERE id = :id",
      soci::use(id), soci::into(s.id), soci::into(s.user_id), soci::into(kind),
      soci::into(s.file_name), soci::into(s.content_sha256), soci::into(s.certificate_sha256),
      soci::into(prepared), soci::into(partial), soci::into(timestamp), soci::into(expires),
      soci::into(completed, completed_ind);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  s.kind = ParseKind(kind).value_or(SignKind::kPdf);
  s.prepared = crypto::Base64Decode(prepared).value_or(std::string());
  s.partial = crypto::Base64Decode(partial).value_or(std::string());
  s.timestamp = timestamp != 0;
  s.expires_at = expires;
  if (completed_ind == soci::i_ok) {
    s.completed_at = completed;
  }
  return s;
}

}  // namespace

std::string_view ToString(BindingStatus s) {
  return s == BindingStatus::kConfirmed ? "confirmed" : "pending";
}

// ---- certificate bindings ---------------------------------------------------------------------

Result<CertificateBinding> ExternalSigningService::Register(db::Transaction& tx,
                                                            const identity::Principal& who,
                                                            const audit::Actor& actor,
                                                            const std::string& certificate,
                                                            const std::string& image_png) {
  CQDT_RETURN_IF_ERROR(CheckPerson(who));
  // Untrusted input: a certificate file from the user's computer.
  auto cert = Certificate::Parse(certificate);
  if (!cert) {
    return Error::InvalidField("certificate", "format",
                               "Không đọc được chứng thư số (cần tệp PEM hoặc DER).");
  }
  if (cert->IsCa()) {
    return Error::InvalidField("certificate", "kind",
                               "Đây là chứng thư số của tổ chức chứng thực, không phải của cá "
                               "nhân người ký.");
  }
  if (cert->NotAfter() < clock_.Now()) {
    return Error::InvalidField("certificate", "expired", "Chứng thư số đã hết hạn.");
  }
  if (!image_png.empty() && (!IsPng(image_png) || image_png.size() > kMaxImageBytes)) {
    return Error::InvalidField("image", "format", "Ảnh chữ ký phải là tệp PNG không quá 512 KB.");
  }
  const std::string fp = cert->FingerprintSha256();
  auto& sql = tx.sql();
  auto existing = QueryBindings(sql, "WHERE fingerprint = :fp", {fp}, std::nullopt);
  if (!existing.empty()) {
    return Error::Conflict(existing.front().user_id == who.user_id()
                               ? "Chứng thư số này đã được đăng ký cho tài khoản của bạn."
                               : "Chứng thư số này đã được đăng ký cho một tài khoản khác.");
  }
  const long long user_id = who.user_id().value();
  const long long nb = ToUnixSeconds(cert->NotBefore());
  const long long na = ToUnixSeconds(cert->NotAfter());
  const std::string subject = cert->SubjectDn(), issuer = cert->IssuerDn(),
                    serial = cert->SerialHex(), status = "pending",
                    image = crypto::Base64Encode(image_png),
                    der = crypto::Base64Encode(cert->Der()), at = ToIsoUtc(clock_.Now()), empty;
  sql << "INSERT INTO signing_certificate_binding (user_id, username, fingerprint, subject, "
         "issuer, serial, not_before, not_after, status, image, certificate, registered_at, "
         "confirmed_at, confirmed_by) VALUES (:u, :n, :fp, :s, :i, :se, :nb, :na, :st, :im, :c, "
         ":at, :ca, :cb)",
      soci::use(user_id), soci::use(who.username), soci::use(fp), soci::use(subject),
      soci::use(issuer), soci::use(serial), soci::use(nb), soci::use(na), soci::use(status),
      soci::use(image), soci::use(der), soci::use(at), soci::use(empty), soci::use(empty);
  const std::int64_t id = db::LastInsertId(tx, "signing_certificate_binding");
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"signing.certificate.register", "certificate", std::to_string(id),
                     "Đăng ký chứng thư số " + serial + " — " + cert->SubjectCommonName() +
                         " cho tài khoản " + who.username + " (chờ quản trị xác nhận)"}));
  return BindingById(sql, id);
}

Result<std::vector<CertificateBinding>> ExternalSigningService::ListMine(
    db::Transaction& tx, const identity::Principal& who) const {
  CQDT_RETURN_IF_ERROR(CheckPerson(who));
  return QueryBindings(tx.sql(), "WHERE user_id = :u ORDER BY id DESC", {}, who.user_id().value());
}

Result<std::vector<CertificateBinding>> ExternalSigningService::ListAll(
    db::Transaction& tx, const identity::Principal& who) const {
  if (!identity::Authorizer::CanManageUsers(who)) {
    return Error::PermissionDenied();
  }
  return QueryBindings(tx.sql(), "ORDER BY CASE WHEN status = 'pending' THEN 0 ELSE 1 END, id DESC",
                       {}, std::nullopt);
}

Result<CertificateBinding> ExternalSigningService::Confirm(db::Transaction& tx,
                                                           const identity::Principal& who,
                                                           const audit::Actor& actor,
                                                           std::int64_t id) {
  if (!identity::Authorizer::CanManageUsers(who) || who.via_api_token) {
    return Error::PermissionDenied("Chỉ quản trị hệ thống mới xác nhận được chứng thư số.");
  }
  auto& sql = tx.sql();
  CQDT_ASSIGN_OR_RETURN(CertificateBinding b, BindingById(sql, id));
  if (b.status == BindingStatus::kConfirmed) {
    return Error::FailedPrecondition("Chứng thư số này đã được xác nhận.");
  }
  const std::string at = ToIsoUtc(clock_.Now());
  const long long key = id;
  sql << "UPDATE signing_certificate_binding SET status = 'confirmed', confirmed_at = :at, "
         "confirmed_by = :by WHERE id = :id",
      soci::use(at), soci::use(who.username), soci::use(key);
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"signing.certificate.confirm", "certificate", std::to_string(id),
                     "Xác nhận chứng thư số " + b.serial + " của tài khoản " + b.username}));
  return BindingById(sql, id);
}

Status ExternalSigningService::Remove(db::Transaction& tx, const identity::Principal& who,
                                      const audit::Actor& actor, std::int64_t id) {
  auto& sql = tx.sql();
  CQDT_ASSIGN_OR_RETURN(CertificateBinding b, BindingById(sql, id));
  const bool admin = identity::Authorizer::CanManageUsers(who);
  if (!admin && !(identity::Authorizer::IsStaff(who) && b.user_id == who.user_id())) {
    return Error::NotFound("chứng thư số", std::to_string(id));  // do not reveal others' bindings
  }
  const long long key = id;
  sql << "DELETE FROM signing_certificate_binding WHERE id = :id", soci::use(key);
  return audit_.Record(tx, actor,
                       {"signing.certificate.remove", "certificate", std::to_string(id),
                        "Gỡ chứng thư số " + b.serial + " khỏi tài khoản " + b.username});
}

// ---- two-step signing ---------------------------------------------------------------------------

Status ExternalSigningService::CheckCertificate(db::Transaction& tx, const identity::Principal& who,
                                                const std::vector<Certificate>& certificates,
                                                std::string* image_png) const {
  const Certificate& leaf = certificates.front();
  // The certificate must be this user's, confirmed by an admin (issue 9 §4): a token borrowed
  // from a colleague does not sign in this user's name.
  std::string image;
  long long user_id = 0;
  std::string status;
  const std::string fp = leaf.FingerprintSha256();
  tx.sql() << "SELECT user_id, status, image FROM signing_certificate_binding "
              "WHERE fingerprint = :fp",
      soci::use(fp), soci::into(user_id), soci::into(status), soci::into(image);
  if (!tx.sql().got_data() || user_id != who.user_id().value()) {
    return Error::PermissionDenied(
        "Chứng thư số này chưa được đăng ký cho tài khoản của bạn. Hãy đăng ký tại trang Ký số "
        "và chờ quản trị hệ thống xác nhận.");
  }
  if (status != "confirmed") {
    return Error::PermissionDenied(
        "Chứng thư số của bạn đang chờ quản trị hệ thống xác nhận, chưa dùng để ký được.");
  }
  *image_png = crypto::Base64Decode(image).value_or(std::string());

  // Chains to a trusted anchor, valid now, not revoked (CRL / OCSP).
  CQDT_ASSIGN_OR_RETURN(auto store, trust_.Store(tx, TrustPurpose::kDocument));
  std::vector<Certificate> carried(certificates.begin() + 1, certificates.end());
  const auto path = store->Validate(
      leaf, carried, clock_.Now(),
      {.purpose = crypto::KeyPurpose::kDocumentSigning, .check_revocation = true}, fetcher_);
  switch (path.status) {
    case crypto::CertificateStatus::kValid:
      return {};
    case crypto::CertificateStatus::kRevoked:
      return Error::FailedPrecondition("Chứng thư số đã bị thu hồi, không dùng để ký được.");
    case crypto::CertificateStatus::kExpired:
    case crypto::CertificateStatus::kNotYetValid:
      return Error::FailedPrecondition(
          "Chứng thư số không còn hiệu lực (hết hạn hoặc chưa đến "
          "ngày hiệu lực).");
    case crypto::CertificateStatus::kUnknownIssuer:
      return Error::FailedPrecondition(
          "Chứng thư số không do tổ chức chứng thực tin cậy phát hành.");
    case crypto::CertificateStatus::kRevocationUnknown:
      return Error::FailedPrecondition(
          "Chưa kiểm tra được tình trạng thu hồi của chứng thư số (không lấy được CRL/OCSP). Vui "
          "lòng thử lại sau.");
    case crypto::CertificateStatus::kInvalid:
      break;
  }
  return Error::FailedPrecondition("Chứng thư số không hợp lệ để ký văn bản: " + path.detail);
}

Result<Preparation> ExternalSigningService::Prepare(db::Transaction& tx,
                                                    const identity::Principal& who,
                                                    const audit::Actor& actor,
                                                    const ExternalPrepareRequest& request) {
  (void)actor;  // preparing changes nothing a person would look for; completion is audited
  CQDT_RETURN_IF_ERROR(CheckPerson(who));
  if (request.certificates.empty()) {
    return Error::InvalidField("certificate", "required", "Chưa gửi chứng thư số của thiết bị ký.");
  }
  if (request.kind == SignKind::kPdf && request.pdf.style != AppearanceStyle::kNone &&
      request.pdf.style != AppearanceStyle::kSigner) {
    return Error::InvalidField("style", "enum",
                               "Chữ ký cá nhân hiển thị theo hình thức chữ ký người ký (signer) "
                               "hoặc không hiển thị (none).");
  }
  auto& sql = tx.sql();
  const TimePoint now = clock_.Now();
  const long long now_s = ToUnixSeconds(now);
  const long long user_id = who.user_id().value();
  {
    // Housekeeping: rows past their replay window go; then the caller's open ones are counted.
    const long long cutoff = now_s - kKeepSeconds;
    sql << "DELETE FROM signing_preparation WHERE expires_at < :c", soci::use(cutoff);
    long long open = 0;
    sql << "SELECT COUNT(*) FROM signing_preparation WHERE user_id = :u AND completed_at IS NULL "
           "AND expires_at >= :n",
        soci::use(user_id), soci::use(now_s), soci::into(open);
    if (open >= options_.max_open_per_user) {
      return Error::FailedPrecondition(
          "Bạn đang có quá nhiều lượt ký chưa hoàn tất. Vui lòng hoàn tất hoặc đợi vài phút.");
    }
  }
  std::string image;
  CQDT_RETURN_IF_ERROR(CheckCertificate(tx, who, request.certificates, &image));
  const Certificate& leaf = request.certificates.front();
  const std::vector<Certificate> chain(request.certificates.begin() + 1,
                                       request.certificates.end());

  Preparation out;
  out.algorithm = leaf.key_algorithm();
  out.file_name = request.file_name;
  out.document_number = request.document_number;
  out.content_sha256 = crypto::Sha256Hex(request.content);
  out.certificate_sha256 = leaf.FingerprintSha256();
  std::string prepared, partial;
  switch (request.kind) {
    case SignKind::kPdf: {
      PdfSignOptions o = request.pdf;
      o.signing_time = now;
      o.timestamp_url = options_.timestamp_url;  // sizes /Contents for the token to come
      if (o.style == AppearanceStyle::kSigner) {
        o.image_png = image;
        if (o.display_name.empty()) {
          o.display_name = who.full_name;
        }
      }
      CQDT_ASSIGN_OR_RETURN(pdf::SignatureRequest req, BuildPdfRequest(o, leaf, chain));
      const crypto::CmsSignOptions cms = PadesCmsOptions("");
      std::optional<crypto::PreparedCms> prepared_cms;
      CQDT_ASSIGN_OR_RETURN(
          prepared,
          pdf::SignPdf(request.content, req, [&](std::string_view bytes) -> Result<std::string> {
            CQDT_ASSIGN_OR_RETURN(crypto::PreparedCms p,
                                  crypto::PrepareCms(bytes, leaf, chain, cms));
            prepared_cms = std::move(p);
            return prepared_cms->partial_der;
          }));
      if (!prepared_cms) {
        return Error::Internal();
      }
      partial = std::move(prepared_cms->partial_der);
      out.digest = std::move(prepared_cms->digest);
      break;
    }
    case SignKind::kXml: {
      CQDT_ASSIGN_OR_RETURN(xml::PreparedXml x,
                            xml::PrepareEnveloped(request.content, leaf, chain));
      prepared = std::move(x.document);
      out.digest = std::move(x.digest);
      break;
    }
    case SignKind::kCms: {
      crypto::CmsSignOptions cms;  // as SignCmsWithKey: a .p7s carries its signing time
      cms.include_signing_time = true;
      cms.signing_time = now;
      CQDT_ASSIGN_OR_RETURN(crypto::PreparedCms p,
                            crypto::PrepareCms(request.content, leaf, request.certificates, cms));
      partial = std::move(p.partial_der);
      out.digest = std::move(p.digest);
      break;
    }
  }
  out.id = crypto::RandomHex(16);
  out.expires_at = now + options_.ttl;
  const long long expires = ToUnixSeconds(out.expires_at);
  const std::string kind = KindName(request.kind), prepared64 = crypto::Base64Encode(prepared),
                    partial64 = crypto::Base64Encode(partial), digest_hex = Hex(out.digest);
  const int with_timestamp = options_.timestamp_url.empty() ? 0 : 1;
  sql << "INSERT INTO signing_preparation (id, user_id, kind, file_name, document_number, "
         "content_sha256, certificate_sha256, prepared, partial_cms, digest, with_timestamp, "
         "created_at, expires_at) VALUES (:id, :u, :k, :f, :d, :cs, :cf, :p, :pc, :dg, :ts, :c, "
         ":e)",
      soci::use(out.id), soci::use(user_id), soci::use(kind), soci::use(out.file_name),
      soci::use(out.document_number), soci::use(out.content_sha256),
      soci::use(out.certificate_sha256), soci::use(prepared64), soci::use(partial64),
      soci::use(digest_hex), soci::use(with_timestamp), soci::use(now_s), soci::use(expires);
  return out;
}

Result<SignResult> ExternalSigningService::Complete(db::Transaction& tx,
                                                    const identity::Principal& who,
                                                    const audit::Actor& actor,
                                                    const ExternalCompleteRequest& request) {
  CQDT_RETURN_IF_ERROR(CheckPerson(who));
  if (request.signature.empty() == request.cms.empty()) {
    return Error::InvalidField("signature", "required",
                               "Cần gửi đúng một trong hai: giá trị chữ ký (signature) hoặc cả "
                               "chữ ký CMS (cms).");
  }
  auto& sql = tx.sql();
  std::optional<Stored> s = LoadPreparation(sql, request.id);
  // Another user's preparation is "not found": its existence is none of the caller's business.
  if (!s || s->user_id != who.user_id().value()) {
    return Error::NotFound("phiên ký", request.id);
  }
  if (s->completed_at) {
    return Error::Conflict("Phiên ký này đã được hoàn tất; mỗi phiên chỉ dùng được một lần.");
  }
  const TimePoint now = clock_.Now();
  if (s->expires_at < ToUnixSeconds(now)) {
    return Error::FailedPrecondition("Phiên ký đã hết hạn. Vui lòng ký lại.");
  }
  crypto::CmsSignOptions ts;
  if (s->timestamp) {
    ts.timestamp_url = options_.timestamp_url;
  }

  SignResult out;
  out.content_type = ContentType(s->kind);
  Result<std::string> done = std::string();
  std::optional<Certificate> signer;
  if (s->kind == SignKind::kXml) {
    if (!request.cms.empty()) {
      return Error::InvalidField("cms", "unsupported",
                                 "Chữ ký XML chỉ nhận giá trị chữ ký (signature), không nhận CMS.");
    }
    done = xml::CompleteEnveloped(s->prepared, request.signature);
  } else {
    std::string cms;
    if (!request.signature.empty()) {
      CQDT_ASSIGN_OR_RETURN(cms, crypto::CompleteCms(s->partial, request.signature, ts));
    } else {
      // A whole CMS from the client: it must be the declared certificate's valid signature over
      // exactly the prepared content (untrusted input, checked like any signature we verify).
      const std::string signed_bytes =
          s->kind == SignKind::kPdf ? [&] {
            auto sigs = pdf::ReadSignatures(s->prepared);
            return sigs && !sigs->empty() ? pdf::SignedBytes(s->prepared, sigs->back())
                                          : std::string();
          }()
                                    : std::string();
      Result<crypto::CmsReport> report =
          s->kind == SignKind::kPdf
              ? crypto::VerifyCms(request.cms, signed_bytes)
              : crypto::VerifyCmsWithDigest(request.cms, Unhex(s->content_sha256));
      const bool ok =
          report && report->signers.size() == 1 && report->signers[0].certificate &&
          report->signers[0].certificate->FingerprintSha256() == s->certificate_sha256 &&
          report->signers[0].digest_matches && report->signers[0].signature_valid &&
          report->signers[0].signing_certificate_matches;
      if (!ok) {
        return Error::BadSignature(
            "Chữ ký CMS gửi lên không khớp với chứng thư số hoặc với dữ liệu đã chuẩn bị.");
      }
      cms = request.cms;
    }
    if (s->kind == SignKind::kPdf) {
      done = pdf::EmbedCms(s->prepared, cms);
    } else {
      done = std::move(cms);
    }
  }
  if (!done) {
    return done.error();
  }
  out.content = std::move(*done);

  // Used up: the same preparation never signs twice. The row stays (without its content) so that
  // a replay is told it was completed.
  const long long now_s = ToUnixSeconds(now);
  const long long user_id = who.user_id().value();
  soci::statement st =
      (sql.prepare << "UPDATE signing_preparation SET completed_at = :n, prepared = '', "
                      "partial_cms = '' WHERE id = :id AND user_id = :u AND completed_at IS NULL",
       soci::use(now_s), soci::use(request.id), soci::use(user_id));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    return Error::Conflict("Phiên ký này đã được hoàn tất; mỗi phiên chỉ dùng được một lần.");
  }
  long long binding_user = 0;
  std::string subject;
  sql << "SELECT user_id, subject FROM signing_certificate_binding WHERE fingerprint = :fp",
      soci::use(s->certificate_sha256), soci::into(binding_user), soci::into(subject);
  out.signer_subject = subject;
  const char* action = s->kind == SignKind::kPdf   ? "sign.pdf"
                       : s->kind == SignKind::kXml ? "sign.xml"
                                                   : "sign.cms";
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {action, "signature", request.id,
                     "Ký số tệp \"" + s->file_name + "\" (SHA-256 " + s->content_sha256 +
                         ") bằng thiết bị ký của người ký (USB token), chứng thư số " + subject}));
  return out;
}

std::vector<db::Migration> ExternalSigningMigrations() {
  return {
      {"signing", 4, "create_certificate_binding_and_preparation",
       "CREATE TABLE signing_certificate_binding ("
       " id {{pk}},"
       " user_id {{bigint}} NOT NULL,"
       " username TEXT NOT NULL,"
       " fingerprint TEXT NOT NULL UNIQUE,"
       " subject TEXT NOT NULL,"
       " issuer TEXT NOT NULL,"
       " serial TEXT NOT NULL,"
       " not_before {{bigint}} NOT NULL,"
       " not_after {{bigint}} NOT NULL,"
       " status TEXT NOT NULL,"
       " image TEXT NOT NULL,"
       " certificate TEXT NOT NULL,"
       " registered_at TEXT NOT NULL,"
       " confirmed_at TEXT NOT NULL,"
       " confirmed_by TEXT NOT NULL);\n"
       "CREATE INDEX signing_certificate_binding_user ON signing_certificate_binding (user_id);\n"
       "CREATE TABLE signing_preparation ("
       " id TEXT PRIMARY KEY,"
       " user_id {{bigint}} NOT NULL,"
       " kind TEXT NOT NULL,"
       " file_name TEXT NOT NULL,"
       " document_number TEXT NOT NULL,"
       " content_sha256 TEXT NOT NULL,"
       " certificate_sha256 TEXT NOT NULL,"
       " prepared TEXT NOT NULL,"
       " partial_cms TEXT NOT NULL,"
       " digest TEXT NOT NULL,"
       " with_timestamp INTEGER NOT NULL,"
       " created_at {{bigint}} NOT NULL,"
       " expires_at {{bigint}} NOT NULL,"
       " completed_at {{bigint}});\n"
       "CREATE INDEX signing_preparation_user ON signing_preparation (user_id, completed_at);\n"
       "CREATE INDEX signing_preparation_expiry ON signing_preparation (expires_at)"}};
}

}  // namespace cqdt::signing
