// CMS signing: in one step with a key at hand (SignCms), or in two steps for a key held
// elsewhere (PrepareCms / CompleteCms: the signer's USB token behind the local signing agent).
#include <string>
#include <string_view>
#include <vector>

#include <openssl/objects.h>

#include "cms_internal.hpp"
#include "crypto/cms.hpp"
#include "openssl_util.hpp"

namespace cqdt::crypto {

using namespace cms_detail;  // NOLINT(google-build-using-namespace): the module's own helpers

namespace {

// Signs the signed attributes with the key through EVP only, so that keys held by a PKCS#11
// engine work as well as software keys.
bool SignAttributes(CMS_SignerInfo* si, EVP_PKEY* pkey) {
  std::string tbs = SignedAttributesDer(si);
  ossl::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, Bytes(tbs), tbs.size()) != 1) {
    return false;
  }
  std::string sig(len, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sig.data());
  if (EVP_DigestSign(ctx.get(), out, &len, Bytes(tbs), tbs.size()) != 1) {
    return false;
  }
  return ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), out, static_cast<int>(len)) == 1;
}

struct LaidOut {
  ossl::CmsPtr cms;
  CMS_SignerInfo* si = nullptr;  // owned by cms
};

// The SignedData for one signer, every signed attribute in place, the signature value still
// empty. `pkey` only has to hold the certificate's public key: CMS_PARTIAL defers every private
// operation, which is what lets two-step signing lay out a signature for a key it never sees.
// OpenSSL's own finalisation (CMS_final) would add a signingTime attribute unconditionally, which
// PAdES forbids, so the signed attributes are built here.
Result<LaidOut> LayOut(std::string_view content, X509* cert, EVP_PKEY* pkey,
                       const std::vector<Certificate>& chain, const CmsSignOptions& options) {
  constexpr unsigned kFlags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
  LaidOut out;
  out.cms.reset(CMS_sign(nullptr, nullptr, nullptr, nullptr, kFlags));
  if (!out.cms) {
    ossl::ThrowOpenSslError("CMS_sign");
  }
  out.si = CMS_add1_signer(out.cms.get(), cert, pkey, EVP_sha256(), kFlags);
  if (out.si == nullptr) {
    ossl::ClearOpenSslErrors();  // e.g. a key type CMS cannot sign with
    return Error::Unsupported("Loại khóa của chứng thư số không dùng được để ký CMS.");
  }
  if (options.include_chain) {
    for (const Certificate& c : chain) {
      if (X509_cmp(c.native(), cert) != 0 && CMS_add1_cert(out.cms.get(), c.native()) != 1) {
        ossl::ClearOpenSslErrors();  // already present
      }
    }
  }

  const std::string digest = Sha256Digest(content);
  bool ok = CMS_signed_add1_attr_by_NID(out.si, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                        OBJ_nid2obj(NID_pkcs7_data), -1) == 1 &&
            CMS_signed_add1_attr_by_NID(out.si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
                                        digest.data(), static_cast<int>(digest.size())) == 1;
  if (ok && options.include_signing_time) {
    ossl::Asn1TimePtr t = ossl::ToAsn1Time(options.signing_time);
    ok = CMS_signed_add1_attr_by_NID(out.si, NID_pkcs9_signingTime, ASN1_STRING_type(t.get()),
                                     t.get(), -1) == 1;
  }
  if (ok && options.signing_certificate_v2) {
    ok = AddSigningCertificateV2(out.si, cert);
  }
  if (!ok) {
    ossl::ThrowOpenSslError("CMS signed attributes");
  }
  return out;
}

// CAdES-T: a timestamp over the signature value, as an unsigned attribute (RFC 3161 Appendix A).
Status AddTimestamp(CMS_SignerInfo* si, const CmsSignOptions& options) {
  if (options.timestamp_url.empty()) {
    return Ok();
  }
  std::string_view signature = View(CMS_SignerInfo_get0_signature(si));
  CQDT_ASSIGN_OR_RETURN(std::string token,
                        RequestTimestamp(options.timestamp_url, signature, options.timeout));
  if (CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE,
                                    token.data(), static_cast<int>(token.size())) != 1) {
    ossl::ThrowOpenSslError("CMS_unsigned_add1_attr_by_NID");
  }
  return Ok();
}

}  // namespace

