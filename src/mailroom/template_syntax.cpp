#include "template_syntax.hpp"

#include <array>
#include <cstddef>
#include <utility>
#include <vector>

namespace cqdt::mailroom::internal {
namespace {

constexpr std::array<std::string_view, 10> kPlaceholders = {
    "recipientName", "text",   "textEn", "link",        "code",
    "agency",        "portal", "date",   "unsubscribe", "items"};

// A tag is short: "{{" + at most this many bytes + "}}". Longer text between braces is no tag.
constexpr std::size_t kMaxTagInner = 48;
constexpr std::size_t kMaxNameLength = 32;
// How much of an offending tag an error message quotes.
constexpr std::size_t kMaxQuotedTag = 40;

// ---------------------------------------------------------------------------------------------
// UTF-8. Values come from notices, names and settings; they are checked where they are stored,
// but a renderer that writes mail headers and HTML must not rely on that.

struct Decoded {
  char32_t cp = 0;
  std::size_t length = 1;
  bool valid = false;
};

Decoded DecodeAt(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) {
    return {c, 1, true};
  }
  std::size_t n = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return {0xFFFD, 1, false};
  }
  if (i + n > s.size()) {
    return {0xFFFD, 1, false};
  }
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) {
      return {0xFFFD, 1, false};
    }
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return {0xFFFD, 1, false};
  }
  return {cp, n, true};
}

// C0 (CR, LF, tab included), DEL, C1, and the Unicode line and paragraph separators: anything
// that could end a header line or a line in a mail client.
bool IsControl(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

// Bidirectional embeddings, overrides and isolates: they make a value display other than it
// reads (a link text that looks like another address). Vietnamese and English need none.
bool IsBidiControl(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// Literal template text: line breaks become '\n' (CR LF and a lone CR too), tabs stay, other
// controls become spaces; the rest as CleanValue. Saved templates have no such controls
// (TemplateStore::Validate); a preview of unsaved input may.
std::string CleanLiteral(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = DecodeAt(s, i);
    if (!d.valid) {
      out += "\xEF\xBF\xBD";
    } else if (d.cp == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') {
        ++i;
      }
    } else if (d.cp == '\n' || d.cp == '\t') {
      out += static_cast<char>(d.cp);
    } else if (IsControl(d.cp)) {
      out += ' ';
    } else if (!IsBidiControl(d.cp)) {
      out.append(s.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

// At most `max` bytes of `s`, never cutting a UTF-8 sequence.
std::string CutOnCharacter(std::string_view s, std::size_t max) {
  if (s.size() <= max) {
    return std::string(s);
  }
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(s.substr(0, end)) + "...";
}

// ---------------------------------------------------------------------------------------------
// Tags and tokens.

enum class TagKind { kValue, kOpen, kClose };

struct Tag {
  TagKind kind = TagKind::kValue;
  std::string name;
  std::size_t length = 0;  // bytes of "{{...}}"
};

bool IsName(std::string_view s) {
  if (s.empty() || s.size() > kMaxNameLength) {
    return false;
  }
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!letter(s.front())) {
    return false;
  }
  for (char c : s) {
    if (!letter(c) && !(c >= '0' && c <= '9')) {
      return false;
    }
  }
  return true;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') {
    s.remove_prefix(1);
  }
  while (!s.empty() && s.back() == ' ') {
    s.remove_suffix(1);
  }
  return s;
}

// The tag at `at` (where "{{" starts), or nullopt when the braces hold no well-formed tag.
std::optional<Tag> ParseTag(std::string_view s, std::size_t at) {
  const std::size_t close = s.find("}}", at + 2);
  if (close == std::string_view::npos || close - at - 2 > kMaxTagInner) {
    return std::nullopt;
  }
  std::string_view inner = TrimSpaces(s.substr(at + 2, close - at - 2));
  Tag tag;
  if (!inner.empty() && (inner.front() == '#' || inner.front() == '/')) {
    tag.kind = inner.front() == '#' ? TagKind::kOpen : TagKind::kClose;
    inner = TrimSpaces(inner.substr(1));
  }
  if (!IsName(inner)) {
    return std::nullopt;
  }
  tag.name = std::string(inner);
  tag.length = close + 2 - at;
  return tag;
}

// A section tag alone on its line (spaces around allowed) takes the line's end with it.
std::string StripStandaloneSectionLines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    const bool has_newline = end != std::string_view::npos;
    if (!has_newline) {
      end = text.size();
    }
    const std::string_view line = text.substr(start, end - start);
    const std::string_view trimmed = TrimBlank(line);
    bool standalone = false;
    if (trimmed.size() > 4 && trimmed.substr(0, 2) == "{{") {
      auto tag = ParseTag(trimmed, 0);
      standalone = tag && tag->kind != TagKind::kValue && tag->length == trimmed.size();
    }
    if (standalone) {
      out.append(trimmed);
    } else {
      out.append(line);
      if (has_newline) {
        out += '\n';
      }
    }
    start = end + 1;
  }
  return out;
}

enum class TokenKind { kText, kValue, kOpen, kClose };

struct Token {
  TokenKind kind = TokenKind::kText;
  std::string text;  // the literal text, or the tag's name
};

