#include "crypto/pki.hpp"

#include <algorithm>
#include <chrono>
#include <string_view>

#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "openssl_util.hpp"

namespace cqdt::crypto {
namespace {

using ossl::ClearOpenSslErrors;

bool IsCaKind(CertificateKind kind) {
  return kind == CertificateKind::kRootCa || kind == CertificateKind::kIntermediateCa;
}

// URLs end up inside an OpenSSL configuration string ("URI:a,URI:b"): only plain http(s) URLs
// without separators are accepted, so a value cannot smuggle in another extension field.
bool IsPlainUrl(std::string_view url) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return false;
  }
  return std::none_of(url.begin(), url.end(), [](char c) {
    return c == ',' || c == ';' || c == '\\' || static_cast<unsigned char>(c) <= ' ' ||
           static_cast<unsigned char>(c) >= 0x7F;
  });
}

bool IsDnsName(std::string_view name) {
  return !name.empty() && name.size() <= 253 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '*';
  });
}

// 16 random bytes with the top bit cleared: a positive INTEGER of at most 128 bits (RFC 5280
// §4.1.2.2 allows 20 octets; CA/B Forum wants at least 64 random bits).
ossl::Asn1IntegerPtr RandomSerial() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    ossl::ThrowOpenSslError("RAND_bytes");
  }
  bytes[0] &= 0x7F;
  if (bytes[0] == 0) {
    bytes[0] = 0x01;  // keep the full 16 octets
  }
  ossl::BignumPtr bn(BN_bin2bn(bytes, sizeof(bytes), nullptr));
  ossl::Asn1IntegerPtr serial(bn ? BN_to_ASN1_INTEGER(bn.get(), nullptr) : nullptr);
  if (!serial) {
    ossl::ThrowOpenSslError("BN_to_ASN1_INTEGER");
  }
  return serial;
}

// Adds one UTF-8 attribute; false when OpenSSL rejects the value (e.g. a country that is not two
// letters, an e-mail address that is not IA5).
bool AddNameEntry(X509_NAME* name, int nid, const std::string& value) {
  if (value.empty()) {
    return true;
  }
  bool ok = X509_NAME_add_entry_by_NID(name, nid, MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(value.data()),
                                       static_cast<int>(value.size()), -1, 0) == 1;
  ClearOpenSslErrors();
  return ok;
}

// Adds an extension from its OpenSSL configuration text. The values are built here from
// validated parts, so a failure is a bug.
void AddExtension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  ossl::X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    ossl::ThrowOpenSslError("X509V3_EXT_conf_nid " + value);
  }
}

std::string Join(const std::vector<std::string>& items, const std::string& prefix) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) {
      out += ',';
    }
    out += prefix + item;
  }
  return out;
}

