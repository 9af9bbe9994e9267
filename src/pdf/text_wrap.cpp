#include "text_wrap.hpp"

#include "pdf_internal.hpp"

namespace cqdt::pdf::internal {
namespace {

std::vector<std::string> SplitOn(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

}  // namespace

double TextWidth(PoDoFo::PdfFont* font, double size, const std::string& s) {
  font->SetFontSize(static_cast<float>(size));
  return font->GetFontMetrics()->StringWidth(Utf8String(s));
}

std::vector<std::string> WrapParagraph(PoDoFo::PdfFont* font, double size,
                                       const std::string& paragraph, double width) {
  std::vector<std::string> lines;
  std::string line;
  double line_w = 0;
  const double space_w = TextWidth(font, size, " ");
  for (const std::string& word : SplitOn(paragraph, ' ')) {
    if (word.empty()) {
      continue;
    }
    const double word_w = TextWidth(font, size, word);
    if (!line.empty() && line_w + space_w + word_w <= width) {
      line += ' ';
      line += word;
      line_w += space_w + word_w;
      continue;
    }
    if (!line.empty()) {
      lines.push_back(line);
      line.clear();
      line_w = 0;
    }
    if (word_w <= width) {
      line = word;
      line_w = word_w;
      continue;
    }
    for (const std::string& cp : CodePoints(word)) {
      const double cp_w = TextWidth(font, size, cp);
      if (!line.empty() && line_w + cp_w > width) {
        lines.push_back(line);
        line.clear();
        line_w = 0;
      }
      line += cp;
      line_w += cp_w;
    }
  }
  if (!line.empty() || lines.empty()) {
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> WrapText(PoDoFo::PdfFont* font, double size, const std::string& text,
                                  double width) {
  std::vector<std::string> out;
  for (const std::string& paragraph : SplitOn(text, '\n')) {
    auto lines = WrapParagraph(font, size, paragraph, width);
    out.insert(out.end(), lines.begin(), lines.end());
  }
  return out;
}

}  // namespace cqdt::pdf::internal
