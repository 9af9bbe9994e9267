#include "http/metrics.hpp"

#include <gtest/gtest.h>

namespace cqdt::http {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(MetricsTest, RendersRequestCounters) {
  Metrics metrics;
  metrics.ObserveRequest("GET", "/api/v1/agencies/{id}", 200, 0.002);
  metrics.ObserveRequest("GET", "/api/v1/agencies/{id}", 200, 0.003);
  metrics.ObserveRequest("POST", "/api/v1/agencies", 422, 0.02);
  const std::string text = metrics.Render();
  EXPECT_TRUE(Contains(text, "# HELP cqdt_http_requests_total "));
  EXPECT_TRUE(Contains(text, "# TYPE cqdt_http_requests_total counter\n"));
  EXPECT_TRUE(Contains(text,
                       "cqdt_http_requests_total{method=\"GET\",route=\"/api/v1/agencies/"
                       "{id}\",status=\"200\"} 2\n"));
  EXPECT_TRUE(Contains(
      text,
      "cqdt_http_requests_total{method=\"POST\",route=\"/api/v1/agencies\",status=\"422\"} 1\n"));
}

TEST(MetricsTest, RendersCumulativeHistogram) {
  Metrics metrics;
  // Powers of two, so that the sum is exact.
  metrics.ObserveRequest("GET", "/x", 200, 0.0009765625);
  metrics.ObserveRequest("GET", "/x", 200, 0.25);
  metrics.ObserveRequest("GET", "/x", 500, 32);
  const std::string text = metrics.Render();
  EXPECT_TRUE(Contains(text, "# TYPE cqdt_http_request_duration_seconds histogram\n"));
  EXPECT_TRUE(
      Contains(text, "cqdt_http_request_duration_seconds_bucket{route=\"/x\",le=\"0.001\"} 1\n"));
  EXPECT_TRUE(
      Contains(text, "cqdt_http_request_duration_seconds_bucket{route=\"/x\",le=\"0.1\"} 1\n"));
  EXPECT_TRUE(
      Contains(text, "cqdt_http_request_duration_seconds_bucket{route=\"/x\",le=\"0.25\"} 2\n"));
  EXPECT_TRUE(
      Contains(text, "cqdt_http_request_duration_seconds_bucket{route=\"/x\",le=\"10\"} 2\n"));
  EXPECT_TRUE(
      Contains(text, "cqdt_http_request_duration_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n"));
  EXPECT_TRUE(Contains(text, "cqdt_http_request_duration_seconds_count{route=\"/x\"} 3\n"));
  EXPECT_TRUE(
      Contains(text, "cqdt_http_request_duration_seconds_sum{route=\"/x\"} 32.2509765625\n"));
}

TEST(MetricsTest, RendersGaugesReadAtScrapeTime) {
  Metrics metrics;
  double depth = 3;
  metrics.AddGauge("cqdt_worker_queue_depth", "Requests waiting for a worker.",
                   [&] { return depth; });
  EXPECT_TRUE(Contains(metrics.Render(),
                       "# TYPE cqdt_worker_queue_depth gauge\ncqdt_worker_queue_depth 3\n"));
  depth = 7.5;
  const std::string text = metrics.Render();
  EXPECT_TRUE(Contains(text, "# HELP cqdt_worker_queue_depth Requests waiting for a worker.\n"));
  EXPECT_TRUE(Contains(text, "cqdt_worker_queue_depth 7.5\n"));
}

TEST(MetricsTest, EscapesLabelValues) {
  Metrics metrics;
  metrics.ObserveRequest("GET", "/a\"b\\c\nd", 200, 0.1);
  EXPECT_TRUE(Contains(metrics.Render(), "route=\"/a\\\"b\\\\c\\nd\""));
}

}  // namespace
}  // namespace cqdt::http
