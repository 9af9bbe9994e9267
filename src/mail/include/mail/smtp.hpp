// Sending e-mail through an SMTP server (issue 15 item 1): libcurl's SMTP client (RFC 5321),
// over STARTTLS (submission, port 587), implicit TLS (port 465) or — only to a server on this
// machine — plain TCP, with AUTH when a user name is set. The message bytes are given whole
// (mime.hpp builds them, dkim.hpp signs them); libcurl does the dot-stuffing.
//
// A session keeps its connection open between messages (libcurl reuses it), so a worker that
// sends many notices says EHLO and AUTH once.
//
// Every outcome is classified the way a mail queue needs it:
//   kSent       the server accepted the message (250 after DATA);
//   kTemporary  try again later: a 4xx reply, no connection, a dropped connection, a timeout, a
//               TLS or login failure (the server's configuration, not the message, is wrong);
//   kPermanent  a 5xx reply to MAIL FROM, RCPT TO or DATA: this message will never go.
// Thread safety: a session belongs to one thread at a time.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cqdt::mail {

enum class TlsMode { kStartTls, kImplicit, kNone };
const char* TlsModeName(TlsMode mode);  // "starttls", "tls", "none"
// nullopt-free: false when `name` is none of the three.
bool ParseTlsMode(std::string_view name, TlsMode& out);

struct SmtpServer {
  std::string host;
  int port = 587;
  TlsMode tls = TlsMode::kStartTls;
  std::string username;  // "" = no AUTH
  std::string password;
  std::string ca_file;  // PEM bundle to trust instead of the system's ("" = the system's)
  std::chrono::seconds timeout{60};
};

enum class SmtpOutcome { kSent, kTemporary, kPermanent };
const char* SmtpOutcomeName(SmtpOutcome outcome);  // "sent", "temporary", "permanent"

struct SmtpResult {
  SmtpOutcome outcome = SmtpOutcome::kTemporary;
  int reply_code = 0;  // the server's last reply code (0: none, e.g. no connection)
  // For people, Vietnamese, with the server's own reply line when there was one.
  std::string detail;
};

class SmtpSession {
 public:
  explicit SmtpSession(SmtpServer server);
  ~SmtpSession();
  SmtpSession(const SmtpSession&) = delete;
  SmtpSession& operator=(const SmtpSession&) = delete;

  // Sends `message` (RFC 5322 bytes, CRLF line ends) from `mail_from` to `recipients`
  // (addr-specs, already checked). Never throws for a network or server failure.
  SmtpResult Send(const std::string& mail_from, const std::vector<std::string>& recipients,
                  std::string_view message);

  const SmtpServer& server() const { return server_; }

 private:
  struct Impl;
  SmtpServer server_;
  std::unique_ptr<Impl> impl_;
};

// True for 127.0.0.0/8, ::1 and "localhost": the only hosts a plain (TlsMode::kNone) session
// may talk to, so that no password or message crosses a network in the clear.
bool IsLoopbackHost(std::string_view host);

}  // namespace cqdt::mail
