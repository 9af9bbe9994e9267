#include "app/config.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <toml++/toml.h>

#include "config_reader.hpp"
#include "oidc/http_client.hpp"

namespace cqdt::app {

std::string Config::DatabaseUrl() const {
  if (!db.empty()) {
    return db;
  }
  auto path = std::filesystem::absolute(std::filesystem::path(data_dir) / "cqdt.db");
  return "sqlite://" + path.lexically_normal().string();
}

std::string Config::PublicUrl() const {
  if (!public_url.empty()) {
    return public_url;
  }
  return tls_listen.empty() ? "http://" + listen : "https://" + tls_listen;
}

std::string Config::OidcRedirectUri() const {
  if (!oidc_redirect_uri.empty()) {
    return oidc_redirect_uri;
  }
  std::string base = PublicUrl();
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  return base + "/api/v1/auth/oidc/callback";
}

std::string Config::BlobDir() const {
  if (!blob_dir.empty()) {
    return blob_dir;
  }
  return (std::filesystem::path(data_dir) / "blobs").lexically_normal().string();
}

std::string Config::SigningKeysFile() const {
  if (!signing_keys_file.empty()) {
    return signing_keys_file;
  }
  return (std::filesystem::path(data_dir) / "pki" / "keys.toml").lexically_normal().string();
}

int Config::VerifyConcurrent() const {
  return verify_concurrent > 0 ? verify_concurrent : std::max(1, worker_threads / 2);
}

// The page reaches the signing agent from the browser on the official's own computer: only a
// loopback http(s) URL with a port makes sense (it also goes into the pages' CSP).
bool IsLoopbackAgentUrl(const std::string& url) {
  for (const char* prefix :
       {"http://127.0.0.1:", "http://localhost:", "https://127.0.0.1:", "https://localhost:"}) {
    const std::string p(prefix);
    if (url.rfind(p, 0) == 0 && url.size() > p.size() &&
        url.find_first_not_of("0123456789", p.size()) == std::string::npos) {
      return true;
    }
  }
  return false;
}

bool IsMetricsAllow(const std::string& v) {
  return v == "loopback" || v == "token" || v == "public";
}

namespace {

Error ConfigError(const std::string& where, const std::string& what) {
  return Error::InvalidField(where, "config", "Cấu hình không hợp lệ (" + where + "): " + what);
}

// The keys each section may hold: any other is refused (a typo must not pass silently).
const std::map<std::string, std::set<std::string>>& KnownKeys() {
  static const std::map<std::string, std::set<std::string>> kKnown = {
      {"server",
       {"listen", "io_threads", "worker_threads", "trust_proxy", "trusted_proxies", "cookie_secure",
        "web_root", "shutdown_grace_seconds", "public_url", "event_streams_max",
        "event_streams_per_person", "tls_listen", "tls_cert_file", "tls_key_file", "hsts",
        "hsts_max_age_seconds"}},
      {"database", {"url", "pool_size"}},
      {"storage", {"data_dir", "blobs", "blob_dir", "sweep_hour"}},
      {"log", {"level", "access_log"}},
      {"session", {"idle_minutes", "absolute_hours"}},
      {"security",
       {"login_max_failures", "login_max_failures_per_address", "login_window_minutes",
        "anonymous_requests_per_minute", "sign_up_requests_per_minute",
        "tracking_requests_per_minute", "tracking_cache_seconds"}},
      {"calendar", {"office_hours", "receipt_cutoff"}},
      {"index766", {"rules_file", "requests_per_minute", "snapshot_hour", "cache_seconds"}},
      {"proactive", {"rules_file", "sweep_hour"}},
      {"exchange",
       {"hub_organ_id", "hub_key", "served", "max_package_mb", "max_unzipped_mb", "max_attempts",
        "retry_seconds", "max_retry_seconds", "forward_parallel"}},
      {"oidc",
       {"enabled", "issuer", "client_id", "client_secret", "redirect_uri", "scopes",
        "citizen_id_claim", "provider_name", "clock_skew_seconds", "requests_per_minute",
        "timeout_ms", "ca_file"}},
      {"feedback", {"settings_file", "requests_per_minute"}},
      {"mail", {"enabled",           "smtp_host",
                "smtp_port",         "smtp_tls",
                "smtp_username",     "from_address",
                "from_name",         "ca_file",
                "secret_key_file",   "dkim_domain",
                "dkim_selector",     "dkim_key_file",
                "templates_file",    "per_domain_per_minute",
                "max_attempts",      "retry_seconds",
                "max_retry_seconds", "max_age_hours",
                "digest_hour",       "poll_seconds",
                "sessions",          "intake_max_mb",
                "authserv_id",       "dkim_dns"}},
      {"signing",
       {"keys_file", "timestamp_url", "online_revocation", "revocation_timeout_ms",
        "verify_requests_per_minute", "verify_max_mb", "verify_cpu_ms", "verify_concurrent",
        "verify_concurrent_per_address", "secret_max_failures", "secret_window_minutes",
        "bundled_roots", "report_seal_key", "agent_url", "agent_install_url",
        "external_ttl_seconds"}},
      // No `token` key on purpose: a secret does not belong in a file that is copied around.
      {"metrics", {"allow", "token_file"}},
      {"documents",
       {"max_file_mb", "confidential_files", "remind_hour", "extraction", "ocr_max_pages",
        "extraction_timeout_seconds", "import_max_mb"}}};
  return kKnown;
}

// Unknown sections and keys, and a section that is not a table.
Status CheckKnownKeys(const toml::table& t, const std::string& path) {
  const auto& known_keys = KnownKeys();
  for (const auto& [section, node] : t) {
    const std::string name(section.str());
    auto known = known_keys.find(name);
    if (known == known_keys.end()) {
      return ConfigKeyError(path, "[" + name + "]",
                            "mục không hỗ trợ / unknown section (xem cqdt.example.toml)");
    }
    if (!node.is_table()) {
      return ConfigKeyError(path, name, "phải là một mục [" + name + "] / must be a section");
    }
    for (const auto& [key, _] : *node.as_table()) {
      if (!known->second.count(std::string(key.str()))) {
        return ConfigKeyError(path, name + "." + std::string(key.str()),
                              "khóa không hỗ trợ / unknown key (xem cqdt.example.toml)");
      }
    }
  }
  return Ok();
}

// [storage]: where the data lives; the blob store, in files (blob_dir on shared storage for
// several instances) or in the database (issue 16 item 4).
void LoadStorageSection(ConfigReader& r, Config& c) {
  r.Text("storage", "data_dir", c.data_dir);
  r.Text("storage", "blobs", c.blobs);
  if (c.blobs != "files" && c.blobs != "database") {
    r.Fail("storage", "blobs",
           "phải là \"files\" hoặc \"database\" / must be \"files\" or \"database\"");
  }
  r.Text("storage", "blob_dir", c.blob_dir);
  r.Int("storage", "sweep_hour", c.blob_sweep_hour, -1, 23);  // -1: none
}

}  // namespace

Status LoadTomlFile(const std::string& path, Config& c) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return ConfigKeyError(path, "dòng " + std::to_string(e.source().begin.line),
                          std::string(e.description()));
  }
  CQDT_RETURN_IF_ERROR(CheckKnownKeys(t, path));
  c.config_file = path;
  ConfigReader r(t, path);
  LoadServerSection(r, c);
  LoadDatabaseSection(r, c);
  LoadStorageSection(r, c);
  LoadLogSection(r, c);
  LoadSessionSection(r, c);
  LoadSecuritySection(r, c);
  LoadCalendarSection(r, c);
  LoadMailSection(r, c.mail);
  LoadIndex766Section(r, c);
  LoadFeedbackSection(r, c);
  LoadProactiveSection(r, c);
  LoadExchangeSection(r, c);
  LoadOidcSection(r, c);
  LoadSigningSection(r, c);
  LoadDocumentsSection(r, c);
  LoadMetricsSection(r, c);
  return r.status();
}

