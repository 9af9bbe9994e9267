#include "xml/xml.hpp"

#include <climits>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

// libxml2 and xmlsec headers are C and not -Wpedantic/-Wshadow clean; keep the relaxation local.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <libxml/c14n.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/keys.h>
#include <xmlsec/openssl/app.h>
#include <xmlsec/openssl/evp.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#pragma GCC diagnostic pop

#include "crypto/cms.hpp"
#include "crypto/crypto.hpp"

namespace cqdt::xml {
namespace {

constexpr const char* kDsigNs = "http://www.w3.org/2000/09/xmldsig#";

constexpr const char* kMsgTooLarge = "Tài liệu XML vượt quá giới hạn kích thước.";
constexpr const char* kMsgDoctype = "Tài liệu XML có khai báo DOCTYPE, không được chấp nhận.";
constexpr const char* kMsgMalformed = "Tài liệu XML không đúng cú pháp.";
constexpr const char* kMsgTooDeep = "Tài liệu XML lồng nhau quá sâu.";
constexpr const char* kMsgEmpty = "Tài liệu XML rỗng.";
constexpr const char* kMsgNoNamespace = "Chữ ký không theo chuẩn XML-DSig (thiếu không gian tên).";
constexpr const char* kMsgSha1 = "Chữ ký dùng thuật toán SHA-1, đã lỗi thời.";
constexpr const char* kMsgNoCertificate = "Chữ ký không kèm chứng thư số (X509Certificate).";
constexpr const char* kMsgBadCertificate = "Chứng thư số trong chữ ký không đọc được.";
constexpr const char* kMsgInvalid =
    "Chữ ký không hợp lệ: nội dung đã bị thay đổi hoặc không khớp với chứng thư số.";

// ---- library initialisation ------------------------------------------------------------------

// Swallows libxml2 / xmlsec diagnostics: errors reach callers as Result values, never as stderr.
void SilentGenericError(void* /*ctx*/, const char* /*msg*/, ...) {}
void SilentStructuredError(void* /*ctx*/, xmlErrorPtr /*error*/) {}
void SilentXmlSecError(const char* /*file*/, int /*line*/, const char* /*func*/,
                       const char* /*error_object*/, const char* /*error_subject*/, int /*reason*/,
                       const char* /*msg*/) {}

// Security: no external entity, DTD or XInclude is ever fetched, whoever asks (the parser,
// xmlsec's re-parsing of transforms, c14n).
xmlParserInputPtr NoExternalEntities(const char* /*url*/, const char* /*id*/,
                                     xmlParserCtxtPtr /*ctxt*/) {
  return nullptr;
}

// libxml2 keeps these defaults per thread: the xmlThrDef* setters cover threads created later,
// the plain setters the current thread. Called on every entry point (cheap).
void ApplyThreadDefaults() {
  thread_local bool applied = false;
  if (applied) {
    return;
  }
  applied = true;
  xmlSetGenericErrorFunc(nullptr, SilentGenericError);
  xmlSetStructuredErrorFunc(nullptr, SilentStructuredError);
  xmlSubstituteEntitiesDefault(0);
  xmlLoadExtDtdDefaultValue = 0;
  xmlPedanticParserDefault(0);
  xmlKeepBlanksDefault(1);
}

bool InitialiseOnce() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    xmlInitParser();
    xmlThrDefSetGenericErrorFunc(nullptr, SilentGenericError);
    xmlThrDefSetStructuredErrorFunc(nullptr, SilentStructuredError);
    xmlThrDefSubstituteEntitiesDefaultValue(0);
    xmlThrDefLoadExtDtdDefaultValue(0);
    xmlSetExternalEntityLoader(NoExternalEntities);
    ApplyThreadDefaults();
    xmlSecErrorsSetCallback(SilentXmlSecError);
    if (xmlSecInit() < 0) {
      return;
    }
    if (xmlSecCheckVersion() != 1) {
      return;
    }
    if (xmlSecCryptoAppInit(nullptr) < 0) {
      return;
    }
    if (xmlSecCryptoInit() < 0) {
      return;
    }
    ok = true;
  });
  ApplyThreadDefaults();
  return ok;
}

// ---- RAII ---------------------------------------------------------------------------------------

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

