// Registers cqdt's HTTP API on a router. The collaborators must outlive the router.
// Thread safety: handlers are called concurrently from the worker pool; every collaborator
// below is thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/working_calendar.hpp"
#include "db/database.hpp"
#include "documents/archive_service.hpp"
#include "documents/arrival_stamp.hpp"
#include "documents/assignment_service.hpp"
#include "documents/comment_service.hpp"
#include "documents/consultation_service.hpp"
#include "documents/delegation_service.hpp"
#include "documents/delivery_service.hpp"
#include "documents/document_files.hpp"
#include "documents/draft_file_service.hpp"
#include "documents/extraction_service.hpp"
#include "documents/file_plan_service.hpp"
#include "documents/grant_service.hpp"
#include "documents/import_jobs.hpp"
#include "documents/import_package.hpp"
#include "documents/incoming_service.hpp"
#include "documents/outgoing_service.hpp"
#include "documents/processing_service.hpp"
#include "documents/queue_service.hpp"
#include "documents/register_service.hpp"
#include "documents/report_service.hpp"
#include "documents/review_service.hpp"
#include "documents/search_service.hpp"
#include "documents/token_signing_service.hpp"
#include "documents/work_record_service.hpp"
#include "exchange/hub.hpp"
#include "exchange/inspect.hpp"
#include "exchange/outbound.hpp"
#include "exchange/partners.hpp"
#include "exchange/reception.hpp"
#include "feedback/petition_service.hpp"
#include "feedback/rating_service.hpp"
#include "feedback/settings.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "identity/identity_service.hpp"
#include "notify/live_feed.hpp"
#include "notify/outbox.hpp"
#include "onestop/catalogue_service.hpp"
#include "onestop/counter_queue.hpp"
#include "onestop/dossier_result.hpp"
#include "onestop/dossier_service.hpp"
#include "onestop/dossier_statistics.hpp"
#include "onestop/procedure_templates.hpp"
#include "org/agency_csv.hpp"
#include "org/agency_service.hpp"
#include "payment/payment_account.hpp"
#include "payment/qr_png_cache.hpp"
#include "payment/reconciliation.hpp"
#include "portal/document_store.hpp"
#include "portal/draft_service.hpp"
#include "portal/form_service.hpp"
#include "portal/submission_service.hpp"
#include "proactive/offer_service.hpp"
#include "quality/index766.hpp"
#include "signing/external_signing.hpp"
#include "signing/signing_service.hpp"
#include "signing/trust_service.hpp"
#include "signing/verification.hpp"
#include "signing/verification_report.hpp"

namespace cqdt::oidc {
class SignIn;  // oidc/sign_in.hpp
}  // namespace cqdt::oidc

namespace cqdt::mailroom {
class MailAccounts;    // mailroom/accounts.hpp
class TemplateStore;   // mailroom/templates.hpp
class Preferences;     // mailroom/preferences.hpp
class DeliveryWorker;  // mailroom/delivery.hpp
class IntakeService;   // mailroom/intake.hpp
}  // namespace cqdt::mailroom

namespace cqdt::notify {
class EmailChannel;  // notify/email_channel.hpp
}  // namespace cqdt::notify

