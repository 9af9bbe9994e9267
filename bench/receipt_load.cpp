// A fixed-count load of durable dossier receipts through HTTP (bench/dossier-bench.sh), in C++
// because the Node client it replaces took about a quarter of this machine's two cores:
//
//   cqdt_receipt_load --port P --count N --connections C --cookie COOKIE --csrf TOKEN
//                     --bytes B --seed S [--one-request 1]
//   cqdt_receipt_load --port P --count N --connections C --sessions FILE --agency A --form F
//                     --bytes B --seed S --online 1
//
// C threads, one keep-alive connection each, receive dossiers one after the other as the counter
// page does: the scan (a PNG of fresh content: the blob store keys by content) with
// POST /api/v1/dossiers/files, then the dossier naming the file id the server answered with
// POST /api/v1/dossiers (a birth registration of the demo catalogue). A receipt is acknowledged
// only once both writes are durable. With --one-request 1, the scan goes with the dossier in one
// multipart/form-data request (POST /api/v1/dossiers/with-files), as an integrating system sends
// it.
// With --online 1, citizens submit online as the portal's submit page does (issue 13 item 3):
// the attachment, a one-page PDF of a fresh scan (a grey image of --bytes in all), uploaded with
// POST /api/v1/portal/uploads, then the e-form's answers naming it with POST
// /api/v1/portal/dossiers (form version F, receiving agency A): the dossier then waits for the
// desk's acceptance. Each connection is one citizen's session, a line "cookie csrf id_number" of
// FILE (connection c takes line c mod lines; the form gives that ID number as the applicant's and
// the mother's). Prints one line:
//   "p50_ms p99_ms max_ms count per_s non_2xx"
// where a sample is one whole receipt or submission (both requests, or the one).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <utility>
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
  // --online: the citizens' sessions, the receiving agency and the form version.
  bool online = false;
  struct Session {
    std::string cookie, csrf, id_number;
  };
  std::vector<Session> sessions;
  long agency = 0, form = 0;
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

// A one-page PDF for submission `i`: the page shows a grey image of fresh bytes (a scan that no
// other submission of any seed has), the whole file `o.bytes` long give or take a few bytes.
std::string PdfScan(const Options& o, long i) {
  constexpr long kWidth = 256;
  const long height = std::max(1L, (o.bytes - 700) / kWidth);
  std::string image(static_cast<std::size_t>(kWidth * height), '\0');
  std::mt19937_64 rng(static_cast<std::uint64_t>(o.seed) * 1'000'003u + static_cast<unsigned>(i));
  for (std::size_t k = 0; k < image.size(); k += 8) {
    const std::uint64_t x = rng();
    std::memcpy(&image[k], &x, std::min<std::size_t>(8, image.size() - k));
  }
  const std::string content = "q 595 0 0 842 0 0 cm /Im0 Do Q";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 "
      "0 R >> >> /Contents 5 0 R >>",
      "<< /Type /XObject /Subtype /Image /Width " + std::to_string(kWidth) + " /Height " +
          std::to_string(height) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Length " +
          std::to_string(image.size()) + " >>\nstream\n" + image + "\nendstream",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
  };
  std::string pdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t k = 0; k < objects.size(); ++k) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(k + 1) + " 0 obj\n" + objects[k] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (const std::size_t at : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", at);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// The e-form's answers and the documents of an online birth registration (the demo's form of
// 1.001193: the form stands for document 1, the upload is document 2, the ID card's data
// replaces document 5).
std::string SubmissionJson(const Options& o, const std::string& id_number,
                           const std::string& upload_id, long i) {
  return R"({"procedureCode":"1.001193","agencyId":)" + std::to_string(o.agency) + R"(,"formId":)" +
         std::to_string(o.form) +
         R"(,"answers":{"requesterName":"Người nộp trực tuyến","requesterId":")" + id_number +
         R"(","requesterPhone":"0912 345 678",)"
         R"("requesterAddress":"Phường Rạch Giá, tỉnh An Giang","relationship":"me",)"
         R"("childName":"Con thứ )" +
         std::string(1, static_cast<char>('A' + i % 26)) +
         R"(","birthDate":"2026-11-20","sex":"nam","ethnicity":"Kinh",)"
         R"("nationality":"Việt Nam","birthPlace":"Bệnh viện Đa khoa tỉnh An Giang",)"
         R"("motherName":"Người nộp trực tuyến","motherBirthYear":1995,"motherId":")" +
         id_number +
         R"(","commitment":true},)"
         R"("documents":[{"ordinal":2,"files":[")" +
         upload_id + R"("]},{"ordinal":5,"files":[],"byData":true}],"delivery":"electronic"})";
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

void Worker(const Options& o, long connection, const std::vector<std::string>& scans,
            Shared& shared) {
  const Options::Session session =
      o.online ? o.sessions[static_cast<std::size_t>(connection) % o.sessions.size()]
               : Options::Session{o.cookie, o.csrf, ""};
  const std::string& cookie = session.cookie;
  const std::string& csrf = session.csrf;
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
    req.set(http::field::cookie, cookie);
    req.set("X-CSRF-Token", csrf);
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
    if (o.online) {
      http::request<http::string_body> up{
          http::verb::post, "/api/v1/portal/uploads?fileName=giay-chung-sinh-" + name + ".pdf", 11};
      up.set(http::field::content_type, "application/pdf");
      up.body() = scans[static_cast<std::size_t>(i)];
      auto res = send(up);
      const auto at = res.body().find("\"id\":\"");
      if (res.result_int() != 201 || at == std::string::npos) {
        Report(shared, bad_shown, "upload", res);
        continue;
      }
      const std::string id = res.body().substr(at + 6, res.body().find('"', at + 6) - at - 6);
      http::request<http::string_body> submit{http::verb::post, "/api/v1/portal/dossiers", 11};
      submit.set(http::field::content_type, "application/json");
      submit.body() = SubmissionJson(o, session.id_number, id, i);
      res = send(submit);
      if (res.result_int() != 201) {
        Report(shared, bad_shown, "submit", res);
        continue;
      }
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      continue;
    }
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
    } else if (k == "--online") {
      o.online = v == "1";
    } else if (k == "--agency") {
      o.agency = std::stol(v);
    } else if (k == "--form") {
      o.form = std::stol(v);
    } else if (k == "--sessions") {
      std::ifstream in(v);
      Options::Session session;
      while (in >> session.cookie >> session.csrf >> session.id_number) {
        o.sessions.push_back(session);
      }
    } else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  const bool who = o.online ? !o.sessions.empty() && o.agency > 0 && o.form > 0 : !o.cookie.empty();
  if (o.port.empty() || o.count <= 0 || o.connections <= 0 || o.bytes < 1024 || !who) {
    std::fprintf(stderr,
                 "usage: cqdt_receipt_load --port P --count N --connections C --cookie COOKIE "
                 "--csrf TOKEN --bytes B --seed S [--one-request 1]\n"
                 "       cqdt_receipt_load --port P --count N --connections C --sessions FILE "
                 "--agency A --form F --bytes B --seed S --online 1\n");
    return 2;
  }
  // The scans, made before the clock starts.
  std::vector<std::string> scans;
  scans.reserve(static_cast<std::size_t>(o.count));
  for (long i = 0; i < o.count; ++i) {
    scans.push_back(o.online ? PdfScan(o, i) : Scan(o, i));
  }
  Shared shared;
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (long c = 0; c < o.connections; ++c) {
    threads.emplace_back([&, c] {
      try {
        Worker(o, c, scans, shared);
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
