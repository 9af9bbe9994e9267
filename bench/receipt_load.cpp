// A fixed-count load of durable dossier receipts through HTTP (bench/dossier-bench.sh), in C++
// because the Node client it replaces took about a quarter of this machine's two cores:
//
//   cqdt_receipt_load --port P --count N --connections C --cookie COOKIE --csrf TOKEN
//                     --bytes B --seed S [--one-request 1]
//
// C threads, one keep-alive connection each, receive dossiers one after the other as the counter
// page does: the scan (a PNG of fresh content: the blob store keys by content) with
// POST /api/v1/dossiers/files, then the dossier naming the file id the server answered with
// POST /api/v1/dossiers (a birth registration of the demo catalogue). A receipt is acknowledged
// only once both writes are durable. With --one-request 1, the scan goes with the dossier in one
// multipart/form-data request (POST /api/v1/dossiers/with-files), as an integrating system sends
// it. Prints one line:
//   "p50_ms p99_ms max_ms count per_s non_2xx"
// where a sample is one whole receipt (both requests, or the one).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string port, cookie, csrf;
  long count = 0, connections = 0, bytes = 0, seed = 1;
  bool one_request = false;
};

struct Shared {
  std::atomic<long> next{0};
  std::atomic<long> bad{0};
  std::mutex mu;
  std::vector<double> ms;
};

// Fresh content for receipt `i`: a PNG signature, then bytes no other receipt of any seed has.
std::string Scan(const Options& o, long i) {
  std::string s(static_cast<std::size_t>(o.bytes), '\0');
  std::mt19937_64 rng(static_cast<std::uint64_t>(o.seed) * 1'000'003u + static_cast<unsigned>(i));
  for (std::size_t k = 0; k < s.size(); k += 8) {
    const std::uint64_t x = rng();
    std::memcpy(&s[k], &x, std::min<std::size_t>(8, s.size() - k));
  }
  static constexpr char kPng[] = "\x89PNG\r\n\x1a\n";
  std::memcpy(s.data(), kPng, 8);
  return s;
}

// The receipt's JSON (a birth registration of the demo catalogue); `file_ids` names scans
// uploaded before ("" when they come with it).
std::string DossierJson(const std::string& applicant, const std::string& file_ids) {
  return R"({"procedureCode":"1.001193","channel":"direct","applicant":{"name":"Người nộp )" +
         applicant + R"(","idNumber":"091234567890"},"documents":[{"ordinal":1,"provided":true)" +
         (file_ids.empty() ? std::string() : R"(,"fileIds":[)" + file_ids + "]") +
         R"(},{"ordinal":2,"provided":true},{"ordinal":5,"byData":true}],"delivery":"counter"})";
}

void Report(Shared& shared, long& bad_shown, const char* what,
            const http::response<http::string_body>& res) {
  shared.bad.fetch_add(1);
  if (bad_shown++ < 3) {
    std::fprintf(stderr, "%s: %u %s\n", what, res.result_int(), res.body().c_str());
  }
}

