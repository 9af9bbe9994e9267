// Infrastructure faults that mean "a dependency cannot be reached now, try again", as opposed to
// a bug: the database is down or restarting, or no pooled connection came free in time.
//
// Most code meets them as exceptions thrown deep inside a library (SOCI, libpq). The module that
// wraps the library knows which of its exceptions mean "unavailable" and registers a classifier
// here once; the top of the HTTP session asks IsUnavailable() and answers 503 (with Retry-After)
// instead of 500, so a load balancer and a client know to retry rather than report a bug.
//
// Thread safety: AddUnavailableClassifier may be called at any time (it is typically called once
// at start-up); IsUnavailable is safe to call concurrently.
#pragma once

#include <stdexcept>
#include <string>

namespace cqdt {

// Thrown by an infrastructure wrapper when a dependency cannot be reached now (e.g. db::Database
// when no connection can be made or none came free within the pool's wait). what() is for the log.
class UnavailableError : public std::runtime_error {
 public:
  explicit UnavailableError(const std::string& what) : std::runtime_error(what) {}
};

// Returns true for an exception that a wrapper knows to mean "unavailable now". Must not throw.
using UnavailableClassifier = bool (*)(const std::exception&);

// Registers `classifier` (idempotent: the same function is kept once).
void AddUnavailableClassifier(UnavailableClassifier classifier);

// True when `e` is an UnavailableError or a registered classifier recognises it.
bool IsUnavailable(const std::exception& e);

}  // namespace cqdt
