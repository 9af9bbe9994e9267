// The image of a signature's visible appearance (an agency seal, a handwritten signature), made
// from its PNG in the document being signed. Decoding the PNG and Flate-encoding the pixels again
// (PoDoFo's LoadFromPngData) was about half the CPU of a seal signature (issue 10's release
// benchmark, perf), and an agency puts the same seal image on every document it issues: the
// encoded image (and its /SMask, the PNG's alpha channel) is made once per distinct PNG and its
// bytes reused for the next document, exactly as LoadFromPngData would write them. A cache hit
// writes the same objects a miss computes; nothing of one document reaches another beyond what
// the same PNG would produce anyway. At most kMaxAppearanceImages PNGs are kept (the least
// recently used dropped), keyed by their bytes. Private to the pdf module.
//
// Thread safety: the cache is guarded; the image belongs to the caller's document and thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "pdf_object_cache.hpp"
#include "podofo.hpp"

namespace cqdt::pdf::internal {

inline constexpr std::size_t kMaxAppearanceImages = 16;
// PNGs larger than this are made every time and not kept (the cache stays small).
inline constexpr std::size_t kMaxCachedPngBytes = 1024 * 1024;

// An image XObject of `png` in `doc`. Throws PdfError when `png` is not a PNG PoDoFo reads.
std::unique_ptr<PoDoFo::PdfImage> AppearanceImage(PoDoFo::PdfMemDocument& doc,
                                                  std::string_view png);

// How often an image was reused, and how often made (for tests).
CacheCounters AppearanceImageCounters();

}  // namespace cqdt::pdf::internal
