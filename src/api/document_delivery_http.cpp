// The helpers shared by the delivery and reception routes (document_delivery_http.hpp).
#include "document_delivery_http.hpp"

namespace cqdt::api::delivery_http {
namespace {

json StatusJson(documents::DeliveryStatus s, const http::Request& req) {
  return {{"status", documents::DeliveryStatusCode(s)},
          {"statusLabel", http::Localized(documents::DeliveryStatusLabel(s), req)}};
}

json HistoryJson(const std::vector<documents::DeliveryEvent>& events, const http::Request& req) {
  json out = json::array();
  for (const auto& e : events) {
    json line = StatusJson(e.status, req);
    line["at"] = Time(e.at);
    line["actorName"] = e.actor_name;
    line["reason"] = e.reason;
    line["moved"] = e.moved;
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace

std::string Time(std::int64_t seconds) {
  return seconds > 0 ? ToIsoVietnam(FromUnixSeconds(seconds)) : "";
}

json NullableId(std::int64_t id) { return id > 0 ? json(id) : json(nullptr); }

std::string DeliveryETag(const documents::Delivery& d) {
  return "\"delivery-" + std::to_string(d.id.value()) + "-" + std::to_string(d.version) + "\"";
}

json DeliveryJson(const documents::Delivery& d, const std::vector<documents::DeliveryEvent>& h,
                  const http::Request& req) {
  json out = StatusJson(d.status, req);
  out["id"] = d.id.value();
  out["documentId"] = d.document_id.value();
  out["ordinal"] = d.ordinal;
  out["recipientAgencyId"] = NullableId(d.recipient_agency_id.value());
  out["recipientName"] = d.recipient_name;
  out["recipientCode"] = d.recipient_code;  // an agency outside, reached through the exchange
  out["external"] = !d.IsInternal();
  out["statusAt"] = Time(d.status_at);
  out["incomingDocumentId"] = NullableId(d.incoming_document_id.value());
  if (auto c = documents::ParseManualChannel(d.manual_channel)) {
    out["manualChannel"] = d.manual_channel;
    out["manualChannelLabel"] = http::Localized(documents::ManualChannelLabel(*c), req);
  } else {
    out["manualChannel"] = nullptr;
    out["manualChannelLabel"] = nullptr;
  }
  out["manualDate"] = d.manual_date.empty() ? json(nullptr) : json(d.manual_date);
  out["note"] = http::Localized(d.note, req);
  out["version"] = d.version;
  out["etag"] = DeliveryETag(d);
  out["history"] = HistoryJson(h, req);
  return out;
}

// Wraps a handler so that it answers 503 while the services are not wired.
http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (ctx.deliveries == nullptr || ctx.outgoing == nullptr) {
      return Fail(Error::Unavailable("Chức năng gửi nhận văn bản chưa sẵn sàng."), req);
    }
    return handler(ctx, req, p);
  });
}

}  // namespace cqdt::api::delivery_http
