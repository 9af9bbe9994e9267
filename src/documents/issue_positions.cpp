#include "issue_positions.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "blob/blob_store.hpp"
#include "core/cpu_budget.hpp"
#include "pdf/pdf.hpp"

namespace cqdt::documents {
namespace {

// The limits of a box: a line of 13-14 pt text needs room, and a box bigger than this is not a
// line (a mistaken drag), which would white out a part of the signed page.
constexpr double kMinWidth = 20;
constexpr double kMinHeight = 8;
constexpr double kMaxHeight = 100;
// The picker rounds to whole points within the page: allow that rounding at the far edges.
constexpr double kEdgeSlack = 1;

std::string Field(const char* box, const char* member) { return std::string(box) + "." + member; }

// Checks an untrusted box against the pages of the signed file; adds field errors.
void CheckBox(const LineBox& b, const char* name,
              const std::vector<std::pair<double, double>>& pages,
              std::vector<FieldError>& errors) {
  if (b.page < 1 || static_cast<std::size_t>(b.page) > pages.size()) {
    const std::string f = Field(name, "page");
    errors.push_back({f, "page", "Trường '" + f + "' chỉ một trang không có trong bản đã ký."});
    return;
  }
  bool finite = true;
  for (auto [member, v] : {std::pair{"x", b.x}, std::pair{"y", b.y}, std::pair{"width", b.width},
                           std::pair{"height", b.height}}) {
    if (!std::isfinite(v)) {
      const std::string f = Field(name, member);
      errors.push_back({f, "finite", "Trường '" + f + "' phải là một số hữu hạn."});
      finite = false;
    }
  }
  if (!finite) {
    return;
  }
  const auto [page_width, page_height] = pages[static_cast<std::size_t>(b.page) - 1];
  bool sized = true;
  if (b.width < kMinWidth || b.width > page_width) {
    const std::string f = Field(name, "width");
    errors.push_back(
        {f, "range", "Trường '" + f + "' phải từ 20 điểm đến hết chiều rộng của trang."});
    sized = false;
  }
  if (b.height < kMinHeight || b.height > kMaxHeight) {
    const std::string f = Field(name, "height");
    errors.push_back({f, "range", "Trường '" + f + "' phải từ 8 đến 100 điểm."});
    sized = false;
  }
  if (!sized) {
    return;
  }
  if (b.x < 0 || b.x + b.width > page_width + kEdgeSlack) {
    const std::string f = Field(name, "x");
    errors.push_back({f, "range", "Trường '" + f + "' đặt ô ra ngoài trang."});
  }
  if (b.y < 0 || b.y + b.height > page_height + kEdgeSlack) {
    const std::string f = Field(name, "y");
    errors.push_back({f, "range", "Trường '" + f + "' đặt ô ra ngoài trang."});
  }
}

double OverlapArea(const pdf::Box& a, const pdf::Box& b) {
  const double w = std::min(a.right(), b.right()) - std::max(a.x, b.x);
  const double h = std::min(a.top(), b.top()) - std::max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

// The location for one line: the found one, or the box by hand (see ChooseIssuePositions).
std::optional<pdf::TextLocation> Choose(const std::optional<pdf::TextLocation>& found,
                                        const std::optional<LineBox>& box) {
  if (!box) {
    return found;
  }
  const pdf::Box placed{box->x, box->y, box->width, box->height};
  if (found && found->page == box->page &&
      OverlapArea(found->box, placed) > 0.5 * placed.width * placed.height) {
    return found;
  }
  pdf::TextLocation by_hand;
  by_hand.page = box->page;
  by_hand.box = placed;
  by_hand.confidence = 1;
  return by_hand;
}

}  // namespace

LineBox LineBoxOf(const pdf::TextLocation& location) {
  return {location.page, location.box.x, location.box.y, location.box.width, location.box.height};
}

namespace {

// "cqdt-lines 1", then per location: "<N|D> page x y width height baseline size confidence
// hex(text) glyph-count", then per glyph "g x width hex(text)".
constexpr std::string_view kLinesHeader = "cqdt-lines 1";

std::string Hex(std::string_view bytes) {
  static const char* const kDigits = "0123456789abcdef";
  std::string out = "x";  // never empty: one token even for an empty text
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view token) {
  if (token.empty() || token[0] != 'x' || token.size() % 2 == 0) {
    return std::nullopt;
  }
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  };
  std::string out;
  for (std::size_t i = 1; i + 1 < token.size(); i += 2) {
    const int hi = digit(token[i]);
    const int lo = digit(token[i + 1]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string Number(double v) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

// Splits on single spaces and newlines.
std::vector<std::string_view> Tokens(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ' || text[i] == '\n') {
      if (i > start) {
        out.push_back(text.substr(start, i - start));
      }
      start = i + 1;
    }
  }
  return out;
}

std::optional<double> ParseNumber(std::string_view token) {
  const std::string s(token);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) {
    return std::nullopt;
  }
  return v;
}

void EncodeLocation(char tag, const pdf::TextLocation& l, std::string& out) {
  out += '\n';
  out += tag;
  for (double v : {static_cast<double>(l.page), l.box.x, l.box.y, l.box.width, l.box.height,
                   l.baseline, l.font_size, l.confidence}) {
    out += ' ' + Number(v);
  }
  out += ' ' + Hex(l.text) + ' ' + std::to_string(l.glyphs.size());
  for (const pdf::TextLocation::Glyph& g : l.glyphs) {
    out += "\ng " + Number(g.x) + ' ' + Number(g.width) + ' ' + Hex(g.text);
  }
}

}  // namespace

std::string EncodeIssueLines(const pdf::NumberAndDatePositions& found) {
  std::string out(kLinesHeader);
  if (found.number) {
    EncodeLocation('N', *found.number, out);
  }
  if (found.date) {
    EncodeLocation('D', *found.date, out);
  }
  return out;
}

std::optional<pdf::NumberAndDatePositions> DecodeIssueLines(std::string_view text) {
  if (text.substr(0, kLinesHeader.size()) != kLinesHeader) {
    return std::nullopt;
  }
  const std::vector<std::string_view> t = Tokens(text.substr(kLinesHeader.size()));
  pdf::NumberAndDatePositions out;
  std::size_t i = 0;
  while (i < t.size()) {
    std::optional<pdf::TextLocation>* slot = nullptr;
    if (t[i] == "N" && !out.number) {
      slot = &out.number;
    } else if (t[i] == "D" && !out.date) {
      slot = &out.date;
    } else {
      return std::nullopt;
    }
    if (i + 11 > t.size()) {
      return std::nullopt;
    }
    double v[9];
    for (int k = 0; k < 8; ++k) {
      auto n = ParseNumber(t[i + 1 + static_cast<std::size_t>(k)]);
      if (!n) {
        return std::nullopt;
      }
      v[k] = *n;
    }
    auto text_of = Unhex(t[i + 9]);
    auto count = ParseNumber(t[i + 10]);
    if (!text_of || !count || *count < 0 || *count > 10000 || v[0] < 1 || v[0] > 1e6) {
      return std::nullopt;
    }
    v[8] = *count;
    pdf::TextLocation l;
    l.page = static_cast<int>(v[0]);
    l.box = {v[1], v[2], v[3], v[4]};
    l.baseline = v[5];
    l.font_size = v[6];
    l.confidence = v[7];
    l.text = std::move(*text_of);
    i += 11;
    const auto glyphs = static_cast<std::size_t>(v[8]);
    for (std::size_t g = 0; g < glyphs; ++g, i += 4) {
      if (i + 4 > t.size() || t[i] != "g") {
        return std::nullopt;
      }
      auto x = ParseNumber(t[i + 1]);
      auto width = ParseNumber(t[i + 2]);
      auto glyph_text = Unhex(t[i + 3]);
      if (!x || !width || !glyph_text) {
        return std::nullopt;
      }
      l.glyphs.push_back({std::move(*glyph_text), *x, *width});
    }
    *slot = std::move(l);
  }
  return out;
}

Result<pdf::NumberAndDatePositions> ChooseIssuePositions(
    const Result<pdf::NumberAndDatePositions>& found,
    const std::vector<std::pair<double, double>>& pages, const std::optional<LineBox>& number_box,
    const std::optional<LineBox>& date_box) {
  std::vector<FieldError> errors;
  if (number_box) {
    CheckBox(*number_box, "numberBox", pages, errors);
  }
  if (date_box) {
    CheckBox(*date_box, "dateBox", pages, errors);
  }
  const pdf::NumberAndDatePositions none;
  const pdf::NumberAndDatePositions& seen = found ? *found : none;
  pdf::NumberAndDatePositions out;
  out.number = Choose(seen.number, number_box);
  out.date = Choose(seen.date, date_box);
  // A scanned page, or a layout the search does not know: the clerk places the lines.
  if (!out.number) {
    errors.push_back({"numberBox", "required",
                      "Không tìm thấy dòng “Số:” trên trang đầu của bản đã ký: hãy chọn vị trí ghi "
                      "số văn bản (trường 'numberBox')."});
  }
  if (!out.date) {
    errors.push_back({"dateBox", "required",
                      "Không tìm thấy dòng ngày tháng trên trang đầu của bản đã ký: hãy chọn vị "
                      "trí ghi ngày ban hành (trường 'dateBox')."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return out;
}

Result<IssuePositions> OutgoingService::FindIssuePositions(db::Transaction& tx,
                                                           const identity::Principal& p,
                                                           DocumentId id) const {
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, Get(tx, p, id));
  const OutgoingFile* signed_file = od.Latest(OutgoingFileRole::kSigned);
  if (signed_file == nullptr) {
    return Error::FailedPrecondition("Văn bản chưa có bản đã ký để cấp số.");
  }
  CQDT_ASSIGN_OR_RETURN(std::string content, blobs_.Get(signed_file->sha256));
  CpuBudget budget(std::chrono::milliseconds(5000));
  IssuePositions out;
  CQDT_ASSIGN_OR_RETURN(out.pages, pdf::PageSizes(content, budget));
  // Nothing found (a scan) is an answer: the picker starts from the usual places.
  if (auto found = pdf::FindNumberAndDatePositions(content, budget)) {
    if (found->number) {
      out.number = LineBoxOf(*found->number);
    }
    if (found->date) {
      out.date = LineBoxOf(*found->date);
    }
  }
  return out;
}

}  // namespace cqdt::documents
