// Text extraction and OCR (issue 11, item 4): the registration form's proposal read off an
// upload's first page, and the admin's view of the extraction queue. The rules are
// documents::ExtractionService's; this file translates.
#include "core/document_number.hpp"
#include "documents/extraction_service.hpp"
#include "internal.hpp"

namespace cqdt::api {

namespace {

using Handler =
    std::function<http::Response(ApiContext&, http::Request&, const identity::Principal&)>;

http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (ctx.extraction == nullptr) {
      return Fail(Error::Unavailable("Chức năng đọc nội dung tệp chưa sẵn sàng."), req);
    }
    return handler(ctx, req, p);
  });
}

http::Response CommitAnd(db::Transaction& tx, const http::Request& req, int status, json body) {
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(status, body);
}

json IsoOrNull(std::optional<std::int64_t> unix_seconds) {
  return unix_seconds && *unix_seconds > 0 ? json(ToIsoVietnam(FromUnixSeconds(*unix_seconds)))
                                           : json();
}

std::string ProposalStateLabel(const std::string& state) {
  if (state == "pending") {
    return "Đang đọc nội dung tệp";
  }
  if (state == "done") {
    return "Đã đọc xong";
  }
  return "Không đọc được";
}

std::string MethodLabel(const std::string& method) {
  if (method == "pdf") {
    return "Lớp chữ của tệp PDF";
  }
  if (method == "ocr") {
    return "Nhận dạng chữ (OCR)";
  }
  if (method == "pdf+ocr") {
    return "Lớp chữ PDF và nhận dạng chữ (OCR)";
  }
  if (method == "docx") {
    return "Nội dung tệp Word";
  }
  if (method == "none") {
    return "Không tìm thấy chữ trong tệp";
  }
  return "";
}

json ProposalJson(const documents::FileProposal& f, const http::Request& req) {
  return {{"fileId", f.file_id.value()},
          {"state", f.state},
          {"stateLabel", http::Localized(ProposalStateLabel(f.state), req)},
          {"method", f.method},
          {"methodLabel", http::Localized(MethodLabel(f.method), req)},
          {"numberText", f.proposal.number_text},
          {"issuedDate", f.proposal.issued_date},
          {"senderName", f.proposal.sender_name},
          {"subject", f.proposal.subject},
          {"typeOrdinal", f.proposal.type_ordinal},
          {"error", f.error.empty() ? "" : http::Localized(f.error, req)}};
}

json JobJson(const documents::ExtractionJob& j, const http::Request& req) {
  return {{"id", j.id},
          {"kind", j.kind},
          {"kindLabel", http::Localized(j.kind == "prefill" ? "Đề xuất thông tin khi vào sổ"
                                                            : "Đọc nội dung để tìm kiếm",
                                        req)},
          {"documentId", j.document_id ? json(j.document_id->value()) : json()},
          {"documentSubject", j.document_subject},
          {"documentDirection",
           j.document_direction ? json(documents::DirectionName(*j.document_direction)) : json()},
          {"fileId", j.file_id.value()},
          {"fileName", j.file_name},
          {"attempts", j.attempts},
          {"lastError", j.last_error.empty() ? "" : http::Localized(j.last_error, req)},
          {"notBefore", IsoOrNull(j.not_before)},
          {"failedAt", IsoOrNull(j.failed_at)},
          {"createdAt", IsoOrNull(j.created_at)}};
}

http::Response RequestProposal(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto proposal = ctx.extraction->RequestProposal(tx, p, documents::FileId(*id));
  if (!proposal) {
    return Fail(proposal.error(), req);
  }
  return CommitAnd(tx, req, 202, ProposalJson(*proposal, req));
}

http::Response GetProposal(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto proposal = ctx.extraction->GetProposal(tx, p, documents::FileId(*id));
  if (!proposal) {
    return Fail(proposal.error(), req);
  }
  return JsonResponse(200, ProposalJson(*proposal, req));
}

http::Response ListJobs(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto tx = ctx.db.BeginRead();
  auto jobs = ctx.extraction->ListJobs(tx, p, req.Query("state").value_or("failed"));
  if (!jobs) {
    return Fail(jobs.error(), req);
  }
  json items = json::array();
  for (const auto& j : jobs->items) {
    items.push_back(JobJson(j, req));
  }
  return JsonResponse(
      200, {{"items", std::move(items)}, {"pending", jobs->pending}, {"failed", jobs->failed}});
}

http::Response RetryJob(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto job = ctx.extraction->Retry(tx, ActorOf(p, req), p, *id);
  if (!job) {
    return Fail(job.error(), req);
  }
  return CommitAnd(tx, req, 200, JobJson(*job, req));
}

}  // namespace

void AddExtractionSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json nullable_str = {{"type", {"string", "null"}}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  s["FileProposal"] = obj({{"fileId", integer},
                           {"state", {{"type", "string"}, {"enum", {"pending", "done", "failed"}}}},
                           {"stateLabel", str},
                           {"method", str},
                           {"methodLabel", str},
                           {"numberText", str},
                           {"issuedDate", str},
                           {"senderName", str},
                           {"subject", str},
                           {"typeOrdinal", integer},
                           {"error", str}},
                          {"fileId", "state"});
  s["ExtractionJob"] =
      obj({{"id", integer},
           {"kind", {{"type", "string"}, {"enum", {"extract", "prefill"}}}},
           {"kindLabel", str},
           {"documentId", {{"type", {"integer", "null"}}}},
           {"documentSubject", str},
           {"documentDirection",
            {{"type", {"string", "null"}}, {"enum", {"incoming", "outgoing", nullptr}}}},
           {"fileId", integer},
           {"fileName", str},
           {"attempts", integer},
           {"lastError", str},
           {"notBefore", nullable_str},
           {"failedAt", nullable_str},
           {"createdAt", nullable_str}},
          {"id", "kind", "fileId", "attempts"});
  s["ExtractionJobList"] = obj(
      {{"items", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/ExtractionJob"}}}}},
       {"pending", integer},
       {"failed", integer}},
      {"items", "pending", "failed"});
}

void RegisterExtractionRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("POST", "/api/v1/documents/files/{id}/proposal", Guarded(ctx, RequestProposal), {},
        {"Đề xuất số, ngày, nơi gửi, trích yếu từ nội dung tệp (OCR) / Propose a registration "
         "from an upload's first page",
         "documents",
         "",
         "FileProposal",
         {},
         false,
         "",
         202});
  r.Add("GET", "/api/v1/documents/files/{id}/proposal", Guarded(ctx, GetProposal), {},
        {"Xem đề xuất từ nội dung tệp / An upload's registration proposal", "documents", "",
         "FileProposal"});
  r.Add("GET", "/api/v1/documents/extraction-jobs", Guarded(ctx, ListJobs), {},
        {"Hàng đợi đọc nội dung tệp (quản trị) / The text extraction queue (admins)",
         "documents",
         "",
         "ExtractionJobList",
         {"state"}});
  r.Add("POST", "/api/v1/documents/extraction-jobs/{id}/retry", Guarded(ctx, RetryJob), {},
        {"Cho đọc lại nội dung tệp (quản trị) / Retry a text extraction job (admins)", "documents",
         "", "ExtractionJob"});
}

}  // namespace cqdt::api
