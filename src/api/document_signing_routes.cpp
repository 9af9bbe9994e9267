// Signing of outgoing documents beyond the one-step server-held key (issue 10 item 3): the
// signer's USB token through the local signing agent (prepare / complete, decision 0008), batch
// signing (server-held key; token: prepare N, complete N), DOCX drafts, attachments and
// consultation. The rules are the documents module's; this file translates JSON and HTTP.
//
// Single-document actions carry If-Match like every outgoing action (428 / 412). A batch names
// each document with the version the client saw ({"id", "version"}); every document is its own
// transaction and succeeds or fails on its own: the answer is 200 with one result per document,
// {"id", "status", "document"} on success or {"id", "status", "problem"} (the RFC 9457 problem the
// single action would have answered) on failure.
#include <string>
#include <vector>

#include "crypto/crypto.hpp"
#include "documents/consultation_service.hpp"
#include "documents/draft_file_service.hpp"
#include "documents/token_signing_service.hpp"
#include "internal.hpp"
#include "signing_http.hpp"

namespace cqdt::api {
namespace {

using documents::DocumentId;
using documents::OutgoingDocument;

constexpr std::size_t kMaxBatch = 50;

using Action = std::function<Result<OutgoingDocument>(db::Transaction&, DocumentId, std::int64_t)>;

// One document of a batch: its id and the version the client saw.
struct BatchItem {
  std::int64_t id = 0;
  std::int64_t version = 0;
  json extra;  // the item's other members (token completion: preparationId, signature, cms)
};

// A problem answer as a batch result's `problem`.
json ProblemJson(const http::Response& res) {
  json problem = json::parse(res.body, nullptr, false);
  return problem.is_discarded() ? json::object() : problem;
}

json Failed(std::int64_t id, const http::Response& res) {
  return {{"id", id}, {"status", res.status}, {"problem", ProblemJson(res)}};
}

// Untrusted: `documents` (or `items`) must be an array of 1..50 objects, each with positive
// integer `id` and `version`, the ids distinct; `allowed` names the other members an item may have.
Result<std::vector<BatchItem>> ReadBatch(JsonBody& body, const char* field,
                                         const std::set<std::string>& allowed) {
  body.Require({field});
  const json& v = body.value().contains(field) ? body.value()[field] : json();
  std::vector<BatchItem> out;
  auto bad = [&] {
    return Error::InvalidField(field, "type",
                               std::string("Trường '") + field +
                                   "' phải là danh sách từ 1 đến 50 văn bản, mỗi văn bản có 'id' "
                                   "và 'version' (số).");
  };
  if (!v.is_array() || v.empty() || v.size() > kMaxBatch) {
    return bad();
  }
  std::set<std::int64_t> seen;
  for (const auto& e : v) {
    if (!e.is_object() || !e.contains("id") || !e.contains("version") ||
        !e["id"].is_number_integer() || !e["version"].is_number_integer()) {
      return bad();
    }
    BatchItem item;
    item.id = e["id"].get<std::int64_t>();
    item.version = e["version"].get<std::int64_t>();
    item.extra = json::object();
    for (const auto& [key, value] : e.items()) {
      if (key == "id" || key == "version") {
        continue;
      }
      if (!allowed.count(key)) {
        return bad();
      }
      item.extra[key] = value;
    }
    if (item.id <= 0 || item.version <= 0 || !seen.insert(item.id).second) {
      return bad();
    }
    out.push_back(std::move(item));
  }
  return out;
}

// Runs `action` on one document of a batch in its own transaction: visible (else 404), the
// version the client saw current (else 412), committed only on success.
json RunBatchItem(ApiContext& ctx, const http::Request& req, const identity::Principal& p,
                  const BatchItem& item, const Action& action, ErrorCode* failure = nullptr) {
  auto tx = ctx.db.Begin();
  auto current = ctx.outgoing->Get(tx, p, DocumentId(item.id));
  if (!current) {
    return Failed(item.id, Fail(current.error(), req));
  }
  if (current->document.version != item.version) {
    return Failed(item.id,
                  http::Problem(412,
                                "Văn bản đã được người khác thay đổi kể từ khi bạn mở. Vui lòng "
                                "tải lại văn bản rồi thực hiện lại.",
                                req));
  }
  auto done = action(tx, DocumentId(item.id), item.version);
  if (!done) {
    if (failure != nullptr) {
      *failure = done.error().code();
    }
    return Failed(item.id, Fail(done.error(), req));
  }
  if (auto st = tx.Commit(); !st) {
    return Failed(item.id, Fail(st.error(), req));
  }
  return {{"id", item.id},
          {"status", 200},
          {"document", json::parse(OutgoingDocumentResponse(200, *done, req).body)}};
}

http::Response BatchAnswer(const json& items) {
  int ok = 0;
  for (const auto& i : items) {
    ok += i["status"] == 200 ? 1 : 0;
  }
  return JsonResponse(
      200, {{"items", items}, {"succeeded", ok}, {"failed", static_cast<int>(items.size()) - ok}});
}

json PreparationJson(const signing::Preparation& prepared) {
  return {
      {"id", prepared.id},
      {"digest", crypto::Base64Encode(prepared.digest)},
      {"digestAlgorithm", "SHA-256"},
      {"signatureAlgorithm", prepared.algorithm == crypto::KeyAlgorithm::kRsa ? "RSA" : "ECDSA"},
      {"expiresAt", ToIsoUtc(prepared.expires_at)},
      {"fileName", prepared.file_name},
      {"contentSha256", prepared.content_sha256},
      {"certificateSha256", prepared.certificate_sha256}};
}

// {"preparationId", "signature" | "cms"} (base64), untrusted.
Result<signing::ExternalCompleteRequest> ReadCompletion(const json& v) {
  signing::ExternalCompleteRequest in;
  std::vector<FieldError> errors;
  if (!v.contains("preparationId") || !v["preparationId"].is_string() ||
      v["preparationId"].get<std::string>().empty() ||
      v["preparationId"].get<std::string>().size() > 64) {
    errors.push_back(
        {"preparationId", "required", "Trường 'preparationId' (mã lần chuẩn bị ký) là bắt buộc."});
  } else {
    in.id = v["preparationId"].get<std::string>();
  }
  for (const char* field : {"signature", "cms"}) {
    if (!v.contains(field) || v[field].is_null()) {
      continue;
    }
    auto bytes =
        v[field].is_string() ? crypto::Base64Decode(v[field].get<std::string>()) : std::nullopt;
    if (!bytes || bytes->empty()) {
      errors.push_back(
          {field, "format", std::string("Trường '") + field + "' phải là dữ liệu base64."});
      continue;
    }
    (std::string(field) == "signature" ? in.signature : in.cms) = std::move(*bytes);
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return in;
}

// --- token: one document ---

http::Response PrepareToken(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  std::vector<FieldError> errors;
  auto certificates = DeclaredCertificates(req, errors);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto current = ctx.outgoing->Get(tx, p, DocumentId(*id));
  if (!current) {
    return Fail(current.error(), req);
  }
  if (auto refused = CheckOutgoingIfMatch(req, current->document)) {
    return *refused;
  }
  auto prepared = ctx.token_signing->Prepare(tx, p, ActorOf(p, req), DocumentId(*id),
                                             current->document.version, certificates);
  if (!prepared) {
    return Fail(prepared.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  http::Response res = JsonResponse(201, PreparationJson(*prepared));
  res.headers.Set("ETag", OutgoingETag(current->document));
  return res;
}

http::Response CompleteToken(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"preparationId", "signature", "cms"});
  if (!body) {
    return Fail(body.error(), req);
  }
  auto in = ReadCompletion(body->value());
  if (!in) {
    return Fail(in.error(), req);
  }
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId id, std::int64_t version) {
    return ctx.token_signing->Complete(tx, p, ActorOf(p, req), id, version, *in);
  });
}

// --- batches ---

// {"documents": [{"id", "version"}...], "keyId", "secret"}: the server-held key signs each.
http::Response BatchSign(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"documents", "keyId", "secret"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"keyId"});
  const std::string key = body->String("keyId").value_or("");
  const std::string secret = body->String("secret").value_or("");
  auto items = ReadBatch(*body, "documents", {});
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  if (!items) {
    return Fail(items.error(), req);
  }
  json results = json::array();
  std::optional<json> stop;  // a wrong or throttled password: the rest are not attempted
  for (const auto& item : *items) {
    if (stop) {
      results.push_back({{"id", item.id}, {"status", (*stop)["status"]}, {"problem", *stop}});
      continue;
    }
    ErrorCode failure = ErrorCode::kInternal;
    json r = RunBatchItem(
        ctx, req, p, item,
        [&](db::Transaction& tx, DocumentId id, std::int64_t version) {
          auto signed_doc = ctx.outgoing->Sign(tx, p, ActorOf(p, req), id, version, key, secret);
          if (!signed_doc && (signed_doc.error().code() == ErrorCode::kBadSignature ||
                              signed_doc.error().code() == ErrorCode::kRateLimited)) {
            // The signing service's audit entry of the wrong password is kept (as the single
            // route does).
            (void)tx.Commit();
          }
          return signed_doc;
        },
        &failure);
    if (r["status"] != 200 &&
        (failure == ErrorCode::kBadSignature || failure == ErrorCode::kRateLimited)) {
      // One wrong password would fail every document and use up the password attempts.
      stop = r["problem"];
    }
    results.push_back(std::move(r));
  }
  return BatchAnswer(results);
}

