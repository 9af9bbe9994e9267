#include "app/config.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include <toml++/toml.h>

#include "cli.hpp"
#include "http/trusted_proxies.hpp"
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

namespace {

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

Error ConfigError(const std::string& where, const std::string& what) {
  return Error::InvalidField(where, "config", "Cấu hình không hợp lệ (" + where + "): " + what);
}

// [server] trusted_proxies and the native HTTPS settings.
Status LoadServerTls(const toml::table& t, const std::string& path, Config& c) {
  if (const toml::node* node = t["server"]["trusted_proxies"].node()) {
    const toml::array* list = node->as_array();
    c.trusted_proxies.clear();
    for (std::size_t i = 0; list != nullptr && i < list->size(); ++i) {
      if (auto v = (*list)[i].value<std::string>()) {
        c.trusted_proxies.push_back(*v);
      } else {
        list = nullptr;
      }
    }
    if (list == nullptr) {
      return ConfigError(path,
                         "server.trusted_proxies phải là danh sách chuỗi, ví dụ [\"127.0.0.1\", "
                         "\"10.0.0.0/8\"]");
    }
    if (auto parsed = http::TrustedProxies::Parse(c.trusted_proxies); !parsed) {
      return ConfigError(path, "server.trusted_proxies: " + parsed.error().message());
    }
  }
  auto text = [&](const char* key, std::string& out) {
    if (auto v = t["server"][key].value<std::string>()) {
      out = *v;
    }
  };
  text("tls_listen", c.tls_listen);
  text("tls_cert_file", c.tls_cert_file);
  text("tls_key_file", c.tls_key_file);
  if (auto v = t["server"]["hsts"].value<bool>()) {
    c.hsts = *v;
  }
  if (auto v = t["server"]["hsts_max_age_seconds"].value<int64_t>()) {
    if (*v < 0 || *v > 63072000) {
      return ConfigError(path, "server.hsts_max_age_seconds phải từ 0 đến 63072000 (hai năm)");
    }
    c.hsts_max_age_seconds = static_cast<int>(*v);
  }
  const bool any = !c.tls_listen.empty() || !c.tls_cert_file.empty() || !c.tls_key_file.empty();
  if (any && (c.tls_listen.empty() || c.tls_cert_file.empty() || c.tls_key_file.empty())) {
    return ConfigError(path,
                       "server.tls_listen, server.tls_cert_file và server.tls_key_file phải "
                       "được đặt cùng nhau để bật HTTPS");
  }
  if (!c.tls_listen.empty() && SplitListen(c.tls_listen).first.empty()) {
    return ConfigError(path, "server.tls_listen phải có dạng máy:cổng, ví dụ 0.0.0.0:8443");
  }
  if (c.hsts && c.tls_listen.empty()) {
    return ConfigError(path, "server.hsts chỉ dùng được khi đã bật HTTPS (server.tls_listen)");
  }
  return Ok();
}

constexpr const char* kMetricsAllowValues =
    "metrics.allow phải là \"loopback\", \"token\" hoặc \"public\"";

bool IsMetricsAllow(const std::string& v) {
  return v == "loopback" || v == "token" || v == "public";
}

}  // namespace

