// Checks on the decoded content of the streams PoDoFo 0.9.8 parses while it loads a file (object
// streams and cross-reference streams), made before PoDoFo parses them. Pure functions on bytes.
// Private to the pdf module.
//
// Why: PoDoFo's loops over these streams trust numbers the file declares, and their cost grows
// with those numbers, not with the file (measured, issue 8):
// - an object stream's header may point every one of its /N objects at the same large array, and
//   PoDoFo parses the array /N times (a 900-byte file took 21 s);
// - each object of an object stream is looked up in the list of xref entries that name the stream
//   (a linear search), and inserted into a sorted vector (a memmove), so /N and the number of
//   those entries multiply;
// - a cross-reference stream with /W [0 0 0] never advances through its data, so its /Index
//   count is the number of iterations (a 1 KB file never finished);
// - a cross-reference stream may list a million object numbers at one offset, and PoDoFo creates
//   an object (and a quadratic sorted insert) for each.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cqdt::pdf::internal {

// The most objects a file may declare (its xref /Size), given to PoDoFo's
// PdfParser::SetMaxObjectCount (a process-wide setting; PoDoFo's default is 8,388,607). PoDoFo
// allocates its tables from the declared /Size before it reads any object (a 648-byte file with
// /Size 8388607 took 350 MB and 3.7 s), and keeps about 1.2 KB per object it creates. 262,144
// objects is ten times a 2,000-page text document, and bounds that memory to ~320 MB.
inline constexpr long kMaxObjects = 262'144;

// At most this many objects in one object stream (/N), and this many xref entries naming one
// stream. PDF writers put 100 (pdfTeX, qpdf) to 200 (iText) objects in a stream; the bound keeps
// PoDoFo's per-stream work (N × entries searches, N sorted inserts) small.
inline constexpr std::int64_t kMaxObjectsPerStream = 1000;

// The end (one past the last byte) of the PDF value that starts at `pos` after optional
// whitespace and comments, lexed as PoDoFo's tokenizer does (literal strings with balanced
// parentheses and escapes, hex strings, names, arrays, dictionaries, plain tokens). nullopt when
// there is no complete value (an unterminated string or container, a stray delimiter, nesting
// deeper than PoDoFo's own limit of 256).
std::optional<std::size_t> ScanValueEnd(std::string_view data, std::size_t pos);

// An object stream's decoded content against its /N and /First, before PoDoFo reads it: at most
// kMaxObjectsPerStream objects (TooLarge otherwise); /N pairs of integers; each object starting
// after the previous one and ending before the next starts (so PoDoFo parses each byte once).
// Malformed otherwise.
Status CheckObjectStream(std::string_view decoded, std::int64_t n, std::int64_t first);

// The entries of the cross-reference streams of one file, checked as they are seen.
class XRefStreamCheck {
 public:
  // One cross-reference stream: its /W (three widths), its /Index pairs (or {0, /Size}) and its
  // decoded content. Streams come newest first, as PoDoFo reads them, and like PoDoFo only the
  // first entry seen for an object number counts. Malformed for entries that do not advance (/W
  // summing to 0 with entries to read) and for two object numbers at one offset (here or in an
  // earlier stream of the file); TooLarge for more than kMaxObjectsPerStream entries naming one
  // object stream.
  Status Add(const std::int64_t (&widths)[3], const std::vector<std::int64_t>& index,
             std::string_view decoded);

 private:
  std::vector<bool> seen_ = std::vector<bool>(kMaxObjects);  // object numbers already listed
  std::map<std::int64_t, std::int64_t> object_at_offset_;
  std::map<std::int64_t, std::int64_t> entries_per_stream_;
};

}  // namespace cqdt::pdf::internal
