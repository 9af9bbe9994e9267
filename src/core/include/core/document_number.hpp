// Document numbers and notations (số, ký hiệu) of Decree 30/2020/NĐ-CP (art. 7, 15; Phụ lục I and
// III; shared reference van-thu.md §1-2):
//  - printed `Số: 05/QĐ-UBND`: the number in Arabic digits, with a leading zero below ten;
//  - the notation (ký hiệu) of a typed document is `<type abbreviation>-<issuer>[-<unit>]`
//    (`15/QĐ-UBND`, `15/BC-SNV`); a công văn has no type abbreviation: `<issuer>-<unit>`
//    (`15/UBND-VP`);
//  - a slash between number and notation, hyphens between notation groups, no spaces;
//  - legal normative documents (VBQPPL, another law) carry the year: `12/2025/QĐ-UBND`.
// The 29 administrative types and their abbreviations are data (src/core/data/
// document_types.txt) compiled into the binary. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/text.hpp"

namespace cqdt {

// One of the 29 administrative document types of Decree 30/2020 art. 7.
struct DocumentType {
  int ordinal = 0;            // 1..29, the decree's order
  std::string name;           // "Quyết định"
  std::string abbreviation;   // "QĐ"; empty for công văn and thư công
  int edxml_type_detail = 0;  // QCVN 102 table B code for edXML Type 2; 0 when unconfirmed
};

// The 29 types, in the decree's order.
const std::vector<DocumentType>& AdministrativeDocumentTypes();
// The type of an abbreviation, case-sensitive ("QyĐ" is Quy định, "QĐ" Quyết định); nullptr when
// unknown or empty.
const DocumentType* FindDocumentTypeByAbbreviation(std::string_view abbreviation);
// The type with this ordinal (1..29), or nullptr.
const DocumentType* FindDocumentTypeByOrdinal(int ordinal);
// Công văn (ordinal 18): the type a notation without a type abbreviation denotes.
const DocumentType& OfficialLetterType();

// "05" for 5, "123" for 123 (Phụ lục I: numbers below 10 get a leading zero).
std::string FormatDocumentSerial(int number);

struct DocumentNumber {
  int number = 0;                 // >= 1
  std::optional<int> year;        // only for legal normative documents (12/2025/QĐ-UBND)
  std::string type_abbreviation;  // "QĐ"; empty for a công văn
  std::string issuer;             // abbreviation of the issuing agency, "UBND"
  std::string unit;               // drafting unit or field, "VP"; may hold several groups
                                  // ("TCBC-VP"); empty when absent

  // The administrative type named by the notation: the abbreviation's type, công văn when there
  // is none, nullptr for a legal normative document or an abbreviation not in the table.
  const DocumentType* Type() const;
  std::string Notation() const;  // "QĐ-UBND", "UBND-VP"
  std::string Text() const;      // "05/QĐ-UBND", "12/2025/QĐ-UBND"
  std::string Display() const;   // "Số: 05/QĐ-UBND"
};

// Parses a "số/ký hiệu" string (untrusted): an optional "Số:" prefix, the number (leading zeros
// accepted), an optional "/<year>", then the notation. A first notation group that is a type
// abbreviation makes a typed document (which then needs an issuer group); otherwise the document is
// a công văn whose first group is the issuer. Errors: kInvalidArgument with one FieldError on
// `field`, code "format" (shape, spaces, a dash that is not '-'), "number" (0 or too long) or
// "issuer" (a typed notation without issuer).
Result<DocumentNumber> ParseDocumentNumber(std::string_view text,
                                           const std::string& field = "value");

// Builds the number of a typed administrative document or a công văn (`type` = công văn: no
// abbreviation); checks the parts as ParseDocumentNumber does.
Result<DocumentNumber> MakeDocumentNumber(int number, const DocumentType& type,
                                          std::string_view issuer, std::string_view unit = {},
                                          const std::string& field = "value");

// The place-and-date line of a document (Decree 30/2020 Phụ lục I; van-thu.md §2):
// "<place>, ngày 05 tháng 02 năm 2026". Days below 10 and the months January and February get a
// leading zero; the other months are written without one ("ngày 03 tháng 4 năm 2025"). `place`
// is used as given (trimmed by the caller); `date` must be a calendar date the caller validated.
std::string FormatIssueDateLine(std::string_view place, const Date& date);

}  // namespace cqdt
