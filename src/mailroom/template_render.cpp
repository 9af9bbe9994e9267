#include "template_render.hpp"

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

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

std::string_view TrimBlank(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) {
    return {};
  }
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
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

enum class PieceKind { kLiteral, kValue, kItems };

struct Piece {
  PieceKind kind = PieceKind::kLiteral;
  std::string name;                // kValue: the placeholder
  std::string text;                // kLiteral, kValue (cleaned)
  std::vector<std::string> items;  // kItems (cleaned)
};

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

// Lines of pieces: literal pieces are split at '\n'; values never hold one.
using Line = std::vector<Piece>;

std::vector<Line> SplitLines(std::vector<Piece> pieces) {
  std::vector<Line> lines(1);
  for (Piece& p : pieces) {
    if (p.kind != PieceKind::kLiteral) {
      lines.back().push_back(std::move(p));
      continue;
    }
    std::size_t start = 0;
    for (std::size_t nl = p.text.find('\n'); nl != std::string::npos;
         nl = p.text.find('\n', start)) {
      lines.back().push_back({PieceKind::kLiteral, "", p.text.substr(start, nl - start), {}});
      lines.emplace_back();
      start = nl + 1;
    }
    lines.back().push_back({PieceKind::kLiteral, "", p.text.substr(start), {}});
  }
  return lines;
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out.append(separator);
    }
    out += items[i];
  }
  return out;
}

std::string LineText(const Line& line, std::string_view item_separator) {
  std::string out;
  for (const Piece& p : line) {
    out += p.kind == PieceKind::kItems ? Join(p.items, item_separator) : p.text;
  }
  return out;
}

bool IsBlankLine(const Line& line) {
  for (const Piece& p : line) {
    if (p.kind == PieceKind::kItems ? !p.items.empty() : !IsBlank(p.text)) {
      return false;
    }
  }
  return true;
}

// Lines without the leading and trailing blank ones, and one blank line where there were more.
std::vector<Line> TidyLines(std::vector<Line> lines) {
  std::vector<Line> out;
  bool blank_pending = false;
  for (Line& line : lines) {
    if (IsBlankLine(line)) {
      blank_pending = !out.empty();
      continue;
    }
    if (blank_pending) {
      out.emplace_back();
      blank_pending = false;
    }
    out.push_back(std::move(line));
  }
  return out;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    if (c != prefix[i]) {
      return false;
    }
  }
  return true;
}

// The length of the http(s) URL starting at `at`, or 0. A URL is printable ASCII without
// spaces, quotes or angle brackets; trailing sentence punctuation is not part of it.
std::size_t UrlLength(std::string_view s, std::size_t at) {
  std::size_t scheme = 0;
  if (StartsWithIgnoreCase(s.substr(at), "https://")) {
    scheme = 8;
  } else if (StartsWithIgnoreCase(s.substr(at), "http://")) {
    scheme = 7;
  } else {
    return 0;
  }
  std::size_t end = at + scheme;
  while (end < s.size()) {
    const char c = s[end];
    if (c <= ' ' || c > '~' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' ||
        c == '\\') {
      break;
    }
    ++end;
  }
  int open_parens = 0;
  for (std::size_t k = at; k < end; ++k) {
    open_parens += s[k] == '(' ? 1 : s[k] == ')' ? -1 : 0;
  }
  while (end > at + scheme) {
    const char c = s[end - 1];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') {
      --end;
    } else if (c == ')' && open_parens < 0) {
      --end;
      ++open_parens;
    } else {
      break;
    }
  }
  return end > at + scheme ? end - at : 0;
}

bool IsHttpUrl(std::string_view s) { return !s.empty() && UrlLength(s, 0) == s.size(); }

// ---------------------------------------------------------------------------------------------
// The HTML layout. Inline styles only (mail clients drop <style> and never fetch anything for a
// notice), tables for the frame (the one layout every client renders alike), no images, no
// scripts, no external resources.

