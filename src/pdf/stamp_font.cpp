#include "stamp_font.hpp"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pdf_internal.hpp"
#include "pdf_object_cache.hpp"

namespace cqdt::pdf::internal {

using namespace PoDoFo;

namespace {

// The bytes of a font file, read once per process. The file is a system font (fonts-liberation2),
// never user data; a package upgrade while running keeps the old bytes until restart.
const std::string& FontFileBytes(const char* path) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<const std::string>> files;
  std::lock_guard lock(mutex);
  auto& slot = files[path];
  if (!slot) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      bytes.clear();
    }
    if (bytes.empty()) {
      PODOFO_RAISE_ERROR_INFO(ePdfError_InvalidFontFile, "Liberation Serif not found");
    }
    slot = std::make_unique<const std::string>(std::move(bytes));
  }
  return *slot;
}

// What PdfFontCID::EmbedFont adds for a subset with a multi-byte encoding (PoDoFo 0.9.8): /W on
// the CIDFont, /ToUnicode on the Type0 font, /CIDSet (when it has glyphs) and /FontFile2 on the
// descriptor.
struct Entry {
  std::optional<CachedValue> widths;
  CachedStream to_unicode;
  std::optional<CachedStream> cid_set;
  CachedStream font_file;
};

LruCache<Entry>& Cache() {
  static LruCache<Entry> cache(kMaxStampFontCacheEntries);
  return cache;
}

// PdfFontCID's state (PoDoFo 0.9.8 keeps the class out of the shared library's exported
// symbols, so it cannot be derived from; its header's layout is all we use): the characters drawn,
// the embedded flag and the objects the embedding fills in. Never instantiated.
struct CidFields : PdfFontCID {
  static constexpr auto kUsed = &CidFields::m_setUsed;
  static constexpr auto kDescendant = &CidFields::m_pDescendantFonts;
  static constexpr auto kDescriptor = &CidFields::m_pDescriptor;
  static constexpr auto kWasEmbedded = &CidFields::m_bWasEmbedded;
};

// What PdfFontCID::EmbedFont wrote, or nullopt when it is not the shape cached (then nothing is
// cached and every document builds its own subset, as before).
std::optional<Entry> Capture(PdfFontCID& font) {
  PdfObject* descendant = font.*CidFields::kDescendant;
  PdfObject* descriptor = font.*CidFields::kDescriptor;
  if (descendant == nullptr || descriptor == nullptr) {
    return std::nullopt;
  }
  Entry entry;
  if (const PdfObject* w = descendant->GetDictionary().GetKey(PdfName("W"))) {
    entry.widths = EncodeValue(*w);
    if (!entry.widths) {
      return std::nullopt;
    }
  }
  std::optional<CachedStream> to_unicode = CaptureReferencedStream(font.GetObject(), "ToUnicode");
  std::optional<CachedStream> font_file = CaptureReferencedStream(descriptor, "FontFile2");
  if (!to_unicode || !font_file) {
    return std::nullopt;
  }
  entry.to_unicode = std::move(*to_unicode);
  entry.font_file = std::move(*font_file);
  if (descriptor->GetDictionary().HasKey(PdfName("CIDSet"))) {
    entry.cid_set = CaptureReferencedStream(descriptor, "CIDSet");
    if (!entry.cid_set) {
      return std::nullopt;
    }
  }
  return entry;
}

void Apply(PdfFontCID& font, const Entry& entry) {
  PdfObject* descendant = font.*CidFields::kDescendant;
  PdfObject* descriptor = font.*CidFields::kDescriptor;
  PdfVecObjects& objects = *font.GetObject()->GetOwner();
  if (entry.widths) {
    descendant->GetDictionary().AddKey(PdfName("W"), DecodeValue(*entry.widths));
  }
  font.GetObject()->GetDictionary().AddKey(PdfName("ToUnicode"),
                                           MakeStream(objects, entry.to_unicode)->Reference());
  if (entry.cid_set) {
    descriptor->GetDictionary().AddKey(PdfName("CIDSet"),
                                       MakeStream(objects, *entry.cid_set)->Reference());
  }
  descriptor->GetDictionary().AddKey(PdfName("FontFile2"),
                                     MakeStream(objects, entry.font_file)->Reference());
}

