// E-mail templates for administrators (issue 15 item 2: list, change, reset, preview), each
// person's choice of the notices they receive by e-mail, and the one-click opt-out link a notice
// carries (RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click"; a person who opens the
// link gets a page with one button that does the same).
#include <string>

#include "core/message_catalog.hpp"
#include "internal.hpp"
#include "mailroom/preferences.hpp"
#include "mailroom/templates.hpp"

namespace cqdt::api {

namespace {

bool MailOff(ApiContext& ctx) {
  return ctx.mail_templates == nullptr || ctx.mail_preferences == nullptr;
}

http::Response OffResponse(const http::Request& req) {
  return Fail(Error::Unavailable("Chức năng thư điện tử chưa được bật ([mail] enabled)."), req);
}

std::string KindParam(const http::Request& req) {
  auto it = req.path_params.find("kind");
  return it == req.path_params.end() ? "" : it->second;
}

json TemplateJson(const mailroom::MailTemplate& t, const http::Request& req) {
  const bool english = http::LanguageOf(req) == Language::kEnglish;
  return {{"kind", t.kind},
          {"audience", t.audience},
          {"required", t.required},
          {"name", english ? t.name_en : t.name_vi},
          {"subjectVi", t.subject_vi},
          {"subjectEn", t.subject_en},
          {"bodyVi", t.body_vi},
          {"bodyEn", t.body_en},
          {"customised", t.customised},
          {"updatedBy", t.updated_by},
          {"updatedAt",
           t.updated_at == 0 ? json(nullptr) : json(ToIsoVietnam(FromUnixSeconds(t.updated_at)))}};
}

Result<mailroom::TemplateInput> ReadTemplate(const http::Request& req) {
  auto body = JsonBody::Parse(req, {"subjectVi", "subjectEn", "bodyVi", "bodyEn"});
  if (!body) {
    return body.error();
  }
  body->Require({"subjectVi", "subjectEn", "bodyVi", "bodyEn"});
  mailroom::TemplateInput in;
  in.subject_vi = body->String("subjectVi").value_or("");
  in.subject_en = body->String("subjectEn").value_or("");
  in.body_vi = body->String("bodyVi").value_or("");
  in.body_en = body->String("bodyEn").value_or("");
  CQDT_RETURN_IF_ERROR(body->Finish());
  return in;
}

std::optional<http::Response> Admin(ApiContext& ctx, const http::Request& req,
                                    const identity::Principal& p) {
  if (MailOff(ctx)) {
    return OffResponse(req);
  }
  if (!identity::Authorizer::IsAdmin(p)) {
    return Fail(Error::PermissionDenied(), req);
  }
  return std::nullopt;
}

http::Response ListTemplates(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Admin(ctx, req, p)) {
    return *g;
  }
  auto tx = ctx.db.BeginRead();
  json items = json::array();
  for (const auto& t : ctx.mail_templates->List(tx)) {
    items.push_back(TemplateJson(t, req));
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response GetTemplate(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Admin(ctx, req, p)) {
    return *g;
  }
  auto tx = ctx.db.BeginRead();
  auto t = ctx.mail_templates->Get(tx, KindParam(req));
  if (!t) {
    return Fail(t.error(), req);
  }
  return JsonResponse(200, TemplateJson(*t, req));
}

http::Response PutTemplate(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Admin(ctx, req, p)) {
    return *g;
  }
  auto in = ReadTemplate(req);
  if (!in) {
    return Fail(in.error(), req);
  }
  const std::string kind = KindParam(req);
  const audit::Actor actor = ActorOf(p, req);
  auto tx = ctx.db.Begin();
  auto saved = ctx.mail_templates->Put(tx, kind, *in, actor.name, ToUnixSeconds(ctx.clock.Now()));
  if (!saved) {
    return Fail(saved.error(), req);
  }
  if (auto st = ctx.audit.Record(tx, actor, {"mail.template_saved", "mail_template", kind, ""});
      !st) {
    return Fail(st.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, TemplateJson(*saved, req));
}

http::Response ResetTemplate(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Admin(ctx, req, p)) {
    return *g;
  }
  const std::string kind = KindParam(req);
  auto tx = ctx.db.Begin();
  if (auto t = ctx.mail_templates->Get(tx, kind); !t) {
    return Fail(t.error(), req);
  }
  if (auto st = ctx.mail_templates->Reset(tx, kind); !st) {
    return Fail(st.error(), req);
  }
  if (auto st =
          ctx.audit.Record(tx, ActorOf(p, req), {"mail.template_reset", "mail_template", kind, ""});
      !st) {
    return Fail(st.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  auto read = ctx.db.BeginRead();
  return JsonResponse(200, TemplateJson(*ctx.mail_templates->Get(read, kind), req));
}

// The editor's preview: the unsaved input rendered with sample values.
http::Response Preview(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Admin(ctx, req, p)) {
    return *g;
  }
  auto in = ReadTemplate(req);
  if (!in) {
    return Fail(in.error(), req);
  }
  if (auto st = mailroom::TemplateStore::Validate(*in); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto base = ctx.mail_templates->Get(tx, KindParam(req));
  if (!base) {
    return Fail(base.error(), req);
  }
  mailroom::MailTemplate t = *base;
  t.subject_vi = in->subject_vi;
  t.subject_en = in->subject_en;
  t.body_vi = in->body_vi;
  t.body_en = in->body_en;
  const std::string portal = ctx.options.public_url;
  mailroom::TemplateValues v;
  v.values = {{"recipientName", "Nguyễn Văn An"},
              {"text", "Hồ sơ 000.00.12.H01-261202-0001 đã được tiếp nhận, hẹn trả 09/12/2026."},
              {"textEn", "Dossier 000.00.12.H01-261202-0001 was received; result due 09/12/2026."},
              {"link", portal + "/tra-cuu-ho-so"},
              {"code", "000.00.12.H01-261202-0001"},
              {"agency", "UBND tỉnh An Giang"},
              {"portal", portal},
              {"date", "02/12/2026"},
              {"unsubscribe", t.required ? "" : portal + "/api/v1/mail/unsubscribe?t=..."}};
  v.items = {"Văn bản 125/UBND-VP (hạn 03/12/2026)", "Hồ sơ 000.00.12.H01-261201-0007 (quá hạn)"};
  const mailroom::RenderedMail r = mailroom::TemplateStore::Render(t, v);
  return JsonResponse(200, {{"subject", r.subject}, {"text", r.text}, {"html", r.html}});
}

std::optional<notify::Recipient> Me(const identity::Principal& p) {
  if (p.realm == identity::Realm::kStaff) {
    return notify::Recipient::User(UserId(p.subject_id));
  }
  if (p.realm == identity::Realm::kCitizen) {
    return notify::Recipient::Citizen(CitizenId(p.subject_id));
  }
  return std::nullopt;
}

json PreferencesJson(ApiContext& ctx, db::Transaction& tx, const notify::Recipient& me,
                     const http::Request& req) {
  const bool english = http::LanguageOf(req) == Language::kEnglish;
  json items = json::array();
  for (const auto& pref : ctx.mail_preferences->List(tx, me)) {
    items.push_back({{"kind", pref.kind},
                     {"name", english ? pref.name_en : pref.name_vi},
                     {"enabled", pref.enabled},
                     {"required", pref.required}});
  }
  return {{"items", items}};
}

http::Response GetPreferences(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (MailOff(ctx)) {
    return OffResponse(req);
  }
  auto me = Me(p);
  if (!me) {
    return Fail(Error::PermissionDenied(), req);
  }
  auto tx = ctx.db.BeginRead();
  return JsonResponse(200, PreferencesJson(ctx, tx, *me, req));
}

http::Response PutPreferences(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (MailOff(ctx)) {
    return OffResponse(req);
  }
  auto me = Me(p);
  if (!me) {
    return Fail(Error::PermissionDenied(), req);
  }
  auto body = JsonBody::Parse(req, {"items"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"items"});
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  const json& items = body->value()["items"];
  if (!items.is_array() || items.size() > 100) {
    return Fail(Error::InvalidField("items", "format", "Danh sách lựa chọn không hợp lệ."), req);
  }
  auto tx = ctx.db.Begin();
  const std::int64_t now = ToUnixSeconds(ctx.clock.Now());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json& item = items[i];
    const std::string at = "items[" + std::to_string(i) + "]";
    if (!item.is_object() || !item.contains("kind") || !item["kind"].is_string() ||
        !item.contains("enabled") || !item["enabled"].is_boolean() || item.size() != 2) {
      return Fail(Error::InvalidField(at, "format", "Mỗi lựa chọn gồm kind và enabled."), req);
    }
    auto st = ctx.mail_preferences->Set(tx, *me, item["kind"].get<std::string>(),
                                        item["enabled"].get<bool>(), now);
    if (!st) {
      std::vector<FieldError> fields;
      for (FieldError f : st.error().fields()) {
        f.field = at + "." + f.field;
        fields.push_back(std::move(f));
      }
      return Fail(Error(st.error().code(), st.error().message(), std::move(fields)), req);
    }
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  auto read = ctx.db.BeginRead();
  return JsonResponse(200, PreferencesJson(ctx, read, *me, req));
}

std::string HtmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

http::Response Page(int status, const std::string& body_html) {
  http::Response res;
  res.status = status;
  res.headers.Set("Content-Type", "text/html; charset=utf-8");
  res.headers.Set("Cache-Control", "no-store");
  res.headers.Set("Content-Security-Policy",
                  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  res.body =
      "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>Nhận thư thông báo / E-mail "
      "notices</title></head><body style=\"font-family:sans-serif;max-width:36rem;margin:2rem "
      "auto;padding:0 1rem;line-height:1.5\">" +
      body_html + "</body></html>";
  return res;
}

// GET: the page a person sees on opening the link; POST: the opt-out itself (one click). The
// page is in Vietnamese with the English below.
http::Response Unsubscribe(ApiContext& ctx, http::Request& req) {
  if (MailOff(ctx)) {
    return OffResponse(req);
  }
  auto both = [](const std::string& vi, const char* tag = "p") {
    return std::string("<") + tag + ">" + HtmlEscape(vi) + "</" + tag + "><" + tag +
           " lang=\"en\" style=\"color:#555\">" +
           HtmlEscape(MessageCatalog::Default().Translate(vi, Language::kEnglish)) + "</" + tag +
           ">";
  };
  const std::string token = req.Query("t").value_or("");
  auto parsed = ctx.mail_preferences->ParseToken(token);
  if (!parsed) {
    return Page(400, both("Liên kết không hợp lệ", "h1") +
                         both("Liên kết ngừng nhận thư không đúng hoặc đã bị sửa."));
  }
  const auto& [recipient, kind] = *parsed;
  if (req.method == "GET") {
    return Page(200, both("Ngừng nhận loại thông báo này qua thư điện tử?", "h1") +
                         both("Thông báo vẫn hiện trong hệ thống; chỉ thư điện tử ngừng gửi.") +
                         "<form method=\"post\" action=\"?t=" + HtmlEscape(token) +
                         "\"><input type=\"hidden\" name=\"List-Unsubscribe\" "
                         "value=\"One-Click\"><button type=\"submit\">" +
                         HtmlEscape("Ngừng nhận / Unsubscribe") + "</button></form>");
  }
  auto tx = ctx.db.Begin();
  auto st = ctx.mail_preferences->Set(tx, recipient, kind, false, ToUnixSeconds(ctx.clock.Now()));
  if (!st) {
    return Page(422, both("Không thể ngừng nhận", "h1") + both(st.error().message()));
  }
  if (auto c = tx.Commit(); !c) {
    return Fail(c.error(), req);
  }
  return Page(200, both("Đã ngừng nhận", "h1") +
                       both("Bạn sẽ không nhận loại thông báo này qua thư điện tử nữa; có thể bật "
                            "lại trong mục Thông báo qua thư của tài khoản."));
}

}  // namespace

void RegisterMailTemplateRoutes(http::Router& r, ApiContext& ctx) {
  using Fn = http::Response (*)(ApiContext&, http::Request&, const identity::Principal&);
  auto add = [&](const char* method, const char* path, Fn fn, http::RouteDoc doc) {
    r.Add(method, path,
          Authed(ctx, [&ctx, fn](http::Request& req,
                                 const identity::Principal& p) { return fn(ctx, req, p); }),
          {.body_limit = 64 * 1024}, doc);
  };
  add("GET", "/api/v1/mail/templates", ListTemplates,
      {"Mẫu thư điện tử / E-mail templates", "mail", "", "MailTemplateList"});
  add("GET", "/api/v1/mail/templates/{kind}", GetTemplate,
      {"Một mẫu thư / One template", "mail", "", "MailTemplate"});
  add("PUT", "/api/v1/mail/templates/{kind}", PutTemplate,
      {"Sửa mẫu thư / Change a template", "mail", "MailTemplateInput", "MailTemplate"});
  add("DELETE", "/api/v1/mail/templates/{kind}", ResetTemplate,
      {"Đưa mẫu thư về mặc định / Reset a template", "mail", "", "MailTemplate"});
  add("POST", "/api/v1/mail/templates/{kind}/preview", Preview,
      {"Xem trước mẫu thư / Preview a template", "mail", "MailTemplateInput", "MailPreview"});
  add("GET", "/api/v1/me/mail-preferences", GetPreferences,
      {"Thông báo tôi nhận qua thư điện tử / My e-mail notices", "mail", "", "MailPreferenceList"});
  add("PUT", "/api/v1/me/mail-preferences", PutPreferences,
      {"Chọn thông báo nhận qua thư điện tử / Choose my e-mail notices", "mail",
       "MailPreferenceInput", "MailPreferenceList"});
  for (const char* method : {"GET", "POST"}) {
    r.Add(method, "/api/v1/mail/unsubscribe",
          [&ctx](http::Request& req) { return Unsubscribe(ctx, req); }, {.body_limit = 4 * 1024},
          {.summary = "Ngừng nhận một loại thông báo qua thư (liên kết trong thư) / One-click "
                      "opt-out (RFC 8058)",
           .tag = "mail",
           .query = {"t"},
           .public_route = true,
           .request_content_type = "application/x-www-form-urlencoded",
           .response_content_type = "text/html"});
  }
}

}  // namespace cqdt::api