namespace {

// The [oidc] settings, when sign-in through the provider is on (after the file and the
// environment, since the secret may come from either).
Status CheckOidc(const Config& c) {
  if (!c.oidc_enabled) {
    return Ok();
  }
  if (!oidc::IsAllowedProviderUrl(c.oidc_issuer)) {
    return ConfigError("oidc.issuer",
                       "cần địa chỉ https:// của nhà cung cấp định danh (http:// chỉ với máy này)");
  }
  if (c.oidc_client_id.empty()) {
    return ConfigError("oidc.client_id", "không được để trống khi oidc.enabled = true");
  }
  if (c.oidc_client_secret.empty()) {
    return ConfigError("oidc.client_secret",
                       "cần khóa bí mật (oidc.client_secret hoặc CQDT_OIDC_CLIENT_SECRET)");
  }
  const std::string redirect = c.OidcRedirectUri();
  if (redirect.rfind("https://", 0) != 0 && redirect.rfind("http://", 0) != 0) {
    return ConfigError("oidc.redirect_uri", "phải bắt đầu bằng https:// hoặc http://");
  }
  const std::string& claim = c.oidc_citizen_id_claim;
  if (claim.empty() || claim.size() > 100 ||
      claim.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-") !=
          std::string::npos) {
    return ConfigError("oidc.citizen_id_claim", "tên claim gồm chữ, số và _ . : -");
  }
  if (c.oidc_provider_name.empty() || c.oidc_provider_name.size() > 60) {
    return ConfigError("oidc.provider_name", "từ 1 đến 60 ký tự");
  }
  if (c.oidc_clock_skew_seconds < 0 || c.oidc_clock_skew_seconds > 600) {
    return ConfigError("oidc.clock_skew_seconds", "phải từ 0 đến 600");
  }
  if (c.oidc_timeout_ms < 1000 || c.oidc_timeout_ms > 60000) {
    return ConfigError("oidc.timeout_ms", "phải từ 1000 đến 60000");
  }
  if (c.oidc_requests_per_minute < 1 || c.oidc_requests_per_minute > 10000) {
    return ConfigError("oidc.requests_per_minute", "phải từ 1 đến 10000");
  }
  return Ok();
}

}  // namespace

