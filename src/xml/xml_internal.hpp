// Internals shared by the xml module's files (not a public header): the libxml2 / xmlsec
// includes, RAII holders, hardened parsing and the DOM helpers that signing (xml_sign.cpp) and
// verification (xml_verify.cpp) both use. Defined in xml.cpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <openssl/evp.h>

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

#include "core/result.hpp"
#include "crypto/crypto.hpp"
#include "xml/xml.hpp"

namespace cqdt::xml::internal {

inline constexpr const char* kDsigNs = "http://www.w3.org/2000/09/xmldsig#";

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

// The library set up once per process and the parser defaults for the calling thread; false when
// xmlsec cannot start.
bool InitialiseOnce();

// Untrusted input: size, DOCTYPE/entities and depth checked (xml.cpp).
Result<DocPtr> ParseHardened(std::string_view xml, const ParseLimits& limits);

// What went wrong in a parse, for a refusal that says where (xml_tree.cpp describes it).
struct ParseDiagnostics {
  int error_code = 0;  // libxml2's xmlParserErrors of the first error; 0: none
  int error_line = 0;
  std::string error_str1, error_str2;
  int error_int1 = 0;
  int namespace_error_code = 0;  // the first namespace error; 0: none
  int namespace_error_line = 0;
  std::string namespace_prefix;

  // "Tài liệu XML không đúng cú pháp ở dòng 74: ..." (Vietnamese).
  std::string Describe() const;
  // "Tiền tố không gian tên 'xlink' chưa được khai báo (dòng 12)."; "" when none.
  std::string DescribeNamespace() const;
};
// As above, with the first errors recorded in `diagnostics` (may be null) and a syntax error
// described in the Malformed message.
Result<DocPtr> ParseHardened(std::string_view xml, const ParseLimits& limits,
                             ParseDiagnostics* diagnostics);

bool HasLocalName(const xmlNode* node, const char* name);
bool InDsigNamespace(const xmlNode* node);
// The first child of `parent` with this local name in the XML-DSig namespace (null-safe).
xmlNode* FirstChild(xmlNode* parent, const char* name);
std::string Text(const xmlNode* node);
std::string Attribute(const xmlNode* node, const char* name);
// Base64 with whitespace ignored; "" when it is not base64.
std::string Base64Decode(std::string_view text);
Result<std::string> Serialise(xmlDoc* doc);
// An xmlsec key over `pkey` (one reference is taken; the caller keeps its own). Only EVP-level
// calls: works for keys held by a PKCS#11 engine as well as in-memory keys.
KeyPtr AdoptKey(EVP_PKEY* pkey);
bool AddCertificate(xmlSecKey* key, const crypto::Certificate& certificate);
// Verifies `signature` with `certificate`'s public key (xml_verify.cpp).
bool VerifyWith(xmlNode* signature, const crypto::Certificate& certificate);

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

}  // namespace cqdt::xml::internal
