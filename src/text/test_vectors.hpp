// Test-only: reads the vector files in testdata/ (one case per line, fields separated by " | ",
// '#' starts a comment line). Fields may spell bytes as \xHH and code points as \uXXXX, so that
// NFD text, which looks the same as NFC in an editor, and ill-formed UTF-8 stay visible.
#pragma once

#include <cstdint>
#include <fstream>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace cqdt::text::test_vectors {

struct Vector {
  std::string file;
  int line = 0;
  std::vector<std::string> fields;
};

// Shown by gtest for a failing case instead of the object's bytes.
inline void PrintTo(const Vector& v, std::ostream* os) { *os << v.file << ":" << v.line; }

inline void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

inline std::string Unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x') {
      out.push_back(static_cast<char>(std::stoul(s.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else if (s[i] == '\\' && i + 5 < s.size() && s[i + 1] == 'u') {
      AppendUtf8(out, static_cast<std::uint32_t>(std::stoul(s.substr(i + 2, 4), nullptr, 16)));
      i += 5;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// All cases of testdata/<name>; an unreadable file yields one case with no fields, which the
// tests report as a failure rather than silently running nothing.
inline std::vector<Vector> LoadVectors(const std::string& name) {
  std::vector<Vector> vectors;
  std::ifstream in(std::string(CQDT_TESTDATA_DIR) + "/" + name);
  if (!in) {
    vectors.push_back(Vector{name, 0, {}});
    return vectors;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') {
      continue;
    }
    Vector v{name, number, {}};
    std::size_t start = 0;
    while (true) {
      std::size_t bar = line.find(" | ", start);
      v.fields.push_back(Unescape(line.substr(start, bar - start)));
      if (bar == std::string::npos) {
        break;
      }
      start = bar + 3;
    }
    vectors.push_back(std::move(v));
  }
  return vectors;
}

// A gtest-friendly parameter name: "<first field>_line<N>" with non-alphanumerics as '_'.
inline std::string VectorName(const ::testing::TestParamInfo<Vector>& param) {
  const Vector& v = param.param;
  std::string name = v.fields.empty() ? "missing_file" : v.fields[0];
  for (char& c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) {
      c = '_';
    }
  }
  return name + "_line" + std::to_string(v.line);
}

}  // namespace cqdt::text::test_vectors
