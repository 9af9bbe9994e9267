// Word wrapping with a font's own advance widths, for the renderers of this module
// (pdf_render.cpp, table_report.cpp). Private to the pdf module.
#pragma once

#include <string>
#include <vector>

#include "podofo.hpp"

namespace cqdt::pdf::internal {

// The width of UTF-8 `s` in `font` at `size` points.
double TextWidth(PoDoFo::PdfFont* font, double size, const std::string& s);

// Greedy wrap of one paragraph (no line breaks in it) into lines at most `width` points wide; a
// word wider than the line is broken between code points. At least one line (maybe empty).
std::vector<std::string> WrapParagraph(PoDoFo::PdfFont* font, double size,
                                       const std::string& paragraph, double width);

// `text` split on '\n', each part wrapped by WrapParagraph.
std::vector<std::string> WrapText(PoDoFo::PdfFont* font, double size, const std::string& text,
                                  double width);

}  // namespace cqdt::pdf::internal