struct CtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
struct DSigCtxFree {
  void operator()(xmlSecDSigCtx* c) const { xmlSecDSigCtxDestroy(c); }
};
using DSigCtxPtr = std::unique_ptr<xmlSecDSigCtx, DSigCtxFree>;
struct KeyFree {
  void operator()(xmlSecKey* k) const { xmlSecKeyDestroy(k); }
};
using KeyPtr = std::unique_ptr<xmlSecKey, KeyFree>;
struct XmlCharFree {
  void operator()(xmlChar* p) const { xmlFree(p); }
};
using XmlCharPtr = std::unique_ptr<xmlChar, XmlCharFree>;

// ---- hardened parsing ---------------------------------------------------------------------------

struct ParseState {
  bool saw_doctype = false;
};

// SAX hook for "<!DOCTYPE": fires before the internal subset is read, so no entity declaration of
// a hostile document is ever parsed, let alone expanded (covers encodings the byte pre-scan cannot
// see, such as UTF-16).
void RefuseDoctype(void* ctx, const xmlChar* /*name*/, const xmlChar* /*external_id*/,
                   const xmlChar* /*system_id*/) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
  if (ctxt->_private != nullptr) {
    static_cast<ParseState*>(ctxt->_private)->saw_doctype = true;
  }
  xmlStopParser(ctxt);
}

bool ExceedsDepth(const xmlNode* root, int max_depth) {
  // Iterative walk: the depth check itself must not recurse on hostile input.
  int depth = 1;
  const xmlNode* node = root;
  while (true) {
    if (node->type == XML_ELEMENT_NODE) {
      if (depth > max_depth) {
        return true;
      }
      if (node->children != nullptr) {
        node = node->children;
        ++depth;
        continue;
      }
    }
    while (node != root && node->next == nullptr) {
      node = node->parent;
      --depth;
    }
    if (node == root) {
      return false;
    }
    node = node->next;
  }
}

// Untrusted input: every check below guards a known attack (size, DOCTYPE/entities, depth).
Result<DocPtr> ParseHardened(std::string_view xml, const ParseLimits& limits) {
  if (xml.size() > limits.max_bytes || xml.size() > static_cast<std::size_t>(INT_MAX)) {
    return Error::TooLarge(kMsgTooLarge);
  }
  if (xml.empty()) {
    return Error::Malformed(kMsgEmpty);
  }
  // Any DTD is refused (billion laughs, quadratic blowup, XXE, external DTD): the byte pre-scan
  // rejects UTF-8/ASCII documents before the parser sees them.
  if (xml.find("<!DOCTYPE") != std::string_view::npos) {
    return Error::Malformed(kMsgDoctype);
  }
  if (!InitialiseOnce()) {
    return Error::Internal();
  }

  std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) {
    return Error::Internal();
  }
  ParseState state;
  ctxt->_private = &state;
  ctxt->sax->internalSubset = RefuseDoctype;
  ctxt->sax->serror = SilentStructuredError;
  ctxt->sax->error = SilentGenericError;
  ctxt->sax->warning = SilentGenericError;
  ctxt->vctxt.error = SilentGenericError;
  ctxt->vctxt.warning = SilentGenericError;

  // XML_PARSE_NONET only in spirit: no NOENT (entity substitution), DTDLOAD, DTDATTR or HUGE;
  // blanks are kept because C14N digests them. NONET also stops the I/O layer reaching a URL.
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  DocPtr doc(xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()), nullptr,
                               nullptr, options));
  if (state.saw_doctype) {
    return Error::Malformed(kMsgDoctype);
  }
  if (!doc || !ctxt->wellFormed) {
    return Error::Malformed(kMsgMalformed);
  }
  if (doc->intSubset != nullptr || doc->extSubset != nullptr) {
    return Error::Malformed(kMsgDoctype);
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) {
    return Error::Malformed(kMsgEmpty);
  }
  if (ExceedsDepth(root, limits.max_depth)) {
    return Error::Malformed(kMsgTooDeep);
  }
  return doc;
}

// ---- DOM helpers
// ----------------------------------------------------------------------------------

bool HasLocalName(const xmlNode* node, const char* name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE &&
         xmlStrEqual(node->name, BAD_CAST name) != 0;
}

bool InDsigNamespace(const xmlNode* node) {
  return node->ns != nullptr && xmlStrEqual(node->ns->href, BAD_CAST kDsigNs) != 0;
}

// Document-order walk without recursion.
template <typename Visit>
void WalkElements(xmlNode* root, Visit&& visit) {
  xmlNode* node = root;
  while (node != nullptr) {
    if (node->type == XML_ELEMENT_NODE) {
      if (!visit(node)) {
        return;
      }
    }
    if (node->type == XML_ELEMENT_NODE && node->children != nullptr) {
      node = node->children;
      continue;
    }
    while (node != nullptr && node != root && node->next == nullptr) {
      node = node->parent;
    }
    if (node == nullptr || node == root) {
      return;
    }
    node = node->next;
  }
}

