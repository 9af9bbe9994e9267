#include "cli.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cqdt::app {

int Report(const Error& e, int code) {
  std::fprintf(stderr, "cqdt: %s\n", e.message().c_str());
  for (const auto& f : e.fields()) {
    std::fprintf(stderr, "  - %s: %s\n", f.field.c_str(), f.message.c_str());
  }
  return code;
}

int ExitFor(const Error& e) {
  bool usage = e.code() == ErrorCode::kInvalidArgument || e.code() == ErrorCode::kMalformed ||
               e.code() == ErrorCode::kNotFound || e.code() == ErrorCode::kConflict;
  return Report(e, usage ? kExitUsage : kExitFailure);
}

int Usage(const std::string& vietnamese, const char* english) {
  std::fprintf(stderr, "cqdt: %s / %s\n", vietnamese.c_str(), english);
  return kExitUsage;
}

int Usage(const Error& e, const char* english) { return Usage(e.message(), english); }

void PrintJson(const nlohmann::json& j, int indent) {
  std::printf("%s\n", j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::pair<std::string, unsigned short> SplitListen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return {"", 0};
  }
  try {
    int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) {
      return {"", 0};
    }
    std::string host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    return {host, static_cast<unsigned short>(port)};
  } catch (const std::exception&) {
    return {"", 0};
  }
}

}  // namespace cqdt::app
