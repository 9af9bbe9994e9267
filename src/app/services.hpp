// The wired object graph of one cqdt process (private to app).
#pragma once

#include <memory>

#include "app/config.hpp"
#include "audit/audit_log.hpp"
#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/working_calendar.hpp"
#include "db/database.hpp"
#include "documents/consultation_service.hpp"
#include "documents/delivery_service.hpp"
#include "documents/document_files.hpp"
#include "documents/docx.hpp"
#include "documents/draft_file_service.hpp"
#include "documents/incoming_service.hpp"
#include "documents/outgoing_service.hpp"
#include "documents/register_service.hpp"
#include "documents/review_service.hpp"
#include "documents/token_signing_service.hpp"
#include "feedback/migrations.hpp"
#include "identity/identity_service.hpp"
#include "notify/outbox.hpp"
#include "numbering/counter_service.hpp"
#include "onestop/catalogue_service.hpp"
#include "org/agency_service.hpp"
#include "payment/payment_account.hpp"
#include "portal/form_service.hpp"
#include "proactive/offer_service.hpp"
#include "quality/index_snapshots.hpp"
#include "signing/external_signing.hpp"
#include "signing/key_ring.hpp"
#include "signing/signing_service.hpp"
#include "signing/trust_service.hpp"
#include "signing/verification.hpp"
#include "signing/verification_report.hpp"

namespace cqdt::app {

std::vector<db::Migration> AllMigrations();

struct Services {
  Config config;
  SystemClock clock;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<audit::AuditLog> audit;
  std::unique_ptr<org::AgencyService> agencies;
  std::unique_ptr<identity::IdentityService> identity;
  std::unique_ptr<notify::Outbox> outbox;  // notices to people (issue 10)
  // Signatures (issue 4).
  std::unique_ptr<signing::TrustService> trust;
  std::unique_ptr<signing::KeyRing> keys;
  std::unique_ptr<signing::SigningService> signing;
  std::unique_ptr<signing::Verifier> verifier;
  std::unique_ptr<signing::ExternalSigningService> external_signing;
  std::unique_ptr<signing::ReportWriter> reports;                 // verification report PDFs
  std::unique_ptr<crypto::RevocationFetcher> revocation_fetcher;  // null when offline
  // Document management (issue 10).
  numbering::CounterService counters;
  std::unique_ptr<documents::RegisterService> registers;
  // [storage] blobs = "database": a pool of its own for the blob store
  // (blob/database_blob_store.hpp).
  std::unique_ptr<db::Database> blob_db;
  std::unique_ptr<blob::BlobStore> blobs;  // uploaded files: Config::BlobDir() or blob_object
  std::unique_ptr<documents::FileService> document_files;
  std::unique_ptr<documents::IncomingService> incoming;
  std::unique_ptr<documents::OutgoingService> outgoing;
  std::unique_ptr<documents::ReviewService> reviews;
  std::unique_ptr<documents::DeliveryService> deliveries;
  std::unique_ptr<documents::SofficeConverter> docx_converter;
  std::unique_ptr<documents::TokenSigningService> token_signing;
  std::unique_ptr<documents::DraftFileService> draft_files;
  std::unique_ptr<documents::ConsultationService> consultations;
  // The one-stop desk (issue 12): the procedure catalogue.
  std::unique_ptr<onestop::CatalogueService> catalogue;
  // The portal's fee payment (issue 13): the agencies' accounts.
  std::unique_ptr<payment::PaymentAccountService> payment_accounts;

  // Opens the database, applies pending migrations and builds the services.
  static Result<std::unique_ptr<Services>> Open(const Config& config);
};

// The working-day calendar with the configured office hours and receipt cut-off, the year files
// compiled in, then the admin's <data_dir>/calendar/*.txt. Errors name the config key or file.
Result<std::unique_ptr<WorkingCalendar>> OpenCalendar(const Config& config);

// Loads the demo province when the database has no agency yet. Prints the demo accounts.
Status LoadDemo(Services& s, bool print_accounts);

}  // namespace cqdt::app
