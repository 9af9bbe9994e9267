// What page_text.hpp needs of a font and of PDF objects: a font's character map (/ToUnicode) and
// advance widths, a stream's decoded bytes, small object helpers. Private to the pdf module.
//
// Untrusted input: a /ToUnicode map or a width table holds at most kMaxFontEntries entries, and
// a range declared over more codes than that is skipped.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "podofo.hpp"

namespace cqdt::pdf::internal {

inline constexpr std::size_t kMaxFontEntries = 65536;

struct PageFont {
  bool two_byte = false;                            // Type0: two-byte codes (Identity-H)
  std::map<std::uint32_t, std::string> to_unicode;  // code → UTF-8
  std::map<std::uint32_t, double> widths;           // code → advance, glyph space (1/1000 em)
  double default_width = 500;                       // /DW of a CID font; 0.5 em otherwise
};

// The font dictionary's map and widths: /ToUnicode (bfchar, bfrange), then /W and /DW of the
// descendant CID font (Type0) or /FirstChar and /Widths (simple fonts). A missing or broken part
// is left empty; never fails.
PageFont LoadPageFont(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfObject* dict);

// The decoded bytes of a stream, cut at `limit`; empty when `obj` has none or the stream was
// refused (untrusted_pdf.hpp: the first read of a file's stream inspects it; a refused one reads
// as empty and the caller's UntrustedPdf::Check() reports why).
std::string StreamBytes(PoDoFo::PdfObject* obj, std::size_t limit);

PoDoFo::PdfObject* Resolve(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfObject* obj);
// dict[key], resolved; nullptr when `dict` is not a dictionary or has no such key.
PoDoFo::PdfObject* Key(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfObject* dict, const char* key);
std::optional<double> Number(const PoDoFo::PdfObject* obj);
void AppendUtf8(std::string& out, std::uint32_t cp);

}  // namespace cqdt::pdf::internal
