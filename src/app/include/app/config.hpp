// cqdt's configuration: defaults, then a TOML file, then CQDT_* environment variables, then
// command-line flags (each later source wins). See README.md (Configuration) and cqdt.example.toml.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace cqdt::app {

struct Config {
  // [server]
  std::string listen = "127.0.0.1:8080";
  int io_threads = 1;
  int worker_threads = 4;
  // Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are honoured: addresses or CIDR
  // blocks. Empty with trust_proxy = true means a proxy on this machine (127.0.0.0/8, ::1).
  bool trust_proxy = false;
  std::vector<std::string> trusted_proxies;
  bool cookie_secure = false;
  // Native HTTPS (issue 16): a second listener beside `listen`, with the certificate chain and
  // key in PEM (read again on SIGHUP); HSTS on its responses when `hsts`.
  std::string tls_listen;  // "" = no HTTPS
  std::string tls_cert_file;
  std::string tls_key_file;
  bool hsts = false;
  int hsts_max_age_seconds = 31536000;  // one year
  // The TOML file the settings were read from ("" = none), for error messages.
  std::string config_file;
  std::string web_root = "web/dist";
  // The address citizens use (printed as the QR code of a receipt); "" = http://<listen>.
  std::string public_url;
  int shutdown_grace_seconds = 10;
  // Live notification streams (server-sent events) open at most, and per signed-in person.
  int event_streams_max = 1000;
  int event_streams_per_person = 5;
  // [database]
  std::string db;  // default: sqlite://<data_dir>/cqdt.db
  int db_pool_size = 8;
  // [storage]
  std::string data_dir = "data";
  // Where uploaded files are kept: "files" (a directory) or "database" (the blob_object table,
  // PostgreSQL only: files shared by several instances and backed up with the database).
  std::string blobs = "files";
  std::string blob_dir;  // "files": "" = <data_dir>/blobs; a shared directory for several instances
  int blob_sweep_hour = 2;  // the daily orphan sweep, Vietnam time; -1: none
  std::string BlobDir() const;
  // [log]
  std::string log_level = "info";
  bool access_log = true;
  // [session]
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  // [security]
  int login_max_failures = 5;
  int login_max_failures_per_address = 20;
  int login_window_minutes = 15;
  int anonymous_requests_per_minute = 30;
  int sign_up_requests_per_minute = 5;    // citizen sign-ups per client address (issue 8)
  int tracking_requests_per_minute = 30;  // public dossier tracking per client address (issue 13)
  int tracking_cache_seconds = 2;  // a tracking answer's reuse while nothing is written (0: none)
  // [index766] (issue 13, item 9): the Decision 766 rules, when not the compiled-in ones (a JSON
  // file in the format of src/quality/rules/qd766-local.json); public requests per address.
  std::string index766_rules_file;
  int index766_requests_per_minute = 60;
  int index766_snapshot_hour = 1;    // the nightly snapshot, Vietnam time; -1: none
  int index766_cache_seconds = 300;  // an answer is reused this long (0: computed every time)
  // [proactive] (issue 13, item 8): the proactive-service rules, when not the compiled-in ones (a
  // JSON file in the format of src/proactive/rules/proactive-rules.json); the daily sweep's hour.
  std::string proactive_rules_file;
  int proactive_sweep_hour = 6;  // Vietnam time; -1: none
  // [exchange] (issue 14): the document exchange hub. The OrganId the hub signs and traces as
  // ("" = the first level-1 agency), the key ring id of the key for packages no agency seal
  // signs and for requests to peer hubs, the package limits, and the forwarding retries.
  std::string exchange_hub_organ_id;
  std::string exchange_hub_key;
  // The agencies of the directory the hub delivers to here, as route patterns ("H01", "H01.12",
  // exact codes; "*" = all, the default): a directory may also list agencies served elsewhere.
  std::vector<std::string> exchange_served = {"*"};
  int exchange_max_package_mb = 50;
  int exchange_max_unzipped_mb = 64;
  int exchange_max_attempts = 12;
  int exchange_retry_seconds = 5;
  int exchange_max_retry_seconds = 3600;
  int exchange_forward_parallel = 8;  // packages sent to peer hubs at once
  // [oidc] sign-in to the portal through an OpenID Connect provider standing in for VNeID
  // (issue 13, item 2): off by default.
  bool oidc_enabled = false;
  std::string oidc_issuer;  // exact issuer identifier; https:// (http:// only loopback)
  std::string oidc_client_id;
  std::string oidc_client_secret;  // or CQDT_OIDC_CLIENT_SECRET (wins); never logged or shown
  std::string oidc_redirect_uri;   // "" = <public_url>/api/v1/auth/oidc/callback
  std::string oidc_scopes = "openid profile phone";
  std::string oidc_citizen_id_claim = "citizen_id";  // the claim with the 12-digit number
  std::string oidc_provider_name = "VNeID";          // on the button and in the audit trail
  int oidc_clock_skew_seconds = 60;
  int oidc_requests_per_minute = 30;  // starts and callbacks per client address
  int oidc_timeout_ms = 10000;        // each request to the provider
  std::string oidc_ca_file;           // "" = the system's trusted CAs
  // [feedback] (issue 13, item 7): the rating levels and criteria, PAKN categories and answer
  // time, when not the compiled-in ones (a JSON file in the format of
  // src/feedback/settings/feedback-settings.json); PAKN requests per client address.
  std::string feedback_settings_file;
  int feedback_requests_per_minute = 20;
  // [calendar]
  std::string office_hours = "08:00-12:00,13:00-17:00";  // two sessions, local time
  std::string receipt_cutoff = "15:00";  // receipts at or after it count from the next working
                                         // day; "" disables it

