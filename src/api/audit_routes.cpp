#include <charconv>
#include <map>
#include <utility>

#include "internal.hpp"

namespace cqdt::api {
namespace {

using identity::Authorizer;

std::optional<std::int64_t> IdOf(const std::string& text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) {
    return std::nullopt;
  }
  return v;
}

// What the viewer shows for an entry's record instead of "user / 12": the account's username,
// the agency's or unit's name, the token's name. nullopt when there is no better name than the
// id (or the record is gone). Names are looked up once per page.
class EntityNames {
 public:
  EntityNames(ApiContext& ctx, db::Transaction& tx) : ctx_(ctx), tx_(tx) {}

  std::optional<std::string> Of(const audit::Entry& e) {
    auto key = std::make_pair(e.entity, e.entity_id);
    if (auto it = cache_.find(key); it != cache_.end()) {
      return it->second;
    }
    return cache_[key] = Lookup(e);
  }

 private:
  std::optional<std::string> Lookup(const audit::Entry& e) {
    // Sessions and password changes are recorded by username already.
    if (e.entity == "session" || e.entity == "staff") {
      return e.entity_id;
    }
    auto id = IdOf(e.entity_id);  // stored text: parse, never trust
    if (!id) {
      return std::nullopt;
    }
    if (e.entity == "user") {
      auto u = ctx_.identity.GetUser(tx_, UserId(*id));
      return u ? std::optional(u->username) : std::nullopt;
    }
    if (e.entity == "agency") {
      auto a = ctx_.agencies.Lookup(tx_, AgencyId(*id));
      return a ? std::optional(a->name) : std::nullopt;
    }
    if (e.entity == "unit") {
      auto u = ctx_.agencies.GetUnit(tx_, UnitId(*id));
      return u ? std::optional(u->name) : std::nullopt;
    }
    if (e.entity == "api_token") {
      if (!tokens_) {
        tokens_.emplace();
        for (const auto& t : ctx_.identity.ListApiTokens(tx_)) {
          (*tokens_)[t.id.value()] = t.name;
        }
      }
      auto it = tokens_->find(*id);
      return it == tokens_->end() ? std::nullopt : std::optional(it->second);
    }
    return std::nullopt;
  }

  ApiContext& ctx_;
  db::Transaction& tx_;
  std::map<std::pair<std::string, std::string>, std::optional<std::string>> cache_;
  std::optional<std::map<std::int64_t, std::string>> tokens_;
};

}  // namespace

void RegisterAuditRoutes(http::Router& r, ApiContext& ctx) {
  r.Add(
      "GET", "/api/v1/audit",
      Authed(ctx,
             [&ctx](http::Request& req, const identity::Principal& p) {
               if (!Authorizer::CanReadAudit(p)) {
                 return Fail(Error::PermissionDenied(), req);
               }
               std::vector<FieldError> errors;
               audit::Filter f;
               f.actor = req.Query("actor").value_or("");
               f.action = req.Query("action").value_or("");
               f.entity = req.Query("entity").value_or("");
               f.entity_id = req.Query("entityId").value_or("");
               f.from = req.Query("from").value_or("");
               f.to = req.Query("to").value_or("");
               auto agency = QueryInt(req, "agencyId", 0, 0, 2'000'000'000, errors);
               auto limit = QueryInt(req, "limit", 50, 1, 500, errors);
               auto offset = QueryInt(req, "offset", 0, 0, 2'000'000'000, errors);
               if (!errors.empty()) {
                 return Fail(Error::Invalid(errors), req);
               }
               f.agency_id = AgencyId(*agency);
               // Agency scope: an audit:read token reads its own agency's entries only.
               if (auto scope = Authorizer::AuditScope(p); scope.IsSet()) {
                 if (f.agency_id.IsSet() && f.agency_id != scope) {
                   return Fail(Error::PermissionDenied(), req);
                 }
                 f.agency_id = scope;
               }
               f.limit = *limit;
               f.offset = *offset;
               auto tx = ctx.db.BeginRead();
               auto page = ctx.audit.List(tx, f);
               if (!page) {
                 return Fail(page.error(), req);
               }
               json items = json::array();
               EntityNames names(ctx, tx);
               for (const auto& e : page->items) {
                 auto name = names.Of(e);
                 items.push_back(
                     {{"id", e.id.value()},
                      {"seq", e.seq},
                      {"at", e.at},
                      {"actor", e.actor},
                      {"actorId", e.actor_id.IsSet() ? json(e.actor_id.value()) : json(nullptr)},
                      {"agencyId", e.agency_id.IsSet() ? json(e.agency_id.value()) : json(nullptr)},
                      {"action", e.action},
                      {"entity", e.entity},
                      {"entityId", e.entity_id},
                      {"entityName", name ? json(*name) : json(nullptr)},
                      {"clientAddress", e.client_address},
                      {"requestId", e.request_id},
                      {"clientRequestId",
                       e.client_request_id.empty() ? json(nullptr) : json(e.client_request_id)},
                      {"summary", e.summary},
                      {"hash", e.hash},
                      {"prevHash", e.prev_hash}});
               }
               return JsonResponse(200, {{"items", items}, {"total", page->total}});
             }),
      {},
      {"Nhật ký hệ thống / Audit trail",
       "audit",
       "",
       "AuditPage",
       {"actor", "agencyId", "action", "entity", "entityId", "from", "to", "limit", "offset"}});

  r.Add("GET", "/api/v1/audit/verify",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (!Authorizer::CanVerifyAudit(p)) {
                   return Fail(Error::PermissionDenied(), req);
                 }
                 auto tx = ctx.db.BeginRead();
                 auto report = ctx.audit.Verify(tx);
                 json body = {{"ok", report.ok}, {"checked", report.checked}};
                 if (!report.ok) {
                   body["firstBrokenId"] = *report.first_broken_id;
                   body["reason"] = http::Localized(report.reason, req);
                 }
                 return JsonResponse(200, body);
               }),
        {}, {"Kiểm tra chuỗi băm nhật ký / Verify the audit chain", "audit", "", "AuditVerify"});
}

}  // namespace cqdt::api