constexpr const char* kParagraphStyle = "margin:0 0 14px 0;";
constexpr const char* kLinkStyle = "color:#1d4ed8;text-decoration:underline;";
constexpr const char* kButtonCellStyle = "border-radius:4px;background-color:#1d4ed8;";
constexpr const char* kButtonStyle =
    "display:inline-block;padding:10px 22px;font-family:Arial,Helvetica,sans-serif;"
    "font-size:15px;font-weight:bold;line-height:1.4;color:#ffffff;text-decoration:none;"
    "border-radius:4px;";
constexpr const char* kListStyle = "margin:0 0 14px 0;padding:0 0 0 22px;";
constexpr const char* kItemStyle = "margin:0 0 4px 0;";

std::string Anchor(std::string_view url, std::string_view label_html, const char* style) {
  return "<a href=\"" + HtmlEscape(url) + "\" style=\"" + style + "\">" + std::string(label_html) +
         "</a>";
}

// The button's label: the line's text around the link, without a trailing ':' or '.'.
std::string ButtonLabel(const Line& line, std::size_t link_index) {
  std::string label;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (i != link_index) {
      label += line[i].kind == PieceKind::kItems ? Join(line[i].items, ", ") : line[i].text;
    }
  }
  std::string_view v = TrimBlank(label);
  while (!v.empty() && (v.back() == ':' || v.back() == '.' || v.back() == ' ')) {
    v.remove_suffix(1);
  }
  return std::string(v);
}

}  // namespace

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

std::string RenderSubjectLine(std::string_view tmpl, const TemplateValues& values) {
  std::string raw;
  for (const Piece& p : Evaluate(tmpl, values)) {
    raw += p.kind == PieceKind::kItems ? Join(p.items, ", ") : p.text;
  }
  // The literal text too: a template stored before a rule changed, or a preview, must not put a
  // line break into a header (header injection).
  const std::string clean = CleanValue(raw);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) {
      continue;
    }
    out += c;
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

std::string RenderPlainText(std::string_view tmpl, const TemplateValues& values) {
  std::string out;
  for (const Line& line : TidyLines(SplitLines(Evaluate(tmpl, values)))) {
    std::string text = LineText(line, "\n");
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
      text.pop_back();
    }
    out += text;
    out += '\n';
  }
  if (!out.empty()) {
    out.pop_back();
  }
  return out;
}

std::string RenderHtmlFragment(std::string_view tmpl, const TemplateValues& values) {
  std::string out;
  std::string paragraph;
  const auto flush = [&] {
    if (!paragraph.empty()) {
      out += std::string("<p style=\"") + kParagraphStyle + "\">" + paragraph + "</p>\n";
      paragraph.clear();
    }
  };
  for (const Line& line : TidyLines(SplitLines(Evaluate(tmpl, values)))) {
    if (IsBlankLine(line)) {
      flush();
      continue;
    }
    std::optional<std::size_t> link;
    std::optional<std::size_t> items;
    bool others_blank = true;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const Piece& p = line[i];
      if (p.kind == PieceKind::kValue && p.name == "link" && !link && IsHttpUrl(p.text)) {
        link = i;
      } else if (p.kind == PieceKind::kItems && !items) {
        items = i;
      } else if (p.kind == PieceKind::kItems || !IsBlank(p.text)) {
        others_blank = false;
      }
    }
    if (link) {
      // The notice's link as a button: the line's text is its label (the URL when there is none).
      flush();
      std::string label = ButtonLabel(line, *link);
      const std::string& url = line[*link].text;
      out += std::string(
                 "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" "
                 "border=\"0\" style=\"margin:6px 0 20px 0;\"><tr><td style=\"") +
             kButtonCellStyle + "\">" +
             Anchor(url, HtmlEscape(label.empty() ? url : label), kButtonStyle) +
             "</td></tr></table>\n";
      continue;
    }
    if (items && others_blank) {
      flush();
      out += std::string("<ul style=\"") + kListStyle + "\">\n";
      for (const std::string& item : line[*items].items) {
        out +=
            std::string("<li style=\"") + kItemStyle + "\">" + EscapeAndLinkify(item) + "</li>\n";
      }
      out += "</ul>\n";
      continue;
    }
    std::string html = EscapeAndLinkify(TrimBlank(LineText(line, "\n")));
    for (std::size_t nl = html.find('\n'); nl != std::string::npos; nl = html.find('\n', nl)) {
      html.replace(nl, 1, "<br>");
    }
    if (!paragraph.empty()) {
      paragraph += "<br>\n";
    }
    paragraph += html;
  }
  flush();
  return out;
}

