#include "extract/extract.hpp"

#include <zip.h>

#include <cctype>
#include <memory>

#include <libxml/xmlreader.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

namespace cqdt::extract {

namespace {

// poppler reports damaged objects on stderr; the caller gets a verdict, not a log.
void Quiet(const std::string&, void*) {}

int CountWordChars(std::string_view text) {
  int n = 0;
  for (unsigned char c : text) {
    // ASCII letters and digits, and the lead byte of every multi-byte UTF-8 character (the
    // Vietnamese letters with marks).
    if (std::isalnum(c) != 0 || c >= 0xC0) {
      ++n;
    }
  }
  return n;
}

std::string Utf8(const poppler::ustring& s) {
  const poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

// The rendered page as one byte a pixel (grey), whatever format poppler chose.
std::vector<unsigned char> ToGrey(const poppler::image& img, int& stride) {
  const int w = img.width();
  const int h = img.height();
  stride = w;
  std::vector<unsigned char> grey(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  const char* data = img.const_data();
  const int bpr = img.bytes_per_row();
  for (int y = 0; y < h; ++y) {
    const auto* row =
        reinterpret_cast<const unsigned char*>(data + static_cast<std::ptrdiff_t>(y) * bpr);
    for (int x = 0; x < w; ++x) {
      unsigned v = 255;
      switch (img.format()) {
        case poppler::image::format_gray8:
          v = row[x];
          break;
        case poppler::image::format_rgb24:
          v = (row[3 * x] * 30u + row[3 * x + 1] * 59u + row[3 * x + 2] * 11u) / 100u;
          break;
        case poppler::image::format_argb32:
        case poppler::image::format_bgr24: {
          // argb32 is stored B, G, R, A on little-endian machines; bgr24 is B, G, R.
          const int step = img.format() == poppler::image::format_argb32 ? 4 : 3;
          const unsigned char* p = row + static_cast<std::ptrdiff_t>(step) * x;
          v = (p[2] * 30u + p[1] * 59u + p[0] * 11u) / 100u;
          break;
        }
        case poppler::image::format_mono:
          v = ((row[x / 8] >> (7 - x % 8)) & 1) != 0 ? 255 : 0;
          break;
        default:
          break;
      }
      grey[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
           static_cast<std::size_t>(x)] = static_cast<unsigned char>(v);
    }
  }
  return grey;
}

void Append(Extracted& out, PageText page, const Limits& limits, std::size_t& total) {
  if (total + page.text.size() > limits.max_text_bytes) {
    page.text.resize(limits.max_text_bytes - total);
    // Do not leave half a UTF-8 character at the cut.
    while (!page.text.empty() && (static_cast<unsigned char>(page.text.back()) & 0xC0) == 0x80) {
      page.text.pop_back();
    }
    if (!page.text.empty() && static_cast<unsigned char>(page.text.back()) >= 0xC0) {
      page.text.pop_back();
    }
    out.truncated = true;
  }
  total += page.text.size();
  out.pages.push_back(std::move(page));
}

}  // namespace

bool Supported(std::string_view content_type) {
  return content_type == kPdf || content_type == kDocx;
}

std::string Extracted::Method() const {
  if (docx) {
    return "docx";
  }
  bool text = false, ocr = false;
  for (const auto& p : pages) {
    if (p.text.empty()) {
      continue;
    }
    (p.ocr ? ocr : text) = true;
  }
  if (text && ocr) {
    return "pdf+ocr";
  }
  return ocr ? "ocr" : text ? "pdf" : "none";
}

std::string Extracted::Text() const {
  std::string out;
  for (const auto& p : pages) {
    if (p.text.empty()) {
      continue;
    }
    if (!out.empty()) {
      out += "\n\n";
    }
    out += p.text;
  }
  return out;
}

int Extracted::OcrPages() const {
  int n = 0;
  for (const auto& p : pages) {
    n += p.ocr ? 1 : 0;
  }
  return n;
}

Result<Extracted> ExtractPdf(std::string_view pdf, const Limits& limits) {
  poppler::set_debug_error_function(Quiet, nullptr);
  poppler::byte_array data(pdf.begin(), pdf.end());
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_data(&data));
  if (!doc) {
    // load_from_data gives nothing for a file it cannot read and for one that needs a password.
    if (pdf.find("/Encrypt") != std::string_view::npos) {
      return Error::Unsupported(
          "Tệp PDF được bảo vệ bằng mật khẩu nên không đọc được nội dung để tìm kiếm.");
    }
    return Error::Malformed("Tệp PDF bị hỏng nên không đọc được nội dung để tìm kiếm.");
  }
  if (doc->is_locked()) {
    return Error::Unsupported(
        "Tệp PDF được bảo vệ bằng mật khẩu nên không đọc được nội dung để tìm kiếm.");
  }
  Extracted out;
  out.page_count = doc->pages();
  std::size_t total = 0;
  int ocr_pages = 0;
  const int pages = std::min(out.page_count, limits.max_pages);
  if (pages < out.page_count) {
    out.truncated = true;
  }
  for (int i = 0; i < pages && total < limits.max_text_bytes; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) {
      return Error::Malformed("Tệp PDF bị hỏng ở trang " + std::to_string(i + 1) +
                              " nên không đọc được nội dung.");
    }
    PageText text{i + 1, Utf8(page->text()), false};
    if (CountWordChars(text.text) < limits.min_page_chars) {
      if (ocr_pages >= limits.max_ocr_pages) {
        out.truncated = true;  // the later scanned pages are not read
        continue;
      }
      poppler::page_renderer renderer;
      renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
      renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
      renderer.set_image_format(poppler::image::format_gray8);
      const poppler::image img = renderer.render_page(page.get(), limits.ocr_dpi, limits.ocr_dpi);
      if (!img.is_valid()) {
        return Error::Malformed("Không dựng được hình trang " + std::to_string(i + 1) +
                                " của tệp PDF để nhận dạng chữ.");
      }
      int stride = 0;
      const std::vector<unsigned char> grey = ToGrey(img, stride);
      auto read = OcrGrey(grey.data(), img.width(), img.height(), stride, limits.ocr_dpi);
      if (!read) {
        return read.error();
      }
      ++ocr_pages;
      // A page OCR found nothing on (a blank page) keeps whatever little text layer it had.
      if (CountWordChars(*read) > CountWordChars(text.text)) {
        text.text = std::move(*read);
        text.ocr = true;
      }
    }
    Append(out, std::move(text), limits, total);
  }
  return out;
}

Result<Extracted> ExtractDocx(std::string_view docx, const Limits& limits) {
  const Error bad = Error::Malformed("Tệp Word (.docx) bị hỏng nên không đọc được nội dung.");
  zip_error_t zerr;
  zip_error_init(&zerr);
  zip_source_t* src = zip_source_buffer_create(docx.data(), docx.size(), 0, &zerr);
  if (src == nullptr) {
    return bad;
  }
  zip_t* zip = zip_open_from_source(src, ZIP_RDONLY, &zerr);
  if (zip == nullptr) {
    zip_source_free(src);
    return bad;
  }
  struct Closer {
    zip_t* z;
    ~Closer() { zip_discard(z); }
  } closer{zip};
  zip_stat_t st;
  if (zip_stat(zip, "word/document.xml", 0, &st) != 0 || (st.valid & ZIP_STAT_SIZE) == 0) {
    return bad;
  }
  // The body's XML is a few times its text; more than 64 MiB is not a letter but a bomb.
  if (st.size > (std::uint64_t{64} << 20)) {
    return Error::TooLarge("Nội dung tệp Word quá lớn để đọc.");
  }
  zip_file_t* f = zip_fopen(zip, "word/document.xml", 0);
  if (f == nullptr) {
    return bad;
  }
  std::string xml(st.size, '\0');
  const zip_int64_t n = zip_fread(f, xml.data(), xml.size());
  zip_fclose(f);
  if (n < 0 || static_cast<std::uint64_t>(n) != st.size) {
    return bad;
  }
  // No DTD, no entities, no network: the reader's defaults plus NONET.
  xmlTextReaderPtr reader =
      xmlReaderForMemory(xml.data(), static_cast<int>(xml.size()), nullptr, "UTF-8",
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (reader == nullptr) {
    return bad;
  }
  std::string text;
  bool in_text = false;
  int r = 0;
  while ((r = xmlTextReaderRead(reader)) == 1) {
    const int type = xmlTextReaderNodeType(reader);
    const auto* name = reinterpret_cast<const char*>(xmlTextReaderConstName(reader));
    const std::string_view tag = name != nullptr ? name : "";
    if (type == XML_READER_TYPE_ELEMENT) {
      if (tag == "w:t") {
        in_text = xmlTextReaderIsEmptyElement(reader) == 0;
      } else if (tag == "w:tab") {
        text += '\t';
      } else if (tag == "w:br" || tag == "w:cr") {
        text += '\n';
      }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      if (tag == "w:t") {
        in_text = false;
      } else if (tag == "w:p") {
        text += '\n';
      }
    } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) &&
               in_text) {
      const auto* value = reinterpret_cast<const char*>(xmlTextReaderConstValue(reader));
      if (value != nullptr) {
        text += value;
      }
    }
    if (text.size() > limits.max_text_bytes) {
      break;
    }
  }
  xmlFreeTextReader(reader);
  if (r < 0) {
    return bad;
  }
  Extracted out;
  out.docx = true;
  out.page_count = 1;
  std::size_t total = 0;
  Append(out, PageText{1, std::move(text), false}, limits, total);
  return out;
}

}  // namespace cqdt::extract
