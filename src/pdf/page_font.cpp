#include "page_font.hpp"

#include <cctype>
#include <memory>
#include <string_view>
#include <vector>

namespace cqdt::pdf::internal {

using namespace PoDoFo;

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

namespace {

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

}  // namespace

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

PageFont LoadPageFont(PdfMemDocument& doc, PdfObject* dict) {
  PageFont font;
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

}  // namespace cqdt::pdf::internal
