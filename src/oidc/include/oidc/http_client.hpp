// The relying party's outgoing HTTP: GET of the provider's documents and the token and UserInfo
// requests. An interface, so that tests can answer with crafted documents; CurlHttpClient is the
// one implementation (Debian's libcurl, OpenSSL flavour).
//
// Only https:// URLs, or http:// to this machine's loopback (127.0.0.0/8, [::1], localhost),
// are ever called (IsAllowedProviderUrl): a token request carries the client secret. Redirects
// are not followed, no proxy is used for loopback, and answers are bounded in size and time.
//
// Thread safety: implementations are safe to share between threads.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace cqdt::oidc {

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

struct HttpCall {
  std::string url;
  // Empty for a GET; for a POST, the application/x-www-form-urlencoded body.
  std::string form;
  bool post = false;
  // Extra request headers (Authorization). Never logged.
  std::vector<std::pair<std::string, std::string>> headers;
  std::size_t max_body_bytes = 256 * 1024;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // The provider's answer, whatever its status. Errors: kUnavailable (no connection, TLS
  // failure, timeout, an answer larger than max_body_bytes); kInvalidArgument for a URL that
  // IsAllowedProviderUrl refuses (nothing is sent).
  virtual Result<HttpReply> Send(const HttpCall& call) = 0;
};

// True for https://<host>[:port][/path] and for http:// to a loopback address.
bool IsAllowedProviderUrl(std::string_view url);

struct CurlOptions {
  std::chrono::milliseconds timeout{10'000};
  std::string ca_file;  // "" = the system's trusted CAs
};

// libcurl (curl_global_init runs once, at the first construction: construct it before starting
// threads).
std::unique_ptr<HttpClient> MakeCurlHttpClient(const CurlOptions& options);

// application/x-www-form-urlencoded / query component encoding (RFC 3986 unreserved kept).
std::string FormEncode(std::string_view value);

}  // namespace cqdt::oidc
