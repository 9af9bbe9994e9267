// Work queues (issue 10, item 5): the caller's queues with their counts (the menu badges), one
// queue filtered, sorted and paged, the leader's view of the agency's open work, and the
// comments of a document (with an optional file uploaded first through POST /documents/files).
// The rules are the documents module's (QueueService, CommentService); this file translates.
#include "documents/comment_service.hpp"
#include "documents/queue_service.hpp"
#include "internal.hpp"
#include "signing_http.hpp"

namespace cqdt::api {

namespace {

using documents::Document;
using documents::DocumentId;

std::string Time(std::int64_t seconds) {
  return seconds > 0 ? ToIsoVietnam(FromUnixSeconds(seconds)) : "";
}

bool Ready(const ApiContext& ctx) {
  return ctx.queues != nullptr && ctx.comments != nullptr && ctx.document_files != nullptr;
}

using Handler =
    std::function<http::Response(ApiContext&, http::Request&, const identity::Principal&)>;

http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (!Ready(ctx)) {
      return Fail(Error::Unavailable("Chức năng hàng việc văn bản chưa sẵn sàng."), req);
    }
    return handler(ctx, req, p);
  });
}

// One queue item: what a list row needs, with the deadline flags.
json ItemJson(const documents::QueueItem& item, const http::Request& req) {
  const Document& d = item.document;
  const bool incoming = d.direction == documents::Direction::kIncoming;
  std::string state_label = d.state;
  if (incoming) {
    if (auto s = documents::ParseIncomingState(d.state)) {
      state_label = documents::IncomingStateLabel(*s);
    }
  } else if (auto s = documents::ParseOutgoingState(d.state)) {
    state_label = documents::OutgoingStateLabel(*s);
  }
  return {{"id", d.id.value()},
          {"direction", documents::DirectionName(d.direction)},
          {"state", d.state},
          {"stateLabel", http::Localized(state_label, req)},
          {"numberText", d.number_text},
          {"arrivalNumber", d.arrival_number},
          {"subject", d.subject},
          {"senderName", d.sender_name},
          {"urgency", documents::UrgencyName(d.urgency)},
          {"urgencyLabel", http::Localized(documents::UrgencyLabel(d.urgency), req)},
          {"confidentiality", documents::ConfidentialityName(d.confidentiality)},
          {"dueDate", d.due_date},
          {"dueSoon", item.due_soon},
          {"overdue", item.overdue},
          {"updatedAt", Time(d.updated_at)},
          {"version", d.version}};
}

json PageJson(const documents::QueuePage& page, const http::Request& req) {
  json items = json::array();
  for (const auto& item : page.items) {
    items.push_back(ItemJson(item, req));
  }
  return {{"items", items}, {"total", page.total}};
}