RenderedMail RenderMail(const MailTemplate& t, const TemplateValues& values) {
  RenderedMail mail;
  const std::string vi = RenderSubjectLine(t.subject_vi, values);
  const std::string en = RenderSubjectLine(t.subject_en, values);
  mail.subject = vi.empty() ? en : (en.empty() || en == vi) ? vi : vi + " / " + en;

  const std::string text_vi = RenderPlainText(t.body_vi, values);
  const std::string text_en = RenderPlainText(t.body_en, values);
  mail.text = text_vi + "\n\n----\n\n" + text_en + "\n";

  const std::string agency = RenderSubjectLine("{{agency}}", values);
  std::string& h = mail.html;
  h += "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  h += HtmlEscape(mail.subject);
  h += "</title>\n</head>\n"
       "<body style=\"margin:0;padding:0;background-color:#f3f4f6;\">\n"
       "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
       "border=\"0\" style=\"background-color:#f3f4f6;\">\n"
       "<tr><td align=\"center\" style=\"padding:24px 12px;\">\n"
       "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
       "border=\"0\" style=\"max-width:640px;background-color:#ffffff;border:1px solid #e5e7eb;"
       "border-radius:6px;font-family:Arial,Helvetica,sans-serif;font-size:15px;"
       "line-height:1.6;color:#1f2937;\">\n";
  if (!agency.empty()) {
    h += "<tr><td style=\"padding:16px 24px;border-bottom:3px solid #b91c1c;font-size:16px;"
         "font-weight:bold;color:#b91c1c;\">" +
         HtmlEscape(agency) + "</td></tr>\n";
  }
  h += "<tr><td lang=\"vi\" style=\"padding:20px 24px 6px 24px;\">\n";
  h += RenderHtmlFragment(t.body_vi, values);
  h += "</td></tr>\n<tr><td style=\"padding:0 24px;\"><hr style=\"border:0;border-top:1px solid "
       "#e5e7eb;margin:0;\"></td></tr>\n"
       "<tr><td lang=\"en\" style=\"padding:20px 24px 6px 24px;color:#374151;\">\n";
  h += RenderHtmlFragment(t.body_en, values);
  h += "</td></tr>\n</table>\n</td></tr>\n</table>\n</body>\n</html>\n";
  return mail;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string EscapeAndLinkify(std::string_view s) {
  std::string out;
  std::size_t plain = 0;  // start of the text not yet written
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != 'h' && s[i] != 'H') {
      continue;
    }
    // Only at a word's start: "xhttp://" is no URL.
    if (i > 0) {
      const char p = s[i - 1];
      if ((p >= 'a' && p <= 'z') || (p >= 'A' && p <= 'Z') || (p >= '0' && p <= '9')) {
        continue;
      }
    }
    const std::size_t n = UrlLength(s, i);
    if (n == 0) {
      continue;
    }
    out += HtmlEscape(s.substr(plain, i - plain));
    const std::string_view url = s.substr(i, n);
    out += Anchor(url, HtmlEscape(url), kLinkStyle);
    i += n - 1;
    plain = i + 1;
  }
  out += HtmlEscape(s.substr(plain));
  return out;
}

}  // namespace cqdt::mailroom::internal
