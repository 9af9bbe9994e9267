// The fonts of the number and date stamp (stamp.cpp): Liberation Serif, subset-embedded with
// Identity-H exactly as SerifFont makes it (pdf_internal.hpp), made cheaper per document because
// releasing an outgoing document stamps one on every issue (issue 10's release benchmark):
//  - the font file is read once per process (a system file from fonts-liberation2, no user data);
//  - its FreeType metrics (the face, the widths of the first 256 characters) are made once and
//    lent to one document at a time (a pool: a face is not safe to share between threads), with
//    the drawing state reset and the document's own subset tag set on every loan;
//  - the embedded subset (the FontFile2 program, its CIDSet, the ToUnicode map and the /W widths)
//    is a pure function of the font file and the set of characters drawn, so it is built once per
//    set and its encoded bytes are reused for the next document that draws the same set. The
//    digits 0-9 are always part of the set, so documents that differ only in their number and
//    date share one entry. The cache holds at most kMaxEntries sets (a few tens of KB each).
// A cache hit writes the same bytes a miss would compute: nothing of one document can reach
// another beyond what the same characters would produce anyway. Private to the pdf module.
//
// Thread safety: the process-wide caches are guarded; a StampFonts belongs to one document and
// one thread.
#pragma once

#include <cstddef>
#include <memory>

#include "podofo.hpp"

namespace cqdt::pdf::internal {

class StampFonts {
 public:
  explicit StampFonts(PoDoFo::PdfMemDocument& doc);
  ~StampFonts();
  StampFonts(const StampFonts&) = delete;
  StampFonts& operator=(const StampFonts&) = delete;

  // Liberation Serif regular or italic, made in `doc` on first use. Owned by this object; valid
  // until it is destroyed. Throws PdfError when the font file cannot be read.
  PoDoFo::PdfFont* Get(bool italic);
  // Writes the subset of each font used into the document. Call once, after drawing and before
  // the document is written (the document's own EmbedSubsetFonts does not see these fonts).
  void Embed();

 private:
  PoDoFo::PdfMemDocument& doc_;
  std::unique_ptr<PoDoFo::PdfFont> fonts_[2];
};

// How often an embedded subset was reused, and how often built; how many metrics objects the
// pool has made (for tests).
struct StampFontCacheStats {
  std::size_t hits = 0;
  std::size_t misses = 0;
  std::size_t metrics_made = 0;
};
StampFontCacheStats StampFontCacheCounters();

inline constexpr std::size_t kMaxStampFontCacheEntries = 64;

}  // namespace cqdt::pdf::internal
