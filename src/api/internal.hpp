// Shared helpers of the api module (private).
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/api.hpp"
#include "core/result.hpp"
#include "http/language.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"
#include "identity/principal.hpp"
#include "json_writer.hpp"

namespace cqdt::quality {
struct UnitScore;
}  // namespace cqdt::quality

namespace cqdt::api {

using nlohmann::json;

// The deepest nesting of arrays and objects a JSON body or uploaded JSON file may have.
constexpr int kMaxJsonDepth = 64;

// The one place request bodies and uploaded JSON files are parsed. Untrusted input: nesting
// deeper than kMaxJsonDepth is refused by a non-recursive scan before any tree is built, so no
// parsed tree is ever deeper than that (copying or dumping a tree recurses once per level).
// kMalformed, with a Vietnamese message, for a too deep document or bad syntax.
Result<json> ParseJson(std::string_view text);

http::Response JsonResponse(int status, const json& body);
http::Response Fail(const Error& error, const http::Request& req);

// A JSON object body, parsed strictly. Every check on untrusted input is here: content type,
// syntax, top-level object, unknown members, member types. Field errors accumulate and are
// reported together by Finish().
class JsonBody {
 public:
  // kUnsupported for a non-JSON content type, kMalformed for bad syntax or a non-object.
  static Result<JsonBody> Parse(const http::Request& req, std::set<std::string> allowed);
  // The same for JSON text from elsewhere (a part of a multipart/form-data body).
  static Result<JsonBody> ParseText(std::string_view text, const std::set<std::string>& allowed);
  explicit JsonBody(json value) : value_(std::move(value)) {}

  bool Has(const char* field) const { return value_.contains(field); }
  // Absent: nullopt. null: "" (clears the field). Non-string: a type error.
  std::optional<std::string> String(const char* field);
  std::optional<std::int64_t> Int(const char* field);  // null: 0
  std::optional<bool> Bool(const char* field);
  std::optional<std::vector<std::string>> StringArray(const char* field);
  const json& value() const { return value_; }
  // Adds errors for absent required fields.
  void Require(std::initializer_list<const char*> fields);
  Status Finish();

 private:
  json value_;
  std::vector<FieldError> errors_;
};

// A {"reason": "..."} body (the reason of a cancellation, refusal, revocation…); `required`
// makes an absent reason a 422 naming the field.
Result<std::string> ReadReason(const http::Request& req, bool required);

// Query parameter as an int in [min, max]; adds a field error otherwise.
std::optional<int> QueryInt(const http::Request& req, const char* name, int fallback, int min,
                            int max, std::vector<FieldError>& errors);
// A path parameter that must be a positive integer id.
Result<std::int64_t> PathId(const http::Request& req, const char* name = "id");

audit::Actor ActorOf(const identity::Principal& p, const http::Request& req);
audit::Actor AnonymousActor(const http::Request& req, const std::string& name = "anonymous");

using AuthedHandler = std::function<http::Response(http::Request&, const identity::Principal&)>;

struct AuthedOptions {
  // Serve callers who must first replace a password an administrator chose (reading the
  // session, changing the password, logging out). Every other route answers them 403 with the
  // problem type "password-change-required".
  bool while_password_change_required = false;
};

// Resolves the caller (session cookie, or `Authorization: Bearer` API token), answers 401 when
// there is none, 403 when a cookie-authenticated unsafe request lacks the right CSRF token, and
// 403 password-change-required (see AuthedOptions).
http::Handler Authed(ApiContext& ctx, AuthedHandler handler, AuthedOptions options = {});

using AuthedFastHandler =
    std::function<std::optional<http::Response>(http::Request&, const identity::Principal&)>;
// The fast path of an Authed GET route: answers only when the session is in the in-memory cache
// (and `handler` can answer from memory); otherwise nullopt sends the request to the blocking
// handler. API tokens always take the blocking path.
http::FastPath AuthedFast(ApiContext& ctx, AuthedFastHandler handler, AuthedOptions options = {});

// The 403 answered to a caller who must change their password first.
http::Response PasswordChangeRequired(const http::Request& req);

// For anonymous endpoints that change state (login, sign-up): a cross-site Origin or
// Sec-Fetch-Site is refused (login CSRF), and a per-address rate limit applies.
std::optional<http::Response> GuardAnonymous(ApiContext& ctx, const http::Request& req);
// The cross-site refusal of GuardAnonymous alone (a cross-site Sec-Fetch-Site, a foreign Origin),
// for anonymous writes that keep a rate limit of their own.
std::optional<http::Response> RefuseCrossSite(const http::Request& req);

// A per-address fixed-window limit of its own (`bucket` names it; each bucket counts apart from
// the others); 429 with Retry-After when exceeded.
std::optional<http::Response> LimitPerAddress(ApiContext& ctx, const http::Request& req,
                                              const std::string& bucket, int per_minute);

// Requests of one kind running at once (issue 8): at most `per_address` from one client address and
// `total` from everyone (`bucket` names the kind). Refusals are immediate: 429 when this address
// has per_address in flight, else 503 when everyone has total, both with Retry-After.
struct InFlightLimits {
  int per_address = 1;
  int total = 1;
  int retry_after_seconds = 1;
};
struct InFlightBucket;  // internal.cpp

// A place among the requests in flight, held until destroyed (or moved from).
class InFlightSlot {
 public:
  InFlightSlot() = default;
  InFlightSlot(InFlightSlot&& other) noexcept;
  InFlightSlot& operator=(InFlightSlot&& other) noexcept;
  InFlightSlot(const InFlightSlot&) = delete;
  InFlightSlot& operator=(const InFlightSlot&) = delete;
  ~InFlightSlot();

