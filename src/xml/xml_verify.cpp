// Verifying enveloped XML-DSig signatures: each Signature element on its own, the signer being
// the embedded certificate whose key verifies; trust is the caller's business.
#include <string>
#include <utility>
#include <vector>

#include <openssl/x509.h>

#include "xml/xml.hpp"
#include "xml_internal.hpp"

namespace cqdt::xml {
namespace internal {

namespace {

constexpr const char* kMsgNoNamespace = "Chữ ký không theo chuẩn XML-DSig (thiếu không gian tên).";
constexpr const char* kMsgSha1 = "Chữ ký dùng thuật toán SHA-1, đã lỗi thời.";
constexpr const char* kMsgNoCertificate = "Chữ ký không kèm chứng thư số (X509Certificate).";
constexpr const char* kMsgBadCertificate = "Chứng thư số trong chữ ký không đọc được.";
constexpr const char* kMsgInvalid =
    "Chữ ký không hợp lệ: nội dung đã bị thay đổi hoặc không khớp với chứng thư số.";

bool IsSha1(const std::string& uri) {
  return uri.size() >= 4 && (uri.compare(uri.size() - 4, 4, "sha1") == 0);
}

}  // namespace

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

namespace {

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
}  // namespace internal

Result<std::vector<XmlSignatureReport>> VerifySignatures(std::string_view xml,
                                                         const ParseLimits& limits) {
  CQDT_ASSIGN_OR_RETURN(internal::DocPtr doc, internal::ParseHardened(xml, limits));
  xmlNode* root = xmlDocGetRootElement(doc.get());

  std::vector<xmlNode*> signatures;
  internal::WalkElements(root, [&](xmlNode* node) {
    if (internal::HasLocalName(node, "Signature")) {
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
    reports.push_back(internal::VerifyOne(signature, root));
  }
  return reports;
}

}  // namespace cqdt::xml
