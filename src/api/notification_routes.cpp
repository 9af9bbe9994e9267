// GET /api/v1/notifications, POST /api/v1/notifications/read: the signed-in person's own notices
// from the notify outbox (issue 10, item 5); GET /api/v1/notifications/stream: the same notices
// live, as server-sent events (issue 13, item 10).
#include <charconv>
#include <memory>
#include <optional>

#include "http/event_stream.hpp"
#include "internal.hpp"
#include "notify/live_feed.hpp"
#include "notify/outbox.hpp"

namespace cqdt::api {
namespace {

// Staff users and citizens have notices; API tokens (other systems) have none.
std::optional<notify::Recipient> RecipientOf(const identity::Principal& p) {
  switch (p.realm) {
    case identity::Realm::kStaff:
      return notify::Recipient::User(UserId(p.subject_id));
    case identity::Realm::kCitizen:
      return notify::Recipient::Citizen(CitizenId(p.subject_id));
    case identity::Realm::kSystem:
      return std::nullopt;
  }
  return std::nullopt;
}

http::Response NotReady(const http::Request& req) {
  return Fail(Error::Unavailable("Chức năng thông báo chưa sẵn sàng."), req);
}

json MessageJson(const notify::Message& m, Language language) {
  auto or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  return {{"id", m.id.value()},
          {"kind", m.kind},
          {"text", language == Language::kEnglish ? m.text_en : m.text_vi},
          {"link", or_null(m.link)},
          {"entityType", or_null(m.entity_type)},
          {"entityId", or_null(m.entity_id)},
          {"createdAt", ToIsoUtc(m.created_at)},
          {"readAt", m.read_at ? json(ToIsoUtc(*m.read_at)) : json(nullptr)}};
}

http::Response List(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.outbox == nullptr) {
    return NotReady(req);
  }
  auto recipient = RecipientOf(p);
  if (!recipient) {
    return Fail(Error::PermissionDenied(), req);
  }
  std::vector<FieldError> errors;
  // Untrusted query: only the two spellings of a boolean are accepted.
  bool unread_only = false;
  if (auto unread = req.Query("unread"); unread && !unread->empty()) {
    if (*unread == "true") {
      unread_only = true;
    } else if (*unread != "false") {
      errors.push_back({"unread", "format", "Tham số unread phải là true hoặc false."});
    }
  }
  auto limit = QueryInt(req, "limit", 20, 1, notify::kMaxListLimit, errors);
  auto offset = QueryInt(req, "offset", 0, 0, 2'000'000'000, errors);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto page = ctx.outbox->ListForRecipient(tx, *recipient, unread_only, *limit, *offset);
  if (!page) {
    return Fail(page.error(), req);
  }
  const std::int64_t unread = ctx.outbox->CountUnread(tx, *recipient);
  const Language language = http::LanguageOf(req);
  json items = json::array();
  for (const auto& m : page->items) {
    items.push_back(MessageJson(m, language));
  }
  auto res = JsonResponse(200, {{"items", items}, {"total", page->total}, {"unread", unread}});
  // The texts follow Accept-Language, like problem details.
  res.headers.Set("Content-Language", language == Language::kEnglish ? "en" : "vi");
  res.headers.Set("Vary", "Accept-Language");
  return res;
}

http::Response MarkRead(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.outbox == nullptr) {
    return NotReady(req);
  }
  auto recipient = RecipientOf(p);
  if (!recipient) {
    return Fail(Error::PermissionDenied(), req);
  }
  auto body = JsonBody::Parse(req, {"ids", "all"});
  if (!body) {
    return Fail(body.error(), req);
  }
  auto all = body->Bool("all");
  // Untrusted body: ids must be an array of positive integers, at most kMaxMarkIds of them.
  std::vector<notify::NoticeId> ids;
  std::vector<FieldError> errors;
  if (body->Has("ids")) {
    const json& v = body->value()["ids"];
    if (!v.is_array()) {
      errors.push_back({"ids", "type", "Trường 'ids' phải là danh sách mã thông báo."});
    } else if (v.size() > notify::kMaxMarkIds) {
      errors.push_back({"ids", "length", "Chỉ đánh dấu được tối đa 500 thông báo mỗi lần."});
    } else {
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_number_integer() || v[i].get<std::int64_t>() <= 0) {
          errors.push_back({"ids[" + std::to_string(i) + "]", "format",
                            "Mã thông báo phải là số nguyên dương."});
          break;
        }
        ids.emplace_back(v[i].get<std::int64_t>());
      }
    }
  }
  const bool mark_all = all.value_or(false);
  if (body->Has("ids") == mark_all) {
    errors.push_back({mark_all ? "all" : "ids", "required",
                      "Gửi danh sách mã thông báo (ids) hoặc all: true, không gửi cả hai."});
  }
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.Begin();
  auto marked = mark_all ? ctx.outbox->MarkAllRead(tx, *recipient)
                         : ctx.outbox->MarkRead(tx, *recipient, ids);
  if (!marked) {
    return Fail(marked.error(), req);
  }
  const std::int64_t unread = ctx.outbox->CountUnread(tx, *recipient);
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, {{"marked", *marked}, {"unread", unread}});
}

