// Enveloped XML-DSig signatures (edxml.md §6), in one step with a key at hand or in two steps
// with the signer's token (prepare: SignedInfo's digest; complete: the value checked and written).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "crypto/cms.hpp"
#include "xml/xml.hpp"
#include "xml_internal.hpp"

namespace cqdt::xml {
namespace {

using namespace internal;  // NOLINT(google-build-using-namespace): this module's own internals

// ---- keys held outside memory (PKCS#11) ------------------------------------------------------

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};

// A throwaway software key of the same family, made once per process. xmlsec 1.2.37 cannot sign
// with PKCS#11 engine keys: it decides an RSA key is private by reading "d" (absent on a token, so
// the key is refused as public) and its OpenSSL 3 ECDSA path fails on engine EC keys ("message
// digest is null"). So xmlsec signs with this stand-in (computing the reference digests and
// SignedInfo) and SignedInfo is signed again by the real key with EVP calls (ResignSignedInfo).
// One path for every key, exercised by every test and checked by the xmlsec1 command line.
EVP_PKEY* StandInKey(crypto::KeyAlgorithm algorithm) {
  // Its signature is thrown away, so the smallest size xmlsec accepts is the fastest choice.
  static const PkeyPtr rsa(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{1024}));
  static const PkeyPtr ec(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  return algorithm == crypto::KeyAlgorithm::kRsa ? rsa.get() : ec.get();
}

// C14N visibility: `root` and everything below it (attributes and namespace nodes included).
int InSubtree(void* user_data, xmlNodePtr node, xmlNodePtr parent) {
  const xmlNode* root = static_cast<const xmlNode*>(user_data);
  const xmlNode* n = (node == nullptr || node->type == XML_NAMESPACE_DECL) ? parent : node;
  for (; n != nullptr; n = n->parent) {
    if (n == root) {
      return 1;
    }
  }
  return 0;
}

std::string Base64Encode(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  return out;
}

// The SHA-256 of the exclusive C14N of `signature`'s SignedInfo (the canonicalisation method
// SignEnveloped writes): what the key signs. nullopt when SignedInfo is missing.
std::optional<std::string> SignedInfoDigest(xmlDoc* doc, xmlNode* signature) {
  xmlNode* signed_info = FirstChild(signature, "SignedInfo");
  if (signed_info == nullptr) {
    return std::nullopt;
  }
  xmlOutputBufferPtr out = xmlAllocOutputBuffer(nullptr);
  if (out == nullptr) {
    return std::nullopt;
  }
  const int rc =
      xmlC14NExecute(doc, InSubtree, signed_info, XML_C14N_EXCLUSIVE_1_0, nullptr, 0, out);
  std::string canonical;
  if (rc >= 0) {
    canonical.assign(reinterpret_cast<const char*>(xmlOutputBufferGetContent(out)),
                     xmlOutputBufferGetSize(out));
  }
  xmlOutputBufferClose(out);
  if (rc < 0 || canonical.empty()) {
    return std::nullopt;
  }
  return crypto::Sha256Digest(canonical);
}

// Writes a signature value (as crypto::SignDigest makes it: RSA PKCS#1 v1.5, ECDSA DER) into
// SignatureValue; ECDSA values are converted from DER to r||s (XML-DSig 1.1 §6.4.3).
bool SetSignatureValue(xmlNode* signature, std::string value, const crypto::Certificate& cert) {
  xmlNode* value_node = FirstChild(signature, "SignatureValue");
  if (value_node == nullptr) {
    return false;
  }
  if (cert.key_algorithm() == crypto::KeyAlgorithm::kEc) {
    auto raw = crypto::EcdsaToRaw(value, (cert.key_bits() + 7) / 8);
    if (!raw) {
      return false;
    }
    value = std::move(*raw);
  }
  const std::string encoded =
      Base64Encode(reinterpret_cast<const unsigned char*>(value.data()), value.size());
  xmlNodeSetContent(value_node, BAD_CAST encoded.c_str());
  return true;
}

// Adds the enveloped Signature for `certificate` to `doc` (edxml.md §6: the last child of
// edXMLHeader, else of the root element) with its references digested and SignedInfo complete.
// The SignatureValue is a stand-in's: the caller replaces it (SignedInfoDigest,
// SetSignatureValue). KeyInfo carries the subject name, the certificate and its chain.
Result<xmlNode*> AddSignature(xmlDoc* doc, const crypto::Certificate& certificate,
                              const std::vector<crypto::Certificate>& chain) {
  xmlNode* root = xmlDocGetRootElement(doc);
  xmlNode* target = root;
  WalkElements(root, [&](xmlNode* node) {
    if (HasLocalName(node, "edXMLHeader")) {
      target = node;
      return false;
    }
    return true;
  });

  xmlSecTransformId sign_method = nullptr;
  switch (certificate.key_algorithm()) {
    case crypto::KeyAlgorithm::kRsa:
      sign_method = xmlSecTransformRsaSha256Id;
      break;
    case crypto::KeyAlgorithm::kEc:
      sign_method = xmlSecTransformEcdsaSha256Id;
      break;
    case crypto::KeyAlgorithm::kOther:
      return Error::Unsupported("Loại khóa không được hỗ trợ để ký XML (chỉ RSA hoặc EC).");
  }

  xmlNode* signature =
      xmlSecTmplSignatureCreate(doc, xmlSecTransformExclC14NId, sign_method, nullptr);
  if (signature == nullptr) {
    return Error::Internal();
  }
  if (xmlAddChild(target, signature) == nullptr) {
    xmlFreeNode(signature);
    return Error::Internal();
  }
  xmlNode* reference = xmlSecTmplSignatureAddReference(signature, xmlSecTransformSha256Id, nullptr,
                                                       BAD_CAST "", nullptr);
  if (reference == nullptr ||
      xmlSecTmplReferenceAddTransform(reference, xmlSecTransformEnvelopedId) == nullptr ||
      xmlSecTmplReferenceAddTransform(reference, xmlSecTransformExclC14NId) == nullptr) {
    return Error::Internal();
  }
  xmlNode* key_info = xmlSecTmplSignatureEnsureKeyInfo(signature, nullptr);
  xmlNode* x509_data = key_info == nullptr ? nullptr : xmlSecTmplKeyInfoAddX509Data(key_info);
  if (x509_data == nullptr || xmlSecTmplX509DataAddSubjectName(x509_data) == nullptr ||
      xmlSecTmplX509DataAddCertificate(x509_data) == nullptr) {
    return Error::Internal();
  }

  // xmlsec computes the reference digest and builds SignedInfo with a stand-in key; the
  // SignatureValue is then always made by the real key (see StandInKey), so keys on a PKCS#11
  // token, or on a token behind the signing agent, sign exactly like keys in memory.
  KeyPtr sign_key = AdoptKey(StandInKey(certificate.key_algorithm()));
  if (!sign_key || !AddCertificate(sign_key.get(), certificate)) {
    return Error::Internal();
  }
  DSigCtxPtr ctx(xmlSecDSigCtxCreate(nullptr));
  if (!ctx) {
    return Error::Internal();
  }
  ctx->signKey = sign_key.release();
  if (xmlSecDSigCtxSign(ctx.get(), signature) < 0) {
    return Error::Internal();
  }
  // xmlsec 1.2.37 leaves the X509SubjectName template empty; write the RFC 2253 subject ourselves.
  // KeyInfo lies inside the Signature, which the enveloped transform excludes from the digest, so
  // this does not disturb the signature.
  xmlNode* subject =
      FirstChild(FirstChild(FirstChild(signature, "KeyInfo"), "X509Data"), "X509SubjectName");
  if (subject != nullptr && Text(subject).empty()) {
    const std::string dn = certificate.SubjectDn();
    xmlNodeAddContentLen(subject, BAD_CAST dn.c_str(), static_cast<int>(dn.size()));
  }
  // The issuing chain goes into X509Data too (after the signer's certificate), so a verifier that
  // trusts only the root can build the path; KeyInfo is outside the digest, as above.
  xmlNode* x509 = FirstChild(FirstChild(signature, "KeyInfo"), "X509Data");
  if (x509 != nullptr) {
    for (const auto& issuer : chain) {
      const std::string b64 = "\n" + crypto::Base64Encode(issuer.Der()) + "\n";
      xmlNode* node = xmlNewChild(x509, x509->ns, BAD_CAST "X509Certificate", nullptr);
      if (node == nullptr) {
        return Error::Internal();
      }
      xmlNodeAddContentLen(node, BAD_CAST b64.c_str(), static_cast<int>(b64.size()));
    }
  }
  return signature;
}

}  // namespace