void Worker(const Options& o, const std::vector<std::string>& scans, Shared& shared) {
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  stream.connect(resolver.resolve("127.0.0.1", o.port));
  stream.socket().set_option(asio::ip::tcp::no_delay(true));
  beast::flat_buffer buffer;
  std::vector<double> ms;
  long bad_shown = 0;
  auto send = [&](http::request<http::string_body>& req) {
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::cookie, o.cookie);
    req.set("X-CSRF-Token", o.csrf);
    req.prepare_payload();
    http::write(stream, req);
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res;
  };
  for (long i = shared.next.fetch_add(1); i < o.count; i = shared.next.fetch_add(1)) {
    const auto t0 = Clock::now();
    const std::string name = "to-khai-" + std::to_string(o.seed) + "-" + std::to_string(i);
    const std::string applicant = std::to_string(o.seed) + "-" + std::to_string(i);
    if (o.one_request) {
      const std::string& scan = scans[static_cast<std::size_t>(i)];
      // A boundary the fresh bytes do not hold (checked: they are random).
      std::string boundary = "cqdtLoadBoundary" + std::to_string(i);
      while (scan.find(boundary) != std::string::npos) {
        boundary += "x";
      }
      http::request<http::string_body> req{http::verb::post, "/api/v1/dossiers/with-files", 11};
      req.set(http::field::content_type, "multipart/form-data; boundary=" + boundary);
      std::string& b = req.body();
      b.reserve(scan.size() + 1024);
      b += "--" + boundary +
           "\r\nContent-Disposition: form-data; name=\"dossier\"\r\n"
           "Content-Type: application/json\r\n\r\n";
      b += DossierJson(applicant, "");
      b += "\r\n--" + boundary +
           "\r\nContent-Disposition: form-data; name=\"documents[0]\"; filename=\"" + name +
           ".png\"\r\nContent-Type: image/png\r\n\r\n";
      b += scan;
      b += "\r\n--" + boundary + "--\r\n";
      auto res = send(req);
      if (res.result_int() != 201) {
        Report(shared, bad_shown, "receive with the scan", res);
        continue;
      }
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      continue;
    }
    http::request<http::string_body> up{http::verb::post,
                                        "/api/v1/dossiers/files?fileName=" + name + ".png", 11};
    up.set(http::field::content_type, "application/octet-stream");
    up.body() = scans[static_cast<std::size_t>(i)];
    auto res = send(up);
    const auto at = res.body().find("\"id\":");
    if (res.result_int() != 201 || at == std::string::npos) {
      Report(shared, bad_shown, "upload", res);
      continue;
    }
    const long file_id = std::strtol(res.body().c_str() + at + 5, nullptr, 10);
    http::request<http::string_body> receive{http::verb::post, "/api/v1/dossiers", 11};
    receive.set(http::field::content_type, "application/json");
    receive.body() = DossierJson(applicant, std::to_string(file_id));
    res = send(receive);
    if (res.result_int() != 201) {
      Report(shared, bad_shown, "receive", res);
      continue;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  beast::error_code ec;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  std::lock_guard lock(shared.mu);
  shared.ms.insert(shared.ms.end(), ms.begin(), ms.end());
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--port") {
      o.port = v;
    } else if (k == "--count") {
      o.count = std::stol(v);
    } else if (k == "--connections") {
      o.connections = std::stol(v);
    } else if (k == "--cookie") {
      o.cookie = v;
    } else if (k == "--csrf") {
      o.csrf = v;
    } else if (k == "--bytes") {
      o.bytes = std::stol(v);
    } else if (k == "--seed") {
      o.seed = std::stol(v);
    } else if (k == "--one-request") {
      o.one_request = v == "1";
    } else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  if (o.port.empty() || o.count <= 0 || o.connections <= 0 || o.bytes < 16 || o.cookie.empty()) {
    std::fprintf(stderr,
                 "usage: cqdt_receipt_load --port P --count N --connections C --cookie COOKIE "
                 "--csrf TOKEN --bytes B --seed S [--one-request 1]\n");
    return 2;
  }
  // The scans, made before the clock starts.
  std::vector<std::string> scans;
  scans.reserve(static_cast<std::size_t>(o.count));
  for (long i = 0; i < o.count; ++i) {
    scans.push_back(Scan(o, i));
  }
  Shared shared;
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (long c = 0; c < o.connections; ++c) {
    threads.emplace_back([&] {
      try {
        Worker(o, scans, shared);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "connection: %s\n", e.what());
        shared.bad.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  auto& ms = shared.ms;
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))];
  };
  std::printf("%.1f %.1f %.1f %zu %.1f %ld\n", at(0.5), at(0.99), ms.empty() ? 0.0 : ms.back(),
              ms.size(), static_cast<double>(ms.size()) / seconds, shared.bad.load());
  return 0;
}
