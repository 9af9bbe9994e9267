// Rendering of e-mail templates (mailroom/templates.hpp): the subject, the plain text and the
// HTML of an e-mail from a template's evaluation (template_syntax.hpp). Private to the module.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "mailroom/templates.hpp"

namespace cqdt::mailroom::internal {

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
