// The year files of src/core/data/calendar/, compiled into the binary by CMake
// (calendar_data.cpp.in). Private to core.
#pragma once

#include <cstddef>

namespace cqdt::calendar_data {

struct File {
  const char* name;  // "2025.txt"
  const char* text;  // the file's UTF-8 content
};

extern const File kFiles[];
extern const std::size_t kFileCount;

}  // namespace cqdt::calendar_data
