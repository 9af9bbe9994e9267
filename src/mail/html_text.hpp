// Private: a crude HTML-to-text conversion for a message that has no text/plain body.
#pragma once

#include <string>
#include <string_view>

namespace cqdt::mail::internal {

// Tags removed; the content of script, style, head, title and comments dropped; line breaks for
// <br>, block ends (p, div, tr, h1-h6, li, table...) with "- " before list items; the common named
// entities and numeric character references decoded (controls and invalid code points dropped);
// runs of whitespace collapsed, lines trimmed, at most one blank line in a row. Linear in the
// input; never fails. Input and output UTF-8 (LF line ends).
std::string HtmlToText(std::string_view html);

}  // namespace cqdt::mail::internal
