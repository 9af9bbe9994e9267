// Test helper (private to core's tests): the vector files of testdata/, one case a line,
// cells separated by '|' and trimmed; '#' starts a comment line.
#pragma once

#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/text.hpp"

namespace cqdt::testing {

struct VectorCase {
  std::string file;
  int line = 0;
  std::vector<std::string> cells;
  const std::string& operator[](std::size_t i) const { return cells.at(i); }
};

inline void PrintTo(const VectorCase& c, std::ostream* os) { *os << c.file << ":" << c.line; }

inline std::vector<VectorCase> ReadVectors(const std::string& name) {
  std::vector<VectorCase> cases;
  std::ifstream in(std::string(CQDT_TESTDATA_DIR) + "/" + name);
  std::string text;
  int line_no = 0;
  while (std::getline(in, text)) {
    ++line_no;
    if (Trim(text).empty() || Trim(text)[0] == '#') {
      continue;
    }
    VectorCase c{name, line_no, {}};
    std::size_t start = 0;
    while (true) {
      auto bar = text.find('|', start);
      c.cells.push_back(Trim(text.substr(start, bar == std::string::npos ? bar : bar - start)));
      if (bar == std::string::npos) {
        break;
      }
      start = bar + 1;
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

// gtest parameter names: "<file stem>_L<line>".
inline std::string VectorName(const ::testing::TestParamInfo<VectorCase>& info) {
  return "L" + std::to_string(info.param.line);
}

}  // namespace cqdt::testing
