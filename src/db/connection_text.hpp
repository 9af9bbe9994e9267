// What the pool says about its connections (internal to the db module): the database URL read
// into SOCI's connection string, and a failed or lost PostgreSQL connection told in one line for
// the console and the log (never its password).
#pragma once

#include <exception>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "db/database.hpp"

namespace cqdt::db::internal {

// libpq's message on one line: its lines joined, tabs and repeated spaces folded.
std::string OneLine(std::string_view text);

// `text` (a console message that carries its own English after " / ") with each "{}" replaced
// by the next of `values`.
std::string Fill(std::string_view text, std::initializer_list<std::string> values);

// libpq's reason for a failed connection ("Connection refused", "timeout expired", ...).
std::string ConnectReason(std::string_view what);

// "host:port" of a libpq connection string, for messages (never the password).
std::string PostgresTarget(const std::string& conninfo);

// An exception that means the PostgreSQL connection was lost or the server cannot take it now
// (restarting, shutting down, failing over): the request may be retried, so HTTP answers 503.
bool IsConnectionLost(const std::exception& e);

struct ParsedUrl {
  Engine engine;
  std::string connect;  // SOCI's connection string
};

// `sqlite:///path.db`, `sqlite::memory:`, `postgresql://user:password@host:port/db?key=value`
// (read into libpq keywords: SOCI 4.0.3 mangles the URI form) or `postgresql:<keywords>`.
Result<ParsedUrl> ParseUrl(const std::string& url);

}  // namespace cqdt::db::internal
