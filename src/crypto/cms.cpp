#include "crypto/cms.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include <openssl/ess.h>
#include <openssl/http.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>

#include "cms_internal.hpp"
#include "openssl_util.hpp"

namespace cqdt::crypto {
namespace cms_detail {

std::string_view View(const ASN1_STRING* s) {
  if (s == nullptr) {
    return {};
  }
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
          static_cast<std::size_t>(ASN1_STRING_length(s))};
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string Digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) {
    ossl::ThrowOpenSslError("EVP_Digest");
  }
  return {reinterpret_cast<const char*>(out), len};
}

// The digests we accept in imprints and SignerInfos. Anything else (MD5, unknown OIDs) is not
// computed: the check then fails instead of trusting an algorithm we do not vouch for.
const EVP_MD* DigestByNid(int nid) {
  switch (nid) {
    case NID_sha1:
      return EVP_sha1();
    case NID_sha224:
      return EVP_sha224();
    case NID_sha256:
      return EVP_sha256();
    case NID_sha384:
      return EVP_sha384();
    case NID_sha512:
      return EVP_sha512();
    case NID_sha3_256:
      return EVP_sha3_256();
    case NID_sha3_384:
      return EVP_sha3_384();
    case NID_sha3_512:
      return EVP_sha3_512();
    default:
      return nullptr;
  }
}

std::string ObjectText(const ASN1_OBJECT* obj) {
  if (obj == nullptr) {
    return {};
  }
  char buf[128];
  int len = OBJ_obj2txt(buf, sizeof(buf), obj, 1);
  if (len <= 0) {
    return {};
  }
  return {buf, std::min(static_cast<std::size_t>(len), sizeof(buf) - 1)};
}

std::string DigestName(const ASN1_OBJECT* obj) {
  switch (OBJ_obj2nid(obj)) {
    case NID_md5:
      return "MD5";
    case NID_sha1:
      return "SHA-1";
    case NID_sha224:
      return "SHA-224";
    case NID_sha256:
      return "SHA-256";
    case NID_sha384:
      return "SHA-384";
    case NID_sha512:
      return "SHA-512";
    case NID_sha3_256:
      return "SHA3-256";
    case NID_sha3_384:
      return "SHA3-384";
    case NID_sha3_512:
      return "SHA3-512";
    default:
      return ObjectText(obj);
  }
}

// SignerInfo.signatureAlgorithm names either the key type (rsaEncryption) or a combined
// algorithm (sha256WithRSAEncryption, ecdsa-with-SHA256): both map to the key's family.
std::string SignatureName(const ASN1_OBJECT* obj) {
  int nid = OBJ_obj2nid(obj);
  int pkey_nid = nid;
  if (OBJ_find_sigid_algs(nid, nullptr, &pkey_nid) != 1) {
    pkey_nid = nid;
  }
  switch (pkey_nid) {
    case NID_rsaEncryption:
      return "RSA";
    case NID_rsassaPss:
      return "RSA-PSS";
    case NID_X9_62_id_ecPublicKey:
      return "ECDSA";
    case NID_ED25519:
      return "Ed25519";
    case NID_ED448:
      return "Ed448";
    default:
      return ObjectText(obj);
  }
}

// The signed attributes as DER `SET OF Attribute` (RFC 5652 §5.4: the signature is computed over
// this explicit SET encoding, not the [0] IMPLICIT one). DER orders SET OF elements by their
// encodings, as OpenSSL does when it writes the SignerInfo, so both encodings agree.
std::string SignedAttributesDer(CMS_SignerInfo* si) {
  std::vector<std::string> encoded;
  int count = CMS_signed_get_attr_count(si);
  for (int i = 0; i < count; ++i) {
    encoded.push_back(ossl::DerEncode(CMS_signed_get_attr(si, i), i2d_X509_ATTRIBUTE));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string body;
  for (const auto& e : encoded) {
    body += e;
  }
  std::string out(1, '\x31');  // SET
  if (body.size() < 0x80) {
    out += static_cast<char>(body.size());
  } else {
    std::string len;
    for (std::size_t n = body.size(); n > 0; n >>= 8) {
      len.insert(len.begin(), static_cast<char>(n & 0xFF));
    }
    out += static_cast<char>(0x80 | len.size());
    out += len;
  }
  return out + body;
}

bool AddSigningCertificateV2(CMS_SignerInfo* si, X509* cert) {
  EssSigningCertV2Ptr sc(OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), cert, nullptr, 1));
  if (!sc) {
    return false;
  }
  std::string der = ossl::DerEncode(sc.get(), i2d_ESS_SIGNING_CERT_V2);
  return CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE,
                                     der.data(), static_cast<int>(der.size())) == 1;
}

