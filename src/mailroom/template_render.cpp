#include "template_render.hpp"

#include <cstddef>
#include <utility>
#include <vector>

#include "template_syntax.hpp"

namespace cqdt::mailroom::internal {
namespace {

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
