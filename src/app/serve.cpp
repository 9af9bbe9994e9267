#include "serve.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <string>

#include <spdlog/spdlog.h>

#include "api/api.hpp"
#include "cli.hpp"
#include "daily_jobs.hpp"
#include "daily_timer.hpp"
#include "db/migrator.hpp"
#include "documents/report_service.hpp"
#include "escalation_timer.hpp"
#include "exchange_runtime.hpp"
#include "extraction_thread.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "identity/shared_limits.hpp"
#include "import_job_thread.hpp"
#include "mail_digest.hpp"
#include "mail_runtime.hpp"
#include "oidc/http_client.hpp"
#include "oidc/sign_in.hpp"
#include "search_indexer_thread.hpp"
#include "services.hpp"
#include "systemd_notify.hpp"

namespace cqdt::app {
namespace {

// The http module names the file it could not use; the operator also needs the setting and the
// configuration file it came from.
Error ListenError(const Config& config, const Error& error) {
  for (const FieldError& field : error.fields()) {
    if (field.field == "cert_file" || field.field == "key_file") {
      const std::string key = "server.tls_" + field.field;
      const std::string where =
          config.config_file.empty() ? key : key + " trong " + config.config_file;
      return Error::InvalidField(key, "tls",
                                 "Cấu hình không hợp lệ (" + where + "): " + error.message());
    }
  }
  return error;
}

}  // namespace

int Serve(const Config& config, std::chrono::steady_clock::time_point started) {
  auto [host, port] = SplitListen(config.listen);
  if (host.empty()) {
    return Report(Error::InvalidField("listen", "format",
                                      "Địa chỉ lắng nghe phải có dạng máy:cổng, ví dụ "
                                      "127.0.0.1:8080 / --listen must be host:port"),
                  kExitUsage);
  }
  api::MetricsAccess metrics_access = api::MetricsAccess::kLoopback;
  std::string metrics_token;
  if (config.metrics_allow == "public") {
    metrics_access = api::MetricsAccess::kPublic;
  } else if (config.metrics_allow == "token") {
    auto token = MetricsToken(config);
    if (!token) {
      return Report(token.error(), kExitUsage);
    }
    metrics_access = api::MetricsAccess::kToken;
    metrics_token = std::move(*token);
  }
  // Decision 766 rules from a file replace the compiled-in ones; a file that cannot be read is
  // a configuration error at start, not a wrong index later.
  std::optional<quality::RuleSet> index766_rules;
  if (!config.index766_rules_file.empty()) {
    const auto text = ReadWholeFile(config.index766_rules_file);
    auto rules = text
                     ? quality::ParseRules(*text)
                     : Result<quality::RuleSet>(Error::InvalidField(
                           "index766.rules_file", "read",
                           "Không đọc được tệp quy tắc chỉ số 766: " + config.index766_rules_file));
    if (!rules) {
      return Report(rules.error(), kExitUsage);
    }
    index766_rules = std::move(*rules);
  }
  // The feedback settings from a file replace the compiled-in ones, checked at start too.
  std::optional<feedback::Settings> feedback_settings;
  if (!config.feedback_settings_file.empty()) {
    const auto text = ReadWholeFile(config.feedback_settings_file);
    auto settings = text ? feedback::ParseSettings(*text)
                         : Result<feedback::Settings>(Error::InvalidField(
                               "feedback.settings_file", "read",
                               "Không đọc được tệp thiết lập đánh giá, phản ánh: " +
                                   config.feedback_settings_file));
    if (!settings) {
      return Report(settings.error(), kExitUsage);
    }
    feedback_settings = std::move(*settings);
  }
  // The proactive-service rules from a file replace the compiled-in ones, checked at start too.
  std::optional<proactive::RuleSet> proactive_rules;
  if (!config.proactive_rules_file.empty()) {
    const auto text = ReadWholeFile(config.proactive_rules_file);
    auto rules = text ? proactive::ParseRules(*text)
                      : Result<proactive::RuleSet>(Error::InvalidField(
                            "proactive.rules_file", "read",
                            "Không đọc được tệp quy tắc dịch vụ công chủ động: " +
                                config.proactive_rules_file));
    if (!rules) {
      return Report(rules.error(), kExitUsage);
    }
    proactive_rules = std::move(*rules);
  }
  auto opened = Services::Open(config);
  if (!opened) {
    return ExitFor(opened.error());
  }
  auto& s = **opened;
  // Several instances may serve one PostgreSQL database (issue 16): the limits against guessing
  // and abuse count in its tables, so that they hold across instances (decision 0025). On SQLite
  // one process serves, and process memory is enough (and costs no write per request).
  std::unique_ptr<identity::SharedLimits> login_limits, secret_limits, rate_limits;
  if (s.db->engine() == db::Engine::kPostgres) {
    login_limits = std::make_unique<identity::SharedLimits>(*s.db, "login");
    secret_limits = std::make_unique<identity::SharedLimits>(*s.db, "signing");
    rate_limits = std::make_unique<identity::SharedLimits>(*s.db, "rate");
    s.identity->UseSharedLimits(login_limits.get());
    if (s.signing) {
      s.signing->UseSharedLimits(secret_limits.get());
    }
  }
  auto calendar = OpenCalendar(config);
  if (!calendar) {
    return ExitFor(calendar.error());
  }
  // A report seal that cannot be used is a configuration error: say so at start, not at the
  // first report.
  if (auto st = s.reports->Check(); !st) {
    return ExitFor(st.error());
  }
  http::Metrics metrics;
  http::Router router;
  db::Migrator migrator(*s.db, AllMigrations());
  api::ApiContext ctx{
      *s.db,
      *s.audit,
      *s.agencies,
      *s.identity,
      metrics,
      s.clock,
      [&migrator] {
        auto current = migrator.IsCurrent();
        return current && *current;
      },
      {.cookie_secure = config.cookie_secure,
       .version = CQDT_VERSION,
       .anonymous_requests_per_minute = config.anonymous_requests_per_minute,
       .sign_up_requests_per_minute = config.sign_up_requests_per_minute,
       .tracking_requests_per_minute = config.tracking_requests_per_minute,
       .tracking_cache = std::chrono::seconds(config.tracking_cache_seconds),
       .feedback_requests_per_minute = config.feedback_requests_per_minute,
       .index766_requests_per_minute = config.index766_requests_per_minute,
       .index766_cache_seconds = config.index766_cache_seconds,
       .verify_requests_per_minute = config.verify_requests_per_minute,
       .verify_max_bytes = static_cast<std::uint64_t>(config.verify_max_mb) * 1024 * 1024,
       .verify_concurrent = config.VerifyConcurrent(),
       .verify_concurrent_per_address = config.verify_concurrent_per_address,
       .verify_cpu_ms = config.verify_cpu_ms,
       .agent_url = config.agent_url,
       .agent_install_url = config.agent_install_url,
       .external_signing_ttl_seconds = config.external_ttl_seconds,
       .metrics_access = metrics_access,
       .metrics_token = metrics_token,
       .documents_max_file_bytes =
           static_cast<std::uint64_t>(config.documents_max_file_mb) * 1024 * 1024,
       .documents_confidential_files = config.confidential_files,
       .documents_import_max_bytes =
           static_cast<std::uint64_t>(config.documents_import_max_mb) * 1024 * 1024},
      calendar->get(),
      s.trust.get(),
      s.signing.get(),
      s.verifier.get(),
      s.revocation_fetcher.get(),
      s.external_signing.get(),
      s.reports.get()};
  ctx.outbox = s.outbox.get();
  ctx.shared_rates = rate_limits.get();
  // Live notices (issue 13, item 10): the outbox signals the feed after each commit; the feed
  // also re-reads every 5 s for notices another server process wrote.
  notify::LiveFeed live_feed(*s.db, *s.outbox);
  // The outbox has one listener; this one passes its signals to the live feed and, once e-mail
  // is on, wakes the e-mail worker, so a notice is e-mailed as soon as it is committed.
  struct NoticeFanOut : notify::NoticeListener {
    notify::NoticeListener* feed = nullptr;
    std::atomic<MailRuntime*> mail{nullptr};
    void NoticeWritten(const notify::Recipient& r) override {
      feed->NoticeWritten(r);
      if (MailRuntime* m = mail.load()) {
        m->Wake();
      }
    }
    void NoticesRead(const notify::Recipient& r) override { feed->NoticesRead(r); }
  } notice_fan_out;
  notice_fan_out.feed = &live_feed;
  s.outbox->SetListener(&notice_fan_out);
  live_feed.Start();
  ctx.live_feed = &live_feed;
  struct DetachFeed {
    notify::Outbox& outbox;
    ~DetachFeed() { outbox.SetListener(nullptr); }
  } detach_feed{*s.outbox};
  ctx.registers = s.registers.get();
  documents::AssignmentService assignments(*s.audit, *s.identity, *s.outbox, **calendar, s.clock);
  ctx.incoming = s.incoming.get();
  ctx.assignments = &assignments;
  ctx.document_files = s.document_files.get();
  ctx.outgoing = s.outgoing.get();
  ctx.reviews = s.reviews.get();
  ctx.deliveries = s.deliveries.get();
  documents::ProcessingService processing(*s.audit, *s.identity, *s.outbox, s.clock);
  documents::ArrivalStampService arrival_stamps(*s.document_files, *s.agencies, *s.identity);
  documents::GrantService grants(*s.audit, *s.identity, *s.outbox, s.clock);
  ctx.processing = &processing;
  ctx.arrival_stamps = &arrival_stamps;
  ctx.grants = &grants;
  documents::QueueService queues(*s.identity, *s.agencies, *s.outbox, **calendar, s.clock);
  documents::DelegationService delegations(*s.audit, *s.identity, *s.outbox, s.clock);
  documents::CommentService comments(*s.audit, *s.identity, *s.document_files, s.clock);
  ctx.queues = &queues;
  ctx.delegations = &delegations;
  ctx.comments = &comments;
  ctx.token_signing = s.token_signing.get();
  ctx.draft_files = s.draft_files.get();
  ctx.consultations = s.consultations.get();
  documents::FilePlanService file_plan(*s.audit, *s.agencies, *s.identity, s.clock);
  documents::WorkRecordService records(*s.audit, *s.agencies, *s.identity, *s.document_files,
                                       s.clock);
  ctx.file_plan = &file_plan;
  ctx.records = &records;
  documents::ArchiveService archive(*s.audit, *s.agencies, *s.identity, *s.document_files, records,
                                    *s.signing, *s.blobs, s.clock);
  ctx.archive = &archive;
  ctx.catalogue = s.catalogue.get();
  ctx.payment_accounts = s.payment_accounts.get();
  payment::QrPngCache qr_images;
  ctx.qr_images = &qr_images;
  ctx.index766_rules = index766_rules ? &*index766_rules : nullptr;
  onestop::ProcedureTemplateService procedure_templates(*s.catalogue, *s.blobs);
  ctx.procedure_templates = &procedure_templates;
  ctx.options.public_url =
      config.public_url.empty() ? "http://" + config.listen : config.public_url;
  onestop::DossierService dossiers(
      *s.audit, *s.agencies, *s.identity, *s.catalogue, s.counters, *s.outbox, *s.blobs, **calendar,
      s.clock,
      onestop::DossierServiceOptions{.max_file_bytes = ctx.options.documents_max_file_bytes});
  ctx.dossiers = &dossiers;
  payment::ReconciliationService reconciliation(dossiers, s.clock);
  ctx.reconciliation = &reconciliation;
  onestop::DossierResultService dossier_results(*s.audit, dossiers, *s.outgoing, s.clock);
  ctx.dossier_results = &dossier_results;
  onestop::CounterQueueService counter_queue(*s.audit, *s.agencies, s.counters, s.clock);
  ctx.counter_queue = &counter_queue;
  onestop::DossierStatisticsService dossier_statistics(*s.agencies, s.clock);
  ctx.dossier_statistics = &dossier_statistics;
  // Ratings and feedback (issue 13, item 7), asking onestop about dossiers through its API.
  const feedback::Settings& feedback_in_force =
      feedback_settings ? *feedback_settings : feedback::DefaultSettings();
  feedback::OnestopDossierDirectory feedback_dossiers(dossiers, *s.agencies);
  feedback::RatingService ratings(*s.audit, feedback_dossiers, feedback_in_force, s.clock);
  feedback::PetitionService petitions(*s.audit, *s.agencies, *s.identity, s.counters, *s.outbox,
                                      feedback_dossiers, **calendar, feedback_in_force, s.clock);
  ctx.ratings = &ratings;
  ctx.petitions = &petitions;
  ctx.feedback_settings = &feedback_in_force;
  portal::FormService e_forms(*s.audit, *s.catalogue, *s.identity, s.clock);
  portal::DraftService drafts(*s.audit, e_forms, *s.catalogue, s.clock);
  portal::DocumentStore document_store(*s.audit, dossiers, *s.blobs, s.clock);
  portal::SubmissionService submissions(*s.audit, e_forms, drafts, document_store, dossiers,
                                        *s.identity);
  ctx.forms = &e_forms;
  ctx.drafts = &drafts;
  ctx.document_store = &document_store;
  ctx.submissions = &submissions;
  // Proactive services (issue 13, item 8): the offers, and their sweep once a day.
  const proactive::RuleSet& proactive_in_force =
      proactive_rules ? *proactive_rules : proactive::DefaultRules();
  proactive::OfferService offers(*s.audit, *s.outbox, e_forms, drafts, document_store, submissions,
                                 proactive_in_force, s.clock);
  ctx.offers = &offers;
  // The document exchange hub (issue 14) and its forwarder to peer hubs.
  ExchangeRuntime exchange_runtime(s, config);
  ctx.exchange_partners = &exchange_runtime.partners;
  ctx.hub = exchange_runtime.hub.get();
  ctx.exchange_inspect = &exchange_runtime.inspect;
  ctx.exchange_receptions = exchange_runtime.receptions.get();
  ctx.exchange_outbound = exchange_runtime.outbound.get();
  if (s.db->engine() == db::Engine::kSqlite) {
    // One serving process per SQLite database: the claims left are a stopped process's (a
    // crash mid-send), due again now rather than when their 5-minute lease ends.
    auto tx = s.db->Begin();
    const int released = exchange_runtime.hub->ReleaseClaims(tx);
    if (auto st = tx.Commit(); st && released > 0) {
      spdlog::warn(
          "{} gói tin liên thông đang gửi dở khi máy chủ dừng được gửi lại / exchange deliveries "
          "claimed by a stopped process are due again",
          released);
    }
  }
  ForwarderThread exchange_forwarder(
      *exchange_runtime.forwarder, *s.db, exchange_runtime.receptions.get(),
      exchange_runtime.outbound.get(), [&exchange_runtime, &s] {
        exchange_runtime.metrics.Refresh(*s.db, *exchange_runtime.hub, *exchange_runtime.forwarder,
                                         s.clock.Now());
      });
  // Official e-mail (issue 15): the notices outbox delivered through SMTP, when enabled.
  std::unique_ptr<MailRuntime> mail_runtime;
  QueueDigestSource mail_digests(*s.identity, queues);
  if (config.mail.enabled) {
    auto created = MailRuntime::Create(s, config, &mail_digests);
    if (!created) {
      return Report(created.error(), kExitUsage);
    }
    mail_runtime = std::move(*created);
    mail_runtime->Start(*s.db, config.mail.poll_seconds);
    notice_fan_out.mail = mail_runtime.get();
    ctx.mail_accounts = mail_runtime->accounts.get();
    ctx.mail_templates = mail_runtime->templates.get();
    ctx.mail_preferences = mail_runtime->preferences.get();
    ctx.mail_channel = mail_runtime->channel.get();
    ctx.mail_worker = mail_runtime->worker.get();
    ctx.mail_intake = mail_runtime->intake.get();
    spdlog::info("Thư điện tử: bật / e-mail on");
  }
  struct DetachMail {  // before mail_runtime goes
    std::atomic<MailRuntime*>& mail;
    ~DetachMail() { mail = nullptr; }
  } detach_mail{notice_fan_out.mail};
  ctx.options.tmp_dir = (std::filesystem::path(config.data_dir) / "tmp").string();
  // Sign-in through the OpenID Connect provider (issue 13, item 2), when configured. Nothing is
  // asked of the provider now: a server starts while it is down.
  std::unique_ptr<oidc::HttpClient> oidc_http;
  std::optional<oidc::Provider> oidc_provider;
  std::optional<oidc::SignIn> oidc_sign_in;
  ctx.options.oidc_requests_per_minute = config.oidc_requests_per_minute;
  ctx.options.oidc_concurrent = std::max(1, config.worker_threads / 2);
  if (config.oidc_enabled) {
    oidc_http = oidc::MakeCurlHttpClient(
        {std::chrono::milliseconds(config.oidc_timeout_ms), config.oidc_ca_file});
    oidc_provider.emplace(oidc::ProviderSettings{config.oidc_issuer, config.oidc_client_id,
                                                 config.oidc_client_secret},
                          *oidc_http, s.clock);
    oidc_sign_in.emplace(
        *s.db, *s.audit, *s.identity, *oidc_provider, s.clock,
        oidc::SignInOptions{.redirect_uri = config.OidcRedirectUri(),
                            .scopes = config.oidc_scopes,
                            .citizen_id_claim = config.oidc_citizen_id_claim,
                            .provider_name = config.oidc_provider_name,
                            .clock_skew = std::chrono::seconds(config.oidc_clock_skew_seconds)});
    ctx.oidc = &*oidc_sign_in;
    spdlog::info("Đăng nhập qua OIDC: bật / OIDC sign-in on: issuer {}, client {}, callback {}",
                 config.oidc_issuer, config.oidc_client_id, config.OidcRedirectUri());
  }
  api::RegisterRoutes(router, ctx);
  // The search index follows the documents' changes (issue 11, item 3).
  SearchIndexerThread search_indexer(*s.db);
  documents::SearchService search;
  ctx.search = &search;
  // The files' text and the registration form's proposals (issue 11, item 4).
  std::optional<ExtractionThread> extraction;
  if (config.extraction) {
    extraction.emplace(*s.db, *s.blobs, s.clock, config.ocr_max_pages,
                       config.extraction_timeout_seconds);
  }
  documents::ExtractionService extraction_service(*s.audit, s.clock);
  ctx.extraction = &extraction_service;
  // The import of past documents (issue 11, item 6): jobs run on a thread of their own.
  documents::ImportService imports(*s.audit, *s.agencies, *s.registers, *s.document_files, records,
                                   s.clock);
  documents::ImportJobs import_jobs;
  ImportJobThread import_runner(*s.db, imports, import_jobs, s.clock);
  ctx.import_jobs = &import_jobs;
  ctx.import_queue = &import_runner;
  // Registers printed and the leaders' statistics (issue 11, item 5); workbooks are written under
  // the data directory's tmp (the upload directory) and removed once read back.
  documents::ReportService document_reports(*s.registers, *s.agencies, *s.identity, s.clock,
                                            std::filesystem::path(config.data_dir) / "tmp");
  ctx.report = &document_reports;
  // The day's deadline reminders, when the server is asked to write them (off by default).
  std::optional<DailyTimer> reminders;
  if (config.remind_hour >= 0) {
    reminders.emplace(s.clock, config.remind_hour,
                      [&db = *s.db, &queues] { RemindDocuments(db, queues); });
  }
  // The nightly Decision 766 snapshot, so that trends can be drawn (issue 13, item 9).
  std::optional<DailyTimer> index766_snapshots;
  if (config.index766_snapshot_hour >= 0) {
    const quality::RuleSet& rules = index766_rules ? *index766_rules : quality::DefaultRules();
    index766_snapshots.emplace(s.clock, config.index766_snapshot_hour,
                               [&db = *s.db, &agencies = *s.agencies, &rules, &clock = s.clock] {
                                 SnapshotIndex766(db, agencies, rules, clock);
                               });
  }

  // Today's proactive-service offers (one per rule and dossier, whatever runs it again).
  std::optional<DailyTimer> proactive_sweep;
  if (config.proactive_sweep_hour >= 0) {
    proactive_sweep.emplace(s.clock, config.proactive_sweep_hour,
                            [&db = *s.db, &offers] { SweepProactive(db, offers); });
  }

  // The day's orphan sweep: files no row names, older than 24 hours (issue 16).
  std::optional<DailyTimer> blob_sweep;
  if (config.blob_sweep_hour >= 0) {
    blob_sweep.emplace(
        s.clock, config.blob_sweep_hour,
        [&db = *s.db, &blobs = *s.blobs, &clock = s.clock] { SweepBlobs(db, blobs, clock); });
  }

  // The officials' daily digest by e-mail (issue 15, item 2).
  std::optional<DailyTimer> mail_digest;
  if (mail_runtime && config.mail.digest_hour >= 0) {
    mail_digest.emplace(s.clock, config.mail.digest_hour, [&db = *s.db, &s, &queues] {
      WriteDigests(db, *s.identity, *s.agencies, queues, *s.outbox, s.clock);
    });
  }

  // Late steps and dossiers reach the leaders within minutes (issue 12, item 2).
  EscalationTimer escalation(*s.db, dossiers, std::chrono::minutes(5), &petitions);

  http::ServerOptions options;
  options.address = host;
  options.port = port;
  options.io_threads = std::max(1, config.io_threads);
  options.worker_threads = std::max(1, config.worker_threads);
  if (!config.trusted_proxies.empty()) {
    auto proxies = http::TrustedProxies::Parse(config.trusted_proxies);
    if (!proxies) {
      return Report(proxies.error(), kExitUsage);
    }
    options.trusted_proxies = std::move(*proxies);
  } else if (config.trust_proxy) {
    options.trusted_proxies = http::TrustedProxies::Loopback();
  }
  if (!config.tls_listen.empty()) {
    const auto [tls_host, tls_port] = SplitListen(config.tls_listen);
    http::TlsOptions tls;
    tls.address = tls_host;
    tls.port = tls_port;
    tls.cert_file = config.tls_cert_file;
    tls.key_file = config.tls_key_file;
    tls.hsts = config.hsts;
    tls.hsts_max_age = std::chrono::seconds(config.hsts_max_age_seconds);
    options.tls = std::move(tls);
  }
  options.shutdown_grace = std::chrono::seconds(config.shutdown_grace_seconds);
  options.upload_dir = std::filesystem::path(config.data_dir) / "tmp";
  options.event_streams_max = static_cast<std::size_t>(config.event_streams_max);
  options.event_streams_per_client = static_cast<std::size_t>(config.event_streams_per_person);
  std::filesystem::create_directories(options.upload_dir);
  if (options.worker_threads < 2) {
    spdlog::warn(
        "server.worker_threads = 1: một lần kiểm tra chữ ký có thể chiếm luồng xử lý duy nhất / "
        "with one worker thread, a signature verification can hold the only worker");
  }
  // The pages call the local signing agent from the browser (issue 9), so their CSP allows
  // connecting to it and nowhere else besides this server.
  const std::string agent_origin = config.agent_url.substr(0, config.agent_url.find('/', 8));
  // Scripts from this origin only (the build emits no inline script; tests/api/csp.test.mjs
  // checks web/dist/index.html); the mail template preview is a sandboxed srcdoc frame.
  const std::string csp =
      "default-src 'self'; script-src 'self'; object-src 'none'; "
      "base-uri 'self'; form-action 'self'; connect-src 'self' " +
      agent_origin +
      "; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
      "frame-ancestors 'none'";
  http::Handler pages = [files = http::StaticFiles(config.web_root), csp](http::Request& req) {
    http::Response res = files(req);
    res.headers.Set("Content-Security-Policy", csp);
    return res;
  };
  http::Server server(options, router, pages, metrics);
  metrics.AddGauge("cqdt_worker_queue_depth", "Requests waiting for or running on the worker pool",
                   [&server] { return static_cast<double>(server.worker_queue_depth()); });
  metrics.AddGauge("cqdt_db_pool_in_use", "Database connections in use",
                   [&s] { return static_cast<double>(s.db->connections_in_use()); });
  metrics.AddGauge("cqdt_db_pool_size", "Database connection pool size",
                   [&s] { return static_cast<double>(s.db->pool_size()); });
  metrics.AddCollector([&exchange_runtime] { return exchange_runtime.metrics.Render(); });
  if (mail_runtime) {
    metrics.AddCollector([&mail_runtime] { return mail_runtime->RenderMetrics(); });
  }
  if (auto st = server.Listen(); !st) {
    const Error error = ListenError(config, st.error());
    return Report(error, error.code() == ErrorCode::kInvalidArgument ? kExitUsage : kExitFailure);
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  started)
                .count();
  spdlog::info("cqdt {} sẵn sàng tại / ready at http://{}:{} ({} ms)", CQDT_VERSION, host,
               server.port(), ms);
  if (options.tls) {
    spdlog::info(
        "cqdt: HTTPS tại / HTTPS at https://{}:{} (SIGHUP: nạp lại chứng thư / reloads "
        "the certificate)",
        options.tls->address, server.tls_port());
  }
  // Under systemd (Type=notify, debian/cqdt.service): ready once the ports listen; the watchdog's
  // keep-alives go on while /healthz answers.
  ServiceNotifier service_manager(
      fmt::format("Đang phục vụ tại / serving at http://{}:{}", host, server.port()),
      [probe_host = host, port = server.port()](std::chrono::milliseconds budget) {
        return ProbeHealth(probe_host, port, budget);
      });
  server.Run();
  service_manager.Stopping("Đang dừng / stopping");
  spdlog::info("cqdt đã dừng / stopped");
  return 0;
}

}  // namespace cqdt::app
