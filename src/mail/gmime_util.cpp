#include "gmime_util.hpp"

#include <mutex>

namespace cqdt::mail::internal {

void EnsureGmimeInitialised() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string StreamBytes(GMimeStream* mem) {
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
  if (array == nullptr || array->len == 0) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

}  // namespace cqdt::mail::internal
