// The template language of e-mail templates (mailroom/templates.hpp): parsing, checking and
// rendering. Private to the module; TemplateStore is its public face.
//
// Syntax: `{{name}}` is a placeholder, `{{#name}}...{{/name}}` a section kept only when `name`
// is not empty (for `items`: when the list is not empty). Spaces inside the braces are allowed
// ("{{ text }}"). A section tag alone on its line takes the line with it, so that a dropped
// section leaves no blank line behind (as in Mustache). Names are ASCII letters and digits,
// starting with a letter.
//
// Rendering never fails: a text that CheckSyntax refuses (only a preview of unsaved input can
// get here) renders with malformed tags as literal text, unknown names as "" and unmatched
// closing tags ignored.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mailroom/templates.hpp"

namespace cqdt::mailroom::internal {

// recipientName, text, textEn, link, code, agency, portal, date, unsubscribe, items.
bool IsKnownPlaceholder(std::string_view name);

struct SyntaxProblem {
  enum class Kind {
    kMalformed,    // "{{" without a well-formed tag ("{{ bad name }}", "{{text", "{{}}")
    kUnknownName,  // a well-formed tag with a name outside IsKnownPlaceholder
    kUnmatched,    // a section closed without being opened, or opened and never closed
  };
  Kind kind = Kind::kMalformed;
  std::string tag;  // the offending text as written (at most ~40 bytes, cut on a character)
};

// The first problem of a template text, or nullopt when it is well-formed.
std::optional<SyntaxProblem> CheckSyntax(std::string_view text);

// One line: values and literal text with every control character (CR, LF, tab, C1, U+2028/9)
// replaced by a space, runs of spaces collapsed, trimmed.
std::string RenderSubjectLine(std::string_view tmpl, const TemplateValues& values);

// Plain text: values on one line each (controls replaced by spaces), `items` one per line,
// trailing spaces and repeated blank lines removed.
std::string RenderPlainText(std::string_view tmpl, const TemplateValues& values);

// The HTML of one language's body (a fragment for the layout): paragraphs, every value and
// every literal HTML-escaped, http(s) URLs as links, the line holding a non-empty http(s) `link`
// as a button labelled with the line's other text, a line holding only `items` as a list.
std::string RenderHtmlFragment(std::string_view tmpl, const TemplateValues& values);

// The whole e-mail: subject, text part, HTML part in the fixed layout.
RenderedMail RenderMail(const MailTemplate& t, const TemplateValues& values);

// `s` with & < > " ' escaped.
std::string HtmlEscape(std::string_view s);
// `s` HTML-escaped, with each http:// or https:// URL made a link.
std::string EscapeAndLinkify(std::string_view s);

}  // namespace cqdt::mailroom::internal
