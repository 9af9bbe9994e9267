// Hardened XML parsing and XML-DSig (enveloped) over libxml2 + xmlsec1 (OpenSSL backend).
//
// Every XML that crosses cqdt's boundary is untrusted: parsing never loads a DTD, never
// substitutes entities, never touches the network, and refuses any document with a DOCTYPE at all
// (a quadratic-blowup payload needs no external entity). Size and depth are bounded.
//
// Signatures follow QCVN 102:2016 as edxml.md §6 describes: Signature is the last child of
// edXMLHeader (or of the root element for other documents), Reference URI="" with the
// enveloped-signature and exclusive C14N transforms, RSA-SHA256 (ECDSA-SHA256 for EC keys), the
// certificate in KeyInfo/X509Data with X509SubjectName. Verification accepts SHA-1 with a warning
// and allows only same-document references.
//
// Thread safety: free functions; the libraries are initialised once (thread-safe) on first use.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cpu_budget.hpp"
#include "core/result.hpp"
#include "crypto/x509.hpp"

namespace cqdt::xml {

struct ParseLimits {
  std::size_t max_bytes = 64 * 1024 * 1024;
  int max_depth = 256;
  // VerifySignatures: at most this many Signature elements. Each one digests the whole document
  // (Reference URI=""), so their number multiplies the work: 100 copies of one signature in a
  // 15 MB document took 22 s.
  std::size_t max_signatures = 16;
  // VerifySignatures: checked before each signature (null: unbounded).
  const CpuBudget* budget = nullptr;
};

// Parses and re-serialises nothing: only checks that `xml` is well-formed under the hardened
// rules. Errors: Malformed (with a Vietnamese message: "Tài liệu XML có khai báo DOCTYPE, không
// được chấp nhận." for a DOCTYPE), TooLarge over max_bytes.
Result<void> CheckWellFormed(std::string_view xml, const ParseLimits& limits = {});

// Signs `xml` (UTF-8) with an enveloped signature. Any existing Signature element in the
// target position is kept (a second signature is appended after it). Returns the signed document.
// Limitation: every signature covers URI="" and the enveloped transform removes only the signature
// being verified, so appending a second signature makes the first one verify as invalid (the later
// one, which covers the earlier, stays valid). Works with PKCS#11 token keys (EVP calls only).
// Errors: Malformed / TooLarge as CheckWellFormed; Unsupported for a key that is neither RSA nor
// EC; Unavailable when the key (token) refuses to sign.
Result<std::string> SignEnveloped(std::string_view xml, const crypto::SigningKey& key,
                                  const ParseLimits& limits = {});

// Two-step signing, for a key the server never holds (the signer's USB token behind the local
// signing agent). PrepareEnveloped adds the same Signature SignEnveloped would, for
// `certificate`, with an empty SignatureValue, and returns the SHA-256 of its canonical
// SignedInfo (crypto::SignDigest's input). CompleteEnveloped writes the value in after checking
// it with the certificate carried in the prepared Signature, and verifies the whole signature.
struct PreparedXml {
  std::string document;  // UTF-8 XML; its last Signature has an empty SignatureValue
  std::string digest;    // 32 bytes
};
// Errors: as SignEnveloped.
Result<PreparedXml> PrepareEnveloped(std::string_view xml, const crypto::Certificate& certificate,
                                     const std::vector<crypto::Certificate>& chain,
                                     const ParseLimits& limits = {});
// `signature_value`: as crypto::SignDigest makes it (EC: DER or raw r||s). Errors: Malformed for a
// document PrepareEnveloped did not make; BadSignature when the value does not verify.
Result<std::string> CompleteEnveloped(std::string_view prepared, std::string_view signature_value,
                                      const ParseLimits& limits = {});

struct XmlSignatureReport {
  std::string signature_method;                    // URI
  std::string digest_method;                       // URI of the first reference
  std::optional<crypto::Certificate> certificate;  // the signer's, from KeyInfo/X509Data
  std::vector<crypto::Certificate> certificates;   // every X509Certificate in KeyInfo
  std::string subject_name;                        // X509SubjectName as written, when present
  bool valid = false;                 // every reference digest and the signature value verify
  std::string placement;              // "edXMLHeader", "root", "other" (where the Signature sits)
  std::vector<std::string> warnings;  // Vietnamese ("Chữ ký dùng thuật toán SHA-1, đã lỗi thời.")
  std::string failure;                // Vietnamese reason when !valid
};

// Finds every Signature element (by local name, any namespace, as edxml.md §6 says to tolerate)
// and verifies each with the public key of its own X509Certificate (trust is checked by the
// caller). Errors: Malformed / TooLarge as CheckWellFormed; TooLarge for more than
// limits.max_signatures signatures or a spent limits.budget.
Result<std::vector<XmlSignatureReport>> VerifySignatures(std::string_view xml,
                                                         const ParseLimits& limits = {});

}  // namespace cqdt::xml
