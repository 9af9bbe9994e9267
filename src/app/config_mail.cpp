// The [mail] section of the configuration (issue 15): read from the TOML file and CQDT_MAIL_*.
#include <optional>
#include <string>
#include <utility>

#include "app/config.hpp"
#include "config_reader.hpp"

namespace cqdt::app {
namespace {

Error MailConfigError(const std::string& where, const std::string& what) {
  return Error::InvalidField(where, "config", "Cấu hình không hợp lệ (" + where + "): " + what);
}

// What is wrong with the settings that depend on each other, as (key, message); nullopt = fine.
std::optional<std::pair<std::string, std::string>> Check(const Config::Mail& m) {
  if (m.smtp_tls != "starttls" && m.smtp_tls != "tls" && m.smtp_tls != "none") {
    return std::pair{"smtp_tls", "phải là starttls, tls hoặc none"};
  }
  if (m.smtp_port < 1 || m.smtp_port > 65535) {
    return std::pair{"smtp_port", "phải từ 1 đến 65535"};
  }
  if (m.per_domain_per_minute < 1 || m.max_attempts < 1 || m.retry_seconds < 1 ||
      m.max_retry_seconds < m.retry_seconds || m.max_age_hours < 1 || m.poll_seconds < 1) {
    return std::pair{"max_retry_seconds",
                     "mail.per_domain_per_minute, max_attempts, retry_seconds, max_age_hours, "
                     "poll_seconds phải dương và max_retry_seconds không nhỏ hơn retry_seconds"};
  }
  if (m.intake_max_mb < 1 || m.intake_max_mb > 200) {
    return std::pair{"intake_max_mb", "phải từ 1 đến 200"};
  }
  if (m.sessions < 1 || m.sessions > 32) {
    return std::pair{"sessions", "phải từ 1 đến 32"};
  }
  if (m.digest_hour < -1 || m.digest_hour > 23) {
    return std::pair{"digest_hour", "phải từ 0 đến 23, hoặc -1 để tắt"};
  }
  if (!m.dkim_domain.empty() && (m.dkim_selector.empty() || m.dkim_key_file.empty())) {
    return std::pair{"dkim_domain", "cần cả mail.dkim_selector và mail.dkim_key_file"};
  }
  return std::nullopt;
}

}  // namespace

void LoadMailSection(ConfigReader& r, Config::Mail& m) {
  r.Flag("mail", "enabled", m.enabled);
  r.Text("mail", "smtp_host", m.smtp_host);
  r.Int("mail", "smtp_port", m.smtp_port, 1, 65535);
  r.Text("mail", "smtp_tls", m.smtp_tls);
  r.Text("mail", "smtp_username", m.smtp_username);
  r.Text("mail", "from_address", m.from_address);
  r.Text("mail", "from_name", m.from_name);
  r.Text("mail", "ca_file", m.ca_file);
  r.Text("mail", "secret_key_file", m.secret_key_file);
  r.Text("mail", "dkim_domain", m.dkim_domain);
  r.Text("mail", "dkim_selector", m.dkim_selector);
  r.Text("mail", "dkim_key_file", m.dkim_key_file);
  r.Text("mail", "templates_file", m.templates_file);
  r.Int("mail", "per_domain_per_minute", m.per_domain_per_minute, 1, 1'000'000);
  r.Int("mail", "max_attempts", m.max_attempts, 1, 1000);
  r.Int("mail", "retry_seconds", m.retry_seconds, 1, 86400);
  r.Int("mail", "max_retry_seconds", m.max_retry_seconds, 1, 7 * 86400);
  r.Int("mail", "max_age_hours", m.max_age_hours, 1, 24 * 90);
  r.Int("mail", "digest_hour", m.digest_hour, -1, 23);
  r.Int("mail", "poll_seconds", m.poll_seconds, 1, 86400);
  r.Int("mail", "sessions", m.sessions, 1, 32);
  r.Int("mail", "intake_max_mb", m.intake_max_mb, 1, 200);
  r.Text("mail", "authserv_id", m.authserv_id);
  r.Flag("mail", "dkim_dns", m.dkim_dns);
  if (auto wrong = Check(m)) {
    r.Fail("mail", wrong->first, wrong->second);
  }
}

Status ApplyMailEnvironment(const std::map<std::string, std::string>& env, Config::Mail& m) {
  auto get = [&](const char* k) -> const std::string* {
    auto it = env.find(k);
    return it == env.end() || it->second.empty() ? nullptr : &it->second;
  };
  for (auto [name, field] :
       {std::pair{"CQDT_MAIL_SMTP_HOST", &m.smtp_host},
        std::pair{"CQDT_MAIL_SMTP_TLS", &m.smtp_tls},
        std::pair{"CQDT_MAIL_SMTP_USERNAME", &m.smtp_username},
        std::pair{"CQDT_MAIL_SMTP_PASSWORD", &m.smtp_password},
        std::pair{"CQDT_MAIL_FROM_ADDRESS", &m.from_address},
        std::pair{"CQDT_MAIL_FROM_NAME", &m.from_name}, std::pair{"CQDT_MAIL_CA_FILE", &m.ca_file},
        std::pair{"CQDT_MAIL_DKIM_DOMAIN", &m.dkim_domain},
        std::pair{"CQDT_MAIL_DKIM_SELECTOR", &m.dkim_selector},
        std::pair{"CQDT_MAIL_DKIM_KEY_FILE", &m.dkim_key_file}}) {
    if (auto v = get(name)) {
      *field = *v;
    }
  }
  if (auto v = get("CQDT_MAIL_ENABLED")) {
    m.enabled = *v == "1" || *v == "true" || *v == "yes";
  }
  if (auto v = get("CQDT_MAIL_DKIM_DNS")) {
    m.dkim_dns = *v == "1" || *v == "true" || *v == "yes";
  }
  for (auto [name, field] : {std::pair{"CQDT_MAIL_SMTP_PORT", &m.smtp_port},
                             std::pair{"CQDT_MAIL_DIGEST_HOUR", &m.digest_hour},
                             std::pair{"CQDT_MAIL_POLL_SECONDS", &m.poll_seconds},
                             std::pair{"CQDT_MAIL_PER_DOMAIN_PER_MINUTE", &m.per_domain_per_minute},
                             std::pair{"CQDT_MAIL_SESSIONS", &m.sessions}}) {
    if (auto v = get(name)) {
      try {
        *field = std::stoi(*v);
      } catch (const std::exception&) {
        return MailConfigError(name, "cần một số nguyên");
      }
    }
  }
  if (auto v = get("CQDT_MAIL_RETRY_SECONDS")) {  // the tests shorten the backoff
    try {
      m.retry_seconds = std::max(1, std::stoi(*v));
      m.max_retry_seconds = 4 * m.retry_seconds;
    } catch (const std::exception&) {
      return MailConfigError("CQDT_MAIL_RETRY_SECONDS", "cần một số nguyên");
    }
  }
  if (auto wrong = Check(m)) {
    return MailConfigError("CQDT_MAIL_*", "mail." + wrong->first + " " + wrong->second);
  }
  return Ok();
}

}  // namespace cqdt::app
