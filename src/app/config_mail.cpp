// The [mail] section of the configuration (issue 15): read from the TOML file and CQDT_MAIL_*.
#include <toml++/toml.h>

#include "app/config.hpp"

namespace cqdt::app {
namespace {

Error MailConfigError(const std::string& where, const std::string& what) {
  return Error::InvalidField(where, "config", "Cấu hình không hợp lệ (" + where + "): " + what);
}

Status Check(const std::string& where, const Config::Mail& m) {
  if (m.smtp_tls != "starttls" && m.smtp_tls != "tls" && m.smtp_tls != "none") {
    return MailConfigError(where, "mail.smtp_tls phải là starttls, tls hoặc none");
  }
  if (m.smtp_port < 1 || m.smtp_port > 65535) {
    return MailConfigError(where, "mail.smtp_port phải từ 1 đến 65535");
  }
  if (m.per_domain_per_minute < 1 || m.max_attempts < 1 || m.retry_seconds < 1 ||
      m.max_retry_seconds < m.retry_seconds || m.max_age_hours < 1 || m.poll_seconds < 1) {
    return MailConfigError(where,
                           "mail.per_domain_per_minute, max_attempts, retry_seconds, "
                           "max_age_hours, poll_seconds phải dương và max_retry_seconds không "
                           "nhỏ hơn retry_seconds");
  }
  if (m.intake_max_mb < 1 || m.intake_max_mb > 200) {
    return MailConfigError(where, "mail.intake_max_mb phải từ 1 đến 200");
  }
  if (m.sessions < 1 || m.sessions > 32) {
    return MailConfigError(where, "mail.sessions phải từ 1 đến 32");
  }
  if (m.digest_hour < -1 || m.digest_hour > 23) {
    return MailConfigError(where, "mail.digest_hour phải từ 0 đến 23, hoặc -1 để tắt");
  }
  if (!m.dkim_domain.empty() && (m.dkim_selector.empty() || m.dkim_key_file.empty())) {
    return MailConfigError(where,
                           "mail.dkim_domain cần cả mail.dkim_selector và mail.dkim_key_file");
  }
  return Ok();
}

}  // namespace

Status LoadMailToml(const void* table, const std::string& path, Config::Mail& m) {
  if (table == nullptr) {
    return Ok();
  }
  const toml::table& t = *static_cast<const toml::table*>(table);
  auto str = [&](const char* k, std::string& out) {
    if (auto v = t[k].value<std::string>()) {
      out = *v;
    }
  };
  auto num = [&](const char* k, int& out) {
    if (auto v = t[k].value<int64_t>()) {
      out = static_cast<int>(*v);
    }
  };
  if (auto v = t["enabled"].value<bool>()) {
    m.enabled = *v;
  }
  str("smtp_host", m.smtp_host);
  num("smtp_port", m.smtp_port);
  str("smtp_tls", m.smtp_tls);
  str("smtp_username", m.smtp_username);
  str("from_address", m.from_address);
  str("from_name", m.from_name);
  str("ca_file", m.ca_file);
  str("secret_key_file", m.secret_key_file);
  str("dkim_domain", m.dkim_domain);
  str("dkim_selector", m.dkim_selector);
  str("dkim_key_file", m.dkim_key_file);
  str("templates_file", m.templates_file);
  num("per_domain_per_minute", m.per_domain_per_minute);
  num("max_attempts", m.max_attempts);
  num("retry_seconds", m.retry_seconds);
  num("max_retry_seconds", m.max_retry_seconds);
  num("max_age_hours", m.max_age_hours);
  num("digest_hour", m.digest_hour);
  num("poll_seconds", m.poll_seconds);
  num("sessions", m.sessions);
  num("intake_max_mb", m.intake_max_mb);
  str("authserv_id", m.authserv_id);
  if (auto v = t["dkim_dns"].value<bool>()) {
    m.dkim_dns = *v;
  }
  return Check(path, m);
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
  return Check("CQDT_MAIL_*", m);
}

}  // namespace cqdt::app
