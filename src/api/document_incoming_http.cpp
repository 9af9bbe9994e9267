#include "document_incoming_http.hpp"

#include "api/signing_json.hpp"
#include "core/document_number.hpp"
#include "documents/incoming_service.hpp"

namespace cqdt::api::incoming_http {

std::string Time(std::int64_t seconds) {
  return seconds > 0 ? ToIsoVietnam(FromUnixSeconds(seconds)) : "";
}

json DocumentJson(const Document& d, const http::Request& req) {
  const DocumentType* type = FindDocumentTypeByOrdinal(d.type_ordinal);
  auto state = documents::ParseIncomingState(d.state);
  return {
      {"id", d.id.value()},
      {"agencyId", d.agency_id.value()},
      {"state", d.state},
      {"stateLabel", state ? http::Localized(documents::IncomingStateLabel(*state), req) : d.state},
      {"typeOrdinal", d.type_ordinal},
      {"typeName", type ? type->name : ""},
      {"numberText", d.number_text},
      {"number", d.number},
      {"notation", d.notation},
      {"issuedDate", d.issued_date},
      {"senderAgencyId", d.sender_agency_id.IsSet() ? json(d.sender_agency_id.value()) : json()},
      {"senderName", d.sender_name},
      {"subject", d.subject},
      {"signerName", d.signer_name},
      {"signerPosition", d.signer_position},
      {"urgency", documents::UrgencyName(d.urgency)},
      {"urgencyLabel", http::Localized(documents::UrgencyLabel(d.urgency), req)},
      {"confidentiality", documents::ConfidentialityName(d.confidentiality)},
      {"confidentialityLabel",
       http::Localized(documents::ConfidentialityLabel(d.confidentiality), req)},
      {"channel", documents::ChannelName(d.channel)},
      {"channelLabel", http::Localized(documents::ChannelLabel(d.channel), req)},
      {"pageCount", d.page_count},
      {"arrivalDate", d.arrival_date},
      {"arrivalNumber", d.arrival_number},
      {"dueDate", d.due_date},
      {"description", d.description},
      {"toPlaces", d.to_places},
      // The sender recalled it and a clerk accepted (a delivery's or the exchange's 15).
      {"recallReason", d.recall_reason.empty() ? json(nullptr) : json(d.recall_reason)},
      {"createdAt", Time(d.created_at)},
      {"updatedAt", Time(d.updated_at)},
      {"version", d.version}};
}

json FileJson(const documents::DocumentFile& f) {
  json verdict = nullptr;
  if (!f.signature_verdict.empty()) {
    auto parsed = ParseJson(f.signature_verdict);
    verdict = parsed ? *parsed : json(nullptr);
  }
  return {{"id", f.id.value()},
          {"documentId", f.document_id.IsSet() ? json(f.document_id.value()) : json()},
          {"role", documents::FileRoleName(f.role)},
          {"name", f.name},
          {"contentType", f.content_type},
          {"size", f.size},
          {"pages", f.pages},
          {"sha256", f.sha256},
          {"signature", verdict},
          {"uploadedAt", Time(f.uploaded_at)}};
}

http::Response WithETag(http::Response res, const Document& d) {
  res.headers.Set("ETag", DocumentETag(d));
  return res;
}

http::Response DocumentResponse(int status, const Document& d, const http::Request& req) {
  return WithETag(JsonResponse(status, DocumentJson(d, req)), d);
}

namespace {

bool Ready(const ApiContext& ctx) {
  return ctx.incoming != nullptr && ctx.assignments != nullptr && ctx.document_files != nullptr &&
         ctx.processing != nullptr && ctx.arrival_stamps != nullptr && ctx.grants != nullptr;
}

}  // namespace

http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (!Ready(ctx)) {
      return Fail(Error::Unavailable("Chức năng văn bản đến chưa sẵn sàng."), req);
    }
    return handler(ctx, req, p);
  });
}

Result<DocumentId> DocumentOf(const http::Request& req) {
  CQDT_ASSIGN_OR_RETURN(std::int64_t id, PathId(req));
  return DocumentId(id);
}

// A problem of a type of its own ("urn:cqdt:problem:<type>") with a status no ErrorCode maps to
// (428, 412), and optional extra members.
http::Response Problem(int status, const std::string& message, const char* type,
                       const http::Request& req, const json& extra) {
  http::Response res = http::Problem(Error::FailedPrecondition(message), req, type, message);
  auto body = json::parse(res.body);
  body["status"] = status;
  for (const auto& [k, v] : extra.items()) {
    body[k] = v;
  }
  res.status = status;
  res.body = body.dump();
  return res;
}

// One action route: If-Match, the JSON body (members `allowed`), the service call, the commit.
http::Response RunAction(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                         std::set<std::string> allowed, const Action& action) {
  auto id = DocumentOf(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto current = ctx.incoming->Get(tx, p, *id);
  if (!current) {
    return Fail(current.error(), req);
  }
  if (auto refused = CheckIfMatch(req, DocumentETag(*current))) {
    return *refused;
  }
  JsonBody body{json::object()};
  if (!req.body.empty()) {
    auto parsed = JsonBody::Parse(req, std::move(allowed));
    if (!parsed) {
      return Fail(parsed.error(), req);
    }
    body = std::move(*parsed);
  }
  auto done = action(ctx, tx, ActorOf(p, req), p, *id, current->version, body);
  if (!done) {
    // A version lost in the race of the UPDATE: the same answer as a stale If-Match.
    if (done.error().code() == ErrorCode::kConflict) {
      return StaleVersion(req);
    }
    return Fail(done.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return DocumentResponse(200, *done, req);
}

Status AuditViews(ApiContext& ctx, const identity::Principal& p, const http::Request& req,
                  const std::vector<Document>& documents, const std::string& what) {
  bool any = false;
  for (const auto& d : documents) {
    any = any || documents::IsConfidential(d.confidentiality);
  }
  if (!any) {
    return Ok();
  }
  if (ctx.grants == nullptr) {
    return Error::Unavailable("Chức năng văn bản đến chưa sẵn sàng.");
  }
  // Decision 0009: every view of a confidential document is audited, with the viewer.
  auto tx = ctx.db.Begin();
  const audit::Actor actor = ActorOf(p, req);
  for (const auto& d : documents) {
    CQDT_RETURN_IF_ERROR(ctx.grants->RecordView(tx, actor, d, what));
  }
  return tx.Commit();
}

void AddIncomingAction(http::Router& r, ApiContext& ctx, const char* path, const char* summary,
                       const char* schema, std::set<std::string> allowed, Action run) {
  r.Add("POST", std::string("/api/v1/documents/incoming/{id}/") + path,
        Guarded(ctx,
                [allowed = std::move(allowed), run = std::move(run)](
                    ApiContext& c, http::Request& req, const identity::Principal& p) {
                  return RunAction(c, req, p, allowed, run);
                }),
        {}, {summary, "documents", schema, "IncomingDocument"});
}

}  // namespace cqdt::api::incoming_http
