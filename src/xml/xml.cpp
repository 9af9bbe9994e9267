// Hardened parsing of untrusted XML (no DTD, no entities, no network, bounded size and depth) and
// the DOM and xmlsec helpers the signing and verifying files share.
#include "xml/xml.hpp"

#include <climits>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "xml_internal.hpp"

namespace cqdt::xml {
namespace internal {
namespace {

constexpr const char* kMsgTooLarge = "Tài liệu XML vượt quá giới hạn kích thước.";
constexpr const char* kMsgDoctype = "Tài liệu XML có khai báo DOCTYPE, không được chấp nhận.";
constexpr const char* kMsgMalformed = "Tài liệu XML không đúng cú pháp.";
constexpr const char* kMsgTooDeep = "Tài liệu XML lồng nhau quá sâu.";
constexpr const char* kMsgEmpty = "Tài liệu XML rỗng.";
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

}  // namespace

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

// ---- hardened parsing ---------------------------------------------------------------------------

namespace {

struct ParseState {
  bool saw_doctype = false;
  ParseDiagnostics* diagnostics = nullptr;
};

// Keeps the first syntax error and the first namespace error of a parse (what a refusal names).
void RecordStructuredError(void* ctx, xmlErrorPtr error) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
  if (ctxt == nullptr || ctxt->_private == nullptr || error == nullptr) {
    return;
  }
  ParseDiagnostics* d = static_cast<ParseState*>(ctxt->_private)->diagnostics;
  if (d == nullptr) {
    return;
  }
  auto copy = [](const char* s) { return s == nullptr ? std::string() : std::string(s); };
  if (error->domain == XML_FROM_NAMESPACE) {
    if (d->namespace_error_code == 0) {
      d->namespace_error_code = error->code;
      d->namespace_error_line = error->line;
      d->namespace_prefix = copy(error->str1);
    }
    return;
  }
  if (error->level >= XML_ERR_ERROR && d->error_code == 0) {
    d->error_code = error->code;
    d->error_line = error->line;
    d->error_str1 = copy(error->str1);
    d->error_str2 = copy(error->str2);
    d->error_int1 = error->int1;
  }
}

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

}  // namespace

// Untrusted input: every check below guards a known attack (size, DOCTYPE/entities, depth).
Result<DocPtr> ParseHardened(std::string_view xml, const ParseLimits& limits) {
  return ParseHardened(xml, limits, nullptr);
}

Result<DocPtr> ParseHardened(std::string_view xml, const ParseLimits& limits,
                             ParseDiagnostics* diagnostics) {
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
  state.diagnostics = diagnostics;
  ctxt->_private = &state;
  ctxt->sax->internalSubset = RefuseDoctype;
  ctxt->sax->serror = diagnostics != nullptr ? RecordStructuredError : SilentStructuredError;
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
    if (diagnostics != nullptr && diagnostics->error_code != 0) {
      return Error::Malformed(diagnostics->Describe());
    }
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

}  // namespace internal

Result<void> CheckWellFormed(std::string_view xml, const ParseLimits& limits) {
  CQDT_ASSIGN_OR_RETURN(internal::DocPtr doc, internal::ParseHardened(xml, limits));
  return Ok();
}

}  // namespace cqdt::xml
