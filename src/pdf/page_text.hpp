// The text a page shows, glyph by glyph, read from its content stream. Private to the pdf module.
//
// PoDoFo 0.9.8 has no text extraction (only a content tokenizer), so this interprets the text
// operators itself for the simple case the stamping needs: horizontal, unrotated text shown with
// Tj, TJ, ' and " in the page's own content streams (not in form XObjects), in simple or Type0
// fonts. Characters come from the font's /ToUnicode map when it has one (what Word, LibreOffice
// and our own renderer write for Vietnamese text), else from the byte itself read as Latin-1.
// Advance widths come from /Widths (simple fonts) or /W and /DW (CID fonts); a simple font without
// /Widths (a standard 14 font) gets 0.5 em per glyph, so its boxes are approximate.
//
// Untrusted input: the decoded content of the page is at most kMaxPageContentBytes, the graphics
// state stack at most kMaxGraphicsDepth deep, a font's tables bounded (page_font.hpp); the budget
// is checked every few hundred operators.
#pragma once

#include <string>
#include <vector>

#include "core/cpu_budget.hpp"
#include "core/result.hpp"
#include "page_tree.hpp"
#include "podofo.hpp"

namespace cqdt::pdf::internal {

// A page of text has tens of KB of content; a scan's page draws one image (its pixels are an
// XObject, not content). 8 MB leaves room for dense vector drawings.
inline constexpr std::size_t kMaxPageContentBytes = 8u << 20;
inline constexpr int kMaxGraphicsDepth = 64;

// One glyph as shown on the page, in default user space (points from the page's bottom-left).
struct PageGlyph {
  std::string text;      // UTF-8; may be empty (unmapped code) or several characters (ligature)
  double x = 0;          // origin, on the baseline
  double baseline = 0;   // y of the baseline
  double advance = 0;    // horizontal advance in points (>= 0)
  double font_size = 0;  // the size as seen on the page (text size × scale)
};

// The glyphs of page `index` of `pages`, in the order the content shows them. Rotated, skewed or
// mirrored text is left out. Errors: TooLarge when the budget is spent or the content is larger
// than kMaxPageContentBytes; Malformed when a content stream is refused (untrusted_pdf.hpp) —
// reported by the caller's UntrustedPdf::Check().
Result<std::vector<PageGlyph>> PageGlyphs(PoDoFo::PdfMemDocument& doc, const PageTree& pages,
                                          int index, const CpuBudget& budget);

}  // namespace cqdt::pdf::internal
