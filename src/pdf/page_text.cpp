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

PdfObject* Resolve(PdfMemDocument& doc, PdfObject* obj) {
  if (obj != nullptr && obj->IsReference()) {
    return doc.GetObjects().GetObject(obj->GetReference());
  }
  return obj;
}

PdfObject* Key(PdfMemDocument& doc, PdfObject* dict, const char* key) {
  if (dict == nullptr || !dict->IsDictionary()) {
    return nullptr;
  }
  return Resolve(doc, dict->GetDictionary().GetKey(PdfName(key)));
}

std::optional<double> Number(const PdfObject* obj) {
  if (obj == nullptr) {
    return std::nullopt;
  }
  if (obj->IsNumber()) {
    return static_cast<double>(obj->GetNumber());
  }
  if (obj->IsReal()) {
    return obj->GetReal();
  }
  return std::nullopt;
}

std::optional<double> Number(const PdfVariant& v) {
  if (v.IsNumber()) {
    return static_cast<double>(v.GetNumber());
  }
  if (v.IsReal()) {
    return v.GetReal();
  }
  return std::nullopt;
}

bool IsText(const PdfVariant& v) { return v.IsString() || v.IsHexString(); }

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// UTF-16BE code units → UTF-8 (an unpaired surrogate is dropped).
std::string Utf16ToUtf8(const std::vector<std::uint16_t>& units) {
  std::string out;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const std::uint32_t u = units[i];
    if (u >= 0xD800 && u < 0xDC00 && i + 1 < units.size() && units[i + 1] >= 0xDC00 &&
        units[i + 1] < 0xE000) {
      AppendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (units[i + 1] - 0xDC00));
      ++i;
    } else if (u < 0xD800 || u >= 0xE000) {
      AppendUtf8(out, u);
    }
  }
  return out;
}

// A /ToUnicode CMap (ISO 32000-1 §9.10.3): the bfchar and bfrange sections, read with a small
// lexer of its own (the map is a PostScript-like program; only these sections matter).
class CMapLexer {
 public:
  explicit CMapLexer(std::string_view s) : s_(s) {}
  enum class Kind { kEnd, kHex, kWord, kOpenArray, kCloseArray, kOther };
  struct Token {
    Kind kind = Kind::kEnd;
    std::string_view word;
    std::vector<std::uint8_t> bytes;
  };
  Token Next() {
    Token t;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '%') {
        while (pos_ < s_.size() && s_[pos_] != '\n' && s_[pos_] != '\r') {
          ++pos_;
        }
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else {
        break;
      }
    }
    if (pos_ >= s_.size()) {
      return t;
    }
    const char c = s_[pos_];
    if (c == '<' && pos_ + 1 < s_.size() && s_[pos_ + 1] != '<') {
      ++pos_;
      t.kind = Kind::kHex;
      int nibble = -1;
      while (pos_ < s_.size() && s_[pos_] != '>') {
        const char h = s_[pos_++];
        int v = -1;
        if (h >= '0' && h <= '9') {
          v = h - '0';
        } else if (h >= 'a' && h <= 'f') {
          v = h - 'a' + 10;
        } else if (h >= 'A' && h <= 'F') {
          v = h - 'A' + 10;
        }
        if (v < 0) {
          continue;
        }
        if (nibble < 0) {
          nibble = v;
        } else {
          t.bytes.push_back(static_cast<std::uint8_t>(nibble * 16 + v));
          nibble = -1;
        }
      }
      if (nibble >= 0) {
        t.bytes.push_back(static_cast<std::uint8_t>(nibble * 16));
      }
      ++pos_;
      return t;
    }
    if (c == '[' || c == ']') {
      ++pos_;
      t.kind = c == '[' ? Kind::kOpenArray : Kind::kCloseArray;
      return t;
    }
    const std::size_t start = pos_;
    while (pos_ < s_.size() && !std::isspace(static_cast<unsigned char>(s_[pos_])) &&
           std::string_view("[]<>()/%").find(s_[pos_]) == std::string_view::npos) {
      ++pos_;
    }
    if (pos_ == start) {
      ++pos_;  // a delimiter of no interest here
      t.kind = Kind::kOther;
      return t;
    }
    t.kind = Kind::kWord;
    t.word = s_.substr(start, pos_ - start);
    return t;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

std::uint32_t CodeOf(const std::vector<std::uint8_t>& bytes) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < bytes.size() && i < 4; ++i) {
    v = (v << 8) | bytes[i];
  }
  return v;
}

