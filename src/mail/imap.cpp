#include "mail/imap.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <mutex>

#include <curl/curl.h>

#include "imap_text.hpp"

namespace cqdt::mail {
namespace {

using internal::Lines;
using internal::Upper;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// libcurl keeps a server's response line whole only up to half its buffer (a longer one is
// clipped to 40 bytes without an error): the largest buffer libcurl allows, and search windows
// far below it.
constexpr long kBufferSize = 512L * 1024;
constexpr std::size_t kMaxResponseBytes = 8u << 20;  // untagged responses of one command

// Printable ASCII, bounded: a reply line is shown to an administrator and logged.
std::string Printable(std::string_view data) {
  std::string line(data.substr(0, std::min<std::size_t>(data.size(), 300)));
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.pop_back();
  }
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) {
      c = '?';
    }
  }
  return line;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return Upper(haystack).find(Upper(needle)) != std::string::npos;
}

// RFC 3986 unreserved characters stay, everything else is %XX: a folder name in the URL's path
// (';' would start a URL parameter, '/' and '%' must survive libcurl's decoding).
std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// An IMAP quoted string (CheckFolderName has refused '"' and '\\' already).
std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string ServerSaid(const std::string& reply) {
  return reply.empty() ? "" : " Máy chủ trả lời: " + reply;
}

}  // namespace

}  // namespace cqdt::mail

namespace cqdt::mail::internal {

// One transfer: where the response goes and what the server said.
struct ImapCall {
  std::string url;
  std::string command;  // "" = a plain URL fetch
  std::size_t limit = kMaxResponseBytes;
  std::string body;
  bool overflow = false;
  bool keep_partial = false;  // on overflow: keep the first `limit` bytes and succeed
  std::string last_verb;      // the command word last sent (never its arguments: LOGIN has them)
  std::string last_reply;     // the last tagged reply line, printable
  bool logging_out = false;
};

}  // namespace cqdt::mail::internal

// ---------------------------------------------------------------------------------------------
// The session.

namespace cqdt::mail {

using internal::ImapCall;

namespace {

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* user) {
  auto* call = static_cast<ImapCall*>(user);
  const std::size_t n = size * count;
  if (call->body.size() + n > call->limit) {
    call->overflow = true;
    if (call->keep_partial) {
      call->body.append(data, call->limit - call->body.size());
    }
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  call->body.append(data, n);
  return n;
}

int Debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  auto* call = static_cast<ImapCall*>(user);
  std::string_view line(data, size);
  if (call->logging_out) {
    return 0;  // libcurl closes a failed connection with LOGOUT: keep what failed
  }
  if (type == CURLINFO_HEADER_OUT) {
    // "A003 SELECT \"INBOX\"": keep the verb only; AUTHENTICATE and LOGIN carry the password.
    const std::size_t sp = line.find(' ');
    if (sp != std::string_view::npos) {
      std::string_view rest = line.substr(sp + 1);
      std::string verb = Upper(rest.substr(0, std::min(rest.find_first_of(" \r\n"), rest.size())));
      if (verb == "LOGOUT") {
        call->logging_out = true;
        return 0;
      }
      call->last_verb = std::move(verb);
    }
  } else if (type == CURLINFO_HEADER_IN && !line.starts_with("* ") && !line.starts_with("+ ")) {
    call->last_reply = Printable(line);
  }
  return 0;
}

}  // namespace

struct ImapSession::Impl {
  CURL* curl = nullptr;
  ~Impl() {
    if (curl != nullptr) {
      curl_easy_cleanup(curl);
    }
  }
};

ImapSession::ImapSession(ImapServer server) : server_(std::move(server)), impl_(new Impl) {
  GlobalInit();
}

ImapSession::~ImapSession() = default;

