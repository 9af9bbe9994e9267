// RFC 9457 problem details: the one place that maps cqdt::ErrorCode to an HTTP status and writes
// `application/problem+json`. Body:
//   { "type": "urn:cqdt:problem:<code-name>", "title": "<Vietnamese title>", "status": 422,
//     "detail": "<Vietnamese message>", "instance": "<request path>", "requestId": "...",
//     "errors": [ { "field": "code", "code": "format", "message": "..." } ] }
// `errors` is present only when the Error carries field errors. Nothing internal is ever written.
// `title`, `detail` and each `message` are in the language the request's Accept-Language prefers
// (Vietnamese by default, English on request; core/message_catalog.hpp), with Content-Language
// and Vary: Accept-Language.
#pragma once

#include "core/result.hpp"
#include "http/message.hpp"

namespace cqdt::http {

int StatusFor(ErrorCode code);
Response Problem(const Error& error, const Request& request);
// `error` (its status, detail and field errors) under a problem type of its own,
// "urn:cqdt:problem:<type_name>", and `title`: for a condition a client must recognise and act
// on, beyond what the code's generic type says (e.g. 403 "password-change-required").
Response Problem(const Error& error, const Request& request, const std::string& type_name,
                 const std::string& title);
// For server-level failures that have no Error yet (bad framing, 404 of an unknown API path...).
Response Problem(int status, const std::string& detail, const Request& request);

}  // namespace cqdt::http
