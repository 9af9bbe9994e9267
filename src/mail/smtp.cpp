#include "mail/smtp.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>

#include <curl/curl.h>

namespace cqdt::mail {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t ReadBody(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* u = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, u->data.size() - u->offset);
  std::memcpy(buffer, u->data.data() + u->offset, n);
  u->offset += n;
  return n;
}

// The server's reply lines arrive as CURLINFO_HEADER_IN: keep the first refusal and the last line
// (bounded), for the administrator to read ("550 5.1.1 <x@y>: Recipient address rejected").
struct Replies {
  std::string error;
  std::string last;
};

int Debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) {
    return 0;
  }
  auto* replies = static_cast<Replies*>(user);
  std::string line(data, std::min<std::size_t>(size, 300));
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.pop_back();
  }
  // Printable ASCII only: a reply is shown on a page and kept in the database.
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) {
      c = '?';
    }
  }
  // The first refusal (4xx/5xx) is what the administrator needs; a "221 Bye" to the QUIT that
  // follows it is not.
  if (replies->error.empty() && line.size() >= 3 && (line[0] == '4' || line[0] == '5')) {
    replies->error = line;
  }
  replies->last = std::move(line);
  return 0;
}

std::string Bracketed(const std::string& address) { return "<" + address + ">"; }

}  // namespace

const char* TlsModeName(TlsMode mode) {
  switch (mode) {
    case TlsMode::kStartTls:
      return "starttls";
    case TlsMode::kImplicit:
      return "tls";
    case TlsMode::kNone:
      return "none";
  }
  return "starttls";
}

bool ParseTlsMode(std::string_view name, TlsMode& out) {
  if (name == "starttls") {
    out = TlsMode::kStartTls;
  } else if (name == "tls") {
    out = TlsMode::kImplicit;
  } else if (name == "none") {
    out = TlsMode::kNone;
  } else {
    return false;
  }
  return true;
}

const char* SmtpOutcomeName(SmtpOutcome outcome) {
  switch (outcome) {
    case SmtpOutcome::kSent:
      return "sent";
    case SmtpOutcome::kTemporary:
      return "temporary";
    case SmtpOutcome::kPermanent:
      return "permanent";
  }
  return "temporary";
}

bool IsLoopbackHost(std::string_view host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.starts_with("127.");
}

struct SmtpSession::Impl {
  CURL* curl = nullptr;
  ~Impl() {
    if (curl != nullptr) {
      curl_easy_cleanup(curl);
    }
  }
};

SmtpSession::SmtpSession(SmtpServer server) : server_(std::move(server)), impl_(new Impl) {
  GlobalInit();
}

SmtpSession::~SmtpSession() = default;

SmtpResult SmtpSession::Send(const std::string& mail_from,
                             const std::vector<std::string>& recipients, std::string_view message) {
  SmtpResult out;
  if (server_.tls == TlsMode::kNone && !IsLoopbackHost(server_.host)) {
    out.detail =
        "Cấu hình máy chủ thư không an toàn: chỉ được gửi không mã hóa tới máy chủ trên chính "
        "máy này; hãy dùng STARTTLS hoặc TLS.";
    return out;
  }
  if (recipients.empty()) {
    out.outcome = SmtpOutcome::kPermanent;
    out.detail = "Thư không có người nhận.";
    return out;
  }
  if (impl_->curl == nullptr) {
    impl_->curl = curl_easy_init();
    if (impl_->curl == nullptr) {
      out.detail = "Không khởi tạo được thư viện gửi thư (libcurl).";
      return out;
    }
  }
  CURL* c = impl_->curl;
  curl_easy_reset(c);  // keeps the open connection, forgets the last message's options
  const std::string host =
      server_.host.find(':') != std::string::npos && server_.host.front() != '['
          ? "[" + server_.host + "]"
          : server_.host;
  const std::string url = std::string(server_.tls == TlsMode::kImplicit ? "smtps://" : "smtp://") +
                          host + ":" + std::to_string(server_.port);
  const std::string from = Bracketed(mail_from);
  curl_slist* rcpt = nullptr;
  for (const std::string& r : recipients) {
    rcpt = curl_slist_append(rcpt, Bracketed(r).c_str());
  }
  Upload upload{message, 0};
  Replies replies;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // routes reply lines to Debug, nothing printed
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, Debug);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &replies);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(server_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(server_.timeout.count()));
  if (server_.tls != TlsMode::kNone) {
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    curl_easy_setopt(c, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!server_.ca_file.empty()) {
      curl_easy_setopt(c, CURLOPT_CAINFO, server_.ca_file.c_str());
    }
  }
  if (!server_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, server_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, server_.password.c_str());
  }
  const CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(rcpt);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  out.reply_code = static_cast<int>(code);
  const std::string& said = replies.error.empty() ? replies.last : replies.error;
  const std::string server_said = said.empty() ? "" : " Máy chủ trả lời: " + said;
  if (rc == CURLE_OK) {
    out.outcome = SmtpOutcome::kSent;
    out.detail = "Máy chủ thư đã nhận thư." + server_said;
    return out;
  }
  if (rc == CURLE_LOGIN_DENIED) {
    out.detail = "Máy chủ thư từ chối đăng nhập (kiểm tra tài khoản gửi thư)." + server_said;
    return out;
  }
  if (code >= 500 && code <= 599) {
    out.outcome = SmtpOutcome::kPermanent;
    out.detail = "Máy chủ thư từ chối vĩnh viễn (" + std::to_string(code) + ")." + server_said;
    return out;
  }
  if (code >= 400 && code <= 499) {
    out.detail = "Máy chủ thư tạm thời chưa nhận (" + std::to_string(code) + ")." + server_said;
    return out;
  }
  out.detail = std::string("Không gửi được tới máy chủ thư ") + server_.host + ":" +
               std::to_string(server_.port) + ": " +
               (error[0] != '\0' ? error : curl_easy_strerror(rc)) + "." + server_said;
  return out;
}

}  // namespace cqdt::mail
