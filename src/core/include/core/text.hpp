// Small text helpers shared by every module. UTF-8 throughout. Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cqdt {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, no code points > U+10FFFF).
bool IsValidUtf8(std::string_view s);
// True when `s` contains a C0 control character other than tab/newline/CR, or DEL.
bool HasControlChars(std::string_view s);
// Removes ASCII whitespace at both ends.
std::string Trim(std::string_view s);
// Lower-cases ASCII letters only.
std::string AsciiLower(std::string_view s);

// A calendar date, no time zone.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  friend auto operator<=>(const Date&, const Date&) = default;
};
// Parses "YYYY-MM-DD" strictly (a real calendar date, years 1900-2999).
std::optional<Date> ParseIsoDate(std::string_view s);
std::string FormatIsoDate(const Date& d);

}  // namespace cqdt