std::vector<std::uint16_t> Units(const std::vector<std::uint8_t>& bytes) {
  std::vector<std::uint16_t> u;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    u.push_back(static_cast<std::uint16_t>((bytes[i] << 8) | bytes[i + 1]));
  }
  return u;
}

// Untrusted input: at most kMaxFontEntries codes are mapped, whatever ranges the map declares.
void ParseToUnicode(std::string_view cmap, std::map<std::uint32_t, std::string>& out) {
  CMapLexer lex(cmap);
  enum class Section { kNone, kChar, kRange } section = Section::kNone;
  std::vector<CMapLexer::Token> pending;
  for (CMapLexer::Token t = lex.Next(); t.kind != CMapLexer::Kind::kEnd; t = lex.Next()) {
    if (out.size() >= kMaxFontEntries) {
      return;
    }
    if (t.kind == CMapLexer::Kind::kWord) {
      if (t.word == "beginbfchar") {
        section = Section::kChar;
      } else if (t.word == "beginbfrange") {
        section = Section::kRange;
      } else if (t.word == "endbfchar" || t.word == "endbfrange") {
        section = Section::kNone;
      }
      pending.clear();
      continue;
    }
    if (section == Section::kChar) {
      if (t.kind != CMapLexer::Kind::kHex) {
        pending.clear();
        continue;
      }
      pending.push_back(std::move(t));
      if (pending.size() == 2) {
        out[CodeOf(pending[0].bytes)] = Utf16ToUtf8(Units(pending[1].bytes));
        pending.clear();
      }
    } else if (section == Section::kRange) {
      if (t.kind == CMapLexer::Kind::kHex && pending.size() < 2) {
        pending.push_back(std::move(t));
        continue;
      }
      if (pending.size() != 2) {
        pending.clear();
        continue;
      }
      const std::uint32_t lo = CodeOf(pending[0].bytes);
      const std::uint32_t hi = CodeOf(pending[1].bytes);
      pending.clear();
      if (hi < lo || hi - lo >= kMaxFontEntries) {
        continue;
      }
      if (t.kind == CMapLexer::Kind::kHex) {
        // <lo> <hi> <dst>: the last unit of dst is incremented along the range.
        std::vector<std::uint16_t> dst = Units(t.bytes);
        if (dst.empty()) {
          continue;
        }
        for (std::uint32_t code = lo; code <= hi && out.size() < kMaxFontEntries; ++code) {
          out[code] = Utf16ToUtf8(dst);
          ++dst.back();
        }
      } else if (t.kind == CMapLexer::Kind::kOpenArray) {
        std::uint32_t code = lo;
        for (CMapLexer::Token d = lex.Next();
             d.kind == CMapLexer::Kind::kHex && out.size() < kMaxFontEntries; d = lex.Next()) {
          if (code <= hi) {
            out[code++] = Utf16ToUtf8(Units(d.bytes));
          }
        }
      }
    }
  }
}

// The decoded bytes of a stream, or nothing when the stream was refused (untrusted_pdf.hpp: the
// first read of a file's stream inspects it; a refused one reads as empty and the caller's
// UntrustedPdf::Check() reports why).
std::string StreamBytes(PdfObject* obj, std::size_t limit) {
  if (obj == nullptr || !obj->HasStream()) {
    return {};
  }
  PdfStream* stream = obj->GetStream();
  if (stream->GetLength() == 0) {  // triggers the inspection
    return {};
  }
  char* buffer = nullptr;
  pdf_long length = 0;
  stream->GetFilteredCopy(&buffer, &length);
  std::unique_ptr<char, decltype(&podofo_free)> owned(buffer, &podofo_free);
  if (buffer == nullptr || length <= 0) {
    return {};
  }
  return std::string(buffer, std::min(static_cast<std::size_t>(length), limit));
}

