// Test helpers of the backup module's tests: write a file (making its directories) and read one.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace cqdt::backup::testing {

inline void Write(const std::filesystem::path& p, const std::string& bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

inline std::string Read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace cqdt::backup::testing
