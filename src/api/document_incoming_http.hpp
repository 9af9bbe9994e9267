// The HTTP side shared by the incoming document routes (private to api): the JSON of a
// document and a file, the ETag / If-Match pair of optimistic concurrency (decision 0009), the
// problem types of its own (412, 428, the duplicate warning) and the guard that answers 503
// while the documents services are not wired. Split from document_incoming_routes.cpp, which
// keeps registration and reads; document_incoming_action_routes.cpp has the processing actions.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "documents/document.hpp"
#include "documents/document_files.hpp"
#include "internal.hpp"

namespace cqdt::api::incoming_http {

using documents::Document;
using documents::DocumentId;

// An ISO 8601 time in Vietnam (UTC+7) of Unix seconds; "" for 0.
std::string Time(std::int64_t seconds);
json DocumentJson(const Document& d, const http::Request& req);
json FileJson(const documents::DocumentFile& f);
http::Response WithETag(http::Response res, const Document& d);
http::Response DocumentResponse(int status, const Document& d, const http::Request& req);

using Handler =
    std::function<http::Response(ApiContext&, http::Request&, const identity::Principal&)>;
// Authenticated, and 503 until the incoming services are wired.
http::Handler Guarded(ApiContext& ctx, Handler handler);

// The {id} of the path.
Result<DocumentId> DocumentOf(const http::Request& req);
// A problem of a type of its own ("urn:cqdt:problem:<type>") with a status no ErrorCode maps to
// (428, 412, 409 duplicate-document), and optional extra members.
http::Response Problem(int status, const std::string& message, const char* type,
                       const http::Request& req, const json& extra = json::object());

// An action on a document: the service call inside the route's transaction, given the version
// the caller read (If-Match) and the JSON body.
using Action = std::function<Result<Document>(ApiContext&, db::Transaction&, const audit::Actor&,
                                              const identity::Principal&, DocumentId, std::int64_t,
                                              JsonBody&)>;
// One action route: the document visible to `p` (else 404), If-Match current (CheckIfMatch: 428
// without, 412 stale or lost race), the JSON body (members
// `allowed`), the service call, the commit; answers the document with its new ETag.
http::Response RunAction(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                         std::set<std::string> allowed, const Action& action);
// Registers POST /api/v1/documents/incoming/{id}/<path> as an action route.
void AddIncomingAction(http::Router& r, ApiContext& ctx, const char* path, const char* summary,
                       const char* schema, std::set<std::string> allowed, Action run);

// The processing actions (document_incoming_action_routes.cpp), registered by
// RegisterDocumentIncomingRoutes.
void RegisterDocumentIncomingActionRoutes(http::Router& r, ApiContext& ctx);
void AddDocumentIncomingActionSchemas(json& s);
// Forwarding and extension decisions (document_processing_routes.cpp), registered with the
// actions.
void RegisterDocumentProcessingRoutes(http::Router& r, ApiContext& ctx);
void AddDocumentProcessingSchemas(json& s);
// The audit entries of views of confidential documents (GrantService::RecordView), written in
// a transaction of their own before the answer is sent; an error when they cannot be written
// (the caller then does not serve the view).
Status AuditViews(ApiContext& ctx, const identity::Principal& p, const http::Request& req,
                  const std::vector<Document>& documents, const std::string& what);

}  // namespace cqdt::api::incoming_http
