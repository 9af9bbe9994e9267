#include "agent/agent.hpp"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "crypto/crypto.hpp"
#include "http/problem.hpp"

namespace cqdt::agent {
namespace {

using nlohmann::json;

constexpr const char kTokenHeader[] = "X-Cqdt-Agent-Token";
constexpr std::size_t kMaxName = 300;
constexpr std::size_t kMaxNumber = 100;

bool IsLoopbackHost(const std::string& host_header) {
  // Host: "127.0.0.1:8765", "localhost:8765", "[::1]:8765" — anything else is a DNS-rebinding
  // attempt (a foreign name resolving to 127.0.0.1 to get around the same-origin policy).
  std::string host = host_header;
  if (!host.empty() && host.front() == '[') {
    host = host.substr(0, host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

std::optional<std::string> AllowedOrigin(const AgentContext& ctx, const http::Request& req) {
  auto origin = req.headers.Get("Origin");
  if (!origin) {
    return std::nullopt;
  }
  const auto& list = ctx.options.allowed_origins;
  if (std::find(list.begin(), list.end(), *origin) == list.end()) {
    return std::nullopt;
  }
  return origin;
}

void AddCors(http::Response& res, const std::string& origin) {
  res.headers.Set("Access-Control-Allow-Origin", origin);
  res.headers.Set("Vary", "Origin");
  res.headers.Set("Cache-Control", "no-store");
}

http::Response JsonOk(const json& body) {
  return http::Response::Json(200, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

// Every route: loopback Host, allowed Origin, and (when `needs_token`) the pairing token. The
// CORS headers go on errors too, so that the page can show the agent's message.
using Inner = std::function<http::Response(http::Request&, const std::string& origin)>;
http::Handler Guard(AgentContext& ctx, bool needs_token, Inner inner) {
  return [&ctx, needs_token, inner = std::move(inner)](http::Request& req) {
    if (!IsLoopbackHost(req.headers.Get("Host").value_or(""))) {
      return http::Problem(Error::PermissionDenied("Tên máy không hợp lệ."), req);
    }
    auto origin = AllowedOrigin(ctx, req);
    if (!origin) {
      spdlog::warn("agent: refused a request from origin '{}'",
                   req.headers.Get("Origin").value_or("(none)").substr(0, 200));
      return http::Problem(
          Error::PermissionDenied("Trang web này chưa được phép dùng phần mềm ký số trên máy "
                                  "của bạn."),
          req);
    }
    http::Response res;
    const std::string token = req.headers.Get(kTokenHeader).value_or("");
    if (needs_token &&
        (token.empty() || !crypto::ConstantTimeEquals(token, ctx.options.pairing_token))) {
      res = http::Problem(
          Error::Unauthenticated("Trang web chưa được ghép nối với phần mềm ký số (thiếu hoặc sai "
                                 "mã ghép nối)."),
          req);
    } else {
      res = inner(req, *origin);
    }
    AddCors(res, *origin);
    return res;
  };
}

http::Response Preflight(AgentContext& ctx, http::Request& req) {
  auto origin = AllowedOrigin(ctx, req);
  if (!origin || !IsLoopbackHost(req.headers.Get("Host").value_or(""))) {
    return http::Problem(Error::PermissionDenied("Trang web này chưa được phép dùng phần mềm ký "
                                                 "số trên máy của bạn."),
                         req);
  }
  http::Response res = http::Response::NoContent();
  AddCors(res, *origin);
  res.headers.Set("Access-Control-Allow-Methods", "GET, POST");
  res.headers.Set("Access-Control-Allow-Headers", std::string("Content-Type, ") + kTokenHeader);
  res.headers.Set("Access-Control-Max-Age", "600");
  // Chrome's Private Network Access: a public site asking a loopback service must be allowed
  // explicitly (the allow-list above is what decides).
  if (req.headers.Get("Access-Control-Request-Private-Network").value_or("") == "true") {
    res.headers.Set("Access-Control-Allow-Private-Network", "true");
  }
  return res;
}

json CertificateJson(const crypto::TokenCertificate& c) {
  json chain = json::array();
  for (const auto& issuer : c.chain) {
    chain.push_back(crypto::Base64Encode(issuer.Der()));
  }
  return {{"id", c.id},
          {"tokenLabel", c.token_label},
          {"label", c.label},
          {"pinPad", c.pin_pad},
          {"subject", c.certificate.SubjectDn()},
          {"commonName", c.certificate.SubjectCommonName()},
          {"organization", c.certificate.SubjectOrganization()},
          {"issuer", c.certificate.IssuerCommonName()},
          {"serial", c.certificate.SerialHex()},
          {"notBefore", ToIsoUtc(c.certificate.NotBefore())},
          {"notAfter", ToIsoUtc(c.certificate.NotAfter())},
          {"certificate", crypto::Base64Encode(c.certificate.Der())},
          {"chain", chain}};
}

Result<json> ParseJson(const http::Request& req) {
  auto type = req.headers.Get("Content-Type").value_or("");
  if (type.rfind("application/json", 0) != 0) {
    return Error::Unsupported("Nội dung phải có kiểu application/json.");
  }
  // Bounded by the route's body limit (1 MB). nlohmann's parser and destructor are iterative and
  // nothing here copies or serialises the parsed tree, so deep nesting costs no stack.
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return Error::Malformed("Nội dung JSON không hợp lệ.");
  }
  return body;
}

http::Response Sign(AgentContext& ctx, http::Request& req, const std::string& origin) {
  auto parsed = ParseJson(req);
  if (!parsed) {
    return http::Problem(parsed.error(), req);
  }
  const json& body = *parsed;
  std::vector<FieldError> errors;
  std::string certificate_id;
  if (body.contains("certificateId") && body["certificateId"].is_string()) {
    certificate_id = body["certificateId"].get<std::string>();
  } else {
    errors.push_back({"certificateId", "required", "Chưa chọn chứng thư số."});
  }
  std::vector<std::string> digests;
  SignPrompt prompt;
  prompt.origin = origin;
  if (!body.contains("items") || !body["items"].is_array() || body["items"].empty() ||
      body["items"].size() > ctx.options.max_batch) {
    errors.push_back({"items", "range",
                      "Danh sách văn bản cần ký phải có từ 1 đến " +
                          std::to_string(ctx.options.max_batch) + " văn bản."});
  } else {
    for (const auto& item : body["items"]) {
      const json* digest = item.is_object() && item.contains("digest") ? &item["digest"] : nullptr;
      std::optional<std::string> raw;
      if (digest != nullptr && digest->is_string()) {
        raw = crypto::Base64Decode(digest->get<std::string>());
      }
      auto text = [&](const char* name, std::size_t max) {
        if (!item.is_object() || !item.contains(name) || !item[name].is_string()) {
          return std::string();
        }
        std::string s = item[name].get<std::string>();
        return s.size() > max ? s.substr(0, max) : s;
      };
      const std::string name = text("name", kMaxName);
      if (!raw || raw->size() != 32 || name.empty()) {
        errors.push_back(
            {"items", "format", "Mỗi văn bản cần tên (name) và mã băm SHA-256 (digest, base64)."});
        break;
      }
      digests.push_back(std::move(*raw));
      prompt.documents.push_back({name, text("number", kMaxNumber)});
    }
  }
  if (!errors.empty()) {
    return http::Problem(Error::Invalid(std::move(errors)), req);
  }

  auto certs = ctx.token.Certificates();
  if (!certs) {
    return http::Problem(certs.error(), req);
  }
  auto it = std::find_if(certs->begin(), certs->end(),
                         [&](const auto& c) { return c.id == certificate_id; });
  if (it == certs->end()) {
    return http::Problem(
        Error::NotFound("chứng thư số trên thiết bị ký (USB token đã được cắm chưa?)",
                        certificate_id),
        req);
  }
  prompt.signer = it->certificate.SubjectCommonName();
  prompt.issuer = it->certificate.IssuerCommonName();
  prompt.serial = it->certificate.SerialHex();
  prompt.pin_pad = it->pin_pad;

  std::lock_guard lock(ctx.prompt_mutex);
  std::optional<std::string> pin = ctx.prompter.ConfirmSigning(prompt);
  if (!pin) {
    spdlog::info("agent: the user refused to sign {} document(s) for {}", digests.size(), origin);
    return http::Problem(Error::PermissionDenied("Người ký đã từ chối hoặc không xác nhận kịp."),
                         req);
  }
  auto signatures = ctx.token.SignDigests(certificate_id, *pin, digests);
  // The PIN is not needed any more: overwrite it before the string is freed.
  std::fill(pin->begin(), pin->end(), '\0');
  if (!signatures) {
    return http::Problem(signatures.error(), req);
  }
  spdlog::info("agent: signed {} document(s) for {} with certificate {}", signatures->size(),
               origin, prompt.serial);
  json out = json::array();
  for (const auto& s : *signatures) {
    out.push_back(crypto::Base64Encode(s));
  }
  return JsonOk(
      {{"signatures", out},
       {"certificate", crypto::Base64Encode(it->certificate.Der())},
       {"algorithm",
        it->certificate.key_algorithm() == crypto::KeyAlgorithm::kRsa ? "RSA" : "ECDSA"}});
}

class ModuleAccess final : public TokenAccess {
 public:
  explicit ModuleAccess(std::unique_ptr<crypto::TokenModule> module) : module_(std::move(module)) {}
  Result<std::vector<crypto::TokenCertificate>> Certificates() override {
    return module_->Certificates();
  }
  Result<std::vector<std::string>> SignDigests(const std::string& id, const std::string& pin,
                                               const std::vector<std::string>& digests) override {
    return module_->SignDigests(id, pin, digests);
  }

 private:
  std::unique_ptr<crypto::TokenModule> module_;
};

}  // namespace

std::unique_ptr<TokenAccess> TokenAccessOver(std::unique_ptr<crypto::TokenModule> module) {
  return std::make_unique<ModuleAccess>(std::move(module));
}

bool IsValidOrigin(const std::string& origin) {
  const auto scheme_end = origin.find("://");
  if (scheme_end == std::string::npos) {
    return false;
  }
  const std::string scheme = origin.substr(0, scheme_end);
  const std::string rest = origin.substr(scheme_end + 3);
  return (scheme == "http" || scheme == "https") && !rest.empty() &&
         rest.find_first_of("/?#@ ") == std::string::npos && origin.back() != ':';
}

void RegisterAgentRoutes(http::Router& router, AgentContext& ctx) {
  const http::RouteOptions small{.body_limit = 1 << 20};
  for (const char* path : {"/v1/status", "/v1/pair", "/v1/certificates", "/v1/sign"}) {
    router.Add("OPTIONS", path, [&ctx](http::Request& req) { return Preflight(ctx, req); },
               {.body_limit = 0, .blocking = false});
  }
  router.Add(
      "GET", "/v1/status",
      Guard(ctx, false,
            [&ctx](http::Request& req, const std::string&) {
              const std::string token = req.headers.Get(kTokenHeader).value_or("");
              return JsonOk({{"product", "cqdt-agent"},
                             {"version", ctx.options.version},
                             {"paired", !token.empty() && crypto::ConstantTimeEquals(
                                                              token, ctx.options.pairing_token)}});
            }),
      {.body_limit = 0, .blocking = false});
  router.Add("POST", "/v1/pair",
             Guard(ctx, false,
                   [&ctx](http::Request& req, const std::string& origin) {
                     std::lock_guard lock(ctx.prompt_mutex);
                     if (!ctx.prompter.ConfirmPairing(origin)) {
                       return http::Problem(
                           Error::PermissionDenied("Người dùng đã từ chối ghép nối."), req);
                     }
                     spdlog::info("agent: paired with {}", origin);
                     return JsonOk({{"token", ctx.options.pairing_token}});
                   }),
             small);
  router.Add("GET", "/v1/certificates",
             Guard(ctx, true,
                   [&ctx](http::Request& req, const std::string&) {
                     auto certs = ctx.token.Certificates();
                     if (!certs) {
                       return http::Problem(certs.error(), req);
                     }
                     json items = json::array();
                     for (const auto& c : *certs) {
                       items.push_back(CertificateJson(c));
                     }
                     return JsonOk({{"items", items}});
                   }),
             {.body_limit = 0});
  router.Add("POST", "/v1/sign",
             Guard(ctx, true,
                   [&ctx](http::Request& req, const std::string& origin) {
                     return Sign(ctx, req, origin);
                   }),
             small);
}

http::Handler AgentFallback(AgentContext& ctx) {
  return Guard(ctx, false, [](http::Request& req, const std::string&) {
    return http::Problem(404, "Không có địa chỉ này.", req);
  });
}

}  // namespace cqdt::agent