// Frames the feed's notices as "notice" events on one open stream; the event id is the notice
// id, which the browser sends back as Last-Event-ID when it reconnects.
class StreamSink : public notify::FeedSink {
 public:
  StreamSink(std::shared_ptr<http::EventStream> stream, Language language)
      : stream_(std::move(stream)), language_(language) {}
  bool IsOpen() const override { return stream_->IsOpen(); }
  void Deliver(const std::vector<notify::Message>& notices, std::int64_t unread) override {
    std::string events;
    if (notices.empty()) {
      // Notices were marked read (in another tab): the count alone, with no id, so that the
      // browser's Last-Event-ID stays the last notice's.
      events = http::FormatEvent("unread", "", json{{"unread", unread}}.dump());
    }
    for (const auto& m : notices) {
      events +=
          http::FormatEvent("notice", std::to_string(m.id.value()),
                            json{{"notice", MessageJson(m, language_)}, {"unread", unread}}.dump());
    }
    stream_->Push(std::move(events));
  }

 private:
  std::shared_ptr<http::EventStream> stream_;
  Language language_;
};

// Untrusted input: Last-Event-ID (or ?after=) should be a notice id we sent, but a client can
// send anything; only a positive decimal integer counts, anything else means "from now on".
std::optional<std::int64_t> ParseNoticeId(const std::optional<std::string>& text) {
  if (!text || text->empty() || text->size() > 18) {
    return std::nullopt;
  }
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), id);
  if (ec != std::errc() || end != text->data() + text->size() || id <= 0) {
    return std::nullopt;
  }
  return id;
}

http::Response Stream(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.outbox == nullptr || ctx.live_feed == nullptr) {
    return NotReady(req);
  }
  auto recipient = RecipientOf(p);
  // A stream is for a person's browser; other systems poll GET /api/v1/notifications.
  if (!recipient || p.via_api_token) {
    return Fail(Error::PermissionDenied(), req);
  }
  // EventSource cannot set Accept-Language: the page passes its language as ?lang=.
  Language language = http::LanguageOf(req);
  if (auto lang = req.Query("lang")) {
    language = *lang == "en" ? Language::kEnglish : Language::kVietnamese;
  }
  std::optional<std::int64_t> after = ParseNoticeId(req.headers.Get("Last-Event-ID"));
  if (!after) {
    after = ParseNoticeId(req.Query("after"));
  }
  std::int64_t unread = 0;
  notify::NoticeId from;
  {
    auto tx = ctx.db.BeginRead();
    from = after ? notify::NoticeId(*after) : ctx.outbox->LastId(tx, *recipient);
    unread = ctx.outbox->CountUnread(tx, *recipient);
  }
  auto stream =
      std::make_shared<http::EventStream>(std::string(notify::RecipientKindName(recipient->kind)) +
                                          ":" + std::to_string(recipient->id));
  ctx.live_feed->Subscribe(*recipient, from, std::make_shared<StreamSink>(stream, language));
  http::Response res;
  res.status = 200;
  res.headers.Set("Content-Type", "text/event-stream; charset=utf-8");
  res.headers.Set("Cache-Control", "no-store");
  res.headers.Set("X-Accel-Buffering", "no");
  res.headers.Set("Content-Language", language == Language::kEnglish ? "en" : "vi");
  // The browser retries 5 s after a lost connection; "ready" tells the page the stream is open
  // (it reloads its list then: notices written while it was away arrive as events only when it
  // sent Last-Event-ID).
  res.body = "retry: 5000\n\n" + http::FormatEvent("ready", "", json{{"unread", unread}}.dump());
  res.events = std::move(stream);
  return res;
}