Result<std::string> ImapSession::Transfer(ImapCall& call) {
  if (server_.tls == TlsMode::kNone && !IsLoopbackHost(server_.host)) {
    return Error::FailedPrecondition(
        "Cấu hình hộp thư không an toàn: chỉ được đọc hộp thư không mã hóa trên chính máy này; "
        "hãy dùng TLS hoặc STARTTLS.");
  }
  if (impl_->curl == nullptr) {
    impl_->curl = curl_easy_init();
    if (impl_->curl == nullptr) {
      return Error::Unavailable("Không khởi tạo được thư viện đọc hộp thư (libcurl).");
    }
  }
  CURL* c = impl_->curl;
  curl_easy_reset(c);  // keeps the open connection (and its selected folder)
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "imap,imaps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_BUFFERSIZE, kBufferSize);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &call);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // routes protocol lines to Debug, nothing printed
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, Debug);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &call);
  const long timeout = static_cast<long>(std::max<std::int64_t>(server_.timeout.count(), 1));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
  // A deadline per silence, not per transfer: a 30 MB message on a slow link keeps moving.
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, timeout);
  if (!call.command.empty()) {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, call.command.c_str());
  }
  if (server_.tls != TlsMode::kNone) {
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    curl_easy_setopt(c, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!server_.ca_file.empty()) {
      curl_easy_setopt(c, CURLOPT_CAINFO, server_.ca_file.c_str());
    }
  }
  curl_easy_setopt(c, CURLOPT_USERNAME, server_.username.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, server_.password.c_str());
  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) {
    return std::move(call.body);
  }
  const std::string said = ServerSaid(call.last_reply);
  const std::string where = server_.host + ":" + std::to_string(server_.port);
  switch (rc) {
    case CURLE_LOGIN_DENIED:
      // libcurl reports a refused SELECT with the same code as a refused login.
      if (call.last_verb == "SELECT" || call.last_verb == "EXAMINE") {
        return Error::FailedPrecondition(
            "Thư mục không có trên máy chủ hộp thư hoặc không mở được." + said);
      }
      return Error::Unauthenticated(
          "Máy chủ hộp thư từ chối đăng nhập (kiểm tra tài khoản hộp thư)." + said);
    case CURLE_REMOTE_FILE_NOT_FOUND:
      return Error::NotFound("thư trong hộp thư", call.url.substr(call.url.rfind('=') + 1));
    case CURLE_WRITE_ERROR:
      if (call.overflow && call.keep_partial) {
        return std::move(call.body);
      }
      if (call.overflow) {
        return Error::TooLarge("Máy chủ hộp thư gửi nhiều hơn giới hạn " +
                               std::to_string(call.limit) + " byte.");
      }
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_USE_SSL_FAILED:
      return Error::FailedPrecondition(std::string("Không thiết lập được kết nối TLS an toàn tới "
                                                   "máy chủ hộp thư ") +
                                       where + ": " + (error[0] != '\0' ? error : "?") + ".");
    case CURLE_QUOTE_ERROR:
      return Error::Unavailable("Máy chủ hộp thư không thực hiện lệnh " + call.last_verb + "." +
                                said);
    case CURLE_WEIRD_SERVER_REPLY:
      return Error::Malformed("Máy chủ hộp thư trả lời không đúng giao thức IMAP." + said);
    default:
      break;
  }
  return Error::Unavailable(std::string("Không kết nối được tới máy chủ hộp thư ") + where + ": " +
                            (error[0] != '\0' ? error : curl_easy_strerror(rc)) + "." + said);
}

std::string ImapSession::BaseUrl() const {
  const bool v6 = server_.host.find(':') != std::string::npos && server_.host.front() != '[';
  return std::string(server_.tls == TlsMode::kImplicit ? "imaps://" : "imap://") +
         (v6 ? "[" + server_.host + "]" : server_.host) + ":" + std::to_string(server_.port) + "/";
}

Result<std::string> ImapSession::Command(std::string_view folder, const std::string& command) {
  ImapCall call;
  call.url = BaseUrl() + (folder.empty() ? "" : UrlEncode(EncodeMailboxName(folder)));
  call.command = command;
  auto out = Transfer(call);
  last_reply_ = call.last_reply;
  return out;
}

