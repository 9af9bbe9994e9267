// Official e-mail (issue 15): the administrator's accounts (SMTP and IMAP per agency, passwords
// write-only), the test e-mail, the outbox's failed notices retried, the templates with a preview;
// each person's choice of notices by e-mail; the one-click opt-out link of a notice (RFC 8058).
// 503 while e-mail is off ([mail] enabled = false).
#include <string>

#include "internal.hpp"
#include "mailroom/accounts.hpp"
#include "mailroom/delivery.hpp"
#include "mailroom/preferences.hpp"
#include "mailroom/templates.hpp"
#include "notify/email_channel.hpp"

namespace cqdt::api {

namespace {

std::optional<http::Response> Off(ApiContext& ctx, const http::Request& req) {
  if (ctx.mail_accounts == nullptr || ctx.mail_templates == nullptr ||
      ctx.mail_preferences == nullptr || ctx.mail_channel == nullptr ||
      ctx.mail_worker == nullptr) {
    return Fail(Error::Unavailable("Chức năng thư điện tử chưa được bật ([mail] enabled)."), req);
  }
  return std::nullopt;
}

std::optional<http::Response> AdminGuard(ApiContext& ctx, const http::Request& req,
                                         const identity::Principal& p) {
  if (auto off = Off(ctx, req)) {
    return off;
  }
  if (!identity::Authorizer::IsAdmin(p)) {
    return Fail(Error::PermissionDenied(), req);
  }
  return std::nullopt;
}

// "default" (the instance's account, agency 0) or an agency id.
Result<AgencyId> AgencyParam(const http::Request& req) {
  auto it = req.path_params.find("agency");
  const std::string v = it == req.path_params.end() ? "" : it->second;
  if (v == "default") {
    return AgencyId(0);
  }
  auto id = PathId(req, "agency");
  if (!id) {
    return Error::InvalidField("agency", "format",
                               "Cơ quan phải là mã số cơ quan hoặc \"default\" (mặc định).");
  }
  return AgencyId(*id);
}

json AccountJson(const mailroom::MailAccount& a) {
  return {{"agencyId", a.agency_id.value()},
          {"fromAddress", a.from_address},
          {"fromName", a.from_name},
          {"smtpHost", a.smtp_host},
          {"smtpPort", a.smtp_port},
          {"smtpTls", mail::TlsModeName(a.smtp_tls)},
          {"smtpUsername", a.smtp_username},
          {"smtpHasPassword", a.smtp_has_password},
          {"imapHost", a.imap_host},
          {"imapPort", a.imap_port},
          {"imapTls", mail::TlsModeName(a.imap_tls)},
          {"imapUsername", a.imap_username},
          {"imapHasPassword", a.imap_has_password},
          {"imapFolder", a.imap_folder},
          {"imapDoneFolder", a.imap_done_folder},
          {"enabled", a.enabled},
          {"updatedBy", a.updated_by},
          {"updatedAt", ToIsoVietnam(FromUnixSeconds(a.updated_at))}};
}

http::Response ListAccounts(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = AdminGuard(ctx, req, p)) {
    return *g;
  }
  auto tx = ctx.db.BeginRead();
  json items = json::array();
  for (const auto& a : ctx.mail_accounts->List(tx)) {
    json j = AccountJson(a);
    j["agencyName"] = "";
    if (a.agency_id.value() == 0) {
      j["agencyName"] = http::Localized("Mặc định cho mọi cơ quan", req);
    } else if (auto agency = ctx.agencies.Get(tx, a.agency_id)) {
      j["agencyName"] = agency->name;
    }
    items.push_back(std::move(j));
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response PutAccount(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = AdminGuard(ctx, req, p)) {
    return *g;
  }
  auto agency = AgencyParam(req);
  if (!agency) {
    return Fail(agency.error(), req);
  }
  auto body = JsonBody::Parse(
      req, {"fromAddress", "fromName", "smtpHost", "smtpPort", "smtpTls", "smtpUsername",
            "smtpPassword", "imapHost", "imapPort", "imapTls", "imapUsername", "imapPassword",
            "imapFolder", "imapDoneFolder", "enabled"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"fromAddress", "fromName", "smtpHost"});
  mailroom::MailAccountInput in;
  in.from_address = body->String("fromAddress").value_or("");
  in.from_name = body->String("fromName").value_or("");
  in.smtp_host = body->String("smtpHost").value_or("");
  in.smtp_port = static_cast<int>(body->Int("smtpPort").value_or(587));
  in.smtp_tls = body->String("smtpTls").value_or("starttls");
  in.smtp_username = body->String("smtpUsername").value_or("");
  in.smtp_password = body->String("smtpPassword");
  in.imap_host = body->String("imapHost").value_or("");
  in.imap_port = static_cast<int>(body->Int("imapPort").value_or(993));
  in.imap_tls = body->String("imapTls").value_or("tls");
  in.imap_username = body->String("imapUsername").value_or("");
  in.imap_password = body->String("imapPassword");
  in.imap_folder = body->String("imapFolder").value_or("INBOX");
  in.imap_done_folder = body->String("imapDoneFolder").value_or("Da-xu-ly");
  in.enabled = body->Bool("enabled").value_or(true);
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  if (agency->value() != 0) {
    if (auto found = ctx.agencies.Get(tx, *agency); !found) {
      return Fail(found.error(), req);
    }
  }
  const audit::Actor actor = ActorOf(p, req);
  auto saved = ctx.mail_accounts->Put(tx, *agency, in, actor.name, ToUnixSeconds(ctx.clock.Now()));
  if (!saved) {
    return Fail(saved.error(), req);
  }
  // The audit entry names what changed hands, never a password.
  if (auto st =
          ctx.audit.Record(tx, actor,
                           {"mail.account_saved", "mail_account", std::to_string(agency->value()),
                            in.from_address + " qua " + in.smtp_host});
      !st) {
    return Fail(st.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, AccountJson(*saved));
}

http::Response DeleteAccount(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = AdminGuard(ctx, req, p)) {
    return *g;
  }
  auto agency = AgencyParam(req);
  if (!agency) {
    return Fail(agency.error(), req);
  }
  auto tx = ctx.db.Begin();
  if (auto st = ctx.mail_accounts->Remove(tx, *agency); !st) {
    return Fail(st.error(), req);
  }
  if (auto st = ctx.audit.Record(
          tx, ActorOf(p, req),
          {"mail.account_removed", "mail_account", std::to_string(agency->value()), ""});
      !st) {
    return Fail(st.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  http::Response res;
  res.status = 204;
  return res;
}

http::Response SendTest(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = AdminGuard(ctx, req, p)) {
    return *g;
  }
  auto body = JsonBody::Parse(req, {"agencyId", "address"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"address"});
  const std::int64_t agency = body->Int("agencyId").value_or(0);
  const std::string address = body->String("address").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  if (!IsPlausibleEmail(address)) {
    return Fail(Error::InvalidField("address", "format", "Địa chỉ thư điện tử không hợp lệ."), req);
  }
  auto tx = ctx.db.BeginRead();
  auto sent = ctx.mail_worker->SendTest(tx, AgencyId(agency), address, "");
  if (!sent) {
    return Fail(sent.error(), req);
  }
  return JsonResponse(200, {{"outcome", mail::SmtpOutcomeName(sent->outcome)},
                            {"replyCode", sent->reply_code},
                            {"detail", http::Localized(sent->detail, req)}});
}

http::Response Retry(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = AdminGuard(ctx, req, p)) {
    return *g;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.Begin();
  if (auto st = ctx.mail_channel->Retry(tx, notify::NoticeId(*id)); !st) {
    return Fail(st.error(), req);
  }
  if (auto st = ctx.audit.Record(tx, ActorOf(p, req),
                                 {"mail.retry", "notify_message", std::to_string(*id), ""});
      !st) {
    return Fail(st.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  auto read = ctx.db.BeginRead();
  auto item = ctx.mail_channel->Get(read, notify::NoticeId(*id));
  if (!item) {
    return Fail(item.error(), req);
  }
  return JsonResponse(200, {{"id", *id},
                            {"emailState", notify::DeliveryStateName(item->message.email_state)},
                            {"emailAttempts", item->message.email_attempts}});
}

http::Response Counts(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = AdminGuard(ctx, req, p)) {
    return *g;
  }
  auto tx = ctx.db.BeginRead();
  const notify::EmailCounts c = ctx.mail_channel->Counts(tx);
  const mailroom::DeliveryCounters since = ctx.mail_worker->Counters();
  return JsonResponse(200, {{"pending", c.pending},
                            {"sent", c.sent},
                            {"failed", c.failed},
                            {"skipped", c.skipped},
                            {"sinceStart",
                             {{"sent", since.sent},
                              {"deferred", since.deferred},
                              {"failed", since.failed},
                              {"skipped", since.skipped}}}});
}

}  // namespace

void RegisterMailTemplateRoutes(http::Router& r, ApiContext& ctx);  // mail_template_routes.cpp

void RegisterMailRoutes(http::Router& r, ApiContext& ctx) {
  using Fn = http::Response (*)(ApiContext&, http::Request&, const identity::Principal&);
  auto add = [&](const char* method, const char* path, Fn fn, http::RouteDoc doc) {
    r.Add(method, path,
          Authed(ctx, [&ctx, fn](http::Request& req,
                                 const identity::Principal& p) { return fn(ctx, req, p); }),
          {.body_limit = 64 * 1024}, doc);
  };
  add("GET", "/api/v1/mail/accounts", ListAccounts,
      {"Tài khoản thư điện tử của các cơ quan / E-mail accounts", "mail", "", "MailAccountList"});
  add("PUT", "/api/v1/mail/accounts/{agency}", PutAccount,
      {"Lưu tài khoản thư điện tử của một cơ quan (\"default\": mặc định) / Save an agency's "
       "e-mail account",
       "mail", "MailAccountInput", "MailAccount"});
  add("DELETE", "/api/v1/mail/accounts/{agency}", DeleteAccount,
      {"Xóa tài khoản thư điện tử của một cơ quan / Remove an agency's e-mail account",
       "mail",
       "",
       "",
       {},
       false,
       "application/json",
       204});
  add("POST", "/api/v1/mail/test", SendTest,
      {"Gửi thư thử / Send a test e-mail", "mail", "MailTestInput", "MailTestResult"});
  add("GET", "/api/v1/mail/counts", Counts,
      {"Số thông báo theo trạng thái gửi thư / Notices by e-mail state", "mail", "", "MailCounts"});
  add("POST", "/api/v1/admin/notifications/{id}/retry", Retry,
      {"Gửi lại thư của một thông báo lỗi / Retry a failed notice's e-mail", "mail", "",
       "MailRetryResult"});
  RegisterMailTemplateRoutes(r, ctx);
}

void AddMailSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json boolean = {{"type", "boolean"}};
  auto obj = [](json props, std::vector<std::string> required = {}) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  auto list = [&](const char* item) {
    return obj(
        {{"items",
          {{"type", "array"}, {"items", {{"$ref", std::string("#/components/schemas/") + item}}}}}},
        {"items"});
  };
  json account = {{"fromAddress", str},  {"fromName", str},     {"smtpHost", str},
                  {"smtpPort", integer}, {"smtpTls", str},      {"smtpUsername", str},
                  {"imapHost", str},     {"imapPort", integer}, {"imapTls", str},
                  {"imapUsername", str}, {"imapFolder", str},   {"imapDoneFolder", str},
                  {"enabled", boolean}};
  json input = account;
  input["smtpPassword"] = str;
  input["imapPassword"] = str;
  s["MailAccountInput"] = obj(input, {"fromAddress", "fromName", "smtpHost"});
  account["agencyId"] = integer;
  account["agencyName"] = str;
  account["smtpHasPassword"] = boolean;
  account["imapHasPassword"] = boolean;
  account["updatedBy"] = str;
  account["updatedAt"] = str;
  s["MailAccount"] = obj(account, {"agencyId", "fromAddress", "smtpHost"});
  s["MailAccountList"] = list("MailAccount");
  s["MailTestInput"] = obj({{"agencyId", integer}, {"address", str}}, {"address"});
  s["MailTestResult"] =
      obj({{"outcome", str}, {"replyCode", integer}, {"detail", str}}, {"outcome", "detail"});
  s["MailCounts"] = obj({{"pending", integer},
                         {"sent", integer},
                         {"failed", integer},
                         {"skipped", integer},
                         {"sinceStart", {{"type", "object"}}}});
  s["MailRetryResult"] =
      obj({{"id", integer}, {"emailState", str}, {"emailAttempts", integer}}, {"id"});
  s["MailTemplate"] = obj({{"kind", str},
                           {"audience", str},
                           {"required", boolean},
                           {"name", str},
                           {"subjectVi", str},
                           {"subjectEn", str},
                           {"bodyVi", str},
                           {"bodyEn", str},
                           {"customised", boolean},
                           {"updatedBy", str},
                           {"updatedAt", str}},
                          {"kind", "subjectVi", "bodyVi"});
  s["MailTemplateList"] = list("MailTemplate");
  s["MailTemplateInput"] =
      obj({{"subjectVi", str}, {"subjectEn", str}, {"bodyVi", str}, {"bodyEn", str}},
          {"subjectVi", "subjectEn", "bodyVi", "bodyEn"});
  s["MailPreview"] = obj({{"subject", str}, {"text", str}, {"html", str}}, {"subject", "text"});
  s["MailPreference"] =
      obj({{"kind", str}, {"name", str}, {"enabled", boolean}, {"required", boolean}}, {"kind"});
  s["MailPreferenceList"] = list("MailPreference");
  s["MailPreferenceInput"] =
      obj({{"items",
            {{"type", "array"},
             {"items", obj({{"kind", str}, {"enabled", boolean}}, {"kind", "enabled"})}}}},
          {"items"});
}

}  // namespace cqdt::api
