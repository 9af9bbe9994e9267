// Helpers shared by the pdf module's translation units. Private to the module.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/cpu_budget.hpp"
#include "core/result.hpp"
#include "podofo.hpp"

namespace cqdt::pdf::internal {

// PoDoFo's process-wide settings, once: debug output and logging off (it prints the trailer to
// stderr while signing), and the parser's object limit (kMaxObjects, stream_checks.hpp).
// Idempotent and thread-safe. (Loading untrusted files: untrusted_pdf.hpp.)
void InitPodofo();

// Liberation Serif (Times New Roman metrics) from fonts-liberation2.
const char* SerifFontPath(bool bold, bool italic);
// Creates (or finds in the document's font cache) the serif font, subset-embedded with
// Identity-H so any Unicode text (Vietnamese) can be drawn and extracted.
PoDoFo::PdfFont* SerifFont(PoDoFo::PdfDocument& doc, bool bold, bool italic);

// UTF-8 → PdfString (PDFDocEncoding when ASCII, UTF-16BE otherwise).
PoDoFo::PdfString Utf8String(const std::string& utf8);
// A PDF text string → UTF-8 (handles both encodings).
std::string ToUtf8(const PoDoFo::PdfString& s);

// A document cqdt made: its title and author (when given) and cqdt as creator in the
// information dictionary, then its bytes. Throws PoDoFo's PdfError.
std::string WriteMadeDocument(PoDoFo::PdfMemDocument& doc, const std::string& title,
                              const std::string& author);

// One line of text typed by staff (untrusted): at most `max_bytes`, well-formed UTF-8, no
// control characters (a line break included).
bool IsOneLine(std::string_view s, std::size_t max_bytes);
// The code points of UTF-8 `s`, each as its bytes (a broken sequence is cut at the end).
std::vector<std::string> CodePoints(std::string_view s);

// "D:20261127091500+07'00'": Vietnam civil time (UTC+7, no daylight saving).
std::string PdfDate(TimePoint t);
// Parses a PDF date (ISO 32000-1 §7.9.4); every part after the year is optional. nullopt when
// it is not a date (untrusted input).
std::optional<TimePoint> ParsePdfDate(std::string_view text);

// A terminal signature field that has a value (/V → signature dictionary).
struct SignatureFieldRef {
  std::string full_name;               // parent names joined with '.'
  PoDoFo::PdfObject* field = nullptr;  // the field (merged with its widget when it has no kids)
  PoDoFo::PdfObject* value = nullptr;  // the signature dictionary
};

// Walks the AcroForm's /Fields recursively (/Kids), with a depth limit and a visited set so a
// hostile cycle cannot loop (untrusted input), and budget checks. `all_names` receives every
// field's full name. Errors: Malformed for a field name longer than kMaxFieldNameBytes, TooLarge
// when the budget runs out.
Result<std::vector<SignatureFieldRef>> FindSignatureFields(
    PoDoFo::PdfMemDocument& doc, const CpuBudget& budget,
    std::vector<std::string>* all_names = nullptr);

// Field names (/T, joined with '.') are a few dozen bytes; a hostile file could give a field a
// megabyte-long name and a hundred thousand children that each copy it.
inline constexpr std::size_t kMaxFieldNameBytes = 1024;

// DocMDP P of a signature dictionary (/Reference → /TransformMethod /DocMDP), or nullopt when it
// is not a certification signature.
std::optional<int> DocMdpPermissions(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfObject* sig);

// The number in a dictionary entry, when it is an integer (or a whole real).
std::optional<std::int64_t> IntegerOf(const PoDoFo::PdfObject* obj);

}  // namespace cqdt::pdf::internal
