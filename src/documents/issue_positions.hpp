// Where the issue stamp writes the number and the date (private to documents): the lines found on
// the signed PDF, or the boxes the clerk placed (IssueInput::number_box / date_box). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
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

// The lines found on a signed file, kept from the signature to the release (the signed file is
// what is issued, and the signature adds no page content): a text the documents tables store,
// one line per location and glyph, numbers with 17 significant digits so that a decoded location
// equals the found one exactly (ChooseIssuePositions answers as on the search's own answer).
// Nothing found (a scan) is encoded too, as locations absent. Decode answers nullopt for a text
// it does not read (the release then searches again).
std::string EncodeIssueLines(const pdf::NumberAndDatePositions& found);
std::optional<pdf::NumberAndDatePositions> DecodeIssueLines(std::string_view text);

// The found line as the box the picker shows.
LineBox LineBoxOf(const pdf::TextLocation& location);

}  // namespace cqdt::documents