// {"documents": [{"id", "version"}...]} with X-Signing-Certificate: one preparation each.
http::Response BatchPrepareToken(ApiContext& ctx, http::Request& req,
                                 const identity::Principal& p) {
  std::vector<FieldError> errors;
  auto certificates = DeclaredCertificates(req, errors);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto body = JsonBody::Parse(req, {"documents"});
  if (!body) {
    return Fail(body.error(), req);
  }
  auto items = ReadBatch(*body, "documents", {});
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  if (!items) {
    return Fail(items.error(), req);
  }
  json results = json::array();
  for (const auto& item : *items) {
    auto tx = ctx.db.Begin();
    auto current = ctx.outgoing->Get(tx, p, DocumentId(item.id));
    if (!current) {
      results.push_back(Failed(item.id, Fail(current.error(), req)));
      continue;
    }
    if (current->document.version != item.version) {
      results.push_back(Failed(
          item.id, http::Problem(412,
                                 "Văn bản đã được người khác thay đổi kể từ khi bạn mở. Vui lòng "
                                 "tải lại văn bản rồi thực hiện lại.",
                                 req)));
      continue;
    }
    auto prepared = ctx.token_signing->Prepare(tx, p, ActorOf(p, req), DocumentId(item.id),
                                               item.version, certificates);
    if (!prepared) {
      results.push_back(Failed(item.id, Fail(prepared.error(), req)));
      continue;
    }
    if (auto st = tx.Commit(); !st) {
      results.push_back(Failed(item.id, Fail(st.error(), req)));
      continue;
    }
    results.push_back({{"id", item.id},
                       {"status", 201},
                       {"subject", current->document.subject},
                       {"preparation", PreparationJson(*prepared)}});
  }
  int ok = 0;
  for (const auto& r : results) {
    ok += r["status"] == 201 ? 1 : 0;
  }
  return JsonResponse(
      200,
      {{"items", results}, {"succeeded", ok}, {"failed", static_cast<int>(results.size()) - ok}});
}