// An attribute value of ASN.1 type SEQUENCE, as its whole DER encoding.
std::string_view SequenceAttribute(CMS_SignerInfo* si, int nid, bool signed_attr) {
  ASN1_OBJECT* obj = OBJ_nid2obj(nid);
  auto* value = static_cast<ASN1_STRING*>(
      signed_attr ? CMS_signed_get0_data_by_OBJ(si, obj, -3, V_ASN1_SEQUENCE)
                  : CMS_unsigned_get0_data_by_OBJ(si, obj, -3, V_ASN1_SEQUENCE));
  return View(value);
}

bool HasSignedAttribute(CMS_SignerInfo* si, int nid) {
  return CMS_signed_get_attr_by_NID(si, nid, -1) >= 0;
}

// Does the ESS signing-certificate(-v2) attribute identify `cert`? (RFC 5035: the first
// ESSCertID(v2) names the signer's certificate.)
bool EssNamesCertificate(std::string_view v1_der, std::string_view v2_der, X509* cert) {
  EssSigningCertPtr v1;
  EssSigningCertV2Ptr v2;
  if (!v1_der.empty()) {
    v1.reset(DecodeDer<ESS_SIGNING_CERT>(v1_der, d2i_ESS_SIGNING_CERT));
  }
  if (!v2_der.empty()) {
    v2.reset(DecodeDer<ESS_SIGNING_CERT_V2>(v2_der, d2i_ESS_SIGNING_CERT_V2));
  }
  // An attribute that is present but does not parse names nothing.
  if ((!v1_der.empty() && !v1) || (!v2_der.empty() && !v2) || (!v1 && !v2)) {
    ossl::ClearOpenSslErrors();
    return false;
  }
  X509StackShallowPtr chain(sk_X509_new_null());
  if (!chain || sk_X509_push(chain.get(), cert) <= 0) {
    ossl::ThrowOpenSslError("sk_X509_push");
  }
  bool ok = OSSL_ESS_check_signing_certs(v1.get(), v2.get(), chain.get(), 1) == 1;
  ossl::ClearOpenSslErrors();
  return ok;
}

std::optional<TimePoint> SigningTime(CMS_SignerInfo* si) {
  int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
  if (idx < 0) {
    return std::nullopt;
  }
  ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, idx), 0);
  if (value == nullptr ||
      (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME)) {
    return std::nullopt;
  }
  return ossl::FromAsn1Time(value->value.asn1_string);
}

Result<ossl::CmsPtr> ParseCms(std::string_view bytes) {
  ossl::CmsPtr cms;
  // Untrusted input: parsed by OpenSSL's DER decoder (PEM is base64 around the same DER).
  if (ossl::LooksLikePem(bytes)) {
    ossl::BioPtr bio = ossl::MemBio(bytes);
    cms.reset(PEM_read_bio_CMS(bio.get(), nullptr, nullptr, nullptr));
  } else {
    cms.reset(DecodeDer<CMS_ContentInfo>(bytes, d2i_CMS_ContentInfo));
  }
  if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
    ossl::ClearOpenSslErrors();
    return Error::Malformed("Tệp không phải chữ ký CMS hợp lệ.");
  }
  return cms;
}

}  // namespace cms_detail

using namespace cms_detail;  // NOLINT(google-build-using-namespace): this file's own helpers

