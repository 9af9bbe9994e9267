// Text of uploaded files for search and for the registration form (issue 11, item 4): the text
// layer of a PDF (poppler), the paragraphs of a DOCX, and the pages that have no text layer (a
// scanned paper document) read by OCR (Tesseract with Debian's Vietnamese model).
//
// poppler and Tesseract are large C/C++ parsers fed untrusted files: cqdt never runs them in the
// server's process. ExtractInChild runs a child process per file -- the small `cqdt-extract`
// program (extract_main.cpp; RunChildMain), or the hidden `cqdt __extract` command where that is
// not installed -- with a CPU limit, an address-space limit and a wall-clock timeout, the file on
// its stdin and the text on its stdout (Encode/Decode). A crash or a hang of either library costs
// that child, not the server.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cqdt::extract {

struct Limits {
  int max_pages = 500;     // pages of a PDF whose text layer is read
  int max_ocr_pages = 30;  // pages without a text layer that OCR reads (the first ones)
  int ocr_dpi = 300;       // the resolution scanned pages are rendered at for OCR
  int min_page_chars = 5;  // a page with fewer letters or digits than this has no text layer
  std::size_t max_text_bytes = 8u << 20;  // text kept per file; the rest is dropped
};

struct PageText {
  int page = 0;  // 1-based
  std::string text;
  bool ocr = false;  // read by OCR (the page had no text layer)
};

struct Extracted {
  std::vector<PageText> pages;
  int page_count = 0;      // pages in the file (may exceed pages.size() past the limits)
  bool truncated = false;  // a limit cut the text short
  bool docx = false;

  // "pdf", "ocr" (every page read was scanned), "pdf+ocr", "docx", "none" (no text at all).
  std::string Method() const;
  std::string Text() const;  // the pages joined by blank lines
  int OcrPages() const;
};

// The content types this module reads.
inline constexpr std::string_view kPdf = "application/pdf";
inline constexpr std::string_view kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
bool Supported(std::string_view content_type);

// In-process: what the child runs. Errors: Malformed (not a PDF/DOCX poppler or the DOCX reader
// can open, or a page the renderer fails on), Unsupported (a password-protected PDF),
// Unavailable (OCR needed but Tesseract's Vietnamese model is not installed).
Result<Extracted> ExtractPdf(std::string_view pdf, const Limits& limits = {});
Result<Extracted> ExtractDocx(std::string_view docx, const Limits& limits = {});

// Whether Tesseract can start with the Vietnamese model.
bool OcrAvailable();
// OCR of an 8-bit grey image (one byte a pixel, `stride` bytes a row) scanned at `dpi`.
Result<std::string> OcrGrey(const unsigned char* pixels, int width, int height, int stride,
                            int dpi);

// The child's answer on stdout: a header line, then each page's text with its length, so any
// bytes may appear in the text. Decode refuses anything else (a truncated answer included).
std::string Encode(const Extracted& extracted);
Result<Extracted> Decode(std::string_view bytes);

struct ChildOptions {
  std::string program;            // cqdt-extract, or cqdt itself (/proc/self/exe)
  std::vector<std::string> args;  // e.g. {"--content-type"} (+ "__extract" first for cqdt): the
                                  // type is appended
  int cpu_seconds = 300;
  std::size_t memory_bytes = std::size_t{3} << 30;
  std::chrono::seconds timeout{600};
};

// Runs the child on `bytes`. Errors: the child's own (Malformed, Unsupported, Unavailable, its
// message carried over), Unavailable when it could not be started, was killed (a limit, the
// timeout) or answered nothing readable; the caller retries those later.
Result<Extracted> ExtractInChild(std::string_view bytes, std::string_view content_type,
                                 const ChildOptions& options);

// The child's main: reads the file from stdin, writes Encode(...) to stdout and exits 0, or an
// error line "error <code> <message>" and exits 1. OCR runs on one thread.
int RunChild(std::string_view content_type, const Limits& limits = {});
// RunChild with the limits and the type from a command line: argv[1..] are
// [--ocr-max-pages N] --content-type TYPE (argv[0], the program, is not read).
int RunChildMain(int argc, char** argv);

}  // namespace cqdt::extract