Result<std::set<std::string>> ImapSession::Capabilities() {
  if (capabilities_) {
    return *capabilities_;
  }
  CQDT_ASSIGN_OR_RETURN(std::string response, Command("", "CAPABILITY"));
  std::set<std::string> caps;
  for (std::string_view line : Lines(response)) {
    if (!Upper(line).starts_with("* CAPABILITY ")) {
      continue;
    }
    std::string_view rest = line.substr(13);
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find(' '), rest.size());
      if (end > 0) {
        caps.insert(Upper(rest.substr(0, end)));
      }
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
  }
  capabilities_ = caps;
  return caps;
}

Error ImapSession::StatusRefused(const Error& error) const {
  // "A004 NO [NONEXISTENT] Mailbox doesn't exist": the second word is the status.
  const std::string upper = Upper(last_reply_);
  const std::size_t sp = upper.find(' ');
  const bool no = sp != std::string::npos && upper.compare(sp + 1, 3, "NO ") == 0;
  // RFC 5530 codes that say the refusal passes.
  const bool passing = upper.find("[UNAVAILABLE]") != std::string::npos ||
                       upper.find("[INUSE]") != std::string::npos ||
                       upper.find("[SERVERBUG]") != std::string::npos ||
                       upper.find("[LIMIT]") != std::string::npos;
  if (error.code() == ErrorCode::kUnavailable && no && !passing) {
    return Error::FailedPrecondition("Thư mục không có trên máy chủ hộp thư hoặc không mở được." +
                                     ServerSaid(last_reply_));
  }
  return error;
}

Result<std::uint32_t> ImapSession::UidValidity(std::string_view folder) {
  CQDT_RETURN_IF_ERROR(CheckFolderName(folder));
  auto response = Command("", "STATUS " + Quoted(EncodeMailboxName(folder)) + " (UIDVALIDITY)");
  if (!response) {
    return StatusRefused(response.error());
  }
  auto v = ParseUidValidity(*response);
  if (!v) {
    return Error::Malformed("Máy chủ hộp thư không cho biết UIDVALIDITY của thư mục.");
  }
  return *v;
}

