// The layout of a visible signature (pure geometry; SignPdf's drawing follows it).
#include <algorithm>

#include "pdf/pdf.hpp"

namespace cqdt::pdf {

namespace {
constexpr double kLineHeight = 1.2;  // × font size
}  // namespace

bool Overlaps(const Box& a, const Box& b) {
  if (a.empty() || b.empty()) {
    return false;
  }
  return a.x < b.right() && b.x < a.right() && a.y < b.top() && b.y < a.top();
}

AppearanceLayout LayoutAppearance(const SignatureAppearance& a) {
  AppearanceLayout out;
  const double fs = a.font_size > 0 ? a.font_size : 10;
  const double text_height =
      std::min(a.height, static_cast<double>(a.lines.size()) * fs * kLineHeight);
  if (!a.lines.empty()) {
    out.text = {a.x, a.y, a.width, text_height};
  }
  if (!a.image_png.empty()) {
    out.image_area = {a.x, a.y + text_height, a.width, std::max(0.0, a.height - text_height)};
  }
  return out;
}

}  // namespace cqdt::pdf