Status ValidateProfile(const CertificateProfile& profile, const SigningKey* issuer) {
  std::vector<FieldError> errors;
  if (profile.common_name.empty()) {
    errors.push_back({"commonName", "required", "Cần có tên chủ thể (CN)."});
  }
  if (profile.not_before != TimePoint{} && profile.not_after != TimePoint{} &&
      profile.not_after <= profile.not_before) {
    errors.push_back(
        {"notAfter", "range", "Thời điểm hết hạn phải sau thời điểm bắt đầu hiệu lực."});
  }
  for (const auto& url : profile.crl_urls) {
    if (!IsPlainUrl(url)) {
      errors.push_back({"crlUrls", "format", "Địa chỉ CRL không hợp lệ."});
    }
  }
  for (const auto& url : profile.ocsp_urls) {
    if (!IsPlainUrl(url)) {
      errors.push_back({"ocspUrls", "format", "Địa chỉ OCSP không hợp lệ."});
    }
  }
  for (const auto& dns : profile.dns_names) {
    if (!IsDnsName(dns)) {
      errors.push_back({"dnsNames", "format", "Tên miền không hợp lệ."});
    }
  }
  if (profile.path_length && *profile.path_length < 0) {
    errors.push_back({"pathLength", "range", "Độ dài đường dẫn không được âm."});
  }
  if (profile.algorithm == KeyAlgorithm::kOther) {
    errors.push_back({"algorithm", "unsupported", "Thuật toán khoá không được hỗ trợ."});
  }
  if (profile.algorithm == KeyAlgorithm::kRsa && profile.bits != 2048 && profile.bits != 3072 &&
      profile.bits != 4096) {
    errors.push_back({"bits", "range", "Độ dài khoá RSA phải là 2048, 3072 hoặc 4096 bit."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  if (profile.self_signed && (issuer != nullptr || IsCaKind(profile.kind))) {
    return Error::FailedPrecondition("Chỉ chứng thư số không phải CA mới dùng self_signed.");
  }
  if (issuer != nullptr && !issuer->certificate.IsCa()) {
    return Error::FailedPrecondition("Chứng thư số của bên cấp không phải chứng thư số CA.");
  }
  if (issuer == nullptr && profile.kind != CertificateKind::kRootCa && !profile.self_signed) {
    return Error::FailedPrecondition("Chỉ chứng thư số CA gốc mới được tự ký.");
  }
  return Ok();
}

}  // namespace

Result<SigningKey> IssueCertificate(const CertificateProfile& profile, const SigningKey* issuer) {
  CQDT_RETURN_IF_ERROR(ValidateProfile(profile, issuer));

  // Unset validity: from now (less a minute, for clock skew between machines) for a year, or ten
  // years for a CA.
  TimePoint not_before = profile.not_before;
  if (not_before == TimePoint{}) {
    not_before = std::chrono::system_clock::now() - std::chrono::minutes(1);
  }
  TimePoint not_after = profile.not_after;
  if (not_after == TimePoint{}) {
    not_after =
        not_before + (IsCaKind(profile.kind) ? std::chrono::days(3650) : std::chrono::days(365));
  }

  PrivateKey key = PrivateKey::Generate(profile.algorithm, profile.bits);

  ossl::X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) {
    ossl::ThrowOpenSslError("X509_new");
  }
  auto serial = RandomSerial();
  if (X509_set_serialNumber(cert.get(), serial.get()) != 1) {
    ossl::ThrowOpenSslError("X509_set_serialNumber");
  }

  // Subject, most significant first in DER (so RFC 2253 prints CN first). All strings UTF-8
  // (Vietnamese names); C is a PrintableString, emailAddress IA5, as the ASN.1 tables require.
  ossl::X509NamePtr subject(X509_NAME_new());
  if (!subject) {
    ossl::ThrowOpenSslError("X509_NAME_new");
  }
  struct Attribute {
    int nid;
    const std::string* value;
    const char* field;
  };
  const Attribute attributes[] = {
      {NID_countryName, &profile.country, "country"},
      {NID_stateOrProvinceName, &profile.province, "province"},
      {NID_localityName, &profile.locality, "locality"},
      {NID_organizationName, &profile.organization, "organization"},
      {NID_organizationalUnitName, &profile.organizational_unit, "organizationalUnit"},
      {NID_userId, &profile.uid, "uid"},  // 0.9.2342.19200300.100.1.1 (CCCD:/MST: numbers)
      {NID_pkcs9_emailAddress, &profile.email, "email"},
      {NID_commonName, &profile.common_name, "commonName"},
  };
  for (const auto& attribute : attributes) {
    if (!AddNameEntry(subject.get(), attribute.nid, *attribute.value)) {
      return Error::InvalidField(attribute.field, "format",
                                 "Giá trị không hợp lệ cho thuộc tính của chủ thể.");
    }
  }
  if (X509_set_subject_name(cert.get(), subject.get()) != 1) {
    ossl::ThrowOpenSslError("X509_set_subject_name");
  }
  X509* issuer_cert = issuer != nullptr ? issuer->certificate.native() : cert.get();
  EVP_PKEY* signing_key = issuer != nullptr ? issuer->key.native() : key.native();
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer_cert)) != 1) {
    ossl::ThrowOpenSslError("X509_set_issuer_name");
  }
  ossl::SetAsn1Time(X509_getm_notBefore(cert.get()), not_before);
  ossl::SetAsn1Time(X509_getm_notAfter(cert.get()), not_after);
  if (X509_set_pubkey(cert.get(), key.native()) != 1) {
    ossl::ThrowOpenSslError("X509_set_pubkey");
  }

  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer_cert, cert.get(), nullptr, nullptr, 0);

  // basicConstraints, critical (RFC 5280 §4.2.1.9 requires it critical in CA certificates).
  if (IsCaKind(profile.kind)) {
    std::string bc = "critical,CA:TRUE";
    if (profile.path_length) {
      bc += ",pathlen:" + std::to_string(*profile.path_length);
    }
    AddExtension(cert.get(), &ctx, NID_basic_constraints, bc);
  } else {
    AddExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
  }

  std::string key_usage;
  std::string eku;
  switch (profile.kind) {
    case CertificateKind::kRootCa:
    case CertificateKind::kIntermediateCa:
      key_usage = "critical,keyCertSign,cRLSign";
      break;
    case CertificateKind::kPersonal:
    case CertificateKind::kSeal:
      // nonRepudiation (contentCommitment): the signer commits to the content (Decree 130/2018
      // signatures for legal acts).
      key_usage = "critical,digitalSignature,nonRepudiation";
      break;
    case CertificateKind::kTimestamping:
      // RFC 3161 §2.3: the TSA certificate has exactly one EKU, id-kp-timeStamping, critical.
      key_usage = "critical,digitalSignature";
      eku = "critical,timeStamping";
      break;
    case CertificateKind::kOcspResponder:
      key_usage = "critical,digitalSignature";
      eku = "OCSPSigning";
      break;
    case CertificateKind::kTls:
      // keyEncipherment only makes sense for RSA key transport.
      key_usage = profile.algorithm == KeyAlgorithm::kRsa
                      ? "critical,digitalSignature,keyEncipherment"
                      : "critical,digitalSignature";
      eku = "serverAuth";
      break;
  }
  AddExtension(cert.get(), &ctx, NID_key_usage, key_usage);
  if (!eku.empty()) {
    AddExtension(cert.get(), &ctx, NID_ext_key_usage, eku);
  }

  // SKI before AKI: for a self-signed certificate the AKI is taken from its own SKI.
  AddExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  AddExtension(cert.get(), &ctx, NID_authority_key_identifier,
               issuer != nullptr ? "keyid:always" : "keyid");

  if (profile.kind == CertificateKind::kTls) {
    std::vector<std::string> dns = profile.dns_names;
    if (dns.empty()) {
      dns.emplace_back("localhost");
    }
    AddExtension(cert.get(), &ctx, NID_subject_alt_name, Join(dns, "DNS:") + ",IP:127.0.0.1");
  } else if (!profile.email.empty() && profile.kind == CertificateKind::kPersonal) {
    // RFC 5280 §4.1.2.6: new certificates carry e-mail addresses in subjectAltName.
    AddExtension(cert.get(), &ctx, NID_subject_alt_name, "email:copy");
  }
  if (!profile.crl_urls.empty()) {
    AddExtension(cert.get(), &ctx, NID_crl_distribution_points, Join(profile.crl_urls, "URI:"));
  }
  if (!profile.ocsp_urls.empty()) {
    AddExtension(cert.get(), &ctx, NID_info_access, Join(profile.ocsp_urls, "OCSP;URI:"));
  }

  if (X509_sign(cert.get(), signing_key, EVP_sha256()) <= 0) {
    ossl::ThrowOpenSslError("X509_sign");
  }

  SigningKey out{key, Certificate::FromNative(cert.get()), {}};
  if (issuer != nullptr) {
    out.chain.push_back(issuer->certificate);
    out.chain.insert(out.chain.end(), issuer->chain.begin(), issuer->chain.end());
  }
  return out;
}

