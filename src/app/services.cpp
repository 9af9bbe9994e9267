#include "services.hpp"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "blob/database_blob_store.hpp"
#include "db/migrator.hpp"
#include "exchange/hub.hpp"
#include "mailroom/schema.hpp"
#include "numbering/counter_service.hpp"
#include "oidc/sign_in.hpp"

namespace cqdt::app {

std::vector<db::Migration> AllMigrations() {
  std::vector<db::Migration> all;
  // Lower ranks first: later tables reference earlier ones.
  for (auto ms :
       {blob::Migrations(), notify::Migrations(), numbering::Migrations(), audit::Migrations(),
        org::Migrations(), identity::Migrations(), signing::Migrations(), oidc::Migrations(),
        documents::Migrations(), onestop::Migrations(), payment::Migrations(),
        feedback::Migrations(), quality::Migrations(), portal::Migrations(),
        proactive::Migrations(), exchange::Migrations(), mailroom::Migrations()}) {
    all.insert(all.end(), ms.begin(), ms.end());
  }
  return all;
}

namespace {

// "HH:MM" -> minutes after midnight.
std::optional<int> ParseClock(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') {
    return std::nullopt;
  }
  for (int i : {0, 1, 3, 4}) {
    if (s[i] < '0' || s[i] > '9') {
      return std::nullopt;
    }
  }
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) {
    return std::nullopt;
  }
  return h * 60 + m;
}

// [storage] blobs: files in Config::BlobDir(), or the database's blob_object on a pool of its own
// (PostgreSQL only: on SQLite a Put's own write transaction would wait for its caller's).
Result<std::unique_ptr<blob::BlobStore>> OpenBlobStore(const Config& config,
                                                       db::DatabaseOptions options, Services& s) {
  if (config.blobs != "database") {
    CQDT_ASSIGN_OR_RETURN(auto files, blob::FileBlobStore::Open(config.BlobDir()));
    return std::unique_ptr<blob::BlobStore>(std::move(files));
  }
  if (s.db->engine() != db::Engine::kPostgres) {
    return Error::InvalidField("storage.blobs", "config",
                               "Cấu hình không hợp lệ (storage.blobs): \"database\" chỉ dùng được "
                               "với CSDL PostgreSQL / needs a PostgreSQL database");
  }
  options.pool_size = std::max<std::size_t>(2, options.pool_size / 2);
  CQDT_ASSIGN_OR_RETURN(s.blob_db, db::Database::Open(options));
  return std::unique_ptr<blob::BlobStore>(
      std::make_unique<blob::DatabaseBlobStore>(*s.blob_db, s.clock));
}

}  // namespace

