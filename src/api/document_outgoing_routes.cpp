// Outgoing documents (văn bản đi, issue 10 item 3): drafts, draft files, the review, the
// signature and the issue. The rules are the documents module's (OutgoingService, ReviewService);
// this file translates HTTP, and enforces optimistic concurrency on every action (decision 0009):
// answers carry `ETag: "<id>-<version>"`; an action without If-Match is 428, one whose If-Match
// is not the current ETag is 412, and nothing is changed in either case. The JSON, the draft
// input and the schemas are in document_outgoing_json.cpp.
#include <charconv>

#include "core/document_number.hpp"
#include "document_incoming_http.hpp"
#include "documents/outgoing_service.hpp"
#include "documents/review_service.hpp"
#include "internal.hpp"
#include "signing_http.hpp"

namespace cqdt::api {
namespace {

using documents::DocumentId;
using documents::OutgoingDocument;
using incoming_http::Time;

// ActOnOutgoing, handing the action the document it loaded (and checked against If-Match) in
// the same transaction, for a use case that would otherwise read it again.
using LoadedOutgoingAction = std::function<Result<documents::OutgoingDocument>(
    db::Transaction&, documents::OutgoingDocument)>;

http::Response ActOnLoadedOutgoing(ApiContext& ctx, const http::Request& req,
                                   const identity::Principal& p, const LoadedOutgoingAction& action,
                                   bool commit_on_bad_secret = false) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto current = ctx.outgoing->Get(tx, p, DocumentId(*id));
  if (!current) {
    return Fail(current.error(), req);
  }
  if (auto refused = CheckIfMatch(req, DocumentETag(current->document))) {
    return *refused;
  }
  auto done = action(tx, std::move(*current));
  if (!done) {
    const ErrorCode code = done.error().code();
    if (commit_on_bad_secret &&
        (code == ErrorCode::kBadSignature || code == ErrorCode::kRateLimited)) {
      (void)tx.Commit();
    }
    return Fail(done.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return OutgoingDocumentResponse(200, *done, req);
}

}  // namespace

http::Response ActOnOutgoing(ApiContext& ctx, const http::Request& req,
                             const identity::Principal& p, const OutgoingAction& action,
                             bool commit_on_bad_secret) {
  return ActOnLoadedOutgoing(
      ctx, req, p,
      [&](db::Transaction& tx, documents::OutgoingDocument current) {
        return action(tx, current.document.id, current.document.version);
      },
      commit_on_bad_secret);
}

namespace {

http::Response CreateDraft(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto in = ReadOutgoingDraftInput(req);
  if (!in) {
    return Fail(in.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto d = ctx.outgoing->CreateDraft(tx, p, ActorOf(p, req), *in);
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  http::Response res = OutgoingDocumentResponse(201, *d, req);
  res.headers.Set("Location",
                  "/api/v1/documents/outgoing/" + std::to_string(d->document.id.value()));
  return res;
}

// Decision 0009: every view of a confidential document (detail, timeline, each file) is in the
// audit trail, with the viewer; a view whose entry cannot be written is not served.
std::optional<http::Response> AuditView(ApiContext& ctx, const identity::Principal& p,
                                        const http::Request& req, const documents::Document& d,
                                        const std::string& what) {
  if (auto st = incoming_http::AuditViews(ctx, p, req, {d}, what); !st) {
    return Fail(st.error(), req);
  }
  return std::nullopt;
}

http::Response GetDocument(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  Result<OutgoingDocument> d = Error::Internal();
  {
    auto tx = ctx.db.BeginRead();
    d = ctx.outgoing->Get(tx, p, DocumentId(*id));
  }
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto refused = AuditView(ctx, p, req, d->document, "detail")) {
    return *refused;
  }
  return OutgoingDocumentResponse(200, *d, req);
}

http::Response UpdateDraft(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto in = ReadOutgoingDraftInput(req);
  if (!in) {
    return Fail(in.error(), req);
  }
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId id, std::int64_t version) {
    return ctx.outgoing->UpdateDraft(tx, p, ActorOf(p, req), id, version, *in);
  });
}

http::Response AddFile(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  const std::string name = SafeUploadName(req.Query("name").value_or(""), "du-thao.pdf");
  const std::string bytes = ReadUpload(req);
  if (bytes.compare(0, 4, "PK\x03\x04") == 0) {
    // A ZIP: a DOCX draft, converted to PDF (document_signing_routes.cpp).
    return AddDocxDraft(ctx, req, p, name, bytes);
  }
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId id, std::int64_t version) {
    return ctx.outgoing->AddDraftFile(tx, p, ActorOf(p, req), id, version, name, bytes);
  });
}