// Embeds the subset of `font` (a PdfFontCID made by StampFonts::Get) from the cache, or builds
// it and caches it.
void EmbedSubset(PdfFontCID& font, const std::string& path) {
  if (font.*CidFields::kWasEmbedded) {
    return;
  }
  std::set<pdf_utf16be>& used = font.*CidFields::kUsed;
  // The digits are always in: the number and the date are what changes between documents.
  for (pdf_utf16be c = '0'; c <= '9'; ++c) {
    used.insert(c);
  }
  std::string key = path;
  for (pdf_utf16be c : used) {
    key += ',';
    key += std::to_string(c);
  }
  if (std::shared_ptr<const Entry> entry = Cache().Find(key)) {
    Apply(font, *entry);
    font.*CidFields::kWasEmbedded = true;
    return;
  }
  font.EmbedSubsetFont();  // PoDoFo builds the subset (virtual: PdfFontCID's own)
  if (std::optional<Entry> entry = Capture(font)) {
    Cache().Store(key, std::make_shared<const Entry>(std::move(*entry)));
  }
}

// PdfFont's metrics and PdfFontMetrics' subset prefix (protected in PoDoFo 0.9.8): the pool below
// lends one metrics object to one document at a time. Never instantiated.
struct FontFields : PdfFont {
  static constexpr auto kMetrics = &FontFields::m_pMetrics;
};
struct MetricsFields : PdfFontMetrics {
  static constexpr auto kPrefix = &MetricsFields::m_sFontSubsetPrefix;
};

// Liberation Serif's FreeType metrics, kept between documents. Making them opens the face and
// measures the first 256 characters (FT_Load_Glyph each): about a tenth of a release's CPU when
// made anew for every document. What they hold is the font file's (widths, names, bounding box),
// the same for every document, except the drawing state (size, scale, spacing), which PoDoFo
// keeps in the metrics and which is reset on every loan, and the subset tag, set on every loan.
// A FreeType face is not safe to use from two threads, so a metrics object is lent to one
// StampFonts (one document, one thread) at a time and given back when it is done; faces are made
// and freed under the pool's lock (they share the pool's FT_Library). At most kMaxIdle per style
// are kept; a burst of concurrent releases makes more, freed when given back beyond that.
class MetricsPool {
 public:
  MetricsPool() {
    if (FT_Init_FreeType(&library_) != 0) {
      library_ = nullptr;
    }
  }

  PdfFontMetricsFreetype* Take(bool italic, const std::string& tag) {
    std::unique_ptr<PdfFontMetricsFreetype> m;
    {
      std::lock_guard lock(mutex_);
      std::vector<std::unique_ptr<PdfFontMetricsFreetype>>& idle = idle_[italic ? 1 : 0];
      if (!idle.empty()) {
        m = std::move(idle.back());
        idle.pop_back();
      } else {
        if (library_ == nullptr) {
          PODOFO_RAISE_ERROR_INFO(ePdfError_InvalidFontFile, "FreeType not usable");
        }
        const std::string& bytes = FontFileBytes(SerifFontPath(false, italic));
        ++made_;
        m = std::make_unique<PdfFontMetricsFreetype>(&library_, bytes.data(),
                                                     static_cast<unsigned int>(bytes.size()),
                                                     /*pIsSymbol=*/false, "");
        if (!fresh_) {
          fresh_ =
              State{m->GetFontSize(), m->GetFontScale(), m->GetFontCharSpace(), m->GetWordSpace()};
        }
      }
      m->SetFontSize(fresh_->size);
      m->SetFontScale(fresh_->scale);
      m->SetFontCharSpace(fresh_->char_space);
      m->SetWordSpace(fresh_->word_space);
    }
    (*m).*MetricsFields::kPrefix = tag;
    return m.release();
  }

