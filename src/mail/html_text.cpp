#include "html_text.hpp"

#include <array>
#include <cstdint>

#include "utf8.hpp"

namespace cqdt::mail::internal {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsBlock(std::string_view tag) {
  static constexpr std::array<std::string_view, 21> kBlocks = {
      "p",  "div",     "tr",      "table",  "h1",     "h2",         "h3",
      "h4", "h5",      "h6",      "ul",     "ol",     "blockquote", "pre",
      "hr", "section", "article", "header", "footer", "address",    "dl"};
  for (std::string_view b : kBlocks) {
    if (tag == b) {
      return true;
    }
  }
  return false;
}

// Decodes the entity at `pos` ('&'); on success appends it and moves `pos` past it.
bool DecodeEntity(std::string_view html, std::size_t& pos, std::string& out) {
  std::size_t end = html.find(';', pos);
  if (end == std::string_view::npos || end - pos > 12) {
    return false;
  }
  std::string_view name = html.substr(pos + 1, end - pos - 1);
  char32_t cp = 0;
  if (name.size() >= 2 && name[0] == '#') {
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) {
      return false;
    }
    std::uint32_t value = 0;
    for (char c : digits) {
      int d = -1;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      }
      if (d < 0) {
        return false;
      }
      value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      if (value > 0x10FFFF) {
        return false;
      }
    }
    cp = value;
  } else {
    static constexpr std::array<std::pair<std::string_view, char32_t>, 10> kNamed = {{
        {"amp", '&'},
        {"lt", '<'},
        {"gt", '>'},
        {"quot", '"'},
        {"apos", '\''},
        {"nbsp", ' '},
        {"ndash", 0x2013},
        {"mdash", 0x2014},
        {"hellip", 0x2026},
        {"copy", 0xA9},
    }};
    for (const auto& [entity, value] : kNamed) {
      if (name == entity) {
        cp = value;
      }
    }
    if (cp == 0) {
      return false;
    }
  }
  pos = end + 1;
  if (cp == 0xA0) {
    cp = ' ';
  }
  if ((cp >= 0xD800 && cp <= 0xDFFF) || (IsControl(cp) && cp != '\n' && cp != '\t') || cp == 0) {
    return true;  // a reference to something that must not appear: dropped
  }
  AppendUtf8(out, cp);
  return true;
}

// Collapses spaces, trims lines and keeps at most one blank line in a row.
std::string Tidy(std::string_view raw) {
  std::string out;
  int newlines = 0;
  bool space = false;
  for (char c : raw) {
    if (c == '\n') {
      ++newlines;
      space = false;
      continue;
    }
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (!out.empty()) {
      if (newlines > 0) {
        out.append(newlines > 1 ? 2 : 1, '\n');
      } else if (space) {
        out += ' ';
      }
    }
    newlines = 0;
    space = false;
    out += c;
  }
  if (!out.empty()) {
    out += '\n';
  }
  return out;
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  std::string raw;
  std::size_t pos = 0;
  while (pos < html.size()) {
    char c = html[pos];
    if (c == '&') {
      if (!DecodeEntity(html, pos, raw)) {
        raw += '&';
        ++pos;
      }
      continue;
    }
    if (c != '<') {
      raw += IsSpace(c) ? ' ' : c;
      ++pos;
      continue;
    }
    if (html.substr(pos, 4) == "<!--") {
      std::size_t end = html.find("-->", pos + 4);
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    std::size_t p = pos + 1;
    bool closing = p < html.size() && html[p] == '/';
    if (closing) {
      ++p;
    }
    std::size_t name_start = p;
    while (p < html.size() && IsNameChar(html[p])) {
      ++p;
    }
    std::string tag = LowerAscii(html.substr(name_start, p - name_start));
    if (tag.empty() && !closing && (p >= html.size() || (html[p] != '!' && html[p] != '?'))) {
      raw += '<';  // a lone '<' in text
      ++pos;
      continue;
    }
    // The end of the tag, skipping quoted attribute values.
    char quote = 0;
    while (p < html.size() && (quote != 0 || html[p] != '>')) {
      if (quote != 0) {
        quote = html[p] == quote ? 0 : quote;
      } else if (html[p] == '"' || html[p] == '\'') {
        quote = html[p];
      }
      ++p;
    }
    pos = p < html.size() ? p + 1 : html.size();
    if (!closing && (tag == "script" || tag == "style" || tag == "head" || tag == "title")) {
      // Skip to the matching end tag (case-insensitive search by lower-casing a window).
      std::string end_tag = "</" + tag;
      std::size_t found = std::string_view::npos;
      for (std::size_t i = pos; i + end_tag.size() <= html.size(); ++i) {
        if (html[i] == '<' && LowerAscii(html.substr(i, end_tag.size())) == end_tag) {
          found = i;
          break;
        }
      }
      if (found == std::string_view::npos) {
        pos = html.size();
      } else {
        std::size_t close = html.find('>', found);
        pos = close == std::string_view::npos ? html.size() : close + 1;
      }
      continue;
    }
    if (tag == "br") {
      raw += '\n';
    } else if (tag == "li") {
      raw += closing ? "" : "\n- ";
    } else if (tag == "td" || tag == "th") {
      raw += ' ';
    } else if (IsBlock(tag)) {
      bool paragraph = tag == "p" || tag == "table" || tag == "blockquote" || tag == "ul" ||
                       tag == "ol" || (tag.size() == 2 && tag[0] == 'h' && tag[1] != 'r');
      raw += paragraph ? "\n\n" : "\n";
    }
  }
  return Tidy(raw);
}

}  // namespace cqdt::mail::internal