 private:
  friend std::optional<http::Response> AdmitInFlight(const http::Request&, const std::string&,
                                                     const InFlightLimits&, InFlightSlot&);
  void Release();
  InFlightBucket* bucket_ = nullptr;
  std::string address_;
};

// Takes a place for the request in `bucket` (held by `slot`), or answers the refusal.
std::optional<http::Response> AdmitInFlight(const http::Request& req, const std::string& bucket,
                                            const InFlightLimits& limits, InFlightSlot& slot);
// The refusal AdmitInFlight would give now, without taking a place: for a route's fast path, so a
// request that would be refused is answered on the I/O thread instead of queueing for a worker.
std::optional<http::Response> RefuseInFlight(const http::Request& req, const std::string& bucket,
                                             const InFlightLimits& limits);
// Requests of `bucket` in flight now (a metrics gauge).
int InFlightCount(const std::string& bucket);

// The whole request body, in memory or from its streamed temp file.
std::string ReadUpload(const http::Request& req);

constexpr const char kSessionCookie[] = "cqdt_session";
// The Set-Cookie value of a new session (password sign-in, OIDC callback).
std::string SessionCookie(const ApiContext& ctx, const http::Request& req,
                          const std::string& token);

// Today's date in Vietnam (YYYY-MM-DD), as ctx.agencies.Today() says, formatted again only when
// ctx.clock enters a new minute (per thread): formatting a date cost more than serving an agency
// from memory. A day always starts on a minute boundary, so the answer is never stale.
const std::string& Today(ApiContext& ctx);

// Serialisers shared by several route files. Agencies are written straight into the body (they
// are read on the hottest path: GET /agencies/{id}, GET /agencies, from memory).
void WriteAgency(JsonWriter& w, const org::Agency& a, const std::string& today);
http::Response AgencyResponse(int status, const org::Agency& a, const std::string& today);
json UserJson(const identity::User& u, const std::string& agency_name);
json MeJson(const identity::Principal& p, const std::string& agency_name);

// Route groups.
void RegisterSystemRoutes(http::Router& r, ApiContext& ctx);
void RegisterAuthRoutes(http::Router& r, ApiContext& ctx);
void RegisterAgencyRoutes(http::Router& r, ApiContext& ctx);
void RegisterUserRoutes(http::Router& r, ApiContext& ctx);
void RegisterAuditRoutes(http::Router& r, ApiContext& ctx);
void RegisterCalendarRoutes(http::Router& r, ApiContext& ctx);
void RegisterCodeRoutes(http::Router& r, ApiContext& ctx);
void RegisterSigningRoutes(http::Router& r, ApiContext& ctx);
void RegisterExternalSigningRoutes(http::Router& r, ApiContext& ctx);
void RegisterNotificationRoutes(http::Router& r, ApiContext& ctx);
void RegisterDocumentRegisterRoutes(http::Router& r, ApiContext& ctx);
void RegisterDocumentIncomingRoutes(http::Router& r, ApiContext& ctx);
void AddDocumentIncomingSchemas(json& schemas);
// Grants of access to a (confidential) incoming document.
void RegisterDocumentGrantRoutes(http::Router& r, ApiContext& ctx);
void AddDocumentGrantSchemas(json& schemas);
// The OpenAPI component schemas of the document register routes.
void AddDocumentRegisterSchemas(json& schemas);
void RegisterDocumentOutgoingRoutes(http::Router& r, ApiContext& ctx);
// The OpenAPI component schemas of the outgoing document routes.
void AddDocumentOutgoingSchemas(json& schemas);
// The JSON of an outgoing document (schema OutgoingDocument), for the delivery routes too.
json OutgoingDocumentJson(const documents::OutgoingDocument& od, const http::Request& req);
// The body of POST /documents/outgoing and PATCH /documents/outgoing/{id} (untrusted: known
// fields only, each of its type; kInvalidArgument naming every bad field).
Result<documents::DraftInput> ReadOutgoingDraftInput(const http::Request& req);

// Optimistic concurrency of documents (decision 0009): a document's ETag is "<id>-<version>";
// an action needs If-Match with the current one: 428 without it, 412 when it is not `current`,
// nullopt when it is.
std::string DocumentETag(const documents::Document& d);
// A weak form (W/"...") of the current ETag matches too.
std::optional<http::Response> CheckIfMatch(const http::Request& req, const std::string& current);
// The 412 of CheckIfMatch, also for a version lost between the check and the write (the
// service's conditional UPDATE found another version).
http::Response StaleVersion(const http::Request& req);
// For a thing whose ETag is "<prefix><version>" and whose current version the service checks
// itself (a delivery): sets `version` to the one If-Match names (strong or weak form), or to -1
// when it names none (the service's check then fails: answer StaleVersion). 428 when If-Match is
// missing, else nullopt.
std::optional<http::Response> ReadIfMatchVersion(const http::Request& req,
                                                 const std::string& prefix, std::int64_t& version);
// Runs a sender action on the outgoing document of the path: visible to `p` (else 404),
// If-Match current (else 428 / 412), then `action` in one transaction, committed only when it
// succeeds — except that a wrong signing secret keeps the signing service's audit entry
// (`commit_on_bad_secret`). Answers 200 with the document and its ETag.
using OutgoingAction = std::function<Result<documents::OutgoingDocument>(
    db::Transaction&, documents::DocumentId, std::int64_t)>;
http::Response ActOnOutgoing(ApiContext& ctx, const http::Request& req,
                             const identity::Principal& p, const OutgoingAction& action,
                             bool commit_on_bad_secret = false);
void RegisterDocumentDeliveryRoutes(http::Router& r, ApiContext& ctx);
// The OpenAPI component schemas of the release, delivery and reception routes.
void AddDocumentDeliverySchemas(json& schemas);
void RegisterDocumentQueueRoutes(http::Router& r, ApiContext& ctx);
void AddDocumentQueueSchemas(json& schemas);
void RegisterDocumentDelegationRoutes(http::Router& r, ApiContext& ctx);
void RegisterRecordRoutes(http::Router& r, ApiContext& ctx);
void AddRecordSchemas(json& schemas);
void RegisterSearchRoutes(http::Router& r, ApiContext& ctx);
void AddSearchSchemas(json& schemas);
// The procedure catalogue (issue 12, item 1; procedure_routes.cpp, procedure_schemas.cpp).
void RegisterProcedureRoutes(http::Router& r, ApiContext& ctx);
void AddProcedureSchemas(json& schemas);
// Dossiers (issue 12, item 2; dossier_routes.cpp, dossier_json.cpp).
void RegisterDossierRoutes(http::Router& r, ApiContext& ctx);
void AddDossierSchemas(json& schemas);
// The counter queue (issue 12, item 5; queue_routes.cpp).
void RegisterQueueRoutes(http::Router& r, ApiContext& ctx);
void AddQueueSchemas(json& schemas);
// The one-stop desk's statistics (issue 12, item 6; onestop_statistics_routes.cpp).
void RegisterOnestopStatisticsRoutes(http::Router& r, ApiContext& ctx);
// The public portal (issue 13; portal_routes.cpp): dossier tracking by code and check digits.
void RegisterPortalRoutes(http::Router& r, ApiContext& ctx);
// Fee payment (issue 13, item 4; payment_routes.cpp): the agencies' fee accounts, and the transfer
// a fee-bearing dossier's tracking view offers (null when nothing is due).
void RegisterPaymentRoutes(http::Router& r, ApiContext& ctx);
// The document exchange hub (issue 14): member operations (exchange_routes.cpp) and the admin's
// partners, packages and dead letters (exchange_admin_routes.cpp).
void RegisterExchangeRoutes(http::Router& r, ApiContext& ctx);
void RegisterExchangeAdminRoutes(http::Router& r, ApiContext& ctx);
void RegisterExchangeReceptionRoutes(http::Router& r, ApiContext& ctx);
// What staff read of the exchange (exchange_staff_routes.cpp): the directory of agencies outside
// this instance, the route to one, and an outgoing document's transport trace.
void RegisterExchangeStaffRoutes(http::Router& r, ApiContext& ctx);
// The 409 "duplicate-document" of a registration that found possible duplicates (nothing saved):
// the problem with `duplicates: [{id, arrivalNumber, arrivalDate, numberText, subject}]`.
http::Response DuplicateDocumentResponse(const http::Request& req,
                                         const std::vector<documents::Document>& duplicates);
void AddExchangeSchemas(json& schemas);
// Official e-mail (issue 15): mail_routes.cpp, mail_template_routes.cpp.
void RegisterMailRoutes(http::Router& r, ApiContext& ctx);
void AddMailSchemas(json& schemas);
void RegisterMailIntakeRoutes(http::Router& r, ApiContext& ctx);  // mail_intake_routes.cpp
void AddMailIntakeSchemas(json& schemas);
// Online submission on the portal (issue 13, item 3; portal_*_routes.cpp): e-forms, drafts, the
// document store, the citizen's dossiers, and the staff's view of a dossier's e-form.
void RegisterPortalOnlineRoutes(http::Router& r, ApiContext& ctx);
void AddPortalOnlineSchemas(json& schemas);
// The Decision 766 index (issue 13, item 9; index766_routes.cpp): public.
void RegisterIndex766Routes(http::Router& r, ApiContext& ctx);
// A unit's score as the index answers it ("Index766Unit"); `ranked`: with its rank.
json Index766UnitJson(const quality::UnitScore& u, bool ranked);
// Which procedures and dossiers cost a unit points (index766_analysis_routes.cpp): staff.
void RegisterIndex766AnalysisRoutes(http::Router& r, ApiContext& ctx);
void AddIndex766AnalysisSchemas(json& schemas);
// Sign-in through an OpenID Connect provider (issue 13, item 2; oidc_routes.cpp): public.
void RegisterOidcRoutes(http::Router& r, ApiContext& ctx);
void AddOidcSchemas(json& schemas);
void AddIndex766Schemas(json& schemas);
void AddPaymentSchemas(json& schemas);
// Satisfaction ratings and feedback (PAKN) (issue 13, item 7; feedback_portal_routes.cpp for the
// portal, feedback_staff_routes.cpp for the agencies' staff, feedback_json.cpp).
void RegisterFeedbackPortalRoutes(http::Router& r, ApiContext& ctx);
void RegisterFeedbackStaffRoutes(http::Router& r, ApiContext& ctx);
void AddFeedbackSchemas(json& schemas);
// What a dossier still owes, the `payment` of its tracking view and of its citizen's view
// (payment_routes.cpp): null when nothing is due; else the amount, in words, and the receiving
// agency's VietQR transfer with the dossier code as its purpose (null: paid at the desk).
json DossierPaymentJson(ApiContext& ctx, db::Transaction& tx, AgencyId receiving_agency,
                        const std::string& code, std::int64_t fee, bool fee_paid);
void AddOnestopStatisticsSchemas(json& schemas);
void AddExtractionSchemas(json& schemas);
void RegisterExtractionRoutes(http::Router& r, ApiContext& ctx);
void AddDocumentDelegationSchemas(json& schemas);
// What the outgoing routes share with the signing routes of outgoing documents
// (document_signing_routes.cpp): the document's JSON answer with its ETag, the ETag itself, and
// the 428 / 412 of optimistic concurrency (nullopt when If-Match names the current version).
http::Response OutgoingDocumentResponse(int status, const documents::OutgoingDocument& od,
                                        const http::Request& req);
std::string OutgoingETag(const documents::Document& d);
std::optional<http::Response> CheckOutgoingIfMatch(const http::Request& req,
                                                   const documents::Document& current);
// Signing (token, batch), DOCX drafts, attachments and consultation of outgoing documents.
void RegisterDocumentSigningRoutes(http::Router& r, ApiContext& ctx);
// A DOCX upload to POST /documents/outgoing/{id}/files (the type decided by content): checked,
// converted to PDF and stored as a new draft version.
http::Response AddDocxDraft(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                            const std::string& name, const std::string& bytes);
void AddDocumentSigningSchemas(json& schemas);
// The import of past documents (issue 11, item 6).
void RegisterDocumentImportRoutes(http::Router& r, ApiContext& ctx);
void AddDocumentImportSchemas(json& schemas);
// Registers printed as PDF and Excel, the leaders' statistics (issue 11, item 5).
void RegisterDocumentReportRoutes(http::Router& r, ApiContext& ctx);
void AddDocumentReportSchemas(json& schemas);
// Transfer of work records to the archive (issue 11, item 2; record_archive_routes.cpp).
void RegisterRecordArchiveRoutes(http::Router& r, ApiContext& ctx);
void AddRecordArchiveSchemas(json& schemas);

}  // namespace cqdt::api