Result<std::string> SignCms(std::string_view content, const SigningKey& key,
                            const CmsSignOptions& options) {
  X509* cert = key.certificate.native();
  EVP_PKEY* pkey = key.key.native();
  if (cert == nullptr || pkey == nullptr) {
    return Error::Internal();
  }
  Result<LaidOut> laid = LayOut(content, cert, pkey, key.chain, options);
  if (!laid) {
    return Error::Internal();
  }
  if (!SignAttributes(laid->si, pkey)) {
    ossl::ClearOpenSslErrors();  // a token that refuses, a key that cannot sign
    return Error::Internal();
  }
  CQDT_RETURN_IF_ERROR(AddTimestamp(laid->si, options));
  return ossl::DerEncode(laid->cms.get(), i2d_CMS_ContentInfo);
}

Result<PreparedCms> PrepareCms(std::string_view content, const Certificate& certificate,
                               const std::vector<Certificate>& chain,
                               const CmsSignOptions& options) {
  X509* cert = certificate.native();
  EVP_PKEY* pub = cert == nullptr ? nullptr : X509_get0_pubkey(cert);
  const KeyAlgorithm algorithm = certificate.key_algorithm();
  if (pub == nullptr || algorithm == KeyAlgorithm::kOther) {
    ossl::ClearOpenSslErrors();
    return Error::Unsupported("Chỉ ký được bằng khóa RSA hoặc ECDSA.");
  }
  CQDT_ASSIGN_OR_RETURN(LaidOut laid, LayOut(content, cert, pub, chain, options));
  PreparedCms prepared;
  prepared.digest = Sha256Digest(SignedAttributesDer(laid.si));
  prepared.partial_der = ossl::DerEncode(laid.cms.get(), i2d_CMS_ContentInfo);
  prepared.algorithm = algorithm;
  return prepared;
}

Result<std::string> CompleteCms(std::string_view partial_der, std::string_view signature,
                                const CmsSignOptions& options) {
  // The partial SignedData comes from our own storage, but is parsed as untrusted all the same.
  Result<ossl::CmsPtr> cms = ParseCms(partial_der);
  if (!cms) {
    return Error::Malformed("Dữ liệu chuẩn bị ký không hợp lệ.");
  }
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms->get());
  if (sk_CMS_SignerInfo_num(infos) != 1) {
    return Error::Malformed("Dữ liệu chuẩn bị ký không hợp lệ.");
  }
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
  X509* cert = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, &cert, nullptr, nullptr);
  if (cert == nullptr) {
    // The signer certificate is matched again from the certificates carried in the SignedData.
    ossl::X509StackPtr certs(CMS_get1_certs(cms->get()));
    for (int i = 0; certs && i < sk_X509_num(certs.get()); ++i) {
      if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs.get(), i)) == 0) {
        CMS_SignerInfo_set1_signer_cert(si, sk_X509_value(certs.get(), i));
        break;
      }
    }
    CMS_SignerInfo_get0_algs(si, nullptr, &cert, nullptr, nullptr);
  }
  ossl::ClearOpenSslErrors();
  if (cert == nullptr) {
    return Error::Malformed("Dữ liệu chuẩn bị ký không hợp lệ.");
  }
  const Certificate certificate = Certificate::FromNative(cert);
  const std::string digest = Sha256Digest(SignedAttributesDer(si));
  // Security: the value the client returns must be a signature by the declared certificate's
  // key over exactly the prepared attributes; anything else would embed a broken signature.
  std::string value(signature);
  if (certificate.key_algorithm() == KeyAlgorithm::kEc) {
    // A token's CKM_ECDSA output is r||s; CMS wants the DER Ecdsa-Sig-Value.
    value = EcdsaToDer(signature, (certificate.key_bits() + 7) / 8).value_or(std::string());
  }
  if (!VerifyDigestSignature(certificate, digest, value)) {
    return Error::BadSignature(
        "Chữ ký trả về không khớp với chứng thư số hoặc với dữ liệu đã chuẩn bị.");
  }
  if (ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), value.data(),
                      static_cast<int>(value.size())) != 1) {
    ossl::ThrowOpenSslError("ASN1_STRING_set");
  }
  CQDT_RETURN_IF_ERROR(AddTimestamp(si, options));
  return ossl::DerEncode(cms->get(), i2d_CMS_ContentInfo);
}

}  // namespace cqdt::crypto