xmlNode* FirstChild(xmlNode* parent, const char* name) {
  for (xmlNode* c = parent == nullptr ? nullptr : parent->children; c != nullptr; c = c->next) {
    if (HasLocalName(c, name) && InDsigNamespace(c)) {
      return c;
    }
  }
  return nullptr;
}

std::string Text(const xmlNode* node) {
  XmlCharPtr content(xmlNodeGetContent(node));
  return content ? std::string(reinterpret_cast<const char*>(content.get())) : std::string();
}

std::string Attribute(const xmlNode* node, const char* name) {
  if (node == nullptr) {
    return {};
  }
  XmlCharPtr value(xmlGetProp(node, BAD_CAST name));
  return value ? std::string(reinterpret_cast<const char*>(value.get())) : std::string();
}

std::string Base64Decode(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      clean.push_back(c);
    }
  }
  if (clean.empty() || clean.size() % 4 != 0 || clean.size() > static_cast<std::size_t>(INT_MAX)) {
    return {};
  }
  std::string out(clean.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(clean.data()),
                                static_cast<int>(clean.size()));
  if (n < 0) {
    return {};
  }
  std::size_t len = static_cast<std::size_t>(n);
  std::size_t pad = 0;
  if (clean.back() == '=') {
    ++pad;
    if (clean[clean.size() - 2] == '=') {
      ++pad;
    }
  }
  out.resize(len - pad);
  return out;
}

Result<std::string> Serialise(xmlDoc* doc) {
  xmlChar* buffer = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(doc, &buffer, &size, "UTF-8");
  XmlCharPtr owned(buffer);
  if (buffer == nullptr || size < 0) {
    return Error::Internal();
  }
  return std::string(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(size));
}

// An xmlsec key over `pkey` (one reference is taken; the caller keeps its own). Only EVP-level
// calls: works for keys held by a PKCS#11 engine as well as in-memory keys.
KeyPtr AdoptKey(EVP_PKEY* pkey) {
  if (pkey == nullptr || EVP_PKEY_up_ref(pkey) != 1) {
    return nullptr;
  }
  xmlSecKeyDataPtr data = xmlSecOpenSSLEvpKeyAdopt(pkey);
  if (data == nullptr) {
    EVP_PKEY_free(pkey);
    return nullptr;
  }
  KeyPtr key(xmlSecKeyCreate());
  if (!key) {
    xmlSecKeyDataDestroy(data);
    return nullptr;
  }
  if (xmlSecKeySetValue(key.get(), data) < 0) {
    xmlSecKeyDataDestroy(data);
    return nullptr;
  }
  return key;
}

bool AddCertificate(xmlSecKey* key, const crypto::Certificate& certificate) {
  const std::string der = certificate.Der();
  return xmlSecOpenSSLAppKeyCertLoadMemory(key, reinterpret_cast<const xmlSecByte*>(der.data()),
                                           static_cast<xmlSecSize>(der.size()),
                                           xmlSecKeyDataFormatDer) >= 0;
}

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

bool IsSha1(const std::string& uri) {
  return uri.size() >= 4 && (uri.compare(uri.size() - 4, 4, "sha1") == 0);
}

// Verifies `signature` (an xmldsig Signature element of `doc`) with `certificate`'s public key.
// Only same-document references are followed; KeyInfo is never used to fetch or pick a key.
bool VerifyWith(xmlNode* signature, const crypto::Certificate& certificate) {
  KeyPtr key = AdoptKey(X509_get0_pubkey(certificate.native()));
  if (!key) {
    return false;
  }
  DSigCtxPtr ctx(xmlSecDSigCtxCreate(nullptr));
  if (!ctx) {
    return false;
  }
  ctx->signKey = key.release();  // owned by ctx from here
  ctx->enabledReferenceUris = static_cast<xmlSecTransformUriType>(
      xmlSecTransformUriTypeEmpty | xmlSecTransformUriTypeSameDocument);
  ctx->keyInfoReadCtx.flags |= XMLSEC_KEYINFO_FLAGS_X509DATA_DONT_VERIFY_CERTS;
  // Security: <Manifest> references are not part of the QCVN profile and could point anywhere.
  ctx->flags |= XMLSEC_DSIG_FLAGS_IGNORE_MANIFESTS;
  if (xmlSecDSigCtxVerify(ctx.get(), signature) < 0) {
    return false;
  }
  return ctx->status == xmlSecDSigStatusSucceeded;
}

