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
#include "http/message.hpp"
#include "http/problem.hpp"
#include "identity/principal.hpp"
#include "json_writer.hpp"

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

// Query parameter as an int in [min, max]; adds a field error otherwise.
std::optional<int> QueryInt(const http::Request& req, const char* name, int fallback, int min,
                            int max, std::vector<FieldError>& errors);
// A path parameter that must be a positive integer id.
Result<std::int64_t> PathId(const http::Request& req, const char* name = "id");

audit::Actor ActorOf(const identity::Principal& p, const http::Request& req);
audit::Actor AnonymousActor(const http::Request& req, const std::string& name = "anonymous");

using AuthedHandler = std::function<http::Response(http::Request&, const identity::Principal&)>;

// Resolves the caller (session cookie, or `Authorization: Bearer` API token), answers 401 when
// there is none, and 403 when a cookie-authenticated unsafe request lacks the right CSRF token.
http::Handler Authed(ApiContext& ctx, AuthedHandler handler);

using AuthedFastHandler =
    std::function<std::optional<http::Response>(http::Request&, const identity::Principal&)>;
// The fast path of an Authed GET route: answers only when the session is in the in-memory cache
// (and `handler` can answer from memory); otherwise nullopt sends the request to the blocking
// handler. API tokens always take the blocking path.
http::FastPath AuthedFast(ApiContext& ctx, AuthedFastHandler handler);

// For anonymous endpoints that change state (login, sign-up): a cross-site Origin or
// Sec-Fetch-Site is refused (login CSRF), and a per-address rate limit applies.
std::optional<http::Response> GuardAnonymous(ApiContext& ctx, const http::Request& req);

// A per-address fixed-window limit of its own (`bucket` names it; each bucket counts apart from
// the others); 429 with Retry-After when exceeded.
std::optional<http::Response> LimitPerAddress(ApiContext& ctx, const http::Request& req,
                                              const std::string& bucket, int per_minute);

// The whole request body, in memory or from its streamed temp file.
std::string ReadUpload(const http::Request& req);

constexpr const char kSessionCookie[] = "cqdt_session";

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

}  // namespace cqdt::api
