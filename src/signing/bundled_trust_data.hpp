// The files of src/signing/data/trust/, compiled into the binary by CMake
// (data/bundled_trust_data.cpp.in). Private to signing; read through bundled_trust.hpp.
#pragma once

#include <cstddef>

namespace cqdt::signing::bundled_trust_data {

struct File {
  const char* name;  // "vnrca256.pem"
  const char* text;  // PEM
};

extern const char* const kManifest;  // bundled.tsv
extern const File kFiles[];
extern const std::size_t kFileCount;

}  // namespace cqdt::signing::bundled_trust_data
