// The reception side of delivery between agencies (issue 10 items 3-4): the agency's queue of
// documents sent to it, registering one as an incoming document, refusing it, and answering the
// sender's recall. Recipient actions act on one delivery (ETag `"delivery-<id>-<version>"`) and
// need If-Match: 428 without it, 412 when it is not the current ETag. The sender's side is in
// document_delivery_routes.cpp.
#include "api/signing_json.hpp"
#include "core/document_number.hpp"
#include "document_delivery_http.hpp"
#include "documents/delivery_service.hpp"
#include "http/problem.hpp"
#include "internal.hpp"
#include "pdf/pdf.hpp"
#include "signing/verify_file.hpp"
#include "signing_http.hpp"

namespace cqdt::api::delivery_http {
namespace {

using documents::DeliveryId;

json DocumentBrief(const documents::Document& d, const http::Request& req) {
  if (!d.id.IsSet()) {
    return nullptr;
  }
  const auto state = documents::ParseOutgoingState(d.state);
  return {{"id", d.id.value()},
          {"numberText", d.number_text},
          {"issuedDate", d.issued_date},
          {"subject", d.subject},
          {"state", d.state},
          {"stateLabel", state ? http::Localized(documents::OutgoingStateLabel(*state), req) : ""}};
}

json ReceptionJson(const documents::Reception& r, const http::Request& req) {
  const documents::Document& d = r.document;
  const DocumentType* type = FindDocumentTypeByOrdinal(d.type_ordinal);
  json out = DeliveryJson(r.delivery, r.history, req);
  out["senderAgencyId"] = d.agency_id.value();
  out["senderName"] = r.sender_agency_name;
  out["document"] = {
      {"id", d.id.value()},
      {"typeOrdinal", d.type_ordinal},
      {"typeName", type ? type->name : ""},
      {"numberText", d.number_text},
      {"issuedDate", d.issued_date},
      {"subject", d.subject},
      {"signerName", d.signer_name},
      {"signerPosition", d.signer_position},
      {"urgency", documents::UrgencyName(d.urgency)},
      {"urgencyLabel", http::Localized(documents::UrgencyLabel(d.urgency), req)},
      {"confidentiality", documents::ConfidentialityName(d.confidentiality)},
      {"confidentialityLabel",
       http::Localized(documents::ConfidentialityLabel(d.confidentiality), req)},
      {"pageCount", d.page_count},
      {"recallReason", d.recall_reason.empty() ? json(nullptr) : json(d.recall_reason)}};
  if (r.issued_file) {
    out["file"] = {{"name", r.issued_file->name},
                   {"size", r.issued_file->size},
                   {"pages", r.issued_file->pages},
                   {"sha256", r.issued_file->sha256}};
  } else {
    out["file"] = nullptr;
  }
  out["replaces"] = DocumentBrief(r.replaces, req);
  out["replacedBy"] = DocumentBrief(r.replaced_by, req);
  out["stands"] = r.stands;
  return out;
}

http::Response ReceptionResponse(int status, const documents::Reception& r,
                                 const http::Request& req) {
  http::Response res = JsonResponse(status, ReceptionJson(r, req));
  res.headers.Set("ETag", DeliveryETag(r.delivery));
  return res;
}

// A recipient action on the delivery of the path: visible (else 404), If-Match current (else
// 428 / 412), then `action`, committed only when it succeeds.
template <typename Action>
http::Response ActOnReception(ApiContext& ctx, const http::Request& req,
                              const identity::Principal& p, Action action) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto current = ctx.deliveries->GetReception(tx, p, DeliveryId(*id));
  if (!current) {
    return Fail(current.error(), req);
  }
  if (auto refused = CheckIfMatch(req, DeliveryETag(current->delivery))) {
    return *refused;
  }
  auto done = action(tx, DeliveryId(*id), current->delivery.version);
  if (!done) {
    return Fail(done.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return ReceptionResponse(200, *done, req);
}

http::Response ListReceptions(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  documents::ReceptionFilter filter;
  filter.status = req.Query("status").value_or("pending");
  std::vector<FieldError> errors;
  auto limit = QueryInt(req, "limit", 50, 1, 200, errors);
  auto offset = QueryInt(req, "offset", 0, 0, 1000000, errors);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  filter.limit = *limit;
  filter.offset = *offset;
  auto tx = ctx.db.BeginRead();
  auto list = ctx.deliveries->ReceptionQueue(tx, p, filter);
  if (!list) {
    return Fail(list.error(), req);
  }
  json items = json::array();
  for (const auto& r : *list) {
    items.push_back(ReceptionJson(r, req));
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response CountReceptions(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto tx = ctx.db.BeginRead();
  auto c = ctx.deliveries->CountReceptions(tx, p);
  if (!c) {
    return Fail(c.error(), req);
  }
  return JsonResponse(200, {{"received", c->received}, {"recallRequested", c->recall_requested}});
}

http::Response GetReception(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto r = ctx.deliveries->GetReception(tx, p, DeliveryId(*id));
  return r ? ReceptionResponse(200, *r, req) : Fail(r.error(), req);
}

http::Response ReceptionFile(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto f = ctx.deliveries->ReceptionFile(tx, p, DeliveryId(*id));
  if (!f) {
    return Fail(f.error(), req);
  }
  http::Response res = http::Response::Text(200, std::move(f->second), "application/pdf");
  res.headers.Set("Content-Disposition", AttachmentDisposition(f->first));
  res.headers.Set("Cache-Control", "private, no-store");
  return res;
}

http::Response RegisterReception(ApiContext& ctx, http::Request& req,
                                 const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto body = JsonBody::Parse(req, {"arrivalDate", "dueDate", "description", "confirmDuplicate"});
  if (!body) {
    return Fail(body.error(), req);
  }
  documents::RegisterDeliveryInput in;
  in.arrival_date = body->String("arrivalDate").value_or("");
  in.due_date = body->String("dueDate").value_or("");
  in.description = body->String("description").value_or("");
  in.confirm_duplicate = body->Bool("confirmDuplicate").value_or(false);
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  // The issued PDF is verified before the transaction (revocation checks may take seconds), as
  // for an electronic document uploaded by hand; the verdict is kept with the incoming file.
  {
    auto tx = ctx.db.BeginRead();
    auto file = ctx.deliveries->ReceptionFile(tx, p, DeliveryId(*id));
    if (file && ctx.verifier != nullptr && ctx.trust != nullptr) {
      auto signatures = pdf::ReadSignatures(file->second);
      if (signatures && !signatures->empty()) {
        auto report = signing::VerifyFile(ctx.db, *ctx.trust, *ctx.verifier,
                                          {.bytes = file->second,
                                           .file_name = file->first,
                                           .detached_content = std::nullopt,
                                           .detached_sha256 = std::nullopt,
                                           .extra_anchors = {},
                                           .fetcher = ctx.revocation_fetcher});
        if (report) {
          in.signature_verdict = VerificationReportJson(*report, Language::kVietnamese);
        }
      }
    }
  }
  auto tx = ctx.db.Begin();
  auto current = ctx.deliveries->GetReception(tx, p, DeliveryId(*id));
  if (!current) {
    return Fail(current.error(), req);
  }
  if (auto refused = CheckIfMatch(req, DeliveryETag(current->delivery))) {
    return *refused;
  }
  auto out = ctx.deliveries->Register(tx, p, ActorOf(p, req), DeliveryId(*id),
                                      current->delivery.version, in);
  if (!out) {
    return Fail(out.error(), req);
  }
  if (!out->delivery) {
    return DuplicateDocumentResponse(req, out->duplicates);
  }
  auto r = ctx.deliveries->GetReception(tx, p, DeliveryId(*id));
  if (!r) {
    return Fail(r.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  http::Response res = ReceptionResponse(201, *r, req);
  res.headers.Set("Location",
                  "/api/v1/documents/incoming/" + std::to_string(out->incoming->id.value()));
  return res;
}

http::Response Refuse(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto reason = ReadReason(req, true);
  if (!reason) {
    return Fail(reason.error(), req);
  }
  return ActOnReception(ctx, req, p, [&](db::Transaction& tx, DeliveryId id, std::int64_t v) {
    return ctx.deliveries->Refuse(tx, p, ActorOf(p, req), id, v, *reason);
  });
}

http::Response AnswerRecall(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                            bool accept) {
  auto reason = ReadReason(req, !accept);
  if (!reason) {
    return Fail(reason.error(), req);
  }
  return ActOnReception(ctx, req, p, [&](db::Transaction& tx, DeliveryId id, std::int64_t v) {
    return ctx.deliveries->AnswerRecall(tx, p, ActorOf(p, req), id, v, accept, *reason);
  });
}

}  // namespace

void RegisterDocumentReceptionRoutes(http::Router& r, ApiContext& ctx) {
  const http::RouteOptions small{.body_limit = 64 * 1024};
  r.Add("GET", "/api/v1/documents/receptions", Guarded(ctx, ListReceptions), {},
        {"Văn bản chờ tiếp nhận của cơ quan / The agency's reception queue",
         "documents",
         "",
         "ReceptionList",
         {"status", "limit", "offset"}});
  r.Add("GET", "/api/v1/documents/receptions/count", Guarded(ctx, CountReceptions), {},
        {"Số văn bản chờ tiếp nhận / Counts of the reception queue", "documents", "",
         "ReceptionCounts"});
  r.Add("GET", "/api/v1/documents/receptions/{id}", Guarded(ctx, GetReception), {},
        {"Một văn bản được gửi đến / One delivery to the agency", "documents", "", "Reception"});
  r.Add("GET", "/api/v1/documents/receptions/{id}/file", Guarded(ctx, ReceptionFile), {},
        {"Tải bản phát hành (PDF) / Download the issued PDF", "documents"});
  r.Add("POST", "/api/v1/documents/receptions/{id}/register", Guarded(ctx, RegisterReception),
        small,
        {"Tiếp nhận và vào sổ văn bản đến (cần If-Match) / Register as an incoming document "
         "(If-Match required)",
         "documents",
         "ReceptionRegister",
         "Reception",
         {},
         false,
         "application/json",
         201});
  r.Add("POST", "/api/v1/documents/receptions/{id}/refuse", Guarded(ctx, Refuse), small,
        {"Từ chối tiếp nhận, kèm lý do (cần If-Match) / Refuse with a reason (If-Match required)",
         "documents", "DeliveryReason", "Reception"});
  r.Add("POST", "/api/v1/documents/receptions/{id}/recall-accept",
        Guarded(ctx, [](ApiContext& c, http::Request& req,
                        const identity::Principal& p) { return AnswerRecall(c, req, p, true); }),
        small,
        {"Đồng ý thu hồi (cần If-Match) / Accept the recall (If-Match required)", "documents",
         "DeliveryReason", "Reception"});
  r.Add("POST", "/api/v1/documents/receptions/{id}/recall-refuse",
        Guarded(ctx, [](ApiContext& c, http::Request& req,
                        const identity::Principal& p) { return AnswerRecall(c, req, p, false); }),
        small,
        {"Từ chối thu hồi, kèm lý do (cần If-Match) / Refuse the recall with a reason (If-Match "
         "required)",
         "documents", "DeliveryReason", "Reception"});
}

}  // namespace cqdt::api::delivery_http

namespace cqdt::api {

// The duplicate warning of a registration, as for a document registered by hand: nothing was
// saved; 409 with the documents it may duplicate.
http::Response DuplicateDocumentResponse(const http::Request& req,
                                         const std::vector<documents::Document>& duplicates) {
  json dups = json::array();
  for (const auto& d : duplicates) {
    dups.push_back({{"id", d.id.value()},
                    {"arrivalNumber", d.arrival_number},
                    {"arrivalDate", d.arrival_date},
                    {"numberText", d.number_text},
                    {"subject", d.subject}});
  }
  const std::string message =
      "Văn bản này có thể đã được vào sổ: trùng cơ quan gửi, số, ký hiệu và ngày ban hành. Gửi "
      "lại với confirmDuplicate để vẫn vào sổ.";
  http::Response res =
      http::Problem(Error::FailedPrecondition(message), req, "duplicate-document", message);
  auto problem = json::parse(res.body);
  problem["status"] = 409;
  problem["duplicates"] = dups;
  res.status = 409;
  res.body = problem.dump();
  return res;
}

}  // namespace cqdt::api
