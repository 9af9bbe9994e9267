#include "appearance_image.hpp"

#include <optional>
#include <string>
#include <utility>

namespace cqdt::pdf::internal {

using namespace PoDoFo;

namespace {

// What LoadFromPngData (PoDoFo 0.9.8) leaves: the image's size, its dictionary and encoded
// pixels, and its soft mask when the PNG has alpha.
struct Entry {
  unsigned int width = 0, height = 0, bits = 0;
  CachedStream image;  // without /Width, /Height, /BitsPerComponent (SetImageDataRaw sets them)
  std::optional<CachedStream> smask;
};

LruCache<Entry>& Cache() {
  static LruCache<Entry> cache(kMaxAppearanceImages);
  return cache;
}

std::optional<unsigned int> Unsigned(const PdfObject* o) {
  if (o == nullptr || !o->IsNumber() || o->GetNumber() <= 0 || o->GetNumber() > 1 << 20) {
    return std::nullopt;
  }
  return static_cast<unsigned int>(o->GetNumber());
}

// nullopt when the image is not of the shape cached (then nothing is kept and every document
// makes its own, as before).
std::optional<Entry> Capture(PdfImage& image) {
  PdfObject* obj = image.GetObject();
  const PdfDictionary& dict = obj->GetDictionary();
  const auto width = Unsigned(dict.GetKey(PdfName("Width")));
  const auto height = Unsigned(dict.GetKey(PdfName("Height")));
  const auto bits = Unsigned(dict.GetKey(PdfName("BitsPerComponent")));
  if (!width || !height || !bits) {
    return std::nullopt;
  }
  Entry entry{*width, *height, *bits, {}, std::nullopt};
  std::optional<CachedStream> pixels =
      CaptureStream(*obj, {"Width", "Height", "BitsPerComponent", "SMask"});
  if (!pixels) {
    return std::nullopt;
  }
  entry.image = std::move(*pixels);
  if (dict.HasKey(PdfName("SMask"))) {
    entry.smask = CaptureReferencedStream(obj, "SMask");
    if (!entry.smask) {
      return std::nullopt;
    }
  }
  return entry;
}

}  // namespace

std::unique_ptr<PdfImage> AppearanceImage(PdfMemDocument& doc, std::string_view png) {
  const bool cacheable = png.size() <= kMaxCachedPngBytes;
  auto image = std::make_unique<PdfImage>(&doc);
  if (cacheable) {
    if (std::shared_ptr<const Entry> entry = Cache().Find(png)) {
      PdfObject* obj = image->GetObject();
      for (const auto& [name, value] : entry->image.keys) {
        obj->GetDictionary().AddKey(PdfName(name), DecodeValue(value));
      }
      PdfMemoryInputStream in(entry->image.raw.data(),
                              static_cast<pdf_long>(entry->image.raw.size()));
      // Sets /Width, /Height, /BitsPerComponent and the image's size; the bytes are already
      // encoded as the cached /Filter says.
      image->SetImageDataRaw(entry->width, entry->height, entry->bits, &in);
      if (entry->smask) {
        PdfObject* smask = MakeStream(doc.GetObjects(), *entry->smask);
        obj->GetDictionary().AddKey(PdfName("SMask"), smask->Reference());
      }
      return image;
    }
  }
  // PoDoFo keeps the PNG's alpha channel as the image's /SMask (transparent background).
  image->LoadFromPngData(reinterpret_cast<const unsigned char*>(png.data()),
                         static_cast<pdf_long>(png.size()));
  if (cacheable) {
    if (std::optional<Entry> entry = Capture(*image)) {
      Cache().Store(std::string(png), std::make_shared<const Entry>(std::move(*entry)));
    }
  }
  return image;
}

CacheCounters AppearanceImageCounters() { return Cache().Counters(); }

}  // namespace cqdt::pdf::internal
