// The exchange hub's operations for member systems (issue 14 item 3; decision 0019): the
// national axis SDK's concepts (edxml.md §8) over HTTP — send a package, list what arrived, get
// one, acknowledge it (done / fail), trace what was sent, the agency directory. A member
// authenticates with `Authorization: Bearer <secret>` (its secret, issued by an admin); never a
// session, so no CSRF applies. Packages are application/xml bodies up to [exchange]
// max_package_mb.
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_set>

#include "exchange/build.hpp"
#include "exchange/request_signature.hpp"
#include "exchange_http.hpp"
#include "internal.hpp"

namespace cqdt::api {

namespace {

std::optional<http::Response> Unready(ApiContext& ctx, const http::Request& req) {
  if (ctx.hub == nullptr || ctx.exchange_partners == nullptr || ctx.exchange_inspect == nullptr) {
    return Fail(Error::Unavailable("Trục liên thông văn bản chưa sẵn sàng."), req);
  }
  return std::nullopt;
}

// The member whose secret the request carries; 401 otherwise (one answer for every failure).
Result<exchange::Partner> Member(ApiContext& ctx, const http::Request& req) {
  const std::string auth = req.headers.Get("Authorization").value_or("");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() > kBearer.size() && auth.compare(0, kBearer.size(), kBearer) == 0) {
    auto tx = ctx.db.BeginRead();
    if (auto m = ctx.exchange_partners->MemberBySecret(tx, auth.substr(kBearer.size()))) {
      return std::move(*m);
    }
  }
  return Error::Unauthenticated(
      "Cần khóa bí mật của hệ thống thành viên (Authorization: Bearer ...).");
}

json DeliveryJson(const exchange::Delivery& d, const http::Request& req) {
  return {
      {"id", d.id.value()},
      {"recipient", d.recipient},
      {"route", exchange::DeliveryRouteName(d.route)},
      {"state", exchange::TransportStateName(d.state)},
      {"stateLabel", http::Localized(exchange::TransportStateLabel(d.state), req)},
      {"attempts", d.attempts},
      {"lastError", http::Localized(d.last_error, req)},
      {"deliveredAt",
       d.delivered_at == 0 ? json(nullptr) : json(ToIsoVietnam(FromUnixSeconds(d.delivered_at)))}};
}

http::Response Send(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto member = Member(ctx, req);
  if (!member) {
    return Fail(member.error(), req);
  }
  exchange::Source source{exchange::Source::Kind::kMember, *member};
  return ReceivePackage(ctx, req, source, ReadUpload(req));
}

http::Response Inbox(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto member = Member(ctx, req);
  if (!member) {
    return Fail(member.error(), req);
  }
  std::vector<FieldError> errors;
  const auto limit = QueryInt(req, "limit", 100, 1, 500, errors);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto items = ctx.hub->Inbox(tx, *member, *limit);
  if (!items) {
    return Fail(items.error(), req);
  }
  json out = json::array();
  for (const auto& [d, m] : *items) {
    out.push_back({{"id", d.id.value()},
                   {"messageId", m.id.value()},
                   {"messageType", m.kind == exchange::PackageKind::kStatus ? "status" : "edoc"},
                   {"documentId", m.document_id},
                   {"from", m.from_organ},
                   {"to", d.recipient},
                   {"statusCode", m.status_code},
                   {"subject", m.subject},
                   {"size", m.size},
                   {"sha256", m.sha256},
                   {"receivedAt", ToIsoVietnam(FromUnixSeconds(m.received_at))}});
  }
  return JsonResponse(200, {{"items", out}});
}

http::Response Get(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto member = Member(ctx, req);
  if (!member) {
    return Fail(member.error(), req);
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto bytes = ctx.hub->Fetch(tx, *member, exchange::ExchangeDeliveryId(*id));
  if (!bytes) {
    return Fail(bytes.error(), req);
  }
  return http::Response::Text(200, std::move(*bytes), "application/xml");
}

http::Response Acknowledge(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto member = Member(ctx, req);
  if (!member) {
    return Fail(member.error(), req);
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto body = JsonBody::Parse(req, {"status"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"status"});
  const std::string status = body->String("status").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  if (status != "done" && status != "fail") {
    return Fail(Error::InvalidField("status", "format", "Trạng thái phải là done hoặc fail."), req);
  }
  auto tx = ctx.db.Begin();
  auto d = ctx.hub->Acknowledge(tx, AnonymousActor(req, member->code), *member,
                                exchange::ExchangeDeliveryId(*id), status == "done");
  if (!d) {
    return Fail(d.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, DeliveryJson(*d, req));
}

http::Response Sent(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto member = Member(ctx, req);
  if (!member) {
    return Fail(member.error(), req);
  }
  std::vector<FieldError> errors;
  const auto limit = QueryInt(req, "limit", 50, 1, 200, errors);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto sent = ctx.hub->SentBy(tx, *member, *limit, req.Query("documentId").value_or(""));
  if (!sent) {
    return Fail(sent.error(), req);
  }
  json out = json::array();
  for (const auto& s : *sent) {
    json j = MessageJson(s.message, req);
    j["deliveries"] = json::array();
    for (const auto& d : s.deliveries) {
      j["deliveries"].push_back(DeliveryJson(d, req));
    }
    j["trace"] = HopsJson(s.hops, req);
    out.push_back(std::move(j));
  }
  return JsonResponse(200, {{"items", out}});
}

// Nonces of the signed requests of the last window (replay protection, per process: several
// processes behind a balancer each remember their own, issue 16 shares them).
class NonceMemory {
 public:
  // False when `nonce` was seen within the window.
  bool Remember(const std::string& keyid, const std::string& nonce, std::int64_t now) {
    std::lock_guard lock(mu_);
    while (!order_.empty() && order_.front().first < now - kWindow) {
      seen_.erase(order_.front().second);
      order_.pop_front();
    }
    std::string key = keyid + "|" + nonce;
    if (!seen_.insert(key).second) {
      return false;
    }
    order_.emplace_back(now, std::move(key));
    return true;
  }
  static constexpr std::int64_t kWindow = 600;

 private:
  std::mutex mu_;
  std::unordered_set<std::string> seen_;
  std::deque<std::pair<std::int64_t, std::string>> order_;
};

NonceMemory& Nonces() {
  static NonceMemory memory;
  return memory;
}

// A package forwarded by a peer hub: authenticated by its RFC 9421 signature with the
// certificate registered for that peer (decision 0019).
http::Response PeerSend(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  const std::string bytes = ReadUpload(req);
  exchange::SignedRequestParts parts{req.method, req.target, req.headers.Get("Host").value_or(""),
                                     req.headers.Get("Content-Type").value_or(""), bytes};
  exchange::RequestSignatureHeaders headers{req.headers.Get("Content-Digest").value_or(""),
                                            req.headers.Get("Signature-Input").value_or(""),
                                            req.headers.Get("Signature").value_or("")};
  std::optional<exchange::Partner> peer;
  {
    auto tx = ctx.db.BeginRead();
    auto find = [&](const std::string& keyid) -> std::optional<crypto::Certificate> {
      peer = ctx.exchange_partners->PeerByFingerprint(tx, keyid);
      if (!peer) {
        return std::nullopt;
      }
      auto certs = crypto::Certificate::ParseAll(peer->certificate);
      if (!certs || certs->empty()) {
        return std::nullopt;
      }
      return (*certs)[0];
    };
    const std::int64_t now = ToUnixSeconds(ctx.clock.Now());
    auto verified = exchange::VerifyRequest(parts, headers, find, now);
    if (!verified) {
      return Fail(verified.error(), req);
    }
    if (!Nonces().Remember(verified->keyid, verified->nonce, now)) {
      return Fail(Error::Unauthenticated("Yêu cầu đã được gửi trước đó (nonce dùng lại)."), req);
    }
  }
  exchange::Source source{exchange::Source::Kind::kPeer, *peer};
  return ReceivePackage(ctx, req, source, bytes);
}

// The directory a member addresses packages with: this instance's agencies and the members'.
http::Response Agencies(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto member = Member(ctx, req);
  if (!member) {
    return Fail(member.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  json out = json::array();
  org::AgencyQuery q;
  auto local = ctx.agencies.List(tx, q);
  if (!local) {
    return Fail(local.error(), req);
  }
  for (const auto& a : *local) {
    out.push_back({{"code", a.code}, {"name", a.name}, {"servedBy", "local"}});
  }
  for (const auto& p : ctx.exchange_partners->List(tx)) {
    if (p.kind != exchange::PartnerKind::kMember || !p.enabled) {
      continue;
    }
    for (const auto& code : p.agencies) {
      out.push_back({{"code", code}, {"name", p.name}, {"servedBy", "member:" + p.code}});
    }
  }
  return JsonResponse(200, {{"items", out}});
}

}  // namespace

json MessageJson(const exchange::Message& m, const http::Request& req) {
  json warnings = json::array();
  for (const auto& w : m.warnings) {
    warnings.push_back({{"code", w.code}, {"message", http::Localized(w.message, req)}});
  }
  return {
      {"id", m.id.value()},
      {"kind", exchange::PackageKindName(m.kind)},
      {"documentId", m.document_id},
      {"from", m.from_organ},
      {"statusCode", m.status_code},
      {"statusLabel",
       m.status_code.empty() ? "" : http::Localized(exchange::StatusCodeLabel(m.status_code), req)},
      {"subject", m.subject},
      {"source", m.source},
      {"size", m.size},
      {"sha256", m.sha256},
      {"accepted", m.accepted},
      {"refusalReason", m.refusal_reason},
      {"refusalMessage", http::Localized(m.refusal_message, req)},
      {"warnings", warnings},
      {"receivedAt", ToIsoVietnam(FromUnixSeconds(m.received_at))}};
}

json HopsJson(const std::vector<exchange::Hop>& hops, const http::Request& req) {
  json out = json::array();
  for (const auto& h : hops) {
    out.push_back({{"at", ToIsoVietnam(FromUnixSeconds(h.at))},
                   {"from", h.from},
                   {"to", h.to},
                   {"result", h.result},
                   {"resultLabel", http::Localized(exchange::HopResultLabel(h.result), req)},
                   {"detail", http::Localized(h.detail, req)}});
  }
  return out;
}

json ExchangeDeliveryJson(const exchange::Delivery& d, const http::Request& req) {
  return DeliveryJson(d, req);
}

http::Response ReceivePackage(ApiContext& ctx, const http::Request& req,
                              const exchange::Source& source, const std::string& bytes) {
  exchange::InspectOptions options = *ctx.exchange_inspect;
  options.signature =
      source.partner ? source.partner->signature_policy : exchange::SignaturePolicy::kRequire;
  std::shared_ptr<const crypto::TrustStore> documents, timestamps;
  if (ctx.trust != nullptr) {
    auto read = ctx.db.BeginRead();
    auto d = ctx.trust->Store(read, signing::TrustPurpose::kDocument);
    auto t = ctx.trust->Store(read, signing::TrustPurpose::kTimestamp);
    if (!d || !t) {
      return Fail(!d ? d.error() : t.error(), req);
    }
    documents = *d;
    timestamps = *t;
    options.trust.documents = documents.get();
    options.trust.timestamps = timestamps.get();
  }
  // CPU-heavy (parse, digest, signature, unzip): before the write transaction.
  const exchange::Inspection in = exchange::Inspect(bytes, options);
  auto tx = ctx.db.Begin();
  auto out = ctx.hub->Receive(tx, AnonymousActor(req, source.name()), source, bytes, in);
  if (!out) {
    return Fail(out.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  json body = {{"message", MessageJson(out->message, req)}, {"duplicate", out->duplicate}};
  body["deliveries"] = json::array();
  for (const auto& d : out->deliveries) {
    body["deliveries"].push_back(DeliveryJson(d, req));
  }
  if (out->refusal) {
    // RFC 9457 problem with the refusal's reason code; the STATUS 02 went to the sender.
    json problem = {{"type", "https://cqdt.gov.vn/problems/edxml-refused"},
                    {"title", http::Localized("Gói tin bị từ chối", req)},
                    {"status", 422},
                    {"detail", http::Localized(out->refusal->message, req)},
                    {"reason", exchange::RefusalReasonCode(out->refusal->reason)},
                    {"field", out->refusal->field},
                    {"messageId", out->message.id.value()}};
    http::Response res = JsonResponse(422, problem);
    res.headers.Set("Content-Type", "application/problem+json");
    return res;
  }
  return JsonResponse(out->duplicate ? 200 : 202, body);
}

void RegisterExchangeRoutes(http::Router& r, ApiContext& ctx) {
  const std::uint64_t limit =
      ctx.exchange_inspect == nullptr ? 50u << 20 : ctx.exchange_inspect->max_package_bytes;
  auto add = [&](const char* method, const char* path,
                 http::Response (*fn)(ApiContext&, http::Request&), http::RouteOptions options,
                 http::RouteDoc doc) {
    doc.public_route = true;  // authenticated by the member's secret, not a session
    r.Add(
        method, path, [&ctx, fn](http::Request& req) { return fn(ctx, req); }, options, doc);
  };
  add("POST", "/api/v1/exchange/hub/packages", Send,
      {.body_limit = limit, .stream_body_to_disk = true, .in_memory_up_to = 4u << 20},
      {"Gửi một gói tin edXML lên trục (hệ thống thành viên) / Send an edXML package (member)",
       "exchange",
       "",
       "ExchangeReceipt",
       {},
       true,
       "application/xml",
       202});
  add("POST", "/api/v1/exchange/peer/packages", PeerSend,
      {.body_limit = limit, .stream_body_to_disk = true, .in_memory_up_to = 4u << 20},
      {"Nhận gói tin từ trục liên thông khác (yêu cầu ký RFC 9421) / A package from a peer hub",
       "exchange",
       "",
       "ExchangeReceipt",
       {},
       true,
       "application/xml",
       202});
  add("GET", "/api/v1/exchange/hub/inbox", Inbox, {},
      {"Gói tin đến chờ lấy (hệ thống thành viên) / Packages waiting for the member",
       "exchange",
       "",
       "ExchangeInbox",
       {"limit"}});
  add("GET", "/api/v1/exchange/hub/inbox/{id}", Get, {},
      {"Lấy một gói tin (hệ thống thành viên) / Get one package (member)",
       "exchange",
       "",
       "",
       {},
       true,
       "application/json",
       200,
       "application/xml"});
  add("POST", "/api/v1/exchange/hub/inbox/{id}/ack", Acknowledge, {},
      {"Xác nhận đã lấy gói tin: done | fail / Acknowledge a package", "exchange",
       "ExchangeAcknowledge", "ExchangeDelivery"});
  add("GET", "/api/v1/exchange/hub/sent", Sent, {},
      {"Vết chuyển các gói tin đã gửi (hệ thống thành viên) / Trace of sent packages",
       "exchange",
       "",
       "ExchangeSentList",
       {"documentId", "limit"}});
  add("GET", "/api/v1/exchange/hub/agencies", Agencies, {},
      {"Danh bạ cơ quan trên trục / Agency directory of the hub", "exchange", "",
       "ExchangeAgencyList"});
}

}  // namespace cqdt::api
