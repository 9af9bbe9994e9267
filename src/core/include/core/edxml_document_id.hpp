// The edXML DocumentId (QCVN 102:2016; shared reference edxml.md §4):
// `<issuer OrganId>,<PromulgationDate yyyy/MM/dd>,<CodeNumber>/<CodeNotation>`, e.g.
// `000.00.00.G22,2015/09/30,7816/VPCP-TTĐT`. Built once by the issuing agency and carried
// unchanged by every later message about the document (status, revoke, update, replace,
// ResponseFor), so it is kept as the parts below and re-rendered byte for byte.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/text.hpp"

namespace cqdt {

struct EdxmlDocumentId {
  std::string organ_id;       // "000.00.00.G22"
  Date promulgation_date;     // 2015-09-30
  std::string code_number;    // "7816", kept as typed ("05" stays "05")
  std::string code_notation;  // "VPCP-TTĐT"; a VBQPPL notation keeps its year ("2025/QĐ-UBND")

  std::string Text() const;  // "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"
};

// Parses leniently as the reference prescribes: OrganId `[0-9A-Z]{2,3}(\.[0-9A-Z]{2,3}){3}`, a real
// date, then the code split on its first '/'. Errors: kInvalidArgument with one FieldError on
// `field`, code "format", "organId" or "date".
Result<EdxmlDocumentId> ParseEdxmlDocumentId(std::string_view text,
                                             const std::string& field = "documentId");

// Builds one from its parts, with the same checks.
Result<EdxmlDocumentId> MakeEdxmlDocumentId(std::string_view organ_id, const Date& date,
                                            std::string_view code_number,
                                            std::string_view code_notation,
                                            const std::string& field = "documentId");

}  // namespace cqdt
