// Transfer of work records to the archive (nộp lưu), issue 11 item 2. The rules are
// documents::ArchiveService's; this file translates. The OpenAPI schemas are at the end.
#include "documents/archive_service.hpp"
#include "internal.hpp"
#include "signing_http.hpp"

namespace cqdt::api {

namespace {

using documents::ArchiveTransfer;

std::string IsoVietnamOf(std::int64_t unix_seconds) {
  return unix_seconds > 0 ? ToIsoVietnam(FromUnixSeconds(unix_seconds)) : "";
}

http::Handler Guarded(
    ApiContext& ctx,
    std::function<http::Response(ApiContext&, http::Request&, const identity::Principal&)>
        handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (ctx.archive == nullptr) {
      return Fail(Error::Unavailable("Chức năng nộp lưu chưa sẵn sàng."), req);
    }
    return handler(ctx, req, p);
  });
}

json TransferJson(const ArchiveTransfer& t) {
  return {{"id", t.id.value()},
          {"createdAt", IsoVietnamOf(t.created_at)},
          {"createdByName", t.created_by_name},
          {"recordCount", t.record_count},
          {"fileCount", t.file_count},
          {"fileCodes", t.file_codes},
          {"packageSha256", t.package_sha256},
          {"packageSize", t.package_size},
          {"fileName", t.file_name},
          {"sealKeyId", t.seal_key_id},
          {"signerSubject", t.signer_subject},
          {"downloadUrl", "/api/v1/records/archive/" + std::to_string(t.id.value()) + "/package"}};
}

http::Response CreateTransfer(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"recordIds", "sealKeyId", "secret"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"recordIds"});
  documents::TransferInput in;
  // Untrusted input: an array of positive integers (the service checks count and duplicates).
  const json& ids = body->value().contains("recordIds") ? body->value()["recordIds"] : json();
  bool ids_ok = ids.is_array() && ids.size() <= 1000;
  if (ids_ok) {
    for (const auto& id : ids) {
      if (!id.is_number_integer() || id.get<std::int64_t>() <= 0) {
        ids_ok = false;
        break;
      }
      in.record_ids.emplace_back(id.get<std::int64_t>());
    }
  }
  in.seal_key_id = body->String("sealKeyId").value_or("");
  in.secret = body->String("secret").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  if (!ids_ok) {
    return Fail(Error::InvalidField("recordIds", "type",
                                    "Trường 'recordIds' phải là danh sách mã hồ sơ (số dương)."),
                req);
  }
  auto tx = ctx.db.Begin();
  auto t = ctx.archive->Transfer(tx, ActorOf(p, req), p, in);
  if (!t) {
    // A wrong seal password leaves its audit entry (SigningService's contract).
    if (t.error().code() == ErrorCode::kBadSignature ||
        t.error().code() == ErrorCode::kRateLimited) {
      (void)tx.Commit();
    }
    return Fail(t.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  http::Response res = JsonResponse(201, TransferJson(*t));
  res.headers.Set("Location", "/api/v1/records/archive/" + std::to_string(t->id.value()));
  return res;
}

http::Response ListTransfers(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto tx = ctx.db.BeginRead();
  auto list = ctx.archive->List(tx, p);
  if (!list) {
    return Fail(list.error(), req);
  }
  json items = json::array();
  for (const auto& t : *list) {
    items.push_back(TransferJson(t));
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

http::Response GetTransfer(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto t = ctx.archive->Get(tx, p, documents::ArchiveTransferId(*id));
  if (!t) {
    return Fail(t.error(), req);
  }
  return JsonResponse(200, TransferJson(*t));
}

http::Response DownloadPackage(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  const documents::ArchiveTransferId transfer(*id);
  auto t = ctx.archive->Get(tx, p, transfer);
  if (!t) {
    return Fail(t.error(), req);
  }
  auto bytes = ctx.archive->Package(tx, p, transfer);
  if (!bytes) {
    return Fail(bytes.error(), req);
  }
  http::Response res = http::Response::Text(200, std::move(*bytes), "application/zip");
  res.headers.Set("Content-Disposition", AttachmentDisposition(t->file_name));
  res.headers.Set("X-Content-Type-Options", "nosniff");
  return res;
}

}  // namespace

void RegisterRecordArchiveRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("POST", "/api/v1/records/archive", Guarded(ctx, CreateTransfer), {},
        {"Nộp lưu hồ sơ đã đóng thành một gói có chữ ký số của cơ quan / Transfer closed records "
         "to the archive as one sealed package",
         "records",
         "ArchiveTransferInput",
         "ArchiveTransfer",
         {},
         false,
         "application/json",
         201});
  r.Add("GET", "/api/v1/records/archive", Guarded(ctx, ListTransfers), {},
        {"Các lần nộp lưu của cơ quan / The agency's transfers to the archive", "records", "",
         "ArchiveTransferList"});
  r.Add("GET", "/api/v1/records/archive/{id}", Guarded(ctx, GetTransfer), {},
        {"Một lần nộp lưu / One transfer to the archive", "records", "", "ArchiveTransfer"});
  r.Add("GET", "/api/v1/records/archive/{id}/package", Guarded(ctx, DownloadPackage), {},
        {"Tải gói nộp lưu (ZIP) / Download the transfer's package (ZIP)", "records", "", ""});
}

void AddRecordArchiveSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  s["ArchiveTransferInput"] = obj(
      {{"recordIds", {{"type", "array"}, {"items", integer}, {"minItems", 1}, {"maxItems", 200}}},
       {"sealKeyId", str},
       {"secret", str}},
      {"recordIds"});
  json transfer =
      obj({{"id", integer},
           {"createdAt", str},
           {"createdByName", str},
           {"recordCount", integer},
           {"fileCount", integer},
           {"fileCodes", {{"type", "array"}, {"items", str}}},
           {"packageSha256", str},
           {"packageSize", integer},
           {"fileName", str},
           {"sealKeyId", str},
           {"signerSubject", str},
           {"downloadUrl", str}},
          {"id", "createdAt", "recordCount", "fileCodes", "packageSha256", "downloadUrl"});
  s["ArchiveTransfer"] = transfer;
  s["ArchiveTransferList"] = obj({{"items", {{"type", "array"}, {"items", transfer}}}}, {"items"});
}

}  // namespace cqdt::api
