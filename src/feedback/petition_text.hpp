// Text helpers shared by the two halves of PetitionService (petition_service.cpp, the public's
// side; petition_handling.cpp, the agency's), private to the module.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>

namespace cqdt::feedback::internal {

inline constexpr std::size_t kMaxCodeLength = 64;

// "2026-12-18" -> "18/12/2026" (how a notice writes a day).
inline std::string DayText(const std::string& iso) {
  if (iso.size() != 10) {
    return iso;
  }
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// Untrusted: the code a person typed (letters, digits, '.', '-', '_'; bound as a parameter).
inline bool IsCodeText(const std::string& s) {
  return !s.empty() && s.size() <= kMaxCodeLength && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
  });
}

}  // namespace cqdt::feedback::internal