Status CheckConfig(const Config& c) {
  CQDT_RETURN_IF_ERROR(CheckOidc(c));
  // Verification must never hold every worker: logins and /readyz need one (issue 8). With a
  // single worker that cannot hold, and the default (1) is accepted with a warning at start.
  if (c.worker_threads >= 2 && c.VerifyConcurrent() >= c.worker_threads) {
    return ConfigError("signing.verify_concurrent",
                       "phải nhỏ hơn server.worker_threads (" + std::to_string(c.worker_threads) +
                           ") để đăng nhập và /readyz luôn còn luồng xử lý");
  }
  return Ok();
}

Status ApplyEnvironment(const std::map<std::string, std::string>& env, Config& c) {
  auto get = [&](const char* k) -> const std::string* {
    auto it = env.find(k);
    return it == env.end() || it->second.empty() ? nullptr : &it->second;
  };
  auto as_bool = [](const std::string& v) { return v == "1" || v == "true" || v == "yes"; };
  if (auto v = get("CQDT_LISTEN"))
    c.listen = *v;
  if (auto v = get("CQDT_DB"))
    c.db = *v;
  if (auto v = get("CQDT_DATA_DIR"))
    c.data_dir = *v;
  if (auto v = get("CQDT_WEB_ROOT"))
    c.web_root = *v;
  if (auto v = get("CQDT_LOG_LEVEL"))
    c.log_level = *v;
  if (auto v = get("CQDT_TRUST_PROXY"))
    c.trust_proxy = as_bool(*v);
  if (auto v = get("CQDT_COOKIE_SECURE"))
    c.cookie_secure = as_bool(*v);
  if (auto v = get("CQDT_TIMESTAMP_URL"))
    c.timestamp_url = *v;
  if (auto v = get("CQDT_AGENT_URL")) {
    if (!IsLoopbackAgentUrl(*v)) {
      return Error::InvalidField("CQDT_AGENT_URL", "format",
                                 "CQDT_AGENT_URL phải là http://127.0.0.1:<cổng>");
    }
    c.agent_url = *v;
  }
  if (auto v = get("CQDT_SIGNING_KEYS_FILE"))
    c.signing_keys_file = *v;
  if (auto v = get("CQDT_ONLINE_REVOCATION"))
    c.online_revocation = as_bool(*v);
  if (auto v = get("CQDT_BUNDLED_ROOTS"))
    c.bundled_roots = as_bool(*v);
  if (auto v = get("CQDT_REPORT_SEAL_KEY"))
    c.report_seal_key = *v;
  if (auto v = get("CQDT_DOCUMENTS_CONFIDENTIAL_FILES"))
    c.confidential_files = as_bool(*v);
  if (auto v = get("CQDT_DOCUMENTS_EXTRACTION"))
    c.extraction = as_bool(*v);
  if (auto v = get("CQDT_METRICS_ALLOW")) {
    if (!IsMetricsAllow(*v)) {
      return ConfigError("CQDT_METRICS_ALLOW", kMetricsAllowValues);
    }
    c.metrics_allow = *v;
  }
  if (auto v = get("CQDT_METRICS_TOKEN"))
    c.metrics_token = *v;
  if (auto v = get("CQDT_OIDC_CLIENT_SECRET"))
    c.oidc_client_secret = *v;
  if (auto v = get("CQDT_VERIFY_REQUESTS_PER_MINUTE")) {
    try {
      c.verify_requests_per_minute = std::stoi(*v);
    } catch (const std::exception&) {
      return ConfigError("CQDT_VERIFY_REQUESTS_PER_MINUTE", "cần một số nguyên");
    }
  }
  if (auto v = get("CQDT_TRACKING_REQUESTS_PER_MINUTE")) {
    try {
      c.tracking_requests_per_minute = std::stoi(*v);
    } catch (const std::exception&) {
      return ConfigError("CQDT_TRACKING_REQUESTS_PER_MINUTE", "cần một số nguyên");
    }
  }
  if (auto v = get("CQDT_FEEDBACK_REQUESTS_PER_MINUTE")) {
    try {
      c.feedback_requests_per_minute = std::stoi(*v);
    } catch (const std::exception&) {
      return ConfigError("CQDT_FEEDBACK_REQUESTS_PER_MINUTE", "cần một số nguyên");
    }
  }
  if (auto v = get("CQDT_INDEX766_SNAPSHOT_HOUR")) {
    try {
      c.index766_snapshot_hour = std::stoi(*v);
    } catch (const std::exception&) {
      return ConfigError("CQDT_INDEX766_SNAPSHOT_HOUR", "cần một số nguyên");
    }
    if (c.index766_snapshot_hour < -1 || c.index766_snapshot_hour > 23) {
      return ConfigError("CQDT_INDEX766_SNAPSHOT_HOUR", "phải từ 0 đến 23, hoặc -1 để tắt");
    }
  }
  if (auto v = get("CQDT_INDEX766_CACHE_SECONDS")) {
    try {
      c.index766_cache_seconds = std::stoi(*v);
    } catch (const std::exception&) {
      return ConfigError("CQDT_INDEX766_CACHE_SECONDS", "cần một số nguyên");
    }
    if (c.index766_cache_seconds < 0 || c.index766_cache_seconds > 3600) {
      return ConfigError("CQDT_INDEX766_CACHE_SECONDS", "phải từ 0 đến 3600");
    }
  }
  if (auto v = get("CQDT_PROACTIVE_RULES_FILE")) {
    c.proactive_rules_file = *v;
  }
  if (auto v = get("CQDT_PROACTIVE_SWEEP_HOUR")) {
    try {
      c.proactive_sweep_hour = std::stoi(*v);
    } catch (const std::exception&) {
      return ConfigError("CQDT_PROACTIVE_SWEEP_HOUR", "cần một số nguyên");
    }
    if (c.proactive_sweep_hour < -1 || c.proactive_sweep_hour > 23) {
      return ConfigError("CQDT_PROACTIVE_SWEEP_HOUR", "phải từ 0 đến 23, hoặc -1 để tắt");
    }
  }
  if (auto v = get("CQDT_EXCHANGE_HUB_ORGAN_ID")) {
    c.exchange_hub_organ_id = *v;
  }
  if (auto v = get("CQDT_EXCHANGE_HUB_KEY")) {
    c.exchange_hub_key = *v;
  }
  if (auto v = get("CQDT_EXCHANGE_SERVED")) {  // comma-separated route patterns
    c.exchange_served.clear();
    std::string item;
    for (char ch : *v + ",") {
      if (ch == ',') {
        if (!item.empty()) {
          c.exchange_served.push_back(item);
        }
        item.clear();
      } else if (ch != ' ') {
        item += ch;
      }
    }
  }
  if (auto v = get("CQDT_EXCHANGE_RETRY_SECONDS")) {  // the exchange tests shorten backoff
    try {
      c.exchange_retry_seconds = std::max(1, std::stoi(*v));
      c.exchange_max_retry_seconds =
          std::max(c.exchange_retry_seconds, c.exchange_max_retry_seconds);
    } catch (const std::exception&) {
      return ConfigError("CQDT_EXCHANGE_RETRY_SECONDS", "cần một số nguyên");
    }
  }
  // Caps on live notification streams (the API tests lower them).
  for (auto [name, field] :
       {std::pair{"CQDT_EVENT_STREAMS_MAX", &c.event_streams_max},
        std::pair{"CQDT_EVENT_STREAMS_PER_PERSON", &c.event_streams_per_person}}) {
    if (auto v = get(name)) {
      try {
        *field = std::stoi(*v);
      } catch (const std::exception&) {
        return ConfigError(name, "cần một số nguyên");
      }
      if (*field < 1) {
        return ConfigError(name, "cần một số nguyên");
      }
    }
  }
  if (auto v = get("CQDT_SIGN_UP_REQUESTS_PER_MINUTE")) {
    try {
      c.sign_up_requests_per_minute = std::stoi(*v);
    } catch (const std::exception&) {
      return ConfigError("CQDT_SIGN_UP_REQUESTS_PER_MINUTE", "cần một số nguyên");
    }
  }
  CQDT_RETURN_IF_ERROR(ApplyMailEnvironment(env, c.mail));
  if (auto v = get("CQDT_WORKER_THREADS")) {
    try {
      c.worker_threads = std::stoi(*v);
    } catch (const std::exception&) {
      return ConfigError("CQDT_WORKER_THREADS", "cần một số nguyên");
    }
  }
  return Ok();
}

Result<std::string> MetricsToken(const Config& c) {
  std::string token = c.metrics_token;
  std::string where = "CQDT_METRICS_TOKEN";
  if (token.empty() && !c.metrics_token_file.empty()) {
    where = "metrics.token_file";
    std::ifstream in(c.metrics_token_file);
    if (!in) {
      return ConfigError(where, "không đọc được tệp " + c.metrics_token_file);
    }
    std::getline(in, token);
    if (!token.empty() && token.back() == '\r') {
      token.pop_back();
    }
  }
  if (token.empty()) {
    return ConfigError(
        "metrics.allow",
        "\"token\" cần mã truy cập trong CQDT_METRICS_TOKEN hoặc metrics.token_file");
  }
  // The token is compared with a request header: visible ASCII only, long enough not to guess.
  const bool visible = std::all_of(token.begin(), token.end(), [](char ch) {
    return static_cast<unsigned char>(ch) > 0x20 && static_cast<unsigned char>(ch) < 0x7f;
  });
  if (token.size() < 16 || token.size() > 256 || !visible) {
    return ConfigError(where, "mã truy cập phải gồm 16-256 ký tự ASCII nhìn thấy được");
  }
  return token;
}

}  // namespace cqdt::app
