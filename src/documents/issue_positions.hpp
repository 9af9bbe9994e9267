// Where the issue stamp writes the number and the date (private to documents): the lines found on
// the signed PDF, or the boxes the clerk placed (IssueInput::number_box / date_box). Pure.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "documents/outgoing_service.hpp"
#include "pdf/stamp.hpp"

namespace cqdt::documents {

// The stamp's locations. `found` is what FindNumberAndDatePositions answered (an error counts as
// nothing found); `pages` the page sizes (width, height), needed only to check boxes. For each
// line: no box → the line found (422 "numberBox" / "dateBox" required when none was); a box that
// covers the line found on its page by more than half of the box's area → that line, with its
// glyphs; another box → a location placed by hand (the box, no glyphs, no text). A box off the
// page, outside it, not finite or of a silly size is a 422 naming "numberBox.x" etc.; all the
// field errors come together.
Result<pdf::NumberAndDatePositions> ChooseIssuePositions(
    const Result<pdf::NumberAndDatePositions>& found,
    const std::vector<std::pair<double, double>>& pages, const std::optional<LineBox>& number_box,
    const std::optional<LineBox>& date_box);

// The found line as the box the picker shows.
LineBox LineBoxOf(const pdf::TextLocation& location);

}  // namespace cqdt::documents
