// What every subcommand file of app shares for talking to the operator (private to app): exit
// codes, error lines (Vietnamese first), JSON output and reading a whole input file.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace cqdt::app {

constexpr int kExitFailure = 1;  // the command ran and failed (or a check did not pass)
constexpr int kExitUsage = 2;    // bad arguments or input: nothing was done

// Prints `e` (message, then one line per field) on stderr; returns `code`.
int Report(const Error& e, int code = kExitFailure);
// Report() with the exit code the error's kind calls for: bad input (invalid, malformed, not
// found, conflict) is kExitUsage, everything else kExitFailure.
int ExitFor(const Error& e);
// "cqdt: <Vietnamese> / <English>" on stderr; returns kExitUsage.
int Usage(const std::string& vietnamese, const char* english);
int Usage(const Error& e, const char* english);
// `j` on stdout, one document per line (indent -1) or pretty (indent >= 0); invalid UTF-8 is
// replaced rather than thrown on.
void PrintJson(const nlohmann::json& j, int indent = -1);
// "host:port" (IPv6 in brackets) into host and port; host "" when malformed.
std::pair<std::string, unsigned short> SplitListen(const std::string& listen);
// The whole file; nullopt when it cannot be read (or is a directory).
std::optional<std::string> ReadWholeFile(const std::string& path);

}  // namespace cqdt::app