  // [signing] (issue 4)
  std::string signing_keys_file;  // default: <data_dir>/pki/keys.toml
  std::string timestamp_url;      // RFC 3161 TSA (http://); "" = PAdES B-B, no timestamp
  bool online_revocation = true;  // fetch CRLs / ask OCSP responders while verifying
  int revocation_timeout_ms = 5000;
  int verify_requests_per_minute = 20;  // public verification page, per client address
  int verify_max_mb = 20;               // public verification upload limit
  int documents_max_file_mb = 50;       // [documents] max_file_mb: one document file upload
  int documents_import_max_mb = 200;    // [documents] import_max_mb: an import package upload
  // Issue 8: the CPU time one verification may use (thread CPU time; the API answers 422 past it),
  // how many verifications may run at once (0: half the worker threads, at least one; always fewer
  // than worker_threads when there are two or more, so logins and /readyz keep a worker), and how
  // many one client address may have in flight.
  int verify_cpu_ms = 5000;
  int verify_concurrent = 0;
  int verify_concurrent_per_address = 2;
  int secret_max_failures = 5;     // wrong key passwords per signer and per key ...
  int secret_window_minutes = 15;  // ... within this window, then 429
  bool bundled_roots = true;       // trust the shipped national roots (once per database)
  std::string report_seal_key;     // keys.toml id of the seal that signs report PDFs; "" = none
  // Personal signatures with the user's own token (issue 9).
  std::string agent_url = "http://127.0.0.1:8765";              // where browsers find `cqdt agent`
  std::string agent_install_url = "/huong-dan/phan-mem-ky-so";  // how to install it
  int external_ttl_seconds = 600;                               // a prepared signature's lifetime
  // [documents] keep the files of confidential documents: only on an instance declared isolated
  // (decision 0009).
  bool confidential_files = false;
  // [documents] the hour (0..23, Vietnam time) at which the server writes the day's "due
  // tomorrow" / "overdue" reminders (issue 10, item 5); -1 (the default) leaves it to
  // `cqdt doc remind` run by cron.
  int remind_hour = -1;
  // [documents] text extraction and OCR of documents' files for search and the registration
  // form's proposals (issue 11, item 4): on by default; at most this many scanned pages read by
  // OCR per file, and the wall-clock time one file may take.
  bool extraction = true;
  int ocr_max_pages = 30;
  int extraction_timeout_seconds = 600;

