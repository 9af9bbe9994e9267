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
  // Families with labels that another part renders itself (HELP, TYPE and samples in the text
  // format), appended to every scrape. Called outside the lock on the scraping thread: it must
  // not do I/O (serve a snapshot kept up to date elsewhere).
  void AddCollector(std::function<std::string()> render);
  // Prometheus text exposition format 0.0.4.
  std::string Render() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cqdt::http
