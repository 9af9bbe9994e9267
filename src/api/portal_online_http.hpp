// What the routes of online submission on the portal share (private to the api module): the
// citizen-only wrapper, the JSON of an e-form and of its answers (issue 13, item 3;
// portal_form_routes.cpp and the routes of drafts, the document store and dossiers).
#pragma once

#include <functional>

#include "internal.hpp"
#include "portal/document_store.hpp"
#include "portal/draft_service.hpp"
#include "portal/form_service.hpp"

namespace cqdt::api {

using CitizenHandler =
    std::function<http::Response(ApiContext&, http::Request&, const identity::Principal&)>;

// Authed, then only for a signed-in citizen (403 for staff and tokens), and 503 while the
// portal's services are not wired.
http::Handler CitizenOnly(ApiContext& ctx, CitizenHandler handler);

// The route groups (RegisterPortalOnlineRoutes calls them).
void RegisterPortalFormRoutes(http::Router& r, ApiContext& ctx);
void RegisterPortalDraftRoutes(http::Router& r, ApiContext& ctx);
void RegisterPortalStoreRoutes(http::Router& r, ApiContext& ctx);
void RegisterPortalDossierRoutes(http::Router& r, ApiContext& ctx);
void RegisterProactiveRoutes(http::Router& r, ApiContext& ctx);  // proactive_routes.cpp
void AddProactiveSchemas(json& s);

// A stored e-form: its definition in the format of portal/e_form.hpp, with "id" (null for the
// default form not stored yet), "number" and "procedureCode".
json EFormJson(const portal::StoredForm& form);

// Answers from a client's JSON object at `field` ("answers"): strings as they are, numbers as
// their text, booleans as "true"/"false", null as absent; anything else is an error naming
// "form.<name>". An absent member is no answers.
portal::FormAnswers AnswersFrom(const json& body, const char* field,
                                std::vector<FieldError>& errors);
// The answers as JSON: every answer as its text (a checkbox's "true" or "false").
json AnswersJson(const portal::FormAnswers& answers);

// The documents of a draft, a submission or a supplement answer at `field` ("documents"):
// [{"ordinal": 1, "files": ["u12", {"id": "d4", "name": "…"}], "byData": false}]; errors name
// documents[i].*. An absent member is no documents.
std::vector<portal::DocumentChoice> DocumentsFrom(const json& body, const char* field,
                                                  std::vector<FieldError>& errors);
json DocumentsJson(const std::vector<portal::DocumentChoice>& documents);
// A citizen's file (document_store.hpp): its store id, source, name, type, size, time and, for a
// dossier's file, the dossier, procedure and document it was.
json CitizenFileJson(const portal::CitizenFile& f, const http::Request& req);

}  // namespace cqdt::api
