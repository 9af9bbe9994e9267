// The sections of cqdt's TOML configuration, one loader each (config_reader.hpp). Ranges are
// the values the server can run with; a value outside them is refused with its key and file.
#include "cli.hpp"
#include "config_reader.hpp"
#include "http/trusted_proxies.hpp"

namespace cqdt::app {
namespace {

// The per-minute limits' ceiling: far above any real client, and above what the benchmarks send
// from one address (bench/http-bench.sh lifts them past wrk's 3 million tracking requests a
// minute).
constexpr int kManyPerMinute = 1'000'000'000;

bool IsListenAddress(const std::string& listen) { return !SplitListen(listen).first.empty(); }

// [server] trusted_proxies and the native HTTPS settings.
void LoadServerTls(ConfigReader& r, Config& c) {
  if (r.Has("server", "trusted_proxies")) {
    r.TextList("server", "trusted_proxies", c.trusted_proxies);
    if (auto parsed = http::TrustedProxies::Parse(c.trusted_proxies); !parsed) {
      r.Fail("server", "trusted_proxies", parsed.error().message());
    }
  }
  r.Text("server", "tls_listen", c.tls_listen);
  r.Text("server", "tls_cert_file", c.tls_cert_file);
  r.Text("server", "tls_key_file", c.tls_key_file);
  r.Flag("server", "hsts", c.hsts);
  r.Int("server", "hsts_max_age_seconds", c.hsts_max_age_seconds, 0, 63072000);  // two years
  const bool any = !c.tls_listen.empty() || !c.tls_cert_file.empty() || !c.tls_key_file.empty();
  if (any && (c.tls_listen.empty() || c.tls_cert_file.empty() || c.tls_key_file.empty())) {
    r.Fail("server", "tls_listen",
           "server.tls_listen, server.tls_cert_file và server.tls_key_file phải được đặt cùng "
           "nhau để bật HTTPS");
  }
  if (!c.tls_listen.empty() && !IsListenAddress(c.tls_listen)) {
    r.Fail("server", "tls_listen", "phải có dạng máy:cổng, ví dụ 0.0.0.0:8443");
  }
  if (c.hsts && c.tls_listen.empty()) {
    r.Fail("server", "hsts", "chỉ dùng được khi đã bật HTTPS (server.tls_listen)");
  }
}

}  // namespace

void LoadServerSection(ConfigReader& r, Config& c) {
  r.Text("server", "listen", c.listen);
  if (r.Has("server", "listen") && !IsListenAddress(c.listen)) {
    r.Fail("server", "listen", "phải có dạng máy:cổng, ví dụ 127.0.0.1:8080 / must be host:port");
  }
  r.Int("server", "io_threads", c.io_threads, 1, 256);
  r.Int("server", "worker_threads", c.worker_threads, 1, 1024);
  r.Flag("server", "trust_proxy", c.trust_proxy);
  r.Flag("server", "cookie_secure", c.cookie_secure);
  r.Text("server", "public_url", c.public_url);
  r.Text("server", "web_root", c.web_root);
  r.Int("server", "shutdown_grace_seconds", c.shutdown_grace_seconds, 0, 3600);
  LoadServerTls(r, c);
  r.Int("server", "event_streams_max", c.event_streams_max, 1, 1'000'000);
  r.Int("server", "event_streams_per_person", c.event_streams_per_person, 1, 1000);
}

void LoadDatabaseSection(ConfigReader& r, Config& c) {
  r.Text("database", "url", c.db);
  r.Int("database", "pool_size", c.db_pool_size, 1, 1000);
}

void LoadLogSection(ConfigReader& r, Config& c) {
  r.Text("log", "level", c.log_level);
  if (r.Has("log", "level")) {
    static const char* const kLevels[] = {"trace",   "debug", "info",     "warn",
                                          "warning", "error", "critical", "off"};
    bool known = false;
    for (const char* level : kLevels) {
      known = known || c.log_level == level;
    }
    if (!known) {
      r.Fail("log", "level", "phải là trace, debug, info, warn, error, critical hoặc off");
    }
  }
  r.Flag("log", "access_log", c.access_log);
}

void LoadSessionSection(ConfigReader& r, Config& c) {
  r.Int("session", "idle_minutes", c.session_idle_minutes, 1, 24 * 60);
  r.Int("session", "absolute_hours", c.session_absolute_hours, 1, 24 * 90);
}

void LoadSecuritySection(ConfigReader& r, Config& c) {
  r.Int("security", "login_max_failures", c.login_max_failures, 1, 1000);
  r.Int("security", "login_max_failures_per_address", c.login_max_failures_per_address, 1, 100'000);
  r.Int("security", "login_window_minutes", c.login_window_minutes, 1, 24 * 60);
  r.Int("security", "anonymous_requests_per_minute", c.anonymous_requests_per_minute, 1,
        kManyPerMinute);
  r.Int("security", "sign_up_requests_per_minute", c.sign_up_requests_per_minute, 1,
        kManyPerMinute);
  r.Int("security", "tracking_requests_per_minute", c.tracking_requests_per_minute, 1,
        kManyPerMinute);
  r.Int("security", "tracking_cache_seconds", c.tracking_cache_seconds, 0, 60);
}

void LoadCalendarSection(ConfigReader& r, Config& c) {
  r.Text("calendar", "office_hours", c.office_hours);
  r.Text("calendar", "receipt_cutoff", c.receipt_cutoff);
}

void LoadIndex766Section(ConfigReader& r, Config& c) {
  r.Text("index766", "rules_file", c.index766_rules_file);
  r.Int("index766", "requests_per_minute", c.index766_requests_per_minute, 1, kManyPerMinute);
  r.Int("index766", "snapshot_hour", c.index766_snapshot_hour, -1, 23);  // -1: none
  r.Int("index766", "cache_seconds", c.index766_cache_seconds, 0, 3600);
}

void LoadProactiveSection(ConfigReader& r, Config& c) {
  r.Text("proactive", "rules_file", c.proactive_rules_file);
  r.Int("proactive", "sweep_hour", c.proactive_sweep_hour, -1, 23);  // -1: none
}

void LoadFeedbackSection(ConfigReader& r, Config& c) {
  r.Text("feedback", "settings_file", c.feedback_settings_file);
  r.Int("feedback", "requests_per_minute", c.feedback_requests_per_minute, 1, kManyPerMinute);
}

void LoadExchangeSection(ConfigReader& r, Config& c) {
  r.Text("exchange", "hub_organ_id", c.exchange_hub_organ_id);
  r.Text("exchange", "hub_key", c.exchange_hub_key);
  r.TextList("exchange", "served", c.exchange_served);
  r.Int("exchange", "max_package_mb", c.exchange_max_package_mb, 1, 500);
  r.Int("exchange", "max_unzipped_mb", c.exchange_max_unzipped_mb, 1, 1000);
  r.Int("exchange", "max_attempts", c.exchange_max_attempts, 1, 1000);
  r.Int("exchange", "retry_seconds", c.exchange_retry_seconds, 1, 86400);
  r.Int("exchange", "max_retry_seconds", c.exchange_max_retry_seconds, 1, 7 * 86400);
  r.Int("exchange", "forward_parallel", c.exchange_forward_parallel, 1, 64);
  if (c.exchange_max_retry_seconds < c.exchange_retry_seconds) {
    r.Fail("exchange", "max_retry_seconds", "không được nhỏ hơn exchange.retry_seconds");
  }
}

void LoadOidcSection(ConfigReader& r, Config& c) {
  r.Flag("oidc", "enabled", c.oidc_enabled);
  r.Text("oidc", "issuer", c.oidc_issuer);
  r.Text("oidc", "client_id", c.oidc_client_id);
  r.Text("oidc", "client_secret", c.oidc_client_secret);
  r.Text("oidc", "redirect_uri", c.oidc_redirect_uri);
  r.Text("oidc", "scopes", c.oidc_scopes);
  r.Text("oidc", "citizen_id_claim", c.oidc_citizen_id_claim);
  r.Text("oidc", "provider_name", c.oidc_provider_name);
  r.Int("oidc", "clock_skew_seconds", c.oidc_clock_skew_seconds, 0, 600);
  r.Int("oidc", "requests_per_minute", c.oidc_requests_per_minute, 1, 10000);
  r.Int("oidc", "timeout_ms", c.oidc_timeout_ms, 1000, 60000);
  r.Text("oidc", "ca_file", c.oidc_ca_file);
}

void LoadSigningSection(ConfigReader& r, Config& c) {
  r.Text("signing", "keys_file", c.signing_keys_file);
  r.Text("signing", "timestamp_url", c.timestamp_url);
  if (!c.timestamp_url.empty() && c.timestamp_url.rfind("http://", 0) != 0) {
    r.Fail("signing", "timestamp_url", "phải bắt đầu bằng http://");
  }
  r.Flag("signing", "online_revocation", c.online_revocation);
  r.Int("signing", "revocation_timeout_ms", c.revocation_timeout_ms, 100, 600000);
  r.Int("signing", "verify_requests_per_minute", c.verify_requests_per_minute, 1, kManyPerMinute);
  r.Int("signing", "verify_max_mb", c.verify_max_mb, 1, 200);
  r.Int("signing", "verify_cpu_ms", c.verify_cpu_ms, 1, 600000);
  r.Int("signing", "verify_concurrent", c.verify_concurrent, 0, 1000);  // 0: chosen
  r.Int("signing", "verify_concurrent_per_address", c.verify_concurrent_per_address, 1, 1000);
  r.Int("signing", "secret_max_failures", c.secret_max_failures, 1, 100);
  r.Int("signing", "secret_window_minutes", c.secret_window_minutes, 1, 24 * 60);
  r.Flag("signing", "bundled_roots", c.bundled_roots);
  r.Text("signing", "report_seal_key", c.report_seal_key);
  r.Text("signing", "agent_url", c.agent_url);
  if (!IsLoopbackAgentUrl(c.agent_url)) {
    r.Fail("signing", "agent_url",
           "phải là http://127.0.0.1:<cổng> (phần mềm ký số chạy trên máy của người ký)");
  }
  r.Text("signing", "agent_install_url", c.agent_install_url);
  r.Int("signing", "external_ttl_seconds", c.external_ttl_seconds, 60, 3600);
}

void LoadDocumentsSection(ConfigReader& r, Config& c) {
  r.Int("documents", "max_file_mb", c.documents_max_file_mb, 1, 500);
  r.Int("documents", "import_max_mb", c.documents_import_max_mb, 1, 4096);
  r.Flag("documents", "confidential_files", c.confidential_files);
  r.Int("documents", "remind_hour", c.remind_hour, -1, 23);  // -1: `cqdt doc remind` by cron
  r.Flag("documents", "extraction", c.extraction);
  r.Int("documents", "ocr_max_pages", c.ocr_max_pages, 0, 1000);
  r.Int("documents", "extraction_timeout_seconds", c.extraction_timeout_seconds, 10, 86400);
}

void LoadMetricsSection(ConfigReader& r, Config& c) {
  r.Text("metrics", "allow", c.metrics_allow);
  if (!IsMetricsAllow(c.metrics_allow)) {
    r.Fail("metrics", "allow", kMetricsAllowValues);
  }
  r.Text("metrics", "token_file", c.metrics_token_file);
}

}  // namespace cqdt::app