// Splits a template into literal text and tags. A "{{" that starts no well-formed tag is kept
// as text (and reported through `malformed`).
std::vector<Token> Tokenize(std::string_view text, std::optional<std::string>* malformed) {
  std::vector<Token> tokens;
  std::string literal;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find("{{", i);
    if (open == std::string_view::npos) {
      literal.append(text.substr(i));
      break;
    }
    literal.append(text.substr(i, open - i));
    auto tag = ParseTag(text, open);
    if (!tag) {
      if (malformed != nullptr && !*malformed) {
        const std::size_t close = text.find("}}", open + 2);
        const std::size_t end =
            close == std::string_view::npos ? text.size() : std::min(close + 2, text.size());
        *malformed = CutOnCharacter(text.substr(open, end - open), kMaxQuotedTag);
      }
      literal += "{{";
      i = open + 2;
      continue;
    }
    if (!literal.empty()) {
      tokens.push_back({TokenKind::kText, std::move(literal)});
      literal.clear();
    }
    const TokenKind kind = tag->kind == TagKind::kOpen    ? TokenKind::kOpen
                           : tag->kind == TagKind::kClose ? TokenKind::kClose
                                                          : TokenKind::kValue;
    tokens.push_back({kind, tag->name});
    i = open + tag->length;
  }
  if (!literal.empty()) {
    tokens.push_back({TokenKind::kText, std::move(literal)});
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Evaluation: the template with its sections decided and its values filled in, as pieces that
// keep what each one is (the HTML renderer needs to know which piece is the link).

std::string ValueOf(const TemplateValues& values, const std::string& name) {
  auto it = values.values.find(name);
  return it == values.values.end() ? std::string() : CleanValue(it->second);
}

bool IsSet(const TemplateValues& values, const std::string& name) {
  if (name == "items") {
    return !values.items.empty();
  }
  return IsKnownPlaceholder(name) && !IsBlank(ValueOf(values, name));
}

}  // namespace

// `s` as one line of well-formed UTF-8: controls become spaces, bidi controls go, invalid
// bytes become U+FFFD.
std::string CleanValue(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = DecodeAt(s, i);
    if (!d.valid) {
      out += "\xEF\xBF\xBD";
    } else if (IsControl(d.cp)) {
      out += ' ';
    } else if (!IsBidiControl(d.cp)) {
      out.append(s.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

std::string_view TrimBlank(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) {
    return {};
  }
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

bool IsKnownPlaceholder(std::string_view name) {
  for (std::string_view known : kPlaceholders) {
    if (known == name) {
      return true;
    }
  }
  return false;
}

std::optional<SyntaxProblem> CheckSyntax(std::string_view text) {
  std::optional<std::string> malformed;
  const std::vector<Token> tokens = Tokenize(text, &malformed);
  if (malformed) {
    return SyntaxProblem{SyntaxProblem::Kind::kMalformed, *malformed};
  }
  std::vector<std::string> open;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kText) {
      continue;
    }
    const std::string written = t.kind == TokenKind::kOpen    ? "{{#" + t.text + "}}"
                                : t.kind == TokenKind::kClose ? "{{/" + t.text + "}}"
                                                              : "{{" + t.text + "}}";
    if (!IsKnownPlaceholder(t.text)) {
      return SyntaxProblem{SyntaxProblem::Kind::kUnknownName, written};
    }
    if (t.kind == TokenKind::kOpen) {
      open.push_back(t.text);
    } else if (t.kind == TokenKind::kClose) {
      if (open.empty() || open.back() != t.text) {
        return SyntaxProblem{SyntaxProblem::Kind::kUnmatched, written};
      }
      open.pop_back();
    }
  }
  if (!open.empty()) {
    return SyntaxProblem{SyntaxProblem::Kind::kUnmatched, "{{#" + open.back() + "}}"};
  }
  return std::nullopt;
}

std::vector<Piece> Evaluate(std::string_view tmpl, const TemplateValues& values) {
  std::vector<Piece> pieces;
  struct Open {
    std::string name;
    bool outer_active;
  };
  std::vector<Open> open;
  bool active = true;
  for (Token& t : Tokenize(StripStandaloneSectionLines(CleanLiteral(tmpl)), nullptr)) {
    switch (t.kind) {
      case TokenKind::kText:
        if (active) {
          pieces.push_back({PieceKind::kLiteral, "", std::move(t.text), {}});
        }
        break;
      case TokenKind::kValue:
        if (!active || !IsKnownPlaceholder(t.text)) {
          break;
        }
        if (t.text == "items") {
          Piece p{PieceKind::kItems, t.text, "", {}};
          for (const std::string& item : values.items) {
            p.items.push_back(CleanValue(item));
          }
          pieces.push_back(std::move(p));
        } else {
          pieces.push_back({PieceKind::kValue, t.text, ValueOf(values, t.text), {}});
        }
        break;
      case TokenKind::kOpen:
        open.push_back({t.text, active});
        active = active && IsSet(values, t.text);
        break;
      case TokenKind::kClose:
        if (!open.empty() && open.back().name == t.text) {
          active = open.back().outer_active;
          open.pop_back();
        }
        break;
    }
  }
  return pieces;
}

}  // namespace cqdt::mailroom::internal
