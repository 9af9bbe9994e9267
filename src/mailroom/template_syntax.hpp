// The template language of e-mail templates (mailroom/templates.hpp): parsing, checking and
// evaluation. Private to the module; template_render.hpp turns what Evaluate gives into the
// parts of an e-mail.
//
// Syntax: `{{name}}` is a placeholder, `{{#name}}...{{/name}}` a section kept only when `name`
// is not empty (for `items`: when the list is not empty). Spaces inside the braces are allowed
// ("{{ text }}"). A section tag alone on its line takes the line with it, so that a dropped
// section leaves no blank line behind (as in Mustache). Names are ASCII letters and digits,
// starting with a letter.
//
// Evaluation never fails: a text that CheckSyntax refuses (only a preview of unsaved input can
// get here) evaluates with malformed tags as literal text, unknown names as "" and unmatched
// closing tags ignored.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// `s` as one line of well-formed UTF-8: every control character (CR, LF, tab, C1, U+2028/9)
// becomes a space, bidi embeddings and overrides are dropped, invalid bytes become U+FFFD.
std::string CleanValue(std::string_view s);
// Only spaces, tabs and CRs (or nothing).
bool IsBlank(std::string_view s);
// `s` without spaces, tabs and CRs at both ends.
std::string_view TrimBlank(std::string_view s);

// What a template evaluates to: literal text (line breaks as '\n') and the filled values, each
// kept apart so that a renderer knows which piece is the link or the list.
enum class PieceKind { kLiteral, kValue, kItems };

struct Piece {
  PieceKind kind = PieceKind::kLiteral;
  std::string name;                // kValue: the placeholder
  std::string text;                // kLiteral, kValue (CleanValue'd: never a line break)
  std::vector<std::string> items;  // kItems (each CleanValue'd)
};

// The template with its sections decided and its placeholders filled from `values`.
std::vector<Piece> Evaluate(std::string_view tmpl, const TemplateValues& values);

}  // namespace cqdt::mailroom::internal
