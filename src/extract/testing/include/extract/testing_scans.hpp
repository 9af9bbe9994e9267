// Test corpus of scanned pages (issue 11, item 4): a PDF whose text is known, rendered to an
// image and wrapped in a PDF with no text layer, as a scanner would make it.
#pragma once

#include <string>
#include <string_view>

namespace cqdt::extract::testing {

// Every page of `pdf` rendered in grey at `dpi`, each page one image of an image-only PDF (the
// samples uncompressed: a test fixture, not an archive). Empty when poppler cannot read `pdf`.
std::string ScannedPdf(std::string_view pdf, int dpi = 200);

}  // namespace cqdt::extract::testing