namespace {

// `sha256`: when not null, the SHA-256 of the detached content, given instead of the content
// (which `data` then is not).
CmsSignerReport VerifySigner(CMS_SignerInfo* si, STACK_OF(X509) * certs, std::string_view data,
                             const std::string* sha256 = nullptr) {
  CmsSignerReport report;
  X509* cert = nullptr;
  for (int i = 0; i < sk_X509_num(certs); ++i) {
    if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0) {
      cert = sk_X509_value(certs, i);
      break;
    }
  }
  if (cert != nullptr) {
    report.certificate = Certificate::FromNative(cert);
  } else {
    report.warnings.emplace_back("Chữ ký không kèm chứng thư số của người ký.");
  }

  X509_ALGOR* digest_alg = nullptr;
  X509_ALGOR* signature_alg = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest_alg, &signature_alg);
  const ASN1_OBJECT* digest_obj = nullptr;
  const ASN1_OBJECT* signature_obj = nullptr;
  X509_ALGOR_get0(&digest_obj, nullptr, nullptr, digest_alg);
  X509_ALGOR_get0(&signature_obj, nullptr, nullptr, signature_alg);
  report.digest_algorithm = DigestName(digest_obj);
  report.signature_algorithm = SignatureName(signature_obj);
  const EVP_MD* md = DigestByNid(OBJ_obj2nid(digest_obj));
  if (OBJ_obj2nid(digest_obj) == NID_sha1) {
    report.warnings.emplace_back("Thuật toán băm SHA-1 đã lỗi thời.");
  } else if (md == nullptr) {
    report.warnings.emplace_back("Thuật toán băm " + report.digest_algorithm +
                                 " không được hỗ trợ.");
  }
  if (cert != nullptr) {
    EVP_PKEY* pub = X509_get0_pubkey(cert);
    int type = pub != nullptr ? EVP_PKEY_get_base_id(pub) : 0;
    if ((type == EVP_PKEY_RSA || type == EVP_PKEY_RSA_PSS) && EVP_PKEY_get_bits(pub) < 2048) {
      report.warnings.emplace_back(
          "Khóa RSA của người ký ngắn hơn 2048 bit, không còn đủ an toàn.");
    }
  }

  if (CMS_signed_get_attr_count(si) > 0) {
    // Integrity check on untrusted input: the message-digest attribute must equal our own digest
    // of the content, computed with the SignerInfo's digest algorithm.
    auto* md_attr = static_cast<ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(
        si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
    if (sha256 != nullptr && md != EVP_sha256()) {
      report.warnings.emplace_back("Chữ ký dùng thuật toán băm " + report.digest_algorithm +
                                   ": cần gửi kèm tệp gốc để kiểm tra.");
    } else if (md != nullptr && md_attr != nullptr) {
      std::string digest = sha256 != nullptr ? *sha256 : Digest(md, data);
      std::string_view claimed = View(md_attr);
      report.digest_matches = claimed.size() == digest.size() &&
                              CRYPTO_memcmp(claimed.data(), digest.data(), digest.size()) == 0;
    }
    if (cert != nullptr && md != nullptr) {
      CMS_SignerInfo_set1_signer_cert(si, cert);
      report.signature_valid = CMS_SignerInfo_verify(si) == 1;
    }
  } else if (sha256 != nullptr) {
    report.warnings.emplace_back("Chữ ký không có thuộc tính ký: cần gửi kèm tệp gốc để kiểm tra.");
  } else if (cert != nullptr && md != nullptr) {
    // No signed attributes: the signature is over the content itself (RFC 5652 §5.4), so the
    // digest is bound only through it.
    std::string_view sig = View(CMS_SignerInfo_get0_signature(si));
    ossl::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    report.signature_valid =
        ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, X509_get0_pubkey(cert)) == 1 &&
        EVP_DigestVerify(ctx.get(), Bytes(sig), sig.size(), Bytes(data), data.size()) == 1;
    report.digest_matches = report.signature_valid;
  }
  ossl::ClearOpenSslErrors();

  report.signing_time = SigningTime(si);
  report.has_signing_certificate_v1 = HasSignedAttribute(si, NID_id_smime_aa_signingCertificate);
  report.has_signing_certificate_v2 = HasSignedAttribute(si, NID_id_smime_aa_signingCertificateV2);
  if (cert != nullptr && (report.has_signing_certificate_v1 || report.has_signing_certificate_v2)) {
    report.signing_certificate_matches = EssNamesCertificate(
        SequenceAttribute(si, NID_id_smime_aa_signingCertificate, true),
        SequenceAttribute(si, NID_id_smime_aa_signingCertificateV2, true), cert);
  }

  if (CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1) >= 0) {
    std::string_view token = SequenceAttribute(si, NID_id_smime_aa_timeStampToken, false);
    // CAdES-T: the token stamps the SignerInfo's signature value (RFC 3161 Appendix A).
    auto ts = VerifyTimestampToken(token, View(CMS_SignerInfo_get0_signature(si)));
    if (ts) {
      report.timestamp = std::move(ts).value();
    } else {
      report.warnings.emplace_back("Dấu thời gian kèm theo chữ ký không đọc được.");
    }
  }
  return report;
}

}  // namespace