Status LoadTomlFile(const std::string& path, Config& c) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return ConfigError(path, std::string(e.description()) + " (dòng " +
                                 std::to_string(e.source().begin.line) + ")");
  }
  static const std::map<std::string, std::set<std::string>> kKnown = {
      {"server",
       {"listen", "io_threads", "worker_threads", "trust_proxy", "trusted_proxies", "cookie_secure",
        "web_root", "shutdown_grace_seconds", "public_url", "event_streams_max",
        "event_streams_per_person", "tls_listen", "tls_cert_file", "tls_key_file", "hsts",
        "hsts_max_age_seconds"}},
      {"database", {"url", "pool_size"}},
      {"storage", {"data_dir", "blobs", "blob_dir"}},
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
  for (const auto& [section, node] : t) {
    auto known = kKnown.find(std::string(section.str()));
    if (known == kKnown.end() || !node.is_table()) {
      return ConfigError(path, "mục không hỗ trợ [" + std::string(section.str()) + "]");
    }
    for (const auto& [key, _] : *node.as_table()) {
      if (!known->second.count(std::string(key.str()))) {
        return ConfigError(path,
                           "khóa không hỗ trợ " + known->first + "." + std::string(key.str()));
      }
    }
  }
  auto str = [&](const char* s, const char* k, std::string& out) {
    if (auto v = t[s][k].value<std::string>()) {
      out = *v;
    }
  };
  auto num = [&](const char* s, const char* k, int& out) {
    if (auto v = t[s][k].value<int64_t>()) {
      out = static_cast<int>(*v);
    }
  };
  auto flag = [&](const char* s, const char* k, bool& out) {
    if (auto v = t[s][k].value<bool>()) {
      out = *v;
    }
  };
  c.config_file = path;
  str("server", "listen", c.listen);
  num("server", "io_threads", c.io_threads);
  num("server", "worker_threads", c.worker_threads);
  flag("server", "trust_proxy", c.trust_proxy);
  flag("server", "cookie_secure", c.cookie_secure);
  str("server", "public_url", c.public_url);
  str("server", "web_root", c.web_root);
  num("server", "shutdown_grace_seconds", c.shutdown_grace_seconds);
  CQDT_RETURN_IF_ERROR(LoadServerTls(t, path, c));
  num("server", "event_streams_max", c.event_streams_max);
  num("server", "event_streams_per_person", c.event_streams_per_person);
  if (c.event_streams_max < 1 || c.event_streams_per_person < 1) {
    return ConfigError(path,
                       "server.event_streams_max và server.event_streams_per_person phải lớn "
                       "hơn 0");
  }
  str("database", "url", c.db);
  num("database", "pool_size", c.db_pool_size);
  str("storage", "data_dir", c.data_dir);
  // The blob store, in files (blob_dir on shared storage for several instances) or in the
  // database (issue 16 item 4).
  str("storage", "blobs", c.blobs);
  if (c.blobs != "files" && c.blobs != "database") {
    return ConfigError(path, "storage.blobs phải là \"files\" hoặc \"database\" / must be "
                             "\"files\" or \"database\"");
  }
  str("storage", "blob_dir", c.blob_dir);
  str("log", "level", c.log_level);
  flag("log", "access_log", c.access_log);
  num("session", "idle_minutes", c.session_idle_minutes);
  num("session", "absolute_hours", c.session_absolute_hours);
  num("security", "login_max_failures", c.login_max_failures);
  num("security", "login_max_failures_per_address", c.login_max_failures_per_address);
  num("security", "login_window_minutes", c.login_window_minutes);
  num("security", "anonymous_requests_per_minute", c.anonymous_requests_per_minute);
  num("security", "sign_up_requests_per_minute", c.sign_up_requests_per_minute);
  num("security", "tracking_requests_per_minute", c.tracking_requests_per_minute);
  num("security", "tracking_cache_seconds", c.tracking_cache_seconds);
  if (c.tracking_cache_seconds < 0 || c.tracking_cache_seconds > 60) {
    return ConfigError(path, "security.tracking_cache_seconds phải từ 0 đến 60");
  }
  str("calendar", "office_hours", c.office_hours);
  str("calendar", "receipt_cutoff", c.receipt_cutoff);
  CQDT_RETURN_IF_ERROR(LoadMailToml(t["mail"].as_table(), path, c.mail));
  str("index766", "rules_file", c.index766_rules_file);
  num("index766", "requests_per_minute", c.index766_requests_per_minute);
  num("index766", "snapshot_hour", c.index766_snapshot_hour);
  num("index766", "cache_seconds", c.index766_cache_seconds);
  if (c.index766_cache_seconds < 0 || c.index766_cache_seconds > 3600) {
    return ConfigError(path, "index766.cache_seconds phải từ 0 đến 3600");
  }
  str("feedback", "settings_file", c.feedback_settings_file);
  num("feedback", "requests_per_minute", c.feedback_requests_per_minute);
  if (c.index766_snapshot_hour < -1 || c.index766_snapshot_hour > 23) {
    return ConfigError(path, "index766.snapshot_hour phải từ 0 đến 23, hoặc -1 để tắt");
  }
  str("proactive", "rules_file", c.proactive_rules_file);
  num("proactive", "sweep_hour", c.proactive_sweep_hour);
  if (c.proactive_sweep_hour < -1 || c.proactive_sweep_hour > 23) {
    return ConfigError(path, "proactive.sweep_hour phải từ 0 đến 23, hoặc -1 để tắt");
  }
  str("exchange", "hub_organ_id", c.exchange_hub_organ_id);
  str("exchange", "hub_key", c.exchange_hub_key);
  if (const auto* served = t["exchange"]["served"].as_array()) {
    c.exchange_served.clear();
    for (const auto& item : *served) {
      if (auto v = item.value<std::string>()) {
        c.exchange_served.push_back(*v);
      }
    }
  }
  num("exchange", "max_package_mb", c.exchange_max_package_mb);
  num("exchange", "max_unzipped_mb", c.exchange_max_unzipped_mb);
  num("exchange", "max_attempts", c.exchange_max_attempts);
  num("exchange", "retry_seconds", c.exchange_retry_seconds);
  num("exchange", "max_retry_seconds", c.exchange_max_retry_seconds);
  num("exchange", "forward_parallel", c.exchange_forward_parallel);
  if (c.exchange_forward_parallel < 1 || c.exchange_forward_parallel > 64) {
    return ConfigError(path, "exchange.forward_parallel phải từ 1 đến 64");
  }
  if (c.exchange_max_package_mb < 1 || c.exchange_max_package_mb > 500) {
    return ConfigError(path, "exchange.max_package_mb phải từ 1 đến 500");
  }
  if (c.exchange_max_unzipped_mb < 1 || c.exchange_max_unzipped_mb > 1000) {
    return ConfigError(path, "exchange.max_unzipped_mb phải từ 1 đến 1000");
  }
  if (c.exchange_max_attempts < 1 || c.exchange_retry_seconds < 1 ||
      c.exchange_max_retry_seconds < c.exchange_retry_seconds) {
    return ConfigError(path,
                       "exchange.max_attempts, retry_seconds, max_retry_seconds phải dương, "
                       "max_retry_seconds không nhỏ hơn retry_seconds");
  }
  flag("oidc", "enabled", c.oidc_enabled);
  str("oidc", "issuer", c.oidc_issuer);
  str("oidc", "client_id", c.oidc_client_id);
  str("oidc", "client_secret", c.oidc_client_secret);
  str("oidc", "redirect_uri", c.oidc_redirect_uri);
  str("oidc", "scopes", c.oidc_scopes);
  str("oidc", "citizen_id_claim", c.oidc_citizen_id_claim);
  str("oidc", "provider_name", c.oidc_provider_name);
  num("oidc", "clock_skew_seconds", c.oidc_clock_skew_seconds);
  num("oidc", "requests_per_minute", c.oidc_requests_per_minute);
  num("oidc", "timeout_ms", c.oidc_timeout_ms);
  str("oidc", "ca_file", c.oidc_ca_file);
  str("signing", "keys_file", c.signing_keys_file);
  str("signing", "timestamp_url", c.timestamp_url);
  flag("signing", "online_revocation", c.online_revocation);
  num("signing", "revocation_timeout_ms", c.revocation_timeout_ms);
  num("signing", "verify_requests_per_minute", c.verify_requests_per_minute);
  num("signing", "verify_max_mb", c.verify_max_mb);
  num("documents", "max_file_mb", c.documents_max_file_mb);
  num("signing", "verify_cpu_ms", c.verify_cpu_ms);
  num("signing", "verify_concurrent", c.verify_concurrent);
  num("signing", "verify_concurrent_per_address", c.verify_concurrent_per_address);
  num("signing", "secret_max_failures", c.secret_max_failures);
  num("signing", "secret_window_minutes", c.secret_window_minutes);
  flag("signing", "bundled_roots", c.bundled_roots);
  str("signing", "report_seal_key", c.report_seal_key);
  str("signing", "agent_url", c.agent_url);
  str("signing", "agent_install_url", c.agent_install_url);
  num("signing", "external_ttl_seconds", c.external_ttl_seconds);
  flag("documents", "confidential_files", c.confidential_files);
  num("documents", "remind_hour", c.remind_hour);
  if (c.remind_hour < -1 || c.remind_hour > 23) {
    return ConfigError(path, "documents.remind_hour phải từ 0 đến 23, hoặc -1 để tắt");
  }
  flag("documents", "extraction", c.extraction);
  num("documents", "ocr_max_pages", c.ocr_max_pages);
  num("documents", "extraction_timeout_seconds", c.extraction_timeout_seconds);
  if (c.ocr_max_pages < 0 || c.ocr_max_pages > 1000) {
    return ConfigError(path, "documents.ocr_max_pages phải từ 0 đến 1000");
  }
  if (c.extraction_timeout_seconds < 10 || c.extraction_timeout_seconds > 86400) {
    return ConfigError(path, "documents.extraction_timeout_seconds phải từ 10 đến 86400");
  }
  if (!IsLoopbackAgentUrl(c.agent_url)) {
    return ConfigError(path,
                       "signing.agent_url phải là http://127.0.0.1:<cổng> (phần mềm ký số "
                       "chạy trên máy của người ký)");
  }
  if (c.external_ttl_seconds < 60 || c.external_ttl_seconds > 3600) {
    return ConfigError(path, "signing.external_ttl_seconds phải từ 60 đến 3600");
  }
  str("metrics", "allow", c.metrics_allow);
  str("metrics", "token_file", c.metrics_token_file);
  if (!c.timestamp_url.empty() && c.timestamp_url.rfind("http://", 0) != 0) {
    return ConfigError(path, "signing.timestamp_url phải bắt đầu bằng http://");
  }
  if (c.documents_max_file_mb < 1 || c.documents_max_file_mb > 500) {
    return ConfigError(path, "documents.max_file_mb phải từ 1 đến 500");
  }
  num("documents", "import_max_mb", c.documents_import_max_mb);
  if (c.documents_import_max_mb < 1 || c.documents_import_max_mb > 4096) {
    return ConfigError(path, "documents.import_max_mb phải từ 1 đến 4096");
  }
  if (c.verify_max_mb < 1 || c.verify_max_mb > 200) {
    return ConfigError(path, "signing.verify_max_mb phải từ 1 đến 200");
  }
  if (c.secret_max_failures < 1 || c.secret_max_failures > 100) {
    return ConfigError(path, "signing.secret_max_failures phải từ 1 đến 100");
  }
  if (c.secret_window_minutes < 1 || c.secret_window_minutes > 24 * 60) {
    return ConfigError(path, "signing.secret_window_minutes phải từ 1 đến 1440");
  }
  if (c.verify_cpu_ms < 1 || c.verify_cpu_ms > 600000) {
    return ConfigError(path, "signing.verify_cpu_ms phải từ 1 đến 600000");
  }
  if (c.verify_concurrent < 0 || c.verify_concurrent > 1000) {
    return ConfigError(path, "signing.verify_concurrent phải từ 0 (tự chọn) đến 1000");
  }
  if (c.verify_concurrent_per_address < 1 || c.verify_concurrent_per_address > 1000) {
    return ConfigError(path, "signing.verify_concurrent_per_address phải từ 1 đến 1000");
  }
  if (!IsMetricsAllow(c.metrics_allow)) {
    return ConfigError(path, kMetricsAllowValues);
  }
  return Ok();
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
