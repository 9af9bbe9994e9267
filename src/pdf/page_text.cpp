#include "page_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include "page_font.hpp"

namespace cqdt::pdf::internal {

using namespace PoDoFo;

namespace {

// An affine matrix [a b c d e f] (ISO 32000-1 §8.3.3), row vector convention.

struct Matrix {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;
  // this × m
  Matrix Then(const Matrix& m) const {
    return Matrix{a * m.a + b * m.c, a * m.b + b * m.d,       c * m.a + d * m.c,
                  c * m.b + d * m.d, e * m.a + f * m.c + m.e, e * m.b + f * m.d + m.f};
  }
};

Matrix Translate(double tx, double ty) { return Matrix{1, 0, 0, 1, tx, ty}; }

std::optional<double> VariantNumber(const PdfVariant& v) {
  if (v.IsNumber()) {
    return static_cast<double>(v.GetNumber());
  }
  if (v.IsReal()) {
    return v.GetReal();
  }
  return std::nullopt;
}

bool IsText(const PdfVariant& v) { return v.IsString() || v.IsHexString(); }

struct GraphicsState {
  Matrix ctm;
};

struct TextState {
  const PageFont* font = nullptr;
  double size = 0;
  double char_spacing = 0;  // Tc
  double word_spacing = 0;  // Tw
  double scale = 1;         // Tz / 100
  double leading = 0;       // TL
  double rise = 0;          // Ts
  Matrix tm, tlm;
};

class Interpreter {
 public:
  Interpreter(PdfMemDocument& doc, PdfObject* fonts, const CpuBudget& budget)
      : doc_(doc), fonts_(fonts), budget_(budget) {}

  Status Run(std::string_view content) {
    PdfContentsTokenizer tokens(content.data(), static_cast<pdf_long>(content.size()));
    EPdfContentsType type;
    const char* keyword = nullptr;
    PdfVariant operand;
    std::size_t count = 0;
    while (tokens.ReadNext(type, keyword, operand)) {
      if (++count % 512 == 0 && budget_.Exhausted()) {
        return budget_.ExhaustedError();
      }
      if (type == ePdfContentsType_Variant) {
        // Operators take at most six operands; a longer run is not text, keep the last ones.
        if (operands_.size() >= 16) {
          operands_.erase(operands_.begin());
        }
        operands_.push_back(operand);
        continue;
      }
      if (type == ePdfContentsType_Keyword) {
        Operator(keyword);
      }
      operands_.clear();
    }
    return Ok();
  }

  std::vector<PageGlyph> TakeGlyphs() { return std::move(glyphs_); }

 private:
  std::optional<double> Arg(std::size_t i, std::size_t n) const {
    if (operands_.size() < n) {
      return std::nullopt;
    }
    return VariantNumber(operands_[operands_.size() - n + i]);
  }

  void Operator(std::string_view op) {
    if (op == "q") {
      if (stack_.size() < static_cast<std::size_t>(kMaxGraphicsDepth)) {
        stack_.push_back(gs_);
      }
    } else if (op == "Q") {
      if (!stack_.empty()) {
        gs_ = stack_.back();
        stack_.pop_back();
      }
    } else if (op == "cm") {
      Matrix m;
      if (ReadMatrix(m)) {
        gs_.ctm = m.Then(gs_.ctm);
      }
    } else if (op == "BT") {
      ts_.tm = ts_.tlm = Matrix{};
    } else if (op == "Tf") {
      if (operands_.size() >= 2 && operands_[operands_.size() - 2].IsName()) {
        ts_.font = FontNamed(operands_[operands_.size() - 2].GetName());
        ts_.size = Arg(1, 2).value_or(0);
      }
    } else if (op == "Tc") {
      ts_.char_spacing = Arg(0, 1).value_or(ts_.char_spacing);
    } else if (op == "Tw") {
      ts_.word_spacing = Arg(0, 1).value_or(ts_.word_spacing);
    } else if (op == "Tz") {
      ts_.scale = Arg(0, 1).value_or(ts_.scale * 100) / 100;
    } else if (op == "TL") {
      ts_.leading = Arg(0, 1).value_or(ts_.leading);
    } else if (op == "Ts") {
      ts_.rise = Arg(0, 1).value_or(ts_.rise);
    } else if (op == "Td" || op == "TD") {
      const auto tx = Arg(0, 2);
      const auto ty = Arg(1, 2);
      if (tx && ty) {
        if (op == "TD") {
          ts_.leading = -*ty;
        }
        NextLine(*tx, *ty);
      }
    } else if (op == "Tm") {
      Matrix m;
      if (ReadMatrix(m)) {
        ts_.tm = ts_.tlm = m;
      }
    } else if (op == "T*") {
      NextLine(0, -ts_.leading);
    } else if (op == "Tj") {
      if (!operands_.empty() && IsText(operands_.back())) {
        Show(operands_.back().GetString());
      }
    } else if (op == "'") {
      NextLine(0, -ts_.leading);
      if (!operands_.empty() && IsText(operands_.back())) {
        Show(operands_.back().GetString());
      }
    } else if (op == "\"") {
      if (operands_.size() >= 3 && IsText(operands_.back())) {
        ts_.word_spacing = Arg(0, 3).value_or(ts_.word_spacing);
        ts_.char_spacing = Arg(1, 3).value_or(ts_.char_spacing);
        NextLine(0, -ts_.leading);
        Show(operands_.back().GetString());
      }
    } else if (op == "TJ") {
      if (!operands_.empty() && operands_.back().IsArray()) {
        for (const PdfObject& item : operands_.back().GetArray()) {
          if (IsText(item)) {
            Show(item.GetString());
          } else if (const auto n = Number(&item)) {
            ts_.tm = Translate(-*n / 1000 * ts_.size * ts_.scale, 0).Then(ts_.tm);
          }
        }
      }
    }
  }

