#include "crypto/trust.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include <openssl/http.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "openssl_util.hpp"

namespace cqdt::crypto {
namespace {

using ossl::BioPtr;
using ossl::ClearOpenSslErrors;
using ossl::X509CrlPtr;

constexpr std::string_view kOidTimeStamping = "1.3.6.1.5.5.7.3.8";
// Largest CRL we download; national CA CRLs are a few MB at most.
constexpr std::size_t kMaxCrlBytes = 10 * 1024 * 1024;
constexpr std::size_t kMaxOcspBytes = 1024 * 1024;
// Clock skew allowed between us and an OCSP responder (RFC 6960 leaves it to the client).
constexpr long kOcspLeewaySeconds = 5 * 60;

Error MalformedCrl() {
  return Error::Malformed("Danh sách chứng thư số bị thu hồi (CRL) không đúng định dạng.");
}

// "Chứng thư số" for the leaf, "Chứng thư số của tổ chức phát hành "X"" for a CA of the path.
std::string Whose(const Certificate& cert, bool is_leaf) {
  if (is_leaf) {
    return "Chứng thư số";
  }
  std::string name = cert.SubjectCommonName();
  if (name.empty()) {
    name = cert.SubjectDn();
  }
  return "Chứng thư số của tổ chức phát hành \"" + name + "\"";
}

std::vector<Certificate> ToCertificates(STACK_OF(X509) * stack) {
  std::vector<Certificate> out;
  if (stack == nullptr) {
    return out;
  }
  for (int i = 0; i < sk_X509_num(stack); ++i) {
    out.push_back(Certificate::FromNative(sk_X509_value(stack, i)));
  }
  return out;
}

// Every byte a (memory) BIO returned by OpenSSL's HTTP client holds.
std::string ReadAll(BIO* bio) {
  std::string out;
  char buf[8192];
  while (true) {
    int n = BIO_read(bio, buf, sizeof(buf));
    if (n <= 0) {
      break;
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

bool IsHttpUrl(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (url.size() <= kScheme.size()) {
    return false;
  }
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(url[i])) != kScheme[i]) {
      return false;
    }
  }
  return true;
}

int TimeoutSeconds(std::chrono::milliseconds timeout) {
  auto seconds = std::chrono::ceil<std::chrono::seconds>(timeout).count();
  return static_cast<int>(std::clamp<long long>(seconds, 1, 3600));
}

Error FetchFailed() {
  return Error::Unavailable("Không tải được danh sách chứng thư số bị thu hồi (CRL).");
}
Error OcspFailed() {
  return Error::Unavailable("Không truy vấn được dịch vụ OCSP kiểm tra trạng thái chứng thư số.");
}
Error OcspRejected() {
  return Error::Unavailable("Phản hồi OCSP không hợp lệ hoặc không đáng tin cậy.");
}

struct RevocationCheck {
  bool answered = false;
  bool revoked = false;
  std::optional<TimePoint> revoked_at;
  RevocationSource source = RevocationSource::kNone;
};

void NoteRevocation(RevocationCheck& check, std::optional<TimePoint> at) {
  if (!check.revoked || (at && (!check.revoked_at || *at < *check.revoked_at))) {
    check.revoked_at = at;
  }
  check.revoked = true;
}

struct VerifyFailure {
  CertificateStatus status;
  std::string detail;
};

// Maps OpenSSL's verification error (the first one found) to our status and a Vietnamese
// sentence. `cert` is the certificate the error is about (may be null), `depth` its place.
VerifyFailure MapVerifyError(int error, X509* cert, int depth) {
  std::optional<Certificate> subject;
  if (cert != nullptr) {
    subject = Certificate::FromNative(cert);
  }
  const bool leaf = depth <= 0 || !subject;
  const std::string who = subject ? Whose(*subject, leaf) : "Chứng thư số";
  switch (error) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return {CertificateStatus::kExpired,
              who + " đã hết hạn vào " +
                  (subject ? ToIsoVietnam(subject->NotAfter()) : std::string("trước đó")) + "."};
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return {CertificateStatus::kNotYetValid,
              who + " chưa có hiệu lực tại thời điểm kiểm tra" +
                  (subject ? " (có hiệu lực từ " + ToIsoVietnam(subject->NotBefore()) + ")"
                           : std::string()) +
                  "."};
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_REJECTED:
      return {CertificateStatus::kUnknownIssuer,
              "Không tìm thấy tổ chức cung cấp dịch vụ chứng thực tin cậy phát hành chứng thư "
              "số này."};
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
    case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
      return {CertificateStatus::kInvalid, "Chữ ký của tổ chức phát hành trên " +
                                               std::string(leaf ? "chứng thư số" : who) +
                                               " không hợp lệ."};
    case X509_V_ERR_INVALID_CA:
    case X509_V_ERR_PATH_LENGTH_EXCEEDED:
    case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
      return {CertificateStatus::kInvalid,
              "Chứng thư số được phát hành bởi một chứng thư số không được phép phát hành chứng "
              "thư số (vi phạm ràng buộc của tổ chức phát hành)."};
    default:
      return {CertificateStatus::kInvalid, "Chứng thư số không hợp lệ."};
  }
}

// Key purpose of the leaf (RFC 5280 §4.2.1.3, §4.2.1.12). Empty when allowed.
std::optional<std::string> CheckPurpose(const Certificate& leaf, KeyPurpose purpose) {
  KeyUsage usage = leaf.key_usage();
  const bool signing_usage = !usage.present || usage.digital_signature || usage.non_repudiation;
  switch (purpose) {
    case KeyPurpose::kAny:
      return std::nullopt;
    case KeyPurpose::kDocumentSigning: {
      if (!signing_usage) {
        return "Chứng thư số không được phép dùng để ký.";
      }
      // An extendedKeyUsage that names only service purposes (a timestamp authority, an OCSP
      // responder, a TLS server) rules document signing out. Personal and seal certificates of
      // Vietnamese CAs carry clientAuth / emailProtection / documentSigning, or no EKU at all.
      auto ekus = leaf.ExtendedKeyUsages();
      bool only_services =
          !ekus.empty() && std::all_of(ekus.begin(), ekus.end(), [](const auto& o) {
            return o == kOidTimeStamping || o == "1.3.6.1.5.5.7.3.9" || o == "1.3.6.1.5.5.7.3.1";
          });
      if (only_services) {
        return "Chứng thư số chỉ dành cho dịch vụ (dấu thời gian, OCSP, máy chủ), không dùng để "
               "ký văn bản.";
      }
      return std::nullopt;
    }
    case KeyPurpose::kTimestamping: {
      auto ekus = leaf.ExtendedKeyUsages();
      if (!signing_usage || std::find(ekus.begin(), ekus.end(), kOidTimeStamping) == ekus.end()) {
        return "Chứng thư số không được phép dùng để cấp dấu thời gian.";
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Crl

Result<Crl> Crl::Parse(std::string_view bytes) {
  // Untrusted input (uploaded or downloaded): PEM or exactly one DER CRL.
  X509CrlPtr crl;
  if (ossl::LooksLikePem(bytes)) {
    BioPtr bio = ossl::MemBio(bytes);
    crl.reset(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
  } else {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = p + bytes.size();
    crl.reset(d2i_X509_CRL(nullptr, &p, static_cast<long>(bytes.size())));
    if (crl && p != end) {
      crl.reset();
    }
  }
  if (!crl) {
    ClearOpenSslErrors();
    return MalformedCrl();
  }
  return Crl(ossl::ShareX509Crl(crl.release()));
}

std::string Crl::Der() const { return ossl::DerEncode(crl_.get(), i2d_X509_CRL); }

std::string Crl::IssuerDn() const { return ossl::NameToString(X509_CRL_get_issuer(crl_.get())); }

TimePoint Crl::ThisUpdate() const {
  return ossl::FromAsn1Time(X509_CRL_get0_lastUpdate(crl_.get()));
}

std::optional<TimePoint> Crl::NextUpdate() const {
  const ASN1_TIME* t = X509_CRL_get0_nextUpdate(crl_.get());
  if (t == nullptr) {
    return std::nullopt;
  }
  return ossl::FromAsn1Time(t);
}

bool Crl::IsSignedBy(const Certificate& issuer) const {
  if (X509_NAME_cmp(X509_CRL_get_issuer(crl_.get()), X509_get_subject_name(issuer.native())) != 0) {
    return false;
  }
  // RFC 5280 §4.2.1.3: a key that signs CRLs must have cRLSign when keyUsage is present.
  KeyUsage usage = issuer.key_usage();
  if (usage.present && !usage.crl_sign) {
    return false;
  }
  EVP_PKEY* key = X509_get0_pubkey(issuer.native());
  bool ok = key != nullptr && X509_CRL_verify(crl_.get(), key) == 1;
  ClearOpenSslErrors();
  return ok;
}

std::size_t Crl::RevokedCount() const {
  STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl_.get());
  return revoked == nullptr ? 0 : static_cast<std::size_t>(sk_X509_REVOKED_num(revoked));
}

std::optional<TimePoint> Crl::RevocationTime(const Certificate& certificate) const {
  // Only direct CRLs: the entry counts when this CRL is from the certificate's issuer.
  if (X509_NAME_cmp(X509_CRL_get_issuer(crl_.get()), X509_get_issuer_name(certificate.native())) !=
      0) {
    return std::nullopt;
  }
  X509_REVOKED* entry = nullptr;
  // 1: listed; 2: listed with reason removeFromCRL (only meaningful in delta CRLs): not revoked.
  int found =
      X509_CRL_get0_by_serial(crl_.get(), &entry, X509_get0_serialNumber(certificate.native()));
  if (found != 1 || entry == nullptr) {
    return std::nullopt;
  }
  return ossl::FromAsn1Time(X509_REVOKED_get0_revocationDate(entry));
}

// ---------------------------------------------------------------------------------------------
// HttpRevocationFetcher

Result<Crl> HttpRevocationFetcher::FetchCrl(const std::string& url) {
  if (!IsHttpUrl(url)) {
    return Error::Unavailable("Chỉ hỗ trợ tải danh sách chứng thư số bị thu hồi qua http://.");
  }
  // Proxy: nullptr lets OpenSSL honour http_proxy / no_proxy from the environment.
  BioPtr response(OSSL_HTTP_get(url.c_str(), nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                                0, nullptr, nullptr, /*expect_asn1=*/0, kMaxCrlBytes,
                                TimeoutSeconds(timeout_)));
  if (!response) {
    ClearOpenSslErrors();
    return FetchFailed();
  }
  std::string body = ReadAll(response.get());
  ClearOpenSslErrors();
  auto crl = Crl::Parse(body);
  if (!crl) {
    return FetchFailed();
  }
  return crl;
}

Result<OcspAnswer> HttpRevocationFetcher::QueryOcsp(const Certificate& certificate,
                                                    const Certificate& issuer,
                                                    const std::string& url) {
  if (!IsHttpUrl(url)) {
    return Error::Unavailable("Chỉ hỗ trợ truy vấn OCSP qua http://.");
  }
  char* host = nullptr;
  char* port = nullptr;
  char* path = nullptr;
  char* query = nullptr;
  int use_ssl = 0;
  if (OSSL_HTTP_parse_url(url.c_str(), &use_ssl, nullptr, &host, &port, nullptr, &path, &query,
                          nullptr) != 1) {
    ClearOpenSslErrors();
    return Error::Unavailable("Địa chỉ dịch vụ OCSP không hợp lệ.");
  }
  std::string host_s = host;
  std::string port_s = port;
  std::string path_s = path;
  if (query != nullptr && path_s.find('?') == std::string::npos) {
    path_s += "?";
    path_s += query;
  }
  OPENSSL_free(host);
  OPENSSL_free(port);
  OPENSSL_free(path);
  OPENSSL_free(query);
  if (use_ssl != 0) {
    return Error::Unavailable("Chỉ hỗ trợ truy vấn OCSP qua http://.");
  }

  // SHA-1 CertID: RFC 5019 §2.1.1 and what every deployed responder understands.
  ossl::OcspCertIdPtr id(OCSP_cert_to_id(EVP_sha1(), certificate.native(), issuer.native()));
  if (!id) {
    ossl::ThrowOpenSslError("OCSP_cert_to_id");
  }
  ossl::OcspRequestPtr request(OCSP_REQUEST_new());
  if (!request) {
    ossl::ThrowOpenSslError("OCSP_REQUEST_new");
  }
  OCSP_CERTID* request_id = OCSP_CERTID_dup(id.get());
  if (request_id == nullptr || OCSP_request_add0_id(request.get(), request_id) == nullptr) {
    OCSP_CERTID_free(request_id);
    ossl::ThrowOpenSslError("OCSP_request_add0_id");
  }
  // A nonce binds the answer to this request (no replay of an old "good").
  if (OCSP_request_add1_nonce(request.get(), nullptr, -1) != 1) {
    ossl::ThrowOpenSslError("OCSP_request_add1_nonce");
  }
  BioPtr request_bio = ossl::NewMemBio();
  if (i2d_OCSP_REQUEST_bio(request_bio.get(), request.get()) != 1) {
    ossl::ThrowOpenSslError("i2d_OCSP_REQUEST_bio");
  }

  BioPtr response_bio(OSSL_HTTP_transfer(
      nullptr, host_s.c_str(), port_s.c_str(), path_s.c_str(), /*use_ssl=*/0, nullptr, nullptr,
      nullptr, nullptr, nullptr, nullptr, 0, nullptr, "application/ocsp-request", request_bio.get(),
      "application/ocsp-response", /*expect_asn1=*/1, kMaxOcspBytes, TimeoutSeconds(timeout_),
      /*keep_alive=*/0));
  if (!response_bio) {
    ClearOpenSslErrors();
    return OcspFailed();
  }
  std::string der = ReadAll(response_bio.get());

  // Untrusted input from the network from here on.
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ossl::OcspResponsePtr response(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
  if (!response) {
    ClearOpenSslErrors();
    return OcspRejected();
  }
  if (OCSP_response_status(response.get()) != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
    ClearOpenSslErrors();
    return Error::Unavailable("Dịch vụ OCSP từ chối trả lời yêu cầu kiểm tra trạng thái.");
  }
  ossl::OcspBasicRespPtr basic(OCSP_response_get1_basic(response.get()));
  if (!basic) {
    ClearOpenSslErrors();
    return OcspRejected();
  }
  // 1: nonces match; -1: the responder left it out (common with pre-signed answers, accepted
  // because the validity window below bounds replay); 0: mismatch (a replayed or foreign answer).
  int nonce = OCSP_check_nonce(request.get(), basic.get());
  if (nonce != 1 && nonce != -1) {
    ClearOpenSslErrors();
    return OcspRejected();
  }

  // The signer must be the issuer itself or a responder certificate the issuer issued with
  // id-kp-OCSPSigning (RFC 6960 §4.2.2.2). The issuer is the only trusted certificate: with
  // OCSP_TRUSTOTHER a signer found in `certs` (the issuer) is trusted directly; a delegated
  // responder (from the response) is chained to the issuer (partial chain: the issuer need not be
  // a root) and OpenSSL checks it was issued by the CertID's issuer and carries OCSPSigning.
  ossl::X509StorePtr store(X509_STORE_new());
  ossl::X509StackPtr certs(sk_X509_new_null());
  if (!store || !certs || X509_STORE_add_cert(store.get(), issuer.native()) != 1 ||
      X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN) != 1) {
    ossl::ThrowOpenSslError("OCSP trust store");
  }
  X509_up_ref(issuer.native());
  if (sk_X509_push(certs.get(), issuer.native()) <= 0) {
    X509_free(issuer.native());
    ossl::ThrowOpenSslError("sk_X509_push");
  }
  if (OCSP_basic_verify(basic.get(), certs.get(), store.get(), OCSP_TRUSTOTHER) != 1) {
    ClearOpenSslErrors();
    return OcspRejected();
  }

  int status = V_OCSP_CERTSTATUS_UNKNOWN;
  int reason = 0;
  ASN1_GENERALIZEDTIME* revoked_at = nullptr;
  ASN1_GENERALIZEDTIME* this_update = nullptr;
  ASN1_GENERALIZEDTIME* next_update = nullptr;
  if (OCSP_resp_find_status(basic.get(), id.get(), &status, &reason, &revoked_at, &this_update,
                            &next_update) != 1) {
    ClearOpenSslErrors();
    return Error::Unavailable("Phản hồi OCSP không có thông tin về chứng thư số cần kiểm tra.");
  }
  // thisUpdate not in the future, nextUpdate not in the past (both with leeway); no age limit.
  if (OCSP_check_validity(this_update, next_update, kOcspLeewaySeconds, -1) != 1) {
    ClearOpenSslErrors();
    return Error::Unavailable("Phản hồi OCSP đã hết hiệu lực hoặc chưa có hiệu lực.");
  }

  OcspAnswer answer;
  switch (status) {
    case V_OCSP_CERTSTATUS_GOOD:
      answer.status = OcspCertStatus::kGood;
      break;
    case V_OCSP_CERTSTATUS_REVOKED:
      answer.status = OcspCertStatus::kRevoked;
      if (revoked_at != nullptr) {
        answer.revoked_at = ossl::FromAsn1Time(revoked_at);
      }
      break;
    default:
      answer.status = OcspCertStatus::kUnknown;
      break;
  }
  answer.produced_at = ossl::FromAsn1Time(OCSP_resp_get0_produced_at(basic.get()));
  answer.this_update = ossl::FromAsn1Time(this_update);
  if (next_update != nullptr) {
    answer.next_update = ossl::FromAsn1Time(next_update);
  }
  answer.der = std::move(der);
  ClearOpenSslErrors();
  return answer;
}

// ---------------------------------------------------------------------------------------------
// TrustStore

void TrustStore::AddAnchor(Certificate certificate) { anchors_.push_back(std::move(certificate)); }

void TrustStore::AddIntermediate(Certificate certificate) {
  intermediates_.push_back(std::move(certificate));
}

void TrustStore::AddCrl(Crl crl) { crls_.push_back(std::move(crl)); }

namespace {

// Revocation status of `cert` (issued by `issuer`): the store's CRLs first, then OCSP, then the
// certificate's CRL distribution points.
RevocationCheck CheckRevocation(const Certificate& cert, const Certificate& issuer,
                                const std::vector<Crl>& crls, RevocationFetcher* fetcher,
                                std::vector<std::string>* evidence) {
  RevocationCheck check;
  // Any CRL of the issuer in the store is an answer. A CRL issued before `at` cannot prove that
  // the certificate was still good at `at`, but the caller chose what to store (the signing
  // module keeps the CRLs it fetched when the signature was made, which is the evidence that
  // counts for long-term validation).
  for (const Crl& crl : crls) {
    if (!crl.IsSignedBy(issuer)) {
      continue;  // another CA's CRL, or a forged one
    }
    check.answered = true;
    check.source = RevocationSource::kCrl;
    if (auto t = crl.RevocationTime(cert)) {
      NoteRevocation(check, t);
    }
  }
  if (check.answered || fetcher == nullptr) {
    return check;
  }
  // OCSP first: it is fresher and smaller. A responder that is down or answers "unknown" falls
  // back to the CRL distribution points.
  for (const std::string& url : cert.OcspUrls()) {
    auto answer = fetcher->QueryOcsp(cert, issuer, url);
    if (!answer || answer->status == OcspCertStatus::kUnknown) {
      continue;
    }
    if (evidence != nullptr) {
      evidence->push_back(answer->der);
    }
    check.answered = true;
    check.source = RevocationSource::kOcsp;
    if (answer->status == OcspCertStatus::kRevoked) {
      NoteRevocation(check, answer->revoked_at);
    }
    return check;
  }
  for (const std::string& url : cert.CrlUrls()) {
    auto crl = fetcher->FetchCrl(url);
    // Untrusted download: it counts only when the issuer signed it.
    if (!crl || !crl->IsSignedBy(issuer)) {
      continue;
    }
    if (evidence != nullptr) {
      evidence->push_back(crl->Der());
    }
    check.answered = true;
    check.source = RevocationSource::kCrl;
    if (auto t = crl->RevocationTime(cert)) {
      NoteRevocation(check, t);
    }
    return check;
  }
  return check;
}

}  // namespace

PathValidation TrustStore::Validate(const Certificate& certificate,
                                    const std::vector<Certificate>& untrusted, TimePoint at,
                                    const PathValidationOptions& options,
                                    RevocationFetcher* fetcher,
                                    std::vector<std::string>* evidence) const {
  PathValidation out;

  ossl::X509StorePtr store(X509_STORE_new());
  ossl::X509StackPtr others(sk_X509_new_null());
  ossl::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!store || !others || !ctx) {
    ossl::ThrowOpenSslError("X509 store allocation");
  }
  for (const Certificate& anchor : anchors_) {
    if (X509_STORE_add_cert(store.get(), anchor.native()) != 1) {
      ossl::ThrowOpenSslError("X509_STORE_add_cert");
    }
  }
  auto push_untrusted = [&](const Certificate& c) {
    X509_up_ref(c.native());
    if (sk_X509_push(others.get(), c.native()) <= 0) {
      X509_free(c.native());
      ossl::ThrowOpenSslError("sk_X509_push");
    }
  };
  for (const Certificate& c : untrusted) {
    push_untrusted(c);
  }
  for (const Certificate& c : intermediates_) {
    push_untrusted(c);
  }
  if (X509_STORE_CTX_init(ctx.get(), store.get(), certificate.native(), others.get()) != 1) {
    ossl::ThrowOpenSslError("X509_STORE_CTX_init");
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_time(param, ossl::ToTimeT(at));
  // An anchor is trusted as is, whether or not it is self-signed (a store may trust a
  // subordinate CA of the national root directly). No X509_V_FLAG_X509_STRICT: certificates
  // issued by real CAs break some of its RFC 5280 profile rules (e.g. non-critical
  // basicConstraints, missing AKID) without being unsafe. No CRL flags: revocation is checked
  // below, with the "at" semantics OpenSSL does not have. No purpose: checked below.
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);

  const int verified = X509_verify_cert(ctx.get());
  {
    ossl::X509StackPtr chain(X509_STORE_CTX_get1_chain(ctx.get()));
    out.chain = ToCertificates(chain.get());
  }
  if (out.chain.empty()) {
    out.chain.push_back(certificate);
  }
  if (verified != 1) {
    VerifyFailure failure = MapVerifyError(X509_STORE_CTX_get_error(ctx.get()),
                                           X509_STORE_CTX_get_current_cert(ctx.get()),
                                           X509_STORE_CTX_get_error_depth(ctx.get()));
    ClearOpenSslErrors();
    out.status = failure.status;
    out.detail = std::move(failure.detail);
    return out;
  }
  ClearOpenSslErrors();

  if (auto purpose_error = CheckPurpose(certificate, options.purpose)) {
    out.status = CertificateStatus::kInvalid;
    out.detail = std::move(*purpose_error);
    return out;
  }

  out.status = CertificateStatus::kValid;
  out.detail = "Chứng thư số hợp lệ tại thời điểm ký.";
  if (!options.check_revocation) {
    return out;
  }

  // Every certificate but the anchor (the last one), leaf first. Anchors are trusted as they are:
  // their revocation is the business of whoever maintains the store.
  std::optional<std::size_t> unknown_index;
  std::optional<std::size_t> later_index;
  std::optional<TimePoint> revoked_later;
  for (std::size_t i = 0; i + 1 < out.chain.size(); ++i) {
    RevocationCheck check =
        CheckRevocation(out.chain[i], out.chain[i + 1], crls_, fetcher, evidence);
    if (i == 0) {
      out.revocation_source = check.source;
    }
    if (!check.answered) {
      if (!unknown_index) {
        unknown_index = i;
      }
      continue;
    }
    if (!check.revoked) {
      continue;
    }
    if (!check.revoked_at || *check.revoked_at <= at) {
      out.status = CertificateStatus::kRevoked;
      out.revocation_source = check.source;
      out.revoked_at = check.revoked_at;
      out.detail = Whose(out.chain[i], i == 0) + " đã bị thu hồi" +
                   (check.revoked_at ? " lúc " + ToIsoVietnam(*check.revoked_at) : std::string()) +
                   ".";
      return out;
    }
    if (!revoked_later || *check.revoked_at < *revoked_later) {
      revoked_later = check.revoked_at;
      later_index = i;
    }
  }
  out.revoked_at = revoked_later;
  if (unknown_index) {
    out.status = CertificateStatus::kRevocationUnknown;
    out.detail = "Không xác định được tình trạng thu hồi của " +
                 std::string(*unknown_index == 0
                                 ? "chứng thư số"
                                 : "chứng thư số của tổ chức phát hành \"" +
                                       out.chain[*unknown_index].SubjectCommonName() + "\"") +
                 " (không có danh sách chứng thư số bị thu hồi hoặc phản hồi OCSP).";
    return out;
  }
  if (revoked_later) {
    out.detail =
        "Chứng thư số hợp lệ tại thời điểm ký; " +
        std::string(*later_index == 0 ? "chứng thư số" : Whose(out.chain[*later_index], false)) +
        " đã bị thu hồi sau đó, lúc " + ToIsoVietnam(*revoked_later) + ".";
  }
  return out;
}

std::string_view ToString(CertificateStatus status) {
  switch (status) {
    case CertificateStatus::kValid:
      return "valid";
    case CertificateStatus::kExpired:
      return "expired";
    case CertificateStatus::kNotYetValid:
      return "not_yet_valid";
    case CertificateStatus::kRevoked:
      return "revoked";
    case CertificateStatus::kUnknownIssuer:
      return "unknown_issuer";
    case CertificateStatus::kRevocationUnknown:
      return "revocation_unknown";
    case CertificateStatus::kInvalid:
      return "invalid";
  }
  return "invalid";
}

}  // namespace cqdt::crypto