Result<Crl> IssueCrl(const SigningKey& issuer, const std::vector<RevokedEntry>& revoked,
                     TimePoint this_update, TimePoint next_update, long crl_number) {
  if (next_update <= this_update) {
    return Error::InvalidField("nextUpdate", "range",
                               "Thời điểm cập nhật tiếp theo phải sau thời điểm phát hành CRL.");
  }
  if (crl_number < 0) {
    return Error::InvalidField("crlNumber", "range", "Số hiệu CRL không được âm.");
  }
  X509* issuer_cert = issuer.certificate.native();
  const X509_NAME* issuer_name = X509_get_subject_name(issuer_cert);

  ossl::X509CrlPtr crl(X509_CRL_new());
  if (!crl || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), issuer_name) != 1) {
    ossl::ThrowOpenSslError("X509_CRL_new");
  }
  auto last = ossl::ToAsn1Time(this_update);
  auto next = ossl::ToAsn1Time(next_update);
  if (X509_CRL_set1_lastUpdate(crl.get(), last.get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next.get()) != 1) {
    ossl::ThrowOpenSslError("X509_CRL_set1_lastUpdate");
  }

  for (const auto& entry : revoked) {
    // A CRL speaks only for certificates its issuer issued (no indirect CRLs here).
    if (X509_NAME_cmp(X509_get_issuer_name(entry.certificate.native()), issuer_name) != 0) {
      return Error::InvalidField("revoked", "issuer",
                                 "Chứng thư số bị thu hồi không do bên phát hành CRL cấp.");
    }
    ossl::X509RevokedPtr item(X509_REVOKED_new());
    auto when = ossl::ToAsn1Time(entry.revoked_at);
    if (!item ||
        X509_REVOKED_set_serialNumber(item.get(),
                                      X509_get_serialNumber(entry.certificate.native())) != 1 ||
        X509_REVOKED_set_revocationDate(item.get(), when.get()) != 1 ||
        X509_CRL_add0_revoked(crl.get(), item.get()) != 1) {
      ossl::ThrowOpenSslError("X509_CRL_add0_revoked");
    }
    item.release();  // owned by the CRL now
  }
  if (X509_CRL_sort(crl.get()) != 1) {
    ossl::ThrowOpenSslError("X509_CRL_sort");
  }

  // cRLNumber (RFC 5280 §5.2.3, required in v2 CRLs) and authorityKeyIdentifier (§5.2.1).
  ossl::Asn1IntegerPtr number(ASN1_INTEGER_new());
  if (!number || ASN1_INTEGER_set(number.get(), crl_number) != 1 ||
      X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0) != 1) {
    ossl::ThrowOpenSslError("NID_crl_number");
  }
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer_cert, nullptr, nullptr, crl.get(), 0);
  ossl::X509ExtensionPtr aki(
      X509V3_EXT_conf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always"));
  if (!aki || X509_CRL_add_ext(crl.get(), aki.get(), -1) != 1) {
    ossl::ThrowOpenSslError("CRL authorityKeyIdentifier");
  }

  if (X509_CRL_sign(crl.get(), issuer.key.native(), EVP_sha256()) <= 0) {
    ossl::ThrowOpenSslError("X509_CRL_sign");
  }
  // Crl's constructor is private to trust.cpp: hand over the encoding instead.
  return Crl::Parse(ossl::DerEncode(crl.get(), i2d_X509_CRL));
}

}  // namespace cqdt::crypto