namespace cqdt::api {

// Who may read /metrics (the request counters, latencies, pool gauges).
enum class MetricsAccess {
  kLoopback,  // a direct connection from this machine; anything through a proxy is refused
  kToken,     // `Authorization: Bearer <metrics_token>`
  kPublic,    // anyone
};

struct ApiOptions {
  bool cookie_secure = false;  // always mark cookies Secure (set when served over TLS)
  // Where citizens reach this instance ("https://dichvucong.angiang.gov.vn"): the QR code of a
  // receipt links to its tracking page there ([server] public_url).
  std::string public_url = "http://127.0.0.1:8080";
  std::string version = "0.0.0";
  int anonymous_requests_per_minute = 30;  // login, sign-up: per client address
  int sign_up_requests_per_minute = 5;     // citizen sign-ups, per client address, on top
  int tracking_requests_per_minute = 30;   // public dossier tracking, per client address
  // How long a tracking answer may be reused while this process writes nothing (0: never).
  std::chrono::milliseconds tracking_cache{2000};
  // PAKN filed, followed and judged, and the public list of answers: per client address.
  int feedback_requests_per_minute = 20;
  int index766_requests_per_minute = 60;  // the public Decision 766 index, per client address
  int index766_cache_seconds = 300;       // an answer for a period is reused this long; 0: never
  // Sign-in through the OpenID Connect provider: starts and callbacks per client address, and
  // how many may wait for the provider at once (the rest answer 503 at once).
  int oidc_requests_per_minute = 30;
  int oidc_concurrent = 2;
  int e_form_requests_per_minute = 120;  // the public e-forms of the portal, per client address
  int password_checks_per_minute = 120;  // POST /password-checks, per client address
  int verify_requests_per_minute = 20;   // public signature verification: per client address
  std::uint64_t verify_max_bytes = 20 * 1024 * 1024;  // public verification upload limit
  // Public verification in flight (issue 8): in all (keep it below the worker threads) and per
  // client address; above either, 503 / 429 at once. verify_cpu_ms is the verifier's CPU budget
  // (used for Retry-After).
  int verify_concurrent = 2;
  int verify_concurrent_per_address = 2;
  int verify_cpu_ms = 5000;
  std::uint64_t sign_max_bytes = 50 * 1024 * 1024;  // files sent to be signed
  // Personal signatures by the user's own token (issue 9): where the browser finds the local
  // signing agent, where an official learns to install it, and how long a preparation lives.
  std::string agent_url = "http://127.0.0.1:8765";
  std::string agent_install_url = "/huong-dan/phan-mem-ky-so";
  int external_signing_ttl_seconds = 600;
  MetricsAccess metrics_access = MetricsAccess::kLoopback;
  std::string metrics_token = {};  // kToken: the token a scraper must present
  std::uint64_t documents_max_file_bytes = 50 * 1024 * 1024;  // [documents] max_file_mb
  // [documents] confidential_files: this instance is declared isolated and keeps the files of
  // confidential documents. Told to the pages in the session answer, so that a form can say so
  // before a clerk attaches files that would be refused.
  bool documents_confidential_files = false;
  // [documents] import_max_mb: the largest upload POST /documents/import accepts (issue 11).
  std::uint64_t documents_import_max_bytes = 200 * 1024 * 1024;
  // Where workbooks (.xlsx) are written before they are sent (libxlsxwriter writes files only):
  // <data_dir>/tmp. Empty: the system's temporary directory.
  std::string tmp_dir = {};
};

struct ApiContext {
  db::Database& db;
  audit::AuditLog& audit;
  org::AgencyService& agencies;
  identity::IdentityService& identity;
  http::Metrics& metrics;
  const Clock& clock;
  std::function<bool()> migrations_current;  // for /readyz
  ApiOptions options;
  // The working-day calendar (issue 3) for /api/v1/calendar/...; routes answer 503 while null.
  const WorkingCalendar* calendar = nullptr;
  // Signatures (issue 4); the routes answer 503 while these are null.
  signing::TrustService* trust = nullptr;
  const signing::SigningService* signing = nullptr;
  const signing::Verifier* verifier = nullptr;
  crypto::RevocationFetcher* revocation_fetcher = nullptr;  // null: offline verification
  // Two-step signing with the user's token (issue 9); the routes answer 503 while null.
  signing::ExternalSigningService* external_signing = nullptr;
  // Report PDFs (agency header, the system seal); null: unsealed, without a header.
  const signing::ReportWriter* reports = nullptr;
  // The notifications outbox (issue 10); /api/v1/notifications answers 503 while null.
  const notify::Outbox* outbox = nullptr;
  // Live notices (issue 13, item 10); /api/v1/notifications/stream answers 503 while null.
  notify::LiveFeed* live_feed = nullptr;
  // Document management (issue 10); the routes answer 503 while null.
  documents::RegisterService* registers = nullptr;
  // Incoming documents (issue 10, item 2); /api/v1/documents/... answer 503 while null.
  documents::IncomingService* incoming = nullptr;
  documents::AssignmentService* assignments = nullptr;
  documents::FileService* document_files = nullptr;
  documents::OutgoingService* outgoing = nullptr;
  documents::ReviewService* reviews = nullptr;
  // Release, delivery between agencies, recall (issue 10, item 4); 503 while null.
  documents::DeliveryService* deliveries = nullptr;
  // Units, forwarding, extension decisions, the "ĐẾN" stamp and grants (issue 10, items 2
  // and 6); the incoming routes answer 503 while null.
  documents::ProcessingService* processing = nullptr;
  documents::ArrivalStampService* arrival_stamps = nullptr;
  documents::GrantService* grants = nullptr;
  // Work queues, delegations and comments (issue 10, item 5); their routes answer 503 while null.
  documents::QueueService* queues = nullptr;
  documents::DelegationService* delegations = nullptr;
  documents::CommentService* comments = nullptr;
  // Token and batch signing, DOCX drafts, attachments, consultation (issue 10, item 3); their
  // routes answer 503 while null.
  documents::TokenSigningService* token_signing = nullptr;
  documents::DraftFileService* draft_files = nullptr;
  documents::ConsultationService* consultations = nullptr;
  // The file plan and work records (issue 11, item 1); their routes answer 503 while null.
  documents::FilePlanService* file_plan = nullptr;
  documents::WorkRecordService* records = nullptr;
  // Document search (issue 11, item 3); /api/v1/search answers 503 while null.
  const documents::SearchService* search = nullptr;
  // Text extraction and OCR (issue 11, item 4): the registration form's proposals and the
  // admin's view of the queue; their routes answer 503 while null.
  const documents::ExtractionService* extraction = nullptr;
  // The import of past documents (issue 11, item 6); /api/v1/documents/import answers 503 while
  // these are null.
  const documents::ImportJobs* import_jobs = nullptr;
  documents::ImportJobQueue* import_queue = nullptr;
  // Registers printed and the leaders' statistics (issue 11, item 5); 503 while null.
  const documents::ReportService* report = nullptr;
  // Transfer to the archive (issue 11, item 2); /api/v1/records/archive answers 503 while null.
  const documents::ArchiveService* archive = nullptr;
  // The one-stop desk's procedure catalogue (issue 12, item 1); /api/v1/procedures answers 503
  // while null.
  onestop::CatalogueService* catalogue = nullptr;
  // The procedures' template files; the template routes answer 503 while null.
  onestop::ProcedureTemplateService* procedure_templates = nullptr;
  // Dossiers (issue 12, item 2); /api/v1/dossiers answers 503 while null.
  onestop::DossierService* dossiers = nullptr;
  // The agencies' fee accounts (issue 13, item 4); the payment routes answer 503 while null.
  payment::PaymentAccountService* payment_accounts = nullptr;
  // The transfers' QR images, drawn once each; drawn on every answer while null.
  payment::QrPngCache* qr_images = nullptr;
  // Sign-in through the OpenID Connect provider (issue 13, item 2); off while null.
  oidc::SignIn* oidc = nullptr;
  // The Decision 766 rules ([index766] rules_file); the compiled-in ones while null.
  const quality::RuleSet* index766_rules = nullptr;
  // Bank statements reconciled with the fees due; 503 while null.
  payment::ReconciliationService* reconciliation = nullptr;
  // Satisfaction ratings and feedback (PAKN) (issue 13, item 7); the routes answer 503 while
  // null. The settings: the configured ones, or those compiled in while null.
  const feedback::RatingService* ratings = nullptr;
  const feedback::PetitionService* petitions = nullptr;
  const feedback::Settings* feedback_settings = nullptr;
  // The result of a dossier as an outgoing document; /api/v1/dossiers/{code}/result-document
  // answers 503 while null.
  onestop::DossierResultService* dossier_results = nullptr;
  // The counter queue (issue 12, item 5); /api/v1/queue answers 503 while null.
  onestop::CounterQueueService* counter_queue = nullptr;
  // Where the per-address request limits against guessing and abuse count, when they must hold
  // across instances (identity::SharedLimits on PostgreSQL); process memory while null
  // (decision 0025 says which limits are shared).
  RequestRateStore* shared_rates = nullptr;
  // The one-stop desk's statistics (issue 12, item 6); 503 while null.
  const onestop::DossierStatisticsService* dossier_statistics = nullptr;
  // Online submission on the portal (issue 13, item 3): the e-forms, drafts, the citizens' files
  // and document store, submissions; their routes answer 503 while null.
  portal::FormService* forms = nullptr;
  portal::DraftService* drafts = nullptr;
  portal::DocumentStore* document_store = nullptr;
  portal::SubmissionService* submissions = nullptr;
  // Proactive services (issue 13, item 8): the citizens' offers and the rules; 503 while null.
  proactive::OfferService* offers = nullptr;
  // The document exchange hub (issue 14): partners, the hub, and the inspection settings (the
  // verifier and limits; the policy and trust store are set per receipt); 503 while null.
  exchange::PartnerService* exchange_partners = nullptr;
  exchange::HubService* hub = nullptr;
  const exchange::InspectOptions* exchange_inspect = nullptr;
  // Documents from outside in the clerks' reception; 503 while null.
  exchange::ReceptionService* exchange_receptions = nullptr;
  // Documents of this instance sent through the exchange (their transport trace); 503 while null.
  exchange::OutboundService* exchange_outbound = nullptr;
  // Official e-mail (issue 15): accounts, templates, preferences, the outbox's e-mail channel and
  // the delivery worker; set only when [mail] enabled, the routes answer 503 otherwise.
  mailroom::MailAccounts* mail_accounts = nullptr;
  mailroom::TemplateStore* mail_templates = nullptr;
  mailroom::Preferences* mail_preferences = nullptr;
  notify::EmailChannel* mail_channel = nullptr;
  mailroom::DeliveryWorker* mail_worker = nullptr;
  mailroom::IntakeService* mail_intake = nullptr;  // documents received by e-mail
};

void RegisterRoutes(http::Router& router, ApiContext& ctx);

// The agency import/export JSON format ({"items": [AgencyInput...]}), shared by the HTTP API and
// the CLI. Unknown members and wrong types are field errors named "items[i].field".
Result<std::vector<org::AgencyInput>> ParseAgencyImportJson(const std::string& text);
std::string AgencyExportJson(const std::vector<org::AgencyCsvRow>& rows);

// An import package of past documents (issue 11, item 6): its rows and the files they name.
struct DocumentImportPackage {
  std::vector<documents::ImportRecord> rows;
  std::unique_ptr<documents::ImportFiles> files;  // null for a bare CSV/JSON file
  std::string index_name;                         // the index file read
};
// From uploaded bytes: a ZIP (by content; its index documents.csv/.json) or a bare CSV or JSON
// index (by `file_name`'s extension, else by content). kMalformed, kTooLarge, kInvalidArgument
// ("file", or "items[i].field" in JSON) for a package that cannot be read.
Result<DocumentImportPackage> ReadDocumentImport(std::string bytes, const std::string& file_name,
                                                 const documents::ImportLimits& limits = {});
// From a directory on this machine (the CLI).
Result<DocumentImportPackage> ReadDocumentImportDirectory(
    const std::string& dir, const documents::ImportLimits& limits = {});

// The OpenAPI 3.1 document of every route on `router`.
std::string OpenApiDocument(const http::Router& router, const std::string& version);

}  // namespace cqdt::api