std::string Sha256Digest(std::string_view data) { return Digest(EVP_sha256(), data); }

namespace {

// The common part of VerifyCms and VerifyCmsWithDigest. `content`: the detached content, if
// given; `sha256`: its digest instead. An attached signature is checked against the embedded
// content whatever is given.
Result<CmsReport> VerifyParsed(std::string_view cms_der, std::optional<std::string_view> content,
                               const std::string* sha256) {
  CQDT_ASSIGN_OR_RETURN(ossl::CmsPtr cms, ParseCms(cms_der));
  CmsReport report;
  report.detached = CMS_is_detached(cms.get()) == 1;
  std::string_view data;
  if (report.detached) {
    if (!content && sha256 == nullptr) {
      return Error::InvalidField("content", "required",
                                 "Chữ ký tách rời cần kèm theo tệp nội dung đã ký.");
    }
    data = content.value_or(std::string_view());
  } else {
    // Attached: the embedded content is what was signed (a `content` argument is not used).
    ASN1_OCTET_STRING** embedded = CMS_get0_content(cms.get());
    if (embedded != nullptr) {
      data = View(*embedded);
    }
  }
  ossl::X509StackPtr certs(CMS_get1_certs(cms.get()));
  ossl::ClearOpenSslErrors();
  // Untrusted input: each certificate is copied into the report and offered to path building.
  if (sk_X509_num(certs.get()) > kMaxCmsCertificates) {
    return Error::TooLarge("Chữ ký CMS kèm hơn " + std::to_string(kMaxCmsCertificates) +
                           " chứng thư số; hệ thống không kiểm tra tệp này.");
  }
  for (int i = 0; i < sk_X509_num(certs.get()); ++i) {
    report.certificates.push_back(Certificate::FromNative(sk_X509_value(certs.get(), i)));
  }
  const std::string* digest = report.detached && !content ? sha256 : nullptr;
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
  // Untrusted input: each signer costs a digest of the whole content.
  if (sk_CMS_SignerInfo_num(infos) > kMaxCmsSigners) {
    return Error::TooLarge("Chữ ký CMS có hơn " + std::to_string(kMaxCmsSigners) +
                           " người ký; hệ thống không kiểm tra tệp này.");
  }
  for (int i = 0; i < sk_CMS_SignerInfo_num(infos); ++i) {
    report.signers.push_back(
        VerifySigner(sk_CMS_SignerInfo_value(infos, i), certs.get(), data, digest));
  }
  return report;
}

}  // namespace

Result<CmsReport> VerifyCms(std::string_view cms_der, std::optional<std::string_view> content) {
  return VerifyParsed(cms_der, content, nullptr);
}

Result<CmsReport> VerifyCmsWithDigest(std::string_view cms_der, std::string_view sha256) {
  if (sha256.size() != 32) {
    return Error::InvalidField("contentSha256", "format",
                               "Mã băm SHA-256 của tệp gốc phải gồm 32 byte (64 chữ số hex).");
  }
  const std::string digest(sha256);
  return VerifyParsed(cms_der, std::nullopt, &digest);
}

}  // namespace cqdt::crypto