http::Response DownloadFile(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  auto file = PathId(req, "fileId");
  if (!id || !file) {
    return Fail(!id ? id.error() : file.error(), req);
  }
  Result<OutgoingDocument> d = Error::Internal();
  {
    auto tx = ctx.db.BeginRead();
    d = ctx.outgoing->Get(tx, p, DocumentId(*id));
  }
  if (!d) {
    return Fail(d.error(), req);
  }
  auto f = ctx.outgoing->ReadFile(*d, documents::OutgoingFileId(*file));
  if (!f) {
    return Fail(f.error(), req);
  }
  if (auto refused = AuditView(ctx, p, req, d->document, "file " + std::to_string(*file))) {
    return *refused;
  }
  http::Response res = http::Response::Text(200, std::move(f->second), f->first.content_type);
  res.headers.Set("Content-Disposition", AttachmentDisposition(f->first.name));
  res.headers.Set("Cache-Control", "private, no-store");
  return res;
}

http::Response Timeline(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  std::vector<documents::TimelineEvent> events;
  Result<OutgoingDocument> d = Error::Internal();
  {
    auto tx = ctx.db.BeginRead();
    d = ctx.outgoing->Get(tx, p, DocumentId(*id));
    if (d) {
      events = ctx.outgoing->Timeline(tx, *d);
    }
  }
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto refused = AuditView(ctx, p, req, d->document, "timeline")) {
    return *refused;
  }
  json items = json::array();
  for (const auto& e : events) {
    items.push_back({{"at", Time(e.at)},
                     {"actorName", e.actor_name},
                     {"action", e.action},
                     {"detail", http::Localized(e.detail, req)}});
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response Submit(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"unitHeadId", "comment"});
  if (!body) {
    return Fail(body.error(), req);
  }
  documents::SubmitInput in;
  if (auto u = body->Int("unitHeadId"); u && *u > 0) {
    in.unit_head_id = UserId(*u);
  }
  in.comment = body->String("comment").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId id, std::int64_t version) {
    return ctx.reviews->Submit(tx, p, ActorOf(p, req), id, version, in);
  });
}

// approve / return: {"comment": "..."}.
http::Response Decide(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                      bool approve) {
  auto body = JsonBody::Parse(req, {"comment"});
  if (!body) {
    return Fail(body.error(), req);
  }
  const std::string comment = body->String("comment").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  return ActOnOutgoing(ctx, req, p, [&](db::Transaction& tx, DocumentId id, std::int64_t version) {
    return approve ? ctx.reviews->Approve(tx, p, ActorOf(p, req), id, version, comment)
                   : ctx.reviews->Return(tx, p, ActorOf(p, req), id, version, comment);
  });
}

http::Response Sign(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"keyId", "secret"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"keyId"});
  const std::string key = body->String("keyId").value_or("");
  const std::string secret = body->String("secret").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  return ActOnOutgoing(
      ctx, req, p,
      [&](db::Transaction& tx, DocumentId id, std::int64_t version) {
        return ctx.outgoing->Sign(tx, p, ActorOf(p, req), id, version, key, secret);
      },
      /*commit_on_bad_secret=*/true);
}

