// The stamp's find step on a file already loaded (stamp_find.cpp), shared by
// FindNumberAndDatePositions and NumberStamper. Private to the pdf module.
#pragma once

#include <utility>
#include <vector>

#include "core/result.hpp"
#include "pdf/stamp.hpp"
#include "untrusted_pdf.hpp"

namespace cqdt::pdf::internal {

// FindNumberAndDatePositions's search on page 1 of `file` (loaded), with its budget; the same
// answer and errors.
Result<NumberAndDatePositions> FindPositionsIn(UntrustedPdf& file);

// PageSizes on `file` (loaded), with its budget; the same answer and errors (pdf_read.cpp).
Result<std::vector<std::pair<double, double>>> PageSizesIn(UntrustedPdf& file);

}  // namespace cqdt::pdf::internal
