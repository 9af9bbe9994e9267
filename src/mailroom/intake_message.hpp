// Private: what the mail intake reads from a received message besides mail::ParseMail — header
// fields as raw text (for DKIM-Signature tags and Authentication-Results), the DKIM verdict with a
// key lookup, the SPF result as the receiving server reported it, a document number in a subject,
// the item's content digest, and the warnings' JSON. Pure functions (CheckDkim asks the lookup).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "mailroom/dkim_keys.hpp"
#include "mailroom/intake.hpp"

namespace cqdt::mailroom::internal {

// The header fields of `raw` (up to the first empty line), unfolded (CRLF/LF + WSP become the
// WSP), names lower-cased, in order; at most `max_fields`, each value cut at 8 KiB.
struct HeaderField {
  std::string name;
  std::string value;
};
std::vector<HeaderField> ReadHeader(std::string_view raw, std::size_t max_fields = 1000);

// d= and s= of each DKIM-Signature field (at most 5), in order.
struct DkimSignatureRef {
  std::string domain, selector;
};
std::vector<DkimSignatureRef> DkimSignatures(const std::vector<HeaderField>& fields);

struct DkimOutcome {
  std::string result;  // pass, fail, none, temperror, permerror
  std::string domain;
  std::string reason;  // stable code
  std::string detail;  // Vietnamese sentence
};
// The message's DKIM verdict: each signature's key asked of `lookup` (null: "none", not
// checked), mail::DkimVerify with it; the first signature that passes wins, else the first
// signature's outcome.
DkimOutcome CheckDkim(std::string_view raw, const std::vector<HeaderField>& fields,
                      DkimKeyLookup* lookup, TimePoint now);

struct SpfOutcome {
  std::string result;  // none, neutral, pass, fail, softfail, temperror, permerror, policy; ""
  std::string detail;  // "<authserv-id>: smtp.mailfrom=..." (printable ASCII, bounded)
};
SpfOutcome SpfFromHeader(const std::vector<HeaderField>& fields,
                         std::string_view trusted_authserv_id);

// A document number (số/ký hiệu, core/document_number.hpp) named in `text`, e.g. "Công văn số
// 12/STP-VP về ..." -> "12/STP-VP" with the type it denotes (0 when none); "" when none.
std::string FindDocumentNumber(std::string_view text, int* type_ordinal);

// `s` cut to at most `max` bytes at a character boundary.
std::string CutUtf8(std::string_view s, std::size_t max);

std::string WarningsJson(const std::vector<IntakeWarning>& warnings);
std::vector<IntakeWarning> WarningsFromJson(const std::string& json);

// An archive by its declared type or name (ZIP, RAR, 7z, gzip, bzip2, xz, tar), or by its magic
// bytes except ZIP's (a DOCX is a ZIP too).
bool IsArchive(std::string_view content_type, std::string_view name, std::string_view bytes);

// Printable ASCII, at most `max` bytes (other octets become '?').
std::string PrintableAscii(std::string_view s, std::size_t max);

}  // namespace cqdt::mailroom::internal
