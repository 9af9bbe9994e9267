#include "oidc/provider.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "bounded_json.hpp"
#include "crypto/crypto.hpp"

namespace cqdt::oidc {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxDocumentBytes = 64 * 1024;
constexpr std::size_t kMaxJwksBytes = 256 * 1024;

Error ProviderUnavailable() {
  return Error::Unavailable("Nhà cung cấp định danh chưa sẵn sàng. Vui lòng thử lại sau.");
}

std::string StringOf(const json& o, const char* name) {
  auto it = o.find(name);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

// A provider's error code for the log: RFC 6749 codes are short ASCII words; anything else is
// cut down so that the log gets no arbitrary text from the network.
std::string LoggableCode(const std::string& code) {
  std::string out;
  for (char ch : code.substr(0, 64)) {
    out += (ch >= 'a' && ch <= 'z') || ch == '_' ? ch : '?';
  }
  return out;
}

// The JSON object of a 200 answer, or nullopt.
std::optional<json> JsonObjectOf(const Result<HttpReply>& reply, std::size_t max_bytes) {
  if (!reply || reply->status != 200) {
    return std::nullopt;
  }
  auto doc = ParseBoundedJson(reply->body, max_bytes);
  if (!doc || !doc->is_object()) {
    return std::nullopt;
  }
  return doc;
}

}  // namespace

Provider::Provider(ProviderSettings settings, HttpClient& http, const Clock& clock)
    : settings_(std::move(settings)), http_(http), clock_(clock) {}

Result<ProviderMetadata> Provider::Metadata() {
  const TimePoint now = clock_.Now();
  {
    std::lock_guard lock(mu_);
    if (metadata_ && now - metadata_at_ < settings_.metadata_ttl) {
      return *metadata_;
    }
    if (!metadata_ && metadata_failed_at_ &&
        now - *metadata_failed_at_ < settings_.retry_after_failure) {
      return ProviderUnavailable();
    }
  }
  // OpenID Connect Discovery §4.1: a trailing slash of the issuer is dropped before appending.
  std::string base = settings_.issuer;
  if (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  const auto reply =
      http_.Send({base + "/.well-known/openid-configuration", "", false, {}, kMaxDocumentBytes});
  const auto doc = JsonObjectOf(reply, kMaxDocumentBytes);
  std::optional<ProviderMetadata> fresh;
  if (!doc) {
    spdlog::warn("OIDC: tài liệu khám phá không đọc được / discovery document unusable (HTTP {})",
                 reply ? reply->status : 0);
  } else {
    ProviderMetadata m;
    m.issuer = StringOf(*doc, "issuer");
    m.authorization_endpoint = StringOf(*doc, "authorization_endpoint");
    m.token_endpoint = StringOf(*doc, "token_endpoint");
    m.jwks_uri = StringOf(*doc, "jwks_uri");
    m.userinfo_endpoint = StringOf(*doc, "userinfo_endpoint");
    bool s256 = true;
    if (auto it = doc->find("code_challenge_methods_supported");
        it != doc->end() && it->is_array()) {
      s256 = std::find(it->begin(), it->end(), json("S256")) != it->end();
    }
    if (!m.userinfo_endpoint.empty() && !IsAllowedProviderUrl(m.userinfo_endpoint)) {
      m.userinfo_endpoint.clear();
    }
    // Discovery §4.3: the document must be the configured issuer's, or an attacker who can
    // answer for the discovery URL could name its own issuer and keys.
    if (m.issuer != settings_.issuer) {
      spdlog::warn("OIDC: issuer của tài liệu khám phá khác cấu hình / discovery issuer differs");
    } else if (!IsAllowedProviderUrl(m.authorization_endpoint) ||
               !IsAllowedProviderUrl(m.token_endpoint) || !IsAllowedProviderUrl(m.jwks_uri)) {
      spdlog::warn("OIDC: địa chỉ trong tài liệu khám phá không được phép / endpoint refused");
    } else if (!s256) {
      spdlog::warn("OIDC: nhà cung cấp không hỗ trợ PKCE S256 / provider lacks PKCE S256");
    } else {
      fresh = std::move(m);
    }
  }
  std::lock_guard lock(mu_);
  if (fresh) {
    metadata_ = std::move(fresh);
    metadata_at_ = now;
    metadata_failed_at_.reset();
  } else {
    metadata_failed_at_ = now;
  }
  if (!metadata_) {
    return ProviderUnavailable();
  }
  return *metadata_;
}

Result<KeySet> Provider::Keys(bool refresh) {
  const TimePoint now = clock_.Now();
  {
    std::lock_guard lock(mu_);
    if (keys_ && (!refresh || now - keys_at_ < settings_.jwks_min_refresh)) {
      return *keys_;
    }
    keys_at_ = now;  // the attempt counts, so that a failing provider is not asked every time
  }
  auto metadata = Metadata();
  if (!metadata) {
    return metadata.error();
  }
  const auto reply = http_.Send({metadata->jwks_uri, "", false, {}, kMaxJwksBytes});
  std::optional<KeySet> fresh;
  if (reply && reply->status == 200) {
    if (auto parsed = ParseJwks(reply->body)) {
      fresh = std::move(*parsed);
    }
  }
  std::lock_guard lock(mu_);
  if (fresh) {
    keys_ = std::move(fresh);
  } else {
    spdlog::warn("OIDC: tập khóa JWKS không đọc được / JWKS unusable (HTTP {})",
                 reply ? reply->status : 0);
  }
  if (!keys_) {
    return ProviderUnavailable();
  }
  return *keys_;
}

Result<TokenResponse> Provider::ExchangeCode(const std::string& code,
                                             const std::string& redirect_uri,
                                             const std::string& code_verifier) {
  auto metadata = Metadata();
  if (!metadata) {
    return metadata.error();
  }
  HttpCall call;
  call.url = metadata->token_endpoint;
  call.post = true;
  call.form = "grant_type=authorization_code&code=" + FormEncode(code) +
              "&redirect_uri=" + FormEncode(redirect_uri) +
              "&code_verifier=" + FormEncode(code_verifier);
  // client_secret_basic: both halves form-encoded before base64 (RFC 6749 §2.3.1).
  call.headers.emplace_back("Authorization",
                            "Basic " + crypto::Base64Encode(FormEncode(settings_.client_id) + ":" +
                                                            FormEncode(settings_.client_secret)));
  call.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  call.max_body_bytes = kMaxDocumentBytes;
  const auto reply = http_.Send(call);
  if (!reply) {
    return ProviderUnavailable();
  }
  auto doc = ParseBoundedJson(reply->body, kMaxDocumentBytes);
  const bool object = doc && doc->is_object();
  if (reply->status == 400 || reply->status == 401) {
    spdlog::warn("OIDC: nhà cung cấp từ chối mã ủy quyền / token request refused: {} ({})",
                 object ? LoggableCode(StringOf(*doc, "error")) : "?", reply->status);
    return Error::Unauthenticated("Nhà cung cấp định danh không chấp nhận yêu cầu đăng nhập.");
  }
  if (reply->status != 200 || !object) {
    spdlog::warn("OIDC: câu trả lời của điểm cấp mã không dùng được / token answer unusable ({})",
                 reply->status);
    return ProviderUnavailable();
  }
  TokenResponse out;
  out.id_token = StringOf(*doc, "id_token");
  out.access_token = StringOf(*doc, "access_token");
  if (out.id_token.empty()) {
    spdlog::warn("OIDC: câu trả lời không có id_token / token answer without id_token");
    return Error::Unauthenticated("Nhà cung cấp định danh không chấp nhận yêu cầu đăng nhập.");
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> Provider::UserInfo(
    const std::string& access_token) {
  auto metadata = Metadata();
  if (!metadata) {
    return metadata.error();
  }
  if (metadata->userinfo_endpoint.empty() || access_token.empty()) {
    return ProviderUnavailable();
  }
  HttpCall call;
  call.url = metadata->userinfo_endpoint;
  call.headers.emplace_back("Authorization", "Bearer " + access_token);
  call.max_body_bytes = kMaxDocumentBytes;
  const auto reply = http_.Send(call);
  const auto doc = JsonObjectOf(reply, kMaxDocumentBytes);
  if (!doc) {
    spdlog::warn("OIDC: UserInfo không dùng được / UserInfo answer unusable (HTTP {})",
                 reply ? reply->status : 0);
    return ProviderUnavailable();
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : doc->items()) {
    if (value.is_string()) {
      out.emplace_back(name, value.get<std::string>());
    } else if (value.is_number() || value.is_boolean()) {
      out.emplace_back(name, value.dump());
    }
  }
  return out;
}

}  // namespace cqdt::oidc
