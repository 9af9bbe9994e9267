// Reading an edXML package from another system (issue 14 item 1): parse leniently, validate, check
// its signature, and either accept it (with the deviations noted as warnings) or refuse it with a
// reason that a STATUS 02 and a clerk can both carry.
//
// Lenient in what real systems send (edxml.md §1-§7, the corpus FINDINGS): the QCVN namespace or
// the legacy ones, prefixed or not, elements in any order, `Bussiness` or `Business`,
// `MessageHeader` or `Status` for a STATUS, `cid:` on one side only, base64 with or without line
// breaks, a ZIP under any content type (taken apart when it holds one file and the name is not a
// .zip), dd/MM/yyyy dates, one-digit status codes, SHA-1 signatures. Strict where a lenient
// reading would lose or invent something: a package that is not well-formed or not
// namespace-well-formed, has a DOCTYPE, is not edXML, lacks a field the exchange cannot work
// without, carries a value out of its code table, an attachment that does not decode or join,
// or a signature whose content was changed, is refused.
//
// A refusal still returns what could be read (From, DocumentId, the recipients), so that the
// receiver can address its STATUS 02 and keep the package for the clerk to see.
//
// Security: the XML is parsed by xml::ParseTree (no DTD, entities or network; size and depth
// bounded); ZIP payloads are read with a hard limit on the bytes they expand to, whatever their
// headers declare; attachment names must be plain file names.
// Thread safety: free functions; the verifier is used read-only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/package.hpp"
#include "signing/verification.hpp"

namespace cqdt::exchange {

enum class PackageKind { kDocument, kStatus };
const char* PackageKindName(PackageKind k);  // "document", "status"

// Why a package is refused; the codes are stable (tests/edxml/expectations.tsv, the API).
enum class RefusalReason {
  kMalformed,           // "malformed": not well-formed XML
  kNamespace,           // "namespace": an undeclared prefix
  kDoctype,             // "doctype": a DTD (never expanded)
  kUnknownNamespace,    // "unknown-namespace"
  kNotEdxml,            // "not-edxml": some other document
  kTooLarge,            // "too-large"
  kMissingField,        // "missing-field"
  kBadValue,            // "bad-value": out of its code table or format
  kAttachment,          // "attachment": does not join, decode, unzip, or has an unsafe name
  kSignature,           // "signature"
  kDuplicateRecipient,  // "duplicate-recipient"
  kSender,              // "sender": From is not an agency the sending system may speak for
};
const char* RefusalReasonCode(RefusalReason r);

struct Refusal {
  RefusalReason reason = RefusalReason::kMalformed;
  std::string field;    // the element at fault ("DocumentId", "OtherInfo/Priority"), or ""
  std::string message;  // Vietnamese, for the clerk and the STATUS 02 Description
};

// A deviation the package was accepted with. Codes: "sha1", "date-format", "document-id-format",
// "legacy-format", "no-namespace", "organ-id-format", "missing-optional", "document-type",
// "content-type", "attachment-content", "unsigned", "signature-unverifiable",
// "signature-untrusted", "status-reserved", "priority-legacy", "prefix" (QCVN elements without
// the edXML: prefix), "business-spelling", "status-element", "cid", "unlisted-attachment".
struct Warning {
  std::string code;
  std::string message;  // Vietnamese
};

enum class SignaturePolicy {
  kRequire,  // signed, intact and trusted, or refused (the hub's default for members and peers)
  kWarn,     // legacy partners: unsigned or placeholder signatures accepted with a warning; a real
             // signature whose content was changed is still refused
};

struct SignatureVerdict {
  bool present = false;
  bool intact = false;     // digests and value verify
  bool trusted = false;    // the certificate chains to the trust store (TOTAL_PASSED)
  std::string algorithm;   // the SignatureMethod URI
  std::string signer;      // the certificate's subject, when readable
  std::string conclusion;  // Vietnamese
};

struct InspectOptions {
  std::size_t max_package_bytes = 50u * 1024u * 1024u;  // edxml.md §5 rule 5 (a gateway's bound)
  std::uint64_t max_unzipped_bytes = 64u * 1024u * 1024u;  // per attachment
  SignaturePolicy signature = SignaturePolicy::kRequire;
  // Null: signatures are not checked (the verdict says so); only for offline tools and tests.
  const signing::Verifier* verifier = nullptr;
  signing::TrustContext trust;
};

struct Inspection {
  bool accepted = false;
  std::optional<Refusal> refusal;  // set when !accepted
  PackageKind kind = PackageKind::kDocument;
  std::string ns;              // the namespace the package used ("" when none)
  bool legacy_format = false;  // the flat go.vn/eDoc layout (edxml.md §1)
  DocumentPackage document;    // kind == kDocument (partial when refused)
  StatusPackage status;        // kind == kStatus (partial when refused)
  SignatureVerdict signature;
  std::vector<Warning> warnings;
  std::string sha256;  // hex, of the package bytes as received
  std::uint64_t size = 0;

  // The DocumentId the package is about: a document's own, a STATUS's ResponseFor/DocumentId.
  const std::string& SubjectDocumentId() const {
    return kind == PackageKind::kStatus ? status.response_for.document_id
                                        : document.header.document_id;
  }
  bool HasWarning(std::string_view code) const;
};

// Reads one package. Never fails: a package that cannot be accepted is an Inspection with a
// refusal.
Inspection Inspect(std::string_view bytes, const InspectOptions& options);

// "2025/03/05" from "2025/03/05" or "05/03/2025" (the second noted by the caller as a
// deviation); nullopt when it is neither or not a real date.
std::optional<std::string> NormaliseEdxmlDate(std::string_view text, bool* was_day_first = nullptr);
// "05" from "5" or "05"; "" when it is not one or two digits.
std::string NormaliseStatusCode(std::string_view text);

}  // namespace cqdt::exchange
