// What staff read of the document exchange (issue 14 items 2 and 5): the agencies outside this
// instance a draft may be addressed to, where a package for one would go, and the transport
// trace of an outgoing document (each package about it, its deliveries and hops).
#include <string>

#include "exchange/partners.hpp"
#include "exchange_http.hpp"
#include "internal.hpp"

namespace cqdt::api {
namespace {

std::optional<http::Response> Guard(ApiContext& ctx, const http::Request& req,
                                    const identity::Principal& p) {
  if (!identity::Authorizer::IsStaff(p)) {
    return Fail(Error::PermissionDenied(), req);
  }
  if (ctx.hub == nullptr) {
    return Fail(Error::Unavailable("Trục liên thông văn bản chưa sẵn sàng."), req);
  }
  return std::nullopt;
}

http::Response Directory(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Guard(ctx, req, p)) {
    return *g;
  }
  std::vector<FieldError> errors;
  const int limit = QueryInt(req, "limit", 50, 1, 500, errors).value_or(50);
  const std::string q = req.Query("q").value_or("");
  if (q.size() > 200) {
    errors.push_back({"q", "length", "Từ khóa tìm tối đa 200 ký tự."});
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  json items = json::array();
  for (const auto& e : ctx.hub->Directory(tx, q, limit)) {
    items.push_back({{"code", e.code}, {"name", e.name}, {"via", e.via}});
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response Route(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Guard(ctx, req, p)) {
    return *g;
  }
  const std::string code = req.Query("code").value_or("");
  if (code.empty() || code.size() > 64 || exchange::RoutePath(code).empty()) {
    return Fail(Error::InvalidField("code", "format",
                                    "Mã định danh cơ quan không đúng định dạng (ví dụ "
                                    "000.00.00.H12 hoặc H12.01)."),
                req);
  }
  auto tx = ctx.db.BeginRead();
  auto [route, partner] = ctx.hub->RouteOf(tx, code);
  return JsonResponse(200, {{"code", code}, {"route", route}, {"partnerName", partner}});
}

http::Response Trace(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto g = Guard(ctx, req, p)) {
    return *g;
  }
  if (ctx.exchange_outbound == nullptr || ctx.deliveries == nullptr) {
    return Fail(Error::Unavailable("Trục liên thông văn bản chưa sẵn sàng."), req);
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  // Whoever may see the document's deliveries sees how they travelled.
  auto seen = ctx.deliveries->Deliveries(tx, p, documents::DocumentId(*id));
  if (!seen) {
    return Fail(seen.error(), req);
  }
  auto trace = ctx.exchange_outbound->TraceOf(tx, documents::DocumentId(*id));
  json items = json::array();
  for (const auto& s : trace.items) {
    json j = MessageJson(s.message, req);
    j["deliveries"] = json::array();
    for (const auto& d : s.deliveries) {
      j["deliveries"].push_back(ExchangeDeliveryJson(d, req));
    }
    j["trace"] = HopsJson(s.hops, req);
    items.push_back(std::move(j));
  }
  return JsonResponse(200, {{"documentId", trace.document_id}, {"items", items}});
}

}  // namespace

void RegisterExchangeStaffRoutes(http::Router& r, ApiContext& ctx) {
  using Fn = http::Response (*)(ApiContext&, http::Request&, const identity::Principal&);
  auto add = [&](const char* path, Fn fn, http::RouteDoc doc) {
    r.Add("GET", path,
          Authed(ctx, [&ctx, fn](http::Request& req,
                                 const identity::Principal& p) { return fn(ctx, req, p); }),
          {}, doc);
  };
  add("/api/v1/exchange/directory", Directory,
      {"Cơ quan ngoài hệ thống nhận được văn bản liên thông / Agencies outside reachable through "
       "the exchange",
       "exchange",
       "",
       "ExchangeDirectory",
       {"q", "limit"}});
  add("/api/v1/exchange/directory/route", Route,
      {"Tuyến liên thông tới một cơ quan / Where a package for an agency goes",
       "exchange",
       "",
       "ExchangeRoute",
       {"code"}});
  add("/api/v1/documents/outgoing/{id}/exchange", Trace,
      {"Hành trình liên thông của văn bản đi / The exchange trace of an outgoing document",
       "exchange", "", "ExchangeTrace"});
}

}  // namespace cqdt::api
