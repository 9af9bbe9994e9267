// HttpRevocationFetcher (crypto/trust.hpp): CRLs and OCSP answers over plain HTTP through
// OpenSSL's HTTP client, bounded in size and time. An OCSP answer is checked here (its signer,
// nonce and validity); a CRL's signature is checked where it is used (TrustStore, trust.cpp).
#include <algorithm>
#include <cctype>
#include <string>

#include <openssl/http.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include "crypto/trust.hpp"
#include "openssl_util.hpp"

namespace cqdt::crypto {
namespace {

using ossl::BioPtr;
using ossl::ClearOpenSslErrors;

// Largest CRL we download; national CA CRLs are a few MB at most.
constexpr std::size_t kMaxCrlBytes = 10 * 1024 * 1024;
constexpr std::size_t kMaxOcspBytes = 1024 * 1024;
// Clock skew allowed between us and an OCSP responder (RFC 6960 leaves it to the client).
constexpr long kOcspLeewaySeconds = 5 * 60;

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

}  // namespace

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

}  // namespace cqdt::crypto
