#include "services.hpp"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "db/migrator.hpp"
#include "numbering/counter_service.hpp"

namespace cqdt::app {

std::vector<db::Migration> AllMigrations() {
  std::vector<db::Migration> all;
  // Lower ranks first: later tables reference earlier ones.
  for (auto ms : {numbering::Migrations(), audit::Migrations(), org::Migrations(),
                  identity::Migrations()}) {
    all.insert(all.end(), ms.begin(), ms.end());
  }
  return all;
}

Result<std::unique_ptr<Services>> Services::Open(const Config& config) {
  auto s = std::make_unique<Services>();
  s->config = config;
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    return Error::Unavailable("Không tạo được thư mục dữ liệu " + config.data_dir + ".");
  }
  db::DatabaseOptions options;
  options.url = config.DatabaseUrl();
  options.pool_size = static_cast<std::size_t>(std::max(1, config.db_pool_size));
  CQDT_ASSIGN_OR_RETURN(s->db, db::Database::Open(options));
  db::Migrator migrator(*s->db, AllMigrations());
  CQDT_ASSIGN_OR_RETURN(int applied, migrator.Apply());
  if (applied > 0) {
    spdlog::info("đã áp dụng {} bản cập nhật lược đồ / applied {} migrations", applied, applied);
  }
  identity::IdentityOptions id_options;
  id_options.idle_timeout = std::chrono::minutes(config.session_idle_minutes);
  id_options.absolute_timeout = std::chrono::hours(config.session_absolute_hours);
  id_options.account_max_failures = config.login_max_failures;
  id_options.address_max_failures = config.login_max_failures_per_address;
  id_options.throttle_window = std::chrono::minutes(config.login_window_minutes);
  s->audit = std::make_unique<audit::AuditLog>(s->clock);
  s->agencies = std::make_unique<org::AgencyService>(*s->audit, s->clock);
  s->identity = std::make_unique<identity::IdentityService>(*s->db, *s->audit, *s->agencies,
                                                            s->clock, id_options);
  return s;
}

}  // namespace cqdt::app
