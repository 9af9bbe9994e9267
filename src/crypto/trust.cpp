#include "crypto/trust.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

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