http::Response Counts(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto tx = ctx.db.BeginRead();
  auto counts = ctx.queues->Counts(tx, p);
  if (!counts) {
    return Fail(counts.error(), req);
  }
  json items = json::array();
  for (const auto& c : *counts) {
    items.push_back({{"queue", documents::QueueName(c.queue)},
                     {"label", http::Localized(documents::QueueLabel(c.queue), req)},
                     {"total", c.total},
                     {"dueSoon", c.due_soon},
                     {"overdue", c.overdue}});
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response ListQueue(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  std::vector<FieldError> errors;
  documents::QueueQuery q;
  // Untrusted path segment: one of the known queue names.
  auto queue = documents::ParseQueue(req.Param("queue"));
  if (!queue) {
    return Fail(Error::NotFound("hàng việc", std::string(req.Param("queue"))), req);
  }
  q.queue = *queue;
  q.flag = req.Query("flag").value_or("");
  q.urgency = req.Query("urgency").value_or("");
  q.sort = req.Query("sort").value_or("");
  q.limit = QueryInt(req, "limit", 50, 1, 200, errors).value_or(50);
  q.offset = QueryInt(req, "offset", 0, 0, 1000000, errors).value_or(0);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto page = ctx.queues->List(tx, p, q);
  if (!page) {
    return Fail(page.error(), req);
  }
  return JsonResponse(200, PageJson(*page, req));
}

http::Response Overview(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto tx = ctx.db.BeginRead();
  auto lines = ctx.queues->Overview(tx, p);
  if (!lines) {
    return Fail(lines.error(), req);
  }
  json items = json::array();
  for (const auto& l : *lines) {
    const bool agency = l.unit_name.empty();
    items.push_back({{"scope", agency ? "agency" : "unit"},
                     {"unitId", l.unit_id.IsSet() ? json(l.unit_id.value()) : json()},
                     {"unitName", agency ? http::Localized("Toàn cơ quan", req)
                                         : http::Localized(l.unit_name, req)},
                     {"open", l.open},
                     {"dueSoon", l.due_soon},
                     {"overdue", l.overdue}});
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response OverviewItems(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  std::vector<FieldError> errors;
  documents::OverviewQuery q;
  // unitId: absent = the agency; 0 = people without a unit; else a unit of the agency.
  if (req.Query("unitId")) {
    auto unit = QueryInt(req, "unitId", 0, 0, 2000000000, errors);
    if (unit) {
      q.unit_id = UnitId(*unit);
    }
  }
  q.flag = req.Query("flag").value_or("");
  q.limit = QueryInt(req, "limit", 50, 1, 200, errors).value_or(50);
  q.offset = QueryInt(req, "offset", 0, 0, 1000000, errors).value_or(0);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto page = ctx.queues->OverviewItems(tx, p, q);
  if (!page) {
    return Fail(page.error(), req);
  }
  return JsonResponse(200, PageJson(*page, req));
}

json CommentJson(const documents::DocumentComment& c) {
  json file = nullptr;
  if (c.file) {
    file = {{"id", c.file->id.value()},
            {"name", c.file->name},
            {"contentType", c.file->content_type},
            {"size", c.file->size}};
  }
  return {{"id", c.id.value()},
          {"authorId", c.author_id.IsSet() ? json(c.author_id.value()) : json()},
          {"authorName", c.author_name},
          {"text", c.text},
          {"file", file},
          {"createdAt", Time(c.created_at)}};
}

http::Response ListComments(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto list = ctx.comments->List(tx, p, DocumentId(*id));
  if (!list) {
    return Fail(list.error(), req);
  }
  json items = json::array();
  for (const auto& c : *list) {
    items.push_back(CommentJson(c));
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response AddComment(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto body = JsonBody::Parse(req, {"text", "fileId"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"text"});
  std::string text = body->String("text").value_or("");
  std::optional<documents::FileId> file;
  if (body->Has("fileId") && !body->value()["fileId"].is_null()) {
    auto f = body->Int("fileId");
    if (f && *f > 0) {
      file = documents::FileId(*f);
    }
  }
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto c = ctx.comments->Add(tx, ActorOf(p, req), p, DocumentId(*id), text, file);
  if (!c) {
    return Fail(c.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(201, CommentJson(*c));
}

http::Response DownloadCommentFile(ApiContext& ctx, http::Request& req,
                                   const identity::Principal& p) {
  auto id = PathId(req);
  auto file = PathId(req, "fileId");
  if (!id || !file) {
    return Fail(!id ? id.error() : file.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto found = ctx.comments->ReadFile(tx, p, DocumentId(*id), documents::FileId(*file));
  if (!found) {
    return Fail(found.error(), req);
  }
  http::Response res =
      http::Response::Text(200, std::move(found->second), found->first.content_type);
  res.headers.Set("Content-Disposition", AttachmentDisposition(found->first.name));
  res.headers.Set("X-Content-Type-Options", "nosniff");
  return res;
}

}  // namespace

void AddDocumentQueueSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json boolean = {{"type", "boolean"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  s["QueueCounts"] = obj({{"items",
                           {{"type", "array"},
                            {"items", obj({{"queue", str},
                                           {"label", str},
                                           {"total", integer},
                                           {"dueSoon", integer},
                                           {"overdue", integer}},
                                          {"queue", "label", "total", "dueSoon", "overdue"})}}}},
                         {"items"});
  s["QueuePage"] =
      obj({{"items",
            {{"type", "array"},
             {"items", obj({{"id", integer},
                            {"direction", str},
                            {"state", str},
                            {"stateLabel", str},
                            {"subject", str},
                            {"urgency", str},
                            {"dueDate", str},
                            {"dueSoon", boolean},
                            {"overdue", boolean},
                            {"version", integer}},
                           {"id", "direction", "state", "subject", "dueSoon", "overdue"})}}},
           {"total", integer}},
          {"items", "total"});
  s["QueueOverview"] =
      obj({{"items",
            {{"type", "array"},
             {"items", obj({{"scope", str},
                            {"unitId", {{"type", json::array({"integer", "null"})}}},
                            {"unitName", str},
                            {"open", integer},
                            {"dueSoon", integer},
                            {"overdue", integer}},
                           {"scope", "unitName", "open", "dueSoon", "overdue"})}}}},
          {"items"});
  json comment = obj({{"id", integer},
                      {"authorName", str},
                      {"text", str},
                      {"file", {{"type", json::array({"object", "null"})}}},
                      {"createdAt", str}},
                     {"id", "authorName", "text", "createdAt"});
  s["DocumentComment"] = comment;
  s["DocumentCommentList"] = obj({{"items", {{"type", "array"}, {"items", comment}}}}, {"items"});
  s["DocumentCommentInput"] = obj({{"text", str}, {"fileId", integer}}, {"text"});
}

void RegisterDocumentQueueRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/documents/queues", Guarded(ctx, Counts), {},
        {"Số việc trong từng hàng việc / Counts of every work queue", "documents", "",
         "QueueCounts"});
  r.Add("GET", "/api/v1/documents/queues/{queue}", Guarded(ctx, ListQueue), {},
        {"Một hàng việc / One work queue",
         "documents",
         "",
         "QueuePage",
         {"flag", "urgency", "sort", "limit", "offset"}});
  r.Add("GET", "/api/v1/documents/overview", Guarded(ctx, Overview), {},
        {"Tình hình xử lý của cơ quan / The agency's open work (leaders)", "documents", "",
         "QueueOverview"});
  r.Add("GET", "/api/v1/documents/overview/items", Guarded(ctx, OverviewItems), {},
        {"Văn bản sau một con số / The items behind a count (leaders)",
         "documents",
         "",
         "QueuePage",
         {"unitId", "flag", "limit", "offset"}});
  r.Add("GET", "/api/v1/documents/{id}/comments", Guarded(ctx, ListComments), {},
        {"Ý kiến về văn bản / A document's comments", "documents", "", "DocumentCommentList"});
  r.Add("POST", "/api/v1/documents/{id}/comments", Guarded(ctx, AddComment), {},
        {"Ghi ý kiến, kèm tệp / Comment, with a file",
         "documents",
         "DocumentCommentInput",
         "DocumentComment",
         {},
         false,
         "application/json",
         201});
  r.Add("GET", "/api/v1/documents/{id}/comments/files/{fileId}", Guarded(ctx, DownloadCommentFile),
        {}, {"Tải tệp kèm ý kiến / Download a comment's file", "documents"});
}

}  // namespace cqdt::api
