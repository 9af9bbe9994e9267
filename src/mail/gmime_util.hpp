// Private: GMime initialisation and RAII holders for its GObjects and strings.
#pragma once

#include <memory>
#include <string>

#include <gmime/gmime.h>

namespace cqdt::mail::internal {

// Calls g_mime_init() once per process (std::call_once); every entry point that touches GMime
// calls it first. GMime objects are not shared between threads by this module, so after
// initialisation concurrent builds and parses are safe.
void EnsureGmimeInitialised();

struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) {
      g_object_unref(object);
    }
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};
using GString = std::unique_ptr<char, GFree>;

// The bytes a GMimeStreamMem holds.
std::string StreamBytes(GMimeStream* mem);

}  // namespace cqdt::mail::internal
