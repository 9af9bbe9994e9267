// Prometheus metrics for the HTTP server: request counts and latency histograms by route pattern
// and status, plus gauges registered by other parts (worker-queue depth, database pool).
// Thread safety: all methods may be called concurrently.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace cqdt::http {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Counts one request. `route` is the pattern ("/api/v1/agencies/{id}") or "unmatched".
  void ObserveRequest(const std::string& method, const std::string& route, int status,
                      double seconds);
  // A gauge read at scrape time. `name` must be a valid Prometheus metric name.
  void AddGauge(std::string name, std::string help, std::function<double()> read);
  // Prometheus text exposition format 0.0.4.
  std::string Render() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cqdt::http
