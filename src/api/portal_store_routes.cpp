// A citizen's files on the portal (issue 13, item 3; portal/document_store.hpp): uploads for a
// dossier being prepared, the document store (kho dữ liệu) listed, added to, downloaded and
// pruned by its owner only. Uploads stream to a temp file like the staff's and are checked and
// synced before the transaction.
#include "portal_online_http.hpp"
#include "signing_http.hpp"

namespace cqdt::api {

json CitizenFileJson(const portal::CitizenFile& f, const http::Request& req) {
  (void)req;
  json j = {{"id", f.id},
            {"source", portal::StoreSourceName(f.source)},
            {"name", f.name},
            {"contentType", f.content_type},
            {"size", f.size},
            {"addedAt", f.added_at == 0 ? "" : ToIsoVietnam(FromUnixSeconds(f.added_at))},
            {"url", "/api/v1/portal/store/" + f.id}};
  if (!f.dossier_code.empty()) {
    j["dossier"] = {{"code", f.dossier_code},
                    {"procedureCode", f.procedure_code},
                    {"procedureName", f.procedure_name},
                    {"documentOrdinal", f.document_ordinal},
                    {"documentName", f.document_name}};
  } else {
    j["dossier"] = nullptr;
  }
  return j;
}

namespace {

std::optional<http::Response> Unready(ApiContext& ctx, const http::Request& req) {
  if (ctx.document_store == nullptr) {
    return Fail(Error::Unavailable("Chức năng nộp hồ sơ trực tuyến chưa sẵn sàng."), req);
  }
  return std::nullopt;
}

http::Response Upload(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                      bool in_store) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  const std::string bytes = ReadUpload(req);
  const std::string name = SafeUploadName(req.Query("fileName").value_or(""), "giay-to");
  // Checked and synced before the transaction takes the write lock.
  auto staged =
      ctx.document_store->Stage(p, name, req.headers.Get("Content-Type").value_or(""), bytes);
  if (!staged) {
    return Fail(staged.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto f = ctx.document_store->Add(tx, ActorOf(p, req), p, *staged, in_store);
  if (!f) {
    return Fail(f.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(201, CitizenFileJson(*f, req));
}

http::Response List(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto tx = ctx.db.BeginRead();
  auto files = ctx.document_store->List(tx, p);
  if (!files) {
    return Fail(files.error(), req);
  }
  json items = json::array();
  for (const auto& f : *files) {
    items.push_back(CitizenFileJson(f, req));
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

http::Response Download(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto tx = ctx.db.BeginRead();
  auto content = ctx.document_store->Content(tx, p, req.Param("fileId"));
  if (!content) {
    return Fail(content.error(), req);
  }
  http::Response res =
      http::Response::Text(200, std::move(content->second), content->first.content_type);
  res.headers.Set("Content-Disposition", AttachmentDisposition(content->first.name));
  res.headers.Set("X-Content-Type-Options", "nosniff");
  return res;
}

http::Response Remove(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto tx = ctx.db.Begin();
  if (auto st = ctx.document_store->Remove(tx, ActorOf(p, req), p, req.Param("fileId")); !st) {
    return Fail(st.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return http::Response::NoContent();
}

}  // namespace

void RegisterPortalStoreRoutes(http::Router& r, ApiContext& ctx) {
  const std::uint64_t limit = ctx.document_store != nullptr
                                  ? ctx.document_store->options().max_file_bytes
                                  : 10 * 1024 * 1024;
  const http::RouteOptions upload{
      .body_limit = limit, .stream_body_to_disk = true, .in_memory_up_to = 1 << 20};
  r.Add("POST", "/api/v1/portal/uploads",
        CitizenOnly(ctx, [](ApiContext& c, http::Request& req,
                            const identity::Principal& p) { return Upload(c, req, p, false); }),
        upload,
        {"Tải lên giấy tờ cho hồ sơ đang khai (PDF, JPEG, PNG) / Upload a document for a dossier "
         "being prepared",
         "portal",
         "",
         "CitizenFile",
         {"fileName"},
         false,
         "application/octet-stream",
         201});
  r.Add(
      "GET", "/api/v1/portal/store", CitizenOnly(ctx, List), {},
      {"Kho dữ liệu của công dân / The citizen's document store", "portal", "", "CitizenFileList"});
  r.Add("POST", "/api/v1/portal/store",
        CitizenOnly(ctx, [](ApiContext& c, http::Request& req,
                            const identity::Principal& p) { return Upload(c, req, p, true); }),
        upload,
        {"Thêm giấy tờ vào kho dữ liệu (PDF, JPEG, PNG) / Add a document to the store",
         "portal",
         "",
         "CitizenFile",
         {"fileName"},
         false,
         "application/octet-stream",
         201});
  r.Add("GET", "/api/v1/portal/store/{fileId}", CitizenOnly(ctx, Download), {},
        {"Tải tệp trong kho dữ liệu (chỉ chủ sở hữu) / Download a file of the store (its owner "
         "only)",
         "portal", "", ""});
  r.Add("DELETE", "/api/v1/portal/store/{fileId}", CitizenOnly(ctx, Remove), {},
        {"Xóa tệp đã tải lên / Remove an uploaded file",
         "portal",
         "",
         "",
         {},
         false,
         "application/json",
         204});
}

}  // namespace cqdt::api