// A {page, x, y, width, height} box of the issue body (absent or null: none). Only the shape and
// types are checked here; the documents module checks it against the signed file's pages.
std::optional<documents::LineBox> ReadLineBox(const json& body, const char* name,
                                              std::vector<FieldError>& errors) {
  if (!body.contains(name) || body[name].is_null()) {
    return std::nullopt;
  }
  const json& v = body[name];
  const std::string field = name;
  if (!v.is_object()) {
    errors.push_back(
        {field, "type", "Trường '" + field + "' phải là một ô gồm page, x, y, width, height."});
    return std::nullopt;
  }
  documents::LineBox box;
  bool ok = true;
  for (const auto& [key, member] : v.items()) {
    const std::string f = field + "." + key;
    if (key == "page") {
      if (!member.is_number_integer() || member.get<std::int64_t>() < 1 ||
          member.get<std::int64_t>() > 100000) {
        errors.push_back({f, "type", "Trường '" + f + "' phải là số nguyên."});
        ok = false;
      } else {
        box.page = static_cast<int>(member.get<std::int64_t>());
      }
    } else if (key == "x" || key == "y" || key == "width" || key == "height") {
      if (!member.is_number()) {
        errors.push_back({f, "type", "Trường '" + f + "' phải là số."});
        ok = false;
        continue;
      }
      const double n = member.get<double>();
      (key == "x" ? box.x : key == "y" ? box.y : key == "width" ? box.width : box.height) = n;
    } else {
      errors.push_back({f, "unknown", "Trường '" + f + "' không được hỗ trợ."});
      ok = false;
    }
  }
  for (const char* required : {"x", "y", "width", "height"}) {
    if (!v.contains(required)) {
      const std::string f = field + "." + required;
      errors.push_back({f, "required", "Thiếu trường bắt buộc '" + f + "'."});
      ok = false;
    }
  }
  return ok ? std::optional(box) : std::nullopt;
}

http::Response Issue(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"sealKeyId", "secret", "place", "numberBox", "dateBox"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"sealKeyId"});
  documents::IssueInput in;
  in.seal_key_id = body->String("sealKeyId").value_or("");
  in.secret = body->String("secret").value_or("");
  in.place = body->String("place").value_or("");
  std::vector<FieldError> box_errors;
  in.number_box = ReadLineBox(body->value(), "numberBox", box_errors);
  in.date_box = ReadLineBox(body->value(), "dateBox", box_errors);
  if (auto st = body->Finish(); !st || !box_errors.empty()) {
    std::vector<FieldError> all = st ? std::vector<FieldError>{} : st.error().fields();
    all.insert(all.end(), box_errors.begin(), box_errors.end());
    return Fail(Error::Invalid(std::move(all)), req);
  }
  // Everything rolls back on any failure, a wrong seal password included: the number must not
  // be consumed (decision 0009), which outweighs keeping that attempt's audit entry.
  // The document the route loaded is the one issued: Issue does not read it again.
  return ActOnLoadedOutgoing(
      ctx, req, p, [&](db::Transaction& tx, documents::OutgoingDocument current) {
        return ctx.outgoing->Issue(tx, p, ActorOf(p, req), std::move(current), in);
      });
}

json LineBoxJson(const std::optional<documents::LineBox>& b) {
  if (!b) {
    return nullptr;
  }
  return {{"page", b->page}, {"x", b->x}, {"y", b->y}, {"width", b->width}, {"height", b->height}};
}

// Where the number and date lines are on the signed file: what the position picker starts from.
http::Response Positions(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto found = ctx.outgoing->FindIssuePositions(tx, p, DocumentId(*id));
  if (!found) {
    return Fail(found.error(), req);
  }
  json pages = json::array();
  for (const auto& [width, height] : found->pages) {
    pages.push_back({{"width", width}, {"height", height}});
  }
  return JsonResponse(200, {{"pages", pages},
                            {"numberBox", LineBoxJson(found->number)},
                            {"dateBox", LineBoxJson(found->date)}});
}

// Wraps a handler so that it answers 503 while the services are not wired.
template <typename Handler>
http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (ctx.outgoing == nullptr || ctx.reviews == nullptr) {
      return Fail(Error::Unavailable("Chức năng văn bản đi chưa sẵn sàng."), req);
    }
    return handler(ctx, req, p);
  });
}

}  // namespace

