// PDF objects kept between documents: a stream object's dictionary and its encoded bytes, copied
// out of one document and written into another without decoding or encoding them again. What
// the stamp's embedded font subsets (stamp_font.hpp) and the signature appearances' images
// (appearance_image.hpp) reuse: both are pure functions of inputs that repeat from one document
// to the next (the font file and the characters drawn; the PNG of a seal), and expensive to make
// (subsetting, Flate). A cached object holds only what the same inputs would produce anyway.
// Private to the pdf module.
//
// Thread safety: the values are immutable once made; LruCache is guarded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "podofo.hpp"

namespace cqdt::pdf::internal {

// A PDF value of the kinds these objects' dictionaries hold (numbers, names, arrays of them),
// kept apart from any document.
struct CachedValue {
  enum class Kind { kInt, kReal, kName, kArray } kind = Kind::kInt;
  std::int64_t integer = 0;
  double real = 0;
  std::string name;
  std::vector<CachedValue> items;
};

// nullopt for a value of another kind (a reference, a dictionary, a string): not cached.
std::optional<CachedValue> EncodeValue(const PoDoFo::PdfObject& o);
PoDoFo::PdfObject DecodeValue(const CachedValue& v);

// A stream object as written: its dictionary (without /Length, which the stream sets, and
// without the keys the caller names in `skip`) and its encoded bytes.
struct CachedStream {
  std::vector<std::pair<std::string, CachedValue>> keys;
  std::string raw;
};

// nullopt when `obj` has no stream or a key of a kind EncodeValue does not keep.
std::optional<CachedStream> CaptureStream(const PoDoFo::PdfObject& obj,
                                          const std::vector<std::string>& skip = {});
// The object `key` of `holder`'s dictionary refers to, captured; nullopt when it is absent.
std::optional<CachedStream> CaptureReferencedStream(PoDoFo::PdfObject* holder, const char* key);
// Adds the cached keys to `obj`'s dictionary and gives it the encoded bytes as they are.
void ApplyStream(PoDoFo::PdfObject& obj, const CachedStream& s);
// A new object in `objects` holding `s`.
PoDoFo::PdfObject* MakeStream(PoDoFo::PdfVecObjects& objects, const CachedStream& s);

struct CacheCounters {
  std::size_t hits = 0;
  std::size_t misses = 0;
};

// At most `capacity` entries, the least recently used dropped first.
template <typename Entry>
class LruCache {
 public:
  explicit LruCache(std::size_t capacity) : capacity_(capacity) {}

  std::shared_ptr<const Entry> Find(std::string_view key) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) {
      ++counters_.misses;
      return nullptr;
    }
    ++counters_.hits;
    order_.splice(order_.begin(), order_, it->second);  // most recently used first
    return it->second->second;
  }
  void Store(const std::string& key, std::shared_ptr<const Entry> entry) {
    std::lock_guard lock(mutex_);
    if (index_.count(key) != 0) {
      return;
    }
    order_.emplace_front(key, std::move(entry));
    index_[key] = order_.begin();
    while (order_.size() > capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
  }
  CacheCounters Counters() {
    std::lock_guard lock(mutex_);
    return counters_;
  }

 private:
  using Item = std::pair<std::string, std::shared_ptr<const Entry>>;
  const std::size_t capacity_;
  std::mutex mutex_;
  std::list<Item> order_;
  // std::less<>: found by a view of the key, copied only when stored.
  std::map<std::string, typename std::list<Item>::iterator, std::less<>> index_;
  CacheCounters counters_;
};

}  // namespace cqdt::pdf::internal