Result<std::string> SignEnveloped(std::string_view xml, const crypto::SigningKey& key,
                                  const ParseLimits& limits) {
  CQDT_ASSIGN_OR_RETURN(DocPtr doc, ParseHardened(xml, limits));
  CQDT_ASSIGN_OR_RETURN(xmlNode * signature, AddSignature(doc.get(), key.certificate, key.chain));
  std::optional<std::string> digest = SignedInfoDigest(doc.get(), signature);
  if (!digest) {
    return Error::Internal();
  }
  Result<std::string> value = crypto::SignDigest(key.key, *digest);
  if (!value || !SetSignatureValue(signature, std::move(value).value(), key.certificate)) {
    return Error::Unavailable("Không ký được bằng khoá của thiết bị ký.");
  }
  return Serialise(doc.get());
}

Result<PreparedXml> PrepareEnveloped(std::string_view xml, const crypto::Certificate& certificate,
                                     const std::vector<crypto::Certificate>& chain,
                                     const ParseLimits& limits) {
  CQDT_ASSIGN_OR_RETURN(DocPtr doc, ParseHardened(xml, limits));
  CQDT_ASSIGN_OR_RETURN(xmlNode * signature, AddSignature(doc.get(), certificate, chain));
  std::optional<std::string> digest = SignedInfoDigest(doc.get(), signature);
  xmlNode* value = FirstChild(signature, "SignatureValue");
  if (!digest || value == nullptr) {
    return Error::Internal();
  }
  xmlNodeSetContent(value, BAD_CAST "");  // the stand-in's value never leaves this function
  CQDT_ASSIGN_OR_RETURN(std::string document, Serialise(doc.get()));
  return PreparedXml{std::move(document), std::move(*digest)};
}