Result<std::unique_ptr<WorkingCalendar>> OpenCalendar(const Config& config) {
  WorkingCalendarOptions options;
  // "08:00-12:00,13:00-17:00"
  const std::string& h = config.office_hours;
  auto ms = ParseClock(h.substr(0, 5));
  auto me = h.size() > 6 ? ParseClock(h.substr(6, 5)) : std::nullopt;
  auto as = h.size() > 12 ? ParseClock(h.substr(12, 5)) : std::nullopt;
  auto ae = h.size() > 18 ? ParseClock(h.substr(18, 5)) : std::nullopt;
  if (h.size() != 23 || h[5] != '-' || h[11] != ',' || h[17] != '-' || !ms || !me || !as || !ae) {
    return Error::InvalidField("calendar.office_hours", "format",
                               "Giờ làm việc phải có dạng 08:00-12:00,13:00-17:00 / "
                               "office_hours must look like 08:00-12:00,13:00-17:00");
  }
  options.morning_start = *ms;
  options.morning_end = *me;
  options.afternoon_start = *as;
  options.afternoon_end = *ae;
  if (config.receipt_cutoff.empty()) {
    options.receipt_cutoff = -1;
  } else if (auto cut = ParseClock(config.receipt_cutoff)) {
    options.receipt_cutoff = *cut;
  } else {
    return Error::InvalidField("calendar.receipt_cutoff", "format",
                               "Giờ chốt tiếp nhận phải có dạng HH:MM (hoặc để trống) / "
                               "receipt_cutoff must be HH:MM or empty");
  }
  CQDT_RETURN_IF_ERROR(WorkingCalendar::Validate(options));
  auto calendar = std::make_unique<WorkingCalendar>(options);
  auto dir = std::filesystem::path(config.data_dir) / "calendar";
  if (std::error_code ec; std::filesystem::is_directory(dir, ec)) {
    CQDT_RETURN_IF_ERROR(calendar->LoadDirectory(dir.string()));
  }
  return calendar;
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
  s->outbox = std::make_unique<notify::Outbox>(s->clock);
  s->agencies = std::make_unique<org::AgencyService>(*s->audit, s->clock);
  s->identity = std::make_unique<identity::IdentityService>(*s->db, *s->audit, *s->agencies,
                                                            s->clock, id_options);
  s->trust = std::make_unique<signing::TrustService>(*s->audit, s->clock);
  if (config.bundled_roots) {
    // The shipped national roots, offered once per database (an admin's removal is kept).
    auto tx = s->db->Begin();
    CQDT_ASSIGN_OR_RETURN(int seeded, s->trust->SeedBundledAnchors(
                                          tx, {UserId(), "system", AgencyId(), "", "startup"}));
    CQDT_RETURN_IF_ERROR(tx.Commit());
    if (seeded > 0) {
      spdlog::info("đã tin cậy {} CA gốc quốc gia có sẵn / trusted {} shipped national root CAs",
                   seeded, seeded);
    }
  }
  CQDT_ASSIGN_OR_RETURN(s->keys, signing::KeyRing::LoadFile(config.SigningKeysFile()));
  s->signing = std::make_unique<signing::SigningService>(
      *s->keys, *s->agencies, *s->audit, s->clock, config.timestamp_url,
      signing::SecretThrottleOptions{.max_failures = config.secret_max_failures,
                                     .window = std::chrono::minutes(config.secret_window_minutes)});
  s->verifier = std::make_unique<signing::Verifier>(
      s->clock,
      signing::VerifierOptions{.cpu_budget = std::chrono::milliseconds(config.verify_cpu_ms)});
  s->reports = std::make_unique<signing::ReportWriter>(*s->keys, *s->agencies, s->clock,
                                                       config.report_seal_key);
  if (config.online_revocation) {
    s->revocation_fetcher = std::make_unique<crypto::HttpRevocationFetcher>(
        std::chrono::milliseconds(std::max(100, config.revocation_timeout_ms)));
  }
  s->external_signing = std::make_unique<signing::ExternalSigningService>(
      *s->trust, *s->audit, s->clock, s->revocation_fetcher.get(),
      signing::ExternalSigningOptions{.ttl = std::chrono::seconds(config.external_ttl_seconds),
                                      .timestamp_url = config.timestamp_url});
  s->registers = std::make_unique<documents::RegisterService>(*s->audit, *s->agencies, *s->identity,
                                                              s->counters, s->clock);
  CQDT_ASSIGN_OR_RETURN(s->blobs, OpenBlobStore(config, options, *s));
  s->document_files = std::make_unique<documents::FileService>(*s->audit, *s->blobs, s->clock);
  // [documents] confidential_files reaches both flows (decision 0009).
  s->incoming = std::make_unique<documents::IncomingService>(
      *s->audit, *s->agencies, *s->registers, *s->document_files, s->clock,
      documents::IncomingOptions{.confidential_files = config.confidential_files});
  s->outgoing = std::make_unique<documents::OutgoingService>(
      *s->audit, *s->agencies, *s->identity, *s->registers, *s->outbox, *s->blobs, *s->signing,
      s->clock, documents::OutgoingOptions{.confidential_files = config.confidential_files});
  s->reviews = std::make_unique<documents::ReviewService>(*s->outgoing);
  s->deliveries = std::make_unique<documents::DeliveryService>(
      *s->audit, *s->agencies, *s->identity, *s->registers, *s->incoming, *s->document_files,
      *s->outbox, *s->blobs, s->clock);
  s->docx_converter = std::make_unique<documents::SofficeConverter>();
  s->token_signing =
      std::make_unique<documents::TokenSigningService>(*s->outgoing, s->external_signing.get());
  s->draft_files =
      std::make_unique<documents::DraftFileService>(*s->outgoing, s->docx_converter.get());
  s->consultations = std::make_unique<documents::ConsultationService>(*s->outgoing);
  s->catalogue = std::make_unique<onestop::CatalogueService>(*s->audit, *s->agencies, s->clock);
  s->payment_accounts =
      std::make_unique<payment::PaymentAccountService>(*s->audit, *s->agencies, s->clock);
  return s;
}

}  // namespace cqdt::app
