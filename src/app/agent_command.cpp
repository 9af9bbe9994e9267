// `cqdt agent`: the local signing agent an official runs on their own computer (issue 9).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <toml++/toml.h>

#include "agent/agent.hpp"
#include "blob/durable_file.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "crypto/crypto.hpp"
#include "crypto/token.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"

namespace cqdt::app {
namespace {

namespace fs = std::filesystem;

constexpr const char* kP11KitProxy = "/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so";
constexpr const char* kSoftHsm = "/usr/lib/softhsm/libsofthsm2.so";

struct AgentConfig {
  std::string listen = "127.0.0.1:8765";
  std::vector<std::string> allowed_origins;
  std::string module;
  std::string token_file;
  int prompt_timeout_seconds = 120;
};

// $XDG_CONFIG_HOME/cqdt, else ~/.config/cqdt: the agent's own files on the official's computer.
fs::path ConfigDir() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    return fs::path(xdg) / "cqdt";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return fs::path(home) / ".config" / "cqdt";
  }
  return fs::current_path();
}

Status LoadAgentToml(const std::string& path, AgentConfig& c) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Error::InvalidField("config", "format",
                               "Tệp cấu hình phần mềm ký số không đúng cú pháp TOML: " + path);
  }
  for (const auto& [key, value] : t) {
    const std::string k(key.str());
    if (k == "listen" && value.is_string()) {
      c.listen = value.as_string()->get();
    } else if (k == "allowed_origins" && value.is_array()) {
      for (const auto& o : *value.as_array()) {
        if (!o.is_string()) {
          return Error::InvalidField("allowed_origins", "type",
                                     "allowed_origins phải là danh sách chuỗi.");
        }
        c.allowed_origins.push_back(o.as_string()->get());
      }
    } else if (k == "module" && value.is_string()) {
      c.module = value.as_string()->get();
    } else if (k == "token_file" && value.is_string()) {
      c.token_file = value.as_string()->get();
    } else if (k == "prompt_timeout_seconds" && value.is_integer()) {
      c.prompt_timeout_seconds = static_cast<int>(value.as_integer()->get());
    } else {
      return Error::InvalidField(k, "unknown",
                                 "Khóa cấu hình không được hỗ trợ hoặc sai kiểu: " + k);
    }
  }
  return {};
}

// The per-installation pairing token: made once (256 random bits), kept readable by the owner
// only, and handed to a site only after the user agrees to pair it.
Result<std::string> PairingToken(const fs::path& file) {
  if (auto existing = ReadWholeFile(file.string()); existing && existing->size() >= 32) {
    std::string token = *existing;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) {
      token.pop_back();
    }
    return token;
  }
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  std::string token = crypto::RandomToken(32);
  CQDT_RETURN_IF_ERROR(blob::WriteFileAtomically(file, token + "\n", 0600));
  return token;
}

