// `cqdt serve`: the HTTP server with every module's routes, pages and background threads
// (private to app).
#pragma once

#include <chrono>

#include "app/config.hpp"

namespace cqdt::app {

// Runs the server until SIGINT or SIGTERM; the exit code. `started` is when the process began
// (the "ready" line says how long it took).
int Serve(const Config& config, std::chrono::steady_clock::time_point started);

}  // namespace cqdt::app