Result<std::vector<std::uint32_t>> ImapSession::ListUids(std::string_view folder) {
  CQDT_RETURN_IF_ERROR(CheckFolderName(folder));
  auto status = Command("", "STATUS " + Quoted(EncodeMailboxName(folder)) + " (MESSAGES)");
  if (!status) {
    return StatusRefused(status.error());
  }
  const auto count = ParseMessageCount(*status);
  if (!count) {
    return Error::Malformed("Máy chủ hộp thư không cho biết số thư trong thư mục.");
  }
  if (*count == 0) {
    return std::vector<std::uint32_t>{};  // "1:*" names no message in an empty folder
  }
  std::vector<std::uint32_t> uids;
  const std::uint64_t window = std::max<std::uint32_t>(server_.search_window, 1);
  // Messages that arrive while the windows are walked are found by the next poll; the last
  // window is open-ended ('*') so that none between STATUS and here is missed either.
  for (std::uint64_t first = 1; first == 1 || first <= *count; first += window) {
    const std::uint64_t last = first + window - 1;
    const std::string set =
        std::to_string(first) + ":" + (last >= *count ? std::string("*") : std::to_string(last));
    CQDT_ASSIGN_OR_RETURN(std::string response,
                          Command(folder, "UID SEARCH " + set + " UNDELETED"));
    auto found = ParseSearchResponse(response);
    if (!found) {
      return Error::Malformed("Máy chủ hộp thư trả lời lệnh tìm thư không đúng giao thức IMAP.");
    }
    uids.insert(uids.end(), found->begin(), found->end());
    if (last >= *count) {
      break;
    }
  }
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

Result<FetchedMessage> ImapSession::Fetch(std::string_view folder, std::uint32_t uid,
                                          std::size_t max_bytes, std::size_t max_header_bytes) {
  CQDT_RETURN_IF_ERROR(CheckFolderName(folder));
  CQDT_ASSIGN_OR_RETURN(std::string sized,
                        Command(folder, "UID FETCH " + std::to_string(uid) + " (RFC822.SIZE)"));
  const auto size = ParseFetchSize(sized, uid);
  if (!size) {
    return Error::NotFound("thư trong hộp thư", std::to_string(uid));
  }
  const std::string base =
      BaseUrl() + UrlEncode(EncodeMailboxName(folder)) + ";UID=" + std::to_string(uid);
  FetchedMessage out;
  out.size = *size;
  if (*size <= max_bytes) {
    ImapCall whole;
    whole.url = base;
    whole.limit = max_bytes;
    auto bytes = Transfer(whole);
    last_reply_ = whole.last_reply;
    if (bytes) {
      out.bytes = std::move(*bytes);
      return out;
    }
    // A server that sends more than it announced: kept as an oversized message.
    if (bytes.error().code() != ErrorCode::kTooLarge) {
      return bytes.error();
    }
    out.size = std::max<std::uint64_t>(*size, max_bytes + 1);
  }
  ImapCall header;
  header.url = base + ";SECTION=HEADER";
  header.limit = max_header_bytes;
  header.keep_partial = true;
  CQDT_ASSIGN_OR_RETURN(out.bytes, Transfer(header));
  last_reply_ = header.last_reply;
  if (header.overflow) {
    // A header longer than the limit: its whole lines within it.
    out.bytes.resize(out.bytes.rfind('\n') == std::string::npos ? 0 : out.bytes.rfind('\n') + 1);
  }
  out.header_only = true;
  return out;
}

Status ImapSession::CreateFolder(std::string_view name) {
  CQDT_RETURN_IF_ERROR(CheckFolderName(name));
  auto created = Command("", "CREATE " + Quoted(EncodeMailboxName(name)));
  // RFC 5530 [ALREADYEXISTS]; older servers say it in words.
  if (!created && created.error().code() == ErrorCode::kUnavailable &&
      (Contains(last_reply_, "[ALREADYEXISTS]") || Contains(last_reply_, "already exists"))) {
    return Ok();
  }
  if (!created) {
    return created.error();
  }
  return Ok();
}

Status ImapSession::MoveOnce(std::string_view folder, std::uint32_t uid,
                             const std::string& target) {
  const std::string id = std::to_string(uid);
  const std::string to = Quoted(EncodeMailboxName(target));
  CQDT_ASSIGN_OR_RETURN(auto caps, Capabilities());
  if (server_.use_move && caps.count("MOVE") > 0) {
    auto moved = Command(folder, "UID MOVE " + id + " " + to);
    if (!moved) {
      return moved.error();
    }
    return Ok();
  }
  // RFC 6851 §3.3: what MOVE does, in three steps. A crash between them leaves the message in
  // both folders (the next poll moves it again) or flagged \Deleted in the source (no longer
  // listed): never lost.
  CQDT_RETURN_IF_ERROR(Command(folder, "UID COPY " + id + " " + to));
  CQDT_RETURN_IF_ERROR(Command(folder, "UID STORE " + id + " +FLAGS.SILENT (\\Deleted)"));
  if (caps.count("UIDPLUS") > 0) {
    CQDT_RETURN_IF_ERROR(Command(folder, "UID EXPUNGE " + id));
  } else {
    CQDT_RETURN_IF_ERROR(Command(folder, "EXPUNGE"));
  }
  return Ok();
}

Status ImapSession::Move(std::string_view folder, std::uint32_t uid, std::string_view target) {
  CQDT_RETURN_IF_ERROR(CheckFolderName(folder));
  CQDT_RETURN_IF_ERROR(CheckFolderName(target));
  auto moved = MoveOnce(folder, uid, std::string(target));
  if (!moved && Contains(last_reply_, "TRYCREATE")) {
    // RFC 3501 §6.4.7: the target does not exist and may be created.
    CQDT_RETURN_IF_ERROR(CreateFolder(target));
    moved = MoveOnce(folder, uid, std::string(target));
  }
  return moved;
}

}  // namespace cqdt::mail
