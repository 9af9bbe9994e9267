// The outgoing HTTP of the relying party over libcurl. curl's error texts go to the log (they
// name hosts and TLS failures, never our secrets); the caller gets kUnavailable.
#include <mutex>

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include "oidc/http_client.hpp"

namespace cqdt::oidc {
namespace {

bool IsDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

bool IsLoopbackV4(std::string_view host) {
  // 127.a.b.c with decimal octets, nothing else (no short forms, no hex).
  int parts = 0;
  std::size_t at = 0;
  while (true) {
    const auto dot = host.find('.', at);
    const auto part = host.substr(at, dot == std::string_view::npos ? dot : dot - at);
    if (!IsDigits(part) || part.size() > 3 || std::stoi(std::string(part)) > 255 ||
        (parts == 0 && part != "127")) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) {
      break;
    }
    at = dot + 1;
  }
  return parts == 4;
}

bool IsHostName(std::string_view host) {
  return !host.empty() && host.size() <= 253 &&
         host.find_first_not_of(
             "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") ==
             std::string_view::npos;
}

struct Sink {
  std::string body;
  std::size_t limit = 0;
  bool overflow = false;
};

std::size_t Write(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t n = size * count;
  if (sink->body.size() + n > sink->limit) {
    sink->overflow = true;
    return 0;  // aborts the transfer
  }
  sink->body.append(data, n);
  return n;
}

using CurlPtr = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using SlistPtr = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlOptions options) : options_(std::move(options)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  Result<HttpReply> Send(const HttpCall& call) override {
    if (!IsAllowedProviderUrl(call.url)) {
      return Error::InvalidField("url", "scheme",
                                 "Địa chỉ của nhà cung cấp định danh phải dùng https:// (http:// "
                                 "chỉ với máy này).");
    }
    const bool loopback_http = call.url.rfind("http://", 0) == 0;
    CurlPtr curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) {
      return Error::Unavailable("Không kết nối được nhà cung cấp định danh.");
    }
    Sink sink{{}, call.max_body_bytes, false};
    SlistPtr headers(nullptr, curl_slist_free_all);
    auto add_header = [&headers](const std::string& line) {
      curl_slist* next = curl_slist_append(headers.get(), line.c_str());
      if (next != nullptr) {
        headers.release();
        headers.reset(next);
      }
    };
    add_header("Accept: application/json");
    for (const auto& [name, value] : call.headers) {
      add_header(name + ": " + value);
    }
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, call.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) {
      curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
    }
    if (loopback_http) {
      // A proxy from the environment must not see a loopback exchange in clear text.
      curl_easy_setopt(c, CURLOPT_PROXY, "");
    }
    curl_easy_setopt(c, CURLOPT_USERAGENT, "cqdt-oidc");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    if (call.post) {
      curl_easy_setopt(c, CURLOPT_POST, 1L);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, call.form.c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(call.form.size()));
    }
    const CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
      // The URL without its query (a query may carry nothing secret of ours, but stay terse).
      const std::string where = call.url.substr(0, call.url.find('?'));
      spdlog::warn("OIDC: không gọi được {} / request failed: {}", where,
                   sink.overflow ? "answer too large" : curl_easy_strerror(rc));
      return Error::Unavailable("Không kết nối được nhà cung cấp định danh.");
    }
    HttpReply reply;
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    reply.status = static_cast<int>(status);
    char* type = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type != nullptr) {
      reply.content_type = type;
    }
    reply.body = std::move(sink.body);
    return reply;
  }

 private:
  CurlOptions options_;
};

}  // namespace

bool IsAllowedProviderUrl(std::string_view url) {
  // Untrusted when it comes from a discovery document: the scheme, then an authority without
  // user information, then an optional path and query of visible ASCII. No fragment.
  std::string_view rest;
  bool https = false;
  if (url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
    https = true;
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return false;
  }
  if (url.size() > 2048) {
    return false;
  }
  for (char ch : url) {
    const auto u = static_cast<unsigned char>(ch);
    if (u <= 0x20 || u >= 0x7f || ch == '#' || ch == '\\') {
      return false;
    }
  }
  const auto end = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) {
    return false;
  }
  std::string_view host = authority;
  std::string_view port;
  if (host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos) {
      return false;
    }
    port = host.substr(close + 1);
    host = host.substr(0, close + 1);
  } else if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon);
    host = host.substr(0, colon);
  }
  if (!port.empty() && (port.front() != ':' || !IsDigits(port.substr(1)) || port.size() > 6)) {
    return false;
  }
  if (https) {
    return host.front() == '[' ? host.size() > 2 : IsHostName(host);
  }
  // curl resolves "localhost" to the loopback addresses itself, without asking DNS.
  return host == "localhost" || host == "[::1]" || IsLoopbackV4(host);
}

std::string FormEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size() * 3);
  for (char ch : value) {
    const auto u = static_cast<unsigned char>(ch);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' ||
        u == '.' || u == '_' || u == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::unique_ptr<HttpClient> MakeCurlHttpClient(const CurlOptions& options) {
  return std::make_unique<CurlHttpClient>(options);
}

}  // namespace cqdt::oidc