// {"items": [{"id", "version", "preparationId", "signature" | "cms"}...]}.
http::Response BatchCompleteToken(ApiContext& ctx, http::Request& req,
                                  const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"items"});
  if (!body) {
    return Fail(body.error(), req);
  }
  auto items = ReadBatch(*body, "items", {"preparationId", "signature", "cms"});
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  if (!items) {
    return Fail(items.error(), req);
  }
  json results = json::array();
  for (const auto& item : *items) {
    auto in = ReadCompletion(item.extra);
    if (!in) {
      results.push_back(Failed(item.id, Fail(in.error(), req)));
      continue;
    }
    results.push_back(RunBatchItem(
        ctx, req, p, item, [&](db::Transaction& tx, DocumentId id, std::int64_t version) {
          return ctx.token_signing->Complete(tx, p, ActorOf(p, req), id, version, *in);
        }));
  }
  return BatchAnswer(results);
}

// --- files ---

http::Response AddAttachment(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  const std::string name = SafeUploadName(req.Query("name").value_or(""), "phu-luc.pdf");
  const std::string bytes = ReadUpload(req);
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId id, std::int64_t version) {
    return ctx.draft_files->AddAttachment(tx, p, ActorOf(p, req), id, version, name, bytes);
  });
}

http::Response RemoveAttachment(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto file = PathId(req, "fileId");
  if (!file) {
    return Fail(file.error(), req);
  }
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId id, std::int64_t version) {
    return ctx.draft_files->RemoveAttachment(tx, p, ActorOf(p, req), id, version,
                                             documents::OutgoingFileId(*file));
  });
}

// --- consultation ---