  bool ReadMatrix(Matrix& m) const {
    std::array<double, 6> v{};
    for (std::size_t i = 0; i < 6; ++i) {
      const auto n = Arg(i, 6);
      if (!n || !std::isfinite(*n)) {
        return false;
      }
      v[i] = *n;
    }
    m = Matrix{v[0], v[1], v[2], v[3], v[4], v[5]};
    return true;
  }

  void NextLine(double tx, double ty) {
    ts_.tlm = Translate(tx, ty).Then(ts_.tlm);
    ts_.tm = ts_.tlm;
  }

  const PageFont* FontNamed(const PdfName& name) {
    auto it = cache_.find(name.GetName());
    if (it != cache_.end()) {
      return &it->second;
    }
    // Untrusted input: a page names a handful of fonts; each one is parsed once.
    if (cache_.size() >= 256) {
      return nullptr;
    }
    PdfObject* dict = fonts_ != nullptr && fonts_->IsDictionary()
                          ? Resolve(doc_, fonts_->GetDictionary().GetKey(name))
                          : nullptr;
    return &cache_.emplace(name.GetName(), LoadPageFont(doc_, dict)).first->second;
  }

  void Show(const PdfString& s) {
    if (ts_.font == nullptr || !s.IsValid()) {
      return;
    }
    const PageFont& font = *ts_.font;
    const auto* data = reinterpret_cast<const unsigned char*>(s.GetString());
    const auto length = static_cast<std::size_t>(s.GetLength());
    const std::size_t step = font.two_byte ? 2 : 1;
    for (std::size_t i = 0; i + step <= length; i += step) {
      const std::uint32_t code = font.two_byte ? (data[i] << 8) | data[i + 1] : data[i];
      const auto w = font.widths.find(code);
      const double width = (w != font.widths.end() ? w->second : font.default_width) / 1000;
      const bool space = !font.two_byte && code == 32;
      const Matrix trm =
          Matrix{ts_.size * ts_.scale, 0, 0, ts_.size, 0, ts_.rise}.Then(ts_.tm).Then(gs_.ctm);
      const double tx =
          (width * ts_.size + ts_.char_spacing + (space ? ts_.word_spacing : 0)) * ts_.scale;
      const Matrix after = Translate(tx, 0).Then(ts_.tm).Then(gs_.ctm);
      // Only upright, unrotated text: the number and date lines of a document are.
      const bool upright = std::abs(trm.b) < 1e-6 * std::abs(trm.a) + 1e-9 &&
                           std::abs(trm.c) < 1e-6 * std::abs(trm.d) + 1e-9 && trm.a > 0 &&
                           trm.d > 0;
      if (upright && glyphs_.size() < kMaxGlyphs) {
        PageGlyph g;
        auto u = font.to_unicode.find(code);
        if (u != font.to_unicode.end()) {
          g.text = u->second;
        } else if (!font.two_byte) {
          AppendUtf8(g.text, code);  // Latin-1
        }
        g.x = trm.e;
        g.baseline = trm.f;
        g.advance = std::max(0.0, after.e - trm.e);
        g.font_size = trm.d;
        glyphs_.push_back(std::move(g));
      }
      ts_.tm = Translate(tx, 0).Then(ts_.tm);
    }
  }

  // A page of dense text has a few thousand glyphs; this bounds the memory of a hostile one.
  static constexpr std::size_t kMaxGlyphs = 200000;

  PdfMemDocument& doc_;
  PdfObject* fonts_;
  const CpuBudget& budget_;
  std::vector<PdfVariant> operands_;
  GraphicsState gs_;
  std::vector<GraphicsState> stack_;
  TextState ts_;
  std::map<std::string, PageFont> cache_;
  std::vector<PageGlyph> glyphs_;
};

}  // namespace

Result<std::vector<PageGlyph>> PageGlyphs(PdfMemDocument& doc, const PageTree& pages, int index,
                                          const CpuBudget& budget) {
  PdfObject* page = pages.page(index);
  PdfObject* resources = Resolve(doc, pages.Inherited(index, PdfName("Resources")));
  PdfObject* fonts = Key(doc, resources, "Font");
  PdfObject* contents = Key(doc, page, "Contents");
  std::string content;
  auto add = [&](PdfObject* stream) -> Status {
    CQDT_RETURN_IF_ERROR(budget.Check());
    std::string bytes = StreamBytes(stream, kMaxPageContentBytes + 1);
    if (content.size() + bytes.size() > kMaxPageContentBytes) {
      return Error::TooLarge("Nội dung trang của tệp PDF lớn hơn " +
                             std::to_string(kMaxPageContentBytes >> 20) +
                             " MB; hệ thống không đọc chữ trên trang này.");
    }
    content += bytes;
    content += '\n';  // streams of an array join at token boundaries
    return Ok();
  };
  if (contents != nullptr && contents->IsArray()) {
    // Real pages have a few content streams; a hostile array is bounded by the size check.
    for (PdfObject& item : contents->GetArray()) {
      CQDT_RETURN_IF_ERROR(add(Resolve(doc, &item)));
    }
  } else {
    CQDT_RETURN_IF_ERROR(add(contents));
  }
  Interpreter interpreter(doc, fonts, budget);
  CQDT_RETURN_IF_ERROR(interpreter.Run(content));
  return interpreter.TakeGlyphs();
}

}  // namespace cqdt::pdf::internal