  void Give(bool italic, PdfFontMetricsFreetype* metrics) {
    std::unique_ptr<PdfFontMetricsFreetype> m(metrics);
    std::lock_guard lock(mutex_);
    std::vector<std::unique_ptr<PdfFontMetricsFreetype>>& idle = idle_[italic ? 1 : 0];
    if (idle.size() < kMaxIdle) {
      idle.push_back(std::move(m));
    }
    // else: freed here, under the lock (FT_Done_Face on the shared library)
  }

  std::size_t Made() {
    std::lock_guard lock(mutex_);
    return made_;
  }

 private:
  static constexpr std::size_t kMaxIdle = 8;
  struct State {
    float size, scale, char_space, word_space;
  };
  std::mutex mutex_;
  FT_Library library_ = nullptr;
  std::vector<std::unique_ptr<PdfFontMetricsFreetype>> idle_[2];
  std::optional<State> fresh_;
  std::size_t made_ = 0;
};

// Never destroyed: metrics may still be lent while the process exits.
MetricsPool& Pool() {
  static MetricsPool* pool = new MetricsPool;
  return *pool;
}

// A subset tag (ISO 32000-1 §9.6.4): six upper-case letters and '+'. Only distinct, not secret.
std::string SubsetTag() {
  thread_local std::mt19937 random(std::random_device{}());
  std::string tag(6, 'A');
  for (char& c : tag) {
    c = static_cast<char>('A' + random() % 26);
  }
  return tag + "+";
}

}  // namespace

StampFonts::StampFonts(PdfMemDocument& doc) : doc_(doc) {}

StampFonts::~StampFonts() {
  for (int i = 0; i < 2; ++i) {
    if (fonts_[i]) {
      // The metrics go back to the pool, not down with the font (PdfFont deletes its metrics).
      PdfFontMetrics* metrics = fonts_[i].get()->*FontFields::kMetrics;
      fonts_[i].get()->*FontFields::kMetrics = nullptr;
      fonts_[i].reset();
      Pool().Give(i == 1, static_cast<PdfFontMetricsFreetype*>(metrics));
    }
  }
}

PdfFont* StampFonts::Get(bool italic) {
  std::unique_ptr<PdfFont>& font = fonts_[italic ? 1 : 0];
  if (!font) {
    // As the document's font cache makes SerifFont's font, from the bytes in memory: Identity-H,
    // embedded, subset (PdfFontFactory makes a PdfFontCID of it). The metrics are lent by the
    // pool, with this document's subset tag; the destructor takes them back from the font.
    PdfFontMetricsFreetype* metrics = Pool().Take(italic, SubsetTag());
    // CreateFontObject deletes the metrics when it fails: they are then not given back.
    font.reset(PdfFontFactory::CreateFontObject(
        metrics, ePdfFont_Embedded | ePdfFont_Subsetting | (italic ? ePdfFont_Italic : 0),
        PdfEncodingFactory::GlobalIdentityEncodingInstance(), &doc_.GetObjects()));
    const PdfObject* subtype =
        font ? font->GetObject()->GetDictionary().GetKey(PdfName::KeySubtype) : nullptr;
    // Type0 is made by PdfFontCID only; anything else would not have the fields used above.
    if (subtype == nullptr || !subtype->IsName() || subtype->GetName() != PdfName("Type0") ||
        !font->IsSubsetting()) {
      font.reset();  // and its metrics with it
      PODOFO_RAISE_ERROR_INFO(ePdfError_InvalidFontFile, "Liberation Serif not usable");
    }
  }
  return font.get();
}

void StampFonts::Embed() {
  for (int i = 0; i < 2; ++i) {
    if (fonts_[i]) {
      EmbedSubset(static_cast<PdfFontCID&>(*fonts_[i]), SerifFontPath(false, i == 1));
    }
  }
}

StampFontCacheStats StampFontCacheCounters() {
  const CacheCounters counters = Cache().Counters();
  StampFontCacheStats stats;
  stats.hits = counters.hits;
  stats.misses = counters.misses;
  stats.metrics_made = Pool().Made();
  return stats;
}

}  // namespace cqdt::pdf::internal