  // [mail] official e-mail (issue 15): off by default. The default SMTP server (agencies may
  // have their own accounts, set in the admin pages), the sender, the key that seals stored
  // passwords, DKIM, the delivery's limits and retries. The SMTP password comes from
  // CQDT_MAIL_SMTP_PASSWORD only, never from the file.
  struct Mail {
    bool enabled = false;
    std::string smtp_host;
    int smtp_port = 587;
    std::string smtp_tls = "starttls";  // starttls | tls | none (none: loopback only)
    std::string smtp_username;
    std::string smtp_password;  // environment only
    std::string from_address;
    std::string from_name;
    std::string ca_file;          // PEM trusted for the mail servers ("" = the system's)
    std::string secret_key_file;  // "" = <data_dir>/secrets/mail.key (made on first start)
    std::string dkim_domain, dkim_selector, dkim_key_file;  // no domain: unsigned
    std::string templates_file;                             // "" = the shipped defaults
    int per_domain_per_minute = 120;
    int max_attempts = 10;
    int retry_seconds = 60;
    int max_retry_seconds = 3600;
    int max_age_hours = 72;
    int digest_hour = 7;    // the officials' daily digest, Vietnam time; -1: none
    int poll_seconds = 60;  // the official mailboxes (IMAP)
    int sessions = 1;       // SMTP connections the worker sends over at once (1: strictly in order)
    int intake_max_mb = 30;  // a received message read whole up to this size (else its header)
    // The receiving mail server's authserv-id: only its Authentication-Results (SPF) count.
    std::string authserv_id;
    bool dkim_dns = true;  // look DKIM keys of received messages up in DNS
  } mail;

  // [metrics] who may read /metrics: "loopback" (this machine, not through a proxy), "token"
  // (Authorization: Bearer <token>) or "public".
  std::string metrics_allow = "loopback";
  std::string metrics_token_file;  // allow = "token": a file whose first line is the token
  std::string metrics_token;       // CQDT_METRICS_TOKEN; from the environment only, never TOML

  std::string DatabaseUrl() const;
  // Where citizens reach this instance: public_url, else http://<listen>.
  std::string PublicUrl() const;
  std::string OidcRedirectUri() const;
  std::string SigningKeysFile() const;
  // verify_concurrent with its default applied (worker_threads / 2, at least 1).
  int VerifyConcurrent() const;
};

// Checks what no single source can: settings that depend on each other (after the file, the
// environment and the flags). Errors: InvalidField("config") with a Vietnamese message.
Status CheckConfig(const Config& config);

// Reads `path` (TOML) over `config`. Unknown sections and keys, values of the wrong type and
// values out of range are errors (a typo must not pass silently), kInvalidArgument errors whose
// message names the file and the key: "<path>: <section>.<key>: <what is wrong>".
Status LoadTomlFile(const std::string& path, Config& config);
// Applies CQDT_LISTEN, CQDT_DB, CQDT_DATA_DIR, CQDT_WEB_ROOT, CQDT_LOG_LEVEL,
// CQDT_WORKER_THREADS, CQDT_TRUST_PROXY, CQDT_COOKIE_SECURE, CQDT_SIGN_UP_REQUESTS_PER_MINUTE,
// CQDT_METRICS_ALLOW, CQDT_METRICS_TOKEN (and a few more, see config.cpp) from `env`.
Status ApplyEnvironment(const std::map<std::string, std::string>& env, Config& config);

// The [mail] section (config_mail.cpp; the file's [mail] is read by LoadTomlFile):
// CQDT_MAIL_* from the environment (CQDT_MAIL_ENABLED, _SMTP_HOST, _SMTP_PORT, _SMTP_TLS,
// _SMTP_USERNAME, _SMTP_PASSWORD, _FROM_ADDRESS, _FROM_NAME, _CA_FILE, _DKIM_DOMAIN,
// _DKIM_SELECTOR, _DKIM_KEY_FILE, _RETRY_SECONDS, _DIGEST_HOUR, _POLL_SECONDS,
// _PER_DOMAIN_PER_MINUTE, _SESSIONS, _DKIM_DNS).
Status ApplyMailEnvironment(const std::map<std::string, std::string>& env, Config::Mail& mail);

// The bearer token /metrics requires when metrics_allow is "token": CQDT_METRICS_TOKEN, else the
// first line of metrics_token_file. kInvalidArgument (Vietnamese, naming the setting) when
// there is none or it is not 16-256 visible ASCII characters.
Result<std::string> MetricsToken(const Config& config);

}  // namespace cqdt::app