http::Response RequestConsultation(ApiContext& ctx, http::Request& req,
                                   const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"reviewerIds", "comment"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"reviewerIds"});
  documents::ConsultInput in;
  in.comment = body->String("comment").value_or("");
  std::vector<FieldError> errors;
  if (body->Has("reviewerIds")) {
    const json& v = body->value()["reviewerIds"];
    if (!v.is_array() || v.size() > documents::kMaxConsulted) {
      errors.push_back(
          {"reviewerIds", "type", "Trường 'reviewerIds' phải là danh sách từ 1 đến 20 mã cán bộ."});
    } else {
      for (const auto& e : v) {
        if (!e.is_number_integer() || e.get<std::int64_t>() <= 0) {
          errors.push_back({"reviewerIds", "type",
                            "Trường 'reviewerIds' phải là danh sách từ 1 đến 20 mã cán bộ."});
          break;
        }
        in.reviewer_ids.push_back(UserId(e.get<std::int64_t>()));
      }
    }
  }
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId id, std::int64_t version) {
    return ctx.consultations->Request(tx, p, ActorOf(p, req), id, version, in);
  });
}

// {"agree": bool, "comment"}.
http::Response AnswerConsultation(ApiContext& ctx, http::Request& req,
                                  const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"agree", "comment"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"agree"});
  const bool agree = body->Bool("agree").value_or(false);
  const std::string comment = body->String("comment").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId id, std::int64_t version) {
    return ctx.consultations->Answer(tx, p, ActorOf(p, req), id, version, agree, comment);
  });
}

// Answers 503 while the services are not wired.
template <typename Handler>
http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (ctx.outgoing == nullptr || ctx.token_signing == nullptr || ctx.draft_files == nullptr ||
        ctx.consultations == nullptr) {
      return Fail(Error::Unavailable("Chức năng văn bản đi chưa sẵn sàng."), req);
    }
    return handler(ctx, req, p);
  });
}

}  // namespace

http::Response AddDocxDraft(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                            const std::string& name, const std::string& bytes) {
  if (ctx.draft_files == nullptr) {
    return Fail(Error::Unavailable("Chức năng văn bản đi chưa sẵn sàng."), req);
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  // The checks first, in a read transaction: only the drafter of a draft makes the server run
  // LibreOffice; the conversion (seconds) holds no transaction; the write re-checks everything.
  {
    auto tx = ctx.db.BeginRead();
    auto current = ctx.outgoing->Get(tx, p, DocumentId(*id));
    if (!current) {
      return Fail(current.error(), req);
    }
    if (auto refused = CheckOutgoingIfMatch(req, current->document)) {
      return *refused;
    }
    if (auto st = ctx.draft_files->CheckCanAdd(tx, p, DocumentId(*id), current->document.version);
        !st) {
      return Fail(st.error(), req);
    }
  }
  auto converted = ctx.draft_files->Convert(name, bytes);
  if (!converted) {
    return Fail(converted.error(), req);
  }
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId doc, std::int64_t version) {
    return ctx.draft_files->AddConvertedDraft(tx, p, ActorOf(p, req), doc, version, *converted);
  });
}

void AddDocumentSigningSchemas(json& s) {
  // The file roles this part adds to OutgoingDocument (documents/outgoing.hpp).
  json& roles = s["OutgoingDocument"]["properties"]["files"]["items"]["properties"]["role"]["enum"];
  for (const char* role : {"source", "attachment", "issued_attachment"}) {
    roles.push_back(role);
  }
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  const json ref = {{"type", "object"}, {"additionalProperties", true}};
  const json doc_ref = {{"id", integer}, {"version", integer}};
  s["OutgoingTokenPreparation"] = obj({{"id", str},
                                       {"digest", str},
                                       {"digestAlgorithm", str},
                                       {"signatureAlgorithm", str},
                                       {"expiresAt", str},
                                       {"fileName", str},
                                       {"contentSha256", str},
                                       {"certificateSha256", str}},
                                      {"id", "digest"});
  s["OutgoingTokenCompletion"] =
      obj({{"preparationId", str}, {"signature", str}, {"cms", str}}, {"preparationId"});
  s["OutgoingBatchSign"] =
      obj({{"documents", {{"type", "array"}, {"items", obj(doc_ref, {"id", "version"})}}},
           {"keyId", str},
           {"secret", str}},
          {"documents", "keyId"});
  s["OutgoingBatchTokenPrepare"] =
      obj({{"documents", {{"type", "array"}, {"items", obj(doc_ref, {"id", "version"})}}}},
          {"documents"});
  s["OutgoingBatchTokenComplete"] = obj({{"items",
                                          {{"type", "array"},
                                           {"items", obj({{"id", integer},
                                                          {"version", integer},
                                                          {"preparationId", str},
                                                          {"signature", str},
                                                          {"cms", str}},
                                                         {"id", "version", "preparationId"})}}}},
                                        {"items"});
  s["OutgoingBatchResult"] = obj({{"items",
                                   {{"type", "array"},
                                    {"items", obj({{"id", integer},
                                                   {"status", integer},
                                                   {"subject", str},
                                                   {"document", ref},
                                                   {"preparation", ref},
                                                   {"problem", ref}},
                                                  {"id", "status"})}}},
                                  {"succeeded", integer},
                                  {"failed", integer}},
                                 {"items", "succeeded", "failed"});
  s["OutgoingConsultInput"] =
      obj({{"reviewerIds", {{"type", "array"}, {"items", integer}}}, {"comment", str}},
          {"reviewerIds"});
  s["OutgoingConsultAnswer"] = obj({{"agree", {{"type", "boolean"}}}, {"comment", str}}, {"agree"});
}