void RegisterDocumentOutgoingRoutes(http::Router& r, ApiContext& ctx) {
  const http::RouteOptions small{.body_limit = 64 * 1024};
  r.Add("POST", "/api/v1/documents/outgoing", Guarded(ctx, CreateDraft), small,
        {"Soạn dự thảo văn bản đi / Create an outgoing draft",
         "documents",
         "OutgoingDraftInput",
         "OutgoingDocument",
         {},
         false,
         "application/json",
         201});
  r.Add("GET", "/api/v1/documents/outgoing/{id}", Guarded(ctx, GetDocument), {},
        {"Một văn bản đi / An outgoing document", "documents", "", "OutgoingDocument"});
  r.Add("PATCH", "/api/v1/documents/outgoing/{id}", Guarded(ctx, UpdateDraft), small,
        {"Sửa dự thảo (cần If-Match) / Edit a draft (If-Match required)", "documents",
         "OutgoingDraftInput", "OutgoingDocument"});
  r.Add("POST", "/api/v1/documents/outgoing/{id}/files", Guarded(ctx, AddFile),
        {.body_limit = documents::kMaxDraftFileBytes, .stream_body_to_disk = true},
        {"Thêm bản dự thảo PDF hoặc DOCX (cần If-Match) / Add a PDF or DOCX draft version "
         "(If-Match required)",
         "documents",
         "",
         "OutgoingDocument",
         {"name"},
         false,
         "application/pdf"});
  r.Add("GET", "/api/v1/documents/outgoing/{id}/files/{fileId}", Guarded(ctx, DownloadFile), {},
        {"Tải tệp của văn bản đi / Download a file of an outgoing document", "documents"});
  r.Add("GET", "/api/v1/documents/outgoing/{id}/timeline", Guarded(ctx, Timeline), {},
        {"Quá trình xử lý văn bản đi / An outgoing document's timeline", "documents", "",
         "OutgoingTimeline"});
  r.Add("POST", "/api/v1/documents/outgoing/{id}/submit", Guarded(ctx, Submit), small,
        {"Trình duyệt dự thảo (cần If-Match) / Submit a draft for review (If-Match required)",
         "documents", "OutgoingSubmit", "OutgoingDocument"});
  r.Add("POST", "/api/v1/documents/outgoing/{id}/approve",
        Guarded(ctx, [](ApiContext& c, http::Request& req,
                        const identity::Principal& p) { return Decide(c, req, p, true); }),
        small,
        {"Duyệt dự thảo (cần If-Match) / Approve a draft (If-Match required)", "documents",
         "OutgoingDecision", "OutgoingDocument"});
  r.Add("POST", "/api/v1/documents/outgoing/{id}/return",
        Guarded(ctx, [](ApiContext& c, http::Request& req,
                        const identity::Principal& p) { return Decide(c, req, p, false); }),
        small,
        {"Trả lại dự thảo kèm ý kiến (cần If-Match) / Return a draft with a comment (If-Match "
         "required)",
         "documents", "OutgoingDecision", "OutgoingDocument"});
  r.Add("POST", "/api/v1/documents/outgoing/{id}/sign", Guarded(ctx, Sign), small,
        {"Người có thẩm quyền ký (cần If-Match) / The signer signs (If-Match required)",
         "documents", "OutgoingSign", "OutgoingDocument"});
  r.Add("POST", "/api/v1/documents/outgoing/{id}/issue", Guarded(ctx, Issue), small,
        {"Cấp số, ghi ngày, đóng dấu (cần If-Match) / Number, date and seal (If-Match required)",
         "documents", "OutgoingIssue", "OutgoingDocument"});
  r.Add("GET", "/api/v1/documents/outgoing/{id}/positions", Guarded(ctx, Positions), {},
        {"Vị trí dòng số và dòng ngày trên bản đã ký, kích thước trang / Where the number and "
         "date lines are on the signed file, and the page sizes",
         "documents", "", "IssuePositions"});
}

}  // namespace cqdt::api
