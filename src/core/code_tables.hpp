// The compiled-in code tables (private to core): the text of src/core/data/*.txt, generated into
// code_tables.cpp by CMake, a reader for their `a|b|c` line format, and a helper for the error
// messages of the code parsers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cqdt::internal {

extern const char* const kAgencyLevelOneTable;
extern const char* const kDocumentTypeTable;

// The rows of a table: one per non-empty line not starting with '#', split on '|'.
std::vector<std::vector<std::string>> ReadTable(std::string_view text);

// Untrusted input quoted in an error message: "'<text>' " when it is short (<= 80 bytes),
// well-formed UTF-8 without control characters; otherwise "" (never echo a megabyte, a broken
// byte sequence or a line break back to the client or the console).
std::string QuoteForMessage(std::string_view text);

}  // namespace cqdt::internal