void RegisterDocumentSigningRoutes(http::Router& r, ApiContext& ctx) {
  const http::RouteOptions small{.body_limit = 64 * 1024};
  r.Add("POST", "/api/v1/documents/outgoing/{id}/token-signature", Guarded(ctx, PrepareToken),
        small,
        {"Chuẩn bị ký văn bản bằng USB token (cần If-Match, tiêu đề X-Signing-Certificate) / "
         "Prepare the signer's token signature (If-Match, X-Signing-Certificate required)",
         "documents",
         "",
         "OutgoingTokenPreparation",
         {},
         false,
         "application/json",
         201});
  r.Add("POST", "/api/v1/documents/outgoing/{id}/token-signature/complete",
        Guarded(ctx, CompleteToken), {.body_limit = 1 << 20},
        {"Hoàn tất chữ ký bằng USB token (cần If-Match) / Complete the token signature (If-Match "
         "required)",
         "documents", "OutgoingTokenCompletion", "OutgoingDocument"});
  r.Add("POST", "/api/v1/documents/outgoing/batch-signatures", Guarded(ctx, BatchSign), small,
        {"Ký nhiều văn bản bằng khóa trên máy chủ / Sign several documents with a server-held key",
         "documents", "OutgoingBatchSign", "OutgoingBatchResult"});
  r.Add("POST", "/api/v1/documents/outgoing/batch-token-signatures",
        Guarded(ctx, BatchPrepareToken), small,
        {"Chuẩn bị ký nhiều văn bản bằng USB token (tiêu đề X-Signing-Certificate) / Prepare token "
         "signatures of several documents",
         "documents", "OutgoingBatchTokenPrepare", "OutgoingBatchResult"});
  r.Add("POST", "/api/v1/documents/outgoing/batch-token-signatures/complete",
        Guarded(ctx, BatchCompleteToken), {.body_limit = 8 << 20},
        {"Hoàn tất chữ ký USB token của nhiều văn bản / Complete token signatures of several "
         "documents",
         "documents", "OutgoingBatchTokenComplete", "OutgoingBatchResult"});
  r.Add("POST", "/api/v1/documents/outgoing/{id}/attachments", Guarded(ctx, AddAttachment),
        {.body_limit = documents::kMaxDraftFileBytes, .stream_body_to_disk = true},
        {"Thêm phụ lục PDF (cần If-Match) / Add a PDF attachment (If-Match required)",
         "documents",
         "",
         "OutgoingDocument",
         {"name"},
         false,
         "application/pdf"});
  r.Add("DELETE", "/api/v1/documents/outgoing/{id}/attachments/{fileId}",
        Guarded(ctx, RemoveAttachment), small,
        {"Bỏ một phụ lục của dự thảo (cần If-Match) / Remove an attachment of a draft (If-Match "
         "required)",
         "documents", "", "OutgoingDocument"});
  r.Add("POST", "/api/v1/documents/outgoing/{id}/consultations", Guarded(ctx, RequestConsultation),
        small,
        {"Xin ý kiến góp ý cho dự thảo (cần If-Match) / Ask for comments on a draft (If-Match "
         "required)",
         "documents", "OutgoingConsultInput", "OutgoingDocument"});
  r.Add("POST", "/api/v1/documents/outgoing/{id}/consultations/answer",
        Guarded(ctx, AnswerConsultation), small,
        {"Trả lời xin ý kiến góp ý (cần If-Match) / Answer a consultation (If-Match required)",
         "documents", "OutgoingConsultAnswer", "OutgoingDocument"});
}

}  // namespace cqdt::api
