// Private helpers shared by the CMS files of the crypto module: cms.cpp (parsing and
// verification), cms_sign.cpp (signing, one-step and two-step) and timestamp.cpp (RFC 3161).
// Not part of the public face: OpenSSL types stay inside the module.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <openssl/ess.h>
#include <openssl/pkcs7.h>

#include "core/result.hpp"
#include "openssl_util.hpp"

namespace cqdt::crypto::cms_detail {

using Pkcs7Ptr = ossl::Ptr<PKCS7, PKCS7_free>;
using EssSigningCertPtr = ossl::Ptr<ESS_SIGNING_CERT, ESS_SIGNING_CERT_free>;
using EssSigningCertV2Ptr = ossl::Ptr<ESS_SIGNING_CERT_V2, ESS_SIGNING_CERT_V2_free>;
using X509AlgorPtr = ossl::Ptr<X509_ALGOR, X509_ALGOR_free>;

// A stack that does not own its certificates (they belong to another OpenSSL object).
struct X509StackShallowDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }
};
using X509StackShallowPtr = std::unique_ptr<STACK_OF(X509), X509StackShallowDeleter>;

// The bytes of an ASN1_STRING (empty for null), borrowed from it.
std::string_view View(const ASN1_STRING* s);
const unsigned char* Bytes(std::string_view s);
std::string Digest(const EVP_MD* md, std::string_view data);
// The digests accepted in imprints and SignerInfos; null for anything else (MD5, unknown OIDs).
const EVP_MD* DigestByNid(int nid);
// Dotted OID text.
std::string ObjectText(const ASN1_OBJECT* obj);
// The signed attributes as the DER `SET OF Attribute` the signature covers (RFC 5652 §5.4).
std::string SignedAttributesDer(CMS_SignerInfo* si);
// Adds the CAdES signing-certificate-v2 attribute (ESSCertIDv2 with SHA-256) naming `cert`.
bool AddSigningCertificateV2(CMS_SignerInfo* si, X509* cert);
// Does the ESS signing-certificate(-v2) attribute (DER, either may be empty) name `cert`?
bool EssNamesCertificate(std::string_view v1_der, std::string_view v2_der, X509* cert);
// A CMS SignedData from DER or PEM; Malformed otherwise (untrusted input).
Result<ossl::CmsPtr> ParseCms(std::string_view bytes);

// d2i of a whole buffer; null when it does not decode (untrusted input).
template <typename T, typename D2i>
T* DecodeDer(std::string_view der, D2i d2i) {
  const unsigned char* p = Bytes(der);
  return d2i(nullptr, &p, static_cast<long>(der.size()));
}

}  // namespace cqdt::crypto::cms_detail
