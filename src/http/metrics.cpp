#include "http/metrics.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <mutex>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace cqdt::http {
namespace {

constexpr std::array<double, 13> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                             0.25,  0.5,    1,     2.5,  5,     10};

struct CounterKey {
  std::string method;
  std::string route;
  int status;
};

struct CounterKeyView {
  std::string_view method;
  std::string_view route;
  int status;
};

CounterKeyView View(const CounterKey& k) { return {k.method, k.route, k.status}; }
const CounterKeyView& View(const CounterKeyView& k) { return k; }

// Transparent ordering so that ObserveRequest looks existing series up without allocating.
struct CounterKeyLess {
  using is_transparent = void;
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    const CounterKeyView& x = View(a);
    const CounterKeyView& y = View(b);
    return std::tie(x.route, x.method, x.status) < std::tie(y.route, y.method, y.status);
  }
};

struct Histogram {
  std::array<std::uint64_t, kBuckets.size()> counts{};  // per bucket, not cumulative
  std::uint64_t count = 0;
  double sum = 0;
};

struct Gauge {
  std::string name;
  std::string help;
  std::function<double()> read;
};

void AppendNumber(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  std::array<char, 64> buf;
  const auto result = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  out.append(buf.data(), result.ptr);
}

void AppendInteger(std::string& out, std::uint64_t value) {
  std::array<char, 24> buf;
  const auto result = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  out.append(buf.data(), result.ptr);
}

// Label values escape backslash, double quote and newline (exposition format 0.0.4).
void AppendLabelValue(std::string& out, std::string_view value) {
  for (const char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
}

// HELP text escapes backslash and newline.
void AppendHelp(std::string& out, std::string_view name, std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  for (const char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  out += '\n';
}

}  // namespace

struct Metrics::Impl {
  mutable std::mutex mutex;
  std::map<CounterKey, std::uint64_t, CounterKeyLess> requests;
  std::map<std::string, Histogram, std::less<>> durations;
  std::vector<Gauge> gauges;
  std::vector<std::function<std::string()>> collectors;
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::ObserveRequest(const std::string& method, const std::string& route, int status,
                             double seconds) {
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) {
    ++bucket;
  }
  std::lock_guard lock(impl_->mutex);
  const CounterKeyView key{method, route, status};
  auto it = impl_->requests.find(key);
  if (it == impl_->requests.end()) {
    it = impl_->requests.emplace(CounterKey{method, route, status}, 0).first;
  }
  ++it->second;

  auto hit = impl_->durations.find(std::string_view(route));
  if (hit == impl_->durations.end()) {
    hit = impl_->durations.emplace(route, Histogram{}).first;
  }
  Histogram& histogram = hit->second;
  if (bucket < kBuckets.size()) {
    ++histogram.counts[bucket];
  }
  ++histogram.count;
  histogram.sum += seconds;
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(impl_->mutex);
  impl_->gauges.push_back(Gauge{std::move(name), std::move(help), std::move(read)});
}

void Metrics::AddCollector(std::function<std::string()> render) {
  std::lock_guard lock(impl_->mutex);
  impl_->collectors.push_back(std::move(render));
}

std::string Metrics::Render() const {
  std::string out;
  std::vector<std::pair<std::string, std::string>> gauge_heads;
  std::vector<std::function<double()>> gauge_reads;
  std::vector<std::function<std::string()>> collectors;
  {
    std::lock_guard lock(impl_->mutex);
    out.reserve(256 + impl_->requests.size() * 96 + impl_->durations.size() * 1400);

    AppendHelp(out, "cqdt_http_requests_total",
               "HTTP requests answered, by method, route and status.");
    out += "# TYPE cqdt_http_requests_total counter\n";
    for (const auto& [key, count] : impl_->requests) {
      out += "cqdt_http_requests_total{method=\"";
      AppendLabelValue(out, key.method);
      out += "\",route=\"";
      AppendLabelValue(out, key.route);
      out += "\",status=\"";
      AppendInteger(out, static_cast<std::uint64_t>(key.status));
      out += "\"} ";
      AppendInteger(out, count);
      out += '\n';
    }

    AppendHelp(out, "cqdt_http_request_duration_seconds",
               "Time from the request header to the end of the response, by route.");
    out += "# TYPE cqdt_http_request_duration_seconds histogram\n";
    for (const auto& [route, histogram] : impl_->durations) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i <= kBuckets.size(); ++i) {
        out += "cqdt_http_request_duration_seconds_bucket{route=\"";
        AppendLabelValue(out, route);
        out += "\",le=\"";
        if (i < kBuckets.size()) {
          cumulative += histogram.counts[i];
          AppendNumber(out, kBuckets[i]);
        } else {
          cumulative = histogram.count;
          out += "+Inf";
        }
        out += "\"} ";
        AppendInteger(out, cumulative);
        out += '\n';
      }
      out += "cqdt_http_request_duration_seconds_sum{route=\"";
      AppendLabelValue(out, route);
      out += "\"} ";
      AppendNumber(out, histogram.sum);
      out += "\ncqdt_http_request_duration_seconds_count{route=\"";
      AppendLabelValue(out, route);
      out += "\"} ";
      AppendInteger(out, histogram.count);
      out += '\n';
    }

    for (const Gauge& gauge : impl_->gauges) {
      gauge_heads.emplace_back(gauge.name, gauge.help);
      gauge_reads.push_back(gauge.read);
    }
    collectors = impl_->collectors;
  }

  // Gauges are read outside the lock: a reader may take locks of its own (database pool).
  for (std::size_t i = 0; i < gauge_heads.size(); ++i) {
    const auto& [name, help] = gauge_heads[i];
    AppendHelp(out, name, help);
    out += "# TYPE ";
    out += name;
    out += " gauge\n";
    out += name;
    out += ' ';
    AppendNumber(out, gauge_reads[i] ? gauge_reads[i]() : std::nan(""));
    out += '\n';
  }
  for (const auto& render : collectors) {
    if (render) {
      out += render();
    }
  }
  return out;
}

}  // namespace cqdt::http
