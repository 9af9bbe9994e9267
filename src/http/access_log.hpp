// What the server records about each answered request: one JSON line to the spdlog logger named
// "access" (when one is registered) and the Prometheus counters in Metrics.
// Thread safety: Record() may be called concurrently; Attach() before the server runs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "http/metrics.hpp"

namespace spdlog {
class logger;
}

namespace cqdt::http {

class AccessLog {
 public:
  explicit AccessLog(Metrics& metrics) : metrics_(metrics) {}

  // Picks up the "access" logger if it is registered now; without it only counters are kept.
  void Attach();
  void Record(const Request& request, int status, std::uint64_t bytes, double seconds) const;

 private:
  Metrics& metrics_;
  std::shared_ptr<spdlog::logger> logger_;
};

// The access-log line of one request: never the query string or headers, which may carry
// tokens and personal data. Untrusted strings (the path) are escaped so the line stays JSON.
std::string AccessLogLine(const Request& request, std::string_view route, int status,
                          std::uint64_t bytes, double seconds);

// Bounded label values for metrics: a client can send any method token ("OTHER" then).
const std::string& MethodLabel(const std::string& method);

}  // namespace cqdt::http
