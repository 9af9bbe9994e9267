// Small text helpers shared by every module. UTF-8 throughout. Pure and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cqdt {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, no code points > U+10FFFF).
bool IsValidUtf8(std::string_view s);
// True when `s` contains a C0 control character other than tab/newline/CR, or DEL.
bool HasControlChars(std::string_view s);
// Removes ASCII whitespace at both ends.
std::string Trim(std::string_view s);
// Lower-cases ASCII letters only.
std::string AsciiLower(std::string_view s);
// ASCII case-insensitive equality (HTTP header names and tokens).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// `s` without leading and trailing spaces and tabs (HTTP optional whitespace); no copy.
std::string_view TrimSpaces(std::string_view s);

// Number of Unicode code points in well-formed UTF-8 `s`.
std::size_t CodePointCount(std::string_view s);

// Checks one untrusted text field: well-formed UTF-8, no control characters, and between `min`
// and `max` code points once trimmed. Returns the trimmed text, or nullopt after appending a
// Vietnamese FieldError for `field` (`label` names it in the message, e.g. "Tên cơ quan").
// An absent value (nullopt) is returned as nullopt with no error.
std::optional<std::string> CheckText(const std::optional<std::string>& value, const char* field,
                                     const char* label, std::size_t min, std::size_t max,
                                     std::vector<FieldError>& errors);

// A plausible e-mail address: one '@', a dot in the domain, no spaces or separators, <= 254.
bool IsPlausibleEmail(std::string_view s);

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