XmlSignatureReport VerifyOne(xmlNode* signature, const xmlNode* root) {
  XmlSignatureReport report;
  const xmlNode* parent = signature->parent;
  if (HasLocalName(parent, "edXMLHeader")) {
    report.placement = "edXMLHeader";
  } else if (parent == root) {
    report.placement = "root";
  } else {
    report.placement = "other";
  }

  // edxml.md §6 quirk: the VPCP sample writes <Signature> without the XML-DSig namespace (it lands
  // in the QCVN default namespace). Reported, never processed.
  if (!InDsigNamespace(signature)) {
    report.failure = kMsgNoNamespace;
    return report;
  }

  xmlNode* signed_info = FirstChild(signature, "SignedInfo");
  report.signature_method = Attribute(FirstChild(signed_info, "SignatureMethod"), "Algorithm");
  report.digest_method =
      Attribute(FirstChild(FirstChild(signed_info, "Reference"), "DigestMethod"), "Algorithm");
  if (IsSha1(report.signature_method) || IsSha1(report.digest_method)) {
    report.warnings.emplace_back(kMsgSha1);
  }

  bool bad_certificate = false;
  xmlNode* key_info = FirstChild(signature, "KeyInfo");
  for (xmlNode* data = key_info == nullptr ? nullptr : key_info->children; data != nullptr;
       data = data->next) {
    if (!HasLocalName(data, "X509Data") || !InDsigNamespace(data)) {
      continue;
    }
    for (xmlNode* item = data->children; item != nullptr; item = item->next) {
      if (!InDsigNamespace(item) && item->type == XML_ELEMENT_NODE) {
        continue;
      }
      if (HasLocalName(item, "X509Certificate")) {
        const std::string der = Base64Decode(Text(item));
        auto parsed = der.empty() ? Result<crypto::Certificate>(Error::Malformed(""))
                                  : crypto::Certificate::Parse(der);
        if (parsed) {
          report.certificates.push_back(std::move(parsed).value());
        } else {
          bad_certificate = true;
        }
      } else if (HasLocalName(item, "X509SubjectName") && report.subject_name.empty()) {
        report.subject_name = Text(item);
      }
    }
  }

  if (report.certificates.empty()) {
    report.failure = bad_certificate ? kMsgBadCertificate : kMsgNoCertificate;
    return report;
  }
  // The signer is the certificate whose key verifies; xmlsec's own chain-based key selection is
  // not used (trust is the caller's business, crypto::TrustStore).
  for (const crypto::Certificate& candidate : report.certificates) {
    if (VerifyWith(signature, candidate)) {
      report.certificate = candidate;
      report.valid = true;
      return report;
    }
  }
  report.certificate = report.certificates.front();
  report.failure = kMsgInvalid;
  return report;
}

}  // namespace

Result<void> CheckWellFormed(std::string_view xml, const ParseLimits& limits) {
  CQDT_ASSIGN_OR_RETURN(DocPtr doc, ParseHardened(xml, limits));
  return Ok();
}

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

Result<std::vector<XmlSignatureReport>> VerifySignatures(std::string_view xml,
                                                         const ParseLimits& limits) {
  CQDT_ASSIGN_OR_RETURN(DocPtr doc, ParseHardened(xml, limits));
  xmlNode* root = xmlDocGetRootElement(doc.get());

  std::vector<xmlNode*> signatures;
  WalkElements(root, [&](xmlNode* node) {
    if (HasLocalName(node, "Signature")) {
      signatures.push_back(node);
    }
    return true;
  });
  // Untrusted input: each signature digests the whole document.
  if (signatures.size() > limits.max_signatures) {
    return Error::TooLarge("Tài liệu XML có hơn " + std::to_string(limits.max_signatures) +
                           " chữ ký; hệ thống không kiểm tra tài liệu này.");
  }
  // Nested Signature elements (a Signature inside another's Object) are found too; each is
  // verified on its own.
  std::vector<XmlSignatureReport> reports;
  reports.reserve(signatures.size());
  for (xmlNode* signature : signatures) {
    if (limits.budget != nullptr) {
      CQDT_RETURN_IF_ERROR(limits.budget->Check());
    }
    reports.push_back(VerifyOne(signature, root));
  }
  return reports;
}

}  // namespace cqdt::xml
