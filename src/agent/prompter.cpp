// TerminalPrompter: the local confirmation on the agent's own terminal.
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <string>

#include "agent/agent.hpp"

namespace cqdt::agent {
namespace {

// Echo off while a PIN is typed on a terminal; restored on every path.
class NoEcho {
 public:
  explicit NoEcho(int fd) : fd_(fd) {
    if (isatty(fd_) != 0 && tcgetattr(fd_, &saved_) == 0) {
      termios quiet = saved_;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      active_ = tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
    }
  }
  ~NoEcho() {
    if (active_) {
      tcsetattr(fd_, TCSAFLUSH, &saved_);
    }
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

// Text from a web page, shown on the terminal: control characters (escape sequences that could
// rewrite the screen and hide what is being signed) become spaces.
std::string Printable(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    out += (c < 0x20 || c == 0x7f) ? ' ' : static_cast<char>(c);
  }
  return out;
}

}  // namespace

std::optional<std::string> TerminalPrompter::ReadLine(bool secret) {
  NoEcho no_echo(secret ? in_fd_ : -1);
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  for (;;) {
    if (auto nl = pending_.find('\n'); nl != std::string::npos) {
      std::string line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      if (secret) {
        std::fputs("\n", out_);
      }
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      std::fputs("\nHết thời gian chờ xác nhận: yêu cầu bị từ chối. / Timed out: refused.\n", out_);
      std::fflush(out_);
      return std::nullopt;
    }
    pollfd p{in_fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) {
      return std::nullopt;
    }
    if (ready > 0) {
      char buf[256];
      const ssize_t n = ::read(in_fd_, buf, sizeof(buf));
      if (n <= 0) {
        return std::nullopt;  // end of input: nobody can answer
      }
      pending_.append(buf, static_cast<std::size_t>(n));
      if (pending_.size() > 4096) {
        pending_.clear();  // not a line a person typed
        return std::nullopt;
      }
    }
  }
}

// i18n: Vietnamese only (the terminal prompt writes every line in both languages itself)
std::optional<std::string> TerminalPrompter::ConfirmSigning(const SignPrompt& prompt) {
  std::fprintf(out_,
               "\n================================================================\n"
               "YÊU CẦU KÝ SỐ / SIGNING REQUEST\n"
               "Trang web yêu cầu / requesting site: %s\n"
               "Chứng thư số / certificate: %s (số sê-ri %s), do %s cấp\n"
               "Số văn bản / documents: %zu\n",
               Printable(prompt.origin).c_str(), Printable(prompt.signer).c_str(),
               Printable(prompt.serial).c_str(), Printable(prompt.issuer).c_str(),
               prompt.documents.size());
  std::size_t i = 0;
  for (const auto& d : prompt.documents) {
    ++i;
    std::fprintf(out_, "  %zu. %s%s%s\n", i, Printable(d.name).c_str(),
                 d.number.empty() ? "" : " — Số ", Printable(d.number).c_str());
  }
  if (prompt.pin_pad) {
    std::fputs(
        "Gõ C rồi Enter để đồng ý (nhập mã PIN trên thiết bị), Enter để từ chối.\n"
        "Type C and Enter to agree (then the PIN on the token), Enter to refuse.\n"
        "Đồng ý / Agree: ",
        out_);
    std::fflush(out_);
    auto answer = ReadLine(false);
    if (!answer || (*answer != "C" && *answer != "c")) {
      return std::nullopt;
    }
    return std::string();
  }
  std::fputs(
      "Nhập mã PIN của thiết bị ký để đồng ý ký, hoặc để trống rồi Enter để từ chối.\n"
      "Type the token's PIN to sign, or just Enter to refuse.\n"
      "Mã PIN: ",
      out_);
  std::fflush(out_);
  auto pin = ReadLine(true);
  if (!pin || pin->empty()) {
    std::fputs("Đã từ chối. / Refused.\n", out_);
    std::fflush(out_);
    return std::nullopt;
  }
  return pin;
}

bool TerminalPrompter::ConfirmPairing(const std::string& origin) {
  std::fprintf(out_,
               "\n================================================================\n"
               "GHÉP NỐI / PAIRING\n"
               "Trang web %s xin dùng phần mềm ký số trên máy này.\n"
               "The site %s asks to use the signing agent on this computer.\n"
               "Đồng ý? / Allow? (c/k): ",
               Printable(origin).c_str(), Printable(origin).c_str());
  std::fflush(out_);
  auto answer = ReadLine(false);
  return answer && (*answer == "c" || *answer == "C" || *answer == "y" || *answer == "Y");
}

// i18n: end

}  // namespace cqdt::agent