struct Font {
  bool two_byte = false;
  std::map<std::uint32_t, std::string> to_unicode;
  std::map<std::uint32_t, double> widths;  // glyph space (1/1000 em)
  double default_width = 500;
};

Font LoadFont(PdfMemDocument& doc, PdfObject* dict) {
  Font font;
  if (dict == nullptr || !dict->IsDictionary()) {
    return font;
  }
  const PdfObject* subtype = Key(doc, dict, "Subtype");
  font.two_byte = subtype != nullptr && subtype->IsName() && subtype->GetName() == PdfName("Type0");
  font.to_unicode.clear();
  if (PdfObject* tu = Key(doc, dict, "ToUnicode"); tu != nullptr) {
    ParseToUnicode(StreamBytes(tu, 4u << 20), font.to_unicode);
  }
  if (font.two_byte) {
    PdfObject* descendants = Key(doc, dict, "DescendantFonts");
    PdfObject* cid = nullptr;
    if (descendants != nullptr && descendants->IsArray() && !descendants->GetArray().empty()) {
      cid = Resolve(doc, &descendants->GetArray()[0]);
    }
    font.default_width = Number(Key(doc, cid, "DW")).value_or(1000);
    // /W: c [w1 w2 ...] or c_first c_last w (ISO 32000-1 §9.7.4.3).
    PdfObject* w = Key(doc, cid, "W");
    if (w != nullptr && w->IsArray()) {
      const PdfArray& a = w->GetArray();
      for (std::size_t i = 0; i < a.size() && font.widths.size() < kMaxFontEntries;) {
        const auto first = Number(&a[i]);
        if (!first || *first < 0) {
          break;
        }
        PdfObject* next =
            i + 1 < a.size() ? Resolve(doc, const_cast<PdfObject*>(&a[i + 1])) : nullptr;
        if (next != nullptr && next->IsArray()) {
          auto code = static_cast<std::uint32_t>(*first);
          for (const PdfObject& v : next->GetArray()) {
            if (font.widths.size() >= kMaxFontEntries) {
              break;
            }
            font.widths[code++] = Number(&v).value_or(font.default_width);
          }
          i += 2;
        } else if (i + 2 < a.size()) {
          const auto last = Number(&a[i + 1]);
          const auto width = Number(&a[i + 2]);
          if (!last || !width || *last < *first || *last - *first >= kMaxFontEntries) {
            break;
          }
          for (auto code = static_cast<std::uint32_t>(*first);
               code <= static_cast<std::uint32_t>(*last) && font.widths.size() < kMaxFontEntries;
               ++code) {
            font.widths[code] = *width;
          }
          i += 3;
        } else {
          break;
        }
      }
    }
  } else {
    const auto first = Number(Key(doc, dict, "FirstChar"));
    PdfObject* widths = Key(doc, dict, "Widths");
    if (first && *first >= 0 && *first < 256 && widths != nullptr && widths->IsArray()) {
      auto code = static_cast<std::uint32_t>(*first);
      for (const PdfObject& v : widths->GetArray()) {
        if (code > 255) {
          break;
        }
        if (const auto n = Number(&v)) {
          font.widths[code] = *n;
        }
        ++code;
      }
    }
  }
  return font;
}

struct GraphicsState {
  Matrix ctm;
};

struct TextState {
  const Font* font = nullptr;
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
    return Number(operands_[operands_.size() - n + i]);
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

  const Font* FontNamed(const PdfName& name) {
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
    return &cache_.emplace(name.GetName(), LoadFont(doc_, dict)).first->second;
  }

  void Show(const PdfString& s) {
    if (ts_.font == nullptr || !s.IsValid()) {
      return;
    }
    const Font& font = *ts_.font;
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
  std::map<std::string, Font> cache_;
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