int RunAgent(const AgentConfig& c) {
  auto [host, port] = SplitListen(c.listen);
  // Security: the agent signs with the official's token; it must never be reachable from the
  // network, so only loopback addresses are accepted.
  if (host != "127.0.0.1" && host != "::1" && host != "localhost") {
    return Usage("Phần mềm ký số chỉ lắng nghe trên 127.0.0.1 (--listen 127.0.0.1:8765).",
                 "the agent listens on 127.0.0.1 only");
  }
  if (c.allowed_origins.empty()) {
    return Usage(
        "Chưa có trang web nào được phép dùng phần mềm ký số: thêm --allow-origin "
        "https://dia-chi-cqdt (hoặc allowed_origins trong tệp cấu hình).",
        "no allowed origin: add --allow-origin");
  }
  for (const auto& o : c.allowed_origins) {
    if (!agent::IsValidOrigin(o)) {
      return Usage("Địa chỉ trang web không hợp lệ (cần dạng https://ten-mien[:cong]): " + o,
                   "invalid origin");
    }
  }
  std::string module_path = c.module;
  if (module_path.empty()) {
    module_path = ::access(kP11KitProxy, R_OK) == 0 ? kP11KitProxy : kSoftHsm;
  }
  auto module = crypto::TokenModule::Load(module_path);
  if (!module) {
    return Report(module.error());
  }
  const fs::path token_file =
      c.token_file.empty() ? ConfigDir() / "agent-pairing-token" : fs::path(c.token_file);
  auto pairing = PairingToken(token_file);
  if (!pairing) {
    return Report(pairing.error());
  }
  auto token = agent::TokenAccessOver(std::move(*module));
  agent::TerminalPrompter prompter(STDIN_FILENO, stdout,
                                   std::chrono::seconds(std::max(10, c.prompt_timeout_seconds)));
  agent::AgentContext ctx{{c.allowed_origins, *pairing, CQDT_VERSION, 200}, *token, prompter, {}};
  http::Router router;
  agent::RegisterAgentRoutes(router, ctx);
  http::Metrics metrics;
  http::ServerOptions options;
  options.address = host;
  options.port = port;
  options.io_threads = 1;
  options.worker_threads = 2;
  options.upload_dir = fs::temp_directory_path();
  http::Server server(options, router, agent::AgentFallback(ctx), metrics);
  if (auto st = server.Listen(); !st) {
    return Report(st.error());
  }
  std::printf("cqdt agent: sẵn sàng tại / ready at http://%s:%u\n", host.c_str(), server.port());
  std::printf("Trang web được phép / allowed sites:");
  for (const auto& o : c.allowed_origins) {
    std::printf(" %s", o.c_str());
  }
  std::printf("\nThiết bị ký / token module: %s\n", module_path.c_str());
  std::printf(
      "Giữ cửa sổ này mở khi ký số; mọi yêu cầu ký sẽ hiện ở đây để bạn xác nhận.\n"
      "Keep this window open while signing; every request is shown here for you to "
      "confirm.\n");
  std::fflush(stdout);
  server.Run();
  return 0;
}

}  // namespace

CommandRunner AddAgentCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "agent", "Phần mềm ký số trên máy cán bộ (USB token) / local signing agent");
  cmd->fallthrough();
  auto opts = std::make_shared<AgentConfig>();
  auto config_file = std::make_shared<std::string>();
  auto listen = std::make_shared<std::string>();
  auto origins = std::make_shared<std::vector<std::string>>();
  auto module = std::make_shared<std::string>();
  auto token_file = std::make_shared<std::string>();
  auto timeout = std::make_shared<int>(0);
  cmd->add_option("--agent-config", *config_file,
                  "Tệp cấu hình TOML của phần mềm ký số / agent TOML (default "
                  "~/.config/cqdt/agent.toml)");
  cmd->add_option("--listen", *listen, "127.0.0.1:cổng / port (default 127.0.0.1:8765)");
  cmd->add_option("--allow-origin", *origins,
                  "Trang web được phép dùng, ví dụ https://vanban.angiang.gov.vn (lặp lại được) / "
                  "an allowed site (repeatable)");
  cmd->add_option("--module", *module,
                  "Trình điều khiển PKCS#11 của USB token / the token's PKCS#11 module (.so)");
  cmd->add_option("--token-file", *token_file,
                  "Tệp mã ghép nối / pairing token file (default ~/.config/cqdt/"
                  "agent-pairing-token)");
  cmd->add_option("--prompt-timeout", *timeout,
                  "Giây chờ người dùng xác nhận / seconds to wait for the user (default 120)");
  return [cmd, opts, config_file, listen, origins, module, token_file,
          timeout](const Config&) -> std::optional<int> {
    if (!cmd->parsed()) {
      return std::nullopt;
    }
    AgentConfig c;
    std::string path = *config_file;
    if (path.empty() && fs::exists(ConfigDir() / "agent.toml")) {
      path = (ConfigDir() / "agent.toml").string();
    }
    if (!path.empty()) {
      if (auto st = LoadAgentToml(path, c); !st) {
        return Report(st.error(), kExitUsage);
      }
    }
    if (!listen->empty()) {
      c.listen = *listen;
    }
    for (const auto& o : *origins) {
      c.allowed_origins.push_back(o);
    }
    if (!module->empty()) {
      c.module = *module;
    }
    if (!token_file->empty()) {
      c.token_file = *token_file;
    }
    if (*timeout > 0) {
      c.prompt_timeout_seconds = *timeout;
    }
    return RunAgent(c);
  };
}

}  // namespace cqdt::app