// The administrator's view of the outbox (issue 12 item 7): every recipient's notices with the
// state of their e-mail delivery.
http::Response ListOutbox(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.outbox == nullptr) {
    return NotReady(req);
  }
  if (!identity::Authorizer::IsAdmin(p)) {
    return Fail(Error::PermissionDenied(), req);
  }
  std::vector<FieldError> errors;
  const int limit = QueryInt(req, "limit", 50, 1, 100, errors).value_or(50);
  const int offset = QueryInt(req, "offset", 0, 0, 1000000, errors).value_or(0);
  std::optional<notify::DeliveryState> state;
  if (auto s = req.Query("state"); s && !s->empty()) {
    for (auto candidate : {notify::DeliveryState::kPending, notify::DeliveryState::kSent,
                           notify::DeliveryState::kFailed, notify::DeliveryState::kSkipped}) {
      if (*s == notify::DeliveryStateName(candidate)) {
        state = candidate;
      }
    }
    if (!state) {
      errors.push_back(
          {"state", "enum", "Tham số 'state' phải là pending, sent, failed hoặc skipped."});
    }
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto page = ctx.outbox->ListAll(tx, req.Query("kind").value_or(""), state, limit, offset);
  if (!page) {
    return Fail(page.error(), req);
  }
  const Language language = http::LanguageOf(req);
  json items = json::array();
  for (const auto& m : page->items) {
    json j = MessageJson(m, language);
    j["recipientKind"] = notify::RecipientKindName(m.recipient.kind);
    j["recipientId"] = m.recipient.id;
    j["emailState"] = notify::DeliveryStateName(m.email_state);
    j["emailAttempts"] = m.email_attempts;
    j["emailLastError"] = m.email_last_error;
    items.push_back(std::move(j));
  }
  return JsonResponse(200, {{"items", std::move(items)}, {"total", page->total}});
}

}  // namespace

void RegisterNotificationRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/notifications",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return List(ctx, req, p); }),
        {},
        {"Thông báo của tôi / My notifications",
         "notifications",
         "",
         "NotificationPage",
         {"unread", "limit", "offset"}});
  r.Add("GET", "/api/v1/notifications/stream",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return Stream(ctx, req, p); }),
        {},
        {.summary = "Thông báo trực tiếp (server-sent events) / Live notifications",
         .tag = "notifications",
         .response_schema = "NotificationEvent",
         .query = {"after", "lang"},
         .response_content_type = "text/event-stream"});
  r.Add("POST", "/api/v1/notifications/read",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return MarkRead(ctx, req, p); }),
        {.body_limit = 16 * 1024},
        {"Đánh dấu thông báo đã đọc / Mark notifications read", "notifications",
         "NotificationReadInput", "NotificationReadResult"});
  r.Add("GET", "/api/v1/admin/notifications",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return ListOutbox(ctx, req, p); }),
        {},
        {"Hộp thư đi của hệ thống (quản trị) / The outbox, for administrators",
         "notifications",
         "",
         "OutboxPage",
         {"kind", "state", "limit", "offset"}});
}

}  // namespace cqdt::api