Result<std::string> CompleteEnveloped(std::string_view prepared, std::string_view signature_value,
                                      const ParseLimits& limits) {
  // Our own output, read back from storage: parsed with the same hardening all the same.
  CQDT_ASSIGN_OR_RETURN(DocPtr doc, ParseHardened(prepared, limits));
  xmlNode* pending = nullptr;
  WalkElements(xmlDocGetRootElement(doc.get()), [&](xmlNode* node) {
    if (HasLocalName(node, "Signature") && InDsigNamespace(node) &&
        Text(FirstChild(node, "SignatureValue")).empty()) {
      pending = node;
    }
    return true;
  });
  if (pending == nullptr) {
    return Error::Malformed("Dữ liệu chuẩn bị ký không hợp lệ.");
  }
  xmlNode* cert_node =
      FirstChild(FirstChild(FirstChild(pending, "KeyInfo"), "X509Data"), "X509Certificate");
  Result<crypto::Certificate> cert = crypto::Certificate::Parse(Base64Decode(Text(cert_node)));
  std::optional<std::string> digest = SignedInfoDigest(doc.get(), pending);
  if (!cert || !digest) {
    return Error::Malformed("Dữ liệu chuẩn bị ký không hợp lệ.");
  }
  // Security: the client's value must be the declared certificate's signature over exactly the
  // prepared SignedInfo; it is checked before it is written, and the whole signature after.
  std::string value(signature_value);
  if (cert->key_algorithm() == crypto::KeyAlgorithm::kEc) {
    value = crypto::EcdsaToDer(value, (cert->key_bits() + 7) / 8).value_or(std::string());
  }
  if (!crypto::VerifyDigestSignature(*cert, *digest, value) ||
      !SetSignatureValue(pending, std::move(value), *cert) || !VerifyWith(pending, *cert)) {
    return Error::BadSignature(
        "Chữ ký trả về không khớp với chứng thư số hoặc với dữ liệu đã chuẩn bị.");
  }
  return Serialise(doc.get());
}

}  // namespace cqdt::xml
