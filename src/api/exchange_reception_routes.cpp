// Documents from outside this instance in the clerk's reception (issue 14 item 2; decision
// 0019): the packages the exchange hub routed to the caller's agency, their items and files, and
// the clerk's answer — register as an incoming document (STATUS 03 to the sender) or refuse with
// a reason (STATUS 02). Optimistic concurrency as for deliveries: ETag "xr-<id>-<version>",
// If-Match required on actions.
#include <string>

#include "api/signing_json.hpp"
#include "exchange/reception.hpp"
#include "exchange_http.hpp"
#include "http/problem.hpp"
#include "internal.hpp"
#include "pdf/pdf.hpp"
#include "signing/verify_file.hpp"
#include "signing_http.hpp"

namespace cqdt::api {

namespace {

using exchange::ReceptionId;

std::optional<http::Response> Unready(ApiContext& ctx, const http::Request& req) {
  if (ctx.exchange_receptions == nullptr) {
    return Fail(Error::Unavailable("Trục liên thông văn bản chưa sẵn sàng."), req);
  }
  return std::nullopt;
}

std::string Prefix(const exchange::ExternalReception& r) {
  return "xr-" + std::to_string(r.id.value()) + "-";
}

json RecallJson(const exchange::ExternalReception& r, const http::Request& req) {
  if (r.recall_state.empty()) {
    return nullptr;
  }
  return {{"state", r.recall_state},
          {"stateLabel", http::Localized(exchange::RecallStateLabel(r.recall_state), req)},
          {"reason", r.recall_reason},
          {"requestedAt",
           r.recall_at != 0 ? json(ToIsoVietnam(FromUnixSeconds(r.recall_at))) : json(nullptr)},
          {"answer", r.recall_answer}};
}

json ReplacesJson(const exchange::ExternalReception& r) {
  json out = json::array();
  for (const auto& l : r.replaces) {
    out.push_back(
        {{"documentId", l.document_id},
         {"receptionId", l.reception_id.IsSet() ? json(l.reception_id.value()) : json(nullptr)}});
  }
  return out;
}

json ReceptionJson(const exchange::ExternalReception& r, const http::Request& req) {
  return {{"id", r.id.value()},
          {"documentId", r.document_id},
          {"senderCode", r.sender_organ},
          {"senderName", r.sender_name},
          {"subject", r.subject},
          {"business", exchange::BusinessTypeName(r.business)},
          {"businessLabel", http::Localized(exchange::BusinessTypeLabel(r.business), req)},
          {"state", exchange::ReceptionStateName(r.state)},
          {"stateLabel", http::Localized(exchange::ReceptionStateLabel(r.state), req)},
          {"status", r.status},
          {"statusLabel", http::Localized(exchange::StatusCodeLabel(r.status), req)},
          {"incomingDocumentId",
           r.incoming_document_id.IsSet() ? json(r.incoming_document_id.value()) : json(nullptr)},
          {"note", r.note},
          {"version", r.version},
          {"receivedAt", ToIsoVietnam(FromUnixSeconds(r.received_at))},
          {"updatedAt", ToIsoVietnam(FromUnixSeconds(r.updated_at))},
          {"recall", RecallJson(r, req)},
          {"replaces", ReplacesJson(r)},
          {"replacedBy", r.replaced_by.IsSet() ? json(r.replaced_by.value()) : json(nullptr)}};
}

http::Response DetailResponse(int status, const exchange::ReceptionDetail& d,
                              const http::Request& req) {
  json out = ReceptionJson(d.reception, req);
  const auto& h = d.header;
  json to = json::array();
  for (const auto& t : h.to) {
    to.push_back({{"code", t.organ_id}, {"name", t.organ_name}});
  }
  out["header"] = {{"numberText", h.code_notation.empty() ? h.code_number
                                                          : h.code_number + "/" + h.code_notation},
                   {"promulgationDate", h.promulgation_date},
                   {"place", h.place},
                   {"typeName", h.type_name},
                   {"priority", h.priority},
                   {"dueDate", h.due_date},
                   {"signerName", h.full_name},
                   {"signerPosition", h.position},
                   {"competence", h.competence},
                   {"content", h.content},
                   {"to", to},
                   {"toPlaces", h.to_places}};
  json files = json::array();
  for (const auto& f : d.files) {
    files.push_back({{"index", f.index},
                     {"name", f.name},
                     {"contentType", f.content_type},
                     {"size", f.size},
                     {"sha256", f.sha256},
                     {"registrable", f.registrable}});
  }
  out["files"] = files;
  json warnings = json::array();
  for (const auto& w : d.warnings) {
    warnings.push_back({{"code", w.code}, {"message", http::Localized(w.message, req)}});
  }
  out["warnings"] = warnings;
  http::Response res = JsonResponse(status, out);
  res.headers.Set("ETag", "\"" + Prefix(d.reception) + std::to_string(d.reception.version) + "\"");
  return res;
}

http::Response List(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  std::vector<FieldError> errors;
  exchange::ReceptionFilter f;
  f.state = req.Query("status").value_or("received");
  f.limit = QueryInt(req, "limit", 50, 1, 200, errors).value_or(50);
  f.offset = QueryInt(req, "offset", 0, 0, 1000000, errors).value_or(0);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto items = ctx.exchange_receptions->List(tx, p, f);
  if (!items) {
    return Fail(items.error(), req);
  }
  json out = json::array();
  for (const auto& r : *items) {
    out.push_back(ReceptionJson(r, req));
  }
  auto waiting = ctx.exchange_receptions->CountWaiting(tx, p);
  return JsonResponse(200, {{"items", out}, {"waiting", waiting ? *waiting : 0}});
}

http::Response Get(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto d = ctx.exchange_receptions->Get(tx, p, ReceptionId(*id));
  if (!d) {
    return Fail(d.error(), req);
  }
  return DetailResponse(200, *d, req);
}

http::Response File(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto id = PathId(req);
  auto index = PathId(req, "index");
  if (!id || !index) {
    return Fail(!id ? id.error() : index.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto f = ctx.exchange_receptions->File(tx, p, ReceptionId(*id), static_cast<int>(*index));
  if (!f) {
    return Fail(f.error(), req);
  }
  auto detected = documents::DetectContent(f->bytes);
  http::Response res = http::Response::Text(
      200, std::move(f->bytes),
      detected ? detected->content_type : std::string("application/octet-stream"));
  res.headers.Set("Content-Disposition", AttachmentDisposition(f->name));
  res.headers.Set("X-Content-Type-Options", "nosniff");
  return res;
}

http::Response Register(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto body = JsonBody::Parse(req, {"arrivalDate", "dueDate", "description", "confirmDuplicate",
                                    "numberText", "typeOrdinal"});
  if (!body) {
    return Fail(body.error(), req);
  }
  exchange::RegisterExternalInput in;
  in.arrival_date = body->String("arrivalDate").value_or("");
  in.due_date = body->String("dueDate").value_or("");
  in.description = body->String("description").value_or("");
  in.confirm_duplicate = body->Bool("confirmDuplicate").value_or(false);
  in.number_text = body->String("numberText");
  if (auto t = body->Int("typeOrdinal")) {
    in.type_ordinal = static_cast<int>(*t);
  }
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  std::int64_t version = -1;
  // Each signed PDF is verified before the transaction (revocation may take seconds).
  {
    auto tx = ctx.db.BeginRead();
    auto d = ctx.exchange_receptions->Get(tx, p, ReceptionId(*id));
    if (!d) {
      return Fail(d.error(), req);
    }
    if (auto missing = ReadIfMatchVersion(req, Prefix(d->reception), version)) {
      return *missing;
    }
    auto all = ctx.exchange_receptions->Files(tx, p, ReceptionId(*id));
    if (!all) {
      return Fail(all.error(), req);
    }
    for (const auto& f : d->files) {
      if (!f.registrable || f.content_type != "application/pdf" || ctx.verifier == nullptr ||
          ctx.trust == nullptr || f.index > static_cast<int>(all->size())) {
        continue;
      }
      const exchange::Attachment* file = &(*all)[static_cast<std::size_t>(f.index - 1)];
      auto signatures = pdf::ReadSignatures(file->bytes);
      if (!signatures || signatures->empty()) {
        continue;
      }
      auto report = signing::VerifyFile(ctx.db, *ctx.trust, *ctx.verifier,
                                        {.bytes = file->bytes,
                                         .file_name = file->name,
                                         .detached_content = std::nullopt,
                                         .detached_sha256 = std::nullopt,
                                         .extra_anchors = {},
                                         .fetcher = ctx.revocation_fetcher});
      if (report) {
        in.signature_verdicts[f.index] = VerificationReportJson(*report, Language::kVietnamese);
      }
    }
  }
  auto tx = ctx.db.Begin();
  auto out =
      ctx.exchange_receptions->Register(tx, p, ActorOf(p, req), ReceptionId(*id), version, in);
  if (!out) {
    if (out.error().code() == ErrorCode::kConflict) {
      return StaleVersion(req);
    }
    return Fail(out.error(), req);
  }
  if (!out->reception) {
    return DuplicateDocumentResponse(req, out->duplicates);
  }
  auto d = ctx.exchange_receptions->Get(tx, p, ReceptionId(*id));
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  http::Response res = DetailResponse(201, *d, req);
  res.headers.Set("Location",
                  "/api/v1/documents/incoming/" + std::to_string(out->incoming->id.value()));
  return res;
}

http::Response Refuse(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto reason = ReadReason(req, true);
  if (!reason) {
    return Fail(reason.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto current = ctx.exchange_receptions->Get(tx, p, ReceptionId(*id));
  if (!current) {
    return Fail(current.error(), req);
  }
  std::int64_t version = -1;
  if (auto missing = ReadIfMatchVersion(req, Prefix(current->reception), version)) {
    return *missing;
  }
  auto r =
      ctx.exchange_receptions->Refuse(tx, p, ActorOf(p, req), ReceptionId(*id), version, *reason);
  if (!r) {
    if (r.error().code() == ErrorCode::kConflict) {
      return StaleVersion(req);
    }
    return Fail(r.error(), req);
  }
  auto d = ctx.exchange_receptions->Get(tx, p, ReceptionId(*id));
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return DetailResponse(200, *d, req);
}

http::Response AnswerRecall(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto body = JsonBody::Parse(req, {"accept", "reason"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"accept"});
  const bool accept = body->Bool("accept").value_or(false);
  const std::string reason = body->String("reason").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto current = ctx.exchange_receptions->Get(tx, p, ReceptionId(*id));
  if (!current) {
    return Fail(current.error(), req);
  }
  std::int64_t version = -1;
  if (auto missing = ReadIfMatchVersion(req, Prefix(current->reception), version)) {
    return *missing;
  }
  auto r = ctx.exchange_receptions->AnswerRecall(tx, p, ActorOf(p, req), ReceptionId(*id), version,
                                                 accept, reason);
  if (!r) {
    if (r.error().code() == ErrorCode::kConflict) {
      return StaleVersion(req);
    }
    return Fail(r.error(), req);
  }
  auto d = ctx.exchange_receptions->Get(tx, p, ReceptionId(*id));
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return DetailResponse(200, *d, req);
}

}  // namespace

void RegisterExchangeReceptionRoutes(http::Router& r, ApiContext& ctx) {
  using Fn = http::Response (*)(ApiContext&, http::Request&, const identity::Principal&);
  auto add = [&](const char* method, const char* path, Fn fn, http::RouteDoc doc) {
    r.Add(method, path,
          Authed(ctx, [&ctx, fn](http::Request& req,
                                 const identity::Principal& p) { return fn(ctx, req, p); }),
          {}, doc);
  };
  add("GET", "/api/v1/exchange/receptions", List,
      {"Văn bản đến qua trục liên thông / Documents received through the exchange",
       "exchange",
       "",
       "ExchangeReceptionList",
       {"status", "limit", "offset"}});
  add("GET", "/api/v1/exchange/receptions/{id}", Get,
      {"Một văn bản đến qua trục liên thông / One document received through the exchange",
       "exchange", "", "ExchangeReception"});
  add("GET", "/api/v1/exchange/receptions/{id}/files/{index}", File,
      {"Tệp của văn bản đến qua trục / A file of the package",
       "exchange",
       "",
       "",
       {},
       false,
       "application/json",
       200,
       "application/octet-stream"});
  add("POST", "/api/v1/exchange/receptions/{id}/register", Register,
      {"Vào sổ văn bản đến (báo trạng thái 03) / Register it (STATUS 03)",
       "exchange",
       "ExchangeReceptionRegister",
       "ExchangeReception",
       {},
       false,
       "application/json",
       201});
  add("POST", "/api/v1/exchange/receptions/{id}/refuse", Refuse,
      {"Từ chối tiếp nhận (báo trạng thái 02) / Refuse it (STATUS 02)", "exchange",
       "DeliveryReason", "ExchangeReception"});
  add("POST", "/api/v1/exchange/receptions/{id}/recall-answer", AnswerRecall,
      {"Trả lời đề nghị thu hồi (báo trạng thái 15 hoặc 16) / Answer the sender's recall (STATUS "
       "15 or 16)",
       "exchange", "ExchangeRecallAnswer", "ExchangeReception"});
}

}  // namespace cqdt::api
